from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError

from .common import AcrCase


class TestInterviewTargets(AcrCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.key = cls.env["acr.segment"].create({"name": "Construction"})
        cls.kind_nothing = cls.env.ref("accounting_client_relations.meeting_change_nothing")
        cls.interview_type = cls.env["acr.meeting.type"].create(
            {"name": "Test interview", "kind": "interview", "duration_minutes": 45}
        )
        cls.clients = cls._create_active_clients(4, "Builder", segment_id=cls.key.id)
        cls.Target = cls.env["acr.interview.target"]

    def _held(self, client, when, user=None):
        contact = self.env["res.partner"].create(
            {"name": f"Owner {client.name}", "parent_id": client.partner_id.id}
        )
        return self.env["acr.meeting"].create(
            {
                "client_id": client.id,
                "partner_id": contact.id,
                "type_id": self.interview_type.id,
                "user_id": (user or self.accountant).id,
                "change_kind_ids": [Command.set(self.kind_nothing.ids)],
                "client_prepared": True,
                "preparation_questions": "What do you expect from us?",
                "topic_ids": [Command.create({"name": "Expectations", "minutes": 30})],
                "state": "held",
                "start": when,
            }
        )

    def _target(self, **vals):
        return self.Target.create(
            {
                "segment_id": self.key.id,
                "quarter_start": "2026-10-01",
                "target_count": 4,
                "user_ids": [Command.set((self.accountant | self.accountant_2).ids)],
                **vals,
            }
        )

    @freeze_time("2026-11-25 12:00:00")
    def test_held_against_target_per_quarter_and_accountant(self):
        target = self._target()
        self._held(self.clients[0], "2026-10-05 09:00:00")
        self._held(self.clients[1], "2026-11-02 09:00:00", user=self.accountant_2)
        self._held(self.clients[2], "2026-09-28 09:00:00")  # the previous quarter
        self._held(self.clients[3], "2026-11-03 09:00:00", user=self.coordinator)  # not in the target's team
        target.invalidate_recordset()
        self.assertEqual(
            target.name, "Key accounts Q4 2026" if self.key.name == "Key accounts" else target.name
        )
        self.assertEqual(target.quarter_end, date(2026, 12, 31))
        self.assertEqual(target.held_count, 2)
        self.assertEqual(target.progress, 50.0)
        self.assertIn("Ann Accountant: 1 / 2", target.held_by_user)
        self.assertIn("Bob Bookkeeper: 1 / 2", target.held_by_user)
        # 56 of 92 days elapsed: 2.4 interviews due, 2 held.
        self.assertTrue(target.behind)
        self.assertIn(target, self.Target.search([("behind", "=", True)]))

    def test_behind_only_from_the_middle_of_the_quarter(self):
        target = self._target()
        with freeze_time("2026-11-10 12:00:00"):  # day 41 of 92
            target.invalidate_recordset()
            self.assertFalse(target.behind)
        with freeze_time("2026-11-20 12:00:00"):  # day 51 of 92
            target.invalidate_recordset()
            self.assertTrue(target.behind)
            for hour, client in enumerate(self.clients[:3], start=8):
                self._held(client, f"2026-11-19 {hour:02d}:00:00")
            target.invalidate_recordset()
            self.assertFalse(target.behind)

    def test_weekly_reminder_to_the_accountants_behind(self):
        target = self._target()
        todo = self.env.ref("mail.mail_activity_data_todo")

        def reminders():
            return self.env["mail.activity"].search(
                [
                    ("res_model", "=", "acr.interview.target"),
                    ("res_id", "=", target.id),
                    ("activity_type_id", "=", todo.id),
                ]
            )

        with freeze_time("2026-11-16 07:00:00"):
            self.Target._cron_remind_behind()
            self.assertEqual(reminders().user_id, self.accountant | self.accountant_2)
            self.assertIn("0 of 4", reminders()[0].summary)
        with freeze_time("2026-11-19 07:00:00"):  # the same week: nothing more
            self.Target._cron_remind_behind()
            self.assertEqual(len(reminders()), 2)
        with freeze_time("2026-11-23 07:00:00"):  # a week later, still behind
            self.Target._cron_remind_behind()
            self.assertEqual(len(reminders()), 4)

    def test_suggested_clients_not_interviewed_in_twelve_months(self):
        target = self._target()
        with freeze_time("2026-11-25 12:00:00"):
            self._held(self.clients[0], "2026-03-01 09:00:00")
            self._held(self.clients[1], "2025-06-01 09:00:00")  # over twelve months ago
            action = target.action_suggested_clients()
            suggested = self.env["acr.client"].search(action["domain"])
        self.assertEqual(suggested, self.clients[1:])

    def test_quarter_must_start_a_quarter(self):
        with self.assertRaises(ValidationError):
            self._target(quarter_start="2026-11-01")

    def test_interview_note_is_logged_on_the_client_file_and_stays_internal(self):
        meeting = self._held(self.clients[0], "2026-03-01 09:00:00")
        tax_planning = self.env.ref("accounting_client_relations.service_tax_planning")
        meeting.with_user(self.accountant).write(
            {
                "interview_firm_does": "Bookkeeping and the VAT returns.",
                "interview_service_ids": [Command.set(tax_planning.ids)],
                "interview_reaction": "Interested in tax planning.",
            }
        )
        note = self.clients[0].message_ids[:1]
        self.assertIn("Client interview of 2026-03-01", note.body)
        self.assertIn("Tax planning", note.body)
        self.assertIn("Interested in tax planning.", note.body)
        portal = self.env["res.users"].create(
            {
                "name": "Owner portal",
                "login": "acr_interview_portal",
                "partner_id": meeting.partner_id.id,
                "groups_id": [Command.set(self.env.ref("base.group_portal").ids)],
            }
        )
        with self.assertRaises(AccessError):
            meeting.with_user(portal).read(["interview_reaction"])
