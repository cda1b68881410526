from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AcrDocumentCase, AcrHttpCase


@tagged("post_install", "-at_install")
@freeze_time("2027-08-01")
class TestDiscussPunctuality(AcrHttpCase, AcrDocumentCase):
    """Discuss Punctuality: a fee discussion proposed with the topic
    suggested, and a new agreement drawn up with the new terms."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement_a = cls.client_a.agreement_ids
        with cls.agreement_a._acr_transition():
            cls.agreement_a.write(
                {"surcharge_type": "fixed", "surcharge_amount": 10.0, "surcharge_cap": 50.0}
            )
        Request = cls.env["acr.document.request"].sudo()
        with Request._acr_transition():
            Request.create(
                [
                    {
                        "client_id": cls.client_a.id,
                        "period_start": f"2027-{month - 1:02d}-01",
                        "period_label": f"2027-{month - 1:02d}",
                        "date_due": f"2027-{month:02d}-10",
                        "state": "received",
                        "date_received": f"2027-{month:02d}-{day:02d}",
                    }
                    for month, day in ((3, 15), (4, 20), (5, 9), (6, 18))
                ]
            )

    def test_invite_and_draw_up_new_terms(self):
        client = self.client_a.with_user(self.accountant)
        self.assertTrue(client.document_chronically_late)
        action = client.action_discuss_punctuality()
        wizard = (
            self.env["acr.punctuality.discuss"]
            .with_user(self.accountant)
            .with_context(**action["context"])
            .create({})
        )
        # Proposed: documents three days earlier, the surcharge and cap doubled.
        self.assertEqual(wizard.agreement_id, self.agreement_a)
        self.assertEqual(
            (wizard.submission_day, wizard.surcharge_type, wizard.surcharge_amount, wizard.surcharge_cap),
            (7, "fixed", 20.0, 100.0),
        )
        self.assertEqual(wizard.meeting_type_id.kind, "fee_discussion")
        result = wizard.action_confirm()
        draft = self.env["acr.agreement"].browse(result["res_id"])
        self.assertEqual(draft.state, "draft")
        self.assertEqual(draft.client_id, self.client_a)
        self.assertEqual(
            (draft.submission_day, draft.surcharge_amount, draft.surcharge_cap), (7, 20.0, 100.0)
        )
        self.assertEqual(draft.monthly_fee, self.agreement_a.monthly_fee)
        self.assertNotEqual(draft.name, self.agreement_a.name)
        # The running agreement is untouched until the new one is signed.
        self.assertEqual((self.agreement_a.state, self.agreement_a.submission_day), ("countersigned", 10))
        # The invitation, as the client's message (Odoo's own runner sends and
        # deletes the notification mail at once).
        link = f"/my/meetings/book/{wizard.meeting_type_id.id}?suggest=punctuality"
        message = self.client_a.message_ids.filtered(lambda m: link in (m.body or ""))
        self.assertEqual(len(message), 1)
        self.assertIn(self.client_a.partner_id, message.partner_ids)
        # The booking page suggests the topic.
        self._login(self.portal_a)
        page = self.url_open(f"/my/meetings/book/{wizard.meeting_type_id.id}?suggest=punctuality").text
        self.assertIn("Punctuality of the monthly documents", page)
        page = self.url_open(f"/my/meetings/book/{wizard.meeting_type_id.id}?suggest=%3Cscript%3E").text
        self.assertNotIn("Punctuality of the monthly documents", page)
        self.assertNotIn("<script>", page.split("</head>", 1)[1])

    def test_only_the_firm(self):
        with mute_logger("odoo.addons.base.models.ir_model", "odoo.models"), self.assertRaises(AccessError):
            self.env["acr.punctuality.discuss"].with_user(self.portal_a).create(
                {"client_id": self.client_a.id}
            )
        self.assertFalse(self.client_b.with_user(self.accountant).document_chronically_late)
