from odoo import api, fields, models
from odoo.exceptions import UserError


class AcrExtraService(models.Model):
    """A service sold outside the agreement's monthly fee (a one-off
    statement, an extra payroll run): invoiced with the agreement's next
    monthly invoice for the period in which it was sold."""

    _name = "acr.extra.service"
    _description = "Extra Service"
    _order = "date desc, id desc"

    agreement_id = fields.Many2one(
        "acr.agreement",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('state', 'in', ('countersigned', 'active'))]",
    )
    client_id = fields.Many2one(related="agreement_id.client_id", store=True, index=True)
    company_id = fields.Many2one(related="agreement_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="agreement_id.currency_id")
    service_id = fields.Many2one("acr.service")
    name = fields.Char(string="Description", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    quantity = fields.Float(default=1.0, required=True, digits="Product Unit of Measure")
    price_unit = fields.Monetary(string="Unit Price", required=True)
    amount = fields.Monetary(compute="_compute_amount", store=True)
    move_line_ids = fields.One2many("account.move.line", "acr_extra_service_id", string="Invoice Lines")
    invoiced = fields.Boolean(compute="_compute_invoiced", store=True, index=True)

    _sql_constraints = [
        ("quantity_positive", "CHECK (quantity > 0)", "The quantity of an extra service must be positive."),
    ]

    @api.depends("quantity", "price_unit")
    def _compute_amount(self):
        for service in self:
            service.amount = service.quantity * service.price_unit

    @api.depends("move_line_ids")
    def _compute_invoiced(self):
        for service in self:
            service.invoiced = bool(service.move_line_ids)

    @api.onchange("service_id")
    def _onchange_service_id(self):
        if self.service_id and not self.name:
            self.name = self.service_id.name

    def write(self, vals):
        if set(vals) & {"agreement_id", "date", "quantity", "price_unit", "name"} and any(
            self.mapped("invoiced")
        ):
            raise UserError(
                self.env._("An invoiced extra service cannot be changed: credit the invoice instead.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invoiced(self):
        if any(self.mapped("invoiced")):
            raise UserError(
                self.env._("An invoiced extra service cannot be deleted: credit the invoice instead.")
            )
