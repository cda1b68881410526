"""Seed for the kill-and-rerun test (run through ``odoo-bin shell`` by
scripts/test_multi.sh): 10,000 open client action items, 5 per contact, all
due for a reminder today, on one held meeting whose minutes count as sent.
Prints the number of contacts."""

import os
from datetime import timedelta

from odoo import fields

ITEMS = int(os.environ.get("ACR_KILL_ITEMS", "10000"))
PER_CONTACT = 5

env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))  # noqa: F821
meeting = env["acr.meeting"].search([("state", "=", "draft")], limit=1)
env.cr.execute(
    "UPDATE acr_meeting SET minutes_sent_date = now() at time zone 'UTC' WHERE id = %s", [meeting.id]
)
company = meeting.client_id.partner_id
contacts = env["res.partner"].create(
    [
        {"name": f"Digest Contact {i}", "parent_id": company.id, "email": f"digest{i}@example.com"}
        for i in range(ITEMS // PER_CONTACT)
    ]
)
today = fields.Date.context_today(env["acr.action.item"])
env["acr.action.item"].create(
    [
        {
            "meeting_id": meeting.id,
            "name": f"Digest item {i}",
            "owner_type": "client",
            "partner_id": contacts[i // PER_CONTACT].id,
            "date_due": today + timedelta(days=(2, 0, -3)[i % 3]),
        }
        for i in range(ITEMS)
    ]
)
env.cr.commit()
print(f"CONTACTS {len(contacts)} MEETING {meeting.id}")
