"""Benchmark: the compliance calendar job (issue 12).

Run with `make bench`. For 100 and for 1,000 active clients and 15 monthly
deadline templates that all apply, the daily job generates every client's
deadlines for the 12-month horizon (12 x 15 x 1,000 = 180,000 deadlines at
the larger size) in batches of 100 clients, then schedules the activities
whose work starts within a week. It is run a second time to show that it
creates nothing twice. Prints time, queries, queries per batch; each size
runs in a savepoint and the whole run is rolled back (see benchlib).
"""

import sys

from benchlib import bench_env, measure, savepoint

from odoo import Command

SIZES = (100, 1000)
TEMPLATES = 15
BATCH = 100


def setup(env, size):
    ref = env.ref
    env["acr.deadline.template"].search([]).active = False
    env["acr.deadline.template"].create(
        [
            {
                "name": f"Bench deadline {i}",
                "kind": "report",
                "recurrence": "monthly",
                "due_months": 1,
                "due_day": 5 + i,
                "responsible_role": ("user_id", "tax_user_id", "payroll_user_id")[i % 3],
                "lead_days": 10,
            }
            for i in range(TEMPLATES)
        ]
    )
    group = ref("accounting_client_relations.group_acr_user")
    users = env["res.users"].create(
        [
            {
                "name": f"Bench {role} {size}",
                "login": f"bench_deadline_{role}_{size}",
                "groups_id": [Command.set(group.ids)],
            }
            for role in ("accountant", "tax", "payroll")
        ]
    )
    partners = env["res.partner"].create(
        [
            {"name": f"Bench Client {i}", "is_company": True, "country_id": ref("base.pl").id}
            for i in range(size)
        ]
    )
    clients = env["acr.client"].create(
        [
            {
                "partner_id": p.id,
                "user_id": users[0].id,
                "tax_user_id": users[1].id,
                "payroll_user_id": users[2].id,
            }
            for p in partners
        ]
    )
    # Active without going through the pipeline (its gates and checklists
    # are measured elsewhere): the job has every client's calendar to build.
    env.flush_all()
    env.cr.execute(
        "UPDATE acr_client SET stage_id = %s WHERE id = ANY(%s)",
        (ref("accounting_client_relations.stage_active").id, clients.ids),
    )
    env.invalidate_all()
    return clients


def run(env, cr, size):
    clients = setup(env, size)
    Deadline = env["acr.deadline"]
    seconds, queries, _ = measure(env, cr, lambda: Deadline._cron_deadlines(batch_size=BATCH))
    count = Deadline.search_count([("client_id", "in", clients.ids)])
    activities = env["mail.activity"].search_count([("res_model", "=", "acr.deadline")])
    batches = -(-size // BATCH)
    print(
        f"  {size:5d} clients x {TEMPLATES} templates: {count:6d} deadlines in {seconds:6.1f} s "
        f"({count / seconds:,.0f}/s), {queries} queries, "
        f"{queries / batches:.0f} per batch of {BATCH} clients, {activities} activities"
    )
    seconds, queries, _ = measure(env, cr, lambda: Deadline._cron_deadlines(batch_size=BATCH))
    again = Deadline.search_count([("client_id", "in", clients.ids)])
    print(f"        run again: {again - count} created, {seconds:.2f} s, {queries} queries")


def main(config_file, dbname):
    print("compliance calendar job (bench/bench_deadlines.py)")
    with bench_env(config_file, dbname) as (env, cr):
        for size in SIZES:
            with savepoint(cr):
                run(env, cr, size)
            env.invalidate_all()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
