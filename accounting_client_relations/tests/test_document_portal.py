from odoo.exceptions import UserError
from odoo.tests import tagged, warmup
from odoo.tools import mute_logger

from .common import AcrDocumentCase, AcrHttpCase

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@tagged("post_install", "-at_install")
class TestDocumentPortal(AcrHttpCase, AcrDocumentCase):
    """/my/documents and the upload page: two clients, by id and by token,
    CSRF on every POST, bad uploads refused with nothing written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.request_a = cls._request(cls.client_a, due="2099-04-12")
        cls.request_b = cls._request(cls.client_b, due="2099-04-12")
        cls.bank_a, cls.sales_a = cls.request_a.item_ids

    def _upload(self, request, item, files, csrf=None, token=None):
        data = {"item_id": item.id}
        if csrf is not None:
            data["csrf_token"] = csrf
        if token:
            data["access_token"] = token
        return self.url_open(
            f"/my/documents/{request.id}/upload",
            data=data,
            files=[("files", f) for f in files],
            allow_redirects=False,
        )

    def _raw_upload(self, request, item, raw_name, csrf):
        """A multipart body written by hand, the file name sent as is."""
        boundary = b"acrboundary7d1"
        parts = [
            b'--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (boundary, key, value)
            for key, value in ((b"csrf_token", csrf.encode()), (b"item_id", str(item.id).encode()))
        ]
        parts.append(
            b'--%s\r\nContent-Disposition: form-data; name="files"; filename="%s"\r\n'
            b"Content-Type: application/pdf\r\n\r\n%s\r\n" % (boundary, raw_name, PDF)
        )
        body = b"".join(parts) + b"--%s--\r\n" % boundary
        return self.url_open(
            f"/my/documents/{request.id}/upload",
            data=body,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary.decode()}"},
            allow_redirects=False,
        )

    def _attachments(self, request):
        return (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", request._name), ("res_id", "=", request.id)])
        )

    # Lists and pages ---------------------------------------------------------
    def test_list_and_home_count(self):
        self._login(self.portal_a)
        page = self.url_open("/my/documents")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f'href="/my/documents/{self.request_a.id}?', page.text)
        self.assertNotIn(f"/my/documents/{self.request_b.id}?", page.text)
        self.assertEqual(self.Request.with_user(self.portal_a)._acr_portal_open_count(), 1)
        home = self.url_open("/my")
        self.assertIn('href="/my/documents"', home.text)

    def test_access_matrix(self):
        url_a = f"/my/documents/{self.request_a.id}"
        token_a = self.request_a.access_token
        # Not logged in: nothing without the token, the page with it.
        response = self.url_open(url_a, allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertNotIn("Bank statements", response.text)
        self.assertIn("Bank statements", self.url_open(f"{url_a}?access_token={token_a}").text)
        self.assertNotIn(
            "Bank statements", self.url_open(f"{url_a}?access_token=wrong", allow_redirects=False).text
        )
        # Client A's user: by id. Client B's user: neither by id nor with A's token.
        self._login(self.portal_a)
        self.assertIn("o_acr_upload_form", self.url_open(url_a).text)
        self._login(self.portal_b)
        for url in (url_a, f"{url_a}?access_token={token_a}"):
            response = self.url_open(url, allow_redirects=False)
            self.assertIn(response.status_code, (302, 303))
            self.assertTrue(response.headers["Location"].endswith("/my"))

    def test_other_client_cannot_upload_nothing_or_submit(self):
        self._login(self.portal_b)
        csrf = self._csrf(f"/my/documents/{self.request_b.id}")
        for token in (None, self.request_a.access_token):
            response = self._upload(
                self.request_a, self.bank_a, [("x.pdf", PDF, "application/pdf")], csrf, token
            )
            self.assertIn(response.status_code, (302, 303))
            self.assertTrue(response.headers["Location"].endswith("/my"))
            for route in ("nothing", "submit"):
                response = self.url_open(
                    f"/my/documents/{self.request_a.id}/{route}",
                    data={"csrf_token": csrf, "item_id": self.sales_a.id, "access_token": token or ""},
                    allow_redirects=False,
                )
                self.assertTrue(response.headers["Location"].endswith("/my"))
        # Nor into its own request with an item of client A's.
        response = self._upload(self.request_b, self.bank_a, [("x.pdf", PDF, "application/pdf")], csrf)
        self.assertEqual(response.status_code, 400)
        self.assertIn("This checklist item does not exist", response.text)
        self.assertFalse(self._attachments(self.request_a) | self._attachments(self.request_b))
        self.assertEqual(set(self.request_a.item_ids.mapped("state")), {"pending"})

    def test_csrf_required(self):
        self._login(self.portal_a)
        with mute_logger("odoo.http"):
            response = self._upload(self.request_a, self.bank_a, [("x.pdf", PDF, "application/pdf")])
            self.assertEqual(response.status_code, 400)
            for route in ("nothing", "submit"):
                response = self.url_open(
                    f"/my/documents/{self.request_a.id}/{route}",
                    data={"item_id": self.sales_a.id},
                    allow_redirects=False,
                )
                self.assertEqual(response.status_code, 400)
        self.assertFalse(self._attachments(self.request_a))
        self.assertEqual(set(self.request_a.item_ids.mapped("state")), {"pending"})

    # Uploads -------------------------------------------------------------------
    def test_upload_two_files_nothing_and_submit(self):
        self._login(self.portal_a)
        csrf = self._csrf(f"/my/documents/{self.request_a.id}")
        response = self._upload(
            self.request_a,
            self.bank_a,
            [("march.pdf", PDF, "application/pdf"), ("march-2.csv", b"date;amount\n", "text/csv")],
            csrf,
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(set(self.bank_a.attachment_ids.mapped("name")), {"march.pdf", "march-2.csv"})
        self.assertEqual(self._attachments(self.request_a), self.bank_a.attachment_ids)
        self.assertEqual(self.bank_a.state, "uploaded")
        self.assertEqual(self.request_a.state, "partial")
        message = self.request_a.message_ids.filtered("attachment_ids")
        self.assertEqual(message.author_id, self.contact_a)
        self.assertEqual(message.attachment_ids, self.bank_a.attachment_ids)
        # Submitting before every item is answered is refused with the list.
        response = self.url_open(
            f"/my/documents/{self.request_a.id}/submit", data={"csrf_token": csrf}, allow_redirects=False
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Sales invoices", response.text)
        self.assertFalse(self.request_a.submitted_on)
        self.url_open(
            f"/my/documents/{self.request_a.id}/nothing",
            data={"csrf_token": csrf, "item_id": self.sales_a.id},
        )
        self.assertEqual(self.sales_a.state, "nothing")
        page = self.url_open(f"/my/documents/{self.request_a.id}/submit", data={"csrf_token": csrf})
        self.assertIn("Your accountant has been told", page.text)
        self.assertTrue(self.request_a.submitted_on)
        # Still open: more files may come until the firm marks it received.
        self.assertEqual(
            self._upload(
                self.request_a, self.bank_a, [("late.pdf", PDF, "application/pdf")], csrf
            ).status_code,
            303,
        )
        self.request_a.with_user(self.accountant).action_mark_received()
        response = self._upload(self.request_a, self.bank_a, [("later.pdf", PDF, "application/pdf")], csrf)
        self.assertEqual(response.status_code, 400)
        self.assertIn("contact your accountant", response.text)
        self.assertEqual(len(self.bank_a.attachment_ids), 3)

    def test_token_holder_uploads(self):
        csrf = self._csrf(f"/my/documents/{self.request_a.id}?access_token={self.request_a.access_token}")
        response = self._upload(
            self.request_a,
            self.bank_a,
            [("march.pdf", PDF, "application/pdf")],
            csrf,
            self.request_a.access_token,
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(
            self.request_a.message_ids.filtered("attachment_ids").author_id, self.client_a.partner_id
        )

    def test_bad_uploads_are_refused_and_nothing_is_written(self):
        self.env.company.acr_document_max_upload_mb = 1
        self._login(self.portal_a)
        csrf = self._csrf(f"/my/documents/{self.request_a.id}")
        messages = self.request_a.message_ids
        cases = {
            "empty": [("empty.pdf", b"", "application/pdf")],
            "larger than 1 MB": [("big.pdf", PDF + b"0" * (1024 * 1024), "application/pdf")],
            "not accepted": [("setup.exe", b"hello", "application/octet-stream")],
            "looks like a program": [("invoice.pdf", b"MZ\x90\x00" + b"\x00" * 64, "application/pdf")],
            "path separator": [("../../etc/passwd.pdf", PDF, "application/pdf")],
            "too long": [("a" * 200 + ".pdf", PDF, "application/pdf")],
            "Choose at least one file": [],
            # One good file and one bad: neither is kept.
            "script": [
                ("ok.pdf", PDF, "application/pdf"),
                ("run.pdf", b"#!/bin/sh\nrm -rf /\n", "application/pdf"),
            ],
        }
        for expected, files in cases.items():
            with self.subTest(expected):
                response = self._upload(self.request_a, self.bank_a, files, csrf)
                self.assertEqual(response.status_code, 400, expected)
                self.assertIn("o_acr_document_error", response.text)
                if expected == "script":
                    expected = "looks like a program"
                self.assertIn(expected, response.text)
        # Browsers and HTTP clients escape control characters in file names;
        # a hand-made request may not: the server refuses them too.
        # (the multipart parser may already reject some: a 400 either way).
        for name in (b"inv\x07oice.pdf", b"tab\tbed.pdf", b"esc\x1bape.pdf"):
            with self.subTest(name), mute_logger("odoo.http"):
                response = self._raw_upload(self.request_a, self.bank_a, name, csrf)
                self.assertEqual(response.status_code, 400, name)
        for name in ("inv\x07oice.pdf", "tab\tbed.pdf", "new\nline.pdf", "rtl\u202eexe.pdf"):
            with self.subTest(name), self.assertRaisesRegex(UserError, "control character"):
                self.request_a._acr_check_files([(name, PDF)])
        self.assertFalse(self._attachments(self.request_a))
        self.assertFalse(
            self.env["ir.attachment"].sudo().search([("name", "in", ("ok.pdf", "empty.pdf", "setup.exe"))])
        )
        self.assertEqual(self.bank_a.state, "pending")
        self.assertEqual(self.request_a.state, "requested")
        self.assertEqual(self.request_a.message_ids, messages)
        # The page says the limits.
        self.assertIn("Up to 1 MB per file", self.url_open(f"/my/documents/{self.request_a.id}").text)

    # Performance -----------------------------------------------------------------
    @warmup
    def test_upload_page_query_count_is_flat(self):
        self._login(self.portal_a)
        url = f"/my/documents/{self.request_a.id}"
        self.request_a._acr_portal_upload(self.bank_a, [("a.pdf", PDF)], self.contact_a)
        self.url_open(url)
        with self.assertQueryCount(QUERIES):
            self.url_open(url)
        # A year of history, with files: the page costs the same.
        for month in range(1, 13):
            old = self._request(self.client_a, period=f"2025-{month:02d}", due=f"2025-{month:02d}-20")
            old._acr_portal_upload(old.item_ids[0], [("x.pdf", PDF), ("y.pdf", PDF)], self.contact_a)
        self.request_a._acr_portal_upload(self.sales_a, [("b.pdf", PDF), ("c.pdf", PDF)], self.contact_a)
        self.url_open(url)
        with self.assertQueryCount(QUERIES):
            self.url_open(url)
        with self.assertQueryCount(LIST_QUERIES):
            self.url_open("/my/documents")


QUERIES = 13
LIST_QUERIES = 12
