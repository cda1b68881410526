from odoo import fields, models, tools
from odoo.tools import SQL

# How much each open item weighs in an accountant's load, in points: a
# client served, an open deadline due within 4 weeks, an hour of meetings
# booked within 4 weeks, and each overdue item (minutes not sent, action
# items past their date) counts double: it is work already late.
LOAD_WEIGHTS = {"client": 1.0, "deadline": 1.0, "meeting_hour": 1.0, "overdue": 2.0}


class AcrWorkloadReport(models.Model):
    """The workload of each accountant, now and over the next 4 weeks: one
    row per internal user who serves clients or has work booked. The load
    index compares the weighted work with the user's target (points per
    4 weeks, *Load Target* on the user)."""

    _name = "acr.workload.report"
    _description = "Accountant Workload"
    _auto = False
    _rec_name = "user_id"
    _order = "load_index desc, user_id"

    user_id = fields.Many2one("res.users", string="Accountant", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    client_count = fields.Integer(string="Clients Served", readonly=True, aggregator="sum")
    deadline_count = fields.Integer(string="Open Deadlines (4 Weeks)", readonly=True, aggregator="sum")
    meeting_hours = fields.Float(string="Meetings Booked (Hours, 4 Weeks)", readonly=True, aggregator="sum")
    minutes_overdue_count = fields.Integer(string="Minutes Overdue", readonly=True, aggregator="sum")
    actions_overdue_count = fields.Integer(string="Action Items Overdue", readonly=True, aggregator="sum")
    load_points = fields.Float(readonly=True, aggregator="sum")
    load_target = fields.Float(readonly=True, aggregator="sum")
    load_index = fields.Float(string="Load (%)", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        w = LOAD_WEIGHTS
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(table)s AS (
                WITH clients AS (
                    SELECT c.user_id, count(*) AS n
                      FROM acr_client c
                      JOIN acr_onboarding_stage s ON s.id = c.stage_id
                     WHERE c.active AND c.user_id IS NOT NULL AND NOT coalesce(s.is_closed, false)
                     GROUP BY c.user_id
                ), deadlines AS (
                    SELECT user_id, count(*) AS n
                      FROM acr_deadline
                     WHERE state = 'todo' AND user_id IS NOT NULL
                       AND date_due < (now() AT TIME ZONE 'UTC')::date + 28
                     GROUP BY user_id
                ), meetings AS (
                    SELECT user_id, sum(duration_minutes) / 60.0 AS hours
                      FROM acr_meeting
                     WHERE state IN ('booked', 'prepared')
                       AND start >= now() AT TIME ZONE 'UTC'
                       AND start < (now() AT TIME ZONE 'UTC') + interval '28 days'
                     GROUP BY user_id
                ), minutes AS (
                    SELECT user_id, count(*) AS n
                      FROM acr_meeting
                     WHERE state = 'held' AND minutes_sent_date IS NULL
                       AND minutes_due < now() AT TIME ZONE 'UTC'
                     GROUP BY user_id
                ), actions AS (
                    SELECT user_id, count(*) AS n
                      FROM acr_action_item
                     WHERE state = 'open' AND owner_type = 'firm' AND user_id IS NOT NULL
                       AND date_due < (now() AT TIME ZONE 'UTC')::date
                     GROUP BY user_id
                ), base AS (
                    SELECT u.id AS user_id,
                           u.company_id,
                           coalesce(cl.n, 0) AS client_count,
                           coalesce(d.n, 0) AS deadline_count,
                           coalesce(m.hours, 0) AS meeting_hours,
                           coalesce(mi.n, 0) AS minutes_overdue_count,
                           coalesce(a.n, 0) AS actions_overdue_count,
                           coalesce(nullif(u.acr_load_target, 0), 60) AS load_target
                      FROM res_users u
                      LEFT JOIN clients cl ON cl.user_id = u.id
                      LEFT JOIN deadlines d ON d.user_id = u.id
                      LEFT JOIN meetings m ON m.user_id = u.id
                      LEFT JOIN minutes mi ON mi.user_id = u.id
                      LEFT JOIN actions a ON a.user_id = u.id
                     WHERE u.active AND NOT u.share
                       AND (cl.n IS NOT NULL OR d.n IS NOT NULL OR m.hours IS NOT NULL
                            OR mi.n IS NOT NULL OR a.n IS NOT NULL)
                ), points AS (
                    SELECT *,
                           %(client)s * client_count + %(deadline)s * deadline_count
                           + %(hour)s * meeting_hours
                           + %(overdue)s * (minutes_overdue_count + actions_overdue_count) AS load_points
                      FROM base
                )
                SELECT user_id AS id, *,
                       round((100.0 * load_points / load_target)::numeric, 1) AS load_index
                  FROM points
            )
            """,
                table=SQL.identifier(self._table),
                client=w["client"],
                deadline=w["deadline"],
                hour=w["meeting_hour"],
                overdue=w["overdue"],
            )
        )
