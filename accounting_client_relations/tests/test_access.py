from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import AcrCase


@tagged("post_install", "-at_install")
class TestAccess(AcrCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Client = cls.env["acr.client"]
        cls.own = Client.create(cls._complete_vals("Own Client"))
        cls.colleagues = Client.create(
            cls._complete_vals(
                "Colleague Client",
                user_id=cls.accountant_2.id,
                tax_user_id=False,
                payroll_user_id=False,
                coordinator_id=False,
            )
        )
        cls.unassigned = Client.create(
            cls._complete_vals(
                "Unassigned Prospect",
                user_id=False,
                tax_user_id=False,
                payroll_user_id=False,
                coordinator_id=False,
            )
        )
        cls.portal_user = new_test_user(
            cls.env,
            "acr_portal",
            groups="base.group_portal",
            partner_id=cls.env["res.partner"]
            .create(
                {
                    "name": "Portal Contact",
                    "parent_id": cls.own.partner_id.id,
                }
            )
            .id,
        )
        cls.company_2 = cls.env["res.company"].create({"name": "Other Firm"})
        cls.other_company_manager = new_test_user(
            cls.env,
            "acr_other_manager",
            groups="accounting_client_relations.group_acr_manager",
            company_id=cls.company_2.id,
            company_ids=[cls.company_2.id],
        )
        cls.other_company_client = Client.with_company(cls.company_2).create(
            {
                "partner_id": cls.env["res.partner"]
                .create({"name": "Other Firm's Client", "is_company": True})
                .id,
                "user_id": cls.other_company_manager.id,
                "company_id": cls.company_2.id,
            }
        )

    def _visible(self, user):
        return self.env["acr.client"].with_user(user).search([]).ids

    def test_accountant_sees_own_teams_and_unassigned(self):
        visible = self._visible(self.accountant)
        self.assertIn(self.own.id, visible)
        self.assertIn(self.unassigned.id, visible)
        self.assertNotIn(self.colleagues.id, visible)
        self.assertNotIn(self.other_company_client.id, visible)
        # Team members other than the responsible accountant see it too.
        self.assertIn(self.own.id, self._visible(self.payroll_user))

    def test_team_follows_the_four_roles_at_once(self):
        """The stored team is what the record rules read: a role given or
        taken is seen by the next search in the same transaction, on the
        client file and on the records that hang off it."""
        self.assertEqual(
            self.own.team_user_ids,
            self.own.user_id | self.own.tax_user_id | self.own.payroll_user_id | self.own.coordinator_id,
        )
        contact_logs = self.env["acr.contact.log"].with_user(self.accountant_2)
        log = self.env["acr.contact.log"].create({"client_id": self.own.id, "topic": "Called about VAT"})
        self.assertNotIn(self.own.id, self._visible(self.accountant_2))
        self.assertFalse(contact_logs.search([("id", "=", log.id)]))
        self.own.tax_user_id = self.accountant_2
        self.assertIn(self.own.id, self._visible(self.accountant_2))
        self.assertEqual(contact_logs.search([("id", "=", log.id)]), log)
        self.own.tax_user_id = False
        self.assertNotIn(self.own.id, self._visible(self.accountant_2))
        self.assertFalse(contact_logs.search([("id", "=", log.id)]))

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_accountant_limits(self):
        with self.assertRaises(AccessError):
            self.colleagues.with_user(self.accountant).read(["name"])
        with self.assertRaises(AccessError):
            self.own.with_user(self.accountant).unlink()
        with self.assertRaises(AccessError):
            self.stage_onboarding.with_user(self.accountant).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.plan.with_user(self.accountant).write({"name": "Renamed"})
        # Writing its own client works.
        self.own.with_user(self.accountant).write({"priority": "1"})

    def test_manager_sees_and_configures_everything_in_its_company(self):
        visible = self._visible(self.manager)
        self.assertTrue({self.own.id, self.colleagues.id, self.unassigned.id} <= set(visible))
        self.assertNotIn(self.other_company_client.id, visible)
        self.stage_onboarding.with_user(self.manager).write({"description": "Checked"})
        self.plan.with_user(self.manager).write({"name": "Firm checklist"})
        self.colleagues.with_user(self.manager).unlink()

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_manager_cannot_edit_other_apps_plans(self):
        plan = self.env["mail.activity.plan"].create({"name": "Partner plan", "res_model": "res.partner"})
        with self.assertRaises(AccessError):
            plan.with_user(self.manager).write({"name": "Hijacked"})

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models", "odoo.addons.base.models.ir_model")
    def test_portal_user_sees_no_client_file(self):
        with self.assertRaises(AccessError):
            self.env["acr.client"].with_user(self.portal_user).search([])
        with self.assertRaises(AccessError):
            self.own.with_user(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            self.stage_onboarding.with_user(self.portal_user).read(["name"])

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_other_company_user_is_isolated(self):
        self.assertEqual(self._visible(self.other_company_manager), self.other_company_client.ids)
        with self.assertRaises(AccessError):
            self.own.with_user(self.other_company_manager).read(["name"])

    def test_internal_user_without_group_sees_no_client_on_partner(self):
        plain = new_test_user(self.env, "acr_plain", groups="base.group_user")
        partner = self.own.partner_id.with_user(plain)
        self.assertFalse(partner.acr_client_id)
