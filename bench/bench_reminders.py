"""Benchmark: the client reminder job (one digest per contact and day).

Run with `make bench`. For 1,000 and for 10,000 open client action items, 5
per contact, all due for a reminder today, it runs the job once and prints
the time, the SQL queries, the digests queued and the progress reports. Each
size runs in a savepoint and the whole run is rolled back (see benchlib).
"""

import sys
from datetime import timedelta
from unittest.mock import patch

from benchlib import measure, run_sizes

from odoo import fields

SIZES = (1000, 10000)
PER_CONTACT = 5


def seed_items(env, meeting, size, prefix="Bench"):
    """``size`` open client items of ``meeting``, ``PER_CONTACT`` per new
    contact of its client, due in 2 days, today and 3 days ago (the three
    steps of the cadence). Returns the contacts."""
    company = meeting.commercial_partner_id
    contacts = env["res.partner"].create(
        [
            {
                "name": f"{prefix} Contact {i}",
                "parent_id": company.id,
                "email": f"{prefix.lower()}{i}@example.com",
            }
            for i in range(size // PER_CONTACT)
        ]
    )
    today = fields.Date.context_today(env["acr.action.item"])
    env["acr.action.item"].with_context(tracking_disable=True, mail_create_nolog=True).create(
        [
            {
                "meeting_id": meeting.id,
                "name": f"{prefix} item {i}",
                "owner_type": "client",
                "partner_id": contacts[i // PER_CONTACT].id,
                "date_due": today + timedelta(days=(2, 0, -3)[i % 3]),
            }
            for i in range(size)
        ]
    )
    return contacts


def run(env, cr, size):
    meeting = env.ref("accounting_client_relations.meeting_brightside_held")
    if not meeting.minutes_sent_date:
        meeting.sudo().minutes_sent_date = fields.Datetime.now()
    seed_items(env, meeting, size)
    progress = []

    def notify(_self, done=None, remaining=None, deactivate=False):
        progress.append((done, remaining))

    before = env["mail.mail"].search_count([])
    with patch.object(env.registry["ir.cron"], "_notify_progress", notify):
        seconds, queries, _ = measure(env, cr, env["acr.action.item"]._cron_remind_client_items)
    mails = env["mail.mail"].search_count([]) - before
    print(
        f"  {size:6d} open client items ({size // PER_CONTACT} contacts): {seconds:6.2f} s, "
        f"{queries:5d} queries ({queries / size:.3f} per item), {mails} mails queued, "
        f"{len(progress)} progress reports"
    )


def main(config_file, dbname):
    run_sizes("client reminder job (bench/bench_reminders.py)", config_file, dbname, SIZES, run)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
