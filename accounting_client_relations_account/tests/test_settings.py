from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSettings(TransactionCase):
    def test_new_company_gets_the_default_products(self):
        """The product mapping is data: a new company starts with it."""
        company = self.env["res.company"].create({"name": "Second Firm"})
        self.assertEqual(
            company.acr_fee_product_id,
            self.env.ref("accounting_client_relations_account.product_acr_monthly_fee"),
        )
        self.assertEqual(company.acr_extra_product_id.default_code, "ACR-EXTRA")
        self.assertEqual(company.acr_surcharge_product_id.default_code, "ACR-LATE")
        self.assertEqual(company.acr_amendment_proration, "prorata")
        self.assertEqual(company.acr_reminder_offsets, "3,10,20")
