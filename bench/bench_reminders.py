"""Benchmark: the client action-item reminder job over 10,000 open items.

Run with `make bench`. Inside a transaction that is rolled back, it creates
10,000 client-owned open items due today and runs the job once, printing the
time, the number of SQL queries and the queries per item. The job works in
batches of 1,000 and reports progress; its query count per batch does not
grow with the items (asserted in tests/test_minutes.py).
"""

import sys
import time
from datetime import timedelta
from unittest.mock import patch

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.modules.registry import Registry

ITEMS = 10000


def main(config_file, dbname):
    odoo.tools.config.parse_config(["-c", config_file, "-d", dbname, "--log-level=warn"])
    registry = Registry(dbname)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        meeting = env.ref("accounting_client_relations.meeting_brightside_held")
        contact = env.ref("accounting_client_relations.partner_brightside_contact")
        today = fields.Date.context_today(env["acr.action.item"])
        env["acr.action.item"].with_context(tracking_disable=True, mail_create_nolog=True).create(
            [
                {
                    "meeting_id": meeting.id,
                    "name": f"Bench item {i}",
                    "owner_type": "client",
                    "partner_id": contact.id,
                    "date_due": today - timedelta(days=i % 3),
                }
                for i in range(ITEMS)
            ]
        )
        env.flush_all()
        env.invalidate_all()
        progress = []

        def notify(_self, done=None, remaining=None, deactivate=False):
            progress.append((done, remaining))

        start_queries = cr.sql_log_count
        start = time.perf_counter()
        with patch.object(env.registry["ir.cron"], "_notify_progress", notify):
            env["acr.action.item"]._cron_remind_client_items()
        env.flush_all()
        elapsed = time.perf_counter() - start
        queries = cr.sql_log_count - start_queries
        mails = env["mail.mail"].search_count([("model", "=", "acr.action.item")])
        print(
            f"{ITEMS} open client items: {elapsed:.1f} s, {queries} queries "
            f"({queries / ITEMS:.2f} per item), {mails} mails queued, progress reports: {len(progress)} "
            f"(last {progress[-1] if progress else None})"
        )
        cr.rollback()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
