from datetime import datetime, timedelta

import pytz
from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import AcrMeetingCase

UTC = pytz.utc
BRUSSELS = "Europe/Brussels"


@tagged("post_install", "-at_install")
class TestSlots(AcrMeetingCase):
    """Free slots: windows, buffers, notice, horizon, leaves, holidays, time
    zones and daylight saving. Monday 2 March 2026; Tuesdays and Thursdays
    10:00-16:00 in Brussels (UTC+1 until 29 March, UTC+2 after)."""

    def _slots(self, start, end, **kw):
        return [
            s.replace(tzinfo=None)
            for s in self.mtype._acr_free_slots(self.accountant, UTC.localize(start), UTC.localize(end), **kw)
        ]

    def _event(self, start, stop, buffer=0, **vals):
        return self.env["calendar.event"].create(
            {
                "name": "Busy",
                "start": start,
                "stop": stop,
                "user_id": self.accountant.id,
                "partner_ids": [Command.set(self.accountant.partner_id.ids)],
                "acr_buffer_minutes": buffer,
                **vals,
            }
        )

    @freeze_time("2026-03-02 08:00:00")
    def test_windows_and_granularity(self):
        slots = self._slots(datetime(2026, 3, 2), datetime(2026, 3, 9))
        tuesday = [s for s in slots if s.date() == datetime(2026, 3, 3).date()]
        # 10:00 to 15:00 Brussels (60 min meetings end by 16:00), every 30 min.
        self.assertEqual(tuesday[0], self._local(BRUSSELS, 2026, 3, 3, 10, 0))
        self.assertEqual(tuesday[-1], self._local(BRUSSELS, 2026, 3, 3, 15, 0))
        self.assertEqual(len(tuesday), 11)
        self.assertEqual({s.weekday() for s in slots}, {1, 3}, "Only Tuesdays and Thursdays.")

    @freeze_time("2026-03-02 08:00:00")
    def test_buffers_of_the_new_meeting_and_of_existing_meetings(self):
        # A plain event 12:00-13:00: the new meeting's 15-minute buffer must
        # not run into it, so 11:00 (ends 12:15 with its buffer) is refused.
        self._event(self._local(BRUSSELS, 2026, 3, 3, 12, 0), self._local(BRUSSELS, 2026, 3, 3, 13, 0))
        tuesday = self._slots(
            self._local(BRUSSELS, 2026, 3, 3, 0, 0), self._local(BRUSSELS, 2026, 3, 4, 0, 0)
        )
        hours = [self._to_local(s) for s in tuesday]
        self.assertIn("10:30", hours)
        for blocked in ("11:00", "11:30", "12:00", "12:30"):
            self.assertNotIn(blocked, hours)
        self.assertIn("13:00", hours)

        # A client meeting 14:00-15:00 keeps its own 15-minute buffer.
        self._event(
            self._local(BRUSSELS, 2026, 3, 5, 11, 0), self._local(BRUSSELS, 2026, 3, 5, 12, 0), buffer=15
        )
        thursday = self._slots(
            self._local(BRUSSELS, 2026, 3, 5, 0, 0), self._local(BRUSSELS, 2026, 3, 6, 0, 0)
        )
        hours = [self._to_local(s) for s in thursday]
        self.assertNotIn("12:00", hours)
        self.assertIn("12:30", hours)

    def _to_local(self, naive_utc):
        return UTC.localize(naive_utc).astimezone(pytz.timezone(BRUSSELS)).strftime("%H:%M")

    @freeze_time("2026-03-02 08:00:00")
    def test_declined_and_free_events_do_not_block(self):
        self._event(
            self._local(BRUSSELS, 2026, 3, 3, 10, 0), self._local(BRUSSELS, 2026, 3, 3, 16, 0), show_as="free"
        )
        tuesday = self._slots(
            self._local(BRUSSELS, 2026, 3, 3, 0, 0), self._local(BRUSSELS, 2026, 3, 4, 0, 0)
        )
        self.assertEqual(len(tuesday), 11)

    @freeze_time("2026-03-03 09:30:00")
    def test_minimum_notice(self):
        # Tuesday 10:30 Brussels: nothing before Wednesday 10:30.
        slots = self._slots(datetime(2026, 3, 2), datetime(2026, 3, 9))
        self.assertTrue(slots)
        self.assertGreaterEqual(min(slots), datetime(2026, 3, 4, 9, 30))
        self.assertEqual(min(slots), self._local(BRUSSELS, 2026, 3, 5, 10, 0))

    @freeze_time("2026-03-02 08:00:00")
    def test_horizon(self):
        slots = self._slots(datetime(2026, 3, 2), datetime(2026, 6, 1))
        self.assertLessEqual(max(slots), datetime(2026, 3, 2, 8, 0) + timedelta(weeks=8))
        self.assertGreater(max(slots), datetime(2026, 3, 2, 8, 0) + timedelta(weeks=7))

    @freeze_time("2026-03-02 08:00:00")
    def test_public_holiday_and_accountant_leave(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "date_from": self._local(BRUSSELS, 2026, 3, 3, 0, 0),
                "date_to": self._local(BRUSSELS, 2026, 3, 3, 23, 59),
                "calendar_id": False,
                "resource_id": False,
            }
        )
        resource = self.env["resource.resource"].create(
            {
                "name": self.accountant.name,
                "user_id": self.accountant.id,
                "calendar_id": self.env.company.resource_calendar_id.id,
            }
        )
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Time off",
                "date_from": self._local(BRUSSELS, 2026, 3, 5, 12, 0),
                "date_to": self._local(BRUSSELS, 2026, 3, 5, 23, 0),
                "calendar_id": self.env.company.resource_calendar_id.id,
                "resource_id": resource.id,
            }
        )
        slots = self._slots(datetime(2026, 3, 2), datetime(2026, 3, 9))
        self.assertFalse([s for s in slots if s.day == 3], "Nothing on the public holiday.")
        thursday = [self._to_local(s) for s in slots if s.day == 5]
        self.assertIn("10:30", thursday)
        self.assertNotIn("11:30", thursday, "The leave starts at 12:00: 11:30 would end in it.")
        self.assertNotIn("14:00", thursday)

    @freeze_time("2026-03-20 08:00:00")
    def test_daylight_saving_week(self):
        """Brussels moves to UTC+2 on 29 March: 10:00 local is 09:00 UTC on
        Tuesday 24 and 08:00 UTC on Tuesday 31."""
        slots = self._slots(datetime(2026, 3, 23), datetime(2026, 4, 3))
        firsts = {}
        for slot in slots:
            firsts.setdefault(slot.date(), slot)
        self.assertEqual(firsts[datetime(2026, 3, 24).date()], datetime(2026, 3, 24, 9, 0))
        self.assertEqual(firsts[datetime(2026, 3, 31).date()], datetime(2026, 3, 31, 8, 0))

    @freeze_time("2026-03-20 08:00:00")
    def test_client_sees_its_own_time_zone(self):
        meeting = self.env["acr.meeting"].create(self._answers())
        new_york = pytz.timezone("America/New_York")
        week = meeting._acr_portal_week(new_york, datetime(2026, 3, 23).date())
        tuesday = week["days"][1]
        # 10:00 Brussels (UTC+1) is 05:00 in New York (UTC-4 since 8 March),
        # written as the reader's language writes times.
        self.assertEqual(tuesday["slots"][0]["label"], "5:00 AM")
        week_nb = meeting.with_context(lang="nb_NO")._acr_portal_week(new_york, datetime(2026, 3, 23).date())
        self.assertEqual(week_nb["days"][1]["slots"][0]["label"], "05:00")
        self.assertEqual(tuesday["slots"][0]["value"], "2026-03-24T09:00:00")

    @freeze_time("2026-03-02 08:00:00")
    def test_personal_windows_override_the_type(self):
        mornings = self.env["resource.calendar"].create(
            {
                "name": "Monday mornings",
                "tz": BRUSSELS,
                "attendance_ids": [
                    Command.clear(),
                    Command.create(
                        {
                            "name": "Monday",
                            "dayofweek": "0",
                            "hour_from": 9,
                            "hour_to": 12,
                            "day_period": "morning",
                        }
                    ),
                ],
            }
        )
        self.accountant.acr_booking_calendar_id = mornings
        slots = self._slots(datetime(2026, 3, 2), datetime(2026, 3, 16))
        self.assertEqual({s.weekday() for s in slots}, {0})

    def test_slot_queries_do_not_grow_with_events(self):
        """One accountant's slots over the 8-week horizon: the same number of
        queries with 200 and with 2,000 events in the calendar."""
        now = datetime.now().replace(minute=0, second=0, microsecond=0)
        Event = self.env["calendar.event"].with_context(mail_create_nolog=True, mail_notrack=True)

        def add_events(count):
            Event.create(
                [
                    {
                        "name": f"Busy {i}",
                        "start": now + timedelta(hours=30 + (i * 7) % (24 * 50)),
                        "stop": now + timedelta(hours=30 + (i * 7) % (24 * 50), minutes=30),
                        "user_id": self.accountant.id,
                        "partner_ids": [Command.set([])],
                    }
                    for i in range(count)
                ]
            )

        add_events(200)
        self.env.invalidate_all()
        with self.assertQueryCount(8):
            few = self.mtype._acr_free_slots(self.accountant)
        add_events(1800)
        self.env.invalidate_all()
        with self.assertQueryCount(8):
            many = self.mtype._acr_free_slots(self.accountant)
        self.assertLessEqual(len(many), len(few))
