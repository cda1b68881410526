from odoo import api, fields, models


class AcrTariffQuoteValue(models.Model):
    _name = "acr.tariff.quote.value"
    _description = "Quote Parameter Value"
    _order = "quote_id, sequence, id"

    quote_id = fields.Many2one("acr.tariff.quote", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="quote_id.company_id", store=True, index=True)
    parameter_id = fields.Many2one("acr.tariff.parameter", required=True, ondelete="restrict")
    sequence = fields.Integer(related="parameter_id.sequence")
    value_type = fields.Selection(related="parameter_id.value_type")
    value_int = fields.Integer(string="Quantity")
    value_bool = fields.Boolean(string="Yes")
    quantity = fields.Float(compute="_compute_quantity", string="Units")

    _sql_constraints = [
        ("value_positive", "CHECK (value_int >= 0)", "A parameter value cannot be negative."),
        ("parameter_uniq", "unique (quote_id, parameter_id)", "A parameter appears once per quote."),
    ]

    @api.depends("value_int", "value_bool", "value_type")
    def _compute_quantity(self):
        for value in self:
            if value.value_type == "boolean":
                value.quantity = 1.0 if value.value_bool else 0.0
            else:
                value.quantity = float(value.value_int)

    @api.model_create_multi
    def create(self, vals_list):
        values = super().create(vals_list)
        values.quote_id._acr_check_draft()
        return values

    def write(self, vals):
        self.quote_id._acr_check_draft()
        res = super().write(vals)
        if not self.quote_id._acr_guard_open():
            # Written on its own (not through the quote's write, which
            # refreshes the lines once for all its values).
            self.quote_id._acr_refresh_lines()
        return res

    def unlink(self):
        quotes = self.quote_id
        quotes._acr_check_draft()
        res = super().unlink()
        quotes.exists()._acr_refresh_lines()
        return res
