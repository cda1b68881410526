from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    acr_plan_id = fields.Many2one(
        "mail.activity.plan",
        string="Launched by Plan",
        index="btree_not_null",
        ondelete="set null",
        help="Set on the activities of a client file's onboarding checklist, "
        "so that the file can show the checklist's progress.",
    )
