from . import test_fee_account, test_invoicing, test_settings
