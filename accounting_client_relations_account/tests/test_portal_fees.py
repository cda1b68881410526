import re
from datetime import timedelta

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.accounting_client_relations.tests.common import AcrMeetingCase

from .common import make_invoice


@tagged("post_install", "-at_install")
class TestPortalFees(HttpCase, AcrMeetingCase):
    """Two portal clients: Alpha with an invoice 25 days overdue, Beta with
    one not yet due. Each sees its own figures and invoices only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write({"acr_block_booking_days": 0, "acr_fee_talk_days": 20})
        cls.fee_type = cls.env.ref("accounting_client_relations.meeting_type_fee")
        cls.fee_type.write(
            {
                "resource_calendar_id": cls.calendar.id,
                "min_notice_hours": 24,
                "horizon_weeks": 8,
                "slot_step_minutes": 30,
            }
        )
        today = cls.env.cr.now().date()
        cls.invoice_a = make_invoice(cls.env, cls.client_a.agreement_ids, today - timedelta(days=25), 480.0)
        cls.invoice_b = make_invoice(cls.env, cls.client_b.agreement_ids, today + timedelta(days=5), 390.0)
        cls.invoice_a._portal_ensure_token()
        cls.invoice_b._portal_ensure_token()

    def _csrf(self, url):
        response = self.url_open(url)
        match = re.search(r'name="csrf_token" value="([^"]+)"', response.text)
        self.assertTrue(match, f"No CSRF token on {url}")
        return match.group(1)

    def test_banner_shows_own_overdue_invoices_only(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open("/my").text
        self.assertIn("o_acr_fee_banner", page)
        self.assertIn(self.invoice_a.name, page)
        self.assertIn(f"/my/meetings/book/{self.fee_type.id}", page)
        self.assertNotIn(self.invoice_b.name, page)
        self.authenticate(self.portal_b.login, self.portal_b.login)
        page = self.url_open("/my").text
        self.assertNotIn("o_acr_fee_banner", page, "Beta's invoice is not due yet")
        self.assertNotIn(self.invoice_a.name, page)

    def test_invoice_access_two_clients(self):
        """Odoo's own invoice pages: the owner opens its invoice, with the fee
        offer; the other client is sent away, by id or with a wrong token."""
        url = f"/my/invoices/{self.invoice_a.id}"
        self.authenticate(self.portal_a.login, self.portal_a.login)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_acr_fee_offer", response.text)
        self.authenticate(self.portal_b.login, self.portal_b.login)
        for attempt in (url, f"{url}?access_token=wrong"):
            response = self.url_open(attempt)
            self.assertNotIn(self.invoice_a.name, response.text)
            self.assertNotIn("o_acr_fee_offer", response.text)
        # With the right token (a forwarded reminder), Beta sees the invoice
        # but is not offered Alpha's fee discussion.
        response = self.url_open(f"{url}?access_token={self.invoice_a.access_token}")
        self.assertNotIn("o_acr_fee_offer", response.text)
        own = self.url_open(f"/my/invoices/{self.invoice_b.id}")
        self.assertEqual(own.status_code, 200)
        self.assertNotIn("o_acr_fee_offer", own.text, "not overdue: no offer")

    def test_fee_discussion_suggests_the_overdue_invoices(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open(f"/my/meetings/book/{self.fee_type.id}").text
        self.assertIn(self.invoice_a.name, page)
        self.authenticate(self.portal_b.login, self.portal_b.login)
        page = self.url_open(f"/my/meetings/book/{self.fee_type.id}").text
        self.assertNotIn(self.invoice_a.name, page)

    def test_booking_block_offers_the_fee_discussion(self):
        self.env.company.acr_block_booking_days = 15
        url = f"/my/meetings/book/{self.mtype.id}"
        self.authenticate(self.portal_a.login, self.portal_a.login)
        data = {
            "csrf_token": self._csrf(url),
            "change_kind_ids": str(self.kind_nothing.id),
            "client_prepared": "on",
            "topic_name_0": "Hiring plan",
            "topic_minutes_0": "30",
        }
        with mute_logger("odoo.http"):
            response = self.url_open(url, data=data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("settle your open invoices together", response.text)
        self.assertIn(f"/my/meetings/book/{self.fee_type.id}", response.text)
        self.assertFalse(self.env["acr.meeting"].search([("client_id", "=", self.client_a.id)]))
        # The same refusal through the model (RPC, any other way in).
        Meeting = self.env["acr.meeting"].with_user(self.portal_a)
        form = {
            "change_kind_ids": self.kind_nothing.ids,
            "client_prepared": True,
            "topics": [{"name": "Hiring", "minutes": 10, "must_discuss": False}],
        }
        client_sudo = self.client_a.sudo()
        with self.assertRaises(UserError):
            Meeting._acr_portal_create_draft(client_sudo, self.mtype, form)
        # The fee discussion itself is allowed; Beta (not overdue) books anything.
        self.assertTrue(Meeting._acr_portal_create_draft(client_sudo, self.fee_type, form))
        Meeting_b = self.env["acr.meeting"].with_user(self.portal_b)
        self.assertTrue(Meeting_b._acr_portal_create_draft(self.client_b.sudo(), self.mtype, form))
        # Under the threshold: no block.
        self.env.company.acr_block_booking_days = 30
        self.assertTrue(Meeting._acr_portal_create_draft(client_sudo, self.mtype, form))

    def test_fee_talk_tour(self):
        self.start_tour("/my", "acr_fee_talk_tour", login=self.portal_a.login)
        meeting = self.env["acr.meeting"].search([("client_id", "=", self.client_a.id)])
        self.assertEqual(meeting.type_id, self.fee_type)
        self.assertEqual(meeting.state, "booked")
        self.assertIn(self.invoice_a.name, meeting.topic_ids[:1].name)

    def test_fee_account_tour(self):
        self.start_tour(
            f"/odoo/action-accounting_client_relations.acr_client_action_all/{self.client_a.id}",
            "acr_fee_account_tour",
            login=self.manager.login,
        )
