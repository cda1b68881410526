from odoo import api, fields, models


class AcrDocumentExpected(models.Model):
    """One document a client owes the firm every period, on the client file
    ("Bank statements, DNB 1503.12.34567"): the checklist of its requests."""

    _name = "acr.document.expected"
    _description = "Expected Client Document"
    _order = "sequence, id"
    _check_company_auto = True

    client_id = fields.Many2one("acr.client", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="client_id.company_id", store=True, index=True)
    template_id = fields.Many2one(
        "acr.document.template",
        string="Checklist Item",
        required=True,
        ondelete="restrict",
        check_company=True,
    )
    name = fields.Char(
        string="Label",
        compute="_compute_name",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        help="What the client sees, e.g. the bank account of the statements.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    @api.depends("template_id")
    def _compute_name(self):
        for line in self:
            if not line.name and line.template_id:
                line.name = line.template_id.name
