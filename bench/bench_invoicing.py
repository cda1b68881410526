"""Benchmark: the monthly fee invoicing job (accounting_client_relations_account).

Run with `make bench`. For 200 and for 2,000 running agreements (every tenth
with an extra service in the month, every fifth with a price change inside
it), the job invoices last month and posts the invoices: batches of 200
agreements, one ``account.move`` create per batch with all its lines, one
``action_post`` per batch. Prints the time, the SQL queries in all and per
batch, and the invoices made; run again, it makes none. Each size runs in a
savepoint and the whole run is rolled back (see benchlib).
"""

import sys

from benchlib import measure, run_sizes
from dateutil.relativedelta import relativedelta

from odoo import fields

SIZES = (200, 2000)
BATCH = 200


def run(env, cr, size):
    env.company.acr_invoice_post = True
    period_start, period_end = env["acr.agreement"]._acr_period()
    partners = env["res.partner"].create(
        [
            {"name": f"Bench Client {i}", "is_company": True, "email": f"client{i}@example.com"}
            for i in range(size)
        ]
    )
    clients = env["acr.client"].create([{"partner_id": partner.id} for partner in partners])
    Agreement = env["acr.agreement"].sudo()
    with Agreement._acr_transition():
        agreements = Agreement.create(
            [
                {
                    "client_id": client.id,
                    "monthly_fee": 400 + i % 50,
                    "monthly_cost": 200,
                    "state": "active",
                    "date_start": period_start - relativedelta(months=6),
                    "signed_by": "Bench Signer",
                    "signed_on": "2025-01-10 10:00:00",
                }
                for i, client in enumerate(clients)
            ]
        )
    env["acr.agreement.amendment"].create(
        [
            {
                "agreement_id": agreement.id,
                "date_effective": period_start + relativedelta(days=14),
                "old_fee": agreement.monthly_fee,
                "new_fee": agreement.monthly_fee + 20,
                "acknowledged_on": fields.Datetime.now(),
                "state": "acknowledged",
            }
            for agreement in agreements[::5]
        ]
    )
    env["acr.extra.service"].create(
        [
            {"agreement_id": agreement.id, "name": "Annual statement", "date": period_end, "price_unit": 300}
            for agreement in agreements[::10]
        ]
    )
    Move = env["account.move"]
    before = Move.search_count([("acr_period_start", "=", period_start)])
    seconds, queries, _ = measure(env, cr, lambda: Agreement._cron_invoice_agreements(batch_size=BATCH))
    made = Move.search_count([("acr_period_start", "=", period_start)]) - before
    posted = Move.search_count([("acr_period_start", "=", period_start), ("state", "=", "posted")])
    batches = -(-size // BATCH)
    again, again_queries, _ = measure(env, cr, lambda: Agreement._cron_invoice_agreements(batch_size=BATCH))
    remade = Move.search_count([("acr_period_start", "=", period_start)]) - before - made
    print(
        f"  {size:5d} agreements: {seconds:6.1f} s, {queries:6d} queries ({queries // batches} per batch of "
        f"{BATCH}), {made} invoices ({posted} posted); run again: {again:.2f} s, {again_queries} queries, "
        f"{remade} invoices"
    )


def main(config_file, dbname):
    run_sizes("monthly fee invoicing (bench/bench_invoicing.py)", config_file, dbname, SIZES, run)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
