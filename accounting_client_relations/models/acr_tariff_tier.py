import itertools

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AcrTariffTier(models.Model):
    _name = "acr.tariff.tier"
    _description = "Tariff Bracket"
    _order = "rule_id, qty_from, id"

    rule_id = fields.Many2one("acr.tariff.rule", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="rule_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="rule_id.currency_id")
    qty_from = fields.Integer(string="From", required=True, default=1)
    qty_to = fields.Integer(
        string="To", help="Last unit of the bracket, included. Leave 0 for no upper limit."
    )
    pricing = fields.Selection(
        [("unit", "Per Unit"), ("flat", "Flat")],
        required=True,
        default="unit",
        help="Per unit: each unit within the bracket is charged. Flat: the amount is charged once as soon "
        "as the quantity reaches the bracket.",
    )
    price = fields.Monetary()
    cost = fields.Monetary(help="The accountant's remuneration, per unit or flat like the price.")

    _sql_constraints = [
        (
            "qty_positive",
            "CHECK (qty_from >= 0 AND qty_to >= 0)",
            "A bracket cannot start or end below zero.",
        ),
        (
            "price_positive",
            "CHECK (price >= 0 AND cost >= 0)",
            "A bracket cannot have a negative price or cost.",
        ),
        (
            "qty_order",
            "CHECK (qty_to = 0 OR qty_to >= qty_from)",
            "A bracket cannot end before it starts.",
        ),
    ]

    @api.depends("qty_from", "qty_to")
    def _compute_display_name(self):
        for tier in self:
            if tier.qty_to:
                tier.display_name = f"{tier.qty_from}–{tier.qty_to}"
            else:
                tier.display_name = f"{tier.qty_from}+"

    @api.constrains("qty_from", "qty_to", "rule_id")
    def _check_tiers(self):
        self.rule_id.tier_ids._check_continuity()

    def _check_continuity(self):
        """Brackets of each rule must follow each other with neither overlap
        nor gap, and only the last one may be open-ended."""
        for rule in self.rule_id:
            tiers = rule.tier_ids.sorted(lambda t: (t.qty_from, t.id))
            for previous, tier in itertools.pairwise(tiers):
                if not previous.qty_to or tier.qty_from <= previous.qty_to:
                    raise ValidationError(
                        self.env._(
                            "The brackets %(first)s and %(second)s of %(rule)s overlap.",
                            first=previous.display_name,
                            second=tier.display_name,
                            rule=rule.name,
                        )
                    )
                if tier.qty_from > previous.qty_to + 1:
                    raise ValidationError(
                        self.env._(
                            "There is a gap between the brackets %(first)s and %(second)s of %(rule)s: "
                            "units %(gap_from)s to %(gap_to)s are not priced.",
                            first=previous.display_name,
                            second=tier.display_name,
                            rule=rule.name,
                            gap_from=previous.qty_to + 1,
                            gap_to=tier.qty_from - 1,
                        )
                    )

    def _acr_line(self, quantity):
        """The breakdown line of this bracket for ``quantity`` units, or None."""
        self.ensure_one()
        if self.pricing == "flat":
            if quantity < self.qty_from:
                return None
            return {
                "name": f"{self.rule_id.name} ({self.display_name})",
                "quantity": 1.0,
                "unit_price": self.price,
                "unit_cost": self.cost,
            }
        first = max(self.qty_from, 1)
        last = min(quantity, self.qty_to) if self.qty_to else quantity
        units = last - first + 1
        if units <= 0:
            return None
        return {
            "name": f"{self.rule_id.name} ({self.display_name})",
            "quantity": float(units),
            "unit_price": self.price,
            "unit_cost": self.cost,
        }
