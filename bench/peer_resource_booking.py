"""Peer benchmark: our free-slot computation against OCA `resource_booking`
(18.0), on the same data, in one run.

Run with `make bench-peer`: it downloads the peer add-ons from PyPI into the
per-user cache (never into this repository), builds a database with both,
and prints, per scenario, the milliseconds (best of 5) and SQL queries of one
slot computation for one accountant in each, and the ratio:

1. one accountant with 2,000 busy events, 8-week horizon;
2. 100,000 rows in ``calendar_event``: 50 accountants with 2,000 events each
   (organiser and attendee), 8-week horizon;
3. the same 100,000 rows, 52-week horizon.

Both use the same booking windows (Tuesday and Thursday, 10:00-16:00), a
60-minute meeting and a 30-minute step. The bulk rows are written with SQL
(the ORM would take minutes), the thread is a test thread and everything is
rolled back (see benchlib). Figures, not asserts.
"""

import sys
from datetime import datetime, timedelta

import pytz
from benchlib import bench_env

from odoo import Command

EVENTS = 2000
ACCOUNTANTS = 50
REPEAT = 5


def measure(env, cr, func):
    timings, queries, result = [], 0, None
    for _ in range(REPEAT):
        env.invalidate_all()
        start_queries = cr.sql_log_count
        start = datetime.now()
        result = func()
        timings.append((datetime.now() - start).total_seconds() * 1000)
        queries = cr.sql_log_count - start_queries
    return min(timings), queries, result


def accountants(env, count, prefix):
    group = env.ref("accounting_client_relations.group_acr_user")
    return env["res.users"].create(
        [
            {
                "name": f"{prefix} Accountant {i}",
                "login": f"{prefix.lower()}_bench_{i}",
                "tz": "Europe/Brussels",
                "groups_id": [Command.set(group.ids)],
            }
            for i in range(count)
        ]
    )


def insert_events(cr, users, now):
    """2,000 busy events per user, 15 minutes every 97 minutes, half past and
    half to come; each user organises and attends them (attendee and
    partner rows too, as Odoo writes them)."""
    cr.execute(
        """
        WITH u AS (
            SELECT id AS user_id, partner_id, row_number() OVER (ORDER BY id) AS rank
              FROM res_users WHERE id = ANY(%(users)s)
        ), ev AS (
            INSERT INTO calendar_event (name, start, stop, user_id, show_as, active, allday, privacy,
                                        duration, create_uid, write_uid, create_date, write_date)
            SELECT 'Busy ' || i, s, s + interval '15 minutes', u.user_id, 'busy', true, false, 'public',
                   0.25, 1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
              FROM u, generate_series(0, %(events)s - 1) AS i,
                   LATERAL (SELECT %(now)s::timestamp
                                   + make_interval(mins => 97 * (i - %(events)s / 2) + 7 * u.rank::int)
                                   AS s) t
            RETURNING id, user_id
        ), rel AS (
            INSERT INTO calendar_event_res_partner_rel (calendar_event_id, res_partner_id)
            SELECT ev.id, u.partner_id FROM ev JOIN u USING (user_id)
        )
        INSERT INTO calendar_attendee (event_id, partner_id, state, common_name, create_uid, write_uid,
                                       create_date, write_date)
        SELECT ev.id, u.partner_id, 'accepted', 'Bench', 1, 1,
               now() at time zone 'UTC', now() at time zone 'UTC'
          FROM ev JOIN u USING (user_id)
        """,
        {"users": users.ids, "events": EVENTS, "now": now},
    )
    cr.execute("ANALYZE calendar_event")
    cr.execute("ANALYZE calendar_attendee")
    cr.execute("ANALYZE calendar_event_res_partner_rel")


def setup_pair(env, calendar, user, weeks):
    """Our meeting type and the peer's booking for ``user``, same windows."""
    mtype = env["acr.meeting.type"].create(
        {
            "name": f"Peer bench {weeks}",
            "duration_minutes": 60,
            "buffer_after_minutes": 0,
            "min_notice_hours": 24,
            "horizon_weeks": weeks,
            "slot_step_minutes": 30,
            "resource_calendar_id": calendar.id,
        }
    )
    resource = env["resource.resource"].search([("user_id", "=", user.id)], limit=1) or env[
        "resource.resource"
    ].create({"name": user.name, "user_id": user.id, "calendar_id": calendar.id, "tz": "Europe/Brussels"})
    combination = env["resource.booking.combination"].create({"resource_ids": [Command.set(resource.ids)]})
    rb_type = env["resource.booking.type"].create(
        {
            "name": f"Peer bench {weeks}",
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
    return mtype, booking


def scenario(env, cr, label, calendar, user, weeks, now):
    mtype, booking = setup_pair(env, calendar, user, weeks)
    tz = pytz.timezone("Europe/Brussels")
    start = pytz.utc.localize(now).astimezone(tz)
    end = start + timedelta(weeks=weeks)
    ours_ms, ours_q, ours = measure(env, cr, lambda: mtype._acr_free_slots(user))
    peer_ms, peer_q, peer = measure(env, cr, lambda: booking._get_available_slots(start, end))
    peer_count = sum(len(day) for day in peer.values())
    rows = env["calendar.event"].search_count([])
    print(f"{label} ({rows} rows in calendar_event, {weeks}-week horizon)")
    print(f"  accounting_client_relations: {ours_ms:8.1f} ms, {ours_q:3d} queries, {len(ours)} slots")
    print(f"  OCA resource_booking:        {peer_ms:8.1f} ms, {peer_q:3d} queries, {peer_count} slots")
    print(f"  ratio: {peer_ms / ours_ms:.1f}x")


def main(config_file, dbname):
    with bench_env(config_file, dbname, {"tz": "Europe/Brussels"}) as (env, cr):
        calendar = env.ref("accounting_client_relations.resource_calendar_booking")
        now = datetime.now().replace(minute=0, second=0, microsecond=0)
        single = accountants(env, 1, "Single")
        env.flush_all()
        insert_events(cr, single, now)
        scenario(env, cr, "1. one accountant, 2,000 events", calendar, single, 8, now)
        many = accountants(env, ACCOUNTANTS, "Many")
        env.flush_all()
        insert_events(cr, many, now)
        user = many[ACCOUNTANTS // 2]
        scenario(env, cr, f"2. {ACCOUNTANTS} accountants, {EVENTS} events each", calendar, user, 8, now)
        scenario(env, cr, f"3. {ACCOUNTANTS} accountants, {EVENTS} events each", calendar, user, 52, now)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
