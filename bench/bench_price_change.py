"""Benchmark: the price-change wizard's Apply on running agreements.

Run with `make bench`. For 1,000 and for 5,000 countersigned agreements, it
previews a +4 % change and applies it: the amendments are created in one
batch, one notice per client is rendered from the template (compiled once)
and queued, and the chatters get one note each. Prints the time and SQL
queries of Apply; each size runs in a savepoint and the whole run is rolled
back (see benchlib).
"""

import sys
from datetime import date, timedelta

from benchlib import measure, run_sizes

SIZES = (1000, 5000)


def run(env, cr, size):
    partners = env["res.partner"].create(
        [
            {"name": f"Bench Client {i}", "is_company": True, "email": f"client{i}@example.com"}
            for i in range(size)
        ]
    )
    clients = env["acr.client"].create([{"partner_id": partner.id} for partner in partners])
    agreements = (
        env["acr.agreement"]
        .sudo()
        .create(
            [
                {
                    "client_id": client.id,
                    "monthly_fee": 400 + i % 50,
                    "monthly_cost": 200,
                    "state": "countersigned",
                    "signed_by": "Bench Signer",
                    "signed_on": "2025-01-10 10:00:00",
                }
                for i, client in enumerate(clients)
            ]
        )
    )
    wizard = env["acr.price.change.wizard"].create(
        {
            "domain": f"[('id', 'in', {agreements.ids})]",
            "mode": "percent",
            "value": 4.0,
            "rounding": "5",
            "date_effective": date.today() + timedelta(days=90),
        }
    )
    wizard.action_preview()
    before = env["mail.mail"].search_count([])
    seconds, queries, _ = measure(env, cr, wizard.action_apply)
    mails = env["mail.mail"].search_count([]) - before
    print(f"  {size:5d} agreements, Apply: {seconds:6.2f} s, {queries:5d} queries, {mails} notices queued")


def main(config_file, dbname):
    run_sizes("price-change Apply (bench/bench_price_change.py)", config_file, dbname, SIZES, run)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
