"""Benchmark: the checklist launch, moving clients Prospect → Onboarding.

Run with `make bench`. For 100 and for 1,000 complete prospects, it moves them
all to Onboarding in one write: the gate is checked for the batch and the
stage's plan creates four activities per client, each for the right member
of the team. Prints time and SQL queries; each size runs in a savepoint and
the whole run is rolled back (see benchlib).
"""

import sys

from benchlib import measure, run_sizes

from odoo import Command

SIZES = (100, 1000)


def team(env):
    group = env.ref("accounting_client_relations.group_acr_user")
    return env["res.users"].create(
        [
            {
                "name": f"Bench {role}",
                "login": f"bench_checklist_{role}",
                "groups_id": [Command.set(group.ids)],
            }
            for role in ("accountant", "tax", "payroll", "coordinator")
        ]
    )


def run(env, cr, size, users):
    ref = env.ref
    partners = env["res.partner"].create(
        [
            {
                "name": f"Bench Prospect {i}",
                "is_company": True,
                "email": f"prospect{i}@example.com",
                "vat": "BE0477472701",
                "country_id": ref("base.be").id,
                "industry_id": env["res.partner.industry"].search([], limit=1).id,
                "acr_legal_form_id": env["acr.legal.form"].search([], limit=1).id,
                "acr_tax_regime_id": env["acr.tax.regime"].search([], limit=1).id,
            }
            for i in range(size)
        ]
    )
    accountant, tax, payroll, coordinator = users
    clients = env["acr.client"].create(
        [
            {
                "partner_id": partner.id,
                "user_id": accountant.id,
                "tax_user_id": tax.id,
                "payroll_user_id": payroll.id,
                "coordinator_id": coordinator.id,
                "segment_id": env["acr.segment"].search([], limit=1).id,
            }
            for partner in partners
        ]
    )
    onboarding = ref("accounting_client_relations.stage_onboarding")
    seconds, queries, _ = measure(env, cr, lambda: clients.write({"stage_id": onboarding.id}))
    activities = env["mail.activity"].search_count(
        [("res_model", "=", "acr.client"), ("res_id", "in", clients.ids)]
    )
    print(
        f"  {size:5d} clients Prospect → Onboarding: {seconds:6.2f} s, {queries:5d} queries, "
        f"{activities} activities ({queries / activities:.3f} queries per activity)"
    )


def main(config_file, dbname):
    run_sizes(
        "checklist launch (bench/bench_checklist.py)",
        config_file,
        dbname,
        SIZES,
        run,
        prepare=lambda env: (team(env),),
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
