from odoo import api, fields, models


class AcrContactLog(models.Model):
    """A tactical contact: the client called or mailed with one question.
    Logged in one click, so that the firm sees whether good strategic
    meetings bring them down."""

    _name = "acr.contact.log"
    _description = "Client Contact Log"
    _order = "date desc, id desc"

    client_id = fields.Many2one("acr.client", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="client_id.company_id", store=True, index=True)
    segment_id = fields.Many2one(related="client_id.segment_id", store=True)
    partner_id = fields.Many2one(
        "res.partner", string="Contact", domain="[('commercial_partner_id', '=', client_partner_id)]"
    )
    client_partner_id = fields.Many2one(related="client_id.partner_id", string="Client Partner")
    user_id = fields.Many2one(
        "res.users", string="Handled By", default=lambda self: self.env.user, required=True
    )
    date = fields.Datetime(default=fields.Datetime.now, required=True, index=True)
    kind = fields.Selection([("tactical", "Tactical")], default="tactical", required=True)
    channel = fields.Selection(
        [("call", "Call"), ("mail", "Mail"), ("visit", "Visit"), ("chat", "Chat")],
        default="call",
        required=True,
    )
    duration_minutes = fields.Integer(string="Duration (min)", default=10)
    topic = fields.Char(required=True)
    action_item_id = fields.Many2one(
        "acr.action.item", string="About Action Item", domain="[('client_id', '=', client_id)]"
    )

    _sql_constraints = [
        ("duration_positive", "CHECK (duration_minutes >= 0)", "A contact cannot last negative minutes."),
    ]

    @api.depends("client_id", "topic")
    def _compute_display_name(self):
        for log in self:
            log.display_name = f"{log.client_id.name or ''} · {log.topic or ''}"
