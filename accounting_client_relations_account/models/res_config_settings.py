from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    acr_fee_product_id = fields.Many2one(related="company_id.acr_fee_product_id", readonly=False)
    acr_extra_product_id = fields.Many2one(related="company_id.acr_extra_product_id", readonly=False)
    acr_surcharge_product_id = fields.Many2one(related="company_id.acr_surcharge_product_id", readonly=False)
    acr_invoice_post = fields.Boolean(related="company_id.acr_invoice_post", readonly=False)
    acr_amendment_proration = fields.Selection(related="company_id.acr_amendment_proration", readonly=False)
    acr_reminder_offsets = fields.Char(related="company_id.acr_reminder_offsets", readonly=False)
    acr_fee_talk_days = fields.Integer(related="company_id.acr_fee_talk_days", readonly=False)
    acr_block_booking_days = fields.Integer(related="company_id.acr_block_booking_days", readonly=False)
