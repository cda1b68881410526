"""Seed a database for the two-server test (run by scripts/test_multi.sh
through ``odoo-bin shell``, where ``env`` is given).

Creates, and commits:
- one accountant and one meeting type on the firm's booking calendar;
- 50 client companies, each with a portal contact (login/password known to
  the driver) and a draft meeting that passes the gate, all with that
  accountant: they will race for one slot;
- open client action items due today, so the reminder job has work.

Writes what the driver needs as JSON to the path in ACR_MULTI_SEED_OUT.
"""

import json
import os
from datetime import timedelta

from odoo import Command, fields

CLIENTS = int(os.environ.get("ACR_MULTI_CLIENTS", "50"))
PASSWORD = "multi-server-pass"

ref = env.ref  # noqa: F821 - given by odoo-bin shell
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, no_reset_password=True))  # noqa: F821
accountant = env["res.users"].create(
    {
        "name": "Multi Server Accountant",
        "login": "acr_multi_accountant",
        "email": "multi.accountant@example.com",
        "tz": "Europe/Brussels",
        "groups_id": [Command.set([ref("accounting_client_relations.group_acr_user").id])],
    }
)
mtype = env["acr.meeting.type"].create(
    {
        "name": "Multi-server race",
        "duration_minutes": 60,
        "resource_calendar_id": ref("accounting_client_relations.resource_calendar_booking").id,
    }
)
portal_group = ref("base.group_portal")
companies = env["res.partner"].create(
    [
        {"name": f"Race Client {i:02d}", "is_company": True, "email": f"race{i}@example.com"}
        for i in range(CLIENTS)
    ]
)
contacts = env["res.partner"].create(
    [
        {"name": f"Race Contact {i:02d}", "parent_id": company.id, "email": f"race.contact{i}@example.com"}
        for i, company in enumerate(companies)
    ]
)
users = env["res.users"].create(
    [
        {
            "name": contact.name,
            "login": f"race{i:02d}",
            "password": PASSWORD,
            "partner_id": contact.id,
            "groups_id": [Command.set(portal_group.ids)],
        }
        for i, contact in enumerate(contacts)
    ]
)
clients = env["acr.client"].create(
    [{"partner_id": company.id, "user_id": accountant.id} for company in companies]
)
nothing = ref("accounting_client_relations.meeting_change_nothing")


def draft_meetings(pairs, topic):
    """A draft meeting that passes the gate for each (client, contact)."""
    return env["acr.meeting"].create(
        [
            {
                "client_id": client.id,
                "partner_id": contact.id,
                "type_id": mtype.id,
                "change_kind_ids": [Command.set(nothing.ids)],
                "client_prepared": True,
                "topic_ids": [Command.create({"name": topic, "minutes": 30})],
            }
            for client, contact in pairs
        ]
    )


meetings = draft_meetings(zip(clients, contacts, strict=True), "Cash flow")
# The first free slot at least two hours past the minimum notice: the
# driver logs 50 clients in before they book, and a slot that was just
# inside the notice at seeding must not fall out of it meanwhile.
earliest, _latest = mtype._acr_bookable_range()
slot = mtype._acr_free_slots(accountant, start=earliest + timedelta(hours=2))[0].replace(tzinfo=None)

# Work for the reminder job: ten more meetings whose minutes count as sent,
# with client action items due today and in two days.
today = fields.Date.context_today(accountant)
with_minutes = draft_meetings(zip(clients[:10], contacts[:10], strict=True), "Year end")
# The minutes of these meetings count as sent (a fixture, not a transition).
env.cr.execute(
    "UPDATE acr_meeting SET minutes_sent_date = now() at time zone 'UTC' WHERE id IN %s",
    [tuple(with_minutes.ids)],
)
env["acr.action.item"].create(
    [
        {
            "meeting_id": meeting.id,
            "name": f"Send the bank statements {n}",
            "owner_type": "client",
            "partner_id": meeting.partner_id.id,
            "date_due": today + timedelta(days=n * 2),
        }
        for meeting in with_minutes
        for n in (0, 1)
    ]
)
# The servers start with their cron workers on: keep the addon's jobs for the
# driver, which makes them due on both servers at the same moment.
env.cr.execute(
    """UPDATE ir_cron SET nextcall = now() at time zone 'UTC' + interval '1 day'
        WHERE id IN (SELECT res_id FROM ir_model_data
                      WHERE model = 'ir.cron' AND module = 'accounting_client_relations')"""
)
env.cr.commit()
with open(os.environ["ACR_MULTI_SEED_OUT"], "w", encoding="utf-8") as out:
    json.dump(
        {
            "slot": slot.strftime("%Y-%m-%dT%H:%M:%S"),
            "accountant_id": accountant.id,
            "password": PASSWORD,
            "users": [
                {"login": user.login, "name": user.name, "meeting_id": meeting.id}
                for user, meeting in zip(users, meetings, strict=True)
            ],
        },
        out,
    )
print(f"seeded {len(users)} portal clients racing for {slot} UTC")
