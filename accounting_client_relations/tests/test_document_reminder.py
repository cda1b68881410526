from freezegun import freeze_time

from odoo.tests import tagged

from .common import AcrDocumentCase


@tagged("post_install", "-at_install")
class TestDocumentReminders(AcrDocumentCase):
    """Reminders on the cadence (-5, 0, +2, +7 days by default), each once,
    none once received, then an activity to call the client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.acr_document_reminder_offsets = "-5,0,2,7"
        # Due Monday 12 April 2027: reminders on 7, 12, 14 and 19 April.
        cls.request_a = cls._request(cls.client_a)

    def _run(self, day):
        with freeze_time(day):
            self.Request._cron_document_reminders()

    def _mails(self, request=None):
        request = request or self.request_a
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", request._name),
                    ("res_id", "=", request.id),
                    ("subject", "ilike", "Your documents"),
                ]
            )
        )

    def _calls(self, request=None):
        request = request or self.request_a
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", request._name),
                ("res_id", "=", request.id),
                ("activity_type_id", "=", self.env.ref("mail.mail_activity_data_call").id),
            ]
        )

    def test_each_reminder_once_then_the_call(self):
        self.assertEqual(str(self.request_a.next_reminder_date), "2027-04-07")
        expected = {
            "2027-04-06": 0,
            "2027-04-07": 1,
            "2027-04-08": 1,
            "2027-04-12": 2,
            "2027-04-13": 2,
            "2027-04-14": 3,
            "2027-04-18": 3,
        }
        for day, count in expected.items():
            self._run(day)
            self._run(day)  # twice the same day: nothing more
            self.assertEqual(len(self._mails()), count, day)
        self.assertFalse(self._calls())
        self._run("2027-04-19")
        self.assertEqual(len(self._mails()), 4)
        call = self._calls()
        self.assertEqual(len(call), 1)
        self.assertEqual(call.user_id, self.accountant)
        self.assertIn("2027-03", call.summary)
        self._run("2027-04-20")
        self._run("2027-05-20")
        self.assertEqual(len(self._mails()), 4)
        self.assertEqual(len(self._calls()), 1)
        self.assertEqual(self.request_a.reminders_sent, "-5,0,2,7")
        self.assertFalse(self.request_a.next_reminder_date)

    def test_mail_content_and_link(self):
        self._run("2027-04-07")
        mail = self._mails()
        self.assertEqual(mail.recipient_ids, self.client_a.partner_id)
        self.assertIn(
            f"/my/documents/{self.request_a.id}?access_token={self.request_a.access_token}", mail.body_html
        )
        self.assertIn("Bank statements", mail.body_html)
        self.assertIn("04/12/2027", mail.body_html)
        self.request_a._acr_portal_nothing(self.request_a.item_ids[1], self.contact_a)
        with freeze_time("2027-04-13"):
            self.Request._cron_document_requests()  # marks it late, then reminds
        late = self._mails() - mail
        self.assertIn("1 day(s) ago", late.body_html)
        self.assertIn("Bank statements", late.body_html)
        self.assertNotIn("Sales invoices", late.body_html)

    def test_in_the_contact_language(self):
        self.env["res.lang"]._activate_lang("nb_NO")
        self.client_a.partner_id.lang = "nb_NO"
        self._run("2027-04-07")
        # Norwegian dates (12.04.2027), and the Norwegian text where the
        # language's translations are loaded: not filtered on the English
        # subject.
        mail = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", self.request_a._name),
                    ("res_id", "=", self.request_a.id),
                    ("recipient_ids", "in", self.client_a.partner_id.ids),
                ]
            )
        )
        self.assertEqual(len(mail), 1, mail.mapped("subject"))
        self.assertIn("12.04.2027", mail.subject)
        self.assertNotIn("04/12/2027", mail.body_html)

    def test_none_after_receipt_or_waiver(self):
        request_b = self._request(self.client_b)
        self._run("2027-04-07")
        self.assertEqual(len(self._mails()), 1)
        with freeze_time("2027-04-10"):
            self.request_a.with_user(self.accountant).action_mark_received()
            request_b.waive_reason = "Closed for renovation"
            request_b.with_user(self.accountant).action_waive()
        for day in ("2027-04-12", "2027-04-14", "2027-04-19"):
            self._run(day)
        self.assertEqual(len(self._mails()), 1)
        self.assertEqual(len(self._mails(request_b)), 1)
        self.assertFalse(self._calls() | self._calls(request_b))

    def test_late_job_sends_one_not_three(self):
        self._run("2027-04-15")  # -5, 0 and +2 have all passed: one mail
        self.assertEqual(len(self._mails()), 1)
        self.assertEqual(self.request_a.reminders_sent, "-5,0,2")
        self.assertEqual(str(self.request_a.next_reminder_date), "2027-04-19")

    def test_client_cadence_overrides_the_company(self):
        self.client_b.document_reminder_offsets = "-1, 3, junk"
        request_b = self._request(self.client_b)
        self.assertEqual(str(request_b.next_reminder_date), "2027-04-11")
        self._run("2027-04-11")
        self.assertEqual(len(self._mails(request_b)), 1)
        self._run("2027-04-15")
        self.assertEqual(len(self._mails(request_b)), 2)
        self.assertEqual(len(self._calls(request_b)), 1)
