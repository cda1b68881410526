"""Peer benchmark: our free-slot computation against OCA `resource_booking`
(18.0), on the same data, in one run.

Run with `make bench-peer`: it downloads the peer add-ons from PyPI into the
per-user cache (never into this repository), builds a database with both,
and prints, for one accountant with 2,000 busy events over the 8-week
horizon, the milliseconds and SQL queries of one slot computation in each.
Both use the same booking windows (Tuesday and Thursday, 10:00-16:00), a
60-minute meeting and a 30-minute step; figures, not asserts.
"""

import sys
import time
from datetime import datetime, timedelta

import pytz

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry

EVENTS = 2000
REPEAT = 5


def measure(env, cr, func):
    timings, queries, result = [], 0, None
    for _ in range(REPEAT):
        env.invalidate_all()
        start_queries = cr.sql_log_count
        start = time.perf_counter()
        result = func()
        timings.append((time.perf_counter() - start) * 1000)
        queries = cr.sql_log_count - start_queries
    return min(timings), queries, result


def main(config_file, dbname):
    odoo.tools.config.parse_config(["-c", config_file, "-d", dbname, "--log-level=warn"])
    registry = Registry(dbname)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "Europe/Brussels"})
        calendar = env.ref("accounting_client_relations.resource_calendar_booking")
        accountant = env["res.users"].create(
            {
                "name": "Peer Accountant",
                "login": "peer_bench",
                "tz": "Europe/Brussels",
                "groups_id": [Command.set(env.ref("accounting_client_relations.group_acr_user").ids)],
            }
        )
        now = datetime.now().replace(minute=0, second=0, microsecond=0)
        env["calendar.event"].with_context(
            mail_create_nolog=True, mail_notrack=True, dont_notify=True
        ).create(
            [
                {
                    "name": f"Busy {i}",
                    "start": now + timedelta(minutes=97 * (i - EVENTS // 2)),
                    "stop": now + timedelta(minutes=97 * (i - EVENTS // 2) + 15),
                    "user_id": accountant.id,
                    "partner_ids": [Command.set(accountant.partner_id.ids)],
                }
                for i in range(EVENTS)
            ]
        )

        # Ours
        mtype = env["acr.meeting.type"].create(
            {
                "name": "Peer bench",
                "duration_minutes": 60,
                "buffer_after_minutes": 0,
                "min_notice_hours": 24,
                "horizon_weeks": 8,
                "slot_step_minutes": 30,
                "resource_calendar_id": calendar.id,
            }
        )
        # The peer's equivalent: a type on the same windows, one resource (the
        # accountant, working the same hours) in one combination, one booking.
        resource = env["resource.resource"].create(
            {
                "name": accountant.name,
                "user_id": accountant.id,
                "calendar_id": calendar.id,
                "tz": "Europe/Brussels",
            }
        )
        combination = env["resource.booking.combination"].create(
            {"resource_ids": [Command.set(resource.ids)]}
        )
        rb_type = env["resource.booking.type"].create(
            {
                "name": "Peer bench",
                "duration": 1.0,
                "slot_duration": 0.5,
                "modifications_deadline": 24,
                "resource_calendar_id": calendar.id,
                "combination_rel_ids": [Command.create({"combination_id": combination.id})],
            }
        )
        booking = env["resource.booking"].create(
            {
                "type_id": rb_type.id,
                "combination_id": combination.id,
                "partner_ids": [Command.set(env.ref("base.partner_admin").ids)],
            }
        )
        env.flush_all()
        tz = pytz.timezone("Europe/Brussels")
        start = pytz.utc.localize(now).astimezone(tz)
        end = start + timedelta(weeks=8)

        ours_ms, ours_q, ours = measure(env, cr, lambda: mtype._acr_free_slots(accountant))
        peer_ms, peer_q, peer = measure(env, cr, lambda: booking._get_available_slots(start, end))
        peer_count = sum(len(day) for day in peer.values())
        print(
            f"{EVENTS} busy events of 15 minutes every 97 minutes, half past and half to come; 8-week horizon"
        )
        print(f"  accounting_client_relations: {ours_ms:7.1f} ms, {ours_q:3d} queries, {len(ours)} slots")
        print(f"  OCA resource_booking:        {peer_ms:7.1f} ms, {peer_q:3d} queries, {peer_count} slots")
        cr.rollback()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
