from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    acr_brochure = fields.Html(
        string="Firm Brochure",
        translate=True,
        sanitize_attributes=False,
        help="Who the firm is and how it works with its clients: printed in every welcome pack, after the "
        "agreement's scope.",
    )
