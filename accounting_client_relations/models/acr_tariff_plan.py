from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_round


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

    def _acr_price_lines(self, profile):
        """The breakdown of this plan for ``profile`` (a quote's profile:
        legal form, tax regime and parameter values): a list of line values,
        each with its quantity, unit price and cost, and subtotals rounded to
        the plan's currency. Pure computation: no query beyond reading the
        plan's rules (prefetched for a whole batch)."""
        self.ensure_one()
        currency = self.currency_id
        lines = []
        fee = cost = 0.0
        minimum = None
        for rule in self.rule_ids:
            if not rule._acr_applies(profile):
                continue
            if rule.rule_type == "minimum":
                minimum = max(minimum or 0.0, rule.price)
                continue
            if rule.rule_type == "percent":
                if not lines:
                    continue
                line = {
                    "name": f"{rule.name} ({float_round(rule.percent, 2):g}%)",
                    "quantity": 1.0,
                    "unit_price": currency.round(fee * rule.percent / 100.0),
                    "unit_cost": currency.round(cost * rule.cost_percent / 100.0),
                    "rule_id": rule.id,
                }
            else:
                quantity = profile["values"].get(rule.parameter_id.id, 0) if rule.parameter_id else 1
                if quantity < 0:
                    raise ValidationError(
                        self.env._("The quantity of %(rule)s cannot be negative.", rule=rule.name)
                    )
                for base in rule._acr_base_lines(quantity):
                    base.update(
                        rule_id=rule.id,
                        parameter_id=rule.parameter_id.id,
                        price_subtotal=currency.round(base["quantity"] * base["unit_price"]),
                        cost_subtotal=currency.round(base["quantity"] * base["unit_cost"]),
                    )
                    lines.append(base)
                    fee += base["price_subtotal"]
                    cost += base["cost_subtotal"]
                continue
            line.update(price_subtotal=line["unit_price"], cost_subtotal=line["unit_cost"])
            lines.append(line)
            fee += line["price_subtotal"]
            cost += line["cost_subtotal"]
        if minimum is not None and currency.compare_amounts(fee, minimum) < 0:
            top_up = currency.round(minimum - fee)
            lines.append(
                {
                    "name": self.env._("Minimum monthly fee adjustment"),
                    "quantity": 1.0,
                    "unit_price": top_up,
                    "unit_cost": 0.0,
                    "price_subtotal": top_up,
                    "cost_subtotal": 0.0,
                }
            )
        for sequence, line in enumerate(lines, start=1):
            line["sequence"] = sequence
        return lines
