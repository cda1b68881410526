import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

# Profile fields a client's deadline templates depend on: changing one
# regenerates the client's future deadlines.
DEADLINE_PROFILE_FIELDS = (
    "acr_legal_form_id",
    "acr_tax_regime_id",
    "acr_employee_count",
    "acr_vat_payer",
    "country_id",
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Client profile: held by the commercial entity, mirrored on its contacts.
    acr_legal_form_id = fields.Many2one("acr.legal.form", string="Legal Form", index="btree_not_null")
    acr_tax_regime_id = fields.Many2one("acr.tax.regime", string="Tax Regime", index="btree_not_null")
    acr_employee_count = fields.Integer(string="Number of Employees")
    acr_vat_payer = fields.Boolean(string="VAT Payer")
    acr_profile_notes = fields.Text(string="Client Profile Notes")

    acr_client_ids = fields.One2many("acr.client", "partner_id", string="Client Files")
    acr_action_item_ids = fields.One2many("acr.action.item", "partner_id", string="Action Items")
    # The client file of the commercial entity in the current company, and
    # its stage and team, shown on the partner form (read-only here).
    acr_client_id = fields.Many2one("acr.client", compute="_compute_acr_client", string="Client File")
    acr_stage_id = fields.Many2one(
        "acr.onboarding.stage", compute="_compute_acr_client", string="Onboarding Stage"
    )
    acr_user_id = fields.Many2one("res.users", compute="_compute_acr_client", string="Responsible Accountant")
    acr_tax_user_id = fields.Many2one("res.users", compute="_compute_acr_client", string="Tax Accountant")
    acr_payroll_user_id = fields.Many2one(
        "res.users", compute="_compute_acr_client", string="Payroll Accountant"
    )
    acr_coordinator_id = fields.Many2one("res.users", compute="_compute_acr_client", string="Coordinator")

    @api.depends("commercial_partner_id")
    @api.depends_context("company")
    def _compute_acr_client(self):
        Client = self.env["acr.client"]
        commercial = self.commercial_partner_id
        clients = Client
        if commercial.ids and Client.has_access("read"):
            clients = Client.search(
                [
                    ("partner_id", "in", commercial.ids),
                    ("company_id", "=", self.env.company.id),
                ]
            )
        by_partner = {client.partner_id: client for client in clients}
        for partner in self:
            client = by_partner.get(partner.commercial_partner_id, Client)
            partner.acr_client_id = client
            partner.acr_stage_id = client.stage_id
            partner.acr_user_id = client.user_id
            partner.acr_tax_user_id = client.tax_user_id
            partner.acr_payroll_user_id = client.payroll_user_id
            partner.acr_coordinator_id = client.coordinator_id

    @api.model
    def _commercial_fields(self):
        return [
            *super()._commercial_fields(),
            "acr_legal_form_id",
            "acr_tax_regime_id",
            "acr_employee_count",
            "acr_vat_payer",
        ]

    def write(self, vals):
        res = super().write(vals)
        if any(fname in vals for fname in DEADLINE_PROFILE_FIELDS):
            # Only this partner's client files, and only their rows.
            clients = self.env["acr.client"].sudo().search([("partner_id", "in", self.ids)])
            clients._acr_regenerate_deadlines()
        return res

    def action_acr_open_client(self):
        self.ensure_one()
        client = self.acr_client_id
        if not client:
            return self.action_acr_start_onboarding()
        return client._acr_form_action()

    def action_acr_log_contact(self):
        """One click from the contact: log a tactical call or mail on the
        client file of its company."""
        self.ensure_one()
        client = self.acr_client_id
        if not client:
            raise UserError(self.env._("%(partner)s has no client file yet.", partner=self.display_name))
        action = client.action_log_contact()
        action["context"] = dict(action["context"], default_partner_id=self.id)
        return action

    def _acr_portal_set_tz(self, tz):
        """The client's own choice of time zone on the portal, stored on her
        contact: only a known zone, only her own contact."""
        self.ensure_one()
        if self != self.env.user.partner_id:
            raise AccessError(self.env._("You can only change your own time zone."))
        if tz not in pytz.all_timezones_set:
            raise ValidationError(self.env._("Please choose a time zone from the list."))
        self.sudo().tz = tz
        return True

    def action_acr_start_onboarding(self):
        """*Create Client File* on the contact: open this partner's client
        file, creating it in the first stage of the pipeline (Prospect) when
        the firm records a new prospect. The pipeline's gates then decide
        when onboarding starts."""
        self.ensure_one()
        client = self.acr_client_id
        if not client:
            client = self.env["acr.client"].create({"partner_id": self.commercial_partner_id.id})
        return client._acr_form_action()
