from odoo.tests import tagged

from .common import AcrCase


@tagged("post_install", "-at_install")
class TestPartner(AcrCase):
    def test_start_onboarding_creates_the_client_file_once(self):
        partner = self.env["res.partner"].create({"name": "Walk-in Prospect", "is_company": True})
        partner = partner.with_user(self.accountant)
        action = partner.action_acr_start_onboarding()
        client = self.env["acr.client"].browse(action["res_id"])
        self.assertEqual(client.partner_id, partner)
        self.assertEqual(client.stage_id, self.stage_prospect)
        self.assertEqual(client.user_id, self.accountant)
        self.assertEqual(client.date_first_contact, client.create_date.date())
        partner.invalidate_recordset()
        self.assertEqual(partner.acr_client_id, client)
        self.assertEqual(partner.action_acr_start_onboarding()["res_id"], client.id)

    def test_contacts_show_their_company_file_and_profile(self):
        client = self.env["acr.client"].create(self._complete_vals("Family Firm"))
        contact = self.env["res.partner"].create({"name": "Owner", "parent_id": client.partner_id.id})
        self.assertEqual(contact.acr_client_id, client)
        self.assertEqual(contact.acr_stage_id, client.stage_id)
        self.assertEqual(contact.acr_user_id, self.accountant)
        self.assertEqual(contact.acr_legal_form_id, self.legal_form)
        # The profile is held by the commercial entity and mirrored down.
        client.tax_regime_id = self.env.ref("accounting_client_relations.tax_regime_flat_rate")
        self.assertEqual(contact.acr_tax_regime_id, client.tax_regime_id)

    def test_profile_edited_on_the_client_file_lands_on_the_partner(self):
        client = self.env["acr.client"].create(self._complete_vals("Profile Co"))
        client.with_user(self.accountant).write({"employee_count": 12, "vat_payer": True})
        self.assertEqual(client.partner_id.acr_employee_count, 12)
        self.assertTrue(client.partner_id.acr_vat_payer)
