from odoo import fields, models


class AcrMeetingMinutesRevise(models.TransientModel):
    _name = "acr.meeting.minutes.revise"
    _description = "Correct Sent Minutes"

    minutes_id = fields.Many2one("acr.meeting.minutes", required=True, ondelete="cascade")
    reason = fields.Text(
        required=True, help="Why the sent minutes need a correction; kept with the revision."
    )

    def action_confirm(self):
        self.ensure_one()
        revision = self.minutes_id._acr_new_revision(self.reason)
        return revision._acr_form_action()
