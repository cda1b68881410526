from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .acr_deadline_template import ROLE_SELECTION

# Fields only the transition methods below may write (acr.state.guard.mixin):
# ``state`` changes through action_mark_done / action_waive / action_reopen and
# the system's cancellations, never by a plain write (form, import, RPC).
TRANSITION_FIELDS = ("state", "done_by_id", "date_done", "done_late", "done_late_rate", "auto_cancelled")

# Activities are created when the start-work date comes within this many
# days, not a year ahead (see the README, Compliance calendars).
ACTIVITY_WINDOW_DAYS = 7


class AcrDeadline(models.Model):
    """One compliance deadline of one client: a template applied to one
    period. Generated from the templates (``acr.client._acr_generate_deadlines``),
    never twice for the same client, template and period."""

    _name = "acr.deadline"
    _description = "Client Deadline"
    _inherit = ["mail.thread", "mail.activity.mixin", "acr.state.guard.mixin"]
    _order = "date_due, id"
    _rec_names_search = ["template_id", "client_id", "period_label"]
    _check_company_auto = True
    _acr_guarded_fields = TRANSITION_FIELDS

    client_id = fields.Many2one(
        "acr.client", string="Client File", required=True, index=True, ondelete="cascade", readonly=True
    )
    template_id = fields.Many2one(
        "acr.deadline.template",
        string="Deadline",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
    )
    company_id = fields.Many2one(
        related="client_id.company_id", store=True, index=True, precompute=True, string="Company"
    )
    partner_id = fields.Many2one(
        related="client_id.partner_id", store=True, index=True, precompute=True, string="Client"
    )
    kind = fields.Selection(related="template_id.kind", store=True, precompute=True)
    period_start = fields.Date(required=True, readonly=True)
    period_end = fields.Date(required=True, readonly=True)
    period_label = fields.Char(string="Period", required=True, readonly=True)
    date_due = fields.Date(string="Due Date", required=True, index=True, readonly=True)
    date_start = fields.Date(string="Start Work", readonly=True)
    role = fields.Selection(ROLE_SELECTION, readonly=True, groups="base.group_user")
    user_id = fields.Many2one(
        "res.users", string="Responsible", index=True, readonly=True, groups="base.group_user"
    )
    state = fields.Selection(
        [("todo", "To Do"), ("done", "Done"), ("waived", "Waived"), ("cancelled", "Cancelled")],
        required=True,
        default="todo",
        readonly=True,
        index=True,
        tracking=True,
    )
    reason = fields.Char(groups="base.group_user", help="Why it was waived or cancelled.")
    auto_cancelled = fields.Boolean(
        readonly=True,
        groups="base.group_user",
        help="Cancelled by the system (no longer applies, the client left): reopened if it applies again.",
    )
    done_by_id = fields.Many2one("res.users", readonly=True, groups="base.group_user")
    date_done = fields.Datetime(string="Done On", readonly=True)
    done_late = fields.Boolean(readonly=True, help="Done after the due date.")
    done_late_rate = fields.Float(
        string="Done Late (%)",
        readonly=True,
        aggregator="avg",
        help="100 for a deadline done late, 0 for one done on time: its average over done deadlines is "
        "the done-late rate.",
    )
    is_late = fields.Boolean(compute="_compute_is_late", search="_search_is_late", string="Late")
    activity_scheduled = fields.Boolean(readonly=True, groups="base.group_user")
    notes = fields.Text(groups="base.group_user")

    _sql_constraints = [
        (
            "client_template_period_uniq",
            "unique (client_id, template_id, period_start)",
            "A client has one deadline per template and period.",
        ),
    ]

    @api.depends("template_id.name", "period_label")
    def _compute_display_name(self):
        for deadline in self:
            deadline.display_name = f"{deadline.template_id.name or ''} {deadline.period_label or ''}".strip()

    @api.depends("state", "date_due")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for deadline in self:
            deadline.is_late = deadline.state == "todo" and deadline.date_due < today

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on late deadlines."))
        late = [("state", "=", "todo"), ("date_due", "<", fields.Date.context_today(self))]
        return late if (operator == "=") == value else ["!", "&", *late]

    # ------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------
    def action_mark_done(self):
        """Mark done (one click in My Deadlines); done after the due date
        counts as done late. The deadline's activity is marked done."""
        open_ones = self.filtered(lambda d: d.state == "todo")
        if open_ones != self:
            raise UserError(self.env._("Only deadlines to do can be marked done."))
        self.check_access("write")
        today = fields.Date.context_today(self)
        for done_late, deadlines in self.grouped(lambda d: d.date_due < today).items():
            deadlines._acr_transition_write(
                {
                    "state": "done",
                    "done_by_id": self.env.uid,
                    "date_done": fields.Datetime.now(),
                    "done_late": done_late,
                    "done_late_rate": 100.0 if done_late else 0.0,
                }
            )
        self._acr_close_activities()
        return True

    def action_waive(self):
        """Waive (the client has nothing to file this time): needs a reason."""
        if any(d.state != "todo" for d in self):
            raise UserError(self.env._("Only deadlines to do can be waived."))
        missing = self.filtered(lambda d: not d.reason)
        if missing:
            raise UserError(
                self.env._("Write why %(deadline)s is waived first.", deadline=missing[0].display_name)
            )
        self.check_access("write")
        self._acr_transition_write(
            {"state": "waived", "done_by_id": self.env.uid, "date_done": fields.Datetime.now()}
        )
        self._acr_close_activities()
        return True

    def action_reopen(self):
        """Back to do, for a deadline marked done or waived by mistake."""
        if any(d.state not in ("done", "waived", "cancelled") for d in self):
            raise UserError(self.env._("Only done, waived or cancelled deadlines can be reopened."))
        self.check_access("write")
        self._acr_transition_write(
            {
                "state": "todo",
                "done_by_id": False,
                "date_done": False,
                "done_late": False,
                "done_late_rate": 0.0,
                "auto_cancelled": False,
            }
        )
        return True

    def _acr_cancel(self, reason):
        """Cancel open deadlines on the system's behalf (no longer applies,
        the client left), keeping them with the reason."""
        deadlines = self.filtered(lambda d: d.state == "todo")
        if not deadlines:
            return deadlines
        deadlines._acr_transition_write({"state": "cancelled", "reason": reason, "auto_cancelled": True})
        deadlines._acr_close_activities(done=False)
        return deadlines

    def _acr_reopen_cancelled(self):
        """Reopen deadlines the system cancelled, when they apply again."""
        deadlines = self.filtered(lambda d: d.state == "cancelled" and d.auto_cancelled)
        deadlines._acr_transition_write({"state": "todo", "reason": False, "auto_cancelled": False})
        return deadlines

    # ------------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------------
    @api.model
    def _acr_portal_domain(self):
        """The deadlines where the client must act, read with the portal
        user's own rights (the record rule limits them to their company's)."""
        return [("kind", "=", "client_documents"), ("state", "in", ("todo", "done"))]

    @api.model
    def _acr_portal_open_count(self):
        return self.search_count([*self._acr_portal_domain(), ("state", "=", "todo")])

    @api.model
    def _acr_portal_lists(self, limit=50):
        """Open deadlines, soonest first, and the last ones done: only the
        fields a client may see are read (template, period, dates)."""
        domain = self._acr_portal_domain()
        return {
            "open_deadlines": self.search(
                [*domain, ("state", "=", "todo")], order="date_due, id", limit=limit
            ),
            "done_deadlines": self.search(
                [*domain, ("state", "=", "done")], order="date_due desc, id desc", limit=12
            ),
        }

    # ------------------------------------------------------------------
    # Activities
    # ------------------------------------------------------------------
    def _acr_close_activities(self, done=True):
        """Close the activities of these deadlines: marked done, or removed
        when the deadline no longer stands. Their access was checked on the
        deadlines themselves."""
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search([("res_model", "=", self._name), ("res_id", "in", self.ids)])
        )
        if not activities:
            return
        if done:
            activities.action_feedback()
        else:
            activities.unlink()

    def _acr_schedule_activities(self):
        """One activity per deadline for its responsible user, due on the
        start-work date, created in one batch (``acr.activity.bulk``)."""
        deadlines = self.filtered(lambda d: d.state == "todo" and not d.activity_scheduled and d.user_id)
        if not deadlines:
            return
        self.env["acr.activity.bulk"].sudo()._acr_schedule(
            deadlines,
            "mail.mail_activity_data_todo",
            values_by_id={
                deadline.id: {
                    "summary": deadline.display_name,
                    "user_id": deadline.user_id.id,
                    "date_deadline": deadline.date_start or deadline.date_due,
                    "note": False,
                }
                for deadline in deadlines
            },
        )
        deadlines.sudo().write({"activity_scheduled": True})

    def _acr_reassign(self):
        """The responsible of each open deadline from its client's team now,
        its activity following. A few grouped writes."""
        open_ones = self.filtered(lambda d: d.state == "todo")
        by_user = open_ones.grouped(lambda d: d.client_id[d.role] or d.client_id.user_id)
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search([("res_model", "=", self._name), ("res_id", "in", open_ones.ids)])
        )
        activities_by_deadline = activities.grouped("res_id")
        for user, deadlines in by_user.items():
            changed = deadlines.filtered(lambda d, u=user: d.user_id != u)
            if not changed:
                continue
            changed.sudo().write({"user_id": user.id})
            moved = (
                self.env["mail.activity"]
                .sudo()
                .union(*(activities_by_deadline.get(d.id, self.env["mail.activity"]) for d in changed))
            )
            if moved:
                moved.write({"user_id": user.id})

    @api.model
    def _cron_deadlines(self, batch_size=100):
        """Daily: extend every active client's deadlines to the horizon, then
        schedule the activities of the deadlines whose work starts soon. Both
        in batches with progress and a commit per batch, resumable: a client
        whose horizon is reached and a deadline whose activity exists are left
        out of the next run (``acr.cron.batch``)."""
        Client = self.env["acr.client"]
        horizon = Client._acr_deadline_horizon_date()
        self.env["acr.cron.batch"]._acr_run_batches(
            Client,
            [
                ("stage_id.marks_active", "=", True),
                "|",
                ("deadline_horizon", "=", False),
                ("deadline_horizon", "<", horizon),
            ],
            lambda clients: clients._acr_generate_deadlines(),
            batch_size=batch_size,
        )
        window = fields.Date.context_today(self) + timedelta(days=ACTIVITY_WINDOW_DAYS)
        self.env["acr.cron.batch"]._acr_run_batches(
            self,
            [("state", "=", "todo"), ("activity_scheduled", "=", False), ("date_start", "<=", window)],
            lambda deadlines: deadlines._acr_schedule_activities(),
            batch_size=1000,
        )
