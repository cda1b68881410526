from . import test_fee_account, test_invoicing, test_overdue, test_portal_fees, test_settings
