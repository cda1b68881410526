from odoo import api, fields, models
from odoo.exceptions import ValidationError

BASE_KINDS = ("fixed", "per_unit", "tiered")


class AcrTariffRule(models.Model):
    _name = "acr.tariff.rule"
    _description = "Tariff Rule"
    _order = "plan_id, sequence, id"

    plan_id = fields.Many2one("acr.tariff.plan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Component", required=True, translate=True)
    rule_type = fields.Selection(
        [
            ("fixed", "Base Fee"),
            ("per_unit", "Price per Unit"),
            ("tiered", "Tiered Brackets"),
            ("percent", "Percentage Modifier"),
            ("minimum", "Minimum Fee"),
        ],
        string="Kind",
        required=True,
        default="fixed",
    )
    parameter_id = fields.Many2one(
        "acr.tariff.parameter",
        ondelete="restrict",
        help="The quantity this rule prices (per unit and tiered rules).",
    )
    price = fields.Monetary(
        help="Base fee: the monthly amount. Per unit: the price of one unit. Minimum fee: the floor.",
    )
    cost = fields.Monetary(
        help="The accountant's remuneration for this component: per month for a base fee, per unit for a "
        "price per unit.",
    )
    percent = fields.Float(
        string="Price %",
        help="Percentage applied to the fee of the components above this one (negative for a discount).",
    )
    cost_percent = fields.Float(
        string="Cost %",
        help="Percentage applied to the cost of the components above this one.",
    )
    tier_ids = fields.One2many("acr.tariff.tier", "rule_id", string="Brackets", copy=True)
    # Conditions -----------------------------------------------------------
    legal_form_ids = fields.Many2many(
        "acr.legal.form",
        string="Only for Legal Forms",
        help="Leave empty to apply the rule whatever the legal form.",
    )
    tax_regime_ids = fields.Many2many(
        "acr.tax.regime",
        string="Only for Tax Regimes",
        help="Leave empty to apply the rule whatever the tax regime.",
    )
    vat_payer_condition = fields.Selection(
        [("any", "Any"), ("yes", "VAT payers only"), ("no", "Non VAT payers only")],
        string="VAT Payer",
        required=True,
        default="any",
    )
    condition_summary = fields.Char(compute="_compute_condition_summary", string="Conditions")

    _sql_constraints = [
        ("price_positive", "CHECK (price >= 0)", "A tariff rule cannot have a negative price."),
        ("cost_positive", "CHECK (cost >= 0)", "A tariff rule cannot have a negative cost."),
        (
            "percent_range",
            "CHECK (percent > -100 AND cost_percent > -100)",
            "A percentage modifier cannot remove 100% or more of the fee or the cost.",
        ),
    ]

    @api.depends("legal_form_ids", "tax_regime_ids", "vat_payer_condition")
    def _compute_condition_summary(self):
        labels = dict(self._fields["vat_payer_condition"]._description_selection(self.env))
        for rule in self:
            parts = rule.legal_form_ids.mapped("name") + rule.tax_regime_ids.mapped("name")
            if rule.vat_payer_condition != "any":
                parts.append(labels[rule.vat_payer_condition])
            rule.condition_summary = ", ".join(parts)

    @api.constrains("rule_type", "parameter_id", "tier_ids", "price", "percent")
    def _check_rule_kind(self):
        for rule in self:
            name = rule.name
            if rule.rule_type in ("per_unit", "tiered") and not rule.parameter_id:
                raise ValidationError(
                    self.env._("The rule %(rule)s prices a quantity: choose its parameter.", rule=name)
                )
            if rule.rule_type == "tiered":
                if rule.parameter_id.value_type == "boolean":
                    raise ValidationError(
                        self.env._(
                            "The rule %(rule)s has brackets on a yes/no parameter: use a price per unit.",
                            rule=name,
                        )
                    )
                if not rule.tier_ids:
                    raise ValidationError(self.env._("The tiered rule %(rule)s has no bracket.", rule=name))
                rule.tier_ids._check_continuity()
            if rule.rule_type == "percent" and not rule.percent:
                raise ValidationError(self.env._("The modifier %(rule)s has no percentage.", rule=name))

    @api.constrains("rule_type", "sequence", "plan_id")
    def _check_modifier_has_base(self):
        for rule in self.filtered(lambda r: r.rule_type == "percent"):
            bases = rule.plan_id.rule_ids.filtered(
                lambda r, mod=rule: r.rule_type in BASE_KINDS and (r.sequence, r.id) < (mod.sequence, mod.id)
            )
            if not bases:
                raise ValidationError(
                    self.env._(
                        "The percentage modifier %(rule)s has no base: put a base fee, a price per unit "
                        "or brackets before it in the plan %(plan)s.",
                        rule=rule.name,
                        plan=rule.plan_id.display_name,
                    )
                )

    def _acr_applies(self, profile):
        """Whether the conditions of the rule hold for ``profile`` (a dict with
        ``legal_form_id``, ``tax_regime_id`` ids and ``vat_payer``)."""
        self.ensure_one()
        if self.legal_form_ids and profile["legal_form_id"] not in self.legal_form_ids.ids:
            return False
        if self.tax_regime_ids and profile["tax_regime_id"] not in self.tax_regime_ids.ids:
            return False
        if self.vat_payer_condition == "yes" and not profile["vat_payer"]:
            return False
        return not (self.vat_payer_condition == "no" and profile["vat_payer"])

    def _acr_base_lines(self, quantity):
        """Breakdown lines of a base rule for ``quantity`` units: a list of
        dicts with name, quantity, unit price and unit cost (not rounded)."""
        self.ensure_one()
        if self.rule_type == "fixed":
            return [{"name": self.name, "quantity": 1.0, "unit_price": self.price, "unit_cost": self.cost}]
        if self.rule_type == "per_unit":
            if not quantity:
                return []
            return [
                {"name": self.name, "quantity": quantity, "unit_price": self.price, "unit_cost": self.cost}
            ]
        lines = []
        for tier in self.tier_ids:
            line = tier._acr_line(quantity)
            if line:
                lines.append(line)
        return lines
