from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import AcrMeetingCase

TUESDAY_10 = datetime(2026, 3, 3, 9, 0)  # 10:00-11:00 in Brussels


@tagged("post_install", "-at_install")
class TestMinutes(AcrMeetingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-03-02 08:00:00"):
            cls.meeting = cls.env["acr.meeting"].create(cls._answers(start=TUESDAY_10))

    def _activities(self, xmlid):
        activity_type = self.env.ref(f"accounting_client_relations.{xmlid}")
        return self.meeting.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    def _held_with_minutes(self):
        self.meeting.action_mark_held()
        action = self.meeting.with_user(self.accountant).action_write_minutes()
        minutes = self.env["acr.meeting.minutes"].browse(action["res_id"])
        minutes.write(
            {"summary": "<p>Hiring two bakers is affordable.</p>", "decisions": "<p>Hire in April.</p>"}
        )
        minutes.line_ids[:1].outcome = "Budget approved."
        return minutes

    def test_write_minutes_activity_when_the_end_passes_then_escalation(self):
        with freeze_time("2026-03-03 10:30:00"):  # 30 minutes after the end
            self.env["acr.meeting"]._cron_minutes_followup()
            self.env["acr.meeting"]._cron_minutes_followup()
        write = self._activities("mail_activity_type_write_minutes")
        self.assertEqual(len(write), 1)
        self.assertEqual(write.user_id, self.accountant)
        self.assertEqual(write.date_deadline, date(2026, 3, 4))
        self.assertFalse(self.meeting.minutes_overdue)

        with freeze_time("2026-03-04 10:30:00"):  # 24 h 30 after the end
            self.env["acr.meeting"]._cron_minutes_followup()
            self.env["acr.meeting"]._cron_minutes_followup()
        overdue = self._activities("mail_activity_type_minutes_overdue")
        self.assertEqual(len(overdue), 1)
        self.assertEqual(overdue.user_id, self.coordinator)
        self.assertTrue(self.meeting.minutes_overdue)
        self.assertIn(self.meeting, self.env["acr.meeting"].search([("minutes_overdue", "=", True)]))
        self.assertIn(self.coordinator.partner_id, self.meeting.message_ids[0].partner_ids)

    def test_marking_held_asks_for_minutes_once(self):
        with freeze_time("2026-03-03 10:05:00"):
            self.meeting.action_mark_held()
            self.env["acr.meeting"]._cron_minutes_followup()
        self.assertEqual(len(self._activities("mail_activity_type_write_minutes")), 1)

    def test_minutes_before_the_meeting_is_held_are_refused(self):
        with self.assertRaises(UserError):
            self.meeting.action_write_minutes()

    @freeze_time("2026-03-03 15:00:00")
    def test_send_freezes_the_minutes_within_24_hours(self):
        minutes = self._held_with_minutes()
        self.assertEqual(minutes.line_ids.mapped("topic"), ["Hiring plan"])
        self.env["acr.action.item"].create(
            [
                {
                    "meeting_id": self.meeting.id,
                    "name": "Send payslips",
                    "owner_type": "client",
                    "partner_id": self.contact_a.id,
                    "date_due": date(2026, 3, 10),
                },
                {
                    "meeting_id": self.meeting.id,
                    "name": "Simulate hiring costs",
                    "owner_type": "firm",
                    "user_id": self.payroll_user.id,
                    "date_due": date(2026, 3, 6),
                },
            ]
        )
        minutes.with_user(self.accountant).action_send()
        self.assertEqual(minutes.state, "sent")
        self.assertEqual(len(minutes.content_hash), 64)
        self.assertTrue(self.meeting.minutes_on_time)
        self.assertEqual(self.meeting.minutes_on_time_rate, 100)
        self.assertFalse(self._activities("mail_activity_type_write_minutes"))
        message = self.meeting.message_ids[0]
        self.assertIn("Hiring two bakers", message.body)
        self.assertIn("Send payslips", message.body)
        self.assertIn(self.contact_a, message.partner_ids)
        self.assertTrue(message.attachment_ids, "The minutes go with their PDF.")

        for vals in ({"summary": "<p>Changed</p>"}, {"decisions": "<p>Other</p>"}):
            with self.assertRaises(UserError):
                minutes.write(vals)
        with self.assertRaises(UserError):
            minutes.line_ids.outcome = "Rewritten"
        with self.assertRaises(UserError):
            minutes.line_ids.unlink()

    @freeze_time("2026-03-03 15:00:00")
    def test_revisions_keep_history_and_the_client_sees_the_latest(self):
        minutes = self._held_with_minutes()
        minutes.action_send()
        with self.assertRaises(UserError):
            minutes._acr_new_revision("")
        wizard = self.env["acr.meeting.minutes.revise"].create(
            {
                "minutes_id": minutes.id,
                "reason": "The hiring month is May, not April.",
            }
        )
        revision = self.env["acr.meeting.minutes"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual((revision.revision, revision.state), (2, "draft"))
        revision.decisions = "<p>Hire in May.</p>"
        self.assertEqual(self.meeting._acr_latest_sent_minutes(), minutes, "The draft is not shown yet.")
        revision.action_send()
        self.assertEqual(self.meeting._acr_latest_sent_minutes(), revision)
        self.assertEqual(minutes.state, "sent", "The first revision is kept, frozen.")
        self.assertNotEqual(minutes.content_hash, revision.content_hash)
        # A revision is opened by its transition only, never created directly.
        with self.assertRaisesRegex(UserError, "Revision can only be changed"):
            self.env["acr.meeting.minutes"].create({"meeting_id": self.meeting.id, "revision": 3})

    def test_minutes_are_found_by_their_meeting_name(self):
        minutes = self._held_with_minutes()
        Minutes = self.env["acr.meeting.minutes"].with_user(self.accountant)
        self.assertIn(minutes.meeting_id.name, minutes.display_name)
        found = Minutes.name_search(self.meeting.name)
        self.assertEqual([minutes.id], [record_id for record_id, _name in found])
        self.assertEqual(Minutes.search([("display_name", "ilike", self.meeting.name)]), minutes)
        self.assertFalse(Minutes.name_search("no meeting is called this"))

    def test_minutes_sent_late_are_not_on_time(self):
        with freeze_time("2026-03-03 10:05:00"):
            minutes = self._held_with_minutes()
        with freeze_time("2026-03-05 09:00:00"):
            minutes.action_send()
        self.assertFalse(self.meeting.minutes_on_time)
        self.assertEqual(self.meeting.minutes_on_time_rate, 0)


@tagged("post_install", "-at_install")
class TestActionItems(AcrMeetingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meeting = cls.env["acr.meeting"].create(
            cls._answers(start=datetime(2026, 2, 10, 9, 0), state="held")
        )
        # Clients are chased only for items whose minutes they received.
        cls.env["acr.meeting.minutes"].create(
            {"meeting_id": cls.meeting.id, "summary": "<p>Done</p>"}
        )._acr_freeze()

    def _item(self, **vals):
        return self.env["acr.action.item"].create(
            {
                "meeting_id": self.meeting.id,
                "name": "Send the bank statements",
                "owner_type": "client",
                "partner_id": self.contact_a.id,
                "date_due": date(2026, 3, 10),
                **vals,
            }
        )

    def test_firm_items_become_activities_of_their_owner(self):
        item = self._item(
            owner_type="firm", user_id=self.tax_user.id, partner_id=False, date_due=date(2026, 3, 6)
        )
        self.assertEqual(item.activity_ids.user_id, self.tax_user)
        self.assertEqual(item.activity_ids.date_deadline, date(2026, 3, 6))
        item.user_id = self.payroll_user
        self.assertEqual(item.activity_ids.user_id, self.payroll_user)
        item.action_done()
        self.assertFalse(item.activity_ids)

    def test_owner_must_belong_to_the_client(self):
        with self.assertRaises(ValidationError):
            self._item(partner_id=self.contact_b.id)
        with self.assertRaises(ValidationError):
            self._item(owner_type="firm", partner_id=False)

    def _digests(self, contact=None):
        """The reminder digests queued for a contact."""
        return self.env["mail.mail"].search(
            [
                ("recipient_ids", "in", (contact or self.contact_a).ids),
                ("subject", "ilike", "your action items"),
            ],
            order="id",
        )

    def test_reminders_two_days_before_on_the_day_and_three_days_after_once(self):
        item = self._item()
        done_item = self._item(name="Already done")
        done_item.action_done()
        Item = self.env["acr.action.item"]

        def run_twice(day):
            with freeze_time(day):
                Item._cron_remind_client_items()
                Item._cron_remind_client_items()

        run_twice("2026-03-07 08:00:00")
        self.assertFalse(self._digests(), "Nothing three days before.")
        run_twice("2026-03-08 08:00:00")
        self.assertEqual(len(self._digests()), 1)
        self.assertEqual(item.reminders_sent, "-2")
        run_twice("2026-03-10 08:00:00")
        self.assertEqual(len(self._digests()), 2)
        run_twice("2026-03-13 08:00:00")
        self.assertEqual(len(self._digests()), 3)
        self.assertEqual(item.reminders_sent, "-2,0,3")
        run_twice("2026-03-20 08:00:00")
        digests = self._digests()
        self.assertEqual(len(digests), 3)
        self.assertEqual(digests.recipient_ids, self.contact_a)
        self.assertTrue(all("Send the bank statements" in body for body in digests.mapped("body_html")))
        self.assertFalse(any("Already done" in body for body in digests.mapped("body_html")))
        self.assertFalse(done_item.reminders_sent)

    def test_one_digest_per_contact_listing_every_item(self):
        """Five items due for a reminder on the same day, on different steps:
        one mail, listing the five; another contact gets their own."""
        other = self.env["res.partner"].create(
            {"name": "Anna Alpha", "parent_id": self.client_a.partner_id.id, "email": "anna@alpha.example"}
        )
        days = [date(2026, 3, 12), date(2026, 3, 10), date(2026, 3, 7), date(2026, 3, 12), date(2026, 3, 10)]
        items = self.env["acr.action.item"]
        for i, due in enumerate(days):
            items |= self._item(name=f"Task {i}", date_due=due)
        theirs = self._item(name="Their task", partner_id=other.id)
        not_yet = self._item(name="Later task", date_due=date(2026, 3, 20))
        with freeze_time("2026-03-10 08:00:00"):
            self.env["acr.action.item"]._cron_remind_client_items()
            self.env["acr.action.item"]._cron_remind_client_items()
        digest = self._digests()
        self.assertEqual(len(digest), 1)
        for i in range(5):
            self.assertIn(f"Task {i}", digest.body_html)
        self.assertNotIn("Their task", digest.body_html)
        self.assertNotIn("Later task", digest.body_html)
        self.assertIn("Ann Accountant", digest.body_html)
        self.assertEqual(digest.model, "acr.client")
        self.assertEqual(digest.res_id, self.client_a.id)
        self.assertTrue(digest.reply_to)
        self.assertTrue(digest.record_name)
        self.assertEqual(len(self._digests(other)), 1)
        self.assertIn("Their task", self._digests(other).body_html)
        self.assertEqual(
            items.mapped("reminders_sent"), ["-2", "-2,0", "-2,0,3", "-2", "-2,0"], "each step recorded once"
        )
        self.assertEqual(theirs.reminders_sent, "-2,0")
        self.assertFalse(not_yet.reminders_sent)

    def test_a_late_job_sends_one_reminder_not_three(self):
        item = self._item()
        with freeze_time("2026-03-20 08:00:00"):
            self.env["acr.action.item"]._cron_remind_client_items()
        self.assertFalse(self._digests())
        self.assertFalse(item.reminders_sent)
        item2 = self._item(date_due=date(2026, 3, 18))
        with freeze_time("2026-03-21 08:00:00"):
            self.env["acr.action.item"]._cron_remind_client_items()
        self.assertEqual(len(self._digests()), 1)
        self.assertEqual(item2.reminders_sent, "-2,0,3")

    def test_reminder_cadence_is_configurable(self):
        self.env["ir.config_parameter"].set_param("acr.action_reminder_offsets", "-7, 1, bad")
        self.assertEqual(self.env["acr.action.item"]._acr_reminder_offsets(), [-7, 1])

    def test_reminder_queries_do_not_grow_with_items(self):
        Item = self.env["acr.action.item"]

        def queries(count):
            items = Item.create(
                [
                    {
                        "meeting_id": self.meeting.id,
                        "name": f"Item {i}",
                        "owner_type": "client",
                        "partner_id": self.contact_a.id,
                        "date_due": date(2026, 3, 10),
                    }
                    for i in range(count)
                ]
            )
            self.env.flush_all()
            with freeze_time("2026-03-10 08:00:00"):
                self.env.invalidate_all()
                start = self.cr.sql_log_count
                Item._cron_remind_client_items()
                used = self.cr.sql_log_count - start
            items.with_context(tracking_disable=True).action_cancel()
            self.env.flush_all()
            return used

        queries(5)  # warm the template and registry caches
        self.assertEqual(queries(10), queries(40))

    def test_carry_over_into_the_next_booking(self):
        open_item = self._item(name="Send the lease contract")
        self._item(name="Closed already").action_done()
        self.assertEqual(self.client_a._acr_carry_over_items(), open_item)

    def test_carry_over_every_open_item_oldest_first(self):
        older = self._item(name="Sign the power of attorney", date_due=date(2026, 2, 1))
        recent = self._item(name="Send the lease contract")
        earlier_meeting = self.env["acr.meeting"].create(
            self._answers(state="held", start=datetime(2026, 1, 13, 9, 0))
        )
        forgotten = self._item(
            meeting_id=earlier_meeting.id, name="Register for VAT", date_due=date(2026, 1, 20)
        )
        self._item(meeting_id=earlier_meeting.id, name="Done long ago").action_done()
        self.assertEqual(self.client_a._acr_carry_over_items(), forgotten | older | recent)
        self.assertEqual(self.client_a._acr_carry_over_items().ids, (forgotten | older | recent).ids)

    def test_tactical_contacts_and_service_level(self):
        client = self.client_a
        Log = self.env["acr.contact.log"]
        with freeze_time("2026-05-15 10:00:00"):
            Log.create(
                [
                    {"client_id": client.id, "topic": f"Q{i}", "date": datetime(2026, 4, 2 + i, 10, 0)}
                    for i in range(3)
                ]
            )
            Log.create({"client_id": client.id, "topic": "Older", "date": datetime(2026, 2, 3, 10, 0)})
            client.invalidate_recordset()
            self.assertEqual((client.tactical_this_quarter, client.tactical_last_quarter), (3, 1))
            self.assertEqual(client.tactical_trend, "up")
            self.assertEqual(client.strategic_held_this_year, 1)
            report = self.env["acr.relationship.report"].search([("client_id", "=", client.id)])
            self.assertEqual(
                sorted(report.mapped("kind")), ["strategic", "tactical", "tactical", "tactical", "tactical"]
            )

    def test_log_contact_from_the_partner(self):
        action = self.contact_a.with_user(self.accountant).action_acr_log_contact()
        self.assertEqual(action["res_model"], "acr.contact.log")
        self.assertEqual(action["context"]["default_client_id"], self.client_a.id)
        self.assertEqual(action["context"]["default_partner_id"], self.contact_a.id)
