from odoo.tests import tagged

from .common import AcrMeetingCase


@tagged("post_install", "-at_install")
class TestReportsAndSettings(AcrMeetingCase):
    def test_profitability_by_accountant(self):
        """The two active clients of the fixture have countersigned agreements
        at 500 fee and 250 cost each: 500 of margin for the accountant."""
        Report = self.env["acr.profitability.report"].with_user(self.manager)
        rows = Report._read_group(
            [("client_id", "in", (self.client_a | self.client_b).ids)],
            ["user_id"],
            ["monthly_fee:sum", "monthly_cost:sum", "margin:sum"],
        )
        self.assertEqual(rows, [(self.accountant, 1000.0, 500.0, 500.0)])

    def test_rhythm_report_by_segment(self):
        self.env["acr.contact.log"].create({"client_id": self.client_a.id, "topic": "Quick question"})
        rows = dict(
            self.env["acr.relationship.report"]._read_group(
                [("client_id", "=", self.client_a.id)], ["kind"], ["contact_count:sum"]
            )
        )
        self.assertEqual(rows, {"tactical": 1})

    def test_settings_store_the_follow_up_parameters(self):
        settings = (
            self.env["res.config.settings"]
            .with_user(self.env.ref("base.user_admin"))
            .create(
                {
                    "acr_strategic_invite_days": 21,
                    "acr_action_reminder_offsets": "-5,0",
                }
            )
        )
        settings.execute()
        self.assertEqual(self.env["acr.client"]._acr_invite_lead_days(), 21)
        self.assertEqual(self.env["acr.action.item"]._acr_reminder_offsets(), [-5, 0])
