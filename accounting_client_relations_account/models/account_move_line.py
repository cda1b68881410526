from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    acr_extra_service_id = fields.Many2one(
        "acr.extra.service", string="Extra Service", index="btree_not_null", copy=False, readonly=True
    )
    acr_surcharge_id = fields.Many2one(
        "acr.surcharge", string="Late Surcharge", index="btree_not_null", copy=False, readonly=True
    )
