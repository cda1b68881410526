from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class AcrSurcharge(models.Model):
    """The late-submission surcharge of one document request, computed once
    from the agreement's rule when the request is received late, proposed
    to the accountant, then approved, waived (with the reason) or invoiced.
    Never negative, never above the agreement's monthly cap, one per
    request (database constraints)."""

    _name = "acr.surcharge"
    _description = "Late Surcharge"
    _inherit = ["mail.thread", "mail.activity.mixin", "acr.state.guard.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _acr_guarded_fields = (
        "state",
        "request_id",
        "days",
        "amount",
        "amount_cap",
        "decided_by_id",
        "decided_on",
    )

    name = fields.Char(string="Reason", required=True, readonly=True)
    request_id = fields.Many2one(
        "acr.document.request", required=True, readonly=True, index=True, ondelete="restrict"
    )
    client_id = fields.Many2one(related="request_id.client_id", store=True, index=True)
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="request_id.partner_id", store=True, index=True, string="Client")
    agreement_id = fields.Many2one("acr.agreement", readonly=True, index=True, ondelete="restrict")
    user_id = fields.Many2one(related="request_id.user_id", string="Responsible Accountant")
    period_label = fields.Char(related="request_id.period_label", string="Period")
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    days = fields.Integer(string="Days Late", readonly=True)
    amount = fields.Monetary(readonly=True, tracking=True, aggregator="sum")
    amount_cap = fields.Monetary(string="Monthly Cap", readonly=True, help="0: no cap.")
    state = fields.Selection(
        [("proposed", "Proposed"), ("approved", "Approved"), ("waived", "Waived"), ("invoiced", "Invoiced")],
        default="proposed",
        required=True,
        index=True,
        tracking=True,
    )
    waive_reason = fields.Char(tracking=True, help="Why the firm does not charge it.")
    decided_by_id = fields.Many2one("res.users", readonly=True)
    decided_on = fields.Datetime(readonly=True)

    _sql_constraints = [
        ("request_uniq", "unique (request_id)", "A document request has at most one surcharge."),
        ("amount_positive", "CHECK (amount >= 0 AND days >= 0)", "A surcharge is never negative."),
        (
            "amount_capped",
            "CHECK (amount_cap = 0 OR amount <= amount_cap)",
            "A surcharge never exceeds the agreement's monthly cap.",
        ),
    ]

    # ------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------
    def _acr_check_firm(self):
        if not (self.env.su or self.env.user.has_group("accounting_client_relations.group_acr_user")):
            raise AccessError(self.env._("Only the firm decides on surcharges."))
        self.check_access("write")

    def action_approve(self):
        self._acr_check_firm()
        if any(s.state != "proposed" for s in self):
            raise UserError(self.env._("Only proposed surcharges can be approved."))
        self._acr_transition_write(
            {"state": "approved", "decided_by_id": self.env.uid, "decided_on": fields.Datetime.now()}
        )
        self._acr_close_activities()
        return True

    def action_waive(self):
        self._acr_check_firm()
        if any(s.state not in ("proposed", "approved") for s in self):
            raise UserError(self.env._("Only proposed or approved surcharges can be waived."))
        missing = self.filtered(lambda s: not (s.waive_reason or "").strip())
        if missing:
            raise UserError(
                self.env._("Write why the surcharge of %(name)s is waived first.", name=missing[0].name)
            )
        self._acr_transition_write(
            {"state": "waived", "decided_by_id": self.env.uid, "decided_on": fields.Datetime.now()}
        )
        self._acr_close_activities()
        return True

    def action_mark_invoiced(self):
        self._acr_check_firm()
        if any(s.state != "approved" for s in self):
            raise UserError(self.env._("Only approved surcharges can be invoiced."))
        self._acr_transition_write({"state": "invoiced"})
        return True

    def _acr_close_activities(self):
        self.activity_ids.sudo().action_feedback()

    # ------------------------------------------------------------------
    # Computation
    # ------------------------------------------------------------------
    @api.model
    def _acr_compute(self, agreement, days):
        """(amount, cap) of a surcharge of ``days`` late under ``agreement``:
        a fixed amount or a percentage of the monthly fee per day, capped by
        the monthly cap, never negative."""
        days = max(days, 0)
        if not agreement or not days:
            return 0.0, agreement.surcharge_cap if agreement else 0.0
        if agreement.surcharge_type == "fixed":
            per_day = agreement.surcharge_amount
        else:
            per_day = agreement.monthly_fee * agreement.surcharge_amount / 100.0
        amount = agreement.currency_id.round(max(per_day, 0.0) * days)
        cap = agreement.surcharge_cap
        if cap:
            amount = min(amount, cap)
        return amount, cap

    @api.model
    def _acr_propose(self, requests):
        """A proposed surcharge for each of ``requests`` received late under
        an agreement with a rule, unless it has one already: never twice.
        The accountant gets an activity to approve or waive it."""
        requests = requests.sudo()
        existing = set(self.sudo().search([("request_id", "in", requests.ids)]).request_id.ids)
        vals_list = []
        for req in requests:
            agreement = req.agreement_id
            if req.id in existing or not agreement or not req.date_received:
                continue
            days = req._acr_days_late(req.date_received)
            amount, cap = self._acr_compute(agreement, days)
            if not amount:
                continue
            vals_list.append(
                {
                    "name": self.env._(
                        "Documents for %(period)s received %(days)s day(s) late",
                        period=req.period_label,
                        days=days,
                    ),
                    "request_id": req.id,
                    "agreement_id": agreement.id,
                    "currency_id": agreement.currency_id.id,
                    "days": days,
                    "amount": amount,
                    "amount_cap": cap,
                }
            )
        if not vals_list:
            return self.browse()
        Surcharge = self.sudo()
        with Surcharge._acr_transition():
            surcharges = Surcharge.create(vals_list)
        self.env["acr.activity.bulk"].sudo()._acr_schedule(
            surcharges,
            "mail.mail_activity_data_todo",
            values_by_id={
                s.id: {
                    "user_id": (s.request_id.user_id or s.client_id.user_id).id or self.env.uid,
                    "summary": self.env._("Approve or waive the late surcharge"),
                    "date_deadline": fields.Date.context_today(self),
                }
                for s in surcharges
            },
        )
        for surcharge in surcharges:
            surcharge.request_id.message_post(
                body=Markup("<p>%s</p>")
                % self.env._("Late surcharge proposed: %(name)s.", name=surcharge.name),
                subtype_xmlid="mail.mt_note",
            )
        return surcharges
