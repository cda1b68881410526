from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

RUNNING = ("countersigned", "active")


class AcrDashboard(models.TransientModel):
    """The managing partner's dashboard: one screen of tiles built from
    Odoo's own form view (stat buttons and embedded lists), each opening the
    records behind it. Every figure is one grouped query over the whole
    firm, whatever the number of clients (``_read_group``, SQL views)."""

    _name = "acr.dashboard"
    _description = "Managing Partner's Dashboard"

    name = fields.Char(default=lambda self: self.env._("Managing Partner's Dashboard"))
    # The pipeline over the last 12 months.
    prospect_count = fields.Integer(compute="_compute_pipeline", string="New Prospects (12 Months)")
    converted_count = fields.Integer(compute="_compute_pipeline", string="Became Clients")
    lost_count = fields.Integer(compute="_compute_pipeline", string="Lost")
    conversion_rate = fields.Float(compute="_compute_pipeline", string="Conversion (%)")
    days_to_active = fields.Float(compute="_compute_pipeline", string="Days to Active (Average)")
    stage_ids = fields.Many2many(
        "acr.onboarding.stage", compute="_compute_pipeline", string="Clients by Stage"
    )
    # Revenue, cost and margin of the running agreements (monthly).
    currency_id = fields.Many2one("res.currency", compute="_compute_money")
    monthly_revenue = fields.Monetary(compute="_compute_money")
    monthly_cost = fields.Monetary(compute="_compute_money")
    monthly_margin = fields.Monetary(compute="_compute_money")
    margin_percent = fields.Float(compute="_compute_money", string="Margin (%)")
    # Workload per accountant.
    workload_ids = fields.Many2many("acr.workload.report", compute="_compute_workload")
    overloaded_count = fields.Integer(compute="_compute_workload", string="Accountants Over Target")
    # Reviews due this quarter and their decisions.
    review_due_count = fields.Integer(compute="_compute_reviews", string="Reviews Due This Quarter")
    review_open_count = fields.Integer(compute="_compute_reviews", string="To Decide")
    review_continue_count = fields.Integer(compute="_compute_reviews", string="Continue")
    review_new_terms_count = fields.Integer(compute="_compute_reviews", string="New Terms")
    review_improve_count = fields.Integer(compute="_compute_reviews", string="Improvement Plans")
    review_offboard_count = fields.Integer(compute="_compute_reviews", string="Offboard")

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------
    @api.model
    def _acr_year_start(self):
        return fields.Date.context_today(self) - relativedelta(years=1)

    @api.model
    def _acr_quarter(self):
        today = fields.Date.context_today(self)
        start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        return start, start + relativedelta(months=3)

    def _compute_pipeline(self):
        Client = self.env["acr.client"]
        year_domain = [("date_first_contact", ">=", self._acr_year_start())]
        lost = self.env.ref("accounting_client_relations.stage_lost", raise_if_not_found=False)
        total = converted = lost_count = 0
        days = 0
        for stage, active_date, first, count in Client._read_group(
            year_domain, ["stage_id", "date_active:day", "date_first_contact:day"], ["__count"]
        ):
            total += count
            if active_date:
                converted += count
                days += (active_date - first).days * count
            elif stage == lost:
                lost_count += count
        stages = self.env["acr.onboarding.stage"].search([("active", "=", True)])
        for dashboard in self:
            dashboard.prospect_count = total
            dashboard.converted_count = converted
            dashboard.lost_count = lost_count
            dashboard.conversion_rate = round(100.0 * converted / total, 1) if total else 0.0
            dashboard.days_to_active = round(days / converted, 1) if converted else 0.0
            dashboard.stage_ids = stages

    def _compute_money(self):
        [(fee, cost)] = self.env["acr.agreement"]._read_group(
            [("state", "in", RUNNING)], [], ["monthly_fee:sum", "monthly_cost:sum"]
        )
        fee, cost = fee or 0.0, cost or 0.0
        for dashboard in self:
            dashboard.currency_id = self.env.company.currency_id
            dashboard.monthly_revenue = fee
            dashboard.monthly_cost = cost
            dashboard.monthly_margin = fee - cost
            dashboard.margin_percent = round(100.0 * (fee - cost) / fee, 1) if fee else 0.0

    def _compute_workload(self):
        rows = self.env["acr.workload.report"].search([("user_id", "!=", False)])
        for dashboard in self:
            dashboard.workload_ids = rows
            dashboard.overloaded_count = len(rows.filtered(lambda row: row.load_index > 100))

    def _compute_reviews(self):
        start, end = self._acr_quarter()
        counts = {
            (state, decision): count
            for state, decision, count in self.env["acr.client.review"]._read_group(
                [("date_anniversary", ">=", start), ("date_anniversary", "<", end)],
                ["state", "decision"],
                ["__count"],
            )
        }
        for dashboard in self:
            dashboard.review_due_count = sum(counts.values())
            dashboard.review_open_count = sum(n for (state, _d), n in counts.items() if state == "open")
            for decision in ("continue", "new_terms", "improve", "offboard"):
                dashboard[f"review_{decision}_count"] = sum(
                    n for (state, d), n in counts.items() if state == "decided" and d == decision
                )

    # ------------------------------------------------------------------
    # Tiles: each opens the records behind it
    # ------------------------------------------------------------------
    @api.model
    def action_open_dashboard(self):
        dashboard = self.create({})
        return {
            "type": "ir.actions.act_window",
            "name": dashboard.name,
            "res_model": self._name,
            "res_id": dashboard.id,
            "view_mode": "form",
            "views": [(self.env.ref("accounting_client_relations.acr_dashboard_view_form").id, "form")],
            "target": "current",
        }

    def _acr_open(self, model, name, domain, view_mode="list,form", context=None):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": view_mode,
            "domain": domain,
            "context": context or {},
        }

    def action_open_pipeline(self):
        return self._acr_open(
            "acr.client",
            self.env._("New Prospects (12 Months)"),
            [("date_first_contact", ">=", self._acr_year_start())],
            "kanban,list,form",
        )

    def action_open_converted(self):
        return self._acr_open(
            "acr.client",
            self.env._("Became Clients"),
            [("date_first_contact", ">=", self._acr_year_start()), ("date_active", "!=", False)],
        )

    def action_open_profitability(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "accounting_client_relations.acr_profitability_report_action"
        )
        action["context"] = {"pivot_row_groupby": ["user_id", "segment_id"]}
        return action

    def action_open_margin_trend(self):
        return self._acr_open(
            "acr.client.review",
            self.env._("Margin Trend (Annual Reviews)"),
            [],
            "graph,list,form",
            {
                "graph_measure": "margin_percent",
                "graph_mode": "line",
                "graph_groupbys": ["date_anniversary:year"],
            },
        )

    def action_open_workload(self):
        return self._acr_open("acr.workload.report", self.env._("Workload per Accountant"), [], "list,pivot")

    def _acr_review_domain(self, extra=()):
        start, end = self._acr_quarter()
        return [("date_anniversary", ">=", start), ("date_anniversary", "<", end), *extra]

    def action_open_reviews(self):
        return self._acr_open(
            "acr.client.review",
            self.env._("Reviews Due This Quarter"),
            self._acr_review_domain(),
            "list,kanban,form",
        )

    def action_open_reviews_open(self):
        return self._acr_open(
            "acr.client.review",
            self.env._("Reviews to Decide"),
            self._acr_review_domain([("state", "=", "open")]),
        )

    def action_open_reviews_decided(self):
        return self._acr_open(
            "acr.client.review",
            self.env._("Review Decisions This Quarter"),
            self._acr_review_domain([("state", "=", "decided")]),
            "list,form",
            {"group_by": "decision"},
        )
