from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class AcrClient(models.Model):
    _inherit = "acr.client"

    invoice_ids = fields.One2many("account.move", "acr_client_id", string="Invoices")
    invoice_count = fields.Integer(compute="_compute_fee_account")
    # The fee account: what the client owes the firm and how it pays.
    fee_account_currency_id = fields.Many2one(related="company_id.currency_id", string="Fee Account Currency")
    fee_open_balance = fields.Monetary(
        compute="_compute_fee_account", currency_field="fee_account_currency_id", string="Open Balance"
    )
    fee_overdue_amount = fields.Monetary(
        compute="_compute_fee_account", currency_field="fee_account_currency_id", string="Overdue"
    )
    fee_overdue_days = fields.Integer(
        compute="_compute_fee_account", string="Days Overdue", help="Days since the oldest unpaid due date."
    )
    fee_last_payment_date = fields.Date(compute="_compute_fee_account", string="Last Payment")
    fee_paid_on_time = fields.Integer(
        compute="_compute_fee_account",
        string="Paid on Time",
        help="Invoices due in the last 12 months paid by their due date.",
    )
    fee_paid_late = fields.Integer(
        compute="_compute_fee_account",
        string="Paid Late",
        help="Invoices due in the last 12 months paid after their due date.",
    )
    fee_average_days_late = fields.Float(
        compute="_compute_fee_account", string="Average Days Late", digits=(16, 1)
    )

    def _compute_fee_account(self):
        """The fee account of a page of client files in one grouped query
        (open and overdue amounts, the oldest due date, the last payment, the
        punctuality of the last 12 months), whatever the number of files."""
        figures = self._acr_fee_figures()
        today = fields.Date.context_today(self)
        for client in self:
            row = figures.get(client._origin.id or client.id, {})
            client.invoice_count = row.get("invoices", 0)
            client.fee_open_balance = row.get("open", 0.0)
            client.fee_overdue_amount = row.get("overdue", 0.0)
            oldest = row.get("oldest_due")
            client.fee_overdue_days = (today - oldest).days if oldest else 0
            client.fee_last_payment_date = row.get("last_payment")
            client.fee_paid_on_time = row.get("on_time", 0)
            client.fee_paid_late = row.get("late", 0)
            client.fee_average_days_late = row.get("avg_late") or 0.0

    def _acr_fee_figures(self):
        """{client id: figures} from one query over the posted customer
        invoices of these clients."""
        ids = [client_id for client_id in self._origin.ids if client_id]
        if not ids:
            return {}
        self.env["account.move"].flush_model()
        self.env["account.move.line"].flush_model(["move_id", "display_type"])
        self.env["account.partial.reconcile"].flush_model(["debit_move_id", "max_date"])
        today = fields.Date.context_today(self)
        year_ago = today - timedelta(days=365)
        self.env.cr.execute(
            SQL(
                """
                WITH inv AS (
                    SELECT m.acr_client_id, m.move_type, m.state, m.amount_residual_signed AS residual,
                           m.invoice_date_due AS due,
                           (SELECT MAX(p.max_date)
                              FROM account_move_line l
                              JOIN account_partial_reconcile p ON p.debit_move_id = l.id
                             WHERE l.move_id = m.id AND l.display_type = 'payment_term') AS paid_on
                      FROM account_move m
                     WHERE m.acr_client_id = ANY(%(ids)s)
                       AND m.state != 'cancel'
                       AND m.move_type IN ('out_invoice', 'out_refund')
                )
                SELECT acr_client_id,
                       COUNT(*),
                       COALESCE(SUM(residual) FILTER (WHERE state = 'posted'), 0),
                       COALESCE(SUM(residual) FILTER (WHERE state = 'posted' AND due < %(today)s
                                                       AND residual > 0), 0),
                       MIN(due) FILTER (WHERE state = 'posted' AND due < %(today)s AND residual > 0),
                       MAX(paid_on) FILTER (WHERE state = 'posted'),
                       COUNT(*) FILTER (WHERE state = 'posted' AND move_type = 'out_invoice' AND residual = 0
                                          AND due >= %(year_ago)s AND paid_on <= due),
                       COUNT(*) FILTER (WHERE state = 'posted' AND move_type = 'out_invoice' AND residual = 0
                                          AND due >= %(year_ago)s AND paid_on > due),
                       AVG(paid_on - due) FILTER (WHERE state = 'posted' AND move_type = 'out_invoice'
                                                   AND residual = 0 AND due >= %(year_ago)s AND paid_on > due)
                  FROM inv
                 GROUP BY acr_client_id
                """,
                ids=ids,
                today=today,
                year_ago=year_ago,
            )
        )
        keys = ("invoices", "open", "overdue", "oldest_due", "last_payment", "on_time", "late", "avg_late")
        return {row[0]: dict(zip(keys, row[1:], strict=True)) for row in self.env.cr.fetchall()}

    # The fee conversation on the portal ------------------------------------
    def _acr_overdue_invoices(self):
        """This client's overdue fee invoices (sudo: called after the portal
        access check, or by the firm), oldest due first."""
        self.ensure_one()
        Move = self.env["account.move"].sudo()
        return Move.search(
            [*Move._acr_overdue_domain(), ("acr_client_id", "=", self.id)], order="invoice_date_due, id"
        )

    def _acr_fee_meeting_type(self):
        """The fee-discussion meeting type this client may book, if any."""
        self.ensure_one()
        return self._acr_bookable_types().filtered(lambda t: t.kind == "fee_discussion")[:1]

    def _acr_suggested_topics(self, meeting_type):
        topics = super()._acr_suggested_topics(meeting_type)
        if meeting_type.kind == "fee_discussion":
            topics = [
                {
                    "name": self.env._(
                        "Overdue invoice %(name)s: %(amount)s, due %(date)s",
                        name=move.name,
                        amount=move.currency_id.format(move.amount_residual),
                        date=move.invoice_date_due,
                    ),
                    "minutes": 10,
                }
                for move in self._acr_overdue_invoices()[:5]
            ] + topics
        return topics

    def _acr_check_booking_block(self, meeting_type):
        """Refuse a portal booking of a meeting other than the fee discussion
        while an invoice is more than the company's threshold overdue."""
        self.ensure_one()
        days = self.company_id.acr_block_booking_days
        if not days or meeting_type.kind == "fee_discussion":
            return
        oldest = self._acr_overdue_invoices()[:1]
        if oldest and (fields.Date.context_today(self) - oldest.invoice_date_due).days > days:
            raise UserError(
                self.env._(
                    "We would be glad to meet you. Before we plan %(type)s, let us first settle your open "
                    "invoices together: please book a fee discussion instead, and we will find a way that "
                    "suits you.",
                    type=meeting_type.name,
                )
            )

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        action["domain"] = [("acr_client_id", "=", self.id)]
        action["context"] = {"default_move_type": "out_invoice", "create": False}
        return action
