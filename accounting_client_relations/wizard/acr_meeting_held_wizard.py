from odoo import fields, models


class AcrMeetingHeldWizard(models.TransientModel):
    _name = "acr.meeting.held.wizard"
    _description = "Mark a Meeting Held Before Its Start"

    meeting_id = fields.Many2one("acr.meeting", required=True, ondelete="cascade")
    reason = fields.Text(
        required=True, help="Why the meeting is marked held before its start; kept in its chatter."
    )

    def action_confirm(self):
        self.ensure_one()
        self.meeting_id._acr_mark_held(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
