from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common import AcrMeetingCase


@tagged("post_install", "-at_install")
class TestBulkHelpers(AcrMeetingCase):
    """The shared bulk helpers and the query budgets of the jobs built on
    them: counts measured at two sizes must be equal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meeting = cls.env["acr.meeting"].create(
            cls._answers(start=datetime(2026, 2, 10, 9, 0), state="held")
        )
        cls.env["acr.meeting.minutes"].create(
            {"meeting_id": cls.meeting.id, "summary": "<p>Done</p>"}
        )._acr_freeze()

    def _queries(self, func):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        func()
        self.env.flush_all()
        self.env.cr.flush()  # the pre-commit work too (tracking messages)
        return self.cr.sql_log_count - start

    # ------------------------------------------------------------------
    # acr.cron.batch
    # ------------------------------------------------------------------
    def test_cron_batches_report_progress_and_do_not_commit_in_tests(self):
        partners = self.env["res.partner"].create([{"name": f"Batch {i}"} for i in range(5)])
        domain = [("id", "in", partners.ids)]
        seen, progress = [], []

        def notify(_self, done=None, remaining=None, deactivate=False):
            progress.append((done, remaining))

        with (
            patch.object(self.env.registry["ir.cron"], "_notify_progress", notify),
            patch.object(type(self.env.cr), "commit") as commit,
        ):
            done = self.env["acr.cron.batch"]._acr_run_batches(
                self.env["res.partner"], domain, lambda batch: seen.append(batch.ids), batch_size=2
            )
        self.assertEqual(done, 5)
        self.assertEqual(seen, [partners.ids[:2], partners.ids[2:4], partners.ids[4:]])
        self.assertEqual(progress, [(2, 3), (4, 1), (5, 0)])
        commit.assert_not_called()
        self.assertTrue(self.env["acr.cron.batch"]._acr_is_testing())

    def test_cron_batches_resume_where_they_stopped(self):
        """The domain leaves out what is done: a job stopped by its time
        budget, then run again, handles each record once."""
        partners = self.env["res.partner"].create([{"name": f"Resume {i}"} for i in range(5)])
        handled = []

        def process(batch):
            handled.extend(batch.ids)
            batch.write({"comment": "done"})

        domain = [("id", "in", partners.ids), ("comment", "=", False)]
        Batch = self.env["acr.cron.batch"]
        Batch._acr_run_batches(self.env["res.partner"], domain, process, batch_size=2, time_budget=0)
        self.assertEqual(len(handled), 2)
        Batch._acr_run_batches(self.env["res.partner"], domain, process, batch_size=2)
        self.assertEqual(sorted(handled), sorted(partners.ids))

    # ------------------------------------------------------------------
    # acr.mail.bulk: the same output, compiled once
    # ------------------------------------------------------------------
    def test_compiled_once_renders_what_odoo_renders(self):
        template = self.env.ref("accounting_client_relations.mail_template_strategic_invitation")
        clients = self.client_a | self.client_b
        self.client_b.partner_id.lang = "fr_FR" if self.env["res.lang"]._lang_get("fr_FR") else False
        ids = clients.ids
        odoo_way = template._render_field("body_html", ids, compute_lang=True)
        once = template.with_context(acr_compile_once=True)._render_field("body_html", ids, compute_lang=True)
        self.assertEqual(once, odoo_way)
        self.assertIn(self.client_a.partner_id.name, once[self.client_a.id])

    def test_queued_mails_carry_reply_to_and_record_name(self):
        template = self.env.ref("accounting_client_relations.mail_template_strategic_invitation")
        clients = self.client_a | self.client_b
        mails = self.env["acr.mail.bulk"]._acr_queue_mails(template, clients)
        self.assertEqual(len(mails), 2)
        self.assertEqual(set(mails.mapped("res_id")), set(clients.ids))
        self.assertTrue(all(mails.mapped("reply_to")))
        self.assertEqual(set(mails.mapped("record_name")), set(clients.mapped("display_name")))
        self.assertEqual(mails.recipient_ids, clients.partner_id)
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})

    # ------------------------------------------------------------------
    # acr.activity.bulk
    # ------------------------------------------------------------------
    def test_bulk_activities_notify_each_assignee_once(self):
        clients = self._create_clients(6, "Notify")
        Message = self.env["mail.message"]
        last_id = Message.search([], order="id desc", limit=1).id
        activities = self.env["acr.activity.bulk"]._acr_schedule(
            clients,
            "mail.mail_activity_data_todo",
            values_by_id={
                client.id: {"user_id": (self.tax_user if i % 2 else self.payroll_user).id}
                for i, client in enumerate(clients)
            },
        )
        self.assertEqual(len(activities), 6)
        notices = Message.search(
            [("id", ">", last_id), ("subject", "ilike", "new activities assigned to you")]
        )
        self.assertEqual(len(notices), 2)
        self.assertEqual(notices.partner_ids, (self.tax_user | self.payroll_user).partner_id)
        per_activity = Message.search_count(
            [
                ("model", "=", "acr.client"),
                ("res_id", "in", clients.ids),
                ("subject", "ilike", "assigned to you"),
            ]
        )
        self.assertEqual(per_activity, 0, "no message per activity")
        self.assertIn(self.tax_user.partner_id, clients[1].message_partner_ids)

    # ------------------------------------------------------------------
    # Query budgets at two sizes
    # ------------------------------------------------------------------
    def test_checklist_launch_queries_do_not_grow(self):
        def launch(count):
            clients = self._create_clients(count, f"Launch{count}")
            return self._queries(lambda: clients.write({"stage_id": self.stage_onboarding.id}))

        launch(2)  # warm the caches
        # Both sizes within one of the ORM's 100-row INSERT chunks: beyond,
        # only those chunks add a statement per 100 rows (see bench/).
        small = launch(5)
        self.assertEqual(launch(24), small, "5 clients (20 activities) against 24 (96)")
        clients = self._create_clients(24, "Budget")
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(small):
            clients.write({"stage_id": self.stage_onboarding.id})
        self.assertEqual(len(clients.activity_ids), 96)

    def test_digest_queries_do_not_grow(self):
        Item = self.env["acr.action.item"]
        Partner = self.env["res.partner"]

        def run(contacts):
            partners = Partner.create(
                [
                    {"name": f"Digest {contacts} {i}", "parent_id": self.client_a.partner_id.id}
                    for i in range(contacts)
                ]
            )
            items = Item.create(
                [
                    {
                        "meeting_id": self.meeting.id,
                        "name": f"Item {i}",
                        "owner_type": "client",
                        "partner_id": partner.id,
                        "date_due": date(2026, 3, 10 + i % 3),
                    }
                    for partner in partners
                    for i in range(3)
                ]
            )
            with freeze_time("2026-03-10 08:00:00"):
                used = self._queries(Item._cron_remind_client_items)
            mails = self.env["mail.mail"].search_count([("recipient_ids", "in", partners.ids)])
            items.with_context(tracking_disable=True).action_cancel()
            return used, mails

        run(2)  # warm the caches
        small, small_mails = run(5)
        large, large_mails = run(30)
        self.assertEqual((small_mails, large_mails), (5, 30), "one digest per contact")
        self.assertEqual(large, small, "15 items for 5 contacts against 90 for 30")

    def test_quote_creation_queries_do_not_grow(self):
        def create(count):
            clients = self._create_clients(count, f"Quote{count}")
            return self._queries(
                lambda: self.env["acr.tariff.quote"].create([{"client_id": client.id} for client in clients])
            )

        create(2)  # warm the caches
        # Both sizes within one 100-row INSERT chunk of parameter values.
        small = create(5)
        self.assertEqual(create(20), small)
        clients = self._create_clients(20, "QuoteBudget")
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(small):
            self.env["acr.tariff.quote"].create([{"client_id": client.id} for client in clients])
