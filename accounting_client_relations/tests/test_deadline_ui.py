from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import AcrDeadlineCase


@tagged("post_install", "-at_install")
class TestDeadlineUi(HttpCase, AcrDeadlineCase):
    def _overdue(self, client, template, days=3, label="2026-10"):
        """An open deadline past its due date (created as the generator
        would, with its state to do)."""
        today = fields.Date.context_today(self.env.user)
        return self.Deadline.create(
            {
                "client_id": client.id,
                "template_id": template.id,
                "period_start": today - timedelta(days=60 + days),
                "period_end": today - timedelta(days=30 + days),
                "period_label": label,
                "date_due": today - timedelta(days=days),
                "role": "tax_user_id",
                "user_id": client.tax_user_id.id,
            }
        )

    def test_accountant_marks_an_overdue_deadline_done(self):
        template = self.Template.create(
            {
                "name": "Tour VAT return",
                "country_id": self.env.ref("base.pl").id,
                "responsible_role": "tax_user_id",
            }
        )
        client = self._vat_clients(1, "Tour Bakery")
        deadline = self._overdue(client, template)
        self.assertTrue(deadline.is_late)
        self.start_tour(
            "/odoo/action-accounting_client_relations.acr_deadline_action_my",
            "acr_deadline_done_tour",
            login=self.tax_user.login,
        )
        self.assertEqual(deadline.state, "done")
        self.assertTrue(deadline.done_late)
        self.assertEqual(deadline.done_by_id, self.tax_user)
        self.assertFalse(deadline.is_late)


@tagged("post_install", "-at_install")
class TestDeadlinePortal(HttpCase, AcrDeadlineCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.documents = cls.Template.create(
            {
                "name": "Send the month's documents",
                "kind": "client_documents",
                "due_months": 1,
                "due_day": 5,
                "responsible_role": "user_id",
            }
        )
        cls.client_a = cls._vat_clients(1, "Alpha Bakery")
        cls.client_b = cls._vat_clients(1, "Beta Garage")
        cls.client_a.deadline_ids.filtered(lambda d: d.template_id == cls.documents)[
            :1
        ].notes = "SECRET-NOTE-A"
        Partner = cls.env["res.partner"]
        contact_a = Partner.create({"name": "Alice Alpha", "parent_id": cls.client_a.partner_id.id})
        contact_b = Partner.create({"name": "Bruno Beta", "parent_id": cls.client_b.partner_id.id})
        cls.portal_a = new_test_user(cls.env, "acr_dl_a", groups="base.group_portal", partner_id=contact_a.id)
        cls.portal_b = new_test_user(cls.env, "acr_dl_b", groups="base.group_portal", partner_id=contact_b.id)
        cls.client_b.deadline_ids.filtered(lambda d: d.template_id == cls.documents)[:1].action_mark_done()

    def _page(self, user):
        self.authenticate(user.login, user.login)
        response = self.url_open("/my/deadlines")
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_each_client_sees_only_its_own_documents_due(self):
        page_a = self._page(self.portal_a)
        self.assertEqual(page_a.count("o_acr_deadline "), 12)
        self.assertIn("Send the month&#39;s documents", page_a)
        # Nothing internal: not the VAT return (a firm deadline), not the
        # responsible accountant, not the notes, not the other client.
        self.assertNotIn("VAT return", page_a)
        self.assertNotIn(self.accountant.name, page_a)
        self.assertNotIn("SECRET-NOTE-A", page_a)
        self.assertNotIn("o_acr_deadline_done", page_a)
        page_b = self._page(self.portal_b)
        self.assertEqual(page_b.count("o_acr_deadline "), 11)
        self.assertEqual(page_b.count("o_acr_deadline_done"), 1)

    def test_home_card_counts_and_anonymous_is_sent_to_login(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["acr_deadline_count"]})
        self.assertEqual(counters["acr_deadline_count"], 12)
        self.assertIn("/my/deadlines", self.url_open("/my").text)
        self.authenticate(None, None)
        response = self.url_open("/my/deadlines", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])
