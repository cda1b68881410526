from . import test_invoicing, test_settings
