from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    acr_poa_notice_days = fields.Integer(
        string="Power of Attorney Reminder (days)",
        config_parameter="accounting_client_relations.poa_notice_days",
        default=30,
        help="The responsible accountant gets an activity this many days before a power of attorney expires.",
    )
