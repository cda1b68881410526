from odoo import api, fields, models


class AcrTariffQuoteLine(models.Model):
    _name = "acr.tariff.quote.line"
    _description = "Quote Breakdown Line"
    _order = "quote_id, sequence, id"

    quote_id = fields.Many2one("acr.tariff.quote", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="quote_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="quote_id.currency_id")
    sequence = fields.Integer()
    name = fields.Char(string="Component", required=True)
    rule_id = fields.Many2one("acr.tariff.rule", ondelete="set null")
    parameter_id = fields.Many2one("acr.tariff.parameter", ondelete="set null")
    quantity = fields.Float(digits=(16, 2))
    unit_price = fields.Monetary()
    unit_cost = fields.Monetary(groups="accounting_client_relations.group_acr_user")
    price_subtotal = fields.Monetary(string="Fee")
    cost_subtotal = fields.Monetary(groups="accounting_client_relations.group_acr_user", string="Cost")

    # A sent quote is frozen: its breakdown too, whatever the way in.
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.quote_id._acr_check_draft()
        return lines

    def write(self, vals):
        self.quote_id._acr_check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_frozen(self):
        self.quote_id._acr_check_draft()
