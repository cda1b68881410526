from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AcrDocumentCase

D = date.fromisoformat


@tagged("post_install", "-at_install")
class TestDocumentGeneration(AcrDocumentCase):
    """Requests created on the right day, due on the right working day, once."""

    def _mine(self):
        return self.Request.search([("client_id", "in", (self.client_a | self.client_b).ids)])

    def test_due_date_moves_past_the_weekend(self):
        # March 2027 is due 10 April, a Saturday: Monday 12 April. With 7
        # days' notice the request appears on 5 April, not on the 4th.
        with freeze_time("2027-04-04"):
            self.Request._cron_document_requests()
            self.assertFalse(self._mine())
        with freeze_time("2027-04-05"):
            self.Request._cron_document_requests()
            requests = self._mine()
        self.assertEqual(len(requests), 2)
        self.assertEqual(set(requests.mapped("date_due")), {D("2027-04-12")})
        self.assertEqual(set(requests.mapped("period_label")), {"2027-03"})
        self.assertEqual(set(requests.mapped("state")), {"requested"})
        request_a = requests.filtered(lambda r: r.client_id == self.client_a)
        self.assertEqual(request_a.user_id, self.accountant)
        self.assertTrue(request_a.access_token)
        self.assertEqual(request_a.agreement_id, self.client_a.agreement_ids)
        # The checklist: the items expected by default (not payroll, not cash).
        self.assertEqual(
            request_a.item_ids.mapped("name"), ["Bank statements", "Sales invoices", "Purchase invoices"]
        )

    def test_public_holiday_of_the_company_calendar(self):
        # Monday 12 April 2027 a public holiday: Tuesday the 13th.
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.env.company.resource_calendar_id.id,
                "company_id": self.env.company.id,
                "date_from": "2027-04-11 22:00:00",
                "date_to": "2027-04-12 21:59:59",
            }
        )
        with freeze_time("2027-04-06"):
            self.Request._cron_document_requests()
        self.assertEqual(set(self._mine().mapped("date_due")), {D("2027-04-13")})

    def test_company_notice_and_submission_day(self):
        self.env.company.acr_document_lead_days = 3
        with freeze_time("2027-04-05"):
            self.Request._cron_document_requests()
            self.assertFalse(self._mine())
        with freeze_time("2027-04-09"):
            self.Request._cron_document_requests()
            self.assertEqual(len(self._mine()), 2)

    def test_idempotent(self):
        with freeze_time("2027-04-06"):
            self.Request._cron_document_requests()
            first = self._mine()
            self.Request._cron_document_requests()
            self.assertEqual(self._mine(), first)
            self.assertFalse((self.client_a | self.client_b)._acr_generate_document_requests())
        self.assertEqual(len(first.item_ids), 6)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self._request(self.client_a, period="2027-03")

    def test_own_checklist_and_running_agreements_only(self):
        self.client_a.document_expected_ids = [
            Command.create(
                {"template_id": self.tpl_bank.id, "name": "Bank statements, DNB 1503", "sequence": 1}
            ),
            Command.create({"template_id": self.tpl_payroll.id, "sequence": 2}),
        ]
        self.client_b.agreement_ids._acr_transition_write({"state": "terminated"})
        with freeze_time("2027-04-06"):
            self.Request._cron_document_requests()
        requests = self._mine()
        self.assertEqual(requests.client_id, self.client_a)
        self.assertEqual(requests.item_ids.mapped("name"), ["Bank statements, DNB 1503", "Payroll changes"])

    def test_late_after_the_due_date(self):
        with freeze_time("2027-04-06"):
            self.Request._cron_document_requests()
        with freeze_time("2027-04-12"):
            self.Request._cron_document_requests()
            self.assertEqual(set(self._mine().mapped("state")), {"requested"})
        with freeze_time("2027-04-13"):
            self.Request._cron_document_requests()
            self.assertEqual(set(self._mine().mapped("state")), {"late"})
            self.assertEqual(self._mine()[0].days_late, 1)


@tagged("post_install", "-at_install")
class TestDocumentTransitions(AcrDocumentCase):
    """States change only through the request's own actions, by the firm."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.request_a = cls._request(cls.client_a)
        cls.bank, cls.sales = cls.request_a.item_ids

    def test_state_is_guarded(self):
        request = self.request_a.with_user(self.accountant)
        with self.assertRaises(UserError):
            request.write({"state": "received"})
        with self.assertRaises(UserError):
            request.write({"date_received": "2027-04-01"})
        with self.assertRaises(UserError):
            self.bank.with_user(self.accountant).write({"state": "received"})
        with self.assertRaises(UserError):
            self.Request.with_user(self.manager).create(
                {
                    "client_id": self.client_a.id,
                    "period_start": "2027-05-01",
                    "period_label": "2027-05",
                    "date_due": "2027-06-10",
                    "state": "received",
                }
            )

    def test_portal_user_cannot_mark_received(self):
        request = self.request_a.with_user(self.portal_a)
        self.assertEqual(request.period_label, "2027-03")  # reads its own
        with mute_logger("odoo.addons.base.models.ir_rule", "odoo.models"):
            with self.assertRaises(AccessError):
                request.action_mark_received()
            with self.assertRaises(AccessError):
                self.bank.with_user(self.portal_a).action_mark_received()
            with self.assertRaises(AccessError):
                self._request(self.client_b).with_user(self.portal_a).read(["period_label"])
        self.assertEqual(self.request_a.state, "requested")

    def test_team_only(self):
        with mute_logger("odoo.addons.base.models.ir_rule"), self.assertRaises(AccessError):
            self.request_a.with_user(self.accountant_2).read(["state"])
        self.assertEqual(self.request_a.with_user(self.manager).state, "requested")

    @freeze_time("2027-04-15")
    def test_mark_received_on_the_day_submitted(self):
        with freeze_time("2027-04-14 09:00"):
            self.request_a._acr_portal_nothing(self.sales, self.contact_a)
            self.request_a._acr_portal_upload(self.bank, [("march.pdf", b"%PDF-1.4 march")], self.contact_a)
            self.request_a._acr_portal_submit(self.contact_a)
        self.request_a.with_user(self.accountant).action_mark_received()
        self.assertEqual(self.request_a.state, "received")
        self.assertEqual(self.request_a.date_received, D("2027-04-14"))
        self.assertEqual(self.request_a.days_late, 2)
        self.assertEqual(self.request_a.received_by_id, self.accountant)
        self.assertEqual(self.bank.state, "received")
        self.assertEqual(self.sales.state, "nothing")
        with self.assertRaises(UserError):
            self.request_a._acr_portal_upload(self.bank, [("late.pdf", b"%PDF-1.4 more")], self.contact_a)

    def test_waive_needs_reason(self):
        request = self.request_a.with_user(self.accountant)
        with self.assertRaises(UserError):
            request.action_waive()
        request.waive_reason = "Dormant in March"
        request.action_waive()
        self.assertEqual(self.request_a.state, "waived")
        request.action_reopen()
        self.assertIn(self.request_a.state, ("requested", "late"))

    @freeze_time("2027-04-08")
    def test_return_an_item(self):
        self.request_a._acr_portal_upload(self.bank, [("feb.pdf", b"%PDF-1.4 feb")], self.contact_a)
        self.request_a._acr_portal_nothing(self.sales, self.contact_a)
        self.request_a._acr_portal_submit(self.contact_a)
        bank = self.bank.with_user(self.accountant)
        with self.assertRaises(UserError):
            bank.action_return()
        bank.return_comment = "Statement for March missing"
        bank.action_return()
        self.assertEqual(self.bank.state, "returned")
        self.assertFalse(self.request_a.submitted_on)
        self.assertEqual(self.request_a.state, "partial")
        message = self.request_a.message_ids[0]
        self.assertIn("Statement for March missing", message.body)
        self.assertIn(self.client_a.partner_id, message.partner_ids)
        # The client must answer the returned item before sending again.
        with self.assertRaises(UserError):
            self.request_a._acr_portal_submit(self.contact_a)
        self.request_a._acr_portal_upload(self.bank, [("march.pdf", b"%PDF-1.4 march")], self.contact_a)
        self.request_a._acr_portal_submit(self.contact_a)
        self.assertEqual(len(self.bank.attachment_ids), 2)

    @freeze_time("2027-04-08")
    def test_return_an_item_of_a_received_request_reopens_it(self):
        self.request_a._acr_portal_upload(self.bank, [("march.pdf", b"%PDF-1.4 march")], self.contact_a)
        self.request_a._acr_portal_nothing(self.sales, self.contact_a)
        self.request_a._acr_portal_submit(self.contact_a)
        self.request_a.with_user(self.accountant).action_mark_received()
        sales = self.sales.with_user(self.accountant)
        sales.return_comment = "You invoiced Hansen AS in March: send that invoice"
        sales.action_return()
        self.assertEqual(self.request_a.state, "partial")
        self.assertFalse(self.request_a.date_received)
        self.assertEqual(self.sales.state, "returned")
        self.assertEqual(self.bank.state, "received")
        # The client may answer again: the returned item takes files now.
        self.request_a._acr_portal_upload(self.sales, [("hansen.pdf", b"%PDF-1.4 hansen")], self.contact_a)
        self.assertEqual(self.sales.state, "uploaded")
        # The client is told (the message's recipients: Odoo's own runner
        # sends and deletes the notification mail at once).
        message = self.request_a.message_ids.filtered(lambda m: "was returned to you" in (m.body or ""))
        self.assertEqual(len(message), 1)
        self.assertIn(self.client_a.partner_id, message.partner_ids)
