from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import SIGNATURE, AcrCase, AcrHttpCase


@tagged("post_install", "-at_install")
class TestPortal(AcrHttpCase, AcrCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Client = cls.env["acr.client"]
        cls.client_a = Client.create(cls._complete_vals("Alpha Bakery", stage_id=cls.stage_quoted.id))
        cls.client_b = Client.create(cls._complete_vals("Beta Garage", stage_id=cls.stage_quoted.id))
        cls.portal_a = cls._portal_user("portal_alpha", cls.client_a)
        cls.portal_b = cls._portal_user("portal_beta", cls.client_b)
        plan = cls.env["acr.tariff.plan"].create(
            {
                "name": "Portal plan",
                "rule_ids": [
                    Command.create({"name": "Base fee", "rule_type": "fixed", "price": 321, "cost": 100})
                ],
            }
        )
        Quote = cls.env["acr.tariff.quote"]
        cls.quote_a = Quote.create({"client_id": cls.client_a.id, "plan_id": plan.id})
        cls.quote_b = Quote.create({"client_id": cls.client_b.id, "plan_id": plan.id})
        (cls.quote_a | cls.quote_b).action_mark_sent()
        cls.agreement_a = cls.env["acr.agreement"].create(
            {
                "client_id": cls.client_a.id,
                "monthly_fee": 321,
                "included_service_ids": [
                    Command.set(cls.env.ref("accounting_client_relations.service_vat").ids)
                ],
                "excluded_service_ids": [
                    Command.set(cls.env.ref("accounting_client_relations.service_tax_audit").ids)
                ],
            }
        )
        cls.agreement_b = cls.env["acr.agreement"].create({"client_id": cls.client_b.id, "monthly_fee": 321})
        (cls.agreement_a | cls.agreement_b).action_mark_sent()

    @classmethod
    def _portal_user(cls, login, client):
        contact = cls.env["res.partner"].create(
            {"name": f"{login} contact", "parent_id": client.partner_id.id, "email": f"{login}@example.com"}
        )
        return new_test_user(cls.env, login, groups="base.group_portal", partner_id=contact.id)

    def _assert_no_data(self, response, record):
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith("/my") or "/web/login" in response.url, response.url)
        self.assertNotIn(record.name, response.text)

    @mute_logger("odoo.http")
    def test_access_matrix(self):
        for record, other in ((self.quote_a, self.quote_b), (self.agreement_a, self.agreement_b)):
            url = record.access_url
            with self.subTest(record=record._name, who="public, no token"):
                self._assert_no_data(self.url_open(url), record)
            with self.subTest(record=record._name, who="public, wrong token"):
                self._assert_no_data(self.url_open(f"{url}?access_token=not-the-token"), record)
            with self.subTest(record=record._name, who="public, right token"):
                response = self.url_open(f"{url}?access_token={record.access_token}")
                self.assertEqual(response.url.split("?")[0].rsplit("/", 1)[-1], str(record.id))
                self.assertIn(record.partner_id.name, response.text)
            self.authenticate("portal_beta", "portal_beta")
            with self.subTest(record=record._name, who="other client by id"):
                self._assert_no_data(self.url_open(url), record)
            with self.subTest(record=record._name, who="other client with the token"):
                self._assert_no_data(self.url_open(f"{url}?access_token={record.access_token}"), record)
            with self.subTest(record=record._name, who="other client lists"):
                listing = self.url_open(
                    "/my/quotes" if record._name == "acr.tariff.quote" else "/my/agreements"
                )
                self.assertIn(other.name, listing.text)
                self.assertNotIn(record.name, listing.text)
            self.authenticate("portal_alpha", "portal_alpha")
            with self.subTest(record=record._name, who="own client"):
                response = self.url_open(url)
                self.assertIn(record.name, response.text)
            self.logout()

    @mute_logger("odoo.http")
    def test_other_client_cannot_accept_or_sign(self):
        self.authenticate("portal_beta", "portal_beta")
        csrf = self._csrf(self.quote_b.access_url)
        self.url_open(
            f"/my/quotes/{self.quote_a.id}/accept",
            data={"csrf_token": csrf, "access_token": self.quote_a.access_token},
        )
        self.url_open(
            f"/my/agreements/{self.agreement_a.id}/sign",
            data={
                "csrf_token": csrf,
                "access_token": self.agreement_a.access_token,
                "name": "Intruder",
                "signature": SIGNATURE,
            },
        )
        self.assertEqual(self.quote_a.state, "sent")
        self.assertEqual(self.agreement_a.state, "sent")

    @mute_logger("odoo.http")
    def test_accept_and_sign_with_csrf_from_the_page(self):
        self.authenticate("portal_alpha", "portal_alpha")
        page = self.url_open(self.quote_a.access_url)
        self.assertIn("321.00", page.text)
        self.assertNotIn("100.00", page.text, "The client never sees the firm's cost")
        # Without the page's CSRF token the POST is refused.
        refused = self.url_open(f"/my/quotes/{self.quote_a.id}/accept", data={"access_token": ""})
        self.assertEqual(refused.status_code, 400)
        self.assertEqual(self.quote_a.state, "sent")
        response = self.url_open(
            f"/my/quotes/{self.quote_a.id}/accept", data={"csrf_token": self._csrf_in(page.text)}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.quote_a.state, "accepted")
        self.assertEqual(self.quote_a.accepted_by_id, self.portal_a.partner_id)
        self.assertTrue(self.quote_a.accepted_ip)
        self.assertEqual(self.client_a.stage_id, self.stage_contracting)

        page = self.url_open(self.agreement_a.access_url)
        self.assertIn("accounting_client_relations.agreement_sign_form", page.text)
        response = self.url_open(
            f"/my/agreements/{self.agreement_a.id}/sign",
            data={"csrf_token": self._csrf_in(page.text), "name": "Alice Alpha", "signature": SIGNATURE},
        )
        self.assertIn("Thank you for signing", response.text)
        self.assertEqual(self.agreement_a.state, "signed")
        self.assertEqual(self.agreement_a.signed_by, "Alice Alpha")
        self.assertEqual(self.agreement_a.signed_partner_id, self.portal_a.partner_id)
        self.assertTrue(self.agreement_a.signed_ip)
        self.assertTrue(self.agreement_a.signature)
        self.assertTrue(
            any("Signed by Alice Alpha" in body for body in self.agreement_a.message_ids.mapped("body"))
        )

    def test_welcome_pack_pdf(self):
        report = self.env["ir.actions.report"]
        html = report._render_qweb_html(
            "accounting_client_relations.action_report_welcome_pack", self.agreement_a.ids
        )[0]
        html = html.decode()
        for text in (
            "VAT returns",
            "Representation in tax audits",
            "Ann Accountant",
            "Cora Coordinator",
            "321.00",
        ):
            self.assertIn(text, html)
        # Debian's wkhtmltopdf (unpatched Qt) warns about header options it
        # ignores; the patched 0.12.6.1 build used in production does not.
        with mute_logger("odoo.addons.base.models.ir_actions_report"):
            pdf, kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(
                "accounting_client_relations.action_report_welcome_pack", self.agreement_a.ids
            )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_welcome_pack_downloads_when_asked(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        base = f"/my/agreements/{self.agreement_a.id}?report_type=pdf"
        download = self.url_open(base + "&download=true")
        inline = self.url_open(base)
        self.assertEqual(download.status_code, 200)
        self.assertTrue(download.headers["Content-Disposition"].startswith("attachment;"))
        self.assertFalse(inline.headers.get("Content-Disposition", "").startswith("attachment"))
        page = self.url_open(f"/my/agreements/{self.agreement_a.id}").text
        self.assertIn("download=true", page)

    def test_portal_tour_accept_and_sign(self):
        self.start_tour(
            f"/my/quotes/{self.quote_a.id}",
            "acr_portal_accept_sign_tour",
            login="portal_alpha",
        )
        self.assertEqual(self.quote_a.state, "accepted")
        self.assertEqual(self.agreement_a.state, "signed")
        self.assertTrue(self.agreement_a.signature)
