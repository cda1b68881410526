"""Benchmark: free-slot computation over the 8-week horizon.

Run with `make bench` (after `make test` built the test database). It creates,
inside a transaction that is rolled back, N accountants with 2,000 calendar
events each over the horizon, then prints the milliseconds per call and the
SQL queries per call for 1 and for 10 accountants. Figures, not asserts: the
query budget is asserted in tests/test_slots.py.
"""

import sys
import time
from datetime import datetime, timedelta

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry

EVENTS_PER_ACCOUNTANT = 2000
REPEAT = 5


def main(config_file, dbname):
    odoo.tools.config.parse_config(["-c", config_file, "-d", dbname, "--log-level=warn"])
    registry = Registry(dbname)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        group = env.ref("accounting_client_relations.group_acr_user")
        mtype = env.ref("accounting_client_relations.meeting_type_strategic")
        accountants = env["res.users"].create(
            [
                {
                    "name": f"Bench Accountant {i}",
                    "login": f"bench_acr_{i}",
                    "tz": "Europe/Brussels",
                    "groups_id": [Command.set(group.ids)],
                }
                for i in range(10)
            ]
        )
        now = datetime.now().replace(minute=0, second=0, microsecond=0)
        Event = env["calendar.event"].with_context(
            mail_create_nolog=True, mail_notrack=True, dont_notify=True
        )
        for accountant in accountants:
            Event.create(
                [
                    {
                        "name": f"Busy {i}",
                        "start": now + timedelta(minutes=97 * (i - EVENTS_PER_ACCOUNTANT // 2)),
                        "stop": now + timedelta(minutes=97 * (i - EVENTS_PER_ACCOUNTANT // 2) + 15),
                        "user_id": accountant.id,
                        "partner_ids": [Command.set([])],
                    }
                    for i in range(EVENTS_PER_ACCOUNTANT)
                ]
            )
        env.flush_all()
        print(
            f"{EVENTS_PER_ACCOUNTANT} events per accountant (15 minutes every 97 minutes, half past, half "
            f"to come); type: {mtype.name}"
        )
        for count in (1, 10):
            users = accountants[:count]
            timings, queries, slots = [], [], []
            for _ in range(REPEAT):
                env.invalidate_all()
                start_queries = cr.sql_log_count
                start = time.perf_counter()
                slots = [mtype._acr_free_slots(user) for user in users]
                timings.append((time.perf_counter() - start) * 1000)
                queries.append(cr.sql_log_count - start_queries)
            best = min(timings)
            print(
                f"{count:>2} accountant(s): {best:8.1f} ms per call of all, {best / count:7.1f} ms per "
                f"accountant, {queries[-1] / count:.0f} queries per accountant, {len(slots[0])} slots each"
            )
        cr.rollback()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
