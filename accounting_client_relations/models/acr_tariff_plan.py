from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AcrTariffPlan(models.Model):
    _name = "acr.tariff.plan"
    _description = "Tariff Plan"
    _inherit = ["mail.thread"]
    _order = "sequence, date_start desc, id desc"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
        tracking=True,
    )
    date_start = fields.Date(string="Valid From", tracking=True)
    date_end = fields.Date(string="Valid Until", tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    rule_ids = fields.One2many("acr.tariff.rule", "plan_id", string="Rules", copy=True)
    rule_count = fields.Integer(compute="_compute_rule_count", string="Rules Count")
    note = fields.Html(translate=True, help="Internal notes: what this plan is for.")

    @api.depends("rule_ids")
    def _compute_rule_count(self):
        for plan in self:
            plan.rule_count = len(plan.rule_ids)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for plan in self:
            if plan.date_start and plan.date_end and plan.date_end < plan.date_start:
                raise ValidationError(
                    self.env._("The plan %(plan)s ends before it starts.", plan=plan.display_name)
                )

    @api.constrains("rule_ids", "active")
    def _check_rules(self):
        for plan in self:
            if plan.active and not plan.rule_ids:
                raise ValidationError(
                    self.env._(
                        "The tariff plan %(plan)s has no rule: add at least a base fee or a price per unit.",
                        plan=plan.display_name,
                    )
                )
            plan.rule_ids._check_modifier_has_base()

    @api.model_create_multi
    def create(self, vals_list):
        plans = super().create(vals_list)
        # A plan created without its rules would escape the constraint above.
        plans._check_rules()
        return plans

    def _acr_is_valid_on(self, date):
        self.ensure_one()
        return (not self.date_start or self.date_start <= date) and (
            not self.date_end or date <= self.date_end
        )
