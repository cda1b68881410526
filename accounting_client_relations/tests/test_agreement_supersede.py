from datetime import date

import psycopg2
from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SIGNATURE, AcrCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 09:00:00")
class TestAgreementSupersede(AcrCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls._create_clients(1, "Renewed")
        cls.other = cls._create_clients(1, "Untouched")
        cls.old = cls._countersigned_agreements(cls.client, fee=400.0, cost=200.0, state="active")
        cls.old_other = cls._countersigned_agreements(cls.other, fee=300.0, cost=100.0, state="active")
        cls.old.sudo()._acr_transition_write({"date_start": date(2025, 1, 1)})

    def _signed_new(self, client, fee=600.0, start=date(2026, 4, 1)):
        new = (
            self.env["acr.agreement"]
            .with_user(self.manager)
            .create({"client_id": client.id, "monthly_fee": fee, "monthly_cost": 300.0, "date_start": start})
        )
        new.action_mark_sent()
        new.sudo()._acr_sign("Rita Renewed", SIGNATURE, client.partner_id)
        return new

    def test_countersigning_a_new_agreement_supersedes_the_running_one(self):
        new = self._signed_new(self.client)
        self.assertIs(new.with_user(self.manager).action_countersign(), True)
        self.assertEqual(self.old.state, "superseded")
        self.assertEqual(self.old.date_end, date(2026, 3, 31), "it ends the day before the new one starts")
        self.assertEqual(self.old.superseded_by_id, new)
        self.assertIn("Superseded by", self.old.message_ids[:1].body)
        new.with_user(self.manager).action_activate()
        self.assertEqual(new.state, "active")
        # The other client's agreement is untouched.
        self.assertEqual(self.old_other.state, "active")
        self.assertFalse(self.old_other.date_end)
        # The client file shows the new fee, not a sum or the old one.
        self.assertEqual(self.client.current_fee, 600.0)

    def test_the_report_and_the_price_change_count_only_the_running_agreement(self):
        self._signed_new(self.client).with_user(self.manager).action_countersign()
        rows = (
            self.env["acr.profitability.report"]
            .with_user(self.manager)
            ._read_group([("client_id", "=", self.client.id)], [], ["monthly_fee:sum", "__count"])
        )
        self.assertEqual(rows, [(600.0, 1)])
        wizard = (
            self.env["acr.price.change.wizard"]
            .with_user(self.manager)
            .create(
                {
                    "domain": f"[('client_id', '=', {self.client.id})]",
                    "value": 10.0,
                    "date_effective": date(2026, 6, 1),
                }
            )
        )
        wizard.action_preview()
        self.assertEqual(wizard.line_ids.agreement_id.monthly_fee, 600.0)
        self.assertEqual(len(wizard.line_ids), 1, "one price-change notice per client, not two")

    def test_supersession_never_ends_before_the_old_start(self):
        new = self._signed_new(self.client, start=date(2024, 6, 1))
        new.with_user(self.manager).action_countersign()
        self.assertEqual(self.old.date_end, date(2025, 1, 1))

    def test_two_agreements_of_one_client_are_not_countersigned_together(self):
        first = self._signed_new(self.client)
        second = self._signed_new(self.client, fee=700.0)
        with self.assertRaisesRegex(UserError, "one agreement per client"):
            (first | second).with_user(self.manager).action_countersign()
        self.assertEqual(self.old.state, "active")

    def test_the_database_refuses_two_running_agreements(self):
        new = self._signed_new(self.client)
        new.with_user(self.manager).action_countersign()
        # An administrative override back to active, past every transition.
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.ExclusionViolation):
            with self.env.cr.savepoint():
                self.old.with_user(self.manager).action_acr_override({"state": "active"}, "Undo")
                self.env.flush_all()
        # A create in a running state, as data or an import inside a transition.
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.ExclusionViolation):
            with self.env.cr.savepoint():
                self._countersigned_agreements(self.client)
                self.env.flush_all()
        # Plain SQL meets the same constraint.
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.ExclusionViolation):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "UPDATE acr_agreement SET state = 'countersigned' WHERE id = %s", [self.old.id]
                )
        # A terminated or superseded agreement does not count.
        new.with_user(self.manager).action_terminate()
        self._countersigned_agreements(self.client)
        self.env.flush_all()
