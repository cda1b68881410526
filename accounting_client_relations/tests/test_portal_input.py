from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..tools import check_plain_text
from .common import SIGNATURE, AcrHttpCase, AcrMeetingCase

# A NUL byte (PostgreSQL refuses it) and an escape character (never typed).
CONTROL_CHARACTERS = {"NUL": "\x00", "ESC": "\x1b"}


@tagged("post_install", "-at_install")
class TestPortalControlCharacters(AcrHttpCase, AcrMeetingCase):
    """Every text a client posts, with a control character in it: the page
    comes back with a message naming the field, never a 500, and nothing is
    written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Meeting = cls.env["acr.meeting"]
        slot = cls.mtype._acr_free_slots(cls.accountant)[0].replace(tzinfo=None)
        cls.booked = Meeting.create(cls._answers(start=slot))
        cls.held = Meeting.create(cls._answers(start=datetime(2026, 2, 10, 9, 0), state="held"))
        cls.item = cls.env["acr.action.item"].create(
            {
                "meeting_id": cls.held.id,
                "name": "Send the payslips",
                "owner_type": "client",
                "partner_id": cls.contact_a.id,
                "date_due": date(2026, 3, 10),
            }
        )
        cls.env["acr.meeting.minutes"].create(
            {"meeting_id": cls.held.id, "summary": "<p>Hiring</p>"}
        ).action_send()
        cls.agreement = cls.env["acr.agreement"].create({"client_id": cls.client_a.id, "monthly_fee": 300})
        cls.agreement.action_mark_sent()
        cls.agreement._portal_ensure_token()

    def setUp(self):
        super().setUp()
        self._login(self.portal_a)

    def _post(self, url, data, page=None):
        response = self.url_open(url, data={"csrf_token": self._csrf(page or url), **data})
        self.assertEqual(response.status_code, 200, url)
        self.assertIn("control character", response.text, url)
        return response

    def _answers_form(self, **overrides):
        form = {
            "change_kind_ids": str(self.kind_nothing.id),
            "changes_note": "Nothing new",
            "client_prepared": "on",
            "preparation_questions": "Payroll costs?",
            "topic_name_0": "Payroll",
            "topic_minutes_0": "20",
        }
        form.update(overrides)
        return form

    @mute_logger("odoo.http")
    def test_booking_answers(self):
        Meeting = self.env["acr.meeting"]
        before = Meeting.search_count([])
        url = f"/my/meetings/book/{self.mtype.id}"
        for name, char in CONTROL_CHARACTERS.items():
            for field in ("changes_note", "preparation_questions", "topic_name_0"):
                with self.subTest(field=field, char=name):
                    self._post(url, self._answers_form(**{field: f"Two{char} hires"}))
        self.assertEqual(Meeting.search_count([]), before, "No draft meeting is written.")
        # The same answers without the character book a draft.
        response = self.url_open(url, data={"csrf_token": self._csrf(url), **self._answers_form()})
        self.assertIn("/slots", response.url)

    @mute_logger("odoo.http")
    def test_cancel_reason(self):
        url = f"/my/meetings/{self.booked.id}/cancel"
        for name, char in CONTROL_CHARACTERS.items():
            with self.subTest(char=name):
                self._post(url, {"reason": f"Ill{char}"}, page=f"/my/meetings/{self.booked.id}")
        self.booked.invalidate_recordset()
        self.assertEqual(self.booked.state, "booked")

    @mute_logger("odoo.http")
    def test_action_item_comment(self):
        url = f"/my/actions/{self.item.id}/done"
        for name, char in CONTROL_CHARACTERS.items():
            with self.subTest(char=name):
                self._post(url, {"comment": f"Sent{char}"}, page="/my/actions")
        self.item.invalidate_recordset()
        self.assertEqual(self.item.state, "open")

    @mute_logger("odoo.http")
    def test_signer_name(self):
        url = self.agreement.access_url
        for name, char in CONTROL_CHARACTERS.items():
            with self.subTest(char=name):
                self._post(f"{url}/sign", {"name": f"Alice{char}Alpha", "signature": SIGNATURE}, page=url)
        self.agreement.invalidate_recordset()
        self.assertEqual(self.agreement.state, "sent")
        self.assertFalse(self.agreement.signed_by)

    def test_the_check_itself(self):
        # Tab, line feed and carriage return are text; the rest of C0 and DEL
        # are not.
        check_plain_text(self.env, {"Note": "Line one\r\n\tLine two"})
        for char in ("\x00", "\x07", "\x1b", "\x7f"):
            with self.assertRaisesRegex(UserError, "Note contains a control character"):
                check_plain_text(self.env, {"Note": f"a{char}b"})
