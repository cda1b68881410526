import base64
import binascii
import uuid
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.mimetypes import guess_mimetype

from ..tools import check_plain_text

# Terms the client signs: frozen once the agreement has been sent.
TERM_FIELDS = {
    "client_id",
    "monthly_fee",
    "date_start",
    "strategic_meetings_per_year",
    "review_meetings_included",
    "included_service_ids",
    "excluded_service_ids",
    "submission_day",
    "surcharge_type",
    "surcharge_amount",
    "surcharge_cap",
    "surcharge_day_basis",
    "notice_days",
    "monthly_cost",
    "currency_id",
    "quote_id",
}
# Facts only the transitions write: the signatures and the end date.
SIGNATURE_FIELDS = (
    "signed_by",
    "signed_on",
    "signed_ip",
    "signed_partner_id",
    "signature",
    "countersigned_by_id",
    "countersigned_on",
    "date_end",
    "superseded_by_id",
)
SIGNED_STATES = ("countersigned", "active")
# The agreement that governs the client now: at most one per client, which
# the database enforces (``one_running_per_client``).
RUNNING_STATES = SIGNED_STATES


class AcrAgreement(models.Model):
    _name = "acr.agreement"
    _description = "Engagement Agreement"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "acr.form.action.mixin",
        "acr.state.guard.mixin",
    ]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _acr_guarded_fields = ("state", *SIGNATURE_FIELDS)
    _acr_frozen_fields = tuple(sorted(TERM_FIELDS))

    def _default_included_services(self):
        return self.env["acr.service"].search([("included_by_default", "=", True)])

    def _default_excluded_services(self):
        return self.env["acr.service"].search([("included_by_default", "=", False)])

    name = fields.Char(
        string="Reference", required=True, copy=False, readonly=True, default=lambda self: self.env._("New")
    )
    client_id = fields.Many2one(
        "acr.client",
        string="Client File",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    partner_id = fields.Many2one(related="client_id.partner_id", store=True, index=True, string="Client")
    company_id = fields.Many2one(related="client_id.company_id", store=True, index=True)
    user_id = fields.Many2one(related="client_id.user_id", string="Responsible Accountant")
    quote_id = fields.Many2one("acr.tariff.quote", readonly=True, check_company=True, copy=False)
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.company.currency_id
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("sent", "Sent"),
            ("signed", "Signed by Client"),
            ("countersigned", "Countersigned"),
            ("active", "Active"),
            ("superseded", "Superseded"),
            ("terminated", "Terminated"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    # Terms ---------------------------------------------------------------
    monthly_fee = fields.Monetary(tracking=True, aggregator="sum")
    monthly_cost = fields.Monetary(
        groups="accounting_client_relations.group_acr_user",
        aggregator="sum",
        help="The accountants' remuneration behind the fee, from the quote breakdown.",
    )
    margin = fields.Monetary(
        groups="accounting_client_relations.group_acr_user",
        compute="_compute_margin",
        store=True,
        aggregator="sum",
    )
    margin_percent = fields.Float(
        groups="accounting_client_relations.group_acr_user",
        string="Margin (%)",
        compute="_compute_margin",
        store=True,
        aggregator="avg",
    )
    date_start = fields.Date(string="Start Date", default=fields.Date.context_today, tracking=True)
    date_end = fields.Date(string="End Date", readonly=True, copy=False, tracking=True)
    strategic_meetings_per_year = fields.Selection(
        [("1", "Once a year"), ("2", "Twice a year"), ("4", "Quarterly"), ("12", "Monthly")],
        string="Strategic Meetings",
        required=True,
        default="4",
        tracking=True,
        help="Service level: how many strategic meetings a year the firm holds with the client.",
    )
    review_meetings_included = fields.Boolean(
        default=True, help="Review meetings (year-end, tax return) are included in the fee."
    )
    included_service_ids = fields.Many2many(
        "acr.service",
        "acr_agreement_included_service_rel",
        "agreement_id",
        "service_id",
        string="Included Services",
        default=lambda self: self._default_included_services(),
    )
    excluded_service_ids = fields.Many2many(
        "acr.service",
        "acr_agreement_excluded_service_rel",
        "agreement_id",
        "service_id",
        string="Excluded Services",
        default=lambda self: self._default_excluded_services(),
        help="Shown to the client as well: what the fee does not cover.",
    )
    submission_day = fields.Integer(
        string="Documents Due By Day",
        default=10,
        help="Day of the month by which the client submits the previous month's documents.",
    )
    surcharge_type = fields.Selection(
        [("fixed", "Fixed amount per day"), ("percent", "% of the monthly fee per day")],
        string="Late Surcharge",
        required=True,
        default="percent",
    )
    surcharge_amount = fields.Float(string="Surcharge per Day", default=1.0)
    surcharge_cap = fields.Monetary(help="Maximum surcharge for one month; 0 for no cap.")
    surcharge_day_basis = fields.Selection(
        [("calendar", "Calendar days"), ("working", "Working days")],
        string="Days Late Counted In",
        required=True,
        default="calendar",
        help="How the days late of a month's documents are counted: every day, or the firm's working days.",
    )
    surcharge_ids = fields.One2many("acr.surcharge", "agreement_id", string="Late Surcharges")
    notice_days = fields.Integer(
        string="Price Change Notice (days)",
        default=60,
        help="How long before it takes effect the client is told of a price change.",
    )
    # Signatures ------------------------------------------------------------
    signed_by = fields.Char(readonly=True, copy=False)
    signed_on = fields.Datetime(readonly=True, copy=False)
    signed_ip = fields.Char(string="Signed From", readonly=True, copy=False)
    signed_partner_id = fields.Many2one("res.partner", string="Signing Contact", readonly=True, copy=False)
    signature = fields.Image(max_width=1024, max_height=1024, readonly=True, copy=False, attachment=True)
    countersigned_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    countersigned_on = fields.Datetime(readonly=True, copy=False)
    superseded_by_id = fields.Many2one(
        "acr.agreement",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The newer agreement that replaced this one; the end date is the day before it starts.",
    )
    amendment_ids = fields.One2many("acr.agreement.amendment", "agreement_id", string="Amendments")
    amendment_count = fields.Integer(compute="_compute_amendment_count")

    _sql_constraints = [
        (
            "fee_positive",
            "CHECK (monthly_fee >= 0 AND monthly_cost >= 0)",
            "Fees and costs cannot be negative.",
        ),
        (
            "submission_day_range",
            "CHECK (submission_day BETWEEN 1 AND 28)",
            "The submission day must be between 1 and 28: every month has it.",
        ),
        (
            "surcharge_positive",
            "CHECK (surcharge_amount >= 0 AND surcharge_cap >= 0)",
            "The late surcharge and its cap cannot be negative.",
        ),
        ("notice_positive", "CHECK (notice_days >= 0)", "The notice period cannot be negative."),
        # One running agreement per client, whatever the path (a transition,
        # an override, an import, SQL): a newer agreement supersedes the
        # running one when it is countersigned (action_countersign).
        (
            "one_running_per_client",
            "EXCLUDE USING btree (client_id WITH =) WHERE (state IN ('countersigned', 'active'))",
            "A client has only one running agreement: countersigning a new one supersedes the "
            "running one, or terminate it first.",
        ),
    ]

    @api.depends("monthly_fee", "monthly_cost")
    def _compute_margin(self):
        for agreement in self:
            agreement.margin = agreement.monthly_fee - agreement.monthly_cost
            agreement.margin_percent = (
                100.0 * agreement.margin / agreement.monthly_fee if agreement.monthly_fee else 0.0
            )

    def _compute_amendment_count(self):
        counts = dict(
            self.env["acr.agreement.amendment"]._read_group(
                [("agreement_id", "in", self.ids)], ["agreement_id"], ["__count"]
            )
        )
        for agreement in self:
            agreement.amendment_count = counts.get(agreement, 0)

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for agreement in self:
            agreement.access_url = f"/my/agreements/{agreement.id}"
        return res

    @api.constrains("included_service_ids", "excluded_service_ids")
    def _check_services(self):
        for agreement in self:
            both = agreement.included_service_ids & agreement.excluded_service_ids
            if both:
                raise ValidationError(
                    self.env._(
                        "A service cannot be both included and excluded: %(services)s.",
                        services=", ".join(both.mapped("name")),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        quotes = self.env["acr.tariff.quote"].browse([v["quote_id"] for v in vals_list if v.get("quote_id")])
        for vals in vals_list:
            if vals.get("quote_id"):
                for fname, value in self._acr_vals_from_quote(quotes.browse(vals["quote_id"])).items():
                    vals.setdefault(fname, value)
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("acr.agreement") or "/"
        return super().create(vals_list)

    def _acr_frozen_message(self, fnames):
        return self.env._(
            "The agreement %(agreement)s has been sent: its terms are frozen. Change the fee "
            "with a price change, or terminate it and draw up a new one.",
            agreement=self.display_name,
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_send(self):
        self.ensure_one()
        if self.state not in ("draft", "sent"):
            raise UserError(self.env._("This agreement has already been signed."))
        self._portal_ensure_token()
        template = self.env.ref(
            "accounting_client_relations.mail_template_agreement", raise_if_not_found=False
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send the Agreement for Signature"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id if template else False,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
                "acr_mark_agreement_sent": True,
            },
        }

    def action_mark_sent(self):
        self._acr_mark_sent()
        return True

    def action_countersign(self):
        self._acr_check_manager()
        for agreement in self:
            if agreement.state != "signed":
                raise UserError(
                    self.env._(
                        "%(agreement)s must be signed by the client before the firm countersigns it.",
                        agreement=agreement.display_name,
                    )
                )
        if len(self.client_id) < len(self):
            raise UserError(
                self.env._(
                    "Countersign one agreement per client at a time: a client has one running agreement."
                )
            )
        # The running agreements these supersede, read past the record rules
        # (a manager of one company may not see another's): the database
        # refuses a second running agreement in any case.
        running = self.sudo().search(
            [
                ("client_id", "in", self.client_id.ids),
                ("state", "in", RUNNING_STATES),
                ("id", "not in", self.ids),
            ]
        )
        for agreement in self:
            running.filtered(lambda old, a=agreement: old.client_id == a.client_id)._acr_supersede(agreement)
        self._acr_transition_write(
            {
                "state": "countersigned",
                "countersigned_by_id": self.env.uid,
                "countersigned_on": fields.Datetime.now(),
            }
        )
        for agreement in self:
            agreement.message_post(
                body=Markup("<p>%s</p>")
                % self.env._("Countersigned for the firm by %(name)s.", name=self.env.user.name),
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def action_activate(self):
        if any(a.state != "countersigned" for a in self):
            raise UserError(self.env._("Only a countersigned agreement can become active."))
        self._acr_transition_write({"state": "active"})
        return True

    def action_terminate(self):
        self._acr_check_manager()
        if any(a.state not in ("countersigned", "active") for a in self):
            raise UserError(self.env._("Only a countersigned or active agreement can be terminated."))
        self._acr_transition_write({"state": "terminated", "date_end": fields.Date.context_today(self)})
        # Out of the running states now, in the database too: a new running
        # agreement may follow in the same transaction.
        self.flush_recordset(["state"])
        return True

    def _acr_supersede(self, new):
        """``new`` replaces the running agreements of ``self`` (same client):
        they end the day before it starts (never before their own start) and
        say so in their chatter. Written and flushed first, so that the
        database sees one running agreement at every statement."""
        new.ensure_one()
        for old in self:
            date_end = (new.date_start or fields.Date.context_today(self)) - timedelta(days=1)
            if old.date_start and date_end < old.date_start:
                date_end = old.date_start
            old._acr_transition_write(
                {"state": "superseded", "date_end": date_end, "superseded_by_id": new.id}
            )
            old.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Superseded by %(agreement)s, which starts on %(date)s: this agreement ended on %(end)s.",
                    agreement=new.name,
                    date=new.date_start,
                    end=date_end,
                ),
                subtype_xmlid="mail.mt_note",
            )
        self.flush_recordset()

    def action_reset_draft(self):
        if any(a.state != "sent" for a in self):
            raise UserError(self.env._("Only an agreement that is sent and not yet signed can be reset."))
        self._acr_transition_write({"state": "draft"})
        return True

    def action_view_amendments(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Amendments"),
            "res_model": "acr.agreement.amendment",
            "view_mode": "list,form",
            "domain": [("agreement_id", "=", self.id)],
            "context": {"default_agreement_id": self.id},
        }

    def action_print_welcome_pack(self):
        return self.env.ref("accounting_client_relations.action_report_welcome_pack").report_action(self)

    def _get_report_base_filename(self):
        """The downloaded Welcome Pack's file name (the portal's download)."""
        self.ensure_one()
        return self.env._("Welcome Pack %(agreement)s", agreement=self.name)

    def message_post(self, **kwargs):
        if self.env.context.get("acr_mark_agreement_sent"):
            self.filtered(lambda a: a.state == "draft")._acr_mark_sent()
        return super().message_post(**kwargs)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _acr_vals_from_quote(self, quote):
        return {
            "client_id": quote.client_id.id,
            "quote_id": quote.id,
            "currency_id": quote.currency_id.id,
            "monthly_fee": quote.amount_fee,
            "monthly_cost": quote.amount_cost,
        }

    def _acr_ensure_tokens(self):
        """Give every record of ``self`` a portal token; the ORM flushes the
        new tokens in one batched UPDATE."""
        for record in self.filtered(lambda r: not r.access_token):
            record.access_token = str(uuid.uuid4())

    def _acr_mark_sent(self):
        self._acr_ensure_tokens()
        self.filtered(lambda a: a.state == "draft")._acr_transition_write({"state": "sent"})

    def _acr_sign(self, name, signature, partner, ip_address=None):
        """The client's signature, from the portal (as superuser, after the
        access check): name, drawn image, time and address are stored and the
        chatter says who signed."""
        self.ensure_one()
        self._acr_check_client_partner(partner)
        if self.state != "sent":
            raise UserError(self.env._("This agreement is not waiting for your signature."))
        name = (name or "").strip()
        if not name or not signature:
            raise UserError(self.env._("Please type your name and sign."))
        check_plain_text(self.env, {self.env._("Your name"): name})
        try:
            image = base64.b64decode(signature, validate=True)
        except (binascii.Error, ValueError):
            image = b""
        if guess_mimetype(image) not in ("image/png", "image/jpeg"):
            raise UserError(self.env._("The signature could not be read: please sign again."))
        with self.env.cr.savepoint():
            self._acr_write_signature(name, signature, image, partner, ip_address)
        return True

    def _acr_write_signature(self, name, signature, image, partner, ip_address):
        self._acr_transition_write(
            {
                "state": "signed",
                "signed_by": name,
                "signature": signature,
                "signed_on": fields.Datetime.now(),
                "signed_ip": ip_address,
                "signed_partner_id": partner.id,
            }
        )
        self.message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "Signed by %(name)s on behalf of %(client)s.", name=name, client=self.partner_id.name
            ),
            attachments=[(self.env._("Signature of %(name)s.png", name=name), image)],
            subtype_xmlid="mail.mt_comment",
            author_id=partner.id,
        )

    def _acr_check_manager(self):
        """Countersigning and terminating commit the firm: managers only, as
        the buttons show, whatever the way the method is called."""
        if not (self.env.su or self.env.user.has_group("accounting_client_relations.group_acr_manager")):
            raise AccessError(self.env._("Only a manager can countersign or terminate an agreement."))

    def _acr_check_client_partner(self, partner):
        """Only someone of the client signs or acknowledges for the client,
        never firm staff through the portal routes."""
        self.ensure_one()
        if partner.commercial_partner_id != self.partner_id.commercial_partner_id:
            raise AccessError(self.env._("Only the client can do this."))

    def _acr_welcome_pack_contacts(self):
        """Who does what at the firm for this client, for the contact card."""
        self.ensure_one()
        client = self.client_id
        roles = [
            (self.env._("Responsible accountant"), client.user_id),
            (self.env._("Tax accountant"), client.tax_user_id),
            (self.env._("Payroll accountant"), client.payroll_user_id),
            (self.env._("Client coordinator"), client.coordinator_id),
        ]
        return [(role, user) for role, user in roles if user]
