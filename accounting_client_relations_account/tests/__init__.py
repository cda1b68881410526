from . import test_settings
