from odoo import fields, models


class AcrLegalForm(models.Model):
    _name = "acr.legal.form"
    _description = "Legal Form"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short code used in reports and imports.")
    sequence = fields.Integer(default=10)
    is_individual = fields.Boolean(
        string="Natural Person",
        help="Clients with this legal form are people rather than companies (sole proprietors, individuals).",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share this legal form with every company."
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique (code, company_id)",
            "The code of a legal form must be unique per company.",
        ),
    ]
