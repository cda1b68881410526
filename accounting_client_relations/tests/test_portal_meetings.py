import re
from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import AcrHttpCase, AcrMeetingCase


@tagged("post_install", "-at_install")
class TestPortalMeetings(AcrHttpCase, AcrMeetingCase):
    """Every portal route for two portal users of different clients: no
    login, wrong token, right token, the other client. POSTs carry CSRF; bad
    input gets a message, never a 500."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.slot_1 = cls.mtype._acr_free_slots(cls.accountant)[0].replace(tzinfo=None)
        cls.meeting_a = cls.env["acr.meeting"].create(cls._answers(start=cls.slot_1))
        cls.slot_2 = cls.mtype._acr_free_slots(cls.accountant)[0].replace(tzinfo=None)
        cls.meeting_a._portal_ensure_token()

    def _routes_for(self, meeting):
        base = f"/my/meetings/{meeting.id}"
        return [base, f"{base}/ics", f"{base}/slots"]

    # ------------------------------------------------------------------
    # Access matrix
    # ------------------------------------------------------------------
    def test_owner_sees_its_meeting(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open(f"/my/meetings/{self.meeting_a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Hiring plan", page.text)
        self.assertIn("/calendar/join_videocall/", page.text)
        ics = self.url_open(f"/my/meetings/{self.meeting_a.id}/ics")
        self.assertIn("BEGIN:VCALENDAR", ics.text)
        self.assertIn(self.meeting_a.get_portal_url(), self.url_open("/my/meetings").text)

    def test_no_login(self):
        for url in [
            *self._routes_for(self.meeting_a),
            "/my/meetings",
            "/my/meetings/book",
            f"/my/meetings/book/{self.mtype.id}",
        ]:
            response = self.url_open(url)
            self.assertNotIn("Hiring plan", response.text, url)
            self.assertIn("/web/login", response.url, url)

    def test_tokens(self):
        wrong = self.url_open(f"/my/meetings/{self.meeting_a.id}?access_token=not-the-token")
        self.assertNotIn("Hiring plan", wrong.text)
        right = self.url_open(f"/my/meetings/{self.meeting_a.id}?access_token={self.meeting_a.access_token}")
        self.assertEqual(right.status_code, 200)
        self.assertIn("Hiring plan", right.text)

    def test_other_client_gets_nothing_by_id_or_token(self):
        meeting_b = self.env["acr.meeting"].create(
            self._answers(
                client=self.client_b,
                contact=self.contact_b,
                start=self.slot_2,
                topic_ids=[Command.create({"name": "Beta secret topic", "minutes": 20})],
            )
        )
        meeting_b._portal_ensure_token()
        self.authenticate(self.portal_b.login, self.portal_b.login)
        for url in self._routes_for(self.meeting_a):
            response = self.url_open(url)
            self.assertNotIn("Hiring plan", response.text, url)
            self.assertNotIn("BEGIN:VCALENDAR", response.text, url)
        # The other meeting's own token, while logged in as another client.
        self.meeting_a._portal_ensure_token()
        response = self.url_open(
            f"/my/meetings/{self.meeting_a.id}?access_token={self.meeting_a.access_token}"
        )
        self.assertNotIn("Hiring plan", response.text)
        # Its own token on the other meeting's id.
        response = self.url_open(f"/my/meetings/{self.meeting_a.id}?access_token={meeting_b.access_token}")
        self.assertNotIn("Hiring plan", response.text)
        self.assertNotIn(self.meeting_a.get_portal_url(), self.url_open("/my/meetings").text)

        csrf = self._csrf("/my/meetings")
        for action, data in (("cancel", {"reason": "hijack"}), ("book", {"slot": self.slot_2.isoformat()})):
            response = self.url_open(
                f"/my/meetings/{self.meeting_a.id}/{action}", data={"csrf_token": csrf, **data}
            )
            self.assertNotIn("Hiring plan", response.text)
        self.meeting_a.invalidate_recordset()
        self.assertEqual(self.meeting_a.state, "booked")
        self.assertEqual(self.meeting_a.start, self.slot_1)

    def test_slots_never_show_other_appointments(self):
        self.env["calendar.event"].create(
            {
                "name": "Confidential: merger talks with Gamma",
                "start": self.slot_2,
                "stop": self.slot_2 + timedelta(hours=1),
                "user_id": self.accountant.id,
                "partner_ids": [Command.set(self.accountant.partner_id.ids)],
            }
        )
        draft = self.env["acr.meeting"].create(self._answers())
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open(f"/my/meetings/{draft.id}/slots")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("merger", page.text)
        self.assertNotIn(self.slot_2.strftime("%Y-%m-%dT%H:%M:%S"), page.text)

    # ------------------------------------------------------------------
    # CSRF and bad input
    # ------------------------------------------------------------------
    @mute_logger("odoo.http")
    def test_posts_need_csrf(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        response = self.url_open(f"/my/meetings/{self.meeting_a.id}/cancel", data={"reason": "no token"})
        self.assertEqual(response.status_code, 400)
        response = self.url_open(f"/my/meetings/book/{self.mtype.id}", data={"changes_note": "x"})
        self.assertEqual(response.status_code, 400)
        self.meeting_a.invalidate_recordset()
        self.assertEqual(self.meeting_a.state, "booked")

    def test_answers_refused_without_the_gate_nothing_created(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        url = f"/my/meetings/book/{self.mtype.id}"
        count = self.env["acr.meeting"].search_count([])
        csrf = self._csrf(url)
        response = self.url_open(
            url,
            data={
                "csrf_token": csrf,
                "changes_note": "<script>alert('x')</script>",
                "topic_name_0": "Payroll",
                "topic_minutes_0": "20",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Confirm that you are prepared", response.text)
        self.assertNotIn("<script>alert", response.text)
        self.assertIn("&lt;script&gt;", response.text)
        self.assertEqual(response.text.count("<textarea"), response.text.count("</textarea>"))
        self.assertEqual(self.env["acr.meeting"].search_count([]), count)
        # Topics without minutes, and a malformed choice id.
        response = self.url_open(
            url,
            data={
                "csrf_token": csrf,
                "change_kind_ids": "abc",
                "client_prepared": "on",
                "topic_name_0": "Payroll",
                "topic_minutes_0": "lots",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.env["acr.meeting"].search_count([]), count)

    def test_full_booking_over_http_and_bad_slots(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        url = f"/my/meetings/book/{self.mtype.id}"
        response = self.url_open(
            url,
            data={
                "csrf_token": self._csrf(url),
                "change_kind_ids": str(self.kind_headcount.id),
                "changes_note": "Two new hires",
                "client_prepared": "on",
                "preparation_questions": "Payroll costs?",
                "topic_name_0": "Payroll",
                "topic_minutes_0": "20",
            },
        )
        self.assertEqual(response.status_code, 200)
        match = re.search(r"/my/meetings/(\d+)/slots", response.url)
        self.assertTrue(match, response.url)
        meeting = self.env["acr.meeting"].browse(int(match.group(1)))
        self.assertEqual(meeting.state, "draft")
        self.assertEqual(meeting.partner_id, self.contact_a)

        book = f"/my/meetings/{meeting.id}/book"
        csrf = self._csrf(f"/my/meetings/{meeting.id}/slots")
        bad = {
            "not a date": "tomorrow at ten",
            "taken": self.slot_1.isoformat(),
            "outside the windows": (self.slot_1 + timedelta(hours=20)).replace(hour=2).isoformat(),
            "in the past": "2020-01-07T09:00:00",
        }
        for label, slot in bad.items():
            response = self.url_open(book, data={"csrf_token": csrf, "slot": slot})
            self.assertEqual(response.status_code, 200, label)
            self.assertIn("o_acr_error", response.text, label)
            meeting.invalidate_recordset()
            self.assertEqual(meeting.state, "draft", label)

        response = self.url_open(book, data={"csrf_token": csrf, "slot": self.slot_2.isoformat()})
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_acr_booked", response.text)
        meeting.invalidate_recordset()
        self.assertEqual(meeting.state, "booked")
        self.assertEqual(meeting.event_id.partner_ids, self.accountant.partner_id | self.contact_a)
        # Moving it: the page says when it is now and asks for an optional reason.
        page = self.url_open(f"/my/meetings/{meeting.id}/slots").text
        self.assertIn("o_acr_current_time", page)
        self.assertIn('name="reason"', page)

    def test_malformed_ids(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        self.assertEqual(self.url_open("/my/meetings/not-a-number").status_code, 404)
        response = self.url_open("/my/meetings/99999999")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("o_acr_agenda", response.text)
        response = self.url_open("/my/meetings/book/99999999")
        self.assertIn("/my/meetings/book", response.url)

    # ------------------------------------------------------------------
    # Query budgets
    # ------------------------------------------------------------------
    def test_booking_pages_do_not_grow_with_past_meetings(self):
        draft = self.env["acr.meeting"].create(self._answers())
        self.authenticate(self.portal_a.login, self.portal_a.login)
        pages = [f"/my/meetings/{draft.id}/slots", "/my/meetings/book", f"/my/meetings/{self.meeting_a.id}"]

        def add_past(count, offset):
            self.env["acr.meeting"].create(
                [
                    self._answers(
                        start=datetime(2025, 1, 7, 9, 0) + timedelta(weeks=offset + i), state="held"
                    )
                    for i in range(count)
                ]
            )

        def measure():
            counts = []
            for url in pages:
                self.url_open(url)  # warm the caches
                self.env.invalidate_all()
                start = self.cr.sql_log_count
                self.url_open(url)
                counts.append(self.cr.sql_log_count - start)
            return counts

        add_past(2, 0)
        few = measure()
        add_past(20, 2)
        many = measure()
        self.assertEqual(few, many)
        with self.assertQueryCount(few[0] + 1):
            self.url_open(pages[0])


@tagged("post_install", "-at_install")
class TestPortalBookingTour(HttpCase, AcrMeetingCase):
    def test_portal_booking_tour(self):
        tour_type = self.mtype.copy(
            {"name": "Tour strategic", "stage_ids": [Command.set(self.stage_active.ids)]}
        )
        self.start_tour("/my/meetings/book", "acr_portal_booking_tour", login=self.portal_a.login)
        meeting = self.env["acr.meeting"].search([("type_id", "=", tour_type.id)])
        self.assertEqual(len(meeting), 1, "The refused attempt created nothing.")
        self.assertEqual(meeting.state, "cancelled")
        self.assertEqual(meeting.cancel_reason, "The van broke down")
        self.assertEqual(meeting.reschedule_count, 1)
        self.assertEqual(meeting.topic_ids.name, "Cash flow")
        events = self.env["calendar.event"].with_context(active_test=False)
        self.assertEqual(
            events.search_count([("acr_meeting_id", "=", meeting.id)]), 1, "moved, not duplicated"
        )
        self.assertFalse(meeting.event_id.active, "cancelled: the event is archived")
        # The client was mailed her confirmation at booking, with the .ics.
        confirmation = self.env["mail.message"].search(
            [("model", "=", "acr.meeting"), ("res_id", "=", meeting.id), ("subject", "ilike", "is booked")]
        )
        self.assertEqual(confirmation.partner_ids, self.contact_a)
        self.assertEqual(confirmation.attachment_ids.mimetype, "text/calendar")
        self.assertIn(b"Cash flow", confirmation.attachment_ids.raw)


@tagged("post_install", "-at_install")
class TestPortalLongerTour(HttpCase, AcrMeetingCase):
    def test_one_click_to_a_longer_meeting(self):
        stages = [Command.set(self.stage_active.ids)]
        short = self.mtype.copy({"name": "Tour short", "stage_ids": stages})
        long_type = self.mtype.copy({"name": "Tour long", "duration_minutes": 90, "stage_ids": stages})
        first_free = long_type._acr_free_slots(self.accountant)[0].replace(tzinfo=None)
        self.start_tour("/my/meetings/book", "acr_portal_longer_tour", login=self.portal_a.login)
        self.assertFalse(
            self.env["acr.meeting"].search([("type_id", "=", short.id)]), "the refusal wrote nothing"
        )
        meeting = self.env["acr.meeting"].search([("type_id", "=", long_type.id)])
        self.assertEqual(meeting.state, "booked")
        self.assertEqual(meeting.agenda_minutes, 80)
        self.assertEqual(meeting.start, first_free, "the slots open on the first free day")
        confirmation = self.env["mail.message"].search(
            [("model", "=", "acr.meeting"), ("res_id", "=", meeting.id), ("subject", "ilike", "is booked")]
        )
        self.assertEqual(confirmation.partner_ids, self.contact_a)
        self.assertEqual(confirmation.attachment_ids.mimetype, "text/calendar")


@tagged("post_install", "-at_install")
class TestPortalRtlTour(HttpCase, AcrMeetingCase):
    """A Persian client books through the whole gated flow on a phone: the
    pages are dir="rtl", the slots and "next week" stay within the screen."""

    browser_size = "390x844"
    touch_enabled = True

    def test_persian_booking_at_phone_width(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["ir.module.module"]._load_module_terms(
            ["accounting_client_relations", "portal", "web"], ["fa_IR"]
        )
        self.portal_a.write({"lang": "fa_IR", "tz": "Asia/Tehran"})
        tour_type = self.mtype.copy(
            {"name": "Tour strategic", "stage_ids": [Command.set(self.stage_active.ids)]}
        )
        self.start_tour("/my/meetings/book", "acr_portal_rtl_tour", login=self.portal_a.login)
        meeting = self.env["acr.meeting"].search([("type_id", "=", tour_type.id)])
        self.assertEqual(meeting.state, "booked")
        self.assertEqual(meeting.topic_ids.name, "جریان نقدی")

    def test_portal_users_land_in_their_language(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        self.portal_a.lang = "fa_IR"
        self.assertEqual(self.portal_a._acr_portal_landing_url("/my"), "/fa/my")
        self.assertEqual(self.portal_a._acr_portal_landing_url("/my/meetings/book"), "/fa/my/meetings/book")
        self.assertEqual(self.portal_a._acr_portal_landing_url("/web"), "/web")
        self.assertEqual(
            self.portal_b._acr_portal_landing_url("/my"), "/my", "English is the default: no prefix"
        )
        self.assertEqual(self.accountant._acr_portal_landing_url("/my"), "/my", "staff keep Odoo's redirect")
