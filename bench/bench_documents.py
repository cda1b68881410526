"""Benchmark: monthly document requests and their reminders (issue 13).

Run with `make bench`. For 200 and for 2,000 clients with a countersigned
agreement (documents due the 10th), a year is played month by month with
the clock frozen on the days the daily job does something: the request day
(7 days before the due date: 2,000 requests with 3 checklist items each),
then the reminder days (-5, 0, +2, +7). Half the clients send on time; the
others are marked late, reminded with their running surcharge, and their
accountant gets a call activity after the last reminder. Each job runs in
batches (500 clients, 1,000 requests). Prints time, queries, queries per
batch, requests, mails and activities; a rerun on the same day shows that
nothing is done twice. Each size runs in a savepoint and the whole run is
rolled back (see benchlib).
"""

import sys
from datetime import date, timedelta

from benchlib import bench_env, measure, savepoint
from freezegun import freeze_time

from odoo import Command

SIZES = (200, 2000)
MONTHS = 12


def setup(env, size):
    group = env.ref("accounting_client_relations.group_acr_user")
    user = env["res.users"].create(
        {
            "name": f"Bench accountant {size}",
            "login": f"bench_documents_{size}",
            "groups_id": [Command.set(group.ids)],
        }
    )
    partners = env["res.partner"].create(
        [{"name": f"Bench Client {i}", "is_company": True, "email": f"c{i}@example.com"} for i in range(size)]
    )
    clients = env["acr.client"].create([{"partner_id": p.id, "user_id": user.id} for p in partners])
    Agreement = env["acr.agreement"]
    with Agreement._acr_transition():
        Agreement.create(
            [
                {
                    "client_id": c.id,
                    "monthly_fee": 500.0,
                    "state": "countersigned",
                    "submission_day": 10,
                    "surcharge_type": "percent",
                    "surcharge_amount": 1.0,
                    "surcharge_cap": 100.0,
                }
                for c in clients
            ]
        )
    env.company.acr_document_lead_days = 7
    env.company.acr_document_reminder_offsets = "-5,0,2,7"
    return clients


def run(env, cr, size):
    clients = setup(env, size)
    Request = env["acr.document.request"]
    totals = {"seconds": 0.0, "queries": 0, "runs": 0}
    worst = (0.0, None)

    def job(day):
        nonlocal worst
        # tick: the clock runs from the frozen day, so the timing is real.
        with freeze_time(day, tick=True):
            seconds, queries, _ = measure(env, cr, lambda: Request._cron_document_requests(batch_size=500))
        totals["seconds"] += seconds
        totals["queries"] += queries
        totals["runs"] += 1
        if seconds > worst[0]:
            worst = (seconds, day)
        return seconds, queries

    for month in range(1, MONTHS + 1):
        period_end = date(2027, month, 1) - timedelta(days=1)
        due = Request.env["acr.client"]._acr_document_due_date(
            period_end.year * 12 + period_end.month - 1, 10, None
        )
        job(due - timedelta(days=7))
        # The due date the job computed (a public holiday may move it).
        period_start = period_end.replace(day=1)
        requests = Request.search([("client_id", "in", clients.ids), ("period_start", "=", period_start)])
        due = requests[:1].date_due or due
        job(due - timedelta(days=5))
        # Half the clients send on time, the day before the due date.
        with freeze_time(due - timedelta(days=1)):
            requests.filtered(lambda r: r.client_id in clients[: size // 2]).action_mark_received()
        for offset in (0, 2, 7):
            job(due + timedelta(days=offset))
    # Counted on the benchmark's clients only (the database's demo clients
    # go through the same jobs).
    request_ids = Request.search([("client_id", "in", clients.ids)]).ids
    requests = len(request_ids)
    reminders = [
        ("model", "=", Request._name),
        ("res_id", "in", request_ids),
        ("subject", "=like", "Your documents%"),
    ]
    mails = env["mail.mail"].search_count(reminders)
    calls = env["mail.activity"].search_count(
        [
            ("res_model", "=", Request._name),
            ("res_id", "in", request_ids),
            ("activity_type_id", "=", env.ref("mail.mail_activity_data_call").id),
        ]
    )
    batches_per_run = -(-size // 500) + -(-size // 1000)
    print(
        f"  {size:5d} clients x {MONTHS} months: {requests:6d} requests, {mails:6d} reminders, "
        f"{calls:5d} call activities in {totals['seconds']:6.1f} s over {totals['runs']} daily runs "
        f"({totals['seconds'] / totals['runs']:.2f} s a run, slowest {worst[0]:.2f} s on {worst[1]}), "
        f"{totals['queries']} queries, {totals['queries'] / (totals['runs'] * batches_per_run):.0f} per batch"
    )
    seconds, queries = job(worst[1])
    again = Request.search_count([("client_id", "in", clients.ids)])
    mails_again = env["mail.mail"].search_count(reminders)
    print(
        f"        run again on {worst[1]}: {again - requests} requests and {mails_again - mails} reminders "
        f"created, {seconds:.2f} s, {queries} queries"
    )


def main(config_file, dbname):
    print("document requests and reminders (bench/bench_documents.py)")
    with bench_env(config_file, dbname) as (env, cr):
        for size in SIZES:
            with savepoint(cr):
                run(env, cr, size)
            env.invalidate_all()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
