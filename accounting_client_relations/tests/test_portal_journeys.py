import re
from datetime import date, timedelta

from odoo.tests import HttpCase, tagged

from .common import AcrMeetingCase


@tagged("post_install", "-at_install")
class TestPortalTimeZone(HttpCase, AcrMeetingCase):
    """The slot page shows the browser's zone (Odoo's tz cookie) until the
    client picks one, which her contact keeps; slots stay UTC on the server."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.draft = cls.env["acr.meeting"].create(cls._answers(booked_via="portal"))
        (cls.portal_a | cls.portal_b).partner_id.tz = False

    def _csrf(self, html):
        match = re.search(r'name="csrf_token" value="([^"]+)"', html) or re.search(
            r'csrf_token: "([^"]+)"', html
        )
        return match.group(1)

    def _slots(self, cookie=None):
        if cookie:
            self.opener.cookies.set("tz", cookie)
        return self.url_open(f"/my/meetings/{self.draft.id}/slots").text

    def test_the_browser_zone_is_shown_then_the_chosen_one(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        # Odoo sets the user's zone from the cookie at the first login only.
        self.portal_a.partner_id.tz = False
        html = self._slots(cookie="Asia/Tokyo")
        self.assertIn('<strong class="o_acr_tz_name">Asia/Tokyo</strong>', html)
        first = re.search(r'data-slot="([^"]+)"', html).group(1)
        self.assertEqual(first, self.mtype._acr_free_slots(self.accountant)[0].strftime("%Y-%m-%dT%H:%M:%S"))
        # She switches to another zone: stored on her contact, shown, the
        # slot values (UTC) unchanged.
        response = self.url_open(
            f"/my/meetings/{self.draft.id}/tz",
            data={"csrf_token": self._csrf(html), "tz": "America/New_York"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.portal_a.partner_id.tz, "America/New_York")
        self.assertIn('<strong class="o_acr_tz_name">America/New_York</strong>', response.text)
        self.assertIn("Use my device&#39;s time zone (Asia/Tokyo)", response.text.replace("'", "&#39;"))
        self.assertEqual(re.search(r'data-slot="([^"]+)"', response.text).group(1), first)

    def test_a_bad_zone_is_refused_with_a_message(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        html = self._slots()
        for bad in ("Mars/Olympus", "", "../../etc"):
            response = self.url_open(
                f"/my/meetings/{self.draft.id}/tz", data={"csrf_token": self._csrf(html), "tz": bad}
            )
            self.assertEqual(response.status_code, 200, bad)
            self.assertIn("o_acr_error", response.text, bad)
        self.assertFalse(self.portal_a.partner_id.tz)

    def test_the_other_client_cannot_use_the_route(self):
        self.authenticate(self.portal_b.login, self.portal_b.login)
        html = self.url_open("/my").text
        response = self.url_open(
            f"/my/meetings/{self.draft.id}/tz", data={"csrf_token": self._csrf(html), "tz": "Asia/Tokyo"}
        )
        self.assertTrue(response.url.endswith("/my"), response.url)
        self.assertFalse(self.portal_b.partner_id.tz)
        self.assertFalse(self.portal_a.partner_id.tz)

    def test_the_route_needs_csrf(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        response = self.url_open(f"/my/meetings/{self.draft.id}/tz", data={"tz": "Asia/Tokyo"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.portal_a.partner_id.tz)


@tagged("post_install", "-at_install")
class TestPortalHomeCounts(HttpCase, AcrMeetingCase):
    """The portal home shows what waits for the client, with counts."""

    def _counters(self, names):
        response = self.make_jsonrpc_request("/my/counters", {"counters": names})
        return response

    def test_what_waits_for_the_client(self):
        quote = self._sent_quote(self.client_a, "Home plan", 100.0, 50.0)
        agreement = self.env["acr.agreement"].create({"client_id": self.client_a.id, "monthly_fee": 100.0})
        agreement.action_mark_sent()
        running = self.client_a.agreement_ids.filtered(lambda a: a.state == "countersigned")
        self.env["acr.agreement.amendment"].create(
            {
                "agreement_id": running.id,
                "old_fee": 500,
                "new_fee": 550,
                "monthly_cost": 250,
                "date_effective": date.today() + timedelta(days=60),
            }
        )
        slot = self.mtype._acr_free_slots(self.accountant)[0].replace(tzinfo=None)
        meeting = self.env["acr.meeting"].create(self._answers(start=slot))
        meeting.sudo()._acr_transition_write({"minutes_sent_date": "2026-01-01 10:00:00"})
        self.env["acr.action.item"].create(
            [
                {
                    "meeting_id": meeting.id,
                    "name": name,
                    "owner_type": "client",
                    "partner_id": self.contact_a.id,
                    "date_due": due,
                }
                for name, due in (
                    ("Send the payslips", date.today() - timedelta(days=1)),
                    ("Later", date.today() + timedelta(days=9)),
                )
            ]
        )
        names = [
            "acr_quote_todo_count",
            "acr_agreement_todo_count",
            "acr_amendment_todo_count",
            "acr_action_due_count",
        ]
        self.authenticate(self.portal_a.login, self.portal_a.login)
        self.assertEqual(self._counters(names), dict.fromkeys(names, 1))
        home = self.url_open("/my").text
        for name in names:
            self.assertIn(f'data-placeholder_count="{name}"', home)
        # The other client has nothing waiting.
        self.authenticate(self.portal_b.login, self.portal_b.login)
        self.assertEqual(self._counters(names), dict.fromkeys(names, 0))
        self.assertTrue(quote)
