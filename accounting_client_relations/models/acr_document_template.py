from odoo import fields, models

KIND_SELECTION = [
    ("bank", "Bank Statements"),
    ("sales", "Sales Invoices"),
    ("purchase", "Purchase Invoices"),
    ("payroll", "Payroll Changes"),
    ("cash", "Cash Reports"),
    ("other", "Other"),
]


class AcrDocumentTemplate(models.Model):
    """A kind of document the firm expects from its clients every period
    (bank statements, sales invoices, payroll changes…): the checklist items
    a client's document requests are built from."""

    _name = "acr.document.template"
    _description = "Document Checklist Item"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty to use this item in every company.")
    kind = fields.Selection(KIND_SELECTION, required=True, default="other")
    description = fields.Text(translate=True, help="Shown to the client on the upload page.")
    default_expected = fields.Boolean(
        string="Expected by Default",
        default=True,
        help="Asked of every client whose file lists no expected documents of its own.",
    )
