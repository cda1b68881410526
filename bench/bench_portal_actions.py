"""Benchmark: the client's /my/actions page with 200 and 2,000 items.

Run with `make bench` (scripts/bench.sh runs this file under pytest-odoo with
`--odoo-http`): an HttpCase, so the whole run is one test transaction that
is rolled back. A portal user of a demo client gets N open action items (and
as many done), then the first page and a middle page are fetched; it prints
the best of 5 server round trips in milliseconds, the SQL queries and the
page size. Figures, not asserts.
"""

from datetime import date, timedelta

from benchlib import time_url

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

SIZES = (200, 2000)
REPEAT = 5


@tagged("post_install", "-at_install", "acr_bench")
class BenchPortalActions(HttpCase):
    def test_bench_portal_actions(self):
        env = self.env
        meeting = env.ref("accounting_client_relations.meeting_brightside_held")
        if not meeting.minutes_sent_date:
            meeting.sudo().minutes_sent_date = fields.Datetime.now()
        contact = env["res.partner"].create(
            {
                "name": "Bench Portal Contact",
                "parent_id": meeting.commercial_partner_id.id,
                "email": "b@x.example",
            }
        )
        user = new_test_user(env, "acr_bench_portal", groups="base.group_portal", partner_id=contact.id)
        self.authenticate(user.login, user.login)
        Item = env["acr.action.item"].with_context(tracking_disable=True, mail_create_nolog=True)
        created = 0
        print("\n/my/actions (bench/bench_portal_actions.py)")
        for size in SIZES:
            Item.create(
                [
                    {
                        "meeting_id": meeting.id,
                        "name": f"Bench item {created + i}",
                        "owner_type": "client",
                        "partner_id": contact.id,
                        "date_due": date.today() + timedelta(days=(created + i) % 90),
                    }
                    for i in range(size - created)
                ]
            )
            created = size
            env.flush_all()
            for url in ("/my/actions", "/my/actions/page/5"):
                best, queries, response = time_url(self, url, REPEAT)
                length, status = len(response.content), response.status_code
                print(
                    f"  {size:5d} open items, {url:20s}: {best:7.1f} ms, {queries:3d} queries, "
                    f"{length / 1024:7.1f} kB (HTTP {status})"
                )
