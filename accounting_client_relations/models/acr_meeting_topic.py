from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AcrMeetingTopic(models.Model):
    _name = "acr.meeting.topic"
    _description = "Meeting Agenda Topic"
    # Must-discuss topics first, then the client's order: everywhere the
    # agenda is shown (portal, back office, minutes, PDF, .ics, mails).
    _order = "meeting_id, must_discuss desc, sequence, id"

    meeting_id = fields.Many2one("acr.meeting", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Topic", required=True)
    minutes = fields.Integer(string="Estimated Minutes", required=True, default=15)
    must_discuss = fields.Boolean(
        help="When the agenda does not fit the meeting, the must-discuss topics come first and must fit.",
    )
    side = fields.Selection(
        [("client", "Client"), ("firm", "Firm")],
        required=True,
        default="client",
        help="Who put the topic on the agenda.",
    )
    company_id = fields.Many2one(related="meeting_id.company_id", store=True)

    _sql_constraints = [
        (
            "minutes_positive",
            "CHECK (minutes > 0)",
            "Each agenda topic needs an estimate of at least one minute.",
        ),
    ]

    @api.constrains("name")
    def _check_name(self):
        for topic in self:
            if not (topic.name or "").strip():
                raise ValidationError(self.env._("An agenda topic needs a title."))
