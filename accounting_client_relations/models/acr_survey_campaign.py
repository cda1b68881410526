from odoo import api, fields, models
from odoo.exceptions import UserError


class AcrSurveyCampaign(models.Model):
    """Sends the expectation survey to the clients a filter picks: each
    contact gets a personal link (an Odoo ``survey.user_input`` with its
    access token), mailed from an editable template. The rules (cooldown,
    exclusions) are applied when the campaign is previewed and again when
    each batch is sent; a client already invited by the campaign is never
    invited twice."""

    _name = "acr.survey.campaign"
    _description = "Survey Campaign"
    _inherit = ["mail.thread", "acr.state.guard.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _acr_guarded_fields = ("state", "date_sent", "target_client_ids")
    _acr_frozen_fields = ("survey_id", "segment_ids", "user_ids", "active_only", "company_id", "deadline")

    def _default_survey(self):
        return self.env.ref("accounting_client_relations.survey_expectations", raise_if_not_found=False)

    name = fields.Char(required=True, default=lambda self: self.env._("Expectation survey"), tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    survey_id = fields.Many2one(
        "survey.survey", required=True, default=lambda self: self._default_survey(), ondelete="restrict"
    )
    state = fields.Selection(
        [("draft", "Draft"), ("sending", "Sending"), ("done", "Sent")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    segment_ids = fields.Many2many("acr.segment", string="Segments", help="Empty: every segment.")
    user_ids = fields.Many2many(
        "res.users",
        string="Accountants",
        domain="[('share', '=', False)]",
        help="Clients of these responsible accountants. Empty: every accountant.",
    )
    active_only = fields.Boolean(string="Active Clients Only", default=True)
    deadline = fields.Datetime(help="The links stop working after this date.")
    reward_note = fields.Text(
        default=lambda self: (
            self.env["ir.config_parameter"].sudo().get_param("acr.survey_reward_note") or False
        ),
        help="Shown in the invitation and on the portal, e.g. the small prize for answering.",
    )
    date_sent = fields.Datetime(readonly=True, copy=False)
    target_client_ids = fields.Many2many(
        "acr.client", "acr_survey_campaign_target_rel", "campaign_id", "client_id", readonly=True, copy=False
    )
    # Preview (draft) ---------------------------------------------------------
    match_count = fields.Integer(compute="_compute_preview", string="Matching Clients")
    send_count = fields.Integer(compute="_compute_preview", string="To Invite")
    skip_summary = fields.Text(compute="_compute_preview", string="Skipped")
    # Results -----------------------------------------------------------------
    invitation_ids = fields.One2many("survey.user_input", "acr_campaign_id", string="Invitations")
    invitation_count = fields.Integer(compute="_compute_results", string="Invitations Sent")
    answer_count = fields.Integer(compute="_compute_results", string="Answered")
    skipped_summary = fields.Text(readonly=True, copy=False, string="Skipped When Sent")

    def _acr_client_domain(self):
        self.ensure_one()
        domain = [("company_id", "=", self.company_id.id)]
        if self.segment_ids:
            domain.append(("segment_id", "in", self.segment_ids.ids))
        if self.user_ids:
            domain.append(("user_id", "in", self.user_ids.ids))
        if self.active_only:
            domain.append(("stage_id.marks_active", "=", True))
        return domain

    @api.model
    def _acr_classify(self, clients):
        """(to invite, {reason: count}) for ``clients``: the cooldown, the
        exclusion rules and the clients without an e-mail address."""
        skipped = {}
        cooldown = clients._acr_survey_in_cooldown()
        if cooldown:
            skipped[self.env._("surveyed within the cooldown")] = len(cooldown)
        rest = clients - cooldown
        excluded = rest._acr_survey_exclusions()
        for reason in excluded.values():
            skipped[reason] = skipped.get(reason, 0) + 1
        rest = rest.filtered(lambda c: c not in excluded)
        no_contact = rest.filtered(lambda c: not c._acr_survey_recipients())
        if no_contact:
            skipped[self.env._("no contact with an e-mail address")] = len(no_contact)
        return rest - no_contact, skipped

    @api.model
    def _acr_format_skips(self, skipped):
        return "\n".join(
            self.env._("%(count)s skipped: %(reason)s", count=count, reason=reason)
            for reason, count in sorted(skipped.items())
        )

    @api.depends("segment_ids", "user_ids", "active_only", "company_id", "state")
    def _compute_preview(self):
        for campaign in self:
            if campaign.state != "draft" or not campaign.company_id:
                campaign.match_count = campaign.send_count = 0
                campaign.skip_summary = False
                continue
            clients = self.env["acr.client"].search(campaign._acr_client_domain())
            to_send, skipped = self._acr_classify(clients)
            campaign.match_count = len(clients)
            campaign.send_count = len(to_send)
            campaign.skip_summary = self._acr_format_skips(skipped) or False

    def _compute_results(self):
        Answer = self.env["survey.user_input"].sudo()
        sent = dict(
            Answer._read_group([("acr_campaign_id", "in", self.ids)], ["acr_campaign_id"], ["__count"])
        )
        done = dict(
            Answer._read_group(
                [("acr_campaign_id", "in", self.ids), ("state", "=", "done")],
                ["acr_campaign_id"],
                ["__count"],
            )
        )
        for campaign in self:
            campaign.invitation_count = sent.get(campaign, 0)
            campaign.answer_count = done.get(campaign, 0)

    def action_send(self):
        """Freeze the list of clients and hand the sending to the scheduled
        job, which works in batches and reports its progress."""
        for campaign in self:
            if campaign.state != "draft":
                raise UserError(self.env._("Campaign %(name)s was already sent.", name=campaign.name))
            clients = self.env["acr.client"].search(campaign._acr_client_domain())
            to_send, skipped = self._acr_classify(clients)
            if not to_send:
                raise UserError(
                    self.env._("No client to invite.\n%(skips)s", skips=self._acr_format_skips(skipped))
                )
            campaign._acr_transition_write(
                {
                    "state": "sending",
                    "date_sent": fields.Datetime.now(),
                    "target_client_ids": [fields.Command.set(to_send.ids)],
                    "skipped_summary": self._acr_format_skips(skipped) or False,
                }
            )
        self.env.ref("accounting_client_relations.ir_cron_survey_campaigns").sudo()._trigger()
        return True

    def action_view_invitations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "accounting_client_relations.acr_survey_answer_action"
        )
        action["domain"] = [("acr_campaign_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------
    @api.model
    def _cron_send_campaigns(self, batch_size=500):
        for campaign in self.search([("state", "=", "sending")], order="id"):
            campaign._acr_send(batch_size=batch_size)

    def _acr_send(self, batch_size=500):
        """Invite the campaign's clients not invited yet, ``batch_size`` at
        a time (``acr.cron.batch``): the rules again, the answers created in
        one batch, the mails rendered and queued in one batch."""
        self.ensure_one()
        campaign = self.sudo()
        domain = [
            ("id", "in", campaign.target_client_ids.ids),
            ("survey_answer_ids", "not any", [("acr_campaign_id", "=", campaign.id)]),
        ]

        def process(batch):
            to_send, _skipped = self._acr_classify(batch)
            campaign._acr_invite(to_send)

        self.env["acr.cron.batch"]._acr_run_batches(
            self.env["acr.client"].sudo(), domain, process, batch_size=batch_size
        )
        campaign._acr_transition_write({"state": "done"})

    def _acr_invite(self, clients):
        """One answer (Odoo's survey invitation, with its token) per contact
        of ``clients``, created in one batch as ``survey._create_answer``
        would for each, then one mail each."""
        self.ensure_one()
        if not clients:
            return self.env["survey.user_input"]
        survey = self.survey_id
        Answer = self.env["survey.user_input"].sudo()
        vals_list = []
        for client in clients:
            for partner in client._acr_survey_recipients():
                vals_list.append(
                    {
                        "survey_id": survey.id,
                        "partner_id": partner.id,
                        "email": partner.email,
                        "nickname": partner.name,
                        "invite_token": Answer._generate_invite_token(),
                        "deadline": self.deadline,
                        "acr_client_id": client.id,
                        "acr_campaign_id": self.id,
                        "acr_user_id": client.user_id.id,
                        "acr_segment_id": client.segment_id.id,
                    }
                )
        # No chatter on the invitations themselves (Odoo would subscribe and
        # log one by one): the mail below is the record of the invitation.
        answers = Answer.with_context(tracking_disable=True).create(vals_list)
        template = self.env.ref("accounting_client_relations.mail_template_survey_invitation")
        self.env["acr.mail.bulk"]._acr_queue_mails(
            template,
            answers,
            recipients={answer.id: answer.partner_id for answer in answers},
            documents={answer.id: answer.acr_client_id for answer in answers},
        )
        return answers
