"""Seed for the kill-and-rerun test (run through ``odoo-bin shell`` by
scripts/test_multi.sh, which exports ACR_BENCH_DIR): 10,000 open client action
items, 5 per contact, all due for a reminder today, seeded as the reminder
benchmark does, on one meeting whose minutes count as sent. Prints the number
of contacts."""

import os
import sys

sys.path.insert(0, os.environ["ACR_BENCH_DIR"])
from bench_reminders import seed_items

env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))  # noqa: F821
meeting = env["acr.meeting"].search([("state", "=", "draft")], limit=1)
# A fixture, not a transition: the minutes count as sent.
env.cr.execute(
    "UPDATE acr_meeting SET minutes_sent_date = now() at time zone 'UTC' WHERE id = %s", [meeting.id]
)
contacts = seed_items(env, meeting, int(os.environ.get("ACR_KILL_ITEMS", "10000")), prefix="Digest")
env.cr.commit()
print(f"CONTACTS {len(contacts)} MEETING {meeting.id}")
