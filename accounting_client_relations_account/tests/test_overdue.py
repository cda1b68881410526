from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import AcrInvoiceCase, make_invoice


@tagged("post_install", "-at_install")
class TestOverdueCadence(AcrInvoiceCase):
    """Reminders 3, 10 and 20 days after the due date, each once; at 20 days
    the fee conversation: an activity for the accountant, an invitation for
    the client, once per client."""

    def _invitations(self, client):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "acr.client"),
                ("res_id", "=", client.id),
                ("recipient_ids", "in", client.partner_id.ids),
            ]
        )

    def _reminders(self, move):
        return self.env["mail.mail"].search([("model", "=", "account.move"), ("res_id", "=", move.id)])

    def _run(self, day):
        with freeze_time(f"{day} 06:00:00"):
            self.env["account.move"]._cron_overdue_fees()

    def test_cadence_each_reminder_once(self):
        agreement = self.agreements[0]
        move = make_invoice(self.env, agreement, "2026-10-01")
        paid = make_invoice(self.env, self.agreements[1], "2026-10-01")
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=paid.ids
        ).create({"payment_date": "2026-10-02"})._create_payments()
        self._run("2026-10-03")
        self.assertFalse(self._reminders(move), "2 days overdue: nothing yet")
        self._run("2026-10-04")
        self.assertEqual(len(self._reminders(move)), 1)
        self.assertEqual(move.acr_reminder_count, 1)
        mail = self._reminders(move)
        self.assertIn(move.name, mail.subject)
        self.assertIn(move.get_portal_url(), mail.body_html)
        self.assertEqual(mail.recipient_ids, move.partner_id)
        self._run("2026-10-05")
        self._run("2026-10-10")
        self.assertEqual(len(self._reminders(move)), 1, "each reminder once")
        self._run("2026-10-11")
        self.assertEqual(move.acr_reminder_count, 2)
        self.assertFalse(self.clients[0].activity_ids, "no fee conversation before 20 days")
        self._run("2026-10-21")
        self.assertEqual(move.acr_reminder_count, 3)
        self.assertEqual(len(self._reminders(move)), 3)
        # The fee conversation: the accountant's activity, the client's invitation.
        talk_type = self.env.ref("accounting_client_relations_account.mail_activity_type_fee_talk")
        activity = self.clients[0].activity_ids
        self.assertEqual(activity.activity_type_id, talk_type)
        self.assertEqual(activity.user_id, self.accountant)
        invitation = self._invitations(self.clients[0])
        self.assertEqual(len(invitation), 1)
        fee_type = self.env.ref("accounting_client_relations.meeting_type_fee")
        self.assertIn(f"/my/meetings/book/{fee_type.id}", invitation.body_html)
        self.assertTrue(move.acr_fee_talk_done)
        self._run("2026-10-22")
        self._run("2026-11-30")
        self.assertEqual(len(self._reminders(move)), 3)
        self.assertEqual(len(self.clients[0].activity_ids), 1)
        # The paid invoice was never reminded.
        self.assertFalse(self._reminders(paid))
        self.assertFalse(self.clients[1].activity_ids)

    def test_missed_days_send_one_mail(self):
        move = make_invoice(self.env, self.agreements[0], "2026-10-01")
        self._run("2026-10-15")
        self.assertEqual(len(self._reminders(move)), 1)
        self.assertEqual(move.acr_reminder_count, 2)

    def test_one_conversation_per_client(self):
        first = make_invoice(self.env, self.agreements[0], "2026-09-01")
        second = make_invoice(self.env, self.agreements[0], "2026-09-15")
        self._run("2026-10-20")
        self.assertEqual(len(self.clients[0].activity_ids), 1)
        self.assertIn(first.name, self.clients[0].activity_ids.note)
        self.assertIn(second.name, self.clients[0].activity_ids.note)
        invitations = self._invitations(self.clients[0])
        self.assertEqual(len(invitations), 1)

    def test_cadence_setting_is_validated(self):
        with self.assertRaises(ValidationError):
            self.company.acr_reminder_offsets = "3, ten"
        self.company.acr_reminder_offsets = "5, 15"
        self.assertEqual(self.company._acr_reminder_offsets(), [5, 15])
