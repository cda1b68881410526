"""Benchmark: SQL queries and time of every portal page for a demo client.

Run with `make bench` (scripts/bench.sh runs this file under pytest-odoo with
`--odoo-http`): an HttpCase, so the whole run is one rolled-back test
transaction. The demo portal user ``client`` (Brightside) opens each portal
page; for each it prints the SQL queries of a request with cold caches, the
best of 5 server round trips in milliseconds, and whether the page shows its
breadcrumb. Figures, not asserts (budgets are asserted in the tests).
"""

from benchlib import time_url

from odoo import Command
from odoo.tests import HttpCase, tagged

REPEAT = 5


@tagged("post_install", "-at_install", "acr_bench")
class BenchPortalPages(HttpCase):
    def test_bench_portal_pages(self):
        env = self.env
        ref = env.ref
        meeting = ref("accounting_client_relations.meeting_brightside_held")
        draft = (
            env["acr.meeting"]
            .sudo()
            .create(
                {
                    "client_id": meeting.client_id.id,
                    "partner_id": meeting.partner_id.id,
                    "type_id": meeting.type_id.id,
                    "change_kind_ids": [
                        Command.set(ref("accounting_client_relations.meeting_change_nothing").ids)
                    ],
                    "client_prepared": True,
                    "topic_ids": [Command.create({"name": "Bench topic", "minutes": 20})],
                }
            )
        )
        quote = ref("accounting_client_relations.quote_brightside")
        agreement = ref("accounting_client_relations.agreement_brightside")
        pages = [
            "/my",
            "/my/meetings",
            f"/my/meetings/{meeting.id}",
            "/my/meetings/book",
            f"/my/meetings/book/{meeting.type_id.id}",
            f"/my/meetings/{draft.id}/slots",
            "/my/actions",
            "/my/quotes",
            f"/my/quotes/{quote.id}",
            "/my/agreements",
            f"/my/agreements/{agreement.id}",
        ]
        env.flush_all()
        self.authenticate("client", "client")
        print("\nportal pages, demo user 'client' (bench/bench_portal_pages.py)")
        for url in pages:
            best, queries, response = time_url(self, url, REPEAT)
            status = response.status_code
            crumbs = response.text.count('class="breadcrumb-item') > (0 if url == "/my" else 1)
            print(
                f"  {url:28s}: {queries:3d} queries, {best:7.1f} ms (HTTP {status}), "
                f"breadcrumb beyond Home: {'yes' if crumbs else 'NO'}"
            )
