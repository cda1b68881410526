"""States change only through transitions; signed and sent facts are
immutable: by write, create, import (``load``) and XML-RPC, for the
accountant and the manager alike (issue 9)."""

from datetime import datetime, timedelta
from xmlrpc.client import Fault

import psycopg2
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import SIGNATURE, AcrCase, AcrMeetingCase


class GuardCase(AcrCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls.env["acr.client"].create(
            cls._complete_vals("Guarded Bakery", stage_id=cls.stage_quoted.id)
        )
        cls.other_client = cls.env["acr.client"].create(cls._complete_vals("Other Garage"))
        cls.other_contact = cls.env["res.partner"].create(
            {"name": "Otto Other", "parent_id": cls.other_client.partner_id.id}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Gina Guard", "parent_id": cls.client.partner_id.id}
        )
        cls.tariff = cls.env["acr.tariff.plan"].create(
            {
                "name": "Guard plan",
                "rule_ids": [
                    Command.create({"name": "Base fee", "rule_type": "fixed", "price": 300, "cost": 100})
                ],
            }
        )
        cls.tariff_2 = cls.env["acr.tariff.plan"].create(
            {
                "name": "Cheap plan",
                "rule_ids": [
                    Command.create({"name": "Base fee", "rule_type": "fixed", "price": 10, "cost": 1})
                ],
            }
        )

    def _agreement(self, state="draft"):
        agreement = self.env["acr.agreement"].create({"client_id": self.client.id, "monthly_fee": 300})
        if state in ("sent", "signed", "countersigned", "active"):
            agreement.action_mark_sent()
        if state in ("signed", "countersigned", "active"):
            agreement.sudo()._acr_sign("Gina Guard", SIGNATURE, self.contact, "198.51.100.7")
        if state in ("countersigned", "active"):
            agreement.with_user(self.manager).action_countersign()
        if state == "active":
            agreement.action_activate()
        return agreement

    def _quote(self, sent=True):
        quote = self.env["acr.tariff.quote"].create({"client_id": self.client.id, "plan_id": self.tariff.id})
        if sent:
            quote.action_mark_sent()
        return quote

    def _snapshot(self, record, fnames):
        record.invalidate_recordset()
        return {fname: record[fname] for fname in fnames}


@tagged("post_install", "-at_install")
class TestAgreementGuard(GuardCase):
    SIGNED = (
        "state",
        "signed_by",
        "signed_on",
        "signed_ip",
        "signed_partner_id",
        "countersigned_by_id",
        "countersigned_on",
        "monthly_fee",
    )

    def test_create_in_a_later_state_is_refused(self):
        for user in (self.accountant, self.manager):
            Agreement = self.env["acr.agreement"].with_user(user)
            for vals in (
                {"state": "countersigned"},
                {"state": "active"},
                {"state": "signed", "signed_by": "Nobody"},
                {"signed_by": "Nobody"},
                {"countersigned_by_id": user.id},
            ):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(UserError):
                    Agreement.create({"client_id": self.client.id, "monthly_fee": 1, **vals})
            # The initial state may be given explicitly.
            self.assertEqual(Agreement.create({"client_id": self.client.id, "state": "draft"}).state, "draft")
        self.assertFalse(
            self.env["acr.agreement"].search([("client_id", "=", self.client.id), ("state", "!=", "draft")])
        )

    def test_state_writes_are_refused_for_every_user(self):
        cases = [("draft", "countersigned"), ("draft", "sent"), ("sent", "active"), ("sent", "signed")]
        cases += [
            ("signed", "draft"),
            ("countersigned", "active"),
            ("active", "terminated"),
            ("active", "draft"),
        ]
        for before, after in cases:
            agreement = self._agreement(before)
            snapshot = self._snapshot(agreement, self.SIGNED)
            for user in (self.accountant, self.manager):
                with self.subTest(before=before, after=after, user=user.login), self.assertRaises(UserError):
                    agreement.with_user(user).write({"state": after})
                # Even the superuser: automations and server actions run as one.
                with self.assertRaises(UserError):
                    agreement.sudo().write({"state": after})
            self.assertEqual(self._snapshot(agreement, self.SIGNED), snapshot)

    def test_signed_facts_are_immutable_one_by_one(self):
        agreement = self._agreement("countersigned")
        snapshot = self._snapshot(agreement, self.SIGNED)
        changes = {
            "signed_by": "Someone Else",
            "signed_on": "2020-01-01 00:00:00",
            "signed_ip": "10.0.0.1",
            "signed_partner_id": self.other_contact.id,
            "signature": SIGNATURE[:-8] + "AAAAAAA=",
            "countersigned_by_id": self.accountant.id,
            "countersigned_on": "2020-01-01 00:00:00",
            "date_end": "2030-01-01",
            "monthly_fee": 1.0,
            "monthly_cost": 1.0,
            "date_start": "2001-01-01",
            "notice_days": 1,
            "client_id": self.other_client.id,
            "included_service_ids": [Command.clear()],
        }
        for fname, value in changes.items():
            for user in (self.accountant, self.manager):
                with self.subTest(field=fname, user=user.login), self.assertRaises(UserError):
                    agreement.with_user(user).write({fname: value})
        self.assertEqual(self._snapshot(agreement, self.SIGNED), snapshot)
        self.assertEqual(agreement.client_id, self.client)
        self.assertTrue(agreement.included_service_ids)
        # Writing back the very same value (an import of an unchanged row) is no change.
        agreement.with_user(self.accountant).write({"state": "countersigned", "signed_by": "Gina Guard"})

    def test_import_cannot_change_the_state(self):
        agreement = self._agreement("sent")
        for user in (self.accountant, self.manager):
            result = (
                self.env["acr.agreement"]
                .with_user(user)
                .load([".id", "state", "signed_by"], [[str(agreement.id), "countersigned", "Forged"]])
            )
            self.assertFalse(result["ids"])
            self.assertIn(
                "can only be changed by the document's own actions", result["messages"][0]["message"]
            )
            created = (
                self.env["acr.agreement"]
                .with_user(user)
                .load(["client_id/.id", "state"], [[str(self.client.id), "active"]])
            )
            self.assertFalse(created["ids"])
        agreement.invalidate_recordset()
        self.assertEqual((agreement.state, agreement.signed_by), ("sent", False))

    def test_the_transitions_still_work_and_return_true(self):
        agreement = self.env["acr.agreement"].create({"client_id": self.client.id, "monthly_fee": 300})
        self.assertIs(agreement.action_mark_sent(), True)
        self.assertIs(agreement.action_reset_draft(), True)
        agreement.monthly_fee = 310
        self.assertIs(agreement.action_mark_sent(), True)
        self.assertIs(agreement.sudo()._acr_sign("Gina Guard", SIGNATURE, self.contact, "198.51.100.7"), True)
        with self.assertRaises(AccessError):
            agreement.with_user(self.accountant).action_countersign()
        self.assertIs(agreement.with_user(self.manager).action_countersign(), True)
        self.assertIs(agreement.with_user(self.accountant).action_activate(), True)
        self.assertIs(agreement.with_user(self.manager).action_terminate(), True)
        self.assertEqual(agreement.state, "terminated")
        self.assertTrue(agreement.date_end)
        self.assertEqual(agreement.signed_by, "Gina Guard")

    def test_client_cannot_become_active_on_a_forged_agreement(self):
        client = self.env["acr.client"].create(
            self._complete_vals("Forging Client", stage_id=self.stage_onboarding.id)
        )
        agreement = self.env["acr.agreement"].create({"client_id": client.id, "monthly_fee": 5})
        with self.assertRaises(UserError):
            agreement.with_user(self.accountant).write({"state": "countersigned"})
        with self.assertRaises(UserError):
            client.with_user(self.accountant).write({"stage_id": self.stage_active.id})
        self.assertEqual(client.stage_id, self.stage_onboarding)

    def test_manager_override_with_reason_is_tracked(self):
        agreement = self._agreement("sent")
        with self.assertRaises(AccessError):
            agreement.with_user(self.accountant).action_acr_override({"state": "draft"}, "Typo in the name")
        with self.assertRaises(UserError):
            agreement.with_user(self.manager).action_acr_override({"state": "draft"}, "  ")
        self.assertEqual(agreement.state, "sent")
        self.assertIs(
            agreement.with_user(self.manager).action_acr_override(
                {"state": "draft"}, "Client asked to restart"
            ),
            True,
        )
        self.assertEqual(agreement.state, "draft")
        body = agreement.message_ids[:1].body
        self.assertIn("Administrative override", body)
        self.assertIn("Client asked to restart", body)
        self.assertIn("Mia Manager", body)


@tagged("post_install", "-at_install")
class TestQuoteGuard(GuardCase):
    FACTS = ("state", "amount_fee", "plan_id", "date_sent", "accepted_by_id", "line_ids", "note")

    def test_create_sent_or_accepted_is_refused(self):
        for user in (self.accountant, self.manager):
            Quote = self.env["acr.tariff.quote"].with_user(user)
            for vals in (
                {"state": "sent"},
                {"state": "accepted"},
                {"accepted_by_id": self.contact.id},
                {"date_sent": "2025-01-01 00:00:00"},
                {"amount_fee": 1.0},
            ):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(UserError):
                    Quote.create({"client_id": self.client.id, "plan_id": self.tariff.id, **vals})
        self.assertFalse(self.env["acr.tariff.quote"].search([("client_id", "=", self.client.id)]))

    def test_state_and_amounts_of_a_sent_quote_are_frozen(self):
        quote = self._quote()
        line = quote.line_ids
        snapshot = self._snapshot(quote, self.FACTS)
        self.assertEqual(quote.amount_fee, 300)
        writes = [
            {"state": "draft"},
            {"state": "accepted"},
            {"amount_fee": 1.0},
            {"amount_cost": 1.0},
            {"plan_id": self.tariff_2.id},
            {"note": "<p>Everything for free</p>"},
            {"date_sent": "2020-01-01 00:00:00"},
            {"accepted_by_id": self.contact.id},
            {"line_ids": [Command.update(line.id, {"price_subtotal": 1.0})]},
            {"value_ids": [Command.clear()]},
        ]
        for vals in writes:
            for user in (self.accountant, self.manager):
                with self.subTest(vals=vals, user=user.login), self.assertRaises(UserError):
                    quote.with_user(user).write(vals)
        for user in (self.accountant, self.manager):
            with self.assertRaises(UserError):
                line.with_user(user).write({"price_subtotal": 1.0})
            with self.assertRaises(UserError):
                quote.value_ids[:1].with_user(user).write({"value_int": 99})
        self.assertEqual(self._snapshot(quote, self.FACTS), snapshot)
        self.assertEqual(line.price_subtotal, 300)

    def test_draft_quote_cannot_be_sent_or_accepted_by_write(self):
        quote = self._quote(sent=False)
        for user in (self.accountant, self.manager):
            for vals in (
                {"state": "sent"},
                {"state": "accepted"},
                {"plan_id": self.tariff_2.id, "state": "sent"},
            ):
                with self.subTest(vals=vals, user=user.login), self.assertRaises(UserError):
                    quote.with_user(user).write(vals)
            result = (
                self.env["acr.tariff.quote"].with_user(user).load([".id", "state"], [[str(quote.id), "sent"]])
            )
            self.assertFalse(result["ids"])
        self.assertEqual(quote.state, "draft")
        # A draft's pricing stays editable, and its lines follow.
        quote.with_user(self.accountant).write({"plan_id": self.tariff_2.id})
        self.assertEqual(quote.amount_fee, 10)

    def test_the_transitions_still_work_and_return_true(self):
        quote = self._quote(sent=False)
        self.assertIs(quote.with_user(self.accountant).action_mark_sent(), True)
        self.assertIs(quote.with_user(self.accountant).action_mark_accepted(), True)
        self.assertEqual(quote.state, "accepted")
        new = self._quote(sent=False)
        new.action_mark_sent()
        quote.invalidate_recordset()
        self.assertEqual(new.state, "sent")
        self.assertEqual(quote.state, "accepted")
        new.sudo()._acr_accept(self.contact)
        self.assertEqual(quote.state, "superseded")


@tagged("post_install", "-at_install")
class TestGuardOverXmlRpc(HttpCase, GuardCase):
    def _call(self, user, model, method, *args, **kwargs):
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, user.login, user.login, {})
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, uid, user.login, model, method, list(args), kwargs
        )

    @mute_logger("odoo.http", "odoo.addons.base.controllers.rpc")
    def test_illegal_transitions_over_xmlrpc(self):
        agreement = self._agreement("signed")
        quote = self._quote()
        for user in (self.accountant, self.manager):
            for model, record, vals in (
                ("acr.agreement", agreement, {"state": "countersigned"}),
                ("acr.agreement", agreement, {"state": "draft"}),
                ("acr.agreement", agreement, {"signed_by": "Someone Else"}),
                ("acr.agreement", agreement, {"monthly_fee": 1.0}),
                ("acr.tariff.quote", quote, {"amount_fee": 1.0}),
                ("acr.tariff.quote", quote, {"state": "draft"}),
            ):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(Fault) as caught:
                    # A context key cannot open the guard.
                    self._call(user, model, "write", [record.id], vals, context={"acr_transition": True})
                self.assertNotIn("marshal", caught.exception.faultString)
            with self.assertRaises(Fault):
                self._call(user, "acr.agreement", "create", {"client_id": self.client.id, "state": "active"})
        agreement.invalidate_recordset()
        quote.invalidate_recordset()
        self.assertEqual(
            (agreement.state, agreement.signed_by, agreement.monthly_fee), ("signed", "Gina Guard", 300)
        )
        self.assertEqual((quote.state, quote.amount_fee), ("sent", 300))

    def test_public_methods_answer_over_xmlrpc(self):
        agreement = self.env["acr.agreement"].create({"client_id": self.client.id, "monthly_fee": 300})
        quote = self._quote(sent=False)
        self.assertIs(self._call(self.accountant, "acr.agreement", "action_mark_sent", [agreement.id]), True)
        self.assertIs(
            self._call(self.accountant, "acr.agreement", "action_reset_draft", [agreement.id]), True
        )
        self.assertIs(self._call(self.accountant, "acr.tariff.quote", "action_mark_sent", [quote.id]), True)
        self.assertIs(
            self._call(self.accountant, "acr.tariff.quote", "action_mark_accepted", [quote.id]), True
        )
        quote.invalidate_recordset()
        self.assertEqual(quote.state, "accepted")


TUESDAY_10 = datetime(2026, 3, 3, 9, 0)  # 10:00-11:00 in Brussels


@tagged("post_install", "-at_install")
class TestMeetingGuard(AcrMeetingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-03-02 08:00:00"):
            cls.booked = cls.env["acr.meeting"].create(cls._answers(start=TUESDAY_10))
        cls.draft = cls.env["acr.meeting"].create(cls._answers())

    def _sent_minutes(self):
        self.booked.action_mark_held()
        action = self.booked.with_user(self.accountant).action_write_minutes()
        minutes = self.env["acr.meeting.minutes"].browse(action["res_id"])
        minutes.summary = "<p>Hiring two bakers is affordable.</p>"
        minutes.action_send()
        return minutes

    def test_meeting_states_change_only_through_transitions(self):
        for user in (self.accountant, self.manager):
            for meeting, state in (
                (self.draft, "booked"),
                (self.draft, "held"),
                (self.draft, "prepared"),
                (self.booked, "held"),
                (self.booked, "prepared"),
                (self.booked, "cancelled"),
                (self.booked, "draft"),
            ):
                with self.subTest(user=user.login, state=state), self.assertRaises(UserError):
                    meeting.with_user(user).write({"state": state})
            for vals in ({"state": "booked"}, {"state": "prepared"}, {"state": "cancelled"}):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(UserError):
                    self.env["acr.meeting"].with_user(user).create(self._answers(**vals))
            with self.assertRaises(UserError):
                self.booked.with_user(user).write({"event_id": False})
            with self.assertRaises(UserError):
                self.booked.with_user(user).write({"reschedule_count": 0, "firm_prepared_by_id": user.id})
            result = (
                self.env["acr.meeting"]
                .with_user(user)
                .load([".id", "state"], [[str(self.draft.id), "booked"]])
            )
            self.assertFalse(result["ids"])
        self.assertEqual((self.draft.state, self.draft.start), ("draft", False))
        self.assertEqual(self.booked.state, "booked")
        self.assertTrue(self.booked.event_id)

    def test_the_database_refuses_a_booking_without_slot(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.CheckViolation):
            self.env.cr.execute(
                "UPDATE acr_meeting SET state = 'booked' WHERE id = %s",
                [self.draft.id],
            )

    def test_the_event_of_a_booked_meeting_cannot_be_deleted(self):
        event = self.booked.event_id
        with self.assertNoLogs("odoo.sql_db", level="ERROR"):
            # The organiser, and the superuser (automations, server actions).
            for target in (event.with_user(self.booked.user_id), event.sudo()):
                with (
                    self.subTest(user=target.env.user.login),
                    self.assertRaisesRegex(UserError, "cancel or move the meeting"),
                ):
                    target.unlink()
        self.assertTrue(event.exists())
        self.assertEqual(self.booked.event_id, event)
        # Once the meeting is cancelled, its (archived) event may go.
        self.booked._acr_cancel(reason="Test", by_client=False)
        event.unlink()
        self.assertEqual(self.booked.state, "cancelled")

    def test_meeting_transitions_still_work(self):
        self.assertIs(self.booked.with_user(self.accountant).action_confirm_preparation(), True)
        with freeze_time(self.booked.start + timedelta(hours=1)):  # held once it has started
            self.assertIs(self.booked.with_user(self.accountant).action_mark_held(), True)
        self.assertEqual(self.booked.state, "held")
        self.assertIs(self.draft.with_user(self.accountant).action_cancel(), True)
        self.assertEqual(self.draft.state, "cancelled")

    def test_the_agenda_gate_holds_when_topics_change(self):
        topic = self.draft.topic_ids
        self.assertEqual(len(topic), 1)
        for meeting in (self.draft, self.booked):
            topic = meeting.topic_ids
            with self.subTest(meeting=meeting.state):
                with self.assertRaises(ValidationError), self.env.cr.savepoint():
                    topic.with_user(self.accountant).unlink()
                    self.env.flush_all()
                with self.assertRaises(ValidationError), self.env.cr.savepoint():
                    topic.with_user(self.accountant).write({"meeting_id": self._other_draft().id})
                    self.env.flush_all()
                with self.assertRaises(ValidationError), self.env.cr.savepoint():
                    topic.with_user(self.accountant).write({"minutes": 500})
                    self.env.flush_all()
                with self.assertRaises(ValidationError), self.env.cr.savepoint():
                    self.env["acr.meeting.topic"].with_user(self.accountant).create(
                        {"meeting_id": meeting.id, "name": "Everything", "minutes": 400}
                    )
                    self.env.flush_all()
                meeting.invalidate_recordset()
                self.assertEqual(meeting.topic_ids.mapped("minutes"), [30])
                self.assertFalse(meeting.over_budget)
        # What keeps the gate met is accepted: a must-discuss topic that fits.
        self.env["acr.meeting.topic"].with_user(self.accountant).create(
            [
                {"meeting_id": self.draft.id, "name": "Everything", "minutes": 400},
                {"meeting_id": self.draft.id, "name": "Payroll", "minutes": 20, "must_discuss": True},
            ]
        )
        self.env.flush_all()
        self.assertTrue(self.draft.over_budget)

    def _other_draft(self):
        return self.env["acr.meeting"].create(self._answers())

    def test_sent_minutes_are_frozen_one_by_one(self):
        with freeze_time("2026-03-03 15:00:00"):
            minutes = self._sent_minutes()
        facts = ("state", "summary", "content_hash", "sent_date", "revision")
        snapshot = {fname: minutes[fname] for fname in facts}
        for user in (self.accountant, self.manager):
            for vals in (
                {"state": "draft"},
                {"summary": "<p>Rewritten</p>"},
                {"decisions": "<p>None</p>"},
                {"content_hash": "0" * 64},
                {"sent_date": "2020-01-01 00:00:00"},
                {"sent_by_id": user.id},
                {"revision": 7},
                {"secretary_id": self.accountant_2.id},
                {"correction_reason": "Because"},
            ):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(UserError):
                    minutes.with_user(user).write(vals)
            with self.assertRaises(UserError):
                self.env["acr.meeting.minutes"].with_user(user).create(
                    {
                        "meeting_id": self.booked.id,
                        "revision": 2,
                        "correction_reason": "Forged",
                        "state": "sent",
                    }
                )
            result = (
                self.env["acr.meeting.minutes"]
                .with_user(user)
                .load([".id", "content_hash"], [[str(minutes.id), "0" * 64]])
            )
            self.assertFalse(result["ids"])
        minutes.invalidate_recordset()
        self.assertEqual({fname: minutes[fname] for fname in facts}, snapshot)
        # The correction is a revision with its reason.
        revision = minutes._acr_new_revision("The date of the hire was wrong.")
        self.assertEqual((revision.revision, revision.state), (2, "draft"))
        revision.summary = "<p>Hire in May.</p>"
        self.assertIs(revision.action_send(), True)
