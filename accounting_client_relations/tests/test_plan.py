from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import AcrCase


@tagged("post_install", "-at_install")
class TestOnboardingPlan(AcrCase):
    @freeze_time("2026-03-02")
    def test_entering_onboarding_assigns_each_activity_to_its_team_member(self):
        client = self.env["acr.client"].with_user(self.accountant).create(self._complete_vals("Planned"))
        client.stage_id = self.stage_onboarding

        activities = client.activity_ids
        self.assertEqual(len(activities), 4)
        self.assertTrue(all(a.acr_plan_id == self.plan for a in activities))
        by_role = {tpl.responsible_type: tpl for tpl in self.plan.template_ids}
        expected = {
            "acr_coordinator": (self.coordinator, date(2026, 3, 4)),
            "acr_accountant": (self.accountant, date(2026, 3, 7)),
            "acr_tax": (self.tax_user, date(2026, 3, 9)),
            "acr_payroll": (self.payroll_user, date(2026, 3, 12)),
        }
        for role, (user, deadline) in expected.items():
            activity = activities.filtered(lambda a, s=by_role[role].summary: a.summary == s)
            self.assertEqual(activity.user_id, user, role)
            self.assertEqual(activity.date_deadline, deadline, role)
        self.assertIn("has been started", client.message_ids[0].body)

    def test_checklist_progress(self):
        client = self._create_clients(1, "Progress")
        client.stage_id = self.stage_onboarding
        self.assertEqual((client.checklist_done, client.checklist_total), (0, 4))
        client.activity_ids[0].with_user(client.activity_ids[0].user_id).action_feedback("Done")
        client.invalidate_recordset(["checklist_done", "checklist_progress"])
        self.assertEqual((client.checklist_done, client.checklist_total), (1, 4))
        self.assertEqual(client.checklist_progress, 25.0)

    def test_checklist_progress_query_budget(self):
        clients = self._create_clients(30, "Budget")
        clients.stage_id = self.stage_onboarding
        self.env.invalidate_all()
        with self.assertQueryCount(2):
            clients.mapped("checklist_progress")

    def test_standard_launch_wizard_resolves_team_roles(self):
        """Launching the plan by hand (Odoo's own wizard) uses the same roles."""
        client = self._create_clients(1, "Manual")
        wizard = (
            self.env["mail.activity.schedule"]
            .with_context(active_model="acr.client", active_ids=client.ids)
            .create({"plan_id": self.plan.id})
        )
        wizard.action_schedule_plan()
        self.assertEqual(
            set(client.activity_ids.user_id.ids),
            {self.coordinator.id, self.accountant.id, self.tax_user.id, self.payroll_user.id},
        )
