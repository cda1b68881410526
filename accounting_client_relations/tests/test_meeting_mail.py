from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import AcrMeetingCase


@tagged("post_install", "-at_install")
class TestBookingConfirmation(AcrMeetingCase):
    """The client who books on the portal gets her confirmation (Odoo's own
    invitation skips the attendee who creates the event); the agenda reads
    must-discuss first everywhere; the .ics carries the video link and the
    agenda's line breaks."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.slot = cls.mtype._acr_free_slots(cls.accountant)[0].replace(tzinfo=None)
        cls.contact_a.tz = "Europe/Brussels"

    def _portal_draft(self):
        topics = [
            Command.create({"name": "Payroll", "minutes": 20, "sequence": 1}),
            Command.create({"name": "Bank loan", "minutes": 15, "sequence": 2, "must_discuss": True}),
        ]
        meeting = self.env["acr.meeting"].create(self._answers(topic_ids=topics, booked_via="portal"))
        return meeting.with_user(self.portal_a).sudo()

    def _confirmation(self, meeting):
        return self.env["mail.message"].search(
            [
                ("model", "=", "acr.meeting"),
                ("res_id", "=", meeting.id),
                ("subject", "ilike", "Your meeting is booked"),
            ]
        )

    def test_the_client_is_mailed_when_she_books(self):
        meeting = self._portal_draft()
        self.assertEqual(meeting._acr_portal_book(self.slot), "booked")
        message = self._confirmation(meeting)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.partner_ids, self.contact_a)
        self.assertEqual(message.author_id, self.accountant.partner_id, "the author would not be mailed")
        notification = message.notification_ids.filtered(lambda n: n.res_partner_id == self.contact_a)
        self.assertEqual(notification.notification_type, "email")
        self.assertNotIn(self.accountant.partner_id, message.notification_ids.res_partner_id)
        body = message.body
        self.assertIn(meeting.videocall_url, body)
        self.assertLess(body.index("Bank loan"), body.index("Payroll"), "must-discuss topics first")
        self.assertIn(f"/my/meetings/{meeting.id}/slots", body)
        self.assertIn("#cancel", body)
        self.assertIn("Europe/Brussels", body)
        ics = message.attachment_ids
        self.assertEqual(ics.mapped("mimetype"), ["text/calendar"])
        self.assertIn(b"BEGIN:VEVENT", ics.raw)

    def test_a_back_office_booking_is_left_to_odoo_invitations(self):
        meeting = self.env["acr.meeting"].create(self._answers(start=self.slot))
        self.assertEqual(meeting.state, "booked")
        self.assertFalse(self._confirmation(meeting))

    def test_no_confirmation_for_a_refused_booking(self):
        meeting = self._portal_draft()
        with self.assertRaises(Exception):  # noqa: B017 - the slot refusal, whichever its class
            meeting._acr_portal_book(self.slot.replace(hour=2))
        self.assertFalse(self._confirmation(meeting))

    def test_the_ics_carries_the_video_link_and_the_agenda_lines(self):
        meeting = self._portal_draft()
        meeting._acr_portal_book(self.slot)
        ics = meeting._acr_ics().decode()
        unfolded = ics.replace("\r\n ", "")
        link = meeting.videocall_url
        self.assertTrue(link)
        self.assertIn(f"LOCATION:{link}", unfolded)
        self.assertIn(f"URL:{link}", unfolded)
        description = next(line for line in unfolded.splitlines() if line.startswith("DESCRIPTION:"))
        self.assertIn("Agenda\\n1. Bank loan (15 min) - must discuss\\n2. Payroll (20 min)", description)

    def test_the_agenda_is_ordered_must_discuss_first_everywhere(self):
        meeting = self._portal_draft()
        meeting._acr_portal_book(self.slot)
        meeting.invalidate_recordset()
        self.assertEqual(meeting.topic_ids.mapped("name"), ["Bank loan", "Payroll"])
        description = meeting.event_id.description
        self.assertLess(description.index("Bank loan"), description.index("Payroll"))
        meeting = meeting.sudo(False).with_user(self.env.user)
        meeting.sudo()._acr_transition_write({"state": "held"})
        meeting.sudo().action_write_minutes()
        self.assertEqual(meeting.minutes_ids.line_ids.mapped("topic"), ["Bank loan", "Payroll"])


@tagged("post_install", "-at_install")
class TestMeetingReminders(AcrMeetingCase):
    """Reminders by mail 24 hours and 1 hour before (configurable), each
    once, none for a cancelled meeting, with the agenda and the video link;
    the calendar event carries the same alarms."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-03-02 08:00:00"):
            slots = cls.mtype._acr_free_slots(cls.accountant)
            cls.meeting = cls.env["acr.meeting"].create(cls._answers(start=slots[0].replace(tzinfo=None)))
            cls.other = cls.env["acr.meeting"].create(
                cls._answers(
                    client=cls.client_b,
                    contact=cls.contact_b,
                    start=slots[4].replace(tzinfo=None),
                )
            )
        cls.start = cls.meeting.start

    def _reminders(self, meeting=None):
        partner = (meeting or self.meeting).partner_id
        return self.env["mail.mail"].search(
            [("recipient_ids", "in", partner.ids), ("subject", "ilike", "Reminder")]
        )

    def _run(self, before):
        with freeze_time(self.start - before):
            self.env["acr.meeting"]._cron_send_reminders(batch_size=1)

    def test_a_day_and_an_hour_before_each_once(self):
        self._run(timedelta(hours=30))
        self.assertFalse(self._reminders())
        self._run(timedelta(hours=23))
        self.assertEqual(len(self._reminders()), 1)
        self.assertEqual(self.meeting.reminder_hours_sent, 24)
        self._run(timedelta(hours=20))
        self.assertEqual(len(self._reminders()), 1, "the 24-hour reminder goes once")
        self._run(timedelta(minutes=50))
        mails = self._reminders()
        self.assertEqual(len(mails), 2)
        self.assertEqual(self.meeting.reminder_hours_sent, 1)
        self._run(timedelta(minutes=10))
        self.assertEqual(len(self._reminders()), 2, "the 1-hour reminder goes once")
        body = mails[0].body_html
        self.assertIn("Hiring plan", body)
        self.assertIn(self.meeting.videocall_url, body)

    def test_a_late_job_sends_the_latest_reminder_only(self):
        self._run(timedelta(minutes=30))
        self.assertEqual(len(self._reminders()), 1)
        self.assertEqual(self.meeting.reminder_hours_sent, 1)
        self._run(timedelta(minutes=20))
        self.assertEqual(len(self._reminders()), 1)

    def test_no_reminder_for_a_cancelled_or_past_meeting(self):
        self.meeting.action_cancel()
        self._run(timedelta(hours=23))
        self._run(timedelta(minutes=30))
        self.assertFalse(self._reminders())
        self._run(-timedelta(hours=1))
        self.assertFalse(self._reminders())

    def test_the_setting_decides_and_moving_starts_again(self):
        self.env["ir.config_parameter"].sudo().set_param("acr.meeting_reminder_hours", "48, x, 2")
        self.assertEqual(self.env["acr.meeting"]._acr_reminder_hours(), [48, 2])
        self._run(timedelta(hours=40))
        self.assertEqual(self.meeting.reminder_hours_sent, 48)
        with freeze_time(self.start - timedelta(hours=40)):
            later = self.mtype._acr_free_slots(self.accountant, exclude_meeting=self.meeting)[-1]
            self.meeting.write({"start": later.replace(tzinfo=None)})
        self.assertEqual(self.meeting.reminder_hours_sent, 0, "a moved meeting is reminded again")

    def test_the_calendar_event_carries_the_alarms(self):
        alarms = self.meeting.event_id.alarm_ids
        self.assertEqual(sorted(alarms.mapped("duration")), [1, 24])
        self.assertEqual(set(alarms.mapped("alarm_type")), {"notification"})
        ics = self.meeting._acr_ics().decode()
        self.assertEqual(ics.count("BEGIN:VALARM"), 2)

    def test_the_job_reports_its_progress(self):
        progress = []
        with patch.object(
            type(self.env["ir.cron"]), "_notify_progress", lambda self, **kw: progress.append(kw)
        ):
            with freeze_time(self.start - timedelta(minutes=30)):
                self.env["acr.meeting"]._cron_send_reminders(batch_size=1)
        self.assertEqual(progress[-1]["remaining"], 0)
        self.assertEqual(progress[-1]["done"], 2)
        self.assertEqual(len(progress), 2, "one report per batch")
