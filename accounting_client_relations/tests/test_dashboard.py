from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_review import AcrReviewCase

FIELDS = [
    "prospect_count",
    "converted_count",
    "lost_count",
    "conversion_rate",
    "days_to_active",
    "stage_ids",
    "monthly_revenue",
    "monthly_cost",
    "monthly_margin",
    "margin_percent",
    "workload_ids",
    "overloaded_count",
    "review_due_count",
    "review_open_count",
    "review_continue_count",
    "review_new_terms_count",
    "review_improve_count",
    "review_offboard_count",
]


@tagged("post_install", "-at_install")
@freeze_time("2026-02-15 09:00:00")
class TestDashboard(AcrReviewCase):
    def _dashboard(self, user=None):
        action = self.env["acr.dashboard"].with_user(user or self.manager).action_open_dashboard()
        dashboard = self.env["acr.dashboard"].with_user(user or self.manager).browse(action["res_id"])
        # As the web client does: read in a later request, not from the
        # creation's cache.
        dashboard.invalidate_recordset()
        return dashboard

    def test_figures_and_tiles(self):
        # Whatever else the database holds (demo data), the figures move by
        # exactly what this test adds.
        (self.client_a | self.client_b).write({"date_first_contact": date(2020, 1, 1)})
        self.env.flush_all()
        base_money = self._dashboard().read(["monthly_revenue", "monthly_cost"])[0]
        # A new running agreement (its calendar generated before the baseline).
        self._create_active_clients(1, "Paying").write({"date_first_contact": date(2020, 1, 1)})
        self.env.flush_all()
        base = self._dashboard().read(FIELDS)[0]
        Workload = self.env["acr.workload.report"]
        base_row = Workload.search([("user_id", "=", self.accountant.id)]).read()[0]
        # Clients A and B became clients in 30 days; a prospect was lost.
        (self.client_a | self.client_b).write(
            {"date_first_contact": date(2025, 6, 1), "date_active": date(2025, 7, 1)}
        )
        lost = self._create_clients(
            1, "Gone", stage_id=self.stage_lost.id, date_first_contact=date(2025, 9, 1)
        )
        self._create_clients(1, "Old", date_first_contact=date(2024, 1, 1))
        self.accountant.acr_load_target = 10
        with self.env["acr.deadline"]._acr_transition():
            self.env["acr.deadline"].create(
                {
                    "client_id": self.client_a.id,
                    "template_id": self.tpl_vat.id,
                    "period_start": date(2026, 1, 1),
                    "period_end": date(2026, 1, 31),
                    "period_label": "2026-01",
                    "date_due": date(2026, 2, 25),
                    "user_id": self.accountant.id,
                }
            )
        meeting = self.env["acr.meeting"].create(
            self._answers(start=datetime(2026, 1, 6, 9, 0), state="held")
        )
        self.env["acr.action.item"].create(
            {
                "meeting_id": meeting.id,
                "name": "Late firm item",
                "owner_type": "firm",
                "user_id": self.accountant.id,
                "date_due": date(2026, 2, 1),
            }
        )
        reviews = self._open(self.agreement_a | self.agreement_b)
        reviews[0].with_user(self.manager).write({"decision": "continue", "decision_note": "Fine."})
        reviews[0].with_user(self.manager).action_decide()
        self.env.flush_all()
        dashboard = self._dashboard()

        def delta(fname):
            return dashboard[fname] - base[fname]

        # 3 first contacts in the 12 months: 2 became clients, 1 lost.
        self.assertEqual((delta("prospect_count"), delta("converted_count"), delta("lost_count")), (3, 2, 1))
        if not base["prospect_count"]:
            self.assertEqual((dashboard.conversion_rate, dashboard.days_to_active), (66.7, 30.0))
        # A new running agreement: 500 a month, cost 250.
        self.assertEqual(
            (
                dashboard.monthly_revenue - base_money["monthly_revenue"],
                dashboard.monthly_cost - base_money["monthly_cost"],
            ),
            (500.0, 250.0),
        )
        # The workload view counts against the database's clock (not frozen):
        # what this test adds for the accountant, whatever was there.
        row = dashboard.workload_ids.filtered(lambda r: r.user_id == self.accountant)
        self.assertEqual(
            tuple(
                row[f] - base_row[f]
                for f in ("client_count", "deadline_count", "minutes_overdue_count", "actions_overdue_count")
            ),
            (1, 1, 1, 1),  # the Old prospect, not the Gone one
        )
        # 1 client + 1 deadline + 2 x (1 minutes overdue + 1 action item overdue) = 6 more points.
        self.assertEqual(row.load_points - base_row["load_points"], 6.0)
        self.assertEqual(row.load_index, round(100 * row.load_points / 10, 1))
        self.assertEqual((delta("review_due_count"), delta("review_open_count")), (2, 1))
        self.assertEqual(delta("review_continue_count"), 1)
        # Each tile opens the records behind its figure.
        Client, Review = self.env["acr.client"], self.env["acr.client.review"]
        converted = Client.search(dashboard.action_open_converted()["domain"])
        self.assertEqual(len(converted), dashboard.converted_count)
        self.assertLessEqual(self.client_a | self.client_b, converted)
        to_decide = Review.search(dashboard.action_open_reviews_open()["domain"])
        self.assertEqual(len(to_decide), dashboard.review_open_count)
        self.assertIn(reviews[1], to_decide)
        prospects = Client.search(dashboard.action_open_pipeline()["domain"])
        self.assertEqual(len(prospects), dashboard.prospect_count)
        self.assertIn(lost, prospects)
        self.assertEqual(dashboard.action_open_profitability()["res_model"], "acr.profitability.report")

    def test_managers_only(self):
        with mute_logger("odoo.addons.base.models.ir_model"), self.assertRaises(AccessError):
            self._dashboard(self.accountant)
        with mute_logger("odoo.addons.base.models.ir_model"), self.assertRaises(AccessError):
            self.env["acr.workload.report"].with_user(self.accountant).search([])

    def test_flat_query_count(self):
        def load():
            dashboard = self._dashboard()
            self.env.invalidate_all()
            dashboard.read(FIELDS)
            dashboard.workload_ids.read(["user_id", "client_count", "load_index"])

        load()
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        load()
        queries = self.cr.sql_log_count - before
        clients = self._create_active_clients(60, "More")
        clients.agreement_ids._acr_transition_write({"date_start": date(2025, 3, 1)})
        self._open(clients.agreement_ids)
        self.env.flush_all()
        self.env.invalidate_all()
        load()  # warm the registry caches for the new records' models
        self.env.invalidate_all()
        with self.assertQueryCount(queries):
            load()
