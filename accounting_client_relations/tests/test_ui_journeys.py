from odoo.tests import HttpCase, tagged

from .common import SIGNATURE, AcrCase


@tagged("post_install", "-at_install")
class TestJourneyTours(HttpCase, AcrCase):
    """The back-office journeys of issue 10, clicked through in Chromium."""

    def test_a_second_agreement_supersedes_the_first(self):
        client = self._create_clients(1, "Tour Renewal")
        first = self._countersigned_agreements(client, fee=400.0, state="active")
        second = self.env["acr.agreement"].create({"client_id": client.id, "monthly_fee": 650.0})
        second.action_mark_sent()
        second.sudo()._acr_sign("Rita Renewal", SIGNATURE, client.partner_id)
        self.start_tour(
            f"/odoo/action-accounting_client_relations.acr_agreement_action/{second.id}",
            "acr_agreement_supersede_tour",
            login=self.manager.login,
        )
        self.assertEqual(second.state, "active")
        self.assertEqual(first.state, "superseded")
        self.assertEqual(first.superseded_by_id, second)
        self.assertTrue(first.date_end)
        self.assertEqual(client.current_fee, 650.0)

    def test_the_checklist_progress_follows_without_reload(self):
        client = self.env["acr.client"].create(
            self._complete_vals("Checklist Bakery", stage_id=self.stage_contracting.id)
        )
        self._countersigned_agreements(client)
        client.stage_id = self.stage_onboarding
        self.assertEqual((client.checklist_done, client.checklist_total), (0, 4))
        self.start_tour(
            f"/odoo/action-accounting_client_relations.acr_client_action_all/{client.id}",
            "acr_checklist_tour",
            login=self.accountant.login,
        )
        client.invalidate_recordset(["checklist_done"])
        self.assertEqual(client.checklist_done, 1)
