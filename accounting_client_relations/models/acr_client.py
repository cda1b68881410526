from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date

# The four roles of the firm's team on a client file.
TEAM_ROLE_FIELDS = ("user_id", "tax_user_id", "payroll_user_id", "coordinator_id")


class AcrClient(models.Model):
    _name = "acr.client"
    _description = "Client File"
    _inherit = ["mail.thread", "mail.activity.mixin", "acr.form.action.mixin"]
    _order = "priority desc, sequence, name, id"
    _check_company_auto = True

    def _default_stage_id(self):
        return self.env["acr.onboarding.stage"].search([("is_closed", "=", False)], limit=1)

    def _default_user_id(self):
        if self.env.user.has_group("accounting_client_relations.group_acr_user"):
            return self.env.user
        return self.env["res.users"]

    # Identity ------------------------------------------------------------
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain="[('parent_id', '=', False)]",
        help="The commercial entity (company or individual) this file is about.",
    )
    name = fields.Char(related="partner_id.name", store=True, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    priority = fields.Selection([("0", "Normal"), ("1", "Important")], default="0", index=True)
    color = fields.Integer()
    email = fields.Char(related="partner_id.email", readonly=False)
    phone = fields.Char(related="partner_id.phone", readonly=False)

    # Pipeline ------------------------------------------------------------
    stage_id = fields.Many2one(
        "acr.onboarding.stage",
        default=lambda self: self._default_stage_id(),
        required=True,
        index=True,
        tracking=True,
        copy=False,
        ondelete="restrict",
        group_expand="_read_group_stage_ids",
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    )
    stage_is_closed = fields.Boolean(related="stage_id.is_closed")
    date_stage = fields.Datetime(
        string="In Stage Since", default=fields.Datetime.now, copy=False, readonly=True
    )
    date_first_contact = fields.Date(string="First Contact", default=fields.Date.context_today, tracking=True)
    date_active = fields.Date(
        string="Active Since",
        copy=False,
        tracking=True,
        help="Set when the client first enters a stage that marks it active.",
    )
    source_id = fields.Many2one("utm.source", string="Lead Source", tracking=True)
    segment_id = fields.Many2one(
        "acr.segment",
        tracking=True,
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    )

    # Firm team -----------------------------------------------------------
    user_id = fields.Many2one(
        "res.users",
        string="Responsible Accountant",
        default=lambda self: self._default_user_id(),
        tracking=True,
        index=True,
        check_company=True,
        domain="[('share', '=', False)]",
    )
    tax_user_id = fields.Many2one(
        "res.users",
        string="Tax Accountant",
        tracking=True,
        index="btree_not_null",
        check_company=True,
        domain="[('share', '=', False)]",
    )
    payroll_user_id = fields.Many2one(
        "res.users",
        string="Payroll Accountant",
        tracking=True,
        index="btree_not_null",
        check_company=True,
        domain="[('share', '=', False)]",
    )
    coordinator_id = fields.Many2one(
        "res.users",
        tracking=True,
        index="btree_not_null",
        check_company=True,
        domain="[('share', '=', False)]",
    )
    # The four roles as one stored set: the record rules of every model that
    # hangs off a client file read this field, one clause each.
    team_user_ids = fields.Many2many(
        "res.users",
        "acr_client_team_user_rel",
        "client_id",
        "user_id",
        string="Team",
        compute="_compute_team_user_ids",
        store=True,
        help="The responsible, tax and payroll accountants and the coordinator.",
    )

    # Profile (lives on the partner, edited here too) ---------------------
    legal_form_id = fields.Many2one(
        related="partner_id.acr_legal_form_id", readonly=False, string="Legal Form"
    )
    tax_regime_id = fields.Many2one(
        related="partner_id.acr_tax_regime_id", readonly=False, string="Tax Regime"
    )
    industry_id = fields.Many2one(
        related="partner_id.industry_id", readonly=False, string="Business Activity"
    )
    country_id = fields.Many2one(related="partner_id.country_id", readonly=False)
    state_id = fields.Many2one(related="partner_id.state_id", readonly=False, string="Region")
    vat = fields.Char(related="partner_id.vat", readonly=False)
    employee_count = fields.Integer(
        related="partner_id.acr_employee_count", readonly=False, string="Employees"
    )
    vat_payer = fields.Boolean(related="partner_id.acr_vat_payer", readonly=False)
    profile_notes = fields.Text(
        related="partner_id.acr_profile_notes", readonly=False, string="Profile Notes"
    )

    # Checklist -----------------------------------------------------------
    checklist_total = fields.Integer(
        copy=False,
        readonly=True,
        help="Activities launched by the onboarding plans of this file.",
    )
    checklist_done = fields.Integer(compute="_compute_checklist")
    checklist_progress = fields.Float(compute="_compute_checklist", string="Checklist")
    # Quotes, agreements, powers of attorney ------------------------------
    quote_ids = fields.One2many("acr.tariff.quote", "client_id", string="Quotes")
    quote_count = fields.Integer(
        compute="_compute_quote_count",
    )
    current_fee = fields.Monetary(
        compute="_compute_agreement_status",
        string="Monthly Fee",
        currency_field="fee_currency_id",
        help="The fee of the signed agreement, or else of the last accepted quote.",
    )
    fee_currency_id = fields.Many2one("res.currency", compute="_compute_agreement_status")
    agreement_ids = fields.One2many("acr.agreement", "client_id", string="Agreements")
    agreement_count = fields.Integer(
        compute="_compute_agreement_status",
    )
    has_signed_agreement = fields.Boolean(
        compute="_compute_agreement_status",
        string="Countersigned Agreement",
        help="An engagement agreement signed by both parties (countersigned or active).",
    )
    agreement_warning = fields.Boolean(
        compute="_compute_agreement_status",
        help="Work has started (the stage asks for an agreement) but no agreement is countersigned.",
    )
    power_attorney_ids = fields.One2many("acr.power.attorney", "client_id", string="Powers of Attorney")
    power_attorney_count = fields.Integer(compute="_compute_power_attorney_count", string="Powers")
    next_stage_missing = fields.Text(
        compute="_compute_next_stage_missing",
        string="Missing for Next Stage",
        help="What must still be filled before the client can enter the next stage.",
    )

    # Meetings and the strategic cadence ---------------------------------
    meeting_ids = fields.One2many("acr.meeting", "client_id", string="Meetings")
    meeting_count = fields.Integer(compute="_compute_meeting_count")
    strategic_meetings_per_year = fields.Selection(
        [("0", "None"), ("1", "1 a year"), ("2", "2 a year"), ("4", "4 a year"), ("12", "12 a year")],
        string="Strategic Meetings",
        default="4",
        required=True,
        tracking=True,
        help="The service level when no signed engagement agreement sets it: strategic meetings "
        "promised per year.",
    )
    next_strategic_due = fields.Date(
        compute="_compute_next_strategic_due",
        store=True,
        help="When the next strategic meeting is due: the last one held (or the date the client "
        "became active) plus the interval of the service level.",
    )
    strategic_invite_due_date = fields.Date(
        copy=False,
        readonly=True,
        help="The due date for which the booking invitation was last mailed.",
    )
    strategic_invite_sent = fields.Boolean(compute="_compute_strategic_invite_sent", store=True)
    strategic_overdue = fields.Boolean(
        compute="_compute_strategic_overdue",
        search="_search_strategic_overdue",
        help="The next strategic meeting is past due and none is booked.",
    )
    strategic_held_this_year = fields.Integer(compute="_compute_rhythm")
    strategic_coverage = fields.Float(
        compute="_compute_rhythm",
        string="Service Level Coverage (%)",
        help="Strategic meetings held this year against those promised pro rata to date.",
    )
    contact_log_ids = fields.One2many("acr.contact.log", "client_id", string="Contacts")
    tactical_this_quarter = fields.Integer(compute="_compute_rhythm")
    tactical_last_quarter = fields.Integer(compute="_compute_rhythm")
    tactical_trend = fields.Selection(
        [("down", "Fewer"), ("flat", "Same"), ("up", "More")],
        compute="_compute_rhythm",
        help="Tactical contacts this quarter against last quarter.",
    )

    _sql_constraints = [
        (
            "partner_company_uniq",
            "unique (partner_id, company_id)",
            "This client already has a client file in this company.",
        ),
    ]

    @api.depends(*TEAM_ROLE_FIELDS)
    def _compute_team_user_ids(self):
        for client in self:
            client.team_user_ids = (
                client.user_id | client.tax_user_id | client.payroll_user_id | client.coordinator_id
            )

    @api.depends("checklist_total", "activity_ids")
    def _compute_checklist(self):
        open_counts = (
            dict(
                self.env["mail.activity"]._read_group(
                    [
                        ("res_model", "=", self._name),
                        ("res_id", "in", self.ids),
                        ("acr_plan_id", "!=", False),
                    ],
                    ["res_id"],
                    ["__count"],
                )
            )
            if self.ids
            else {}
        )
        for client in self:
            total = client.checklist_total
            done = max(total - open_counts.get(client.id, 0), 0)
            client.checklist_done = done
            client.checklist_progress = 100.0 * done / total if total else 0.0

    def _compute_meeting_count(self):
        counts = dict(
            self.env["acr.meeting"]._read_group(
                [("client_id", "in", self.ids), ("state", "!=", "draft")], ["client_id"], ["__count"]
            )
        )
        for client in self:
            client.meeting_count = counts.get(client, 0)

    @api.depends(
        "strategic_meetings_per_year",
        "agreement_ids.state",
        "agreement_ids.strategic_meetings_per_year",
        "agreement_ids.date_start",
        "date_active",
        "meeting_ids.state",
        "meeting_ids.start",
        "meeting_ids.counts_for_service_level",
    )
    def _compute_next_strategic_due(self):
        held = (
            self.env["acr.meeting"]._read_group(
                [
                    ("client_id", "in", self.ids),
                    ("state", "=", "held"),
                    ("counts_for_service_level", "=", True),
                ],
                ["client_id"],
                ["start:max"],
            )
            if self.ids
            else []
        )
        last_held = dict(held)
        signed = self._acr_signed_agreements()
        levels = self._acr_service_levels()
        for client in self:
            level = levels[client]
            if not level:
                client.next_strategic_due = False
                continue
            # The service level starts with the agreement or the activation,
            # never before: a prospect owes no strategic meeting.
            last = last_held.get(client)
            agreement = signed.get(client.id)
            base = last.date() if last else (client.date_active or (agreement and agreement.date_start))
            client.next_strategic_due = base + relativedelta(months=12 // level) if base else False

    def _compute_strategic_overdue(self):
        today = fields.Date.context_today(self)
        booked = (
            {
                client
                for [client] in self.env["acr.meeting"]._read_group(
                    [
                        ("client_id", "in", self.ids),
                        ("state", "in", ("booked", "prepared")),
                        ("counts_for_service_level", "=", True),
                    ],
                    ["client_id"],
                )
            }
            if self.ids
            else set()
        )
        for client in self:
            client.strategic_overdue = bool(
                client.next_strategic_due and client.next_strategic_due < today and client not in booked
            )

    def _search_strategic_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue strategic meetings."))
        domain = [
            ("next_strategic_due", "<", fields.Date.context_today(self)),
            (
                "meeting_ids",
                "not any",
                [("state", "in", ("booked", "prepared")), ("counts_for_service_level", "=", True)],
            ),
        ]
        return domain if (operator == "=") == value else ["!", "&", *domain]

    def _compute_rhythm(self):
        """Service level and tactical contacts: a few grouped reads for the
        whole batch."""
        today = fields.Date.context_today(self)
        year_start = today.replace(month=1, day=1)
        quarter_start = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
        last_quarter_start = quarter_start - relativedelta(months=3)
        held = (
            dict(
                self.env["acr.meeting"]._read_group(
                    [
                        ("client_id", "in", self.ids),
                        ("state", "=", "held"),
                        ("counts_for_service_level", "=", True),
                        ("start", ">=", fields.Datetime.to_datetime(year_start)),
                    ],
                    ["client_id"],
                    ["__count"],
                )
            )
            if self.ids
            else {}
        )
        contacts = (
            self.env["acr.contact.log"]._read_group(
                [
                    ("client_id", "in", self.ids),
                    ("date", ">=", fields.Datetime.to_datetime(last_quarter_start)),
                ],
                ["client_id", "date:quarter"],
                ["__count"],
            )
            if self.ids
            else []
        )
        this_q, last_q = defaultdict(int), defaultdict(int)
        for client, quarter, count in contacts:
            if quarter and quarter.date() >= quarter_start:
                this_q[client] += count
            else:
                last_q[client] += count
        elapsed = ((today - year_start).days + 1) / 365.0
        levels = self._acr_service_levels()
        for client in self:
            promised = levels[client]
            client.strategic_held_this_year = held.get(client, 0)
            due_to_date = max(promised * elapsed, 1.0) if promised else 0.0
            client.strategic_coverage = (
                min(100.0 * client.strategic_held_this_year / due_to_date, 100.0) if due_to_date else 100.0
            )
            client.tactical_this_quarter = this_q[client]
            client.tactical_last_quarter = last_q[client]
            difference = this_q[client] - last_q[client]
            client.tactical_trend = "up" if difference > 0 else "down" if difference < 0 else "flat"

    @api.depends("next_strategic_due", "strategic_invite_due_date")
    def _compute_strategic_invite_sent(self):
        for client in self:
            client.strategic_invite_sent = bool(client.next_strategic_due) and (
                client.strategic_invite_due_date == client.next_strategic_due
            )

    @api.depends("quote_ids")
    def _compute_quote_count(self):
        counts = dict(
            self.env["acr.tariff.quote"]._read_group(
                [("client_id", "in", self.ids)], ["client_id"], ["__count"]
            )
        )
        for client in self:
            client.quote_count = counts.get(client, 0)

    @api.depends("agreement_ids.state", "agreement_ids.monthly_fee", "quote_ids.state", "stage_id")
    def _compute_agreement_status(self):
        signed = self._acr_signed_agreements()
        counts = dict(
            self.env["acr.agreement"]._read_group([("client_id", "in", self.ids)], ["client_id"], ["__count"])
        )
        for client in self:
            agreement = signed.get(client.id)
            quote = client.quote_ids.filtered(lambda q: q.state == "accepted")[:1]
            client.agreement_count = counts.get(client, 0)
            client.has_signed_agreement = bool(agreement)
            client.current_fee = agreement.monthly_fee if agreement else quote.amount_fee
            client.fee_currency_id = (agreement or quote).currency_id or client.company_id.currency_id
            client.agreement_warning = bool(
                not agreement and client.stage_id.agreement_policy in ("warn", "required")
            )

    def _compute_power_attorney_count(self):
        counts = dict(
            self.env["acr.power.attorney"]._read_group(
                [("client_id", "in", self.ids)], ["client_id"], ["__count"]
            )
        )
        for client in self:
            client.power_attorney_count = counts.get(client, 0)

    @api.depends(
        "stage_id",
        "partner_id",
        "user_id",
        "tax_user_id",
        "payroll_user_id",
        "coordinator_id",
        "legal_form_id",
        "tax_regime_id",
        "industry_id",
        "country_id",
        "state_id",
        "source_id",
        "segment_id",
        "vat",
    )
    def _compute_next_stage_missing(self):
        open_stages = self.env["acr.onboarding.stage"].search([("is_closed", "=", False)])
        next_stage = {
            stage: open_stages.filtered(lambda s, st=stage: (s.sequence, s.id) > (st.sequence, st.id))[:1]
            for stage in self.stage_id
        }
        targets = self.env["acr.onboarding.stage"].union(*next_stage.values())
        required = targets._acr_required_field_names()
        for client in self:
            target = next_stage.get(client.stage_id)
            if not target or client.stage_is_closed:
                client.next_stage_missing = False
                continue
            missing = client._acr_missing_labels(required[target])
            client.next_stage_missing = (
                self.env._(
                    "To enter %(stage)s: %(missing)s",
                    stage=target.name,
                    missing=", ".join(missing),
                )
                if missing
                else False
            )

    @api.constrains("partner_id")
    def _check_partner_is_commercial(self):
        for client in self:
            if client.partner_id.parent_id:
                raise ValidationError(
                    self.env._(
                        "A client file belongs to a company or an individual, not to a "
                        "contact person: use %(commercial)s instead of %(contact)s.",
                        commercial=client.partner_id.commercial_partner_id.display_name,
                        contact=client.partner_id.display_name,
                    )
                )

    @api.depends("partner_id")
    def _compute_display_name(self):
        for client in self:
            client.display_name = client.partner_id.display_name or client.name

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        # Every stage is a pipeline column, even an empty one; stages are few.
        return stages.search([])  # pylint: disable=no-search-all

    @api.model_create_multi
    def create(self, vals_list):
        clients = super().create(vals_list)
        # Record rules read the team in SQL, and a search does not recompute
        # a pending many2many: store it now.
        clients.flush_recordset(["team_user_ids"])
        clients._acr_stage_entered()
        return clients

    def write(self, vals):
        if "stage_id" not in vals:
            res = super().write(vals)
        else:
            new_stage = self.env["acr.onboarding.stage"].browse(vals["stage_id"])
            movers = self.filtered(lambda c: c.stage_id != new_stage)
            vals = dict(vals, date_stage=fields.Datetime.now()) if movers else vals
            if len(movers) > 1 and set(vals) <= {"stage_id", "date_stage"}:
                # A batch move: Odoo's tracking would post one message per
                # client; the same line is logged for all of them in one batch.
                old_names = {client.id: client.stage_id.name for client in movers}
                res = super(AcrClient, self.with_context(mail_notrack=True)).write(vals)
                movers._message_log_batch(
                    bodies={
                        client_id: Markup("<p>%s</p>")
                        % self.env._("Stage: %(old)s → %(new)s", old=old_name or "", new=new_stage.name)
                        for client_id, old_name in old_names.items()
                    }
                )
            else:
                res = super().write(vals)
            movers._acr_stage_entered()
        if any(fname in vals for fname in TEAM_ROLE_FIELDS):
            # Record rules read the team in SQL: store the new one now.
            self.flush_recordset(["team_user_ids"])
        return res

    def action_new_quote(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "acr.tariff.quote",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {"default_client_id": self.id},
        }

    def action_view_quotes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "accounting_client_relations.acr_tariff_quote_action"
        )
        action["domain"] = [("client_id", "=", self.id)]
        action["context"] = {"default_client_id": self.id}
        return action

    def action_view_agreements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "accounting_client_relations.acr_agreement_action"
        )
        action["domain"] = [("client_id", "=", self.id)]
        action["context"] = {"default_client_id": self.id}
        return action

    def action_view_power_attorneys(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "accounting_client_relations.acr_power_attorney_action"
        )
        action["domain"] = [("client_id", "=", self.id)]
        action["context"] = {"default_client_id": self.id}
        return action

    def action_open_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_view_meetings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "accounting_client_relations.acr_meeting_action"
        )
        action["domain"] = [("client_id", "=", self.id)]
        action["context"] = {"default_client_id": self.id, "search_default_upcoming": 0}
        return action

    # ------------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------------
    @api.model
    def _acr_portal_client(self):
        """The current user's own client file, sudo'd: derived from the user's
        commercial partner, never from request input."""
        partner = self.env.user.partner_id.commercial_partner_id
        clients = self.sudo().search([("partner_id", "=", partner.id)], order="id")
        return clients.filtered(lambda c: c.company_id == self.env.company)[:1] or clients[:1]

    def _acr_suggested_topics(self, meeting_type):
        """Agenda topics suggested to the client booking ``meeting_type`` on
        the portal, as ``{"name", "minutes"}``: the open action items of its
        last meeting. Other modules add theirs."""
        self.ensure_one()
        return [{"name": item.name, "minutes": 10} for item in self._acr_carry_over_items()]

    def _acr_bookable_types(self):
        """Meeting types this client may book now, given its stage."""
        self.ensure_one()
        types = (
            self.env["acr.meeting.type"]
            .sudo()
            .search(
                [
                    "|",
                    ("company_id", "=", False),
                    ("company_id", "=", self.company_id.id),
                ]
            )
        )
        return types.filtered(lambda t: not t.stage_ids or self.stage_id in t.stage_ids)

    def _acr_carry_over_items(self):
        """Every open action item of the client's held meetings, not only the
        last one's, oldest due first: shown in the next booking's 'what
        changed' step and suggested as agenda topics."""
        self.ensure_one()
        return (
            self.env["acr.action.item"]
            .sudo()
            .search(
                [("client_id", "=", self.id), ("state", "=", "open"), ("meeting_id.state", "=", "held")],
                order="date_due, id",
            )
        )

    def action_log_contact(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log a Tactical Contact"),
            "res_model": "acr.contact.log",
            "view_mode": "form",
            "views": [
                (self.env.ref("accounting_client_relations.acr_contact_log_view_form_quick").id, "form")
            ],
            "target": "new",
            "context": {"default_client_id": self.id},
        }

    def _acr_previous_meeting_sudo(self):
        self.ensure_one()
        return (
            self.env["acr.meeting"]
            .sudo()
            .search([("client_id", "=", self.id), ("state", "=", "held")], order="start desc", limit=1)
        )

    # ------------------------------------------------------------------
    # Service level
    # ------------------------------------------------------------------
    def _acr_service_levels(self):
        """{client: strategic meetings per year promised}: the signed
        agreement's service level when there is one, else the client file's."""
        signed = self._acr_signed_agreements()
        levels = {}
        for client in self:
            agreement = signed.get(client.id)
            level = agreement.strategic_meetings_per_year if agreement else client.strategic_meetings_per_year
            levels[client] = int(level or 0)
        return levels

    def _acr_service_level(self):
        self.ensure_one()
        return self._acr_service_levels()[self]

    @api.model
    def _acr_invite_lead_days(self):
        return int(self.env["ir.config_parameter"].sudo().get_param("acr.strategic_invite_days", 14))

    def _acr_strategic_booking_due(self):
        """{client: due date} for the clients of ``self`` who should book their
        next strategic meeting now: due within the lead time and none booked."""
        today = fields.Date.context_today(self)
        limit = today + relativedelta(days=self._acr_invite_lead_days())
        candidates = self.filtered(
            lambda c: c.stage_id.marks_active and c.next_strategic_due and c.next_strategic_due <= limit
        )
        if not candidates:
            return {}
        booked = {
            client
            for [client] in self.env["acr.meeting"]._read_group(
                [
                    ("client_id", "in", candidates.ids),
                    ("state", "in", ("booked", "prepared")),
                    ("counts_for_service_level", "=", True),
                    ("start", ">=", fields.Datetime.now()),
                ],
                ["client_id"],
            )
        }
        return {client: client.next_strategic_due for client in candidates if client not in booked}

    @api.model
    def _cron_strategic_invitations(self, batch_size=200):
        """Mail each client a booking invitation once per due date, a few days
        before their next strategic meeting is due. Works in batches
        (``acr.cron.batch``), the mails rendered and queued in one batch per
        batch (``acr.mail.bulk``); run twice, it sends nothing twice."""
        limit = fields.Date.context_today(self) + relativedelta(days=self._acr_invite_lead_days())
        domain = [
            ("stage_id.marks_active", "=", True),
            ("next_strategic_due", "<=", limit),
            ("strategic_invite_sent", "=", False),
        ]
        template = self.env.ref("accounting_client_relations.mail_template_strategic_invitation")

        def process(batch):
            to_invite = self.browse([client.id for client in batch._acr_strategic_booking_due()])
            self.env["acr.mail.bulk"]._acr_queue_mails(template, to_invite, chatter_copy=True)
            # Clients who already booked are marked too: nothing to send.
            for due_date, clients in batch.grouped("next_strategic_due").items():
                clients.strategic_invite_due_date = due_date

        self.env["acr.cron.batch"]._acr_run_batches(self, domain, process, batch_size=batch_size)

    # ------------------------------------------------------------------
    # Gate and checklist
    # ------------------------------------------------------------------
    def _acr_missing_labels(self, field_names):
        """Labels of the fields in ``field_names`` that are empty on ``self``."""
        self.ensure_one()
        labels = []
        for fname in field_names:
            field = self._fields.get(fname)
            if field and not self[fname]:
                labels.append(field.get_description(self.env)["string"])
        return labels

    def _acr_gate_missing(self):
        """Return {client: [missing item labels]} for the clients of ``self``
        against the gate of their current stage. Field values are read with the
        ORM's batch prefetch, so the cost does not grow per client.

        Extension point: later features add requirements that are not fields
        (a countersigned agreement, for instance).
        """
        required = self.stage_id._acr_required_field_names()
        needs_agreement = self.filtered(lambda c: c.stage_id.agreement_policy == "required")
        signed = needs_agreement._acr_signed_client_ids()
        result = {}
        for client in self:
            missing = client._acr_missing_labels(required[client.stage_id])
            if client in needs_agreement and client.id not in signed:
                missing.append(self.env._("a countersigned engagement agreement"))
            if missing:
                result[client] = missing
        return result

    @api.model
    def _acr_tariff_profile_fields(self):
        """Profile fields a tariff parameter can be pre-filled from."""
        return ["employee_count", "vat_payer"]

    def _acr_signed_client_ids(self):
        """Ids of the clients of ``self`` with a countersigned or active
        agreement: one grouped query, read as superuser so that the gate holds
        whoever moves the client."""
        if not self.ids:
            return set()
        groups = (
            self.env["acr.agreement"]
            .sudo()
            ._read_group(
                [("client_id", "in", self.ids), ("state", "in", ("countersigned", "active"))],
                ["client_id"],
            )
        )
        return {client.id for (client,) in groups}

    def _acr_signed_agreements(self):
        """{client id: its countersigned or active agreement}, in one query.
        Read as superuser: the gate must hold whoever moves the client."""
        if not self.ids:
            return {}
        agreements = (
            self.env["acr.agreement"]
            .sudo()
            .search(
                [("client_id", "in", self.ids), ("state", "in", ("countersigned", "active"))],
                order="date_start desc, id desc",
            )
        )
        result = {}
        for agreement in agreements:
            result.setdefault(agreement.client_id.id, agreement)
        return result

    def _acr_quote_accepted(self, quote):
        """Move the client to Contracting after an accepted quote, when the
        client is earlier in the pipeline and the stage's gate allows. The
        acceptance stands either way; a refused move is noted in the chatter."""
        self.ensure_one()
        target = self.env.ref("accounting_client_relations.stage_contracting", raise_if_not_found=False)
        if (
            not target
            or self.stage_is_closed
            or (self.stage_id.sequence, self.stage_id.id)
            >= (
                target.sequence,
                target.id,
            )
        ):
            return False
        try:
            with self.env.cr.savepoint():
                self.write({"stage_id": target.id})
        except ValidationError as error:
            self.invalidate_recordset()
            self._message_log(
                body=self.env._(
                    "Quote %(quote)s accepted, but the client cannot enter %(stage)s yet: %(reason)s",
                    quote=quote.display_name,
                    stage=target.name,
                    reason=str(error),
                )
            )
            return False
        return True

    def _acr_check_stage_gate(self):
        missing = self._acr_gate_missing()
        if not missing:
            return
        lines = [
            self.env._(
                "%(client)s cannot enter %(stage)s. Missing: %(items)s.",
                client=client.display_name,
                stage=client.stage_id.name,
                items=", ".join(items),
            )
            for client, items in missing.items()
        ]
        raise ValidationError("\n".join(lines))

    def _acr_stage_entered(self):
        """Everything that happens when clients enter their current stage: the
        gate is checked for all of them at once, then the active date is set and
        the stage's activity plan is launched."""
        if not self:
            return
        self._acr_check_stage_gate()
        to_activate = self.filtered(lambda c: c.stage_id.marks_active and not c.date_active)
        if to_activate:
            to_activate.date_active = fields.Date.context_today(self)
        with_plan = self.filtered("stage_id.activity_plan_id")
        if with_plan:
            with_plan._acr_launch_stage_plan()

    def _acr_launch_stage_plan(self, base_date=None, plan=None):
        """Schedule each client's stage plan (or ``plan``), assigning every
        activity to the team member its template names. Activities are
        created in one batch."""
        base_date = base_date or fields.Date.context_today(self)
        res_model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        bodies = {}
        launched = defaultdict(int)
        given_plan = plan
        for client in self:
            plan = given_plan or client.stage_id.activity_plan_id
            items = []
            for template in plan.template_ids:
                responsible = (
                    template._determine_responsible(self.env.user, client)["responsible"]
                    or client.user_id
                    or self.env.user
                )
                deadline = template._get_date_deadline(base_date)
                vals_list.append(
                    {
                        "res_model_id": res_model_id,
                        "res_id": client.id,
                        "activity_type_id": template.activity_type_id.id,
                        "summary": template.summary,
                        "note": template.note,
                        "user_id": responsible.id,
                        "date_deadline": deadline,
                        "acr_plan_id": plan.id,
                    }
                )
                items.append(
                    Markup("<li>%s</li>")
                    % self.env._(
                        "%(activity)s, assigned to %(name)s, due on %(deadline)s",
                        activity=template.summary or template.activity_type_id.name,
                        name=responsible.name,
                        deadline=format_date(self.env, deadline),
                    )
                )
            launched[client] = len(items)
            bodies[client.id] = Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._("The plan “%(plan)s” has been started:", plan=plan.name),
                Markup().join(items),
            )
        # One batch, each assignee told once (not once per activity).
        self.env["acr.activity.bulk"]._acr_create(vals_list)
        # Group the counter update by resulting value: a handful of writes,
        # not one per client.
        by_total = defaultdict(lambda: self.browse())
        for client, count in launched.items():
            by_total[client.checklist_total + count] |= client
        for total, clients in by_total.items():
            clients.checklist_total = total
        self._message_log_batch(bodies=bodies)
