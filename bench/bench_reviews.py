"""Benchmark: opening the annual reviews (issue 15).

Run with `make bench`. For 100 and for 2,000 clients whose agreement turns
one in 10 days (a busy day for the daily job), each with a year of records
(12 document deadlines, 4 of them late; 12 filings; 6 tactical contacts; a
price change), the job opens every review: figures of every dimension
computed in batch (one ``_read_group`` per dimension and batch), lights,
suggestion, lines and two activities per review, in batches of 500
agreements with progress. Run a second time, it opens nothing. Prints time
and queries; each size runs in a savepoint and the whole run is rolled back
(see benchlib).
"""

import sys
from datetime import datetime, timedelta

from benchlib import bench_env, measure, savepoint
from dateutil.relativedelta import relativedelta

from odoo import Command, fields

SIZES = (100, 2000)
BATCH = 500


def setup(env, size):
    # Imported once the configuration (addons path) is loaded.
    from odoo.addons.accounting_client_relations.models.acr_deadline import _transition

    ref = env.ref
    today = fields.Date.context_today(env["acr.client"])
    start = today - relativedelta(years=1) + timedelta(days=10)
    env["acr.deadline.template"].search([]).active = False
    docs, filing = env["acr.deadline.template"].create(
        [
            {"name": "Bench documents", "kind": "client_documents", "recurrence": "monthly", "due_day": 10},
            {"name": "Bench filing", "kind": "report", "recurrence": "monthly", "due_day": 25},
        ]
    )
    group = ref("accounting_client_relations.group_acr_user")
    users = env["res.users"].create(
        [
            {
                "name": f"Bench review {role} {size}",
                "login": f"bench_review_{role}_{size}",
                "groups_id": [Command.set(group.ids)],
            }
            for role in ("accountant", "coordinator")
        ]
    )
    partners = env["res.partner"].create(
        [{"name": f"Bench Review Client {i}", "is_company": True} for i in range(size)]
    )
    clients = env["acr.client"].create(
        [{"partner_id": p.id, "user_id": users[0].id, "coordinator_id": users[1].id} for p in partners]
    )
    env.flush_all()
    env.cr.execute(
        "UPDATE acr_client SET stage_id = %s WHERE id = ANY(%s)",
        (ref("accounting_client_relations.stage_active").id, clients.ids),
    )
    env.invalidate_all()
    Agreement = env["acr.agreement"]
    with Agreement._acr_transition():
        agreements = Agreement.create(
            [
                {
                    "client_id": c.id,
                    "monthly_fee": 500,
                    "monthly_cost": 300,
                    "state": "active",
                    "date_start": start,
                }
                for c in clients
            ]
        )
    env["acr.agreement.amendment"].create(
        [
            {
                "agreement_id": a.id,
                "currency_id": a.currency_id.id,
                "date_effective": start + relativedelta(months=6),
                "old_fee": 450,
                "new_fee": 500,
                "monthly_cost": 300,
                "state": "applied",
            }
            for a in agreements
        ]
    )
    with _transition():
        env["acr.deadline"].create(
            [
                {
                    "client_id": c.id,
                    "template_id": template.id,
                    "period_start": start + relativedelta(months=m),
                    "period_end": start + relativedelta(months=m, days=20),
                    "period_label": f"M{m}",
                    "date_due": start + relativedelta(months=m, days=20),
                    "state": "done",
                    "done_late": template == docs and m % 3 == 0,
                }
                for c in clients
                for template in (docs, filing)
                for m in range(12)
            ]
        )
    env["acr.contact.log"].create(
        [
            {
                "client_id": c.id,
                "topic": "Question",
                "date": datetime.combine(start, datetime.min.time()) + timedelta(days=50 * k + 3),
            }
            for c in clients
            for k in range(6)
        ]
    )
    return clients


def run(env, cr, size):
    clients = setup(env, size)
    Review = env["acr.client.review"]
    seconds, queries, _ = measure(env, cr, lambda: Review._cron_open_reviews(batch_size=BATCH))
    reviews = Review.search([("client_id", "in", clients.ids)])
    batches = -(-size // BATCH)
    print(
        f"  {size:5d} clients: {len(reviews)} reviews opened in {seconds:6.2f} s "
        f"({1000 * seconds / size:.1f} ms per review), {queries} queries, "
        f"{queries / batches:.0f} per batch of {BATCH}; "
        f"suggestions {sorted(set(reviews.mapped('suggestion')))}"
    )
    seconds, queries, _ = measure(env, cr, lambda: Review._cron_open_reviews(batch_size=BATCH))
    again = Review.search_count([("client_id", "in", clients.ids)])
    print(f"        run again: {again - len(reviews)} opened, {seconds:.2f} s, {queries} queries")


def main(config_file, dbname):
    print("annual reviews job (bench/bench_reviews.py)")
    with bench_env(config_file, dbname) as (env, cr):
        for size in SIZES:
            with savepoint(cr):
                run(env, cr, size)
            env.invalidate_all()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
