from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

# The topic a punctuality invitation suggests on the booking page.
SUGGESTION = "punctuality"


class AcrPunctualityDiscuss(models.TransientModel):
    """*Discuss Punctuality* on a chronically late client: the conversation
    the article asks for. It mails the client an invitation to book a fee
    discussion with the topic suggested on the booking page, and draws up a
    new agreement (a draft, copied from the running one) with the new terms,
    for the firm to review and send: the client signs it on the portal, the
    agreement in writing."""

    _name = "acr.punctuality.discuss"
    _description = "Discuss Punctuality"

    client_id = fields.Many2one("acr.client", required=True, readonly=True)
    agreement_id = fields.Many2one("acr.agreement", string="Running Agreement", required=True, readonly=True)
    currency_id = fields.Many2one(related="agreement_id.currency_id")
    meeting_type_id = fields.Many2one(
        "acr.meeting.type",
        required=True,
        default=lambda self: self.env.ref(
            "accounting_client_relations.meeting_type_fee", raise_if_not_found=False
        ),
    )
    submission_day = fields.Integer(string="New Submission Day", required=True)
    surcharge_type = fields.Selection(
        [("fixed", "Fixed amount per day"), ("percent", "% of the monthly fee per day")],
        string="New Late Surcharge",
        required=True,
    )
    surcharge_amount = fields.Float(string="New Surcharge per Day", required=True)
    surcharge_cap = fields.Monetary(string="New Monthly Cap")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        client = self.env["acr.client"].browse(
            values.get("client_id") or self.env.context.get("default_client_id")
        )
        agreement = client._acr_signed_agreements().get(client.id) if client else None
        if agreement:
            values.update(
                agreement_id=agreement.id,
                submission_day=max(agreement.submission_day - 3, 1),
                surcharge_type=agreement.surcharge_type,
                surcharge_amount=agreement.surcharge_amount * 2 or 1.0,
                surcharge_cap=agreement.surcharge_cap * 2,
            )
        return values

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group("accounting_client_relations.group_acr_user"):
            raise AccessError(self.env._("Only the firm can propose new terms."))
        self.agreement_id.check_access("read")
        if self.agreement_id.state not in ("countersigned", "active"):
            raise UserError(self.env._("The client has no running agreement to amend."))
        if not 1 <= self.submission_day <= 28 or self.surcharge_amount < 0 or self.surcharge_cap < 0:
            raise UserError(
                self.env._("The submission day is between 1 and 28, and the surcharge is not negative.")
            )
        draft = self.agreement_id.copy(
            {
                "submission_day": self.submission_day,
                "surcharge_type": self.surcharge_type,
                "surcharge_amount": self.surcharge_amount,
                "surcharge_cap": self.surcharge_cap,
                "date_start": fields.Date.context_today(self),
            }
        )
        template = self.env.ref("accounting_client_relations.mail_template_punctuality_invitation")
        self.client_id.with_context(
            acr_meeting_type_id=self.meeting_type_id.id, acr_suggestion=SUGGESTION
        ).message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        self.client_id.message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "Punctuality: a fee discussion was proposed and the new agreement %(agreement)s drawn up "
                "(documents due by day %(day)s).",
                agreement=draft.name,
                day=self.submission_day,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "acr.agreement",
            "res_id": draft.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
