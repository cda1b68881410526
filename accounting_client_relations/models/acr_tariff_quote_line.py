from odoo import fields, models


class AcrTariffQuoteLine(models.Model):
    _name = "acr.tariff.quote.line"
    _description = "Quote Breakdown Line"
    _order = "quote_id, sequence, id"

    quote_id = fields.Many2one("acr.tariff.quote", required=True, ondelete="cascade", index=True)
    currency_id = fields.Many2one(related="quote_id.currency_id")
    sequence = fields.Integer()
    name = fields.Char(string="Component", required=True)
    rule_id = fields.Many2one("acr.tariff.rule", ondelete="set null")
    parameter_id = fields.Many2one("acr.tariff.parameter", ondelete="set null")
    quantity = fields.Float(digits=(16, 2))
    unit_price = fields.Monetary()
    unit_cost = fields.Monetary()
    price_subtotal = fields.Monetary(string="Fee")
    cost_subtotal = fields.Monetary(string="Cost")
