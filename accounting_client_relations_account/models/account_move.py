from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    acr_agreement_id = fields.Many2one(
        "acr.agreement", string="Engagement Agreement", index="btree_not_null", copy=False, readonly=True
    )
    acr_client_id = fields.Many2one(
        "acr.client", string="Client File", index="btree_not_null", copy=False, readonly=True
    )
    acr_period_start = fields.Date(string="Fee Period", copy=False, readonly=True)
    acr_reminder_count = fields.Integer(
        string="Reminders Sent",
        copy=False,
        readonly=True,
        help="Friendly overdue reminders sent for this invoice.",
    )
    acr_fee_talk_done = fields.Boolean(
        string="Fee Conversation Offered",
        copy=False,
        readonly=True,
        help="The accountant was asked to talk about fees and the client was invited to book it.",
    )

    _sql_constraints = [
        (
            "acr_agreement_period_unique",
            "UNIQUE (acr_agreement_id, acr_period_start)",
            "An agreement is invoiced once per period.",
        ),
    ]

    def action_acr_open_agreement(self):
        self.ensure_one()
        return self.acr_agreement_id._get_records_action()

    def action_acr_open_client(self):
        self.ensure_one()
        return self.acr_client_id._get_records_action()
