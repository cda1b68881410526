from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import AcrMeetingCase


@tagged("post_install", "-at_install")
class TestReviewUi(HttpCase, AcrMeetingCase):
    def test_manager_decides_new_terms_and_the_client_sees_them(self):
        today = fields.Date.context_today(self.env.user)
        client = self._create_active_clients(1, "Tour Bakery")
        agreement = client.agreement_ids
        # A year ago next week, a thin margin (10%), documents late.
        agreement._acr_transition_write(
            {"date_start": today - relativedelta(years=1) + timedelta(days=7), "monthly_cost": 450}
        )
        template = self.env["acr.deadline.template"].create(
            {"name": "Tour documents", "kind": "client_documents", "recurrence": "monthly", "due_day": 10}
        )
        with self.env["acr.deadline"]._acr_transition():
            self.env["acr.deadline"].create(
                [
                    {
                        "client_id": client.id,
                        "template_id": template.id,
                        "period_start": today - timedelta(days=40 * month),
                        "period_end": today - timedelta(days=40 * month),
                        "period_label": f"M{month}",
                        "date_due": today - timedelta(days=40 * month),
                        "state": "done",
                        "done_late": True,
                    }
                    for month in (1, 2, 3)
                ]
            )
        review = self.env["acr.client.review"]._acr_open_reviews(agreement, days_before=30)
        self.assertEqual(review.suggestion, "new_terms")
        self.start_tour(
            "/odoo/action-accounting_client_relations.acr_client_review_action",
            "acr_review_new_terms_tour",
            login=self.manager.login,
        )
        self.assertEqual(review.state, "decided")
        self.assertEqual(review.decided_by_id, self.manager)
        amendment = agreement.amendment_ids
        self.assertEqual((amendment.old_fee, amendment.new_fee), (500.0, 650.0))
        # The client (a portal user of Tour Bakery) acknowledges on the portal.
        contact = self.env["res.partner"].create({"name": "Tom Tour", "parent_id": client.partner_id.id})
        portal = self.env["res.users"].create(
            {
                "name": "Tom Tour",
                "login": "acr_tour_client",
                "password": "acr_tour_client",
                "partner_id": contact.id,
                "groups_id": [fields.Command.set([self.env.ref("base.group_portal").id])],
            }
        )
        self.start_tour(
            f"/my/agreements/{agreement.id}", "acr_review_portal_amendment_tour", login=portal.login
        )
        self.assertEqual(amendment.state, "acknowledged")
        self.assertEqual(amendment.acknowledged_by_id, contact)


@tagged("post_install", "-at_install")
class TestReviewConversation(HttpCase, AcrMeetingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.context_today(cls.env.user)
        cls.agreement = cls.client_a.agreement_ids
        cls.agreement._acr_transition_write(
            {"date_start": today - relativedelta(years=1) + timedelta(days=7), "monthly_cost": 450}
        )
        cls.env["acr.contact.log"].create(
            [{"client_id": cls.client_a.id, "topic": "Q", "date": fields.Datetime.now()} for _i in range(4)]
        )
        cls.review = cls.env["acr.client.review"]._acr_open_reviews(cls.agreement, days_before=30)
        cls.annual = cls.env.ref("accounting_client_relations.meeting_type_annual_review")

    def test_invitation_carries_only_client_visible_figures(self):
        self.review.with_user(self.accountant).action_propose_meeting()
        self.assertTrue(self.review.meeting_proposed_on)
        mail = self.env["mail.mail"].search(
            [("model", "=", "acr.client.review"), ("res_id", "=", self.review.id)], order="id desc", limit=1
        )
        self.assertEqual(mail.recipient_ids, self.client_a.partner_id)
        self.assertIn("Tactical contacts: 1", mail.body_html)
        self.assertIn(f"/my/meetings/book/{self.annual.id}", mail.body_html)
        # Never cost or margin: 10% margin, 450 cost (as an amount: the
        # server's port in the links may contain "450").
        for internal in ("Fee and margin", "Margin", "450.00", "450,00", "Firm deadlines"):
            self.assertNotIn(internal, mail.body_html)

    def test_booking_page_suggests_the_figures_to_this_client_only(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open(f"/my/meetings/book/{self.annual.id}").text
        self.assertIn("Tactical contacts: 1", page)
        for internal in ("Fee and margin", "Margin", "Firm deadlines"):
            self.assertNotIn(internal, page)
        self.authenticate(self.portal_b.login, self.portal_b.login)
        page_b = self.url_open(f"/my/meetings/book/{self.annual.id}").text
        self.assertNotIn("Tactical contacts: 1", page_b)


@tagged("post_install", "-at_install")
class TestDashboardUi(HttpCase, AcrMeetingCase):
    def test_partner_opens_a_tile(self):
        today = fields.Date.context_today(self.env.user)
        client = self._create_active_clients(1, "Dash Bakery")
        # Its anniversary falls in 3 days; clamp to this quarter for the tile.
        anniversary = today + timedelta(days=3)
        if (anniversary.month - 1) // 3 != (today.month - 1) // 3:
            anniversary = today
        client.agreement_ids._acr_transition_write({"date_start": anniversary - relativedelta(years=1)})
        # Only this review is due this quarter.
        self.env["acr.client.review"].search([]).unlink()
        self.env["acr.client.review"]._acr_open_reviews(client.agreement_ids, days_before=30)
        self.start_tour(
            "/odoo/action-accounting_client_relations.acr_dashboard_action",
            "acr_dashboard_tour",
            login=self.manager.login,
        )
