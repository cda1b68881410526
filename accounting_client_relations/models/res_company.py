from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    acr_brochure = fields.Html(
        string="Firm Brochure",
        translate=True,
        sanitize_attributes=False,
        help="Who the firm is and how it works with its clients: printed in every welcome pack, after the "
        "agreement's scope.",
    )
    acr_document_lead_days = fields.Integer(
        string="Document Requests Sent (days before due)",
        default=7,
        help="Each month's document request is created and shown to the client this many days before "
        "it is due.",
    )
    acr_document_max_upload_mb = fields.Integer(
        string="Largest Upload (MB)", default=20, help="The largest file a client may upload on the portal."
    )
    acr_document_reminder_offsets = fields.Char(
        string="Document Reminders",
        default="-5,0,2,7",
        help="Days relative to the due date on which clients are reminded of missing documents, "
        "comma-separated: -5 is five days before, 0 the due day, 7 a week after. After the last one "
        "the responsible accountant is asked to call the client.",
    )
    acr_document_chronic_late = fields.Integer(
        string="Chronically Late: Late Months",
        default=3,
        help="A client is chronically late with this many late requests among its last ones.",
    )
    acr_document_chronic_window = fields.Integer(
        string="Chronically Late: Out of the Last",
        default=6,
        help="How many of the client's last requests are looked at.",
    )

    _sql_constraints = [
        (
            "acr_document_settings_positive",
            "CHECK (acr_document_lead_days >= 0 AND acr_document_lead_days <= 60 "
            "AND acr_document_max_upload_mb > 0 AND acr_document_max_upload_mb <= 100)",
            "Document requests are sent 0 to 60 days ahead, and uploads are limited to 1 to 100 MB.",
        ),
    ]
