from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AcrInvoiceCase


@tagged("post_install", "-at_install")
class TestInvoicing(AcrInvoiceCase):
    @freeze_time("2026-11-01 04:00:00")
    def test_one_invoice_per_agreement_and_period(self):
        """The job invoices last month; run twice, it still made one invoice
        per agreement, and the database refuses a second one for a period."""
        Agreement = self.env["acr.agreement"]
        Agreement._cron_invoice_agreements()
        Agreement._cron_invoice_agreements()
        moves = self._invoices()
        self.assertEqual(len(moves), 3)
        self.assertEqual(moves.acr_agreement_id, self.agreements)
        for move in moves:
            agreement = move.acr_agreement_id
            self.assertEqual(move.move_type, "out_invoice")
            self.assertEqual(move.state, "draft")
            self.assertEqual(move.partner_id, agreement.partner_id)
            self.assertEqual(move.acr_client_id, agreement.client_id)
            self.assertEqual(move.amount_untaxed, 500.0)
            self.assertEqual(self._fee_lines(move).product_id, self.company.acr_fee_product_id)
        first = moves.filtered(lambda m: m.acr_agreement_id == self.agreements[0])
        self.assertEqual(first.invoice_payment_term_id, self.term_30)
        self.assertIn("October 2026", self._fee_lines(first).name)
        # Smart buttons both ways.
        self.assertEqual(self.agreements[0].invoice_count, 1)
        self.assertEqual(self.clients[0].invoice_count, 1)
        self.assertEqual(
            self.env["account.move"].search(self.agreements[0].action_view_invoices()["domain"]), first
        )
        self.assertEqual(first.action_acr_open_agreement()["res_id"], self.agreements[0].id)
        self.assertEqual(first.action_acr_open_client()["res_id"], self.clients[0].id)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            first.copy({"acr_agreement_id": first.acr_agreement_id.id, "acr_period_start": "2026-10-01"})

    def test_amendment_inside_the_period_pro_rata(self):
        """A fee change from 16 October: 15 days at the old fee and 16 days at
        the new one, and a note on the invoice."""
        agreement = self.agreements[0]
        self._amend(agreement, "2026-10-16", 620.0)
        self.env["acr.agreement"]._cron_invoice_agreements("2026-10-01")
        move = self._invoices(agreement)
        fee_lines = self._fee_lines(move)
        self.assertEqual(fee_lines.mapped("price_unit"), [round(500 * 15 / 31, 2), round(620 * 16 / 31, 2)])
        note = move.invoice_line_ids.filtered(lambda line: line.display_type == "line_note")
        self.assertEqual(len(note), 1)
        self.assertIn("620", note.name)
        # November: the new fee, whole, and no note any more.
        self.env["acr.agreement"]._cron_invoice_agreements("2026-11-01")
        november = self._invoices(agreement, "2026-11-01")
        self.assertEqual(self._fee_lines(november).mapped("price_unit"), [620.0])
        self.assertFalse(november.invoice_line_ids.filtered(lambda line: line.display_type == "line_note"))

    def test_amendment_inside_the_period_from_next_period(self):
        self.company.acr_amendment_proration = "next"
        agreement = self.agreements[0]
        self._amend(agreement, "2026-10-16", 620.0)
        Agreement = self.env["acr.agreement"]
        Agreement._cron_invoice_agreements("2026-10-01")
        Agreement._cron_invoice_agreements("2026-11-01")
        october, november = self._invoices(agreement), self._invoices(agreement, "2026-11-01")
        self.assertEqual(self._fee_lines(october).mapped("price_unit"), [500.0])
        self.assertFalse(october.invoice_line_ids.filtered(lambda line: line.display_type == "line_note"))
        self.assertEqual(self._fee_lines(november).mapped("price_unit"), [620.0])
        self.assertEqual(
            len(november.invoice_line_ids.filtered(lambda line: line.display_type == "line_note")), 1
        )

    def test_price_increase_waits_for_the_notice_period(self):
        """Not acknowledged: the increase applies only once the notice
        period, counted from the notice, has run out."""
        agreement = self.agreements[0]
        with agreement._acr_transition():
            agreement.sudo().notice_days = 30
        amendment = self._amend(agreement, "2026-10-16", 620.0, acknowledged=False)
        # Notified on 1 October (the notice is mailed when it is created).
        self.env.cr.execute(
            "UPDATE acr_agreement_amendment SET create_date = '2026-10-01' WHERE id = %s", [amendment.id]
        )
        amendment.invalidate_recordset(["create_date"])
        self.env["acr.agreement"]._cron_invoice_agreements("2026-10-01")
        move = self._invoices(agreement)
        # Notice on 1 October + 30 days: from 31 October.
        self.assertEqual(
            self._fee_lines(move).mapped("price_unit"), [round(500 * 30 / 31, 2), round(620 / 31, 2)]
        )

    def test_extra_services_of_the_period(self):
        agreement = self.agreements[1]
        Extra = self.env["acr.extra.service"].with_user(self.accountant)
        sold, later = Extra.create(
            [
                {
                    "agreement_id": agreement.id,
                    "name": "Annual statement",
                    "date": "2026-10-20",
                    "price_unit": 300,
                },
                {"agreement_id": agreement.id, "name": "Payroll run", "date": "2026-11-03", "price_unit": 80},
            ]
        )
        self.env["acr.agreement"]._cron_invoice_agreements("2026-10-01")
        move = self._invoices(agreement)
        self.assertEqual(move.amount_untaxed, 800.0)
        extra_line = move.invoice_line_ids.filtered("acr_extra_service_id")
        self.assertEqual(extra_line.acr_extra_service_id, sold)
        self.assertEqual(extra_line.product_id, self.company.acr_extra_product_id)
        self.assertTrue(sold.invoiced)
        self.assertFalse(later.invoiced)
        with self.assertRaises(UserError):
            sold.write({"price_unit": 10})
        with self.assertRaises(UserError):
            sold.unlink()

    def test_approved_surcharges_are_invoiced_once(self):
        """An approved late-document surcharge goes on the next invoice as its
        own line, once; a waived or a still proposed one never."""
        agreement = self.agreements[2]
        Request = self.env["acr.document.request"].sudo()
        Surcharge = self.env["acr.surcharge"].sudo()
        surcharges = Surcharge
        for month, state in (("2026-08", "approved"), ("2026-09", "waived"), ("2026-10", "proposed")):
            request = Request.create(
                {
                    "client_id": agreement.client_id.id,
                    "user_id": self.accountant.id,
                    "period_start": f"{month}-01",
                    "period_label": month,
                    "date_due": f"{month}-25",
                    "agreement_id": agreement.id,
                }
            )
            with Surcharge._acr_transition():  # a fixture in its final state
                surcharges |= Surcharge.create(
                    {
                        "name": f"Documents for {month} received late",
                        "request_id": request.id,
                        "agreement_id": agreement.id,
                        "currency_id": agreement.currency_id.id,
                        "days": 3,
                        "amount": 75.0,
                        "state": state,
                        "waive_reason": "First time" if state == "waived" else False,
                        "decided_on": "2026-10-05 10:00:00" if state != "proposed" else False,
                    }
                )
        approved, waived, proposed = surcharges
        with freeze_time("2026-11-01 04:00:00"):
            self.env["acr.agreement"]._cron_invoice_agreements("2026-10-01")
        move = self._invoices(agreement)
        self.assertEqual(move.amount_untaxed, 575.0)
        line = move.invoice_line_ids.filtered("acr_surcharge_id")
        self.assertEqual(line.acr_surcharge_id, approved)
        self.assertEqual(line.product_id, self.company.acr_surcharge_product_id)
        self.assertIn("2026-08", line.name)
        self.assertEqual((approved.state, waived.state, proposed.state), ("invoiced", "waived", "proposed"))
        # The next month does not charge it again.
        with freeze_time("2026-12-01 04:00:00"):
            self.env["acr.agreement"]._cron_invoice_agreements("2026-11-01")
        november = self._invoices(agreement, period="2026-11-01")
        self.assertEqual(november.amount_untaxed, 500.0)
        self.assertFalse(november.invoice_line_ids.acr_surcharge_id)

    def test_skipped_agreement_goes_on_with_the_others(self):
        """A company without a sales journal: its agreement is skipped with
        a note and one activity for a manager; the others are invoiced."""
        other = self.env["res.company"].create({"name": "Branch Office"})
        self.manager.company_ids |= other
        (self.accountant | self.tax_user | self.payroll_user | self.coordinator).company_ids |= other
        client = self._create_clients(1, "Branch Client", company_id=other.id)
        agreement = self._countersigned_agreements(client, fee=400.0, date_start="2026-01-01")
        Agreement = self.env["acr.agreement"]
        Agreement._cron_invoice_agreements("2026-10-01")
        self.assertEqual(len(self._invoices()), 3)
        self.assertFalse(self._invoices(agreement))
        self.assertIn("no sales journal", agreement.message_ids[0].body)
        activity = agreement.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.manager)
        # Run again: still skipped, no second activity.
        Agreement._cron_invoice_agreements("2026-10-01")
        self.assertEqual(len(agreement.activity_ids), 1)

    def test_missing_product_mapping_is_skipped(self):
        self.company.acr_fee_product_id = False
        self.env["acr.agreement"]._cron_invoice_agreements("2026-10-01")
        self.assertFalse(self._invoices())
        self.assertIn("has no product", self.agreements[0].message_ids[0].body)
        self.company.acr_fee_product_id = self.env.ref(
            "accounting_client_relations_account.product_acr_monthly_fee"
        )
        self.env["acr.agreement"]._cron_invoice_agreements("2026-10-01")
        self.assertEqual(len(self._invoices()), 3)

    def test_posted_in_batch_in_the_clients_language(self):
        self.env["res.lang"]._activate_lang("pl_PL")
        self.clients[0].partner_id.lang = "pl_PL"
        self.company.acr_invoice_post = True
        self.env["acr.agreement"]._cron_invoice_agreements("2026-10-01")
        moves = self._invoices()
        self.assertEqual(set(moves.mapped("state")), {"posted"})
        polish = moves.filtered(lambda m: m.partner_id.lang == "pl_PL")
        self.assertIn("2026", self._fee_lines(polish).name)
        self.assertNotIn("October", self._fee_lines(polish).name)
        self.assertIn(polish.partner_id, polish.message_partner_ids)

    def test_terminated_and_not_started_agreements(self):
        """A terminated agreement is invoiced up to its end date; one that
        starts later is not invoiced."""
        ended, future = self.agreements[1], self.agreements[2]
        with ended._acr_transition():
            ended.sudo().write({"state": "terminated", "date_end": "2026-10-10"})
            future.sudo().write({"date_start": "2026-11-01"})
        self.env["acr.agreement"]._cron_invoice_agreements("2026-10-01")
        self.assertEqual(self._invoices(ended).amount_untaxed, round(500 * 10 / 31, 2))
        self.assertFalse(self._invoices(future))

    def test_queries_do_not_grow_with_the_batch(self):
        """One create for the batch: 6 more agreements in a batch cost only
        what Odoo's account.move create spends per invoice (about 2 queries:
        the draft's number, the partner's fiscal position); nothing of ours
        is read per agreement (amendments, extra services, products and
        journals are read for the whole batch)."""
        self.agreements._acr_invoice_period(date(2026, 9, 1), date(2026, 9, 30))  # warm the caches

        def count(agreements, start, end):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            agreements._acr_invoice_period(start, end)
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        three = count(self.agreements, date(2026, 10, 1), date(2026, 10, 31))
        more = self._create_clients(6, "More Client")
        more_agreements = self._countersigned_agreements(more, fee=300.0, date_start="2026-01-01")
        nine = count(self.agreements | more_agreements, date(2026, 11, 1), date(2026, 11, 30))
        self.assertEqual(len(self._invoices(self.agreements | more_agreements, "2026-11-01")), 9)
        self.assertLessEqual(nine, three + 2 * 6, f"3 agreements: {three} queries, 9 agreements: {nine}")

    def test_price_change_wizard_on_the_next_invoice(self):
        """A +4 % price change from the wizard, effective 16 October with the
        notice (60 days) given on 15 August: October is invoiced pro rata
        with a note, November at the new fee."""
        agreement = self.agreements[0]
        with freeze_time("2026-08-15 09:00:00"):
            wizard = (
                self.env["acr.price.change.wizard"]
                .with_user(self.manager)
                .create(
                    {
                        "domain": f"[('id', '=', {agreement.id})]",
                        "mode": "percent",
                        "value": 4.0,
                        "date_effective": "2026-10-16",
                        "reason": "Annual price review 2026",
                    }
                )
            )
            wizard.action_apply()
        amendment = agreement.amendment_ids
        self.assertEqual(amendment.new_fee, 520.0)
        self.env.cr.execute(
            "UPDATE acr_agreement_amendment SET create_date = '2026-08-15' WHERE id = %s", [amendment.id]
        )
        amendment.invalidate_recordset(["create_date"])
        self.env["acr.agreement"]._cron_invoice_agreements("2026-10-01")
        move = self._invoices(agreement)
        self.assertEqual(
            self._fee_lines(move).mapped("price_unit"), [round(500 * 15 / 31, 2), round(520 * 16 / 31, 2)]
        )
        note = move.invoice_line_ids.filtered(lambda line: line.display_type == "line_note")
        self.assertIn("Annual price review 2026", note.name)
        self.env["acr.agreement"]._cron_invoice_agreements("2026-11-01")
        self.assertEqual(
            self._fee_lines(self._invoices(agreement, "2026-11-01")).mapped("price_unit"), [520.0]
        )

    def test_extra_services_of_other_teams_are_hidden(self):
        """An accountant outside the client's team neither sees nor records
        its extra services; the team's accountant does."""
        self.clients[2].sudo().write({"user_id": self.accountant_2.id})
        own = (
            self.env["acr.extra.service"]
            .with_user(self.accountant)
            .create({"agreement_id": self.agreements[0].id, "name": "Own", "price_unit": 10})
        )
        other = (
            self.env["acr.extra.service"]
            .with_user(self.accountant_2)
            .create({"agreement_id": self.agreements[2].id, "name": "Other", "price_unit": 10})
        )
        visible = (
            self.env["acr.extra.service"]
            .with_user(self.accountant_2)
            .search([("id", "in", (own | other).ids)])
        )
        self.assertEqual(visible, other)
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            own.with_user(self.accountant_2).read(["name"])
