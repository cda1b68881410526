from odoo import fields, models


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    acr_meeting_id = fields.Many2one(
        "acr.meeting", string="Client Meeting", index="btree_not_null", ondelete="set null", copy=False
    )
    acr_buffer_minutes = fields.Integer(
        string="Buffer After (minutes)",
        copy=False,
        help="Time kept free after this event for notes: clients cannot book it.",
    )
