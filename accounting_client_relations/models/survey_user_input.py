from collections import defaultdict
from datetime import datetime, time, timedelta

from markupsafe import Markup

from odoo import api, fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    acr_client_id = fields.Many2one(
        "acr.client",
        string="Client File",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        help="The client file this invitation was sent for; answers are compared with its agreement.",
    )
    acr_company_id = fields.Many2one(related="acr_client_id.company_id", store=True, string="Client Company")
    acr_campaign_id = fields.Many2one(
        "acr.survey.campaign", string="Campaign", index="btree_not_null", ondelete="set null", readonly=True
    )
    # Who served the client and in which segment, when it was invited: the
    # report groups by them over time.
    acr_user_id = fields.Many2one("res.users", string="Responsible Accountant", readonly=True)
    acr_segment_id = fields.Many2one("acr.segment", string="Segment", readonly=True)
    acr_checked = fields.Boolean(
        string="Expectations Checked", readonly=True, copy=False, help="The expectation gap was computed."
    )
    acr_nps_score = fields.Integer(string="Recommendation Score", readonly=True, aggregator="avg")
    acr_nps_category = fields.Selection(
        [("promoter", "Promoter"), ("passive", "Passive"), ("detractor", "Detractor")],
        string="NPS Category",
        readonly=True,
    )
    acr_nps = fields.Integer(
        string="NPS",
        readonly=True,
        aggregator="avg",
        help="100 for a promoter (9-10), 0 for a passive (7-8), -100 for a detractor (0-6): its average "
        "over a group of answers is the Net Promoter Score.",
    )

    def _mark_done(self):
        res = super()._mark_done()
        self.filtered(
            lambda a: a.acr_client_id and not a.test_entry and not a.acr_checked
        )._acr_check_expectations()
        return res

    # ------------------------------------------------------------------
    # The expectation gap
    # ------------------------------------------------------------------
    def _acr_read_answers(self):
        """{answer: {"expected": key, "impression": services, "expects":
        services, "recommend": key, "score": int or None}} in one read of the
        answer lines of the whole batch."""
        result = {answer: {"impression": set(), "expects": set()} for answer in self}
        lines = (
            self.env["survey.user_input.line"]
            .sudo()
            .search_fetch(
                [
                    ("user_input_id", "in", self.ids),
                    ("question_id.acr_role", "!=", False),
                    ("skipped", "=", False),
                ],
                ["user_input_id", "question_id", "suggested_answer_id", "answer_type", "value_scale"],
            )
        )
        for line in lines:
            answers = result[line.user_input_id]
            role = line.question_id.acr_role
            if role in ("impression", "expects"):
                if line.suggested_answer_id.acr_service_id:
                    answers[role].add(line.suggested_answer_id.acr_service_id)
            elif role in ("expected", "recommend"):
                answers[role] = line.suggested_answer_id.acr_key
            elif role == "score" and line.answer_type == "scale":
                answers["score"] = line.value_scale
        return result

    @api.model
    def _acr_nps_category(self, score):
        if score is None:
            return False
        return "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"

    def _acr_check_expectations(self):
        """Compare the answers of ``self`` (done, linked to a client file)
        with their clients' running agreements, once:

        - services ticked as expected (question 4) that the agreement excludes
          or does not list: one activity for the responsible accountant;
        - included services never ticked as impressive (question 2) with a
          "no" to question 1: the client file's risk flag;
        - a score of 0-6 or "would not recommend": one activity for the
          coordinator, due the next working day.

        Works on the whole batch with a fixed number of queries. An open
        activity of the same kind on the client file is not doubled."""
        answers = self.sudo().browse(self.ids)  # prefetch the whole batch
        answers = answers.filtered(lambda a: not a.acr_checked)
        if not answers:
            return self.env["acr.expectation.gap"]
        read = answers._acr_read_answers()
        clients = answers.acr_client_id
        # Odoo names each activity's document one record at a time: read the
        # names of the whole batch first.
        clients.mapped("display_name")
        agreements = clients._acr_signed_agreements()
        gap_vals = []
        expects_more = defaultdict(dict)  # client: {service: kind}
        detractors = {}  # client: score or None
        at_risk = set()
        by_score = defaultdict(list)
        for answer in answers:
            client = answer.acr_client_id
            agreement = agreements.get(client.id)
            data = read[answer]
            score = data.get("score")
            by_score[score].append(answer.id)
            base = {
                "user_input_id": answer.id,
                "client_id": client.id,
                "company_id": client.company_id.id,
                "agreement_id": agreement.id if agreement else False,
                "date": (answer.end_datetime or fields.Datetime.now()).date(),
                "segment_id": (answer.acr_segment_id or client.segment_id).id,
                "user_id": (answer.acr_user_id or client.user_id).id,
            }
            if agreement:
                included = set(agreement.included_service_ids)
                excluded = set(agreement.excluded_service_ids)
                for service in sorted(data["expects"] - included, key=lambda s: (s.sequence, s.id)):
                    kind = "expects_excluded" if service in excluded else "expects_absent"
                    expects_more[client][service] = kind
                    gap_vals.append({**base, "service_id": service.id, "kind": kind})
                if data.get("expected") == "no":
                    for service in sorted(included - data["impression"], key=lambda s: (s.sequence, s.id)):
                        at_risk.add(client)
                        gap_vals.append({**base, "service_id": service.id, "kind": "values_less"})
            if self._acr_nps_category(score) == "detractor" or data.get("recommend") == "no":
                detractors[client] = score
                gap_vals.append({**base, "kind": "detractor"})
        # Scores: one write per score value (at most twelve), not per answer.
        for score, ids in by_score.items():
            category = self._acr_nps_category(score)
            answers.browse(ids).with_context(tracking_disable=True).write(
                {
                    "acr_checked": True,
                    "acr_nps_score": score or 0,
                    "acr_nps_category": category,
                    "acr_nps": {"promoter": 100, "passive": 0, "detractor": -100}.get(category, 0),
                }
            )
        gaps = self.env["acr.expectation.gap"].sudo().create(gap_vals)
        risky = clients.filtered(lambda c: c in at_risk and not c.expectation_risk)
        if risky:
            # One batch of chatter notes, not a tracking message per client.
            risky.sudo().with_context(tracking_disable=True).write({"expectation_risk": True})
            risky.sudo()._message_log_batch(
                bodies={
                    client.id: Markup("<p>%s</p>")
                    % self.env._(
                        "Expectation risk: the client answered that the service is not what they "
                        "expected and did not pick services the agreement includes."
                    )
                    for client in risky
                }
            )
        self._acr_schedule_gap_activities(expects_more, agreements)
        self._acr_schedule_detractor_activities(detractors)
        return gaps

    @api.model
    def _acr_open_activity_clients(self, clients, activity_type):
        if not clients:
            return set()
        groups = (
            self.env["mail.activity"]
            .sudo()
            ._read_group(
                [
                    ("res_model", "=", "acr.client"),
                    ("res_id", "in", [client.id for client in clients]),
                    ("activity_type_id", "=", activity_type.id),
                ],
                ["res_id"],
            )
        )
        return {res_id for (res_id,) in groups}

    @api.model
    def _acr_schedule_gap_activities(self, expects_more, agreements):
        activity_type = self.env.ref("accounting_client_relations.mail_activity_type_expectation_gap")
        already = self._acr_open_activity_clients(list(expects_more), activity_type)
        targets = [client for client in expects_more if client.id not in already and client.user_id]
        if not targets:
            return
        values_by_id = {}
        for client in targets:
            env = self.with_context(lang=client.user_id.lang or self.env.lang).env
            services = expects_more[client]
            agreement = agreements[client.id]
            expected = ", ".join(service.with_env(env).name for service in services)
            excluded = [s.with_env(env).name for s, kind in services.items() if kind == "expects_excluded"]
            absent = [s.with_env(env).name for s, kind in services.items() if kind == "expects_absent"]
            lines = Markup()
            if excluded:
                lines += Markup("<li>%s</li>") % env._(
                    "The agreement excludes: %(services)s", services=", ".join(excluded)
                )
            if absent:
                lines += Markup("<li>%s</li>") % env._(
                    "The agreement does not mention: %(services)s", services=", ".join(absent)
                )
            scope = Markup("<p><strong>%s</strong> %s</p><p><strong>%s</strong> %s</p>") % (
                env._("Agreement %(name)s includes:", name=agreement.name),
                ", ".join(agreement.included_service_ids.with_env(env).mapped("name")) or "-",
                env._("It excludes:"),
                ", ".join(agreement.excluded_service_ids.with_env(env).mapped("name")) or "-",
            )
            values_by_id[client.id] = {
                "user_id": client.user_id.id,
                "summary": env._("Talk about scope: the client expects %(services)s", services=expected),
                "note": Markup("<ul>%s</ul>%s") % (lines, scope),
            }
        self.env["acr.activity.bulk"].sudo()._acr_schedule(
            self.env["acr.client"].browse([client.id for client in targets]),
            activity_type,
            values_by_id=values_by_id,
        )

    @api.model
    def _acr_next_working_day(self, company):
        """The next working day after today in the company's calendar."""
        tomorrow = datetime.combine(fields.Date.context_today(self) + timedelta(days=1), time.min)
        calendar = company.resource_calendar_id
        planned = calendar.plan_days(1, tomorrow, compute_leaves=True) if calendar else None
        return (planned or tomorrow).date()

    @api.model
    def _acr_schedule_detractor_activities(self, detractors):
        activity_type = self.env.ref("accounting_client_relations.mail_activity_type_detractor")
        already = self._acr_open_activity_clients(list(detractors), activity_type)
        targets = [c for c in detractors if c.id not in already and (c.coordinator_id or c.user_id)]
        if not targets:
            return
        due = {company: self._acr_next_working_day(company) for company in {c.company_id for c in targets}}
        values_by_id = {}
        for client in targets:
            user = client.coordinator_id or client.user_id
            env = self.with_context(lang=user.lang or self.env.lang).env
            score = detractors[client]
            values_by_id[client.id] = {
                "user_id": user.id,
                "date_deadline": due[client.company_id],
                "summary": (
                    env._("Detractor: call the client (score %(score)s/10)", score=score)
                    if score is not None
                    else env._("Detractor: call the client (would not recommend us)")
                ),
            }
        self.env["acr.activity.bulk"].sudo()._acr_schedule(
            self.env["acr.client"].browse([client.id for client in targets]),
            activity_type,
            values_by_id=values_by_id,
        )

    # ------------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------------
    @api.model
    def _acr_portal_open_invitations(self):
        """The current user's own open invitations to a client survey,
        sudo'd: found from the session's partner and its company's client
        file only, never from request input."""
        partner = self.env.user.partner_id
        if self.env.user._is_public():
            return self.sudo().browse()
        return self.sudo().search(
            [
                ("partner_id", "=", partner.id),
                ("acr_client_id.partner_id", "=", partner.commercial_partner_id.id),
                ("state", "!=", "done"),
                ("test_entry", "=", False),
                ("survey_id.active", "=", True),
                "|",
                ("deadline", "=", False),
                ("deadline", ">", fields.Datetime.now()),
            ],
            order="create_date desc, id desc",
        )
