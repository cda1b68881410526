import logging
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import AcrCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestPriceChange(AcrCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clients = cls._create_clients(1000, "Priced")
        cls.agreements = cls._countersigned_agreements(cls.clients, fee=101.0, cost=60.0, notice_days=30)

    def _wizard(self, agreements, **vals):
        return (
            self.env["acr.price.change.wizard"]
            .with_user(self.manager)
            .create(
                dict(
                    {
                        "domain": f"[('id', 'in', {agreements.ids})]",
                        "mode": "percent",
                        "value": 4.0,
                        "rounding": "5",
                        "date_effective": date.today() + timedelta(days=45),
                    },
                    **vals,
                )
            )
        )

    def _queries(self, agreements):
        wizard = self._wizard(agreements)
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        wizard.action_preview()
        wizard.action_apply()
        self.env.flush_all()
        return self.cr.sql_log_count - start

    def test_preview_rounding_and_margin(self):
        wizard = self._wizard(self.agreements[:3])
        wizard.action_preview()
        self.assertEqual(len(wizard.line_ids), 3)
        line = wizard.line_ids[0]
        # 101 * 1.04 = 105.04, rounded to 5 -> 105
        self.assertEqual((line.old_fee, line.new_fee, line.new_margin), (101.0, 105.0, 45.0))
        fixed = self._wizard(self.agreements[:1], mode="fixed", value=12, rounding="10")
        fixed.action_preview()
        self.assertEqual(fixed.line_ids.new_fee, 110.0)

    def test_notice_period_is_respected(self):
        wizard = self._wizard(self.agreements[:2], date_effective=date.today() + timedelta(days=10))
        wizard.action_preview()
        with self.assertRaisesRegex(ValidationError, "30 days' notice"):
            wizard.action_apply()

    def test_apply_to_1000_agreements_in_bulk(self):
        small, large = self.agreements[:100], self.agreements[100:]
        queries_small = self._queries(small)
        queries_large = self._queries(large)
        # Nine times the agreements: the same statements; only the ORM's
        # multi-row INSERTs and prefetch reads are split in chunks, far from
        # one query per agreement.
        _logger.info("price change: %s queries for 100 agreements, %s for 900", queries_small, queries_large)
        self.assertLess(queries_large - queries_small, 40, (queries_small, queries_large))
        self.assertLess(queries_large, 100)
        amendments = self.env["acr.agreement.amendment"].search([("agreement_id", "in", self.agreements.ids)])
        self.assertEqual(len(amendments), 1000)
        self.assertEqual(set(amendments.mapped("new_fee")), {105.0})
        # The stored currency, given by the wizard, is the agreement's.
        self.assertTrue(all(a.currency_id == a.agreement_id.currency_id for a in amendments))
        self.assertTrue(amendments[:1].currency_id)
        notices = self.env["mail.mail"].search([("body_html", "ilike", "changes from")])
        self.assertEqual(len(notices), 1000)
        self.assertIn("105.00", notices[0].body_html)
        # The fee changes on the effective date, in one pass.
        with freeze_time(date.today() + timedelta(days=46)):
            self.env["acr.agreement.amendment"]._cron_apply_amendments(batch_size=2000)
        self.assertEqual(set(self.agreements.mapped("monthly_fee")), {105.0})

    def test_portal_acknowledgement(self):
        wizard = self._wizard(self.agreements[:1])
        wizard.action_preview()
        wizard.action_apply()
        amendment = self.agreements[0].amendment_ids
        amendment._acr_acknowledge(self.clients[0].partner_id)
        self.assertEqual(amendment.state, "acknowledged")
        self.assertIn("acknowledged the new monthly fee", self.agreements[0].message_ids[0].body)


@tagged("post_install", "-at_install")
class TestPowerOfAttorney(AcrCase):
    def test_expiry_reminder_once_per_document(self):
        clients = self._create_clients(3, "Poa")
        Power = self.env["acr.power.attorney"]
        holder = self.env.company.partner_id
        with freeze_time("2025-03-01"):
            soon, later, revoked = Power.create(
                [
                    {"client_id": clients[0].id, "holder_id": holder.id, "date_expiry": "2025-03-20"},
                    {"client_id": clients[1].id, "holder_id": holder.id, "date_expiry": "2025-06-20"},
                    {"client_id": clients[2].id, "holder_id": holder.id, "date_expiry": "2025-03-10"},
                ]
            )
            (soon | later).action_mark_valid()
            revoked.action_revoke()
            done = Power._cron_expiry_reminders()
            self.assertEqual(done, soon)
            self.assertEqual(len(soon.activity_ids), 1)
            self.assertEqual(soon.activity_ids.user_id, self.accountant)
            self.assertFalse(later.activity_ids | revoked.activity_ids)
            Power._cron_expiry_reminders()
            self.assertEqual(len(soon.activity_ids), 1, "never twice for the same document")
            self.assertEqual(
                Power.search([("id", "in", (soon | later).ids), ("date_expiry", "<=", "2025-03-31")]), soon
            )
            # A longer notice period, from the settings, reaches the other one.
            self.env["ir.config_parameter"].sudo().set_param(
                "accounting_client_relations.poa_notice_days", 120
            )
            Power._cron_expiry_reminders()
            self.assertEqual(len(later.activity_ids), 1)
            # Renewed with a new expiry date: a new reminder when it comes near.
            soon.date_expiry = "2025-03-25"
            Power._cron_expiry_reminders()
            self.assertEqual(len(soon.activity_ids), 2)
        with freeze_time("2025-04-01"):
            self.assertIn(soon, Power.search([("is_expired", "=", True)]))
