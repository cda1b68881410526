from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    acr_poa_notice_days = fields.Integer(
        string="Power of Attorney Reminder (days)",
        config_parameter="accounting_client_relations.poa_notice_days",
        default=30,
        help="The responsible accountant gets an activity this many days before a power of attorney expires.",
    )
    acr_strategic_invite_days = fields.Integer(
        string="Strategic Meeting Invitation (days)",
        config_parameter="acr.strategic_invite_days",
        default=14,
        help="Clients are mailed a booking invitation this many days before their next strategic "
        "meeting is due.",
    )
    acr_action_reminder_offsets = fields.Char(
        string="Action Item Reminders",
        config_parameter="acr.action_reminder_offsets",
        default="-2,0,3",
        help="Days relative to the due date on which client action items are reminded, comma-separated: "
        "-2 is two days before, 0 the due day, 3 three days after.",
    )
    acr_meeting_reminder_hours = fields.Char(
        string="Meeting Reminders",
        config_parameter="acr.meeting_reminder_hours",
        default="24,1",
        help="Hours before a meeting when the client is reminded by mail, comma-separated: 24,1 is a day "
        "before and an hour before. The calendar event gets the same alarms.",
    )
    acr_deadline_horizon_months = fields.Integer(
        string="Deadline Horizon (months)",
        config_parameter="acr.deadline_horizon_months",
        default=12,
        help="Active clients' deadlines are generated this many months ahead; a daily job extends them.",
    )
    acr_survey_cooldown_days = fields.Integer(
        string="Survey Cooldown (days)",
        config_parameter="acr.survey_cooldown_days",
        default=90,
        help="A client invited to a survey is not invited again before this many days.",
    )
    acr_survey_skip_fee_dispute = fields.Boolean(
        string="No Survey during a Fee Dispute",
        config_parameter="acr.survey_skip_fee_dispute",
        default=True,
    )
    acr_survey_skip_overdue_documents = fields.Boolean(
        string="No Survey with Overdue Documents",
        config_parameter="acr.survey_skip_overdue_documents",
        default=True,
        help="Clients with client documents past their due date are left out of survey campaigns.",
    )
    acr_survey_reward_note = fields.Char(
        string="Survey Reward Note",
        config_parameter="acr.survey_reward_note",
        help="The default note about the prize for answering, shown in the invitation and on the portal.",
    )
    acr_brochure = fields.Html(related="company_id.acr_brochure", readonly=False)
    acr_review_days_before = fields.Integer(
        string="Annual Review (days before)",
        config_parameter="acr.review_days_before",
        default=30,
        help="The annual review of a client opens this many days before its agreement's anniversary.",
    )
    acr_document_lead_days = fields.Integer(related="company_id.acr_document_lead_days", readonly=False)
    acr_document_max_upload_mb = fields.Integer(
        related="company_id.acr_document_max_upload_mb", readonly=False
    )
    acr_document_reminder_offsets = fields.Char(
        related="company_id.acr_document_reminder_offsets", readonly=False
    )
    acr_document_chronic_late = fields.Integer(related="company_id.acr_document_chronic_late", readonly=False)
    acr_document_chronic_window = fields.Integer(
        related="company_id.acr_document_chronic_window", readonly=False
    )
