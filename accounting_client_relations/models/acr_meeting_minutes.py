import hashlib

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html2plaintext

FROZEN_FIELDS = {"summary", "decisions", "line_ids", "secretary_id", "meeting_id", "correction_reason"}
# Facts only the transitions write: sending stamps them, a revision numbers them.
SENT_FIELDS = ("sent_date", "sent_by_id", "content_hash", "revision")


class AcrMeetingMinutes(models.Model):
    """The minutes of a meeting. Once sent they are frozen: a correction is a
    new revision with its reason, and the client sees the latest one."""

    _name = "acr.meeting.minutes"
    _description = "Meeting Minutes"
    _inherit = ["mail.thread", "acr.form.action.mixin", "acr.state.guard.mixin"]
    _order = "meeting_id, revision desc"
    # No name of its own: the display name comes from the meeting, and a
    # name search looks in the meeting's name (not through display_name).
    _rec_names_search = ["meeting_id.name"]
    _acr_guarded_fields = ("state", *SENT_FIELDS)
    _acr_frozen_fields = tuple(sorted(FROZEN_FIELDS))

    meeting_id = fields.Many2one("acr.meeting", required=True, index=True, ondelete="cascade")
    client_id = fields.Many2one(related="meeting_id.client_id", store=True, index=True)
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)
    commercial_partner_id = fields.Many2one(related="meeting_id.commercial_partner_id", store=True)
    revision = fields.Integer(default=1, readonly=True, copy=False)
    state = fields.Selection(
        [("draft", "Draft"), ("sent", "Sent")], default="draft", required=True, tracking=True, copy=False
    )
    secretary_id = fields.Many2one(
        "res.users",
        default=lambda self: self.env.user,
        help="Who took the notes, so that the accountant could listen.",
    )
    summary = fields.Html()
    decisions = fields.Html()
    line_ids = fields.One2many("acr.meeting.minutes.line", "minutes_id", string="Outcomes", copy=True)
    correction_reason = fields.Text(copy=False, help="Why this revision corrects the one sent before.")
    sent_date = fields.Datetime(readonly=True, copy=False)
    sent_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    content_hash = fields.Char(readonly=True, copy=False, help="SHA-256 of the minutes as sent.")
    is_latest = fields.Boolean(compute="_compute_is_latest")

    _sql_constraints = [
        ("revision_uniq", "unique (meeting_id, revision)", "A meeting has one minutes per revision."),
    ]

    @api.depends("meeting_id", "revision")
    def _compute_display_name(self):
        for minutes in self:
            minutes.display_name = self.env._(
                "Minutes of %(meeting)s (rev. %(revision)s)",
                meeting=minutes.meeting_id.name,
                revision=minutes.revision,
            )

    def _compute_is_latest(self):
        latest = dict(
            self._read_group([("meeting_id", "in", self.meeting_id.ids)], ["meeting_id"], ["revision:max"])
        )
        for minutes in self:
            minutes.is_latest = latest.get(minutes.meeting_id) == minutes.revision

    @api.constrains("revision", "correction_reason")
    def _check_correction_reason(self):
        for minutes in self:
            if minutes.revision > 1 and not (minutes.correction_reason or "").strip():
                raise ValidationError(
                    self.env._("A revision of sent minutes needs the reason for the correction.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        minutes = super().create(vals_list)
        for record in minutes:
            if record.meeting_id.state != "held":
                raise UserError(self.env._("Minutes are written for a meeting that was held."))
        return minutes

    def _acr_frozen_message(self, fnames):
        return self.env._("Sent minutes are frozen. Create a revision with the reason for the correction.")

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _acr_content(self):
        self.ensure_one()
        parts = [
            html2plaintext(self.summary or ""),
            html2plaintext(self.decisions or ""),
            *(f"{line.topic}: {line.outcome or ''}" for line in self.line_ids),
            *(
                f"{item.name} | {item._acr_owner_name()} | {item.date_due or ''}"
                for item in self.meeting_id.action_item_ids
            ),
        ]
        return "\n".join(parts)

    def action_send(self):
        """Mail the minutes and the action items, with the PDF, to the client
        attendees; freeze them."""
        self.ensure_one()
        if self.state == "sent":
            raise UserError(self.env._("These minutes were already sent."))
        if not html2plaintext(self.summary or "").strip():
            raise UserError(self.env._("Write the summary before sending the minutes."))
        self._acr_freeze()
        meeting = self.meeting_id
        template = self.env.ref("accounting_client_relations.mail_template_meeting_minutes")
        meeting.message_post_with_source(
            template,
            subtype_xmlid="mail.mt_comment",
            render_values={"minutes": self},
        )
        return True

    def _acr_freeze(self):
        """Mark the minutes sent: frozen, stamped with their hash; the meeting
        records when the client first had them."""
        self.ensure_one()
        now = fields.Datetime.now()
        self._acr_transition_write(
            {
                "state": "sent",
                "sent_date": now,
                "sent_by_id": self.env.user.id,
                "content_hash": hashlib.sha256(self._acr_content().encode()).hexdigest(),
            }
        )
        meeting = self.meeting_id
        if not meeting.minutes_sent_date:
            meeting.minutes_sent_date = now
        meeting.minutes_overdue = False
        meeting.activity_feedback(
            ["accounting_client_relations.mail_activity_type_write_minutes"],
            feedback=self.env._("Minutes sent."),
        )

    def action_new_revision(self):
        """Open a new draft revision of sent minutes, to correct them."""
        self.ensure_one()
        if self.state != "sent" or not self.is_latest:
            raise UserError(self.env._("Only the latest sent minutes can be revised."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Correct the minutes"),
            "res_model": "acr.meeting.minutes.revise",
            "view_mode": "form",
            "target": "new",
            "context": {"default_minutes_id": self.id},
        }

    def _acr_new_revision(self, reason):
        self.ensure_one()
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the correction."))
        with self._acr_transition():
            revision = self.copy(
                {
                    "revision": self.revision + 1,
                    "correction_reason": reason,
                    "secretary_id": self.env.user.id,
                }
            )
        self.meeting_id.message_post(
            body=Markup("%s<br/>%s")
            % (
                self.env._("Revision %(revision)s of the minutes opened.", revision=revision.revision),
                reason,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return revision

    def _get_report_base_filename(self):
        self.ensure_one()
        return f"Minutes {self.meeting_id.name} rev{self.revision}"


class AcrMeetingMinutesLine(models.Model):
    _name = "acr.meeting.minutes.line"
    _description = "Meeting Minutes Outcome"
    _order = "minutes_id, sequence, id"

    minutes_id = fields.Many2one("acr.meeting.minutes", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    topic = fields.Char(required=True)
    outcome = fields.Text()
    company_id = fields.Many2one(related="minutes_id.company_id", store=True)

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if any(line.minutes_id.state == "sent" for line in lines):
            raise UserError(self.env._("Sent minutes are frozen."))
        return lines

    def write(self, vals):
        if any(line.minutes_id.state == "sent" for line in self):
            raise UserError(self.env._("Sent minutes are frozen."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if any(line.minutes_id.state == "sent" for line in self):
            raise UserError(self.env._("Sent minutes are frozen."))
