import uuid

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

BASE_KINDS = ("fixed", "per_unit", "tiered")
# Fields that define the price: frozen once the quote has been sent.
PRICING_FIELDS = {"plan_id", "value_ids", "legal_form_id", "tax_regime_id", "client_id"}
# What the client was sent: frozen with the pricing.
SENT_FIELDS = {"line_ids", "note", "date_quote"}
# Facts only the transitions write; the amounts are the sum of the lines.
TRANSITION_FIELDS = (
    "date_sent",
    "date_accepted",
    "accepted_by_id",
    "accepted_ip",
    "amount_fee",
    "amount_cost",
    "margin",
    "margin_percent",
)


class AcrTariffQuote(models.Model):
    _name = "acr.tariff.quote"
    _description = "Fee Quote"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "acr.form.action.mixin",
        "acr.state.guard.mixin",
    ]
    _order = "client_id, version desc, id desc"
    _check_company_auto = True
    _acr_guarded_fields = ("state", *TRANSITION_FIELDS)
    _acr_frozen_fields = tuple(sorted(PRICING_FIELDS | SENT_FIELDS))

    def _default_plan_id(self):
        return self.env["acr.tariff.plan"].search([("company_id", "in", self.env.companies.ids)], limit=1)

    name = fields.Char(compute="_compute_name", store=True)
    client_id = fields.Many2one(
        "acr.client",
        string="Client File",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        tracking=True,
    )
    partner_id = fields.Many2one(related="client_id.partner_id", store=True, index=True, string="Client")
    # Computed, not related: on a new quote it holds the current company, so
    # that the client field (check_company) offers that company's files.
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        precompute=True,
        index=True,
        required=True,
    )
    user_id = fields.Many2one(related="client_id.user_id", string="Responsible Accountant")
    plan_id = fields.Many2one(
        "acr.tariff.plan",
        required=True,
        check_company=True,
        default=lambda self: self._default_plan_id(),
        tracking=True,
    )
    currency_id = fields.Many2one(related="plan_id.currency_id", store=True)
    version = fields.Integer(readonly=True, copy=False, default=1)
    state = fields.Selection(
        [("draft", "Draft"), ("sent", "Sent"), ("accepted", "Accepted"), ("superseded", "Superseded")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    date_quote = fields.Date(string="Quote Date", default=fields.Date.context_today, copy=False)
    date_sent = fields.Datetime(string="Sent On", readonly=True, copy=False)
    date_accepted = fields.Datetime(string="Accepted On", readonly=True, copy=False)
    accepted_by_id = fields.Many2one("res.partner", readonly=True, copy=False)
    accepted_ip = fields.Char(string="Accepted From", readonly=True, copy=False)
    legal_form_id = fields.Many2one(
        "acr.legal.form",
    )
    tax_regime_id = fields.Many2one(
        "acr.tax.regime",
    )
    value_ids = fields.One2many("acr.tariff.quote.value", "quote_id", string="Parameters", copy=True)
    line_ids = fields.One2many("acr.tariff.quote.line", "quote_id", string="Breakdown", readonly=True)
    amount_fee = fields.Monetary(
        string="Monthly Fee", compute="_compute_amounts", store=True, aggregator="sum", tracking=True
    )
    amount_cost = fields.Monetary(
        groups="accounting_client_relations.group_acr_user",
        string="Monthly Cost",
        compute="_compute_amounts",
        store=True,
        aggregator="sum",
    )
    margin = fields.Monetary(
        groups="accounting_client_relations.group_acr_user",
        compute="_compute_amounts",
        store=True,
        aggregator="sum",
    )
    margin_percent = fields.Float(
        groups="accounting_client_relations.group_acr_user",
        string="Margin (%)",
        compute="_compute_amounts",
        store=True,
        aggregator="avg",
    )
    agreement_ids = fields.One2many("acr.agreement", "quote_id", string="Agreements")
    note = fields.Html(string="Terms", help="Shown to the client with the quote.")

    @api.depends("client_id.name", "version")
    def _compute_name(self):
        for quote in self:
            quote.name = self.env._(
                "%(client)s – quote v%(version)s", client=quote.client_id.name or "", version=quote.version
            )

    @api.depends("client_id.company_id")
    def _compute_company_id(self):
        for quote in self:
            quote.company_id = quote.client_id.company_id or quote.company_id or self.env.company

    @api.depends("line_ids.price_subtotal", "line_ids.cost_subtotal")
    def _compute_amounts(self):
        for quote in self:
            fee = sum(quote.line_ids.mapped("price_subtotal"))
            cost = sum(quote.line_ids.mapped("cost_subtotal"))
            quote.amount_fee = fee
            quote.amount_cost = cost
            quote.margin = fee - cost
            quote.margin_percent = 100.0 * (fee - cost) / fee if fee else 0.0

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for quote in self:
            quote.access_url = f"/my/quotes/{quote.id}"
        return res

    @api.onchange("client_id")
    def _onchange_client_id(self):
        if self.client_id:
            self.update(self._acr_prefill_vals(self.client_id, self.plan_id))

    @api.onchange("plan_id", "value_ids", "legal_form_id", "tax_regime_id")
    def _onchange_pricing(self):
        """Live breakdown in the calculator, before saving."""
        if self.state != "draft" or not self.plan_id:
            return
        lines = self.plan_id._acr_price_lines(self._acr_profile())
        self.line_ids = [fields.Command.clear()] + [fields.Command.create(vals) for vals in lines]

    @api.model_create_multi
    def create(self, vals_list):
        clients = self.env["acr.client"].browse([v["client_id"] for v in vals_list if v.get("client_id")])
        plans = self.env["acr.tariff.plan"].browse([v["plan_id"] for v in vals_list if v.get("plan_id")])
        # Records taken from the batch keep its prefetch: ``browse(id)`` in
        # the loop would read each client on its own (2 queries per quote).
        client_by_id = {client.id: client for client in clients}
        plan_by_id = {plan.id: plan for plan in plans}
        default_plan = self._default_plan_id()
        next_version = self._acr_next_versions(clients)
        parameter_cache = {}
        for vals in vals_list:
            client = client_by_id.get(vals.get("client_id"), self.env["acr.client"])
            plan = plan_by_id.get(vals.get("plan_id")) or default_plan
            # Given here, the field's default is not searched again per quote.
            vals.setdefault("plan_id", plan.id)
            if client:
                vals["version"] = next_version[client.id]
                next_version[client.id] += 1
                for fname, value in self._acr_prefill_vals(
                    client, plan, as_commands=True, cache=parameter_cache
                ).items():
                    vals.setdefault(fname, value)
        quotes = super().create(vals_list)
        quotes._acr_refresh_lines()
        return quotes

    def write(self, vals):
        pricing = PRICING_FIELDS & set(vals)
        if not pricing:
            return super().write(vals)
        self._acr_check_draft()
        if not self._acr_guard_open():
            self._acr_check_write(vals)
        # Checked: the parameter values written here refresh the lines once,
        # below, not one by one (see ``acr.tariff.quote.value``).
        with self._acr_transition():
            res = super().write(vals)
            self._acr_refresh_lines()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(quote.state != "draft" for quote in self):
            raise UserError(
                self.env._("Only draft quotes can be deleted: sent quotes are the client's history.")
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_send(self):
        self.ensure_one()
        self._acr_check_sendable()
        self._portal_ensure_token()
        template = self.env.ref("accounting_client_relations.mail_template_quote", raise_if_not_found=False)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send the Quote"),
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
                "acr_mark_quote_sent": True,
            },
        }

    def action_mark_sent(self):
        """Mark as sent without e-mail (handed over in a meeting)."""
        self._acr_check_sendable()
        self._acr_mark_sent()
        return True

    def action_mark_accepted(self):
        """Record an acceptance the firm received outside the portal."""
        for quote in self:
            quote._acr_accept(self.env.user.partner_id)
        return True

    def action_new_version(self):
        self.ensure_one()
        new = self.copy({"client_id": self.client_id.id})
        return new._acr_form_action()

    def action_create_agreement(self):
        self.ensure_one()
        if self.state != "accepted":
            raise UserError(self.env._("An engagement agreement is created from an accepted quote."))
        agreement = self.agreement_ids[:1] or self.env["acr.agreement"].create(
            self.env["acr.agreement"]._acr_vals_from_quote(self)
        )
        return agreement._acr_form_action()

    def action_view_price_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "accounting_client_relations.acr_tariff_quote_action_history"
        )
        action["domain"] = [("client_id", "=", self.client_id.id), ("state", "!=", "draft")]
        return action

    def message_post(self, **kwargs):
        if self.env.context.get("acr_mark_quote_sent"):
            self.filtered(lambda q: q.state == "draft")._acr_mark_sent()
        return super().message_post(**kwargs)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _acr_next_versions(self, clients):
        if not clients:
            return {}
        last = dict(
            self.sudo()
            .with_context(active_test=False)
            ._read_group([("client_id", "in", clients.ids)], ["client_id"], ["version:max"])
        )
        return {client.id: (last.get(client) or 0) + 1 for client in clients}

    @api.model
    def _acr_prefill_vals(self, client, plan, as_commands=False, cache=None):
        """Profile and parameter values of a new quote for ``client``.
        ``cache`` keeps the parameter list per company and plan across a
        batch: one search for the batch, not one per client."""
        cache = {} if cache is None else cache
        key = (client.company_id.id, plan.id)
        if key not in cache:
            parameters = self.env["acr.tariff.parameter"].search(
                [("company_id", "in", [False, client.company_id.id])]
            )
            if plan:
                used = plan.rule_ids.parameter_id
                parameters = parameters.filtered(lambda p: p in used) or parameters
            cache[key] = parameters
        parameters = cache[key]
        values = []
        for parameter in parameters:
            value = parameter._acr_profile_value(client)
            values.append(
                {
                    "parameter_id": parameter.id,
                    "value_int": int(value) if parameter.value_type == "integer" else 0,
                    "value_bool": bool(value) if parameter.value_type == "boolean" else False,
                }
            )
        commands = [fields.Command.clear()] if not as_commands else []
        return {
            "legal_form_id": client.legal_form_id.id,
            "tax_regime_id": client.tax_regime_id.id,
            "value_ids": commands + [fields.Command.create(v) for v in values],
        }

    def _acr_profile(self):
        """What the rules of a plan need to know about this quote."""
        self.ensure_one()
        values = {}
        vat_payer = None
        for value in self.value_ids:
            parameter = value.parameter_id
            values[parameter.id] = value.quantity
            if parameter.profile_field == "vat_payer":
                vat_payer = bool(value.quantity)
        if vat_payer is None:
            vat_payer = bool(self.client_id.vat_payer)
        return {
            "legal_form_id": self.legal_form_id.id,
            "tax_regime_id": self.tax_regime_id.id,
            "vat_payer": vat_payer,
            "values": values,
        }

    @api.model
    def _acr_refresh_lines(self):
        """Recompute the breakdown of the draft quotes of ``self`` in one
        batch: one delete and one create for every line of every quote."""
        drafts = self.filtered(lambda q: q.state == "draft" and q.plan_id)
        if not drafts:
            return
        drafts.line_ids.unlink()
        vals_list = []
        for quote in drafts:
            for vals in quote.plan_id._acr_price_lines(quote._acr_profile()):
                vals["quote_id"] = quote.id
                vals_list.append(vals)
        self.env["acr.tariff.quote.line"].create(vals_list)

    def _acr_check_draft(self):
        """Refuse a change to the pricing or the lines of a sent quote,
        whoever asks (the lines and parameter values call it too)."""
        frozen = self.filtered(lambda q: q.state != "draft")
        if frozen:
            raise UserError(
                self.env._(
                    "The quote %(quote)s has been sent and is frozen: create a new version to change it.",
                    quote=frozen[0].display_name,
                )
            )

    def _acr_frozen_message(self, fnames):
        return self.env._(
            "The quote %(quote)s has been sent and is frozen: create a new version to change it.",
            quote=self.display_name,
        )

    def _acr_check_sendable(self):
        for quote in self:
            if quote.state != "draft":
                raise UserError(self.env._("The quote %(quote)s was already sent.", quote=quote.display_name))
            if not quote.line_ids:
                raise UserError(self.env._("The quote %(quote)s has no price yet.", quote=quote.display_name))

    def _acr_ensure_tokens(self):
        """Give every record of ``self`` a portal token; the ORM flushes the
        new tokens in one batched UPDATE."""
        for record in self.filtered(lambda r: not r.access_token):
            record.access_token = str(uuid.uuid4())

    def _acr_mark_sent(self):
        self._acr_ensure_tokens()
        self._acr_transition_write({"state": "sent", "date_sent": fields.Datetime.now()})

    def _acr_accept(self, partner, ip_address=None):
        """Accept the quote for ``partner``: the other open quotes of the
        client are superseded, and the client moves to Contracting when its
        gate allows. Called from the portal (as superuser, after the access
        check) and from the back office."""
        self.ensure_one()
        if self.state != "sent":
            raise UserError(
                self.env._(
                    "Only a sent quote can be accepted; %(quote)s is not open.", quote=self.display_name
                )
            )
        self._acr_transition_write(
            {
                "state": "accepted",
                "date_accepted": fields.Datetime.now(),
                "accepted_by_id": partner.id,
                "accepted_ip": ip_address,
            }
        )
        others = self.search(
            [
                ("client_id", "=", self.client_id.id),
                ("id", "!=", self.id),
                ("state", "in", ("draft", "sent", "accepted")),
            ]
        )
        others.filtered(lambda q: q.state != "draft")._acr_transition_write({"state": "superseded"})
        self.message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "Accepted by %(name)s for a monthly fee of %(fee)s.",
                name=partner.name,
                fee=self.currency_id.format(self.amount_fee),
            ),
            subtype_xmlid="mail.mt_comment",
            author_id=partner.id,
        )
        self.client_id._acr_quote_accepted(self)
        return True
