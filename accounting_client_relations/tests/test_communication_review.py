from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tools import mute_logger

from .common import AcrCase


class TestCommunicationReview(AcrCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.important = cls._create_active_clients(2, "Star", priority="1")
        cls.normal = cls._create_active_clients(1, "Plain")
        cls.Review = cls.env["acr.communication.review"]

    def _mine(self):
        return self.Review.search([("reviewer_id", "=", self.coordinator.id)])

    def test_monthly_review_of_important_clients_once(self):
        with freeze_time("2026-10-20 10:00:00"):
            self.env["acr.contact.log"].create(
                [
                    {"client_id": self.important[0].id, "user_id": self.accountant.id, "topic": f"Call {i}"}
                    for i in range(3)
                ]
            )
        with freeze_time("2026-11-01 06:00:00"):
            self.Review._cron_monthly_reviews()
            self.Review._cron_monthly_reviews()
        review = self._mine()
        self.assertEqual(len(review), 1)
        self.assertEqual(str(review.month), "2026-10-01")
        self.assertEqual(review.line_ids.client_id, self.important)
        line = review.line_ids.filtered(lambda r: r.client_id == self.important[0])
        self.assertEqual(line.contact_count, 3)
        activity = review.activity_ids
        self.assertEqual(activity.user_id, self.coordinator)
        self.assertIn("2 important clients", activity.summary)
        self.assertIn("3 contacts", str(activity.note))

    def test_verdict_feeds_the_gap_report(self):
        with freeze_time("2026-11-01 06:00:00"):
            self.Review._cron_monthly_reviews()
        review = self._mine()
        line = review.line_ids[:1].with_user(self.coordinator)
        line.write({"verdict": "gap", "note": "Expects us to issue invoices."})
        gap = self.env["acr.expectation.gap"].search([("client_id", "=", line.client_id.id)])
        self.assertEqual(gap.kind, "review_gap")
        line.verdict = "risk"
        self.assertEqual(gap.kind, "review_risk")
        line.verdict = "fine"
        self.assertFalse(gap.exists())
        with self.assertRaises(AccessError), mute_logger("odoo.access"):
            review.with_user(self.accountant_2).read(["month"])

    def test_only_important_clients_with_a_coordinator(self):
        self.important[1].coordinator_id = False
        with freeze_time("2026-11-01 06:00:00"):
            self.Review._cron_monthly_reviews()
        review = self._mine()
        self.assertEqual(review.line_ids.client_id, self.important[0])
        self.assertNotIn(self.normal, review.line_ids.client_id)
