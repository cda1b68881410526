from collections import defaultdict
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

RUNNING = ("countersigned", "active")
DECISIONS = [
    ("continue", "Continue"),
    ("new_terms", "Continue with New Terms"),
    ("improve", "Improvement Plan"),
    ("offboard", "Offboard"),
]
# How strongly a suggestion acts: the overall suggestion is the strongest.
SEVERITY = {"continue": 0, "improve": 1, "new_terms": 2, "offboard": 3}
LIGHTS = [("none", "No Data"), ("green", "Green"), ("amber", "Amber"), ("red", "Red")]
LIGHT_RANK = {"none": 0, "green": 1, "amber": 2, "red": 3}
DECISION_FIELDS = ("decision", "decision_note", "follow_up_date", "new_fee", "date_effective", "force_reason")


class AcrClientReview(models.Model):
    """The annual relationship review of one client: a year of records
    turned into figures, a traffic light per dimension and a decision.

    **Dimensions are an extension point.** ``_acr_review_dimensions`` returns
    the list of dimension descriptors; each is a dict with:

    - ``code``, ``name``, ``sequence``: the key, its label, its order;
    - ``fields``: the review's stored figure fields the dimension fills
      (frozen: never written after opening, whoever the caller);
    - ``compute``: the name of a method of the review, called on every
      review being opened at once (``self``: new records with ``client_id``,
      ``agreement_id``, ``company_id``, ``period_start`` and ``period_end``)
      and returns ``{review.id: {field: value}}``; it must read in batch,
      a flat number of queries whatever the number of reviews, e.g. one
      ``_read_group`` per dimension through ``_acr_read_group_by_period``;
    - ``metric``: the key of the value the light is computed from (a field
      of ``fields``); ``None`` as its value means "no data" (grey light);
    - ``unit``, ``higher_is_better``, ``default_limits`` (green, red): the
      thresholds a manager overrides in *Configuration ▸ Review Thresholds*
      (``acr.review.threshold``);
    - ``on_red``: the decision a red light suggests (``improve`` or
      ``new_terms``);
    - ``client_visible``: whether the figure may be shown to the client
      (the annual review meeting's agenda). Cost and margin never are.

    A module that brings a new source of figures (document punctuality and
    surcharges, surveys and NPS, invoices and payments) adds its figure
    fields to ``acr.client.review`` and appends its descriptor::

        class AcrClientReview(models.Model):
            _inherit = "acr.client.review"

            nps = fields.Integer(readonly=True)

            def _acr_review_dimensions(self):
                return super()._acr_review_dimensions() + [{
                    "code": "nps", "name": self.env._("NPS"), "sequence": 70,
                    "fields": ("nps",), "compute": "_acr_compute_nps",
                    "metric": "nps", "unit": "", "higher_is_better": True,
                    "default_limits": (30.0, 0.0), "on_red": "improve",
                    "client_visible": True,
                }]

    Its light, threshold, line, frozen figures and suggestion follow with
    no other change; a dimension may also replace one of ours (same code).
    """

    _name = "acr.client.review"
    _description = "Annual Relationship Review"
    _inherit = ["mail.thread", "mail.activity.mixin", "acr.state.guard.mixin"]
    _order = "date_anniversary desc, id desc"
    _check_company_auto = True
    _acr_guarded_fields = (
        "state",
        "client_id",
        "agreement_id",
        "review_year",
        "date_anniversary",
        "period_start",
        "period_end",
        "date_opened",
        "suggestion",
        "overall_light",
        "decided_by_id",
        "decided_on",
        "amendment_id",
        "date_agreement_end",
        "meeting_proposed_on",
    )
    _acr_frozen_fields = DECISION_FIELDS
    _acr_editable_states = ("open",)

    # Precomputed: the batch INSERT carries them, no UPDATE after it.
    name = fields.Char(compute="_compute_name", store=True, precompute=True)
    client_id = fields.Many2one(
        "acr.client", string="Client File", required=True, index=True, ondelete="cascade", readonly=True
    )
    partner_id = fields.Many2one(related="client_id.partner_id", store=True, precompute=True, string="Client")
    company_id = fields.Many2one(related="client_id.company_id", store=True, precompute=True, index=True)
    user_id = fields.Many2one(
        related="client_id.user_id", store=True, precompute=True, string="Responsible Accountant"
    )
    coordinator_id = fields.Many2one(related="client_id.coordinator_id", string="Coordinator")
    segment_id = fields.Many2one(related="client_id.segment_id", store=True, precompute=True)
    agreement_id = fields.Many2one("acr.agreement", readonly=True, ondelete="set null", index=True)
    currency_id = fields.Many2one(related="agreement_id.currency_id")
    review_year = fields.Integer(required=True, readonly=True, aggregator=False)
    date_anniversary = fields.Date(string="Anniversary", required=True, readonly=True, index=True)
    period_start = fields.Date(readonly=True)
    period_end = fields.Date(readonly=True, help="The anniversary: the reviewed year ends the day before.")
    date_opened = fields.Datetime(string="Opened On", readonly=True)
    state = fields.Selection(
        [("open", "To Decide"), ("decided", "Decided")],
        default="open",
        required=True,
        tracking=True,
        index=True,
    )
    line_ids = fields.One2many("acr.client.review.line", "review_id", string="Traffic Lights", readonly=True)
    overall_light = fields.Selection(LIGHTS, readonly=True, default="none")
    suggestion = fields.Selection(DECISIONS, string="Suggested Decision", readonly=True)

    # Fee, cost and margin (monthly) and their change over the year -------
    monthly_fee = fields.Monetary(readonly=True, aggregator="sum")
    fee_start = fields.Monetary(string="Fee a Year Ago", readonly=True)
    fee_change = fields.Monetary(readonly=True)
    monthly_cost = fields.Monetary(readonly=True, groups="accounting_client_relations.group_acr_user")
    monthly_margin = fields.Monetary(readonly=True, groups="accounting_client_relations.group_acr_user")
    margin_percent = fields.Float(
        string="Margin (%)",
        readonly=True,
        aggregator="avg",
        groups="accounting_client_relations.group_acr_user",
    )
    margin_change = fields.Monetary(readonly=True, groups="accounting_client_relations.group_acr_user")
    # Strategic meetings against the service level ----------------------------
    service_level = fields.Integer(string="Strategic Meetings Promised", readonly=True)
    strategic_held = fields.Integer(string="Strategic Meetings Held", readonly=True)
    strategic_coverage = fields.Float(string="Service Level Kept (%)", readonly=True)
    # Minutes sent within 24 hours ---------------------------------------------
    meetings_held = fields.Integer(readonly=True)
    minutes_on_time = fields.Integer(string="Minutes Sent within 24 h", readonly=True)
    minutes_on_time_rate = fields.Float(string="Minutes on Time (%)", readonly=True)
    # Tactical contacts --------------------------------------------------------
    tactical_count = fields.Integer(string="Tactical Contacts", readonly=True)
    tactical_per_quarter = fields.Float(string="Tactical Contacts per Quarter", readonly=True)
    tactical_last_quarter = fields.Integer(string="Last Quarter", readonly=True)
    tactical_previous_quarter = fields.Integer(string="Quarter Before", readonly=True)
    tactical_trend = fields.Selection([("up", "More"), ("flat", "Same"), ("down", "Fewer")], readonly=True)
    # The client's documents (deadlines of kind "client documents due") ------
    documents_due_count = fields.Integer(string="Document Deadlines", readonly=True)
    documents_late_count = fields.Integer(string="Documents Late", readonly=True)
    documents_late_rate = fields.Float(string="Documents Late (%)", readonly=True)
    # The firm's filings and payments --------------------------------------------
    deadlines_done_count = fields.Integer(string="Firm Deadlines Done", readonly=True)
    deadlines_late_count = fields.Integer(string="Firm Deadlines Done Late", readonly=True)
    deadlines_late_rate = fields.Float(string="Firm Deadlines Late (%)", readonly=True)
    # Action items open when the review was opened -----------------------------
    actions_open_client = fields.Integer(string="Open Client Action Items", readonly=True)
    actions_open_firm = fields.Integer(string="Open Firm Action Items", readonly=True)
    actions_overdue = fields.Integer(string="Overdue Action Items", readonly=True)

    # The decision -------------------------------------------------------------
    decision = fields.Selection(DECISIONS, tracking=True)
    decision_note = fields.Text(help="Why: mandatory, kept with the decision.")
    follow_up_date = fields.Date(help="When the improvement plan is reviewed.")
    new_fee = fields.Monetary(string="New Monthly Fee", help="For new terms: the fee the amendment proposes.")
    date_effective = fields.Date(
        string="New Terms From", help="For new terms: no earlier than the agreement's notice period allows."
    )
    force_reason = fields.Text(
        string="Offboard Despite Open Firm Items",
        help="A manager offboards a client with open firm action items only with a reason.",
    )
    decided_by_id = fields.Many2one("res.users", readonly=True)
    amendment_id = fields.Many2one(
        "acr.agreement.amendment", readonly=True, help="The new terms sent to the client."
    )
    meeting_proposed_on = fields.Datetime(
        readonly=True, help="The client was invited to book the annual review."
    )
    date_agreement_end = fields.Date(
        string="Agreement Ends", readonly=True, help="Offboarding: the agreement ends at the notice date."
    )
    decided_on = fields.Datetime(readonly=True)

    _sql_constraints = [
        ("client_year_unique", "UNIQUE (client_id, review_year)", "A client has one review per year."),
    ]

    @api.depends("client_id.name", "review_year")
    def _compute_name(self):
        for review in self:
            review.name = f"{review.client_id.name or ''} · {review.review_year or ''}"

    @api.onchange("decision")
    def _onchange_decision(self):
        """Starting values for new terms: today's fee, effective at the end
        of the notice period (the server checks both again)."""
        if self.decision == "new_terms" and self.agreement_id:
            if not self.new_fee:
                self.new_fee = self.agreement_id.monthly_fee
            if not self.date_effective:
                self.date_effective = fields.Date.context_today(self) + timedelta(
                    days=self.agreement_id.notice_days
                )

    # ------------------------------------------------------------------
    # Guard
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self._acr_guard_open():
            raise UserError(
                self.env._(
                    "Annual reviews are opened by the daily job or by Open Annual Review on the client "
                    "file, which compute their figures."
                )
            )
        return super().create(vals_list)

    def _acr_check_write(self, vals):
        frozen = [
            fname
            for fname in self._acr_figure_fields()
            if fname in vals and self._acr_changes(fname, vals[fname])
        ]
        if frozen:
            self._acr_refuse(frozen)
        return super()._acr_check_write(vals)

    def _acr_frozen_message(self, fnames):
        return self.env._(
            "The review %(review)s has been decided: its decision can no longer change.",
            review=self.display_name,
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_decide(self):
        """Record the decision (managers): a decision and its note are
        mandatory; each decision then takes its own path
        (``_acr_apply_decision``)."""
        self._acr_check_manager()
        for review in self:
            review._acr_check_decision()
        self._acr_transition_write(
            {"state": "decided", "decided_by_id": self.env.uid, "decided_on": fields.Datetime.now()}
        )
        labels = dict(self._fields["decision"]._description_selection(self.env))
        for review in self:
            review.message_post(
                body=Markup("<p>%s</p><p>%s</p>")
                % (
                    self.env._(
                        "Decision: %(decision)s, by %(user)s.",
                        decision=labels[review.decision],
                        user=self.env.user.name,
                    ),
                    review.decision_note,
                ),
                subtype_xmlid="mail.mt_note",
            )
        self.activity_unlink(["mail.mail_activity_data_todo"])
        self._acr_apply_decision()
        return True

    def action_propose_meeting(self):
        """Invite the client to book the annual review meeting on the portal
        (the existing meeting type and booking flow), with the figures the
        client may see as the agenda's starting point: never cost or margin
        (``client_visible`` dimensions only, in the mail and on the portal)."""
        self.ensure_one()
        self.check_access("read")
        if not self.partner_id.email:
            raise UserError(
                self.env._("%(client)s has no email address to invite.", client=self.partner_id.display_name)
            )
        template = self.env.ref("accounting_client_relations.mail_template_review_invitation")
        template.sudo().send_mail(self.id, email_layout_xmlid="mail.mail_notification_light")
        self.sudo()._acr_transition_write({"meeting_proposed_on": fields.Datetime.now()})
        self.message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "%(client)s was invited to book the annual review meeting.", client=self.partner_id.name
            ),
            subtype_xmlid="mail.mt_note",
        )
        return True

    def action_print_farewell_letter(self):
        return self.env.ref("accounting_client_relations.action_report_farewell_letter").report_action(self)

    def _acr_handover_values(self):
        """What the farewell letter lists: the powers of attorney still
        valid, and the deadlines that fall after the engagement ends (closed
        by the firm, now the client's), the next twelve."""
        self.ensure_one()
        end = self.date_agreement_end or fields.Date.context_today(self)
        powers = self.env["acr.power.attorney"].sudo().search([("client_id", "=", self.client_id.id)])
        deadlines = (
            self.env["acr.deadline"]
            .sudo()
            .search(
                [
                    ("client_id", "=", self.client_id.id),
                    ("date_due", ">", end),
                    ("state", "in", ("todo", "cancelled")),
                ],
                order="date_due",
                limit=12,
            )
        )
        return {
            "today": fields.Date.context_today(self),
            "powers": powers.filtered(lambda p: p.state != "revoked"),
            "deadlines": deadlines,
        }

    def action_view_client(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "acr.client",
            "res_id": self.client_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------------
    # The decision
    # ------------------------------------------------------------------
    def _acr_check_manager(self):
        if not (self.env.su or self.env.user.has_group("accounting_client_relations.group_acr_manager")):
            raise AccessError(self.env._("Only a manager decides an annual review."))

    def _acr_check_decision(self):
        """The rules every decision meets, on the server for every way in."""
        self.ensure_one()
        if self.state != "open":
            raise UserError(self.env._("%(review)s is already decided.", review=self.display_name))
        if not self.decision:
            raise UserError(self.env._("Choose a decision for %(review)s.", review=self.display_name))
        if not (self.decision_note or "").strip():
            raise UserError(
                self.env._("A decision needs its note: say why (%(review)s).", review=self.display_name)
            )
        if self.decision == "improve" and not self.follow_up_date:
            raise UserError(self.env._("An improvement plan needs its follow-up date."))
        if self.decision == "improve" and self.follow_up_date <= fields.Date.context_today(self):
            raise UserError(self.env._("The follow-up date of an improvement plan is in the future."))
        if self.decision in ("new_terms", "offboard") and (
            not self.agreement_id or self.agreement_id.state not in RUNNING
        ):
            raise UserError(self.env._("This decision needs the client's running agreement."))
        if self.decision == "new_terms":
            agreement = self.agreement_id
            if self.new_fee <= 0 or self.new_fee == agreement.monthly_fee:
                raise UserError(
                    self.env._(
                        "New terms need the new monthly fee (now %(fee)s).",
                        fee=agreement.currency_id.format(agreement.monthly_fee),
                    )
                )
            earliest = fields.Date.context_today(self) + timedelta(days=agreement.notice_days)
            if not self.date_effective or self.date_effective < earliest:
                raise UserError(
                    self.env._(
                        "The new terms cannot take effect before %(date)s: the agreement gives the "
                        "client %(days)s days' notice.",
                        date=earliest,
                        days=agreement.notice_days,
                    )
                )
        if self.decision == "offboard" and not (self.force_reason or "").strip():
            firm_items = (
                self.env["acr.action.item"]
                .sudo()
                .search_count(
                    [
                        ("client_id", "=", self.client_id.id),
                        ("state", "=", "open"),
                        ("owner_type", "=", "firm"),
                    ]
                )
            )
            if firm_items:
                raise UserError(
                    self.env._(
                        "%(client)s still has %(count)s open action items of the firm: finish them first, "
                        "or give the reason to offboard anyway.",
                        client=self.client_id.display_name,
                        count=firm_items,
                    )
                )

    def _acr_apply_decision(self):
        """Each decision's path, after the decision is recorded: new terms
        become an amendment sent to the client, an improvement plan a
        follow-up activity, offboarding moves the client out."""
        for review in self:
            if review.decision == "new_terms":
                review._acr_apply_new_terms()
            elif review.decision == "improve":
                review._acr_apply_improvement_plan()
            elif review.decision == "offboard":
                review._acr_apply_offboarding()
        return True

    def _acr_apply_new_terms(self):
        """An amendment through the price-change machinery (the same
        checks, notice mail and chatter line as a campaign), which the client
        acknowledges on the portal."""
        self.ensure_one()
        agreement = self.agreement_id
        wizard = self.env["acr.price.change.wizard"].create(
            {
                "domain": repr([("id", "=", agreement.id)]),
                "mode": "fixed",
                "value": self.new_fee - agreement.monthly_fee,
                "rounding": "1",
                "date_effective": self.date_effective,
                "reason": self.env._("Annual review %(year)s", year=self.review_year),
            }
        )
        action = wizard.action_apply()
        amendment = self.env["acr.agreement.amendment"].search(action["domain"], limit=1)
        self._acr_transition_write({"amendment_id": amendment.id})
        return amendment

    def _acr_apply_improvement_plan(self):
        """A follow-up activity for the responsible accountant on the client
        file, due on the follow-up date, with the decision's note."""
        self.ensure_one()
        return self.env["acr.activity.bulk"]._acr_schedule(
            self.client_id,
            "mail.mail_activity_data_todo",
            values={
                "summary": self.env._(
                    "Improvement plan: follow-up of the %(year)s review", year=self.review_year
                ),
                "note": self.decision_note,
                "user_id": (self.client_id.user_id or self.env.user).id,
                "date_deadline": self.follow_up_date,
            },
        )

    def _acr_apply_offboarding(self):
        """Offboarded stage through its gate (which closes the open deadlines
        due after the agreement ends with the reason; those due before stay
        the firm's work), the offboarding checklist, and the agreement ending
        at its notice date. Nothing is deleted."""
        self.ensure_one()
        client = self.client_id
        agreement = self.agreement_id.sudo()
        notice_date = fields.Date.context_today(self) + timedelta(days=agreement.notice_days)
        client.write({"stage_id": self.env.ref("accounting_client_relations.stage_offboarded").id})
        # Entering Offboarded closes every future open deadline with the
        # reason; the firm still owes those due before the agreement ends.
        self.env["acr.deadline"].sudo().search(
            [
                ("client_id", "=", client.id),
                ("state", "=", "cancelled"),
                ("auto_cancelled", "=", True),
                ("date_due", "<=", notice_date),
            ]
        )._acr_reopen_cancelled()
        plan = self.env.ref("accounting_client_relations.activity_plan_offboarding", raise_if_not_found=False)
        if plan and client.stage_id.activity_plan_id != plan:
            client._acr_launch_stage_plan(plan=plan)
        agreement._acr_transition_write({"state": "terminated", "date_end": notice_date})
        agreement.message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "Ends on %(date)s, at the end of the notice period, after the annual review %(year)s.",
                date=notice_date,
                year=self.review_year,
            ),
            subtype_xmlid="mail.mt_note",
        )
        if self.force_reason:
            client.message_post(
                body=Markup("<p>%s</p><p>%s</p>")
                % (
                    self.env._(
                        "Offboarded with open firm action items, by %(user)s:", user=self.env.user.name
                    ),
                    self.force_reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
        self._acr_transition_write({"date_agreement_end": notice_date})

    def _acr_client_lines(self):
        """The lights the client may see (the agenda's starting point)."""
        self.ensure_one()
        return self.sudo().line_ids.filtered(lambda line: line.client_visible and line.has_value)

    def _acr_booking_url(self):
        """Where the client books the annual review meeting (the type's
        answers page, whose agenda starts with these figures)."""
        self.ensure_one()
        mtype = self.env.ref(
            "accounting_client_relations.meeting_type_annual_review", raise_if_not_found=False
        )
        path = f"/my/meetings/book/{mtype.id}" if mtype else "/my/meetings/book"
        return f"{self.get_base_url()}{path}"

    def _acr_client_topics(self):
        """Agenda topics from the client-visible figures: one per dimension."""
        labels = dict(
            self.env["acr.client.review.line"]._fields["dimension"]._description_selection(self.env)
        )
        topics = []
        for line in self._acr_client_lines():
            value = format(line.value, "g")
            topics.append(
                self.env._(
                    "%(dimension)s: %(value)s%(unit)s",
                    dimension=labels.get(line.dimension, line.dimension),
                    value=value,
                    unit=line.unit or "",
                )
            )
        return topics

    # ------------------------------------------------------------------
    # The dimensions (extension point, see the class docstring)
    # ------------------------------------------------------------------
    def _acr_review_dimensions(self):
        return [
            {
                "code": "margin",
                "name": self.env._("Fee and margin"),
                "sequence": 10,
                "fields": (
                    "monthly_fee",
                    "fee_start",
                    "fee_change",
                    "monthly_cost",
                    "monthly_margin",
                    "margin_percent",
                    "margin_change",
                ),
                "compute": "_acr_compute_margin",
                "metric": "margin_percent",
                "unit": "%",
                "higher_is_better": True,
                "default_limits": (35.0, 20.0),
                "on_red": "new_terms",
                "client_visible": False,
            },
            {
                "code": "punctuality",
                "name": self.env._("Documents on time"),
                "sequence": 20,
                "fields": ("documents_due_count", "documents_late_count", "documents_late_rate"),
                "compute": "_acr_compute_punctuality",
                "metric": "documents_late_rate",
                "unit": "%",
                "higher_is_better": False,
                "default_limits": (10.0, 30.0),
                "on_red": "new_terms",
                "client_visible": True,
            },
            {
                "code": "strategic",
                "name": self.env._("Strategic meetings"),
                "sequence": 30,
                "fields": ("service_level", "strategic_held", "strategic_coverage"),
                "compute": "_acr_compute_strategic",
                "metric": "strategic_coverage",
                "unit": "%",
                "higher_is_better": True,
                "default_limits": (100.0, 50.0),
                "on_red": "improve",
                "client_visible": True,
            },
            {
                "code": "minutes",
                "name": self.env._("Minutes within 24 hours"),
                "sequence": 40,
                "fields": ("meetings_held", "minutes_on_time", "minutes_on_time_rate"),
                "compute": "_acr_compute_minutes",
                "metric": "minutes_on_time_rate",
                "unit": "%",
                "higher_is_better": True,
                "default_limits": (90.0, 60.0),
                "on_red": "improve",
                "client_visible": True,
            },
            {
                "code": "tactical",
                "name": self.env._("Tactical contacts"),
                "sequence": 50,
                "fields": (
                    "tactical_count",
                    "tactical_per_quarter",
                    "tactical_last_quarter",
                    "tactical_previous_quarter",
                    "tactical_trend",
                ),
                "compute": "_acr_compute_tactical",
                "metric": "tactical_per_quarter",
                "unit": "",
                "higher_is_better": False,
                "default_limits": (3.0, 8.0),
                "on_red": "improve",
                "client_visible": True,
            },
            {
                "code": "deadlines",
                "name": self.env._("Firm deadlines on time"),
                "sequence": 60,
                "fields": ("deadlines_done_count", "deadlines_late_count", "deadlines_late_rate"),
                "compute": "_acr_compute_deadlines",
                "metric": "deadlines_late_rate",
                "unit": "%",
                "higher_is_better": False,
                "default_limits": (2.0, 10.0),
                "on_red": "improve",
                "client_visible": False,
            },
            {
                "code": "actions",
                "name": self.env._("Action items"),
                "sequence": 70,
                "fields": ("actions_open_client", "actions_open_firm", "actions_overdue"),
                "compute": "_acr_compute_actions",
                "metric": "actions_overdue",
                "unit": "",
                "higher_is_better": False,
                "default_limits": (0.0, 3.0),
                "on_red": "improve",
                "client_visible": True,
            },
        ]

    def _acr_dimensions(self):
        """The descriptors, one per code (a later one replaces an earlier
        one), in their order."""
        by_code = {dim["code"]: dim for dim in self._acr_review_dimensions()}
        return sorted(by_code.values(), key=lambda dim: dim.get("sequence", 100))

    def _acr_figure_fields(self):
        return {fname for dim in self._acr_review_dimensions() for fname in dim["fields"]}

    def _acr_read_group_by_period(self, model, domain, date_field, aggregates, groupby=()):
        """One ``_read_group`` over the clients and periods of every review
        of ``self``, grouped by client and day (and ``groupby``), summed per
        review over its own period. Returns ``{review.id: {key: [values]}}``
        where ``key`` is the tuple of the ``groupby`` values."""
        result = {review.id: defaultdict(lambda: [0] * len(aggregates)) for review in self}
        if not self:
            return result
        Model = self.env[model].sudo()
        low, high = min(self.mapped("period_start")), max(self.mapped("period_end"))
        if Model._fields[date_field].type == "datetime":
            low, high = fields.Datetime.to_datetime(low), fields.Datetime.to_datetime(high)
        by_client = defaultdict(list)
        for review in self:
            by_client[review.client_id.id].append(review)
        rows = Model._read_group(
            [*domain, ("client_id", "in", list(by_client)), (date_field, ">=", low), (date_field, "<", high)],
            ["client_id", f"{date_field}:day", *groupby],
            aggregates,
        )
        for client, day, *rest in rows:
            day = day.date() if isinstance(day, datetime) else day
            key = tuple(
                value.id if isinstance(value, models.BaseModel) else value for value in rest[: len(groupby)]
            )
            values = rest[len(groupby) :]
            for review in by_client[client.id]:
                if review.period_start <= day < review.period_end:
                    sums = result[review.id][key]
                    for index, value in enumerate(values):
                        sums[index] += value or 0
        return result

    @staticmethod
    def _acr_rate(part, whole):
        return round(100.0 * part / whole, 1) if whole else None

    def _acr_compute_margin(self):
        agreements = self.agreement_id.sudo()
        amendments = (
            self.env["acr.agreement.amendment"]
            .sudo()
            .search_fetch(
                [
                    ("agreement_id", "in", agreements.ids),
                    ("date_effective", ">=", min(self.mapped("period_start"))),
                    ("date_effective", "<", max(self.mapped("period_end"))),
                ],
                ["agreement_id", "date_effective", "old_fee", "monthly_cost"],
                order="date_effective, id",
            )
        )
        first = {}
        for amendment in amendments:
            first.setdefault(amendment.agreement_id.id, []).append(amendment)
        result = {}
        for review in self:
            agreement = review.agreement_id.sudo()
            fee, cost = agreement.monthly_fee, agreement.monthly_cost
            earliest = next(
                (
                    a
                    for a in first.get(agreement.id, [])
                    if review.period_start <= a.date_effective < review.period_end
                ),
                None,
            )
            fee_start = earliest.old_fee if earliest else fee
            cost_start = earliest.monthly_cost if earliest else cost
            margin = fee - cost
            result[review.id] = {
                "monthly_fee": fee,
                "fee_start": fee_start,
                "fee_change": fee - fee_start,
                "monthly_cost": cost,
                "monthly_margin": margin,
                "margin_percent": self._acr_rate(margin, fee),
                "margin_change": margin - (fee_start - cost_start),
            }
        return result

    def _acr_compute_punctuality(self):
        return self._acr_done_late_figures(
            ("kind", "=", "client_documents"),
            ("documents_due_count", "documents_late_count", "documents_late_rate"),
        )

    def _acr_done_late_figures(self, kind_leaf, fnames):
        """Deadlines of the review year done, and done late, per review:
        ``{review id: {count field: done, late field: late, rate field: %}}``
        for the deadlines matching ``kind_leaf``, in one grouped query."""
        groups = self._acr_read_group_by_period(
            "acr.deadline",
            [("state", "=", "done"), kind_leaf],
            "date_due",
            ["__count"],
            groupby=["done_late"],
        )
        count_field, late_field, rate_field = fnames
        result = {}
        for review in self:
            late = groups[review.id][(True,)][0]
            total = late + groups[review.id][(False,)][0]
            result[review.id] = {
                count_field: total,
                late_field: late,
                rate_field: self._acr_rate(late, total),
            }
        return result

    def _acr_compute_strategic(self):
        groups = self._acr_read_group_by_period(
            "acr.meeting",
            [("state", "=", "held"), ("counts_for_service_level", "=", True)],
            "start",
            ["__count"],
        )
        result = {}
        for review in self:
            held = groups[review.id][()][0]
            level = int(review.agreement_id.sudo().strategic_meetings_per_year or 0)
            result[review.id] = {
                "service_level": level,
                "strategic_held": held,
                "strategic_coverage": self._acr_rate(held, level),
            }
        return result

    def _acr_compute_minutes(self):
        groups = self._acr_read_group_by_period(
            "acr.meeting", [("state", "=", "held")], "start", ["__count"], groupby=["minutes_on_time"]
        )
        result = {}
        for review in self:
            on_time = groups[review.id][(True,)][0]
            held = on_time + groups[review.id][(False,)][0]
            result[review.id] = {
                "meetings_held": held,
                "minutes_on_time": on_time,
                "minutes_on_time_rate": self._acr_rate(on_time, held),
            }
        return result

    def _acr_compute_tactical(self):
        """Contacts per quarter over the year, and the last quarter before
        the review against the one before it (the trend)."""
        result = {review.id: {} for review in self}
        if not self:
            return result
        Log = self.env["acr.contact.log"].sudo()
        low = fields.Datetime.to_datetime(min(self.mapped("period_start")))
        high = fields.Datetime.to_datetime(max(self.mapped("period_end")))
        rows = Log._read_group(
            [
                ("kind", "=", "tactical"),
                ("client_id", "in", self.client_id.ids),
                ("date", ">=", low),
                ("date", "<", high),
            ],
            ["client_id", "date:day"],
            ["__count"],
        )
        by_client = defaultdict(list)
        for client, day, count in rows:
            by_client[client.id].append((day.date() if isinstance(day, datetime) else day, count))
        today = fields.Date.context_today(self)
        for review in self:
            end = min(review.period_end, today + timedelta(days=1))
            last_start = end - relativedelta(months=3)
            previous_start = end - relativedelta(months=6)
            total = last = previous = 0
            for day, count in by_client[review.client_id.id]:
                if not review.period_start <= day < review.period_end:
                    continue
                total += count
                if last_start <= day < end:
                    last += count
                elif previous_start <= day < last_start:
                    previous += count
            result[review.id] = {
                "tactical_count": total,
                "tactical_per_quarter": round(total / 4.0, 2),
                "tactical_last_quarter": last,
                "tactical_previous_quarter": previous,
                "tactical_trend": "up" if last > previous else "down" if last < previous else "flat",
            }
        return result

    def _acr_compute_deadlines(self):
        return self._acr_done_late_figures(
            ("kind", "!=", "client_documents"),
            ("deadlines_done_count", "deadlines_late_count", "deadlines_late_rate"),
        )

    def _acr_compute_actions(self):
        Item = self.env["acr.action.item"].sudo()
        clients = self.client_id.ids
        open_counts = {
            (client.id, owner): count
            for client, owner, count in Item._read_group(
                [("state", "=", "open"), ("client_id", "in", clients)],
                ["client_id", "owner_type"],
                ["__count"],
            )
        }
        overdue = {
            client.id: count
            for client, count in Item._read_group(
                [
                    ("state", "=", "open"),
                    ("client_id", "in", clients),
                    ("date_due", "<", fields.Date.context_today(self)),
                ],
                ["client_id"],
                ["__count"],
            )
        }
        return {
            review.id: {
                "actions_open_client": open_counts.get((review.client_id.id, "client"), 0),
                "actions_open_firm": open_counts.get((review.client_id.id, "firm"), 0),
                "actions_overdue": overdue.get(review.client_id.id, 0),
            }
            for review in self
        }

    # ------------------------------------------------------------------
    # Lights and suggestion
    # ------------------------------------------------------------------
    @api.model
    def _acr_light(self, value, limits, higher_is_better):
        if value is None:
            return "none"
        green, red = limits
        if higher_is_better:
            return "green" if value >= green else "red" if value <= red else "amber"
        return "green" if value <= green else "red" if value >= red else "amber"

    def _acr_suggest(self, lights, previous_decision=None):
        """The overall suggestion from the lights ``{code: light}``: each red
        light suggests its dimension's ``on_red``, the strongest wins; a red
        that calls for new terms again after a year on new terms or on an
        improvement plan suggests offboarding (the article's ending)."""
        suggestion = "continue"
        for dim in self._acr_dimensions():
            if lights.get(dim["code"]) == "red":
                on_red = dim.get("on_red", "improve")
                if on_red == "new_terms" and previous_decision in ("new_terms", "improve"):
                    on_red = "offboard"
                if SEVERITY[on_red] > SEVERITY[suggestion]:
                    suggestion = on_red
        return suggestion

    # ------------------------------------------------------------------
    # Opening reviews
    # ------------------------------------------------------------------
    @api.model
    def _acr_days_before(self):
        value = self.env["ir.config_parameter"].sudo().get_param("acr.review_days_before", "30")
        try:
            return max(int(value), 0)
        except ValueError:
            return 30

    @api.model
    def _acr_next_anniversary(self, date_start, today):
        """The first anniversary of ``date_start`` on or after ``today``
        (29 February falls on the 28th in other years)."""
        years = max(today.year - date_start.year, 1)
        anniversary = date_start + relativedelta(years=years)
        if anniversary < today:
            anniversary = date_start + relativedelta(years=years + 1)
        return anniversary

    @api.model
    def _acr_open_reviews(self, agreements, today=None, days_before=None):
        """Open the reviews of the running ``agreements`` whose anniversary
        falls within ``days_before`` days of ``today`` (all of them when
        ``days_before`` is ``None`` and called from a client file), with
        their figures, lights and suggestion computed in batch and frozen,
        and an activity for the responsible accountant and the coordinator.
        Idempotent: a client's review of a year is opened once (a unique key
        backs it). Returns the new reviews."""
        today = today or fields.Date.context_today(self)
        agreements = agreements.sudo().filtered(lambda a: a.state in RUNNING and a.date_start)
        wanted = {}
        for agreement in agreements:
            anniversary = self._acr_next_anniversary(agreement.date_start, today)
            if days_before is not None and (anniversary - today).days > days_before:
                continue
            # One agreement per client: the latest running one.
            key = (agreement.client_id.id, anniversary.year)
            if key not in wanted or wanted[key][0].date_start < agreement.date_start:
                wanted[key] = (agreement, anniversary)
        if not wanted:
            return self.browse()
        existing = self.sudo().search_fetch(
            [
                ("client_id", "in", list({client_id for client_id, _year in wanted})),
                ("review_year", "in", list({year for _client, year in wanted})),
            ],
            ["client_id", "review_year"],
        )
        for review in existing:
            wanted.pop((review.client_id.id, review.review_year), None)
        if not wanted:
            return self.browse()
        base = [
            {
                "client_id": agreement.client_id.id,
                "agreement_id": agreement.id,
                "review_year": anniversary.year,
                "date_anniversary": anniversary,
                "period_start": anniversary - relativedelta(years=1),
                "period_end": anniversary,
            }
            for agreement, anniversary in wanted.values()
        ]
        vals_list = self.sudo()._acr_figures(base)
        Review = self.sudo()
        with Review._acr_transition():
            reviews = Review.create(vals_list)
        reviews._acr_schedule_activities()
        return reviews.with_env(self.env)

    def _acr_figures(self, base_list):
        """The frozen values of the reviews described by ``base_list``:
        every dimension computed once for all of them, then the lights, the
        overall light and the suggestion."""
        drafts = self.browse()
        for base in base_list:
            drafts |= self.new(base)
        now = fields.Datetime.now()
        figures = {draft.id: {} for draft in drafts}
        metrics = {draft.id: {} for draft in drafts}
        dimensions = self._acr_dimensions()
        for dim in dimensions:
            computed = getattr(drafts, dim["compute"])()
            for draft in drafts:
                values = computed.get(draft.id, {})
                metrics[draft.id][dim["code"]] = values.get(dim["metric"])
                for fname, value in values.items():
                    figures[draft.id][fname] = 0 if value is None else value
        previous = {
            review.client_id.id: review.decision
            for review in self.search_fetch(
                [
                    ("client_id", "in", drafts.client_id.ids),
                    ("state", "=", "decided"),
                    ("review_year", "in", list({draft.review_year - 1 for draft in drafts})),
                ],
                ["client_id", "decision"],
            )
        }
        limits_by_company = {}
        vals_list = []
        for base, draft in zip(base_list, drafts, strict=True):
            company = draft.client_id.company_id
            if company not in limits_by_company:
                limits_by_company[company] = self.env["acr.review.threshold"]._acr_limits(company)
            limits = limits_by_company[company]
            lights = {}
            lines = []
            for dim in dimensions:
                value = metrics[draft.id][dim["code"]]
                light = self._acr_light(value, limits[dim["code"]], dim["higher_is_better"])
                lights[dim["code"]] = light
                lines.append(
                    {
                        "dimension": dim["code"],
                        "sequence": dim.get("sequence", 100),
                        "value": value or 0.0,
                        "has_value": value is not None,
                        "unit": dim.get("unit", ""),
                        "light": light,
                        "green_limit": limits[dim["code"]][0],
                        "red_limit": limits[dim["code"]][1],
                        "client_visible": dim.get("client_visible", False),
                    }
                )
            overall = max(lights.values(), key=LIGHT_RANK.get, default="none")
            vals_list.append(
                {
                    **base,
                    **figures[draft.id],
                    "date_opened": now,
                    "overall_light": overall,
                    "suggestion": self._acr_suggest(lights, previous.get(draft.client_id.id)),
                    "line_ids": [fields.Command.create(line) for line in lines],
                }
            )
        return vals_list

    def _acr_schedule_activities(self):
        """A *To-Do* for the responsible accountant and one for the
        coordinator (when another person), due on the anniversary, in one
        batch (``acr.activity.bulk``)."""
        Bulk = self.env["acr.activity.bulk"]
        summary = self.env._("Annual review due")
        vals = []
        model_id = self.env["ir.model"]._get_id(self._name)
        todo = self.env.ref("mail.mail_activity_data_todo")
        for review in self:
            users = review.client_id.user_id | review.client_id.coordinator_id
            for user in users:
                vals.append(
                    {
                        "res_model_id": model_id,
                        "res_id": review.id,
                        "activity_type_id": todo.id,
                        "automated": True,
                        "summary": summary,
                        "user_id": user.id,
                        "date_deadline": review.date_anniversary,
                    }
                )
        return Bulk._acr_create(vals) if vals else self.env["mail.activity"]

    @api.model
    def _acr_demo_open_reviews(self, agreement_ids, days_ago):
        """Demo data: open the reviews as the job would have ``days_ago``
        days ago."""
        today = fields.Date.context_today(self) - timedelta(days=days_ago)
        return self._acr_open_reviews(self.env["acr.agreement"].browse(agreement_ids), today=today).ids

    @api.model
    def _cron_open_reviews(self, batch_size=500):
        """Daily: open the reviews of the running agreements whose
        anniversary is within the configured days, in batches of agreements
        with progress (``acr.cron.batch``). Idempotent: an open review is
        never opened twice."""
        today = fields.Date.context_today(self)
        days = self._acr_days_before()
        self.env["acr.cron.batch"]._acr_run_batches(
            self.env["acr.agreement"].sudo(),
            [("state", "in", RUNNING), ("date_start", "!=", False), ("date_start", "<", today)],
            lambda agreements: self._acr_open_reviews(agreements, today=today, days_before=days),
            batch_size=batch_size,
        )


class AcrClientReviewLine(models.Model):
    """One dimension of a review: its figure, thresholds and light, frozen
    when the review is opened (no one writes them: read-only access)."""

    _name = "acr.client.review.line"
    _description = "Annual Review Traffic Light"
    _order = "sequence, id"

    review_id = fields.Many2one("acr.client.review", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="review_id.company_id", store=True, precompute=True)
    sequence = fields.Integer(default=10)
    dimension = fields.Selection(selection="_selection_dimension", required=True)
    value = fields.Float(digits=(16, 1))
    has_value = fields.Boolean()
    unit = fields.Char()
    light = fields.Selection(LIGHTS, required=True, default="none")
    green_limit = fields.Float(string="Green From", digits=(16, 1))
    red_limit = fields.Float(string="Red From", digits=(16, 1))
    client_visible = fields.Boolean(help="May be shown to the client in the annual review meeting.")

    def _selection_dimension(self):
        return [(dim["code"], dim["name"]) for dim in self.env["acr.client.review"]._acr_review_dimensions()]
