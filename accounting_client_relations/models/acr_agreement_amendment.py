from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError


class AcrAgreementAmendment(models.Model):
    """A change of an agreement's terms notified to the client (a price
    change). It is sent when it is created, so its terms are frozen from
    then on; the client's acknowledgement and its application are facts only
    their transitions write."""

    _name = "acr.agreement.amendment"
    _description = "Agreement Amendment"
    _inherit = ["acr.state.guard.mixin"]
    _order = "date_effective desc, id desc"
    _acr_guarded_fields = ("state", "acknowledged_on", "acknowledged_by_id", "applied")
    _acr_frozen_fields = (
        "agreement_id",
        "currency_id",
        "date_effective",
        "monthly_cost",
        "name",
        "new_fee",
        "old_fee",
    )
    _acr_editable_states = ()

    agreement_id = fields.Many2one("acr.agreement", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(related="agreement_id.partner_id", store=True, index=True)
    company_id = fields.Many2one(related="agreement_id.company_id", store=True, index=True)
    # Stored, so that a batch create given the currency does not compute it
    # row by row to round the three amounts (Monetary insert).
    currency_id = fields.Many2one(related="agreement_id.currency_id", store=True)
    name = fields.Char(string="Reason", required=True, default=lambda self: self.env._("Price change"))
    date_effective = fields.Date(string="Effective From", required=True, index=True)
    old_fee = fields.Monetary(string="Previous Fee", required=True)
    new_fee = fields.Monetary(required=True)
    monthly_cost = fields.Monetary(groups="accounting_client_relations.group_acr_user")
    new_margin = fields.Monetary(
        groups="accounting_client_relations.group_acr_user", compute="_compute_new_margin", store=True
    )
    state = fields.Selection(
        [("notified", "Notified"), ("acknowledged", "Acknowledged"), ("applied", "Applied")],
        default="notified",
        required=True,
        index=True,
    )
    acknowledged_on = fields.Datetime(readonly=True)
    acknowledged_by_id = fields.Many2one("res.partner", readonly=True)
    applied = fields.Boolean(readonly=True, help="The new fee is now the agreement's fee.")

    _sql_constraints = [
        ("fee_positive", "CHECK (new_fee >= 0 AND old_fee >= 0)", "A fee cannot be negative."),
    ]

    @api.depends("new_fee", "monthly_cost")
    def _compute_new_margin(self):
        for amendment in self:
            amendment.new_margin = amendment.new_fee - amendment.monthly_cost

    def _acr_acknowledge(self, partner):
        """The client acknowledges the notice on the portal (as superuser,
        after the access check)."""
        self.ensure_one()
        self.agreement_id._acr_check_client_partner(partner)
        if self.acknowledged_on:
            return True
        vals = {"acknowledged_on": fields.Datetime.now(), "acknowledged_by_id": partner.id}
        if self.state == "notified":
            vals["state"] = "acknowledged"
        self._acr_transition_write(vals)
        self.agreement_id.message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "%(name)s acknowledged the new monthly fee of %(fee)s from %(date)s.",
                name=partner.name,
                fee=self.currency_id.format(self.new_fee),
                date=self.date_effective,
            ),
            author_id=partner.id,
        )
        return True

    def _acr_send_notices(self):
        """Mail every client its notice: the firm's template rendered for all
        amendments at once (compiled once per language) and the mails queued
        in one batch through ``acr.mail.bulk``."""
        template = self.env.ref(
            "accounting_client_relations.mail_template_price_change", raise_if_not_found=False
        )
        return self.env["acr.mail.bulk"]._acr_queue_mails(
            template,
            self,
            recipients={amendment.id: amendment.partner_id for amendment in self},
            documents={amendment.id: amendment.agreement_id for amendment in self},
        )

    @api.model
    def _cron_apply_amendments(self, batch_size=1000):
        """Make the fees of due amendments the agreements' fees, in batches
        (``acr.cron.batch``). Writes are grouped by new fee: a handful of
        UPDATEs per batch. An applied amendment leaves the domain, so the job
        resumes where it stopped."""
        domain = [("applied", "=", False), ("date_effective", "<=", fields.Date.context_today(self))]
        # An amendment of an agreement that ended no longer applies: close it
        # rather than let it block the job forever.
        stale = self.search([*domain, ("agreement_id.state", "in", ("draft", "superseded", "terminated"))])
        stale._acr_transition_write({"applied": True})
        self.env["acr.cron.batch"]._acr_run_batches(
            self, domain, lambda amendments: amendments._acr_apply(), batch_size=batch_size
        )

    def _acr_apply(self):
        if any(a.agreement_id.state in ("draft", "superseded", "terminated") for a in self):
            raise UserError(self.env._("Only running agreements can be amended."))
        by_fee = {}
        for amendment in self:
            by_fee.setdefault(amendment.new_fee, self.env["acr.agreement"])
            by_fee[amendment.new_fee] |= amendment.agreement_id
        Agreement = self.env["acr.agreement"].with_context(tracking_disable=True)
        with Agreement._acr_transition():
            for fee, agreements in by_fee.items():
                Agreement.browse(agreements.ids).write({"monthly_fee": fee})
        self._acr_transition_write({"applied": True, "state": "applied"})

    def _acr_log_override(self, body):
        for amendment in self:
            amendment.agreement_id.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _acr_frozen_message(self, fnames):
        return self.env._(
            "%(record)s was notified to the client: %(fields)s cannot change. "
            "Notify a new price change instead.",
            record=self.display_name,
            fields=", ".join(self._acr_field_labels(fnames)),
        )
