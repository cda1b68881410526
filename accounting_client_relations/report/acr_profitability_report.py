from odoo import fields, models, tools
from odoo.tools import SQL


class AcrProfitabilityReport(models.Model):
    """Fee minus cost per client, from the running agreements."""

    _name = "acr.profitability.report"
    _description = "Client Profitability"
    _auto = False
    _rec_name = "client_id"
    _order = "margin desc"
    # Read after the pending writes of these fields are flushed: a supersession
    # in the same transaction shows at once.
    _depends = {
        "acr.agreement": ["client_id", "company_id", "currency_id", "monthly_fee", "monthly_cost", "state"],
        "acr.client": ["user_id", "segment_id", "stage_id", "partner_id"],
        "res.partner": ["acr_tax_regime_id"],
    }

    client_id = fields.Many2one("acr.client", readonly=True)
    agreement_id = fields.Many2one("acr.agreement", readonly=True)
    user_id = fields.Many2one("res.users", string="Responsible Accountant", readonly=True)
    segment_id = fields.Many2one("acr.segment", readonly=True)
    tax_regime_id = fields.Many2one("acr.tax.regime", readonly=True)
    stage_id = fields.Many2one("acr.onboarding.stage", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    monthly_fee = fields.Monetary(readonly=True, aggregator="sum")
    monthly_cost = fields.Monetary(readonly=True, aggregator="sum")
    margin = fields.Monetary(readonly=True, aggregator="sum")
    annual_margin = fields.Monetary(readonly=True, aggregator="sum")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._acr_query())
        )

    def _acr_query(self):
        """The view's query: one row per running agreement. Modules add
        columns by wrapping it (the Invoicing bridge adds what was invoiced
        and paid)."""
        return SQL(
            """
            SELECT a.id AS id,
                   a.id AS agreement_id,
                   c.id AS client_id,
                   c.user_id AS user_id,
                   c.segment_id AS segment_id,
                   p.acr_tax_regime_id AS tax_regime_id,
                   c.stage_id AS stage_id,
                   a.company_id AS company_id,
                   a.currency_id AS currency_id,
                   a.monthly_fee AS monthly_fee,
                   a.monthly_cost AS monthly_cost,
                   a.monthly_fee - a.monthly_cost AS margin,
                   12 * (a.monthly_fee - a.monthly_cost) AS annual_margin
              FROM acr_agreement a
              JOIN acr_client c ON c.id = a.client_id
              JOIN res_partner p ON p.id = c.partner_id
             WHERE a.state IN ('countersigned', 'active')
            """
        )
