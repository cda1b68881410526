from datetime import date, datetime, timedelta

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import AcrHttpCase, AcrMeetingCase


@tagged("post_install", "-at_install")
class TestPortalMinutes(AcrHttpCase, AcrMeetingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Meeting = cls.env["acr.meeting"]
        cls.meeting_a = Meeting.create(cls._answers(start=datetime(2026, 2, 10, 9, 0), state="held"))
        cls.meeting_b = Meeting.create(
            cls._answers(
                client=cls.client_b,
                contact=cls.contact_b,
                start=datetime(2026, 2, 12, 9, 0),
                state="held",
            )
        )
        Item = cls.env["acr.action.item"]
        cls.item_a = Item.create(
            {
                "meeting_id": cls.meeting_a.id,
                "name": "Send the payslips",
                "owner_type": "client",
                "partner_id": cls.contact_a.id,
                "date_due": date(2026, 3, 10),
            }
        )
        cls.firm_item_a = Item.create(
            {
                "meeting_id": cls.meeting_a.id,
                "name": "Simulate hiring costs",
                "owner_type": "firm",
                "user_id": cls.accountant.id,
                "date_due": date(2026, 3, 6),
            }
        )
        cls.item_b = Item.create(
            {
                "meeting_id": cls.meeting_b.id,
                "name": "Beta private item",
                "owner_type": "client",
                "partner_id": cls.contact_b.id,
                "date_due": date(2026, 3, 10),
            }
        )
        for meeting, text in (
            (cls.meeting_a, "Alpha hires two bakers"),
            (cls.meeting_b, "Beta sells the garage"),
        ):
            minutes = cls.env["acr.meeting.minutes"].create(
                {"meeting_id": meeting.id, "summary": f"<p>{text}</p>"}
            )
            minutes.action_send()
        cls.draft_revision = cls.meeting_a._acr_latest_sent_minutes()._acr_new_revision("Typo in the date")
        cls.draft_revision.summary = "<p>Draft correction not yet sent</p>"

    def test_client_sees_the_latest_sent_minutes_and_items(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open(f"/my/meetings/{self.meeting_a.id}").text
        self.assertIn("Alpha hires two bakers", page)
        self.assertNotIn("Draft correction", page)
        self.assertIn("Send the payslips", page)
        self.assertIn("Simulate hiring costs", page)
        pdf = self.url_open(f"/my/meetings/{self.meeting_a.id}/minutes")
        self.assertEqual(pdf.status_code, 200)
        self.assertIn("Alpha hires two bakers", pdf.text)
        actions = self.url_open("/my/actions").text
        self.assertIn("Send the payslips", actions)
        self.assertNotIn("Beta private item", actions)

    def test_other_client_gets_nothing(self):
        self.authenticate(self.portal_b.login, self.portal_b.login)
        for url in (f"/my/meetings/{self.meeting_a.id}", f"/my/meetings/{self.meeting_a.id}/minutes"):
            response = self.url_open(url)
            self.assertNotIn("Alpha hires two bakers", response.text, url)
        csrf = self._csrf("/my/actions")
        response = self.url_open(
            f"/my/actions/{self.item_a.id}/done", data={"csrf_token": csrf, "comment": "x"}
        )
        self.assertNotIn("Send the payslips", response.text)
        self.item_a.invalidate_recordset()
        self.assertEqual(self.item_a.state, "open")

    def test_no_login_and_tokens(self):
        self.assertIn("/web/login", self.url_open("/my/actions").url)
        response = self.url_open(f"/my/meetings/{self.meeting_a.id}/minutes?access_token=wrong")
        self.assertNotIn("Alpha hires two bakers", response.text)
        self.meeting_a._portal_ensure_token()
        response = self.url_open(
            f"/my/meetings/{self.meeting_a.id}/minutes?access_token={self.meeting_a.access_token}"
        )
        self.assertIn("Alpha hires two bakers", response.text)

    def test_client_closes_its_own_item_only(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        csrf = self._csrf("/my/actions")
        response = self.url_open(f"/my/actions/{self.firm_item_a.id}/done", data={"csrf_token": csrf})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Only your own action items", response.text)
        self.firm_item_a.invalidate_recordset()
        self.assertEqual(self.firm_item_a.state, "open")

        self.url_open(
            f"/my/actions/{self.item_a.id}/done", data={"csrf_token": csrf, "comment": "Sent <b>today</b>"}
        )
        self.item_a.invalidate_recordset()
        self.assertEqual(self.item_a.state, "done")
        self.assertEqual(self.item_a.done_comment, "Sent <b>today</b>")
        note = self.meeting_a.message_ids[0]
        self.assertIn("Send the payslips", note.body)
        self.assertIn("&lt;b&gt;today", note.body, "The comment is escaped in the chatter.")
        self.assertEqual(note.author_id, self.contact_a)

        response = self.url_open(f"/my/actions/{self.item_a.id}/done", data={"csrf_token": csrf})
        self.assertIn("no longer open", response.text)

    @mute_logger("odoo.http")
    def test_done_needs_csrf(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        response = self.url_open(f"/my/actions/{self.item_a.id}/done", data={"comment": "no token"})
        self.assertEqual(response.status_code, 400)
        self.item_a.invalidate_recordset()
        self.assertEqual(self.item_a.state, "open")

    def test_carry_over_in_the_booking_form(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open(f"/my/meetings/book/{self.mtype.id}").text
        self.assertIn("o_acr_carry_over", page)
        self.assertIn('value="Send the payslips"', page)

    def test_actions_page_query_budget(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)

        def measure():
            self.url_open("/my/actions")
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            self.url_open("/my/actions")
            return self.cr.sql_log_count - start

        few = measure()
        self.env["acr.action.item"].create(
            [
                {
                    "meeting_id": self.meeting_a.id,
                    "name": f"Extra {i}",
                    "owner_type": "client",
                    "partner_id": self.contact_a.id,
                    "date_due": date(2026, 4, 1),
                }
                for i in range(20)
            ]
        )
        self.assertEqual(measure(), few)

    def test_actions_page_is_paged_like_quotes(self):
        """Open items come 20 a page, soonest due first; the page's query
        count is the same with some 45 and with 245 open items."""
        self.authenticate(self.portal_a.login, self.portal_a.login)

        def add(count, start):
            self.env["acr.action.item"].create(
                [
                    {
                        "meeting_id": self.meeting_a.id,
                        "name": f"Paged {start + i:04d}",
                        "owner_type": "client",
                        "partner_id": self.contact_a.id,
                        "date_due": date(2026, 5, 1) + timedelta(days=start + i),
                    }
                    for i in range(count)
                ]
            )

        def queries(url):
            self.url_open(url)
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            self.url_open(url)
            return self.cr.sql_log_count - start

        add(44, 0)  # with the class's open items: 3 pages
        total = self.env["acr.action.item"].with_user(self.portal_a)._acr_portal_open_count()
        self.assertTrue(40 < total <= 60)
        first = self.url_open("/my/actions").text
        self.assertEqual(first.count("o_acr_action_item"), 20)
        self.assertIn("/my/actions/page/3", first)
        self.assertIn(self.item_a.name, first)
        third = self.url_open("/my/actions/page/3").text
        self.assertEqual(third.count("o_acr_action_item"), total - 40)
        self.assertIn("Paged 0043", third)
        self.assertNotIn("Paged 0000", third)
        small = queries("/my/actions/page/2")
        add(200, 44)
        self.assertEqual(queries("/my/actions/page/2"), small)
        # A page past the end shows the last one, never an error.
        self.assertEqual(self.url_open("/my/actions/page/999").status_code, 200)


@tagged("post_install", "-at_install")
class TestMinutesTours(HttpCase, AcrMeetingCase):
    def test_minutes_written_sent_seen_and_closed(self):
        meeting = self.env["acr.meeting"].create(
            self._answers(start=datetime(2026, 2, 10, 9, 0), state="held")
        )
        meeting.action_item_ids = [
            Command.create(
                {
                    "name": "Send the payslips",
                    "owner_type": "client",
                    "partner_id": self.contact_a.id,
                    "date_due": date(2026, 3, 10),
                }
            )
        ]
        self.start_tour(
            f"/odoo/action-accounting_client_relations.acr_meeting_action/{meeting.id}",
            "acr_minutes_backoffice_tour",
            login=self.accountant.login,
        )
        minutes = meeting._acr_latest_sent_minutes()
        self.assertIn("two bakers in April", minutes.summary)
        self.start_tour(f"/my/meetings/{meeting.id}", "acr_minutes_portal_tour", login=self.portal_a.login)
        self.assertEqual(meeting.action_item_ids.state, "done")
        self.assertEqual(meeting.action_item_ids.done_comment, "Uploaded to the shared folder")
