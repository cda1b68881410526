from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AcrDocumentCase, AcrHttpCase

PDF = b"%PDF-1.4 statement"


class SurchargeMixin:
    def _terms(self, agreement, **terms):
        with agreement._acr_transition():
            agreement.write(terms)

    def _received(self, request, day):
        """The client answers every item and submits on ``day``; the
        accountant marks it received the day after."""
        with freeze_time(f"{day} 10:00"):
            for item in request.item_ids:
                request._acr_portal_nothing(item, self.contact_a)
            request._acr_portal_submit(self.contact_a)
        with freeze_time(f"{day} 23:00"):
            request.with_user(self.accountant).action_mark_received()
        return request.surcharge_ids


@tagged("post_install", "-at_install")
class TestSurcharge(SurchargeMixin, AcrDocumentCase):
    """Surcharge maths by hand, the cap, working days, waiver, once only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement_a = cls.client_a.agreement_ids  # monthly fee 500
        cls.Surcharge = cls.env["acr.surcharge"]

    def _late_request(self, period="2027-03", due="2027-04-12"):
        return self._request(self.client_a, period=period, due=due, agreement=self.agreement_a)

    def test_fixed_per_day_with_and_without_cap(self):
        self._terms(self.agreement_a, surcharge_type="fixed", surcharge_amount=25.0, surcharge_cap=0.0)
        # Due Monday 12 April, received Thursday the 15th: 3 days x 25 = 75.
        surcharge = self._received(self._late_request(), "2027-04-15")
        self.assertEqual((surcharge.days, surcharge.amount, surcharge.state), (3, 75.0, "proposed"))
        self.assertEqual(surcharge.currency_id, self.agreement_a.currency_id)
        # With a cap of 80: 4 days x 25 = 100, capped at 80.
        self._terms(self.agreement_a, surcharge_cap=80.0)
        surcharge = self._received(self._late_request("2027-04", "2027-05-10"), "2027-05-14")
        self.assertEqual((surcharge.days, surcharge.amount, surcharge.amount_cap), (4, 80.0, 80.0))

    def test_percent_of_the_fee_per_day_with_cap(self):
        # 1 % of 500 a day = 5; ten days = 50.
        self._terms(self.agreement_a, surcharge_type="percent", surcharge_amount=1.0, surcharge_cap=0.0)
        surcharge = self._received(self._late_request(), "2027-04-22")
        self.assertEqual((surcharge.days, surcharge.amount), (10, 50.0))
        # Capped at 30.
        self._terms(self.agreement_a, surcharge_cap=30.0)
        surcharge = self._received(self._late_request("2027-04", "2027-05-10"), "2027-05-20")
        self.assertEqual((surcharge.days, surcharge.amount), (10, 30.0))

    def test_working_days_when_the_agreement_says_so(self):
        self._terms(
            self.agreement_a, surcharge_type="percent", surcharge_amount=2.0, surcharge_day_basis="working"
        )
        # Monday 12 to Monday 19 April: 7 calendar days, 5 working days x 10.
        surcharge = self._received(self._late_request(), "2027-04-19")
        self.assertEqual((surcharge.days, surcharge.amount), (5, 50.0))

    def test_on_time_no_surcharge(self):
        self.assertFalse(self._received(self._late_request(), "2027-04-12"))

    def test_approve_and_waive_with_reason(self):
        surcharge = self._received(self._late_request(), "2027-04-15")
        self.assertTrue(surcharge.activity_ids)
        self.assertEqual(surcharge.activity_ids.user_id, self.accountant)
        mine = surcharge.with_user(self.accountant)
        with self.assertRaises(UserError):
            mine.action_waive()
        mine.waive_reason = "First time late; told the client"
        mine.action_waive()
        self.assertEqual(surcharge.state, "waived")
        self.assertEqual(surcharge.decided_by_id, self.accountant)
        self.assertFalse(surcharge.activity_ids)
        self.env.flush_all()
        self.env.cr.precommit.run()  # the tracking values are written on commit
        tracked = surcharge.message_ids.tracking_value_ids.mapped("field_id.name")
        self.assertIn("waive_reason", tracked)
        self.assertIn("state", tracked)
        other = self._received(self._late_request("2027-04", "2027-05-10"), "2027-05-12")
        other.with_user(self.accountant).action_approve()
        self.assertEqual(other.state, "approved")
        with mute_logger("odoo.addons.base.models.ir_rule", "odoo.models"), self.assertRaises(AccessError):
            other.with_user(self.portal_a).action_mark_invoiced()

    def test_never_twice_never_negative_never_above_cap(self):
        self._terms(self.agreement_a, surcharge_cap=100.0)
        request = self._late_request()
        surcharge = self._received(request, "2027-04-15")
        self.assertEqual(len(surcharge), 1)
        with freeze_time("2027-04-20"):
            request.with_user(self.accountant).action_reopen()
            request.with_user(self.accountant).action_mark_received()
        self.assertEqual(request.surcharge_ids, surcharge)
        self.assertEqual(self.Surcharge.sudo().search_count([("request_id", "=", request.id)]), 1)
        # Outside the transitions: refused.
        with self.assertRaises(UserError):
            surcharge.with_user(self.manager).write({"amount": 1.0})
        base = {
            "name": "x",
            "request_id": request.id,
            "currency_id": surcharge.currency_id.id,
            "days": 1,
            "amount": 5.0,
            "amount_cap": 100.0,
        }
        with self.assertRaises(UserError):
            self.Surcharge.with_user(self.manager).create(base)
        Surcharge = self.Surcharge.sudo()
        other_request = self._late_request("2027-04", "2027-05-10")
        for vals in (
            base,  # a second surcharge for the request
            {**base, "request_id": other_request.id, "amount": -5.0},
            {**base, "request_id": other_request.id, "amount": 150.0},
        ):
            with self.subTest(vals), Surcharge._acr_transition():
                with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
                    Surcharge.create(vals)


@tagged("post_install", "-at_install")
class TestLateClientStory(SurchargeMixin, AcrDocumentCase):
    """What will be checked: a client who submits 10 days late gets its
    reminders on schedule, is told the running surcharge, and gets the
    surcharge proposed to the accountant, exactly once."""

    def test_ten_days_late(self):
        agreement = self.client_a.agreement_ids
        self._terms(agreement, surcharge_type="fixed", surcharge_amount=20.0, surcharge_cap=150.0)
        with freeze_time("2027-04-05"):
            self.Request._cron_document_requests()
        request = self.Request.search([("client_id", "=", self.client_a.id)])
        self.assertEqual(str(request.date_due), "2027-04-12")
        days = [f"2027-04-{d:02d}" for d in range(5, 23)]
        for day in days:
            with freeze_time(day):
                self.Request._cron_document_requests()
                self.Request._cron_document_requests()
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", request._name), ("res_id", "=", request.id)], order="id")
        )
        self.assertEqual(len(mails), 4)  # -5, 0, +2, +7
        self.assertNotIn("surcharge", mails[1].body_html)  # due day: not late yet
        self.assertIn("$\xa040.00", mails[2].body_html)  # 14 April: 2 days x 20
        self.assertIn("$\xa0140.00", mails[3].body_html)  # 19 April: 7 days x 20
        self.assertIn("$\xa0150.00", mails[3].body_html)  # the cap is told
        surcharge = self._received(request, "2027-04-22")
        self.assertEqual((surcharge.days, surcharge.amount, surcharge.state), (10, 150.0, "proposed"))
        self.assertEqual(surcharge.activity_ids.user_id, self.accountant)
        for day in ("2027-04-23", "2027-04-30"):
            with freeze_time(day):
                self.Request._cron_document_requests()
        self.assertEqual(
            self.env["acr.surcharge"].sudo().search([("client_id", "=", self.client_a.id)]), surcharge
        )


@tagged("post_install", "-at_install")
class TestSurchargePortal(SurchargeMixin, AcrHttpCase, AcrDocumentCase):
    def test_approved_surcharges_on_the_agreement_page(self):
        agreement = self.client_a.agreement_ids
        agreement._acr_ensure_tokens()
        approved = self._received(self._request(self.client_a, agreement=agreement), "2027-04-15")
        approved.with_user(self.accountant).action_approve()
        proposed = self._received(
            self._request(self.client_a, period="2027-04", due="2027-05-10", agreement=agreement),
            "2027-05-12",
        )
        self._login(self.portal_a)
        page = self.url_open(f"/my/agreements/{agreement.id}").text
        self.assertIn("o_acr_surcharges", page)
        self.assertIn("Documents for 2027-03 received 3 day(s) late", page)
        self.assertNotIn("2027-04 received", page)
        self.assertEqual(self.env["acr.surcharge"].with_user(self.portal_a).search([]), approved)
        self.assertEqual(self.env["acr.surcharge"].with_user(self.portal_b).search([]).ids, [])
        self.assertTrue(proposed)
