from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class AcrPowerAttorney(models.Model):
    _name = "acr.power.attorney"
    _description = "Power of Attorney"
    _inherit = ["mail.thread", "mail.activity.mixin", "acr.state.guard.mixin"]
    _order = "date_expiry, id"
    _check_company_auto = True
    # Requested → valid (granted) → revoked, through the buttons only. What
    # was granted, to whom and when is frozen once it is valid; the expiry
    # date stays editable (an authority may extend it).
    _acr_guarded_fields = ("state",)
    _acr_frozen_fields = (
        "authority",
        "authority_detail",
        "client_id",
        "date_issue",
        "document",
        "document_name",
        "holder_id",
    )
    _acr_editable_states = ("draft",)

    name = fields.Char(compute="_compute_name", store=True)
    client_id = fields.Many2one(
        "acr.client",
        string="Client File",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        tracking=True,
    )
    partner_id = fields.Many2one(related="client_id.partner_id", store=True, string="Client")
    company_id = fields.Many2one(related="client_id.company_id", store=True, index=True)
    user_id = fields.Many2one(related="client_id.user_id", store=True, string="Responsible Accountant")
    holder_id = fields.Many2one(
        "res.partner",
        required=True,
        tracking=True,
        help="Who holds the power: the firm, or one of its accountants.",
    )
    authority = fields.Selection(
        [
            ("tax", "Tax Office"),
            ("social", "Social Security Fund"),
            ("bank", "Bank"),
            ("registry", "Business Registry"),
            ("other", "Other"),
        ],
        required=True,
        default="tax",
        tracking=True,
    )
    authority_detail = fields.Char(string="Authority Name", help="e.g. the bank or the tax office concerned.")
    date_issue = fields.Date(string="Issued On", required=True, default=fields.Date.context_today)
    date_expiry = fields.Date(string="Expires On", tracking=True, index=True)
    document = fields.Binary(attachment=True)
    document_name = fields.Char()
    state = fields.Selection(
        [("draft", "Requested"), ("valid", "Valid"), ("revoked", "Revoked")],
        default="draft",
        required=True,
        tracking=True,
    )
    is_expired = fields.Boolean(compute="_compute_is_expired", search="_search_is_expired", string="Expired")
    reminder_date = fields.Date(
        readonly=True,
        copy=False,
        help="The expiry date an activity was created for: one reminder per document and expiry date.",
    )

    @api.depends("client_id.name", "authority", "authority_detail")
    def _compute_name(self):
        labels = dict(self._fields["authority"]._description_selection(self.env))
        for power in self:
            authority = power.authority_detail or labels.get(power.authority, "")
            power.name = f"{power.client_id.name or ''} – {authority}"

    @api.depends("date_expiry")
    def _compute_is_expired(self):
        today = fields.Date.context_today(self)
        for power in self:
            power.is_expired = bool(power.date_expiry and power.date_expiry < today)

    def _search_is_expired(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Unsupported search on Expired."))
        today = fields.Date.context_today(self)
        expired = [("date_expiry", "<", today)]
        positive = (operator == "=") == value
        return expired if positive else ["|", ("date_expiry", "=", False), ("date_expiry", ">=", today)]

    @api.model
    def _acr_notice_days(self):
        value = (
            self.env["ir.config_parameter"].sudo().get_param("accounting_client_relations.poa_notice_days")
        )
        try:
            return max(int(value), 0) if value not in (None, False, "") else 30
        except ValueError:
            return 30

    def write(self, vals):
        if "date_expiry" in vals:
            # A new expiry date deserves its own reminder.
            vals = dict(vals, reminder_date=False)
        return super().write(vals)

    def action_mark_valid(self):
        """The power is granted: the client signed it (and the authority
        registered it where it must)."""
        if any(power.state != "draft" for power in self):
            raise UserError(self.env._("Only a requested power of attorney can become valid."))
        self.check_access("write")
        self._acr_transition_write({"state": "valid"})
        return True

    def action_revoke(self):
        """The power ends before its expiry: the client withdrew it, or the
        firm stopped serving the client."""
        if any(power.state == "revoked" for power in self):
            raise UserError(self.env._("This power of attorney is already revoked."))
        self.check_access("write")
        self._acr_transition_write({"state": "revoked"})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def _acr_frozen_message(self, fnames):
        return self.env._(
            "%(record)s has been granted: %(fields)s cannot change. Record a new power of attorney instead.",
            record=self.display_name,
            fields=", ".join(self._acr_field_labels(fnames)),
        )

    @api.model
    def _cron_expiry_reminders(self, batch_size=500):
        """One activity for the responsible accountant per valid power of
        attorney that expires within the notice period, never twice for the
        same document and expiry date (``reminder_date`` records it, so the
        job resumes where it stopped). Runs in batches through
        ``acr.cron.batch``; returns the powers handled."""
        today = fields.Date.context_today(self)
        domain = [
            ("state", "=", "valid"),
            ("reminder_date", "=", False),
            ("date_expiry", ">=", today),
            ("date_expiry", "<=", today + timedelta(days=self._acr_notice_days())),
        ]
        handled = self.browse()

        def process(powers):
            nonlocal handled
            powers._acr_schedule_expiry_activity()
            handled |= powers

        self.env["acr.cron.batch"]._acr_run_batches(self, domain, process, batch_size=batch_size)
        return handled

    def _acr_schedule_expiry_activity(self):
        today = fields.Date.context_today(self)
        self.env["acr.activity.bulk"]._acr_schedule(
            self,
            "mail.mail_activity_data_todo",
            values={"summary": self.env._("Renew the power of attorney")},
            values_by_id={
                power.id: {
                    "note": self.env._(
                        "The power of attorney %(name)s expires on %(date)s.",
                        name=power.name,
                        date=power.date_expiry,
                    ),
                    "user_id": (power.user_id or self.env.user).id,
                    "date_deadline": max(power.date_expiry - timedelta(days=7), today),
                }
                for power in self
            },
        )
        # Grouped by expiry date: a handful of UPDATEs, not one per document.
        for date, powers in self.grouped("date_expiry").items():
            powers.with_context(tracking_disable=True).write({"reminder_date": date})
