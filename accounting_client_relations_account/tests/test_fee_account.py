from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import AcrInvoiceCase, make_invoice


@tagged("post_install", "-at_install")
class TestFeeAccount(AcrInvoiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.acr_invoice_post = True
        Agreement = cls.env["acr.agreement"]
        for day in ("2026-09-01", "2026-10-01", "2026-11-01"):
            with freeze_time(day):
                Agreement._cron_invoice_agreements()

    def _pay(self, move, day):
        with freeze_time(day):
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=move.ids
            ).create({"payment_date": day})._create_payments()

    def _invoice(self, client, period):
        return self.env["account.move"].search(
            [("acr_client_id", "=", client.id), ("acr_period_start", "=", period)]
        )

    @freeze_time("2026-11-20")
    def test_fee_account_figures(self):
        client = self.clients[0]
        august, september, october = (
            self._invoice(client, period) for period in ("2026-08-01", "2026-09-01", "2026-10-01")
        )
        self.assertEqual(august.invoice_date_due.isoformat(), "2026-10-01")  # 30 days net
        self._pay(august, "2026-09-20")  # on time
        self._pay(september, "2026-11-10")  # due 31 October: 10 days late
        client.invalidate_recordset()
        client = client.with_user(self.accountant)
        self.assertEqual(client.invoice_count, 3)
        self.assertAlmostEqual(client.fee_open_balance, october.amount_total)
        self.assertEqual(client.fee_overdue_amount, 0.0)  # October's is due on 1 December
        self.assertEqual(client.fee_last_payment_date.isoformat(), "2026-11-10")
        self.assertEqual((client.fee_paid_on_time, client.fee_paid_late), (1, 1))
        self.assertAlmostEqual(client.fee_average_days_late, 10.0)
        # A client with immediate terms: its three invoices, two overdue.
        other = self.clients[1].with_user(self.accountant)
        invoices = self.env["account.move"].search([("acr_client_id", "=", other.id)])
        self.assertAlmostEqual(other.fee_open_balance, sum(invoices.mapped("amount_total")))
        overdue = invoices.filtered(lambda m: m.invoice_date_due.isoformat() < "2026-11-20")
        self.assertAlmostEqual(other.fee_overdue_amount, sum(overdue.mapped("amount_total")))
        self.assertEqual(other.fee_overdue_days, 80)  # due 1 September
        self.assertFalse(other.fee_last_payment_date)

    def test_fee_account_one_query_for_a_page(self):
        """Reading the fee account of a page of client files costs the same
        queries for one file as for many."""
        more = self._create_clients(12, "Page Client")
        self._countersigned_agreements(more, fee=100.0, date_start="2026-01-01")
        with freeze_time("2026-11-01"):
            self.env["acr.agreement"]._cron_invoice_agreements()
        fields = [
            "invoice_count",
            "fee_open_balance",
            "fee_overdue_amount",
            "fee_overdue_days",
            "fee_last_payment_date",
        ]
        Client = self.env["acr.client"].with_user(self.accountant)
        one = Client.browse(self.clients[0].id)
        page = Client.browse((self.clients | more).ids)
        page.read(fields)  # warm the caches (access rules, translations)
        counts = []
        for clients in (page, one, page):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            clients.read(fields)
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[1], counts[2], f"the fee account costs queries per client file: {counts}")
        self.env.invalidate_all()
        with self.assertQueryCount(6):  # access rules, the records, one for the fee account
            page.read(fields)

    def test_profitability_from_invoiced_and_paid(self):
        """The profitability report adds what was invoiced and paid over the
        last 12 months to the agreements' fees."""
        agreement = self._countersigned_agreements(
            self._create_clients(1, "Report Client"), fee=300.0, cost=100.0
        )
        today = fields.Date.context_today(self.env["res.partner"])
        paid = make_invoice(self.env, agreement, today - timedelta(days=40), 300.0)
        make_invoice(self.env, agreement, today - timedelta(days=10), 300.0)
        make_invoice(self.env, agreement, today - timedelta(days=400), 300.0)  # older than 12 months
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=paid.ids
        ).create({"payment_date": today - timedelta(days=35)})._create_payments()
        self.env.flush_all()
        row = (
            self.env["acr.profitability.report"]
            .with_user(self.manager)
            .search([("agreement_id", "=", agreement.id)])
        )
        self.assertEqual((row.invoiced_12m, row.paid_12m), (600.0, 300.0))
        self.assertEqual(row.invoiced_margin_12m, 600.0 - 12 * 100.0)
        self.assertEqual(row.monthly_fee, 300.0)
