"""The state guard on the records that follow a signed agreement or a
meeting: price-change notices (amendments), powers of attorney, action
items and compliance deadlines. Every illegal write, create, import and
XML-RPC call is refused for the accountant and the manager and leaves the
record unchanged; the buttons and the portal still work (issue 9)."""

from datetime import date, datetime, timedelta
from xmlrpc.client import Fault

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import SIGNATURE, AcrMeetingCase


class FollowUpGuardCase(AcrMeetingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        agreement = cls.env["acr.agreement"].create({"client_id": cls.client_a.id, "monthly_fee": 300})
        agreement.action_mark_sent()
        agreement.sudo()._acr_sign("Alice Alpha", SIGNATURE, cls.contact_a, "198.51.100.7")
        agreement.with_user(cls.manager).action_countersign()
        cls.agreement = agreement
        cls.meeting = cls.env["acr.meeting"].create(
            cls._answers(start=datetime(2026, 2, 10, 9, 0), state="held")
        )
        minutes = cls.env["acr.meeting.minutes"].create(
            {"meeting_id": cls.meeting.id, "summary": "<p>Hiring</p>"}
        )
        minutes.action_send()
        template = cls.env["acr.deadline.template"].create(
            {
                "name": "Guarded VAT return",
                "kind": "report",
                "recurrence": "monthly",
                "due_day": 25,
                "due_months": 1,
            }
        )
        cls.deadline = cls.env["acr.deadline"].create(
            {
                "client_id": cls.client_a.id,
                "template_id": template.id,
                "period_start": date(2026, 1, 1),
                "period_end": date(2026, 1, 31),
                "period_label": "2026-01",
                "date_due": date(2026, 2, 25),
                "user_id": cls.accountant.id,
            }
        )

    def _amendment(self):
        return self.env["acr.agreement.amendment"].create(
            {
                "agreement_id": self.agreement.id,
                "date_effective": date.today() + timedelta(days=60),
                "old_fee": 300,
                "new_fee": 320,
            }
        )

    def _power(self, valid=True):
        power = self.env["acr.power.attorney"].create(
            {"client_id": self.client_a.id, "holder_id": self.env.company.partner_id.id}
        )
        if valid:
            power.action_mark_valid()
        return power

    def _item(self):
        return self.env["acr.action.item"].create(
            {
                "meeting_id": self.meeting.id,
                "name": "Send the payslips",
                "owner_type": "client",
                "partner_id": self.contact_a.id,
                "date_due": date(2026, 3, 10),
            }
        )

    def _snapshot(self, record, fnames):
        record.invalidate_recordset()
        return {fname: record[fname] for fname in fnames}

    def _assert_refused(self, record, changes, fnames):
        """Each change of ``changes`` is refused for the accountant, the
        manager and the superuser, and ``fnames`` do not move."""
        snapshot = self._snapshot(record, fnames)
        for vals in changes:
            for env_user in (self.accountant, self.manager, None):
                target = record.with_user(env_user) if env_user else record.sudo()
                with self.subTest(vals=vals, user=env_user and env_user.login), self.assertRaises(UserError):
                    target.write(vals)
        self.assertEqual(self._snapshot(record, fnames), snapshot)


@tagged("post_install", "-at_install")
class TestFollowUpGuard(FollowUpGuardCase):
    def test_amendment_terms_and_acknowledgement(self):
        amendment = self._amendment()
        fnames = ["state", "acknowledged_on", "acknowledged_by_id", "applied", "new_fee", "date_effective"]
        self._assert_refused(
            amendment,
            [
                {"state": "acknowledged"},
                {"state": "applied"},
                {"acknowledged_on": "2026-01-01 10:00:00"},
                {"acknowledged_by_id": self.contact_b.id},
                {"applied": True},
                {"new_fee": 1.0},
                {"old_fee": 1.0},
                {"date_effective": "2020-01-01"},
                {"agreement_id": self.agreement.copy().id},
            ],
            fnames,
        )
        Amendment = self.env["acr.agreement.amendment"].with_user(self.manager)
        for vals in ({"state": "acknowledged"}, {"applied": True}, {"acknowledged_by_id": self.contact_a.id}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                Amendment.create(
                    {"agreement_id": self.agreement.id, "date_effective": "2030-01-01", "new_fee": 1, **vals}
                )
        # The client's acknowledgement on the portal still works.
        self.assertIs(amendment._acr_acknowledge(self.contact_a), True)
        self.assertEqual((amendment.state, amendment.acknowledged_by_id), ("acknowledged", self.contact_a))
        # A manager's override is recorded on the agreement, which has the chatter.
        amendment.with_user(self.manager).action_acr_override({"new_fee": 315.0}, "Typo in the notice")
        self.assertEqual(amendment.new_fee, 315.0)
        self.assertIn("Typo in the notice", self.agreement.message_ids[:1].body)

    def test_power_of_attorney(self):
        power = self._power(valid=False)
        self._assert_refused(power, [{"state": "valid"}, {"state": "revoked"}], ["state"])
        power.holder_id = self.contact_a  # still a request: editable
        self.assertIs(power.with_user(self.accountant).action_mark_valid(), True)
        self.assertEqual(power.state, "valid")
        self._assert_refused(
            power,
            [
                {"state": "draft"},
                {"holder_id": self.contact_b.id},
                {"authority": "bank"},
                {"date_issue": "2001-01-01"},
                {"client_id": self.client_b.id},
            ],
            ["state", "holder_id", "authority", "date_issue", "client_id"],
        )
        power.date_expiry = date(2030, 1, 1)  # an extension stays possible
        self.assertIs(power.with_user(self.accountant).action_revoke(), True)
        self.assertEqual(power.state, "revoked")
        with self.assertRaises(UserError):
            power.action_mark_valid()
        with self.assertRaises(UserError):
            self.env["acr.power.attorney"].with_user(self.accountant).create(
                {"client_id": self.client_a.id, "holder_id": self.contact_a.id, "state": "valid"}
            )

    def test_action_item(self):
        item = self._item()
        self._assert_refused(
            item,
            [
                {"state": "done"},
                {"state": "cancelled"},
                {"done_date": "2026-01-01 10:00:00"},
                {"done_comment": "x"},
            ],
            ["state", "done_date", "done_comment"],
        )
        item.with_user(self.portal_a).sudo()._acr_portal_mark_done("Sent by mail")
        self.assertEqual((item.state, item.done_comment), ("done", "Sent by mail"))
        self._assert_refused(
            item,
            [{"state": "open"}, {"done_comment": "Never sent"}, {"partner_id": self.contact_b.id}],
            ["state", "done_comment", "partner_id"],
        )
        self.assertIs(item.with_user(self.accountant).action_reopen(), True)
        self.assertEqual((item.state, item.done_date, item.done_comment), ("open", False, False))
        self.assertIs(item.with_user(self.accountant).action_cancel(), True)
        self.assertEqual(item.state, "cancelled")
        with self.assertRaises(UserError):
            item.action_cancel()

    @freeze_time("2026-02-20")
    def test_deadline(self):
        deadline = self.deadline
        fnames = ["state", "done_by_id", "date_done", "done_late"]
        self._assert_refused(
            deadline,
            [{"state": "done"}, {"state": "waived"}, {"done_by_id": self.manager.id}, {"done_late": True}],
            fnames,
        )
        self.assertIs(deadline.with_user(self.accountant).action_mark_done(), True)
        self.assertEqual(
            (deadline.state, deadline.done_by_id, deadline.done_late), ("done", self.accountant, False)
        )
        self._assert_refused(deadline, [{"state": "todo"}, {"date_done": "2020-01-01 00:00:00"}], fnames)
        self.assertIs(deadline.with_user(self.accountant).action_reopen(), True)
        self.assertEqual(deadline.state, "todo")

    def test_import_cannot_change_the_states(self):
        amendment, power, item = self._amendment(), self._power(valid=False), self._item()
        for model, record, field, value in (
            ("acr.agreement.amendment", amendment, "state", "applied"),
            ("acr.power.attorney", power, "state", "valid"),
            ("acr.action.item", item, "state", "done"),
            ("acr.deadline", self.deadline, "state", "done"),
        ):
            for user in (self.accountant, self.manager):
                with self.subTest(model=model, user=user.login):
                    result = self.env[model].with_user(user).load([".id", field], [[str(record.id), value]])
                    self.assertFalse(result["ids"])
                    self.assertIn(
                        "can only be changed by the document's own actions", result["messages"][0]["message"]
                    )
            record.invalidate_recordset()
            self.assertNotEqual(record[field], value)


@tagged("post_install", "-at_install")
class TestFollowUpGuardOverXmlRpc(HttpCase, FollowUpGuardCase):
    def _call(self, user, model, method, *args, **kwargs):
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, user.login, user.login, {})
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, uid, user.login, model, method, list(args), kwargs
        )

    @mute_logger("odoo.http", "odoo.addons.base.controllers.rpc")
    def test_illegal_writes_and_public_transitions(self):
        amendment, power, item = self._amendment(), self._power(valid=False), self._item()
        for user in (self.accountant, self.manager):
            for model, record, vals in (
                ("acr.agreement.amendment", amendment, {"state": "applied"}),
                ("acr.agreement.amendment", amendment, {"new_fee": 1.0}),
                ("acr.power.attorney", power, {"state": "valid"}),
                ("acr.action.item", item, {"state": "done"}),
                ("acr.deadline", self.deadline, {"state": "waived"}),
            ):
                with (
                    self.subTest(user=user.login, model=model, vals=vals),
                    self.assertRaises(Fault) as caught,
                ):
                    self._call(user, model, "write", [record.id], vals, context={"acr_transition": True})
                self.assertNotIn("marshal", caught.exception.faultString)
        for record in (amendment, power, item, self.deadline):
            record.invalidate_recordset()
        self.assertEqual(
            (amendment.state, amendment.new_fee, power.state, item.state, self.deadline.state),
            ("notified", 320.0, "draft", "open", "todo"),
        )
        # The public transitions answer something marshallable.
        self.assertIs(
            self._call(self.accountant, "acr.power.attorney", "action_mark_valid", [power.id]), True
        )
        self.assertIs(self._call(self.accountant, "acr.action.item", "action_cancel", [item.id]), True)
        self.assertIs(self._call(self.accountant, "acr.action.item", "action_reopen", [item.id]), True)
