import calendar
import logging
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.tools import format_date

from odoo.addons.accounting_client_relations.models.acr_agreement import TERM_FIELDS

_logger = logging.getLogger(__name__)

# States in which an agreement is invoiced (a terminated one for its last
# period, up to its end date).
INVOICED_STATES = ("countersigned", "active", "terminated")


class AcrAgreement(models.Model):
    _inherit = "acr.agreement"
    # The payment terms are a term of the agreement: frozen once it is sent.
    _acr_frozen_fields = tuple(sorted({*TERM_FIELDS, "payment_term_id"}))

    payment_term_id = fields.Many2one(
        "account.payment.term",
        string="Payment Terms",
        check_company=True,
        tracking=True,
        help="The payment terms of the monthly invoices; empty: the client's own terms.",
    )
    invoice_ids = fields.One2many("account.move", "acr_agreement_id", string="Invoices")
    invoice_count = fields.Integer(compute="_compute_invoice_count")
    extra_service_ids = fields.One2many("acr.extra.service", "agreement_id", string="Extra Services")

    def _compute_invoice_count(self):
        counts = dict(
            self.env["account.move"]
            .sudo()
            ._read_group([("acr_agreement_id", "in", self.ids)], ["acr_agreement_id"], ["__count"])
        )
        for agreement in self:
            agreement.invoice_count = counts.get(agreement._origin, 0)

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        action["domain"] = [("acr_agreement_id", "=", self.id)]
        action["context"] = {"default_move_type": "out_invoice", "create": False}
        return action

    # The invoice lines of a period -----------------------------------------
    def _acr_price_changes(self):
        """The amendments of this agreement that invoicing honours, each with
        the first day it is invoiced: its effective date once the client
        acknowledged it, else not before the notice period (counted from the
        notice) ran out."""
        self.ensure_one()
        changes = []
        for amendment in self.amendment_ids.sorted(lambda a: (a.date_effective, a.id)):
            start = amendment.date_effective
            if not amendment.acknowledged_on:
                notified = fields.Date.to_date(amendment.create_date) or start
                start = max(start, notified + timedelta(days=self.notice_days or 0))
            changes.append((start, amendment))
        return sorted(changes, key=lambda change: (change[0], change[1].id))

    def _acr_fee_on(self, day, changes):
        """The monthly fee in force on ``day``."""
        fee = changes[0][1].old_fee if changes else self.monthly_fee
        for start, amendment in changes:
            if start > day:
                break
            fee = amendment.new_fee
        return fee

    def _acr_invoice_line_vals(self, period_start, period_end):
        """The invoice lines of this agreement for one period (a month), as
        ``account.move.line`` values: the monthly fee (pro rata where the
        agreement starts or ends in the period, or where a price change takes
        effect in it under the pro rata setting), a note for each price
        change, the extra services sold in the period.

        The one place the lines of a period come from: other modules (the
        late-document surcharges) add theirs by overriding it. The
        environment's language is the client's."""
        self.ensure_one()
        company = self.company_id
        currency = self.currency_id
        lines = []
        active_from = max(period_start, self.date_start or period_start)
        active_to = min(period_end, self.date_end or period_end)
        if active_from > active_to:
            return lines
        month_days = calendar.monthrange(period_start.year, period_start.month)[1]
        changes = self._acr_price_changes()
        prorata = company.acr_amendment_proration == "prorata"
        bounds = [active_from]
        if prorata:
            bounds += [start for start, _amendment in changes if active_from < start <= active_to]
        bounds = sorted(set(bounds))
        segments = []
        for index, start in enumerate(bounds):
            end = bounds[index + 1] - timedelta(days=1) if index + 1 < len(bounds) else active_to
            fee = self._acr_fee_on(start if prorata else period_start, changes)
            if segments and segments[-1][2] == fee:
                segments[-1] = (segments[-1][0], end, fee)
            else:
                segments.append((start, end, fee))
        lang = self.env.lang
        month = format_date(self.env, period_start, date_format="MMMM y", lang_code=lang)
        for start, end, fee in segments:
            days = (end - start).days + 1
            if days == month_days:
                name = self.env._("Monthly fee, %(month)s", month=month)
                price = fee
            else:
                name = self.env._(
                    "Monthly fee, %(start)s to %(end)s (%(days)s of %(month_days)s days at %(fee)s a month)",
                    start=format_date(self.env, start, lang_code=lang),
                    end=format_date(self.env, end, lang_code=lang),
                    days=days,
                    month_days=month_days,
                    fee=currency.format(fee),
                )
                price = currency.round(fee * days / month_days)
            if price:
                lines.append(
                    {
                        "product_id": company.acr_fee_product_id.id,
                        "name": name,
                        "quantity": 1.0,
                        "price_unit": price,
                    }
                )
        # A note for each price change first invoiced on this invoice.
        previous_start = period_start - relativedelta(months=1)
        for start, amendment in changes:
            first_invoiced = (
                start if prorata else (start if start.day == 1 else start + relativedelta(day=1, months=1))
            )
            in_period = (
                period_start <= first_invoiced <= period_end if prorata else first_invoiced == period_start
            )
            if in_period and previous_start < first_invoiced:
                lines.append(
                    {
                        "display_type": "line_note",
                        "name": self.env._(
                            "Price change from %(date)s: the monthly fee is %(new)s (was %(old)s). "
                            "%(reason)s",
                            date=format_date(self.env, first_invoiced, lang_code=lang),
                            new=currency.format(amendment.new_fee),
                            old=currency.format(amendment.old_fee),
                            reason=amendment.name or "",
                        ),
                    }
                )
        for service in self.extra_service_ids:
            if service.invoiced or not (period_start <= service.date <= period_end):
                continue
            lines.append(
                {
                    "product_id": company.acr_extra_product_id.id,
                    "name": service.name,
                    "quantity": service.quantity,
                    "price_unit": service.price_unit,
                    "acr_extra_service_id": service.id,
                }
            )
        # Approved late-document surcharges, each on one invoice: the first
        # whose period ends after the firm approved it.
        for surcharge in self.surcharge_ids:
            if surcharge.state != "approved" or (
                surcharge.decided_on and surcharge.decided_on.date() > period_end
            ):
                continue
            lines.append(
                {
                    "product_id": company.acr_surcharge_product_id.id,
                    "name": self.env._(
                        "Late documents surcharge, %(period)s: %(days)s days late",
                        period=surcharge.period_label or "",
                        days=surcharge.days,
                    ),
                    "quantity": 1.0,
                    "price_unit": surcharge.amount,
                    "acr_surcharge_id": surcharge.id,
                }
            )
        return lines

    # The monthly job -----------------------------------------------------
    @api.model
    def _acr_period(self, day=None):
        """The period the job invoices on ``day``: the month before it."""
        day = day or fields.Date.context_today(self)
        start = day + relativedelta(day=1, months=-1)
        return start, start + relativedelta(months=1, days=-1)

    @api.model
    def _cron_invoice_agreements(self, period_start=None, batch_size=200):
        """One customer invoice per running agreement for the last month (or
        the month of ``period_start``), in batches (``acr.cron.batch``): one
        ``account.move`` create per batch with all its lines, posting in
        batch where the company posts. An invoiced agreement leaves the
        domain, so the job resumes where it stopped; the unique key on
        agreement and period makes a second invoice for a period impossible."""
        if period_start:
            period_start = fields.Date.to_date(period_start) + relativedelta(day=1)
            period_end = period_start + relativedelta(months=1, days=-1)
        else:
            period_start, period_end = self._acr_period()
        done = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [("acr_period_start", "=", period_start), ("acr_agreement_id", "!=", False)],
                [],
                ["acr_agreement_id:array_agg"],
            )[0][0]
        )
        domain = [
            ("state", "in", INVOICED_STATES),
            ("date_start", "<=", period_end),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", period_start),
            ("id", "not in", done or []),
        ]
        return self.env["acr.cron.batch"]._acr_run_batches(
            self.sudo(),
            domain,
            lambda agreements: agreements._acr_invoice_period(period_start, period_end),
            batch_size=batch_size,
        )

    @api.model
    def _acr_demo_invoices(self):
        """Demo data: the last two months invoiced and posted; Brightside
        Bakery's older invoice is dated, and due, 25 days ago."""
        today = fields.Date.context_today(self)
        first = today + relativedelta(day=1, months=-2)
        self._cron_invoice_agreements(first)
        older = self.env["account.move"].search(
            [
                ("acr_period_start", "=", first),
                (
                    "acr_agreement_id",
                    "=",
                    self.env.ref("accounting_client_relations.agreement_brightside").id,
                ),
            ]
        )
        older.write(
            {"invoice_date": today - timedelta(days=25), "invoice_date_due": today - timedelta(days=25)}
        )
        self._cron_invoice_agreements(first + relativedelta(months=1))
        self.env["account.move"].search(
            [("acr_agreement_id", "!=", False), ("state", "=", "draft")]
        ).action_post()

    def _acr_invoice_period(self, period_start, period_end):
        """Invoice these agreements for one period. An agreement whose company
        has no product mapping or no sales journal is skipped with a note in
        its chatter and an activity for a manager; the others go on.
        Returns the invoices."""
        Move = self.env["account.move"]
        journals = {}
        for journal in self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "in", self.company_id.ids)], order="sequence, id"
        ):
            journals.setdefault(journal.company_id.id, journal)
        already = set(
            Move.search([("acr_agreement_id", "in", self.ids), ("acr_period_start", "=", period_start)])
            .mapped("acr_agreement_id")
            .ids
        )
        vals_list, skipped = [], {}
        today = fields.Date.context_today(self)
        for agreement in self:
            if agreement.id in already:
                continue
            company = agreement.company_id
            journal = journals.get(company.id)
            if not (company.acr_fee_product_id and company.acr_extra_product_id):
                skipped[agreement] = self.env._(
                    "No invoice for %(period)s: the company %(company)s has no product for the monthly fee "
                    "or for extra services (Settings ▸ Client Relations ▸ Fee invoicing).",
                    period=format_date(self.env, period_start, date_format="MMMM y"),
                    company=company.name,
                )
                continue
            if not journal:
                skipped[agreement] = self.env._(
                    "No invoice for %(period)s: the company %(company)s has no sales journal.",
                    period=format_date(self.env, period_start, date_format="MMMM y"),
                    company=company.name,
                )
                continue
            partner = agreement.partner_id
            lines = agreement.with_context(lang=partner.lang or self.env.lang)._acr_invoice_line_vals(
                period_start, period_end
            )
            if not any(line.get("price_unit") for line in lines):
                continue
            vals_list.append(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "journal_id": journal.id,
                    "currency_id": agreement.currency_id.id,
                    "invoice_date": today,
                    "invoice_origin": agreement.name,
                    "invoice_user_id": agreement.user_id.id,
                    "invoice_payment_term_id": (
                        agreement.payment_term_id or partner.property_payment_term_id
                    ).id,
                    "acr_agreement_id": agreement.id,
                    "acr_client_id": agreement.client_id.id,
                    "acr_period_start": period_start,
                    "invoice_line_ids": [Command.create(line) for line in lines],
                }
            )
        moves = Move.with_context(tracking_disable=True).create(vals_list) if vals_list else Move
        # The surcharges on these invoices are invoiced: never twice.
        surcharges = moves.invoice_line_ids.acr_surcharge_id
        if surcharges:
            surcharges.sudo()._acr_transition_write({"state": "invoiced"})
        to_post = moves.filtered(lambda move: move.company_id.acr_invoice_post)
        if to_post:
            to_post.action_post()
        if skipped:
            self._acr_report_skipped(skipped)
        _logger.info(
            "Fee invoices for %s: %s created (%s posted), %s skipped",
            period_start,
            len(moves),
            len(to_post),
            len(skipped),
        )
        return moves

    def _acr_report_skipped(self, reasons):
        """A chatter note on each skipped agreement, and one activity for a
        manager of its company (unless one is still open)."""
        agreements = self.browse([agreement.id for agreement in reasons])
        agreements._message_log_batch(
            bodies={agreement.id: Markup("<p>%s</p>") % reason for agreement, reason in reasons.items()}
        )
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        open_ids = set(
            self.env["mail.activity"]
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", agreements.ids),
                    ("activity_type_id", "=", activity_type.id),
                    ("summary", "=", self.env._("Invoicing skipped")),
                ]
            )
            .mapped("res_id")
        )
        managers = self.env.ref("accounting_client_relations.group_acr_manager").users
        values_by_id = {}
        for agreement in agreements:
            if agreement.id in open_ids:
                continue
            manager = managers.filtered(lambda user, c=agreement.company_id: c in user.company_ids)[:1]
            values_by_id[agreement.id] = {
                "user_id": (manager or agreement.user_id or self.env.user).id,
                "note": reasons[agreement],
            }
        self.env["acr.activity.bulk"]._acr_schedule(
            agreements.filtered(lambda a: a.id in values_by_id),
            activity_type,
            values={"summary": self.env._("Invoicing skipped")},
            values_by_id=values_by_id,
        )
