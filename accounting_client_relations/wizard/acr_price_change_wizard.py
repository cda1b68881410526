from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_round
from odoo.tools.safe_eval import safe_eval

RUNNING = ("countersigned", "active")


class AcrPriceChangeWizard(models.TransientModel):
    _name = "acr.price.change.wizard"
    _description = "Price Change"

    domain = fields.Char(
        string="Agreements",
        default="[('state', 'in', ('countersigned', 'active'))]",
        help="Which running agreements change price.",
    )
    mode = fields.Selection(
        [("percent", "Percentage"), ("fixed", "Fixed amount")], required=True, default="percent"
    )
    value = fields.Float(string="Change", required=True, help="e.g. 5 for +5%, or 20 for +20 a month.")
    rounding = fields.Selection([("1", "To 1"), ("5", "To 5"), ("10", "To 10")], required=True, default="1")
    date_effective = fields.Date(
        string="Effective From", required=True, default=lambda self: self._default_date_effective()
    )
    reason = fields.Char(required=True, default=lambda self: self.env._("Annual price review"))
    line_ids = fields.One2many("acr.price.change.line", "wizard_id", string="Preview")
    agreement_count = fields.Integer(compute="_compute_summary")
    total_old = fields.Float(compute="_compute_summary", string="Current Monthly Fees")
    total_new = fields.Float(compute="_compute_summary", string="New Monthly Fees")

    def _default_date_effective(self):
        return fields.Date.context_today(self) + timedelta(days=60)

    @api.depends("line_ids.old_fee", "line_ids.new_fee")
    def _compute_summary(self):
        for wizard in self:
            wizard.agreement_count = len(wizard.line_ids)
            wizard.total_old = sum(wizard.line_ids.mapped("old_fee"))
            wizard.total_new = sum(wizard.line_ids.mapped("new_fee"))

    def _acr_agreements(self):
        self.ensure_one()
        try:
            domain = safe_eval(self.domain or "[]")
            if not isinstance(domain, list):
                raise ValueError(self.domain)
        except (SyntaxError, ValueError, NameError) as error:
            raise UserError(
                self.env._("The selection is not a valid domain: %(error)s", error=error)
            ) from error
        # Only running agreements can change price, whatever the selection says.
        return self.env["acr.agreement"].search([*domain, ("state", "in", RUNNING)])

    def _acr_new_fee(self, old_fee):
        step = int(self.rounding)
        raw = old_fee * (1 + self.value / 100.0) if self.mode == "percent" else old_fee + self.value
        return max(float_round(raw / step, precision_digits=0) * step, 0.0)

    def _acr_check_notice(self, agreements):
        """The effective date respects every agreement's notice period."""
        today = fields.Date.context_today(self)
        longest = max(agreements.mapped("notice_days") or [0])
        earliest = today + timedelta(days=longest)
        if self.date_effective < earliest:
            raise ValidationError(
                self.env._(
                    "The change cannot take effect before %(date)s: some agreements give the client "
                    "%(days)s days' notice.",
                    date=earliest,
                    days=longest,
                )
            )

    def action_preview(self):
        self.ensure_one()
        agreements = self._acr_agreements()
        self.line_ids.unlink()
        self.env["acr.price.change.line"].create(
            [
                {
                    "wizard_id": self.id,
                    "agreement_id": agreement.id,
                    "old_fee": agreement.monthly_fee,
                    "new_fee": self._acr_new_fee(agreement.monthly_fee),
                    "monthly_cost": agreement.monthly_cost,
                }
                for agreement in agreements
            ]
        )
        return self._acr_reopen()

    def action_apply(self):
        """Create the amendments, mail each client a notice and log it in the
        chatter: one pass, with batched creates and no query per agreement."""
        self.ensure_one()
        if not self.line_ids:
            self.action_preview()
        lines = self.line_ids.filtered(
            lambda line: line.agreement_id.state in RUNNING and line.new_fee != line.old_fee
        )
        if not lines:
            raise UserError(self.env._("No agreement changes price."))
        agreements = lines.agreement_id
        self._acr_check_notice(agreements)
        amendments = self.env["acr.agreement.amendment"].create(
            [
                {
                    "agreement_id": line.agreement_id.id,
                    "currency_id": line.agreement_id.currency_id.id,
                    "name": self.reason,
                    "date_effective": self.date_effective,
                    "old_fee": line.old_fee,
                    "new_fee": line.new_fee,
                    "monthly_cost": line.monthly_cost,
                }
                for line in lines
            ]
        )
        # Tokens first: the notice links to the agreement on the portal.
        agreements._acr_ensure_tokens()
        amendments._acr_send_notices()
        # A campaign has a handful of distinct fees: format each once.
        formatted = {}

        def fmt(currency, amount):
            if (currency, amount) not in formatted:
                formatted[currency, amount] = currency.format(amount)
            return formatted[currency, amount]

        agreements._message_log_batch(
            bodies={
                amendment.agreement_id.id: Markup("<p>%s</p>")
                % self.env._(
                    "Price change notified: %(old)s → %(new)s from %(date)s.",
                    old=fmt(amendment.currency_id, amendment.old_fee),
                    new=fmt(amendment.currency_id, amendment.new_fee),
                    date=amendment.date_effective,
                )
                for amendment in amendments
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Price Changes"),
            "res_model": "acr.agreement.amendment",
            "view_mode": "list",
            "domain": [("id", "in", amendments.ids)],
        }

    def _acr_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Change Prices"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }


class AcrPriceChangeLine(models.TransientModel):
    _name = "acr.price.change.line"
    _description = "Price Change Preview Line"

    wizard_id = fields.Many2one("acr.price.change.wizard", required=True, ondelete="cascade")
    agreement_id = fields.Many2one("acr.agreement", required=True, ondelete="cascade")
    partner_id = fields.Many2one(related="agreement_id.partner_id", string="Client")
    currency_id = fields.Many2one(related="agreement_id.currency_id")
    old_fee = fields.Monetary(string="Current Fee")
    new_fee = fields.Monetary()
    monthly_cost = fields.Monetary()
    old_margin = fields.Monetary(compute="_compute_margins", string="Current Margin")
    new_margin = fields.Monetary(
        compute="_compute_margins",
    )
    new_margin_percent = fields.Float(compute="_compute_margins", string="New Margin (%)")

    @api.depends("old_fee", "new_fee", "monthly_cost")
    def _compute_margins(self):
        for line in self:
            line.old_margin = line.old_fee - line.monthly_cost
            line.new_margin = line.new_fee - line.monthly_cost
            line.new_margin_percent = 100.0 * line.new_margin / line.new_fee if line.new_fee else 0.0
