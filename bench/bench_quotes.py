"""Benchmark: compute quotes for 5,000 clients in one batch.

Usage (after `make test`, which leaves its database):
    .venv/bin/python scripts/bench_quotes.py .test-logs/odoo-test.conf acr_test [count]

Creates the clients and their quotes inside a transaction that is rolled
back, and prints the time and the number of SQL queries of the quote batch
(parameter values pre-filled from the profiles, breakdown lines, totals).
Not a timed assertion: figures depend on the machine.
"""

import sys
import time

import odoo
from odoo import SUPERUSER_ID, api
from odoo.fields import Command


def main(conf, dbname, count):
    odoo.tools.config.parse_config(["-c", conf, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(dbname)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        ref = env.ref
        plan = env["acr.tariff.plan"].create(
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
                    Command.create(
                        {"sequence": 5, "name": "Surcharge", "rule_type": "percent", "percent": 5}
                    ),
                    Command.create({"sequence": 6, "name": "Minimum", "rule_type": "minimum", "price": 180}),
                ],
            }
        )
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
        env.flush_all()
        env.invalidate_all()
        start_queries, start = cr.sql_log_count, time.perf_counter()
        quotes = env["acr.tariff.quote"].create([{"client_id": c.id, "plan_id": plan.id} for c in clients])
        env.flush_all()
        elapsed = time.perf_counter() - start
        queries = cr.sql_log_count - start_queries
        lines = env["acr.tariff.quote.line"].search_count([("quote_id", "in", quotes.ids)])
        print(
            f"create {count} quotes (pre-fill, {lines} breakdown lines, chatter): {elapsed:.2f} s, "
            f"{queries} queries ({1000 * elapsed / count:.2f} ms per quote)"
        )
        # Recompute every breakdown: what a plan change or a bulk re-quote costs.
        env.invalidate_all()
        start_queries, start = cr.sql_log_count, time.perf_counter()
        quotes._acr_refresh_lines()
        env.flush_all()
        elapsed = time.perf_counter() - start
        print(
            f"recompute {count} breakdowns in one batch: {elapsed:.2f} s, "
            f"{cr.sql_log_count - start_queries} queries"
        )
        cr.rollback()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 5000)
