"""The issue's reproductions replayed over XML-RPC on a real HTTP server,
for every model under the state guard at once (meetings, minutes, action
items, agreements, amendments, powers of attorney, deadlines), and the
power of attorney's buttons clicked in the browser (issue 9)."""

from datetime import date, datetime, timedelta
from xmlrpc.client import Fault

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import SIGNATURE, AcrCase, AcrMeetingCase


@tagged("post_install", "-at_install")
class TestGuardReplayOverXmlRpc(HttpCase, AcrMeetingCase):
    """The issue's reproductions replayed over XML-RPC on a real HTTP server,
    for every guarded model, by the accountant and the manager: each is a
    fault that is not a marshalling error, and no state changes. The public
    transitions answer ``True``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.draft = cls.env["acr.meeting"].create(cls._answers())
        cls.held = cls.env["acr.meeting"].create(
            cls._answers(start=datetime(2026, 2, 10, 9, 0), state="held")
        )
        cls.minutes = cls.env["acr.meeting.minutes"].create(
            {"meeting_id": cls.held.id, "summary": "<p>Hiring</p>"}
        )
        cls.minutes.action_send()
        cls.item = cls.env["acr.action.item"].create(
            {
                "meeting_id": cls.held.id,
                "name": "Send the payslips",
                "owner_type": "firm",
                "user_id": cls.accountant.id,
                "date_due": date(2026, 3, 10),
            }
        )
        cls.agreement = cls.client_a.agreement_ids[:1]
        cls.amendment = cls.env["acr.agreement.amendment"].create(
            {
                "agreement_id": cls.agreement.id,
                "old_fee": 500,
                "new_fee": 550,
                "date_effective": date.today() + timedelta(days=30),
            }
        )
        cls.power = cls.env["acr.power.attorney"].create(
            {"client_id": cls.client_a.id, "holder_id": cls.env.company.partner_id.id, "document": SIGNATURE}
        )
        template = cls.env["acr.deadline.template"].create(
            {
                "name": "Replay return",
                "kind": "report",
                "recurrence": "monthly",
                "due_months": 1,
                "due_day": 25,
                "responsible_role": "user_id",
                "lead_days": 0,
            }
        )
        cls.deadline = cls.env["acr.deadline"].create(
            {
                "client_id": cls.client_a.id,
                "template_id": template.id,
                "period_start": "2030-01-01",
                "period_end": "2030-01-31",
                "period_label": "01/2030",
                "date_due": "2030-02-25",
            }
        )

    def _call(self, user, model, method, *args):
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, user.login, user.login, {})
        return self.xmlrpc_object.execute_kw(self.env.cr.dbname, uid, user.login, model, method, list(args))

    def _states(self):
        records = (
            self.draft,
            self.held,
            self.minutes,
            self.item,
            self.agreement,
            self.amendment,
            self.power,
            self.deadline,
        )
        for record in records:
            record.invalidate_recordset()
        return [record.state for record in records] + [self.minutes.content_hash, self.item.done_comment]

    @mute_logger("odoo.http", "odoo.addons.base.controllers.rpc")
    def test_every_reproduction_is_a_clean_fault_and_changes_nothing(self):
        before = self._states()
        replays = [
            ("acr.meeting", self.draft, "write", {"state": "booked"}),
            ("acr.meeting", self.held, "write", {"state": "booked"}),
            ("acr.meeting.minutes", self.minutes, "write", {"state": "draft"}),
            ("acr.meeting.minutes", self.minutes, "write", {"content_hash": "0" * 64}),
            ("acr.action.item", self.item, "write", {"state": "done"}),
            ("acr.action.item", self.item, "write", {"done_comment": "Forged"}),
            ("acr.agreement", self.agreement, "write", {"state": "draft"}),
            ("acr.agreement.amendment", self.amendment, "write", {"state": "acknowledged"}),
            ("acr.agreement.amendment", self.amendment, "write", {"acknowledged_by_id": self.contact_a.id}),
            ("acr.power.attorney", self.power, "write", {"state": "valid"}),
            ("acr.deadline", self.deadline, "write", {"state": "done"}),
            ("acr.deadline", self.deadline, "write", {"done_late": True}),
        ]
        creates = [
            (
                "acr.action.item",
                {
                    "meeting_id": self.held.id,
                    "name": "X",
                    "user_id": self.accountant.id,
                    "date_due": "2026-03-10",
                    "state": "done",
                },
            ),
            (
                "acr.power.attorney",
                {"client_id": self.client_a.id, "holder_id": self.contact_a.id, "state": "valid"},
            ),
        ]
        # Refused before the database: no ERROR line from PostgreSQL either.
        with self.assertNoLogs("odoo.sql_db", "ERROR"):
            self._replay(replays, creates)
        self.assertEqual(self._states(), before)

    def _replay(self, replays, creates):
        for user in (self.accountant, self.manager):
            for model, record, method, vals in replays:
                with (
                    self.subTest(user=user.login, model=model, vals=vals),
                    self.assertRaises(Fault) as caught,
                ):
                    self._call(user, model, method, [record.id], vals)
                self.assertNotIn("marshal", caught.exception.faultString)
            for model, vals in creates:
                with (
                    self.subTest(user=user.login, model=model, create=vals),
                    self.assertRaises(Fault) as caught,
                ):
                    self._call(user, model, "create", vals)
                self.assertNotIn("marshal", caught.exception.faultString)

    def test_the_transitions_answer_true_over_xmlrpc(self):
        calls = [
            ("acr.power.attorney", self.power, "action_mark_valid"),
            ("acr.power.attorney", self.power, "action_revoke"),
            ("acr.action.item", self.item, "action_done"),
            ("acr.action.item", self.item, "action_reopen"),
            ("acr.action.item", self.item, "action_cancel"),
            ("acr.deadline", self.deadline, "action_mark_done"),
            ("acr.deadline", self.deadline, "action_reopen"),
        ]
        for model, record, method in calls:
            with self.subTest(method=f"{model}.{method}"):
                self.assertIs(self._call(self.accountant, model, method, [record.id]), True)
        self.assertEqual(
            (self.power.state, self.item.state, self.deadline.state), ("revoked", "cancelled", "todo")
        )


@tagged("post_install", "-at_install")
class TestPowerAttorneyTour(HttpCase, AcrCase):
    def test_accountant_validates_then_revokes_with_the_buttons(self):
        client = self._create_clients(1, "Tour Bakery")
        power = self.env["acr.power.attorney"].create(
            {
                "client_id": client.id,
                "holder_id": self.env.company.partner_id.id,
                "authority_detail": "HMRC",
                "document": SIGNATURE,
            }
        )
        self.start_tour(
            f"/odoo/action-accounting_client_relations.acr_power_attorney_action/{power.id}",
            "acr_power_attorney_tour",
            login=self.accountant.login,
        )
        self.assertEqual(power.state, "revoked")
        self.assertEqual(power.authority_detail, "HMRC")
