from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .acr_client import TEAM_ROLE_FIELDS as TEAM_FIELDS
from .acr_deadline import ACTIVITY_WINDOW_DAYS
from .acr_deadline_template import _month_date, _month_index


class AcrClient(models.Model):
    """The compliance calendar of a client file: deadlines generated from its
    profile when it becomes active, kept to a rolling horizon by a daily job,
    regenerated when its profile changes, reassigned when its team changes and
    closed when it leaves."""

    _inherit = "acr.client"

    deadline_ids = fields.One2many("acr.deadline", "client_id", string="Deadlines")
    deadline_extra_template_ids = fields.Many2many(
        "acr.deadline.template",
        "acr_client_deadline_extra_rel",
        "client_id",
        "template_id",
        string="Extra Deadlines",
        groups="accounting_client_relations.group_acr_manager",
        help="Deadline templates added for this client whatever its profile.",
    )
    deadline_excluded_template_ids = fields.Many2many(
        "acr.deadline.template",
        "acr_client_deadline_excluded_rel",
        "client_id",
        "template_id",
        string="Excluded Deadlines",
        groups="accounting_client_relations.group_acr_manager",
        help="Deadline templates that never apply to this client.",
    )
    deadline_horizon = fields.Date(
        readonly=True, copy=False, help="Deadlines are generated up to this date (the daily job extends it)."
    )
    deadline_open_count = fields.Integer(compute="_compute_deadline_counts", string="Open Deadlines")
    deadline_late_count = fields.Integer(compute="_compute_deadline_counts", string="Late Deadlines")
    deadline_upcoming_ids = fields.Many2many(
        "acr.deadline",
        compute="_compute_deadline_upcoming",
        string="Upcoming Deadlines",
        help="The overdue deadlines and the next three.",
    )

    def _compute_deadline_counts(self):
        today = fields.Date.context_today(self)
        groups = (
            self.env["acr.deadline"]._read_group(
                [("client_id", "in", self.ids), ("state", "=", "todo")],
                ["client_id", "date_due:day"],
                ["__count"],
            )
            if self.ids
            else []
        )
        open_count, late_count = {}, {}
        for client, day, count in groups:
            open_count[client] = open_count.get(client, 0) + count
            if day and day < today:
                late_count[client] = late_count.get(client, 0) + count
        for client in self:
            client.deadline_open_count = open_count.get(client, 0)
            client.deadline_late_count = late_count.get(client, 0)

    def _compute_deadline_upcoming(self):
        today = fields.Date.context_today(self)
        Deadline = self.env["acr.deadline"]
        for client in self:
            if not client.id:
                client.deadline_upcoming_ids = Deadline
                continue
            domain = [("client_id", "=", client.id), ("state", "=", "todo")]
            late = Deadline.search([*domain, ("date_due", "<", today)], order="date_due, id")
            upcoming = Deadline.search([*domain, ("date_due", ">=", today)], order="date_due, id", limit=3)
            client.deadline_upcoming_ids = late | upcoming

    def write(self, vals):
        res = super().write(vals)
        if any(fname in vals for fname in TEAM_FIELDS):
            self.sudo()._acr_open_deadlines()._acr_reassign()
        return res

    def _acr_stage_entered(self):
        res = super()._acr_stage_entered()
        self.filtered("stage_id.marks_active")._acr_generate_deadlines()
        self.filtered("stage_id.is_closed")._acr_close_deadlines_left()
        return res

    def action_view_deadlines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "accounting_client_relations.acr_deadline_action"
        )
        action["domain"] = [("client_id", "=", self.id)]
        action["context"] = {"search_default_open": 1}
        return action

    # ------------------------------------------------------------------
    # Generation
    # ------------------------------------------------------------------
    @api.model
    def _acr_deadline_horizon_date(self):
        param = self.env["ir.config_parameter"].sudo().get_param("acr.deadline_horizon_months", 12)
        try:
            months = max(int(param), 1)
        except ValueError:
            months = 12
        return fields.Date.context_today(self) + relativedelta(months=months)

    def _acr_open_deadlines(self, future_only=False):
        domain = [("client_id", "in", self.ids), ("state", "=", "todo")]
        if future_only:
            domain.append(("date_due", ">=", fields.Date.context_today(self)))
        return self.env["acr.deadline"].search(domain)

    def _acr_generate_deadlines(self, templates=None, dry_run=False):
        """Create the missing deadlines of the active clients of ``self``, due
        from today to the horizon, and reopen those the system cancelled that
        apply again. Idempotent (the database's unique key backs it) and
        batched: a constant number of queries for the whole set, whatever its
        size. Runs as superuser: the caller moved or edited the clients.

        :param templates: only these templates (all active ones by default)
        :param dry_run: create nothing, return how many would be created
        """
        clients = self.sudo().filtered("stage_id.marks_active")
        Deadline = self.env["acr.deadline"].sudo()
        if not clients:
            return 0 if dry_run else Deadline
        today = fields.Date.context_today(self)
        horizon = self._acr_deadline_horizon_date()
        Template = self.env["acr.deadline.template"].sudo()
        company_domain = [("company_id", "in", [False, *clients.company_id.ids])]
        if templates is None:
            templates = Template.search(company_domain)
        else:
            templates = templates.sudo().filtered_domain([("active", "=", True), *company_domain])
        if not templates:
            return 0 if dry_run else Deadline
        existing = clients._acr_existing_deadlines(templates, today)
        vals_list, reopen_ids = [], []
        for company, company_clients in clients.grouped("company_id").items():
            working_days = Template._acr_working_days(
                company, today - timedelta(days=40), horizon + timedelta(days=40)
            )
            periods = {
                template: template._acr_periods(today, horizon, working_days)
                for template in templates
                if not template.company_id or template.company_id == company
            }
            for client in company_clients:
                for template, template_periods in periods.items():
                    if not template_periods or not template._acr_applies(client):
                        continue
                    user = client[template.responsible_role] or client.user_id
                    for period in template_periods:
                        found = existing.get((client.id, template.id, period["period_start"]))
                        if found:
                            if found[1] == "cancelled" and found[2]:
                                reopen_ids.append(found[0])
                            continue
                        vals_list.append(
                            {
                                **period,
                                "client_id": client.id,
                                "template_id": template.id,
                                "role": template.responsible_role,
                                "user_id": user.id or None,
                                "company_id": company.id,
                                "partner_id": client.partner_id.id,
                                "kind": template.kind,
                            }
                        )
        if dry_run:
            return len(vals_list)
        rows = self._acr_insert_deadlines(vals_list)
        clients.invalidate_recordset(["deadline_ids"])
        reopened = Deadline.browse(reopen_ids)._acr_reopen_cancelled()
        clients.filtered(lambda c: c.deadline_horizon != horizon).deadline_horizon = horizon
        # Activities for the few whose work starts within the week, without
        # reading back the rows just inserted.
        window = today + timedelta(days=ACTIVITY_WINDOW_DAYS)
        soon = Deadline.browse([row_id for row_id, date_start in rows if date_start and date_start <= window])
        (soon | reopened.filtered(lambda d: d.date_start <= window))._acr_schedule_activities()
        return Deadline.browse([row_id for row_id, _date_start in rows])

    @api.model
    def _acr_insert_deadlines(self, vals_list):
        """Insert generated deadlines in one statement, whatever their number
        (the ORM would send one INSERT per 100 rows): the job's query count
        per batch stays flat. ``ON CONFLICT DO NOTHING`` on the unique key
        makes a concurrent run (the job and an activation at the same time)
        skip what the other created instead of failing. Generated deadlines
        need none of ``create``'s side effects (no tracking, no followers, no
        message). Returns the new rows as (id, start-work date)."""
        if not vals_list:
            return []
        columns = {
            "client_id": "int4",
            "template_id": "int4",
            "company_id": "int4",
            "partner_id": "int4",
            "kind": "varchar",
            "period_start": "date",
            "period_end": "date",
            "period_label": "varchar",
            "date_due": "date",
            "date_start": "date",
            "role": "varchar",
            "user_id": "int4",
        }
        Deadline = self.env["acr.deadline"]
        Deadline.flush_model()
        self.env.cr.execute(
            SQL(
                """INSERT INTO acr_deadline (%(columns)s, state, auto_cancelled, done_late, done_late_rate,
                       activity_scheduled, create_uid, create_date, write_uid, write_date)
                   SELECT %(columns)s, 'todo', FALSE, FALSE, 0, FALSE, %(uid)s, %(now)s, %(uid)s, %(now)s
                     FROM unnest(%(arrays)s) AS v(%(columns)s)
                   ON CONFLICT (client_id, template_id, period_start) DO NOTHING
                   RETURNING id, date_start""",
                columns=SQL(", ").join(SQL.identifier(name) for name in columns),
                arrays=SQL(", ").join(
                    SQL("%s::%s[]", [vals[name] for vals in vals_list], SQL(kind))
                    for name, kind in columns.items()
                ),
                uid=self.env.uid,
                now=self.env.cr.now(),
            )
        )
        rows = self.env.cr.fetchall()
        Deadline.invalidate_model()
        return rows

    def _acr_refresh_template_deadlines(self, template, dry_run=False):
        """After an edit of ``template``: the open future deadlines of the
        clients of ``self`` move to the template's new dates, those it no
        longer gives are cancelled with the reason, the missing ones are
        created. Returns the counts {"update", "cancel", "create"}; with
        ``dry_run``, changes nothing (the wizard's preview)."""
        clients = self.sudo().filtered("stage_id.marks_active")
        template = template.sudo()
        Deadline = self.env["acr.deadline"].sudo()
        today = fields.Date.context_today(self)
        horizon = self._acr_deadline_horizon_date()
        deadlines = Deadline.search(
            [
                ("template_id", "=", template.id),
                ("client_id", "in", clients.ids),
                ("state", "=", "todo"),
                ("date_due", ">=", today),
            ]
        )
        periods = {}
        to_cancel, updates = Deadline, []
        for deadline in deadlines:
            company = deadline.company_id
            if company not in periods:
                working_days = template._acr_working_days(
                    company, today - timedelta(days=40), horizon + timedelta(days=40)
                )
                periods[company] = {
                    p["period_start"]: p for p in template._acr_periods(today, horizon, working_days)
                }
            period = periods[company].get(deadline.period_start)
            if not period or not template.active or not template._acr_applies(deadline.client_id):
                to_cancel |= deadline
                continue
            new = {
                "period_end": period["period_end"],
                "period_label": period["period_label"],
                "date_due": period["date_due"],
                "date_start": period["date_start"],
            }
            if any(deadline[fname] != value for fname, value in new.items()):
                updates.append((deadline, new))
        counts = {
            "update": len(updates),
            "cancel": len(to_cancel),
            "create": clients._acr_generate_deadlines(templates=template, dry_run=True),
        }
        if dry_run:
            return counts
        to_cancel._acr_cancel(self.env._("The deadline template changed."))
        for deadline, new in updates:
            deadline.write(new)
        clients._acr_generate_deadlines(templates=template)
        return counts

    def _acr_existing_deadlines(self, templates, today):
        """{(client id, template id, period start): (id, state, auto_cancelled)}
        of the deadlines of ``self`` whose period may still be generated: one
        query, only the rows that matter."""
        if not self or not templates:
            return {}
        earliest = min(
            _month_date(_month_index(today) - t.due_months - 1 - t._acr_period_months() + 1, 1)
            for t in templates
        )
        self.env["acr.deadline"].flush_model()
        self.env.cr.execute(
            SQL(
                """SELECT client_id, template_id, period_start, id, state, auto_cancelled
                     FROM acr_deadline
                    WHERE client_id = ANY(%s) AND period_start >= %s""",
                self.ids,
                earliest,
            )
        )
        return {(row[0], row[1], row[2]): row[3:] for row in self.env.cr.fetchall()}

    def _acr_regenerate_deadlines(self):
        """After a profile change: the future open deadlines that no longer
        apply are cancelled (kept, with the reason), newly applicable ones are
        created. Done, waived and past deadlines are never touched. Only the
        rows of these clients are read."""
        clients = self.sudo().filtered("stage_id.marks_active")
        if not clients:
            return
        stale = clients._acr_open_deadlines(future_only=True).filtered(
            lambda d: not d.template_id.active or not d.template_id._acr_applies(d.client_id)
        )
        stale._acr_cancel(self.env._("No longer applies to the client's profile."))
        clients._acr_generate_deadlines()

    def _acr_close_deadlines_left(self):
        """A client that leaves (Lost, Offboarded) gets no new deadlines; its
        future open ones are cancelled with the reason."""
        for stage, clients in self.sudo().grouped("stage_id").items():
            clients._acr_open_deadlines(future_only=True)._acr_cancel(
                self.env._("The client left (%(stage)s).", stage=stage.name)
            )
