"""Benchmark: compute quotes for 1,000 and for 5,000 clients in one batch.

Run with `make bench`. Creates the clients and their quotes, each size in a
savepoint, the whole run rolled back (see benchlib), and prints the time and
the SQL queries of the quote batch (parameter values pre-filled from the
profiles, breakdown lines, totals, chatter) and of recomputing every
breakdown. Figures, not asserts: the query budget is held in
tests/test_tariff.py.
"""

import sys

from benchlib import measure, run_sizes

from odoo.fields import Command

SIZES = (1000, 5000)


def main(conf, dbname):
    run_sizes(
        "quote creation (bench/bench_quotes.py)",
        conf,
        dbname,
        SIZES,
        run,
        prepare=lambda env: (make_plan(env),),
    )


def make_plan(env):
    ref = env.ref
    return env["acr.tariff.plan"].create(
        {
            "name": "Benchmark plan",
            "rule_ids": [
                Command.create(
                    {"sequence": 1, "name": "Base", "rule_type": "fixed", "price": 120, "cost": 55}
                ),
                Command.create(
                    {
                        "sequence": 2,
                        "name": "Documents",
                        "rule_type": "tiered",
                        "parameter_id": ref("accounting_client_relations.tariff_parameter_documents").id,
                        "tier_ids": [
                            Command.create(
                                {"qty_from": 1, "qty_to": 50, "pricing": "flat", "price": 90, "cost": 45}
                            ),
                            Command.create(
                                {
                                    "qty_from": 51,
                                    "qty_to": 0,
                                    "pricing": "unit",
                                    "price": 1.5,
                                    "cost": 0.8,
                                }
                            ),
                        ],
                    }
                ),
                Command.create(
                    {
                        "sequence": 3,
                        "name": "Payroll",
                        "rule_type": "per_unit",
                        "parameter_id": ref("accounting_client_relations.tariff_parameter_employees").id,
                        "price": 18,
                        "cost": 9.5,
                    }
                ),
                Command.create(
                    {
                        "sequence": 4,
                        "name": "VAT",
                        "rule_type": "per_unit",
                        "parameter_id": ref("accounting_client_relations.tariff_parameter_vat_payer").id,
                        "price": 65,
                        "cost": 30,
                    }
                ),
                Command.create({"sequence": 5, "name": "Surcharge", "rule_type": "percent", "percent": 5}),
                Command.create({"sequence": 6, "name": "Minimum", "rule_type": "minimum", "price": 180}),
            ],
        }
    )


def run(env, cr, count, plan):
    partners = env["res.partner"].create(
        [
            {
                "name": f"Bench {i}",
                "is_company": True,
                "acr_employee_count": i % 40,
                "acr_vat_payer": bool(i % 2),
            }
            for i in range(count)
        ]
    )
    clients = env["acr.client"].create([{"partner_id": p.id} for p in partners])
    seconds, queries, quotes = measure(
        env,
        cr,
        lambda: env["acr.tariff.quote"].create([{"client_id": c.id, "plan_id": plan.id} for c in clients]),
    )
    lines = env["acr.tariff.quote.line"].search_count([("quote_id", "in", quotes.ids)])
    print(
        f"  create {count:5d} quotes ({lines} breakdown lines): {seconds:6.2f} s, {queries:5d} queries "
        f"({queries / count:.2f} per quote, {1000 * seconds / count:.2f} ms per quote)"
    )
    seconds, queries, _ = measure(env, cr, quotes._acr_refresh_lines)
    print(f"  recompute {count:5d} breakdowns in one batch: {seconds:6.2f} s, {queries:5d} queries")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
