from odoo import fields, models
from odoo.tools import SQL


class AcrProfitabilityReport(models.Model):
    """Profitability from what was invoiced and paid over the last 12
    months, beside the agreements' fees."""

    _inherit = "acr.profitability.report"

    invoiced_12m = fields.Monetary(string="Invoiced (12 Months)", readonly=True, aggregator="sum")
    paid_12m = fields.Monetary(string="Paid (12 Months)", readonly=True, aggregator="sum")
    invoiced_margin_12m = fields.Monetary(
        string="Invoiced Margin (12 Months)",
        readonly=True,
        aggregator="sum",
        help="Invoiced over the last 12 months, untaxed, minus 12 months of the agreement's cost.",
    )

    def _acr_query(self):
        return SQL(
            """
            SELECT base.*,
                   COALESCE(inv.invoiced, 0) AS invoiced_12m,
                   COALESCE(inv.paid, 0) AS paid_12m,
                   COALESCE(inv.invoiced, 0) - 12 * base.monthly_cost AS invoiced_margin_12m
              FROM (%s) base
              LEFT JOIN LATERAL (
                    SELECT SUM(m.amount_untaxed_signed) AS invoiced,
                           SUM(m.amount_total_signed - m.amount_residual_signed) AS paid
                      FROM account_move m
                     WHERE m.acr_agreement_id = base.agreement_id
                       AND m.state = 'posted'
                       AND m.move_type IN ('out_invoice', 'out_refund')
                       AND m.invoice_date >= CURRENT_DATE - INTERVAL '12 months'
              ) inv ON TRUE
            """,
            super()._acr_query(),
        )
