from dateutil.relativedelta import relativedelta

from odoo import fields, models


class AcrClient(models.Model):
    """The client file's side of the expectation surveys: results, the risk
    flag and the rules that keep a client out of a campaign."""

    _inherit = "acr.client"

    survey_answer_ids = fields.One2many(
        "survey.user_input",
        "acr_client_id",
        string="Survey Answers",
        groups="accounting_client_relations.group_acr_user",
    )
    survey_answer_count = fields.Integer(
        compute="_compute_survey_results",
        string="Answers",
        groups="accounting_client_relations.group_acr_user",
    )
    survey_last_date = fields.Datetime(
        compute="_compute_survey_results",
        string="Last Survey Answer",
        groups="accounting_client_relations.group_acr_user",
    )
    survey_last_score = fields.Integer(
        compute="_compute_survey_results",
        string="Last Recommendation Score",
        groups="accounting_client_relations.group_acr_user",
        help="The 0-10 score of the last answered survey (NPS question).",
    )
    survey_last_category = fields.Selection(
        [("promoter", "Promoter"), ("passive", "Passive"), ("detractor", "Detractor")],
        compute="_compute_survey_results",
        string="NPS Category",
        groups="accounting_client_relations.group_acr_user",
    )
    expectation_risk = fields.Boolean(
        readonly=True,
        copy=False,
        tracking=True,
        groups="accounting_client_relations.group_acr_user",
        help="The client said the service was not what they expected and did not value services the "
        "agreement includes. Cleared by hand once discussed.",
    )
    expectation_gap_ids = fields.One2many(
        "acr.expectation.gap",
        "client_id",
        string="Expectation Gaps",
        groups="accounting_client_relations.group_acr_user",
    )
    fee_dispute = fields.Boolean(
        tracking=True,
        copy=False,
        groups="accounting_client_relations.group_acr_user",
        help="The client disputes the firm's fees: no satisfaction survey is sent meanwhile.",
    )

    def _compute_survey_results(self):
        Answer = self.env["survey.user_input"].sudo()
        done = (
            Answer.search_fetch(
                [("acr_client_id", "in", self.ids), ("state", "=", "done"), ("test_entry", "=", False)],
                ["acr_client_id", "end_datetime", "acr_nps_score", "acr_nps_category"],
                order="end_datetime desc, id desc",
            )
            if self.ids
            else Answer
        )
        last, counts = {}, {}
        for answer in done:
            last.setdefault(answer.acr_client_id.id, answer)
            counts[answer.acr_client_id.id] = counts.get(answer.acr_client_id.id, 0) + 1
        for client in self:
            answer = last.get(client.id)
            client.survey_answer_count = counts.get(client.id, 0)
            client.survey_last_date = answer.end_datetime if answer else False
            client.survey_last_score = answer.acr_nps_score if answer else 0
            client.survey_last_category = answer.acr_nps_category if answer else False

    def action_view_survey_answers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "accounting_client_relations.acr_survey_answer_action"
        )
        action["domain"] = [("acr_client_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_clear_expectation_risk(self):
        self.sudo().write({"expectation_risk": False})

    # ------------------------------------------------------------------
    # Campaign rules
    # ------------------------------------------------------------------
    def _acr_survey_cooldown_days(self):
        return int(self.env["ir.config_parameter"].sudo().get_param("acr.survey_cooldown_days", 90) or 0)

    def _acr_survey_in_cooldown(self):
        """The clients of ``self`` invited to a survey within the cooldown:
        one grouped query."""
        days = self._acr_survey_cooldown_days()
        if not days or not self.ids:
            return self.browse()
        since = fields.Datetime.now() - relativedelta(days=days)
        groups = (
            self.env["survey.user_input"]
            .sudo()
            ._read_group(
                [("acr_client_id", "in", self.ids), ("create_date", ">=", since), ("test_entry", "=", False)],
                ["acr_client_id"],
            )
        )
        return self.browse([client.id for (client,) in groups])

    def _acr_survey_excluded_reason(self):
        """Why this client must not get a survey now, or False.

        Extension point: a module that knows of another reason (overdue
        documents past their last reminder, say) overrides this method and
        returns its own reason when ``super()`` returns False. It runs for
        each client of a campaign: read what it needs in batch in
        ``_acr_survey_exclusions`` (the ORM prefetches stored fields)."""
        self.ensure_one()
        params = self.env["ir.config_parameter"].sudo()
        if self.sudo().fee_dispute and params.get_param("acr.survey_skip_fee_dispute", "True") != "False":
            return self.env._("fee dispute")
        late = self.env.context.get("acr_survey_late_documents")
        if late is not None and self.id in late:
            return self.env._("overdue documents")
        return False

    def _acr_survey_exclusions(self):
        """{client: reason} for the clients of ``self`` that the rules keep
        out of a survey (fee dispute, overdue documents, whatever an
        extension adds), computed for the whole batch."""
        params = self.env["ir.config_parameter"].sudo()
        late = set()
        if self.ids and params.get_param("acr.survey_skip_overdue_documents", "True") != "False":
            groups = (
                self.env["acr.deadline"]
                .sudo()
                ._read_group(
                    [
                        ("client_id", "in", self.ids),
                        ("kind", "=", "client_documents"),
                        ("state", "=", "todo"),
                        ("date_due", "<", fields.Date.context_today(self)),
                    ],
                    ["client_id"],
                )
            )
            late = {client.id for (client,) in groups}
        clients = self.with_context(acr_survey_late_documents=late)
        result = {}
        for client in clients:
            reason = client._acr_survey_excluded_reason()
            if reason:
                result[self.browse(client.id)] = reason
        return result

    def _acr_survey_recipients(self):
        """{client: contacts} who get a personal link: the client's contact
        persons with an e-mail address, else the client itself."""
        self.ensure_one()
        partner = self.partner_id
        contacts = partner.child_ids.filtered(lambda p: p.email and p.type == "contact" and p.active)
        return contacts or (partner if partner.email else partner.browse())
