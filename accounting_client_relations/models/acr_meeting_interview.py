from markupsafe import Markup

from odoo import fields, models

INTERVIEW_FIELDS = ("interview_firm_does", "interview_service_ids", "interview_reaction", "interview_note")


class AcrMeeting(models.Model):
    """The structured note of a client interview (a meeting of the *client
    interview* kind): internal, never shown on the portal, and logged on the
    client file when written."""

    _inherit = "acr.meeting"

    interview_firm_does = fields.Text(
        string="What the Client Thinks We Do",
        groups="accounting_client_relations.group_acr_user",
    )
    interview_service_ids = fields.Many2many(
        "acr.service",
        "acr_meeting_interview_service_rel",
        "meeting_id",
        "service_id",
        string="Services the Client Needs",
        groups="accounting_client_relations.group_acr_user",
    )
    interview_reaction = fields.Text(
        string="Reaction to Services beyond Bookkeeping",
        groups="accounting_client_relations.group_acr_user",
    )
    interview_note = fields.Text(groups="accounting_client_relations.group_acr_user")

    def write(self, vals):
        res = super().write(vals)
        if set(INTERVIEW_FIELDS) & set(vals):
            self.filtered(lambda m: m.kind == "interview")._acr_log_interview()
        return res

    def _acr_log_interview(self):
        """A note on each client file with the interview's answers."""
        for meeting in self:
            rows = [
                (self.env._("What the client thinks we do"), meeting.interview_firm_does),
                (
                    self.env._("Services the client needs"),
                    ", ".join(meeting.interview_service_ids.mapped("name")),
                ),
                (self.env._("Reaction to services beyond bookkeeping"), meeting.interview_reaction),
                (self.env._("Note"), meeting.interview_note),
            ]
            body = Markup("<p><strong>%s</strong></p><ul>%s</ul>") % (
                self.env._(
                    "Client interview of %(date)s",
                    date=fields.Date.to_string(meeting.start.date()) if meeting.start else "",
                ),
                Markup().join(Markup("<li>%s: %s</li>") % (label, value) for label, value in rows if value),
            )
            meeting.client_id.sudo().message_post(
                body=body, message_type="comment", subtype_xmlid="mail.mt_note"
            )
