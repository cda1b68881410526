"""Regression tests for the portal and access review: malformed input never
gives a 500, firm-side data never reaches a client, staff never act for a
client through the portal, sub-records follow their parent's team rule, and
a job never jams on one bad record."""

import base64
import re
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import SIGNATURE, AcrHttpCase, AcrMeetingCase


@tagged("post_install", "-at_install")
class TestPortalHardening(AcrHttpCase, AcrMeetingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quote = cls._sent_quote(cls.client_a, "Hardening plan", 321, 100)
        cls.agreement = cls.env["acr.agreement"].create({"client_id": cls.client_a.id, "monthly_fee": 321})
        cls.agreement.action_mark_sent()

    def test_malformed_numbers_and_dates_get_a_page_not_a_500(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        url = f"/my/meetings/book/{self.mtype.id}"
        csrf = self._csrf(url)
        for minutes in ("²", "99999999999", "-5", "601"):
            response = self.url_open(
                url,
                data={
                    "csrf_token": csrf,
                    "change_kind_ids": "²",
                    "client_prepared": "on",
                    "topic_name_0": "Payroll",
                    "topic_minutes_0": minutes,
                },
            )
            self.assertEqual(response.status_code, 200, minutes)
            self.assertIn("o_acr_error", response.text, minutes)
        draft = self.env["acr.meeting"].create(self._answers())
        for week in ("9999-12-27", "0001-01-01", "2026-13-45"):
            self.assertEqual(
                self.url_open(f"/my/meetings/{draft.id}/slots?week={week}").status_code, 200, week
            )
        for slot in ("9999-12-31T20:00:00", "0001-01-01T00:00:00"):
            response = self.url_open(f"/my/meetings/{draft.id}/book", data={"csrf_token": csrf, "slot": slot})
            self.assertEqual(response.status_code, 200, slot)
            self.assertIn("o_acr_error", response.text, slot)
        self.assertEqual(self.url_open("/my/quotes?page=%C2%B2").status_code, 200)
        self.assertEqual(self.url_open("/my/agreements?page=abc").status_code, 200)

    def test_a_signature_that_is_not_an_image_writes_nothing(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        url = self.agreement.access_url
        token = self._csrf(url)
        response = self.url_open(
            f"{url}/sign",
            data={
                "csrf_token": token,
                "name": "X",
                "signature": base64.b64encode(b"hello world").decode(),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.agreement.invalidate_recordset()
        self.assertEqual(self.agreement.state, "sent")
        self.assertFalse(self.agreement.signed_by)

    def test_the_signature_attachment_is_a_png(self):
        self.agreement._acr_sign("Alice Alpha", SIGNATURE, self.contact_a, "127.0.0.1")
        attachment = self.agreement.message_ids.attachment_ids.filtered(
            lambda a: a.name.startswith("Signature")
        )
        self.assertEqual(attachment.mimetype, "image/png")
        self.assertEqual(attachment.raw[:8], b"\x89PNG\r\n\x1a\n")

    @mute_logger("odoo.http")
    def test_staff_cannot_sign_or_accept_for_the_client(self):
        self.authenticate(self.accountant.login, self.accountant.login)
        token = self._csrf("/odoo")
        self.url_open(
            f"{self.agreement.access_url}/sign",
            data={
                "csrf_token": token,
                "name": "Ann",
                "signature": SIGNATURE,
            },
        )
        self.url_open(f"{self.quote.access_url}/accept", data={"csrf_token": token})
        self.agreement.invalidate_recordset()
        self.quote.invalidate_recordset()
        self.assertEqual(self.agreement.state, "sent")
        self.assertEqual(self.quote.state, "sent")
        with self.assertRaises(AccessError):
            self.agreement._acr_sign("Ann", SIGNATURE, self.accountant.partner_id)

    def test_the_error_box_does_not_take_text_from_the_url(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open(f"{self.agreement.access_url}?error=Call+us+at+0900-SCAM").text
        # The footer's language links keep the query string (href="/fa/...?error=..."):
        # what matters is that no text of the page comes from it.
        page = re.sub(r'href="[^"]*"', "", page)
        self.assertNotIn("0900-SCAM", page)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_portal_users_never_read_costs_and_margins(self):
        for record, fields_ in (
            (self.quote, ["amount_cost", "margin"]),
            (self.agreement, ["monthly_cost", "margin"]),
        ):
            with self.assertRaises(AccessError):
                record.with_user(self.portal_a).read(fields_)
        self.assertEqual(self.quote.with_user(self.portal_a).read(["amount_fee"])[0]["amount_fee"], 321)


@tagged("post_install", "-at_install")
class TestAccessHardening(AcrMeetingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outsider = new_test_user(
            cls.env, "acr_outsider", groups="accounting_client_relations.group_acr_user"
        )
        cls.meeting = cls.env["acr.meeting"].create(
            cls._answers(start=datetime(2026, 2, 10, 9, 0), state="held")
        )
        cls.item = cls.env["acr.action.item"].create(
            {
                "meeting_id": cls.meeting.id,
                "name": "Send statements",
                "owner_type": "client",
                "partner_id": cls.contact_a.id,
                "date_due": date(2026, 3, 10),
            }
        )
        cls.minutes = cls.env["acr.meeting.minutes"].create(
            {"meeting_id": cls.meeting.id, "summary": "<p>S</p>"}
        )
        cls.log = cls.env["acr.contact.log"].create({"client_id": cls.client_a.id, "topic": "Call"})

    def test_sub_records_follow_the_team_rule(self):
        for model, record in (
            ("acr.meeting.topic", self.meeting.topic_ids),
            ("acr.meeting.minutes", self.minutes),
            ("acr.action.item", self.item),
            ("acr.contact.log", self.log),
        ):
            self.assertFalse(
                self.env[model].with_user(self.outsider).search([("id", "in", record.ids)]), model
            )
            self.assertTrue(
                self.env[model].with_user(self.accountant).search([("id", "in", record.ids)]), model
            )

    def test_quote_lines_follow_the_quote_and_freeze_with_it(self):
        plan = self.env["acr.tariff.plan"].create(
            {
                "name": "Lines plan",
                "rule_ids": [
                    Command.create({"name": "Base fee", "rule_type": "fixed", "price": 300, "cost": 100})
                ],
            }
        )
        quote = self.env["acr.tariff.quote"].create({"client_id": self.client_a.id, "plan_id": plan.id})
        self.assertFalse(
            self.env["acr.tariff.quote.line"].with_user(self.outsider).search([("quote_id", "=", quote.id)])
        )
        quote.action_mark_sent()
        with self.assertRaises(UserError):
            quote.line_ids.with_user(self.accountant).write({"price_subtotal": 1})
        self.assertEqual(quote.amount_fee, 300)

    def test_action_items_reach_the_client_only_with_the_minutes(self):
        Item = self.env["acr.action.item"]
        self.assertFalse(Item.with_user(self.portal_a).search([("id", "=", self.item.id)]))
        with self.assertRaises(AccessError):
            self.item.with_user(self.portal_a).sudo()._acr_portal_mark_done("early")
        with freeze_time("2026-03-10 08:00:00"):
            Item._cron_remind_client_items()
        self.assertFalse(self.item.reminders_sent)
        self.assertFalse(self.env["mail.mail"].search([("body_html", "ilike", self.item.name)]))
        self.minutes.action_send()
        self.assertTrue(Item.with_user(self.portal_a).search([("id", "=", self.item.id)]))

    def test_a_terminated_agreement_does_not_jam_the_price_changes(self):
        running, ended = self._countersigned_agreements(
            self._create_clients(1, "Running") | self._create_clients(1, "Ended"), state="active"
        )
        Amendment = self.env["acr.agreement.amendment"]
        yesterday = date.today() - timedelta(days=1)
        good = Amendment.create(
            {
                "agreement_id": running.id,
                "old_fee": 500,
                "new_fee": 550,
                "monthly_cost": 250,
                "date_effective": yesterday,
            }
        )
        stale = Amendment.create(
            {
                "agreement_id": ended.id,
                "old_fee": 500,
                "new_fee": 550,
                "monthly_cost": 250,
                "date_effective": yesterday,
            }
        )
        ended.action_terminate()
        Amendment._cron_apply_amendments()
        self.assertTrue(good.applied)
        self.assertEqual(running.monthly_fee, 550)
        self.assertTrue(stale.applied)
        self.assertEqual(ended.monthly_fee, 500)
