import threading
import time

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.modules.registry import DummyRLock, Registry
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestBookingConcurrency(TransactionCase):
    """Two clients book the same slot at the same moment, in two real
    transactions on two connections: exactly one gets it. Both pass the
    Python availability check (neither sees the other's uncommitted booking);
    the database's exclusion constraint decides."""

    def _committed(self, func):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            result = func(env)
            cr.commit()  # pylint: disable=invalid-commit
            return result

    def setUp(self):
        super().setUp()
        # Odoo's own test runner holds the registry lock for the whole run;
        # the booking threads would wait on it (as Odoo's auth_ldap tests do,
        # lift it for the test).
        self.patch(Registry, "_lock", DummyRLock())
        stamp = str(int(time.time() * 1000))

        def create(env):
            accountant = env["res.users"].create(
                {
                    "name": "Concurrent Accountant",
                    "login": f"acr_conc_{stamp}",
                    "tz": "Europe/Brussels",
                    "groups_id": [Command.set([env.ref("accounting_client_relations.group_acr_user").id])],
                }
            )
            mtype = env["acr.meeting.type"].create(
                {
                    "name": "Concurrent type",
                    "duration_minutes": 60,
                    "resource_calendar_id": env.ref(
                        "accounting_client_relations.resource_calendar_booking"
                    ).id,
                }
            )
            meetings = env["acr.meeting"]
            for name in ("First", "Second"):
                partner = env["res.partner"].create({"name": f"{name} Client {stamp}", "is_company": True})
                contact = env["res.partner"].create({"name": f"{name} Contact", "parent_id": partner.id})
                client = env["acr.client"].create({"partner_id": partner.id, "user_id": accountant.id})
                meetings |= env["acr.meeting"].create(
                    {
                        "client_id": client.id,
                        "partner_id": contact.id,
                        "type_id": mtype.id,
                        "change_kind_ids": [
                            Command.set(env.ref("accounting_client_relations.meeting_change_nothing").ids)
                        ],
                        "client_prepared": True,
                        "topic_ids": [Command.create({"name": "Cash flow", "minutes": 30})],
                    }
                )
            slot = mtype._acr_free_slots(accountant)[0].replace(tzinfo=None)
            return accountant.id, mtype.id, meetings.ids, slot

        self.accountant_id, self.type_id, self.meeting_ids, self.slot = self._committed(create)
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        def drop(env):
            meetings = env["acr.meeting"].browse(self.meeting_ids)
            clients = meetings.client_id
            partners = clients.partner_id | meetings.partner_id
            events = meetings.event_id
            meetings.unlink()
            events.unlink()
            clients.unlink()
            partners.unlink()
            env["acr.meeting.type"].browse(self.type_id).unlink()
            # The committed accountant goes too, with its partner: the test
            # leaves the database as it found it.
            user = env["res.users"].browse(self.accountant_id)
            partner = user.partner_id
            user.unlink()
            partner.unlink()

        self._committed(drop)

    def _book(self, meeting_id, results, written=None, wait_for=None, hold=0.0):
        try:
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                if wait_for:
                    wait_for.wait(10)
                env["acr.meeting"].browse(meeting_id)._acr_book(self.slot)
                if written:
                    written.set()
                time.sleep(hold)
                cr.commit()  # pylint: disable=invalid-commit
                results[meeting_id] = "booked"
        except UserError as exc:
            results[meeting_id] = str(exc)
        finally:
            if written:
                written.set()

    def test_exactly_one_booker_wins(self):
        results = {}
        written = threading.Event()
        first, second = self.meeting_ids
        threads = [
            threading.Thread(
                target=self._book, args=(first, results), kwargs={"written": written, "hold": 1.0}
            ),
            threading.Thread(target=self._book, args=(second, results), kwargs={"wait_for": written}),
        ]
        # A lost race is a normal event: no ERROR line in the log for it.
        with self.assertNoLogs("odoo.sql_db", level="ERROR"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(30)
        self.assertEqual(results[first], "booked")
        self.assertIn("just taken", results[second])

        def check(env):
            meetings = env["acr.meeting"].browse(self.meeting_ids)
            return sorted(meetings.mapped("state")), len(meetings.event_id)

        self.assertEqual(self._committed(check), (["booked", "draft"], 1))

    def _confirm(self, meeting_id, index, results, barrier):
        try:
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                barrier.wait(10)
                results[index] = env["acr.meeting"].browse(meeting_id)._acr_portal_book(self.slot)
                cr.commit()  # pylint: disable=invalid-commit
        except UserError as exc:
            results[index] = str(exc)

    def test_a_double_clicked_confirm_books_once(self):
        """Ten confirms of the same meeting and slot at once, each on its own
        connection: one booking, no move, one chatter line, no error line."""
        first = self.meeting_ids[0]
        results = {}
        barrier = threading.Barrier(10)
        threads = [
            threading.Thread(target=self._confirm, args=(first, i, results, barrier)) for i in range(10)
        ]
        with self.assertNoLogs("odoo.sql_db", level="ERROR"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(30)
        self.assertEqual(len(results), 10, results)
        for answer in results.values():
            self.assertTrue(answer == "booked" or "already being confirmed" in answer, answer)
        self.assertIn("booked", results.values())
        # Once committed, the same confirm again is a no-op too.
        self.assertEqual(
            self._committed(lambda env: env["acr.meeting"].browse(first)._acr_portal_book(self.slot)),
            "booked",
        )

        def check(env):
            meeting = env["acr.meeting"].browse(first)
            messages = env["mail.message"].search([("model", "=", "acr.meeting"), ("res_id", "=", first)])
            return (
                meeting.state,
                meeting.start,
                meeting.reschedule_count,
                len(meeting.event_id),
                len(messages.filtered(lambda m: "booked for" in (m.body or ""))),
                len(messages.filtered(lambda m: "moved from" in (m.body or ""))),
            )

        self.assertEqual(self._committed(check), ("booked", self.slot, 0, 1, 1, 0))
