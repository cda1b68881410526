from odoo import fields, models


class AcrMeetingChangeKind(models.Model):
    _name = "acr.meeting.change.kind"
    _description = "Kind of Change Since the Last Meeting"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    is_nothing = fields.Boolean(
        string="Means Nothing Changed",
        help="The answer 'nothing changed': it cannot be combined with another change.",
    )
    active = fields.Boolean(default=True)
