from odoo import fields, models, tools
from odoo.tools import SQL


class AcrRelationshipReport(models.Model):
    """Strategic meetings held and tactical contacts, one row each: the
    rhythm of the relationship, by client, segment, accountant and period."""

    _name = "acr.relationship.report"
    _description = "Relationship Rhythm Report"
    _auto = False
    _order = "date desc"

    date = fields.Datetime(readonly=True)
    kind = fields.Selection([("strategic", "Strategic"), ("tactical", "Tactical")], readonly=True)
    client_id = fields.Many2one("acr.client", readonly=True)
    segment_id = fields.Many2one("acr.segment", readonly=True)
    stage_id = fields.Many2one("acr.onboarding.stage", readonly=True)
    tax_regime_id = fields.Many2one("acr.tax.regime", readonly=True)
    user_id = fields.Many2one("res.users", string="Accountant", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    duration_minutes = fields.Integer(readonly=True, aggregator="sum")
    contact_count = fields.Integer(string="Contacts", readonly=True, aggregator="sum")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(table)s AS (
                SELECT m.id * 2 AS id,
                       m.start AS date,
                       CASE WHEN m.counts_for_service_level THEN 'strategic' ELSE 'tactical' END AS kind,
                       c.id AS client_id, c.segment_id, c.stage_id, p.acr_tax_regime_id AS tax_regime_id,
                       m.user_id, c.company_id, m.duration_minutes, 1 AS contact_count
                  FROM acr_meeting m
                  JOIN acr_client c ON c.id = m.client_id
                  JOIN res_partner p ON p.id = c.partner_id
                 WHERE m.state = 'held'
                UNION ALL
                SELECT l.id * 2 + 1 AS id,
                       l.date, l.kind, c.id, c.segment_id, c.stage_id, p.acr_tax_regime_id,
                       l.user_id, c.company_id, l.duration_minutes, 1
                  FROM acr_contact_log l
                  JOIN acr_client c ON c.id = l.client_id
                  JOIN res_partner p ON p.id = c.partner_id
            )
            """,
                table=SQL.identifier(self._table),
            )
        )
