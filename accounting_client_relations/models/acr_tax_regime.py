from odoo import fields, models


class AcrTaxRegime(models.Model):
    _name = "acr.tax.regime"
    _description = "Tax Regime"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short code used in reports, imports and deadline templates.")
    sequence = fields.Integer(default=10)
    country_id = fields.Many2one(
        "res.country", help="Leave empty when the regime is not tied to one country."
    )
    vat_payer = fields.Boolean(
        string="Implies VAT Payer",
        help="Clients under this regime are registered for VAT.",
    )
    description = fields.Html(translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty to share this regime with every company.")

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique (code, company_id)",
            "The code of a tax regime must be unique per company.",
        ),
    ]
