from odoo.tests import HttpCase, tagged

from .common import AcrDocumentCase


@tagged("post_install", "-at_install")
class TestDocumentUi(HttpCase, AcrDocumentCase):
    def test_client_uploads_and_accountant_receives(self):
        request = self._request(self.client_a, period="2099-03", due="2099-04-12")
        other = self._request(self.client_b, period="2099-03", due="2099-04-12")
        bank, sales = request.item_ids
        self.start_tour("/my/documents", "acr_document_upload_tour", login=self.portal_a.login)
        self.assertEqual(sorted(bank.attachment_ids.mapped("name")), ["statement-1.pdf", "statement-2.pdf"])
        self.assertEqual(bank.state, "uploaded")
        self.assertEqual(sales.state, "nothing")
        self.assertTrue(request.submitted_on)
        self.assertFalse(other.item_ids.attachment_ids)

        self.start_tour(
            f"/odoo/action-accounting_client_relations.acr_document_request_action/{request.id}",
            "acr_document_receive_tour",
            login=self.accountant.login,
        )
        self.assertEqual(request.state, "received")
        self.assertEqual(request.received_by_id, self.accountant)
        self.assertEqual(bank.state, "received")
        self.assertEqual(sales.state, "nothing")
