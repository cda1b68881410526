from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import AcrCase


class AcrSurveyCase(AcrCase):
    """The shipped expectation survey, two active clients with a contact and
    a portal user each, and an agreement that excludes tax planning."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.survey = ref("accounting_client_relations.survey_expectations")
        cls.q_expected = ref("accounting_client_relations.survey_question_expected")
        cls.q_impression = ref("accounting_client_relations.survey_question_impression")
        cls.q_expects = ref("accounting_client_relations.survey_question_expects")
        cls.q_recommend = ref("accounting_client_relations.survey_question_recommend")
        cls.q_score = ref("accounting_client_relations.survey_question_score")
        cls.bookkeeping = ref("accounting_client_relations.service_bookkeeping")
        cls.vat = ref("accounting_client_relations.service_vat")
        cls.tax_planning = ref("accounting_client_relations.service_tax_planning")
        cls.advice = ref("accounting_client_relations.service_business_advice")
        cls.gap_type = ref("accounting_client_relations.mail_activity_type_expectation_gap")
        cls.detractor_type = ref("accounting_client_relations.mail_activity_type_detractor")
        cls.client_a = cls._survey_client("Alpha Bakery")
        cls.client_b = cls._survey_client("Beta Garage")
        cls._portal_contacts("acr_sv_portal")

    @classmethod
    def _survey_client(cls, name):
        client = cls._create_clients(1, name, stage_id=cls.stage_onboarding.id)
        cls._countersigned_agreements(
            client,
            included_service_ids=[Command.set((cls.bookkeeping | cls.vat).ids)],
            excluded_service_ids=[Command.set(cls.tax_planning.ids)],
        )
        client.write({"stage_id": cls.stage_active.id})
        return client

    def _invite(self, client, contact):
        return self.survey._create_answer(partner=contact, check_attempts=False, acr_client_id=client.id)

    def _choice(self, question, key):
        return question.suggested_answer_ids.filtered(lambda a: a.acr_key == key)

    def _services(self, question, services):
        return question.suggested_answer_ids.filtered(lambda a: a.acr_service_id in services)

    def _answer(
        self, client=None, contact=None, expected="yes", impression=(), expects=(), recommend="yes", score=9
    ):
        """An invitation answered and submitted as the survey controller does."""
        client = client or self.client_a
        answer = self._invite(client, contact or self.contact_a)
        answer._save_lines(self.q_expected, self._choice(self.q_expected, expected).id)
        impression_ids = self._services(self.q_impression, self.env["acr.service"].union(*impression)).ids
        answer._save_lines(self.q_impression, impression_ids)
        answer._save_lines(
            self.q_expects, self._services(self.q_expects, self.env["acr.service"].union(*expects)).ids
        )
        answer._save_lines(self.q_recommend, self._choice(self.q_recommend, recommend).id)
        answer._save_lines(self.q_score, str(score))
        answer.sudo()._mark_done()
        return answer

    def _activities(self, client, activity_type):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "acr.client"),
                ("res_id", "=", client.id),
                ("activity_type_id", "=", activity_type.id),
            ]
        )


class TestExpectationGap(AcrSurveyCase):
    def test_catalogue_questions_offer_every_service(self):
        services = self.env["acr.service"].search([])
        self.assertEqual(self.q_expects.suggested_answer_ids.acr_service_id, services)
        self.assertEqual(self.q_impression.suggested_answer_ids.acr_service_id, services)
        new = self.env["acr.service"].create({"name": "Grant applications"})
        self.assertIn(new, self.q_expects.suggested_answer_ids.acr_service_id)
        self.assertIn(new, self.q_impression.suggested_answer_ids.acr_service_id)
        new.name = "Subsidy applications"
        answer = self.q_expects.suggested_answer_ids.filtered(lambda a: a.acr_service_id == new)
        self.assertEqual(answer.value, "Subsidy applications")
        # Archived: withdrawn, unless a past answer points to it.
        ticked = self._answer(expects=[self.advice])
        (new | self.advice).active = False
        self.assertNotIn(new, self.q_expects.suggested_answer_ids.acr_service_id)
        self.assertIn(self.advice, self.q_expects.suggested_answer_ids.acr_service_id)
        self.assertTrue(ticked.user_input_line_ids.suggested_answer_id.filtered("acr_service_id"))

    def test_tax_planning_expected_but_excluded_gives_one_activity(self):
        answer = self._answer(expects=[self.bookkeeping, self.tax_planning])
        activities = self._activities(self.client_a, self.gap_type)
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.accountant)
        self.assertIn("Tax planning", activities.summary)
        self.assertNotIn("Monthly bookkeeping", activities.summary)
        self.assertIn("excludes", str(activities.note))
        gaps = self.env["acr.expectation.gap"].search([("client_id", "=", self.client_a.id)])
        self.assertEqual(gaps.mapped("kind"), ["expects_excluded"])
        self.assertEqual(gaps.service_id, self.tax_planning)
        self.assertEqual(gaps.segment_id, self.segment)
        # Nothing twice: the same answer again, and a second contact's answer.
        answer._acr_check_expectations()
        answer.sudo()._mark_done()
        other = self.env["res.partner"].create(
            {
                "name": "Alan Alpha",
                "parent_id": self.client_a.partner_id.id,
                "email": "alan@alpha.example.com",
            }
        )
        self._answer(contact=other, expects=[self.tax_planning])
        self.assertEqual(len(self._activities(self.client_a, self.gap_type)), 1)
        self.assertEqual(self.env["acr.expectation.gap"].search_count([("user_input_id", "=", answer.id)]), 1)

    def test_service_absent_from_agreement_is_a_gap(self):
        self._answer(expects=[self.advice])
        gaps = self.env["acr.expectation.gap"].search([("client_id", "=", self.client_a.id)])
        self.assertEqual(gaps.kind, "expects_absent")
        self.assertIn("Business advice", self._activities(self.client_a, self.gap_type).summary)

    def test_expectations_inside_the_agreement_give_nothing(self):
        self._answer(impression=[self.bookkeeping], expects=[self.bookkeeping, self.vat])
        self.assertFalse(self._activities(self.client_a, self.gap_type))
        self.assertFalse(self._activities(self.client_a, self.detractor_type))
        self.assertFalse(self.env["acr.expectation.gap"].search([("client_id", "=", self.client_a.id)]))
        self.assertFalse(self.client_a.expectation_risk)

    def test_values_less_than_delivered_flags_the_risk(self):
        self._answer(expected="yes", impression=[])
        self.assertFalse(self.client_a.expectation_risk)
        self._answer(expected="no", impression=[self.vat])
        self.assertTrue(self.client_a.expectation_risk)
        gaps = self.env["acr.expectation.gap"].search(
            [("client_id", "=", self.client_a.id), ("kind", "=", "values_less")]
        )
        self.assertEqual(gaps.service_id, self.bookkeeping)

    @freeze_time("2026-11-27 15:00:00")  # a Friday
    def test_detractor_gets_a_coordinator_activity_next_working_day(self):
        answer = self._answer(score=5)
        self.assertEqual(answer.acr_nps_category, "detractor")
        self.assertEqual(answer.acr_nps, -100)
        activity = self._activities(self.client_a, self.detractor_type)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.coordinator)
        self.assertEqual(activity.date_deadline, fields.Date.to_date("2026-11-30"))  # Monday
        self.assertIn("5/10", activity.summary)
        # Nothing twice while it is open.
        self._answer(score=2)
        self.assertEqual(len(self._activities(self.client_a, self.detractor_type)), 1)

    def test_would_not_recommend_is_a_detractor_whatever_the_score(self):
        self._answer(score=8, recommend="no")
        self.assertEqual(len(self._activities(self.client_a, self.detractor_type)), 1)

    def test_promoter_and_results_on_the_client_file(self):
        answer = self._answer(score=10)
        self.assertEqual((answer.acr_nps_category, answer.acr_nps), ("promoter", 100))
        self.assertFalse(self._activities(self.client_a, self.detractor_type))
        client = self.client_a.with_user(self.accountant)
        self.assertEqual(client.survey_answer_count, 1)
        self.assertEqual(client.survey_last_score, 10)
        self.assertEqual(client.survey_last_date, answer.end_datetime)

    def _done_answers(self, count, prefix):
        answers = self.env["survey.user_input"]
        for i in range(count):
            client = self._survey_client(f"{prefix} {i}")
            contact = self.env["res.partner"].create(
                {
                    "name": f"Owner {prefix} {i}",
                    "parent_id": client.partner_id.id,
                    "email": f"o{i}@{prefix}.example.com",
                }
            )
            answer = self._invite(client, contact)
            answer._save_lines(self.q_expected, self._choice(self.q_expected, "no").id)
            answer._save_lines(self.q_expects, self._services(self.q_expects, self.tax_planning).ids)
            answer._save_lines(self.q_score, str(i % 3))
            answer.write({"state": "done", "end_datetime": fields.Datetime.now()})
            answers |= answer
        return answers

    def _count_queries(self, answers):
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        answers.sudo()._acr_check_expectations()
        return self.cr.sql_log_count - before

    def test_gap_computation_is_batched(self):
        """The same number of queries for 3 answers as for 12."""
        self._count_queries(self._done_answers(1, "warm"))  # the registry's caches
        small = self._done_answers(3, "small")
        large = self._done_answers(12, "large")
        self.assertEqual(self._count_queries(small), self._count_queries(large))
        for client in large.acr_client_id:
            self.assertEqual(len(self._activities(client, self.gap_type)), 1)
            self.assertTrue(client.expectation_risk)
        self.assertEqual(
            len(self.env["acr.expectation.gap"].search([("user_input_id", "in", large.ids)])), 12 * 4
        )


class TestSurveyCampaign(AcrSurveyCase):
    def _campaign(self, **vals):
        # Only the test's clients (the accountant's), whatever data the database holds.
        vals.setdefault("user_ids", [Command.set(self.accountant.ids)])
        return (
            self.env["acr.survey.campaign"].with_user(self.manager).create({"name": "Test campaign", **vals})
        )

    def test_preview_counts_skips_and_reasons(self):
        disputed = self._survey_client("Gamma Disputes")
        disputed.fee_dispute = True
        self._invite(self.client_b, self.contact_b)  # invited just now: inside the cooldown
        lost = self._create_clients(1, "Delta Lost")
        campaign = self._campaign()
        self.assertEqual(campaign.match_count, 3)  # the lost prospect is not active
        self.assertEqual(campaign.send_count, 1)
        self.assertIn("1 skipped: surveyed within the cooldown", campaign.skip_summary)
        self.assertIn("1 skipped: fee dispute", campaign.skip_summary)
        self.assertNotIn(lost.name, campaign.skip_summary)
        segment_key = self.env.ref("accounting_client_relations.segment_key")
        segmented = self._campaign(segment_ids=[Command.set(segment_key.ids)])
        self.assertEqual(segmented.match_count, 0)
        self.client_a.segment_id = segment_key
        segmented.invalidate_recordset()
        self.assertEqual((segmented.match_count, segmented.send_count), (1, 1))
        by_accountant = self._campaign(user_ids=[Command.set(self.accountant_2.ids)])
        self.assertEqual(by_accountant.match_count, 0)

    def test_send_invites_each_contact_once(self):
        second = self.env["res.partner"].create(
            {
                "name": "Alan Alpha",
                "parent_id": self.client_a.partner_id.id,
                "email": "alan@alpha.example.com",
            }
        )
        campaign = self._campaign(reward_note="A dinner for two is drawn among the answers.")
        self.assertEqual(campaign.send_count, 2)
        campaign.action_send()
        self.assertEqual(campaign.state, "sending")
        Mail = self.env["mail.mail"].sudo()
        mails_before = Mail.search_count([])
        self.env["acr.survey.campaign"]._cron_send_campaigns(batch_size=1)
        self.assertEqual(campaign.state, "done")
        invitations = campaign.invitation_ids
        self.assertEqual(invitations.partner_id, self.contact_a | second | self.contact_b)
        self.assertEqual(invitations.acr_client_id, self.client_a | self.client_b)
        self.assertTrue(all(invitations.mapped("access_token")))
        self.assertEqual(Mail.search_count([]) - mails_before, 3)
        mail = Mail.search([("recipient_ids", "in", self.contact_a.ids)], order="id desc", limit=1)
        self.assertIn(
            invitations.filtered(lambda i: i.partner_id == self.contact_a).access_token, mail.body_html
        )
        self.assertIn("dinner for two", mail.body_html)
        # Idempotent: sending again, or the job again, adds nothing.
        with self.assertRaises(UserError):
            campaign.action_send()
        campaign._acr_send()
        self.assertEqual(len(campaign.invitation_ids), 3)
        # And the cooldown keeps the clients out of the next campaign.
        with self.assertRaises(UserError):
            self._campaign().action_send()

    def test_cooldown_ends(self):
        old = self._invite(self.client_a, self.contact_a)
        recent = self._invite(self.client_b, self.contact_b)
        for answer, days in ((old, 91), (recent, 30)):
            self.env.cr.execute(
                "UPDATE survey_user_input SET create_date = %s WHERE id = %s",
                (datetime.now() - timedelta(days=days), answer.id),
            )
        self.env.invalidate_all()
        campaign = self._campaign()
        self.assertEqual(campaign.send_count, 1)
        self.env["ir.config_parameter"].sudo().set_param("acr.survey_cooldown_days", 20)
        campaign.invalidate_recordset(["send_count"])
        self.assertEqual(
            campaign._acr_classify(self.client_a | self.client_b)[0], self.client_a | self.client_b
        )

    def test_exclusion_hook_and_late_documents(self):
        template = self.env["acr.deadline.template"].create(
            {"name": "Monthly documents", "kind": "client_documents", "due_months": 1, "due_day": 5}
        )
        today = fields.Date.context_today(self.env.user)
        self.env["acr.deadline"].create(
            {
                "client_id": self.client_b.id,
                "template_id": template.id,
                "period_start": today - timedelta(days=60),
                "period_end": today - timedelta(days=30),
                "period_label": "late",
                "date_due": today - timedelta(days=3),
                "role": "user_id",
                "user_id": self.accountant.id,
            }
        )
        clients = self.client_a | self.client_b
        self.assertEqual(clients._acr_survey_exclusions(), {self.client_b: "overdue documents"})
        self.assertFalse(self.client_a._acr_survey_excluded_reason())
        self.env["ir.config_parameter"].sudo().set_param("acr.survey_skip_overdue_documents", "False")
        self.assertEqual(clients._acr_survey_exclusions(), {})

    def test_campaign_terms_are_frozen_once_sent(self):
        campaign = self._campaign()
        campaign.action_send()
        with self.assertRaises(UserError):
            campaign.write({"segment_ids": [Command.set(self.segment.ids)]})
        with self.assertRaises(UserError):
            campaign.write({"state": "draft"})


class TestSurveyAccess(AcrSurveyCase):
    def test_portal_users_never_read_answers_or_gaps(self):
        answer_a = self._answer(expects=[self.tax_planning], score=3)
        answer_b = self._answer(client=self.client_b, contact=self.contact_b, expects=[self.tax_planning])
        gap_b = self.env["acr.expectation.gap"].search([("client_id", "=", self.client_b.id)], limit=1)
        for user in (self.portal_a, self.portal_b):
            for record in (answer_a, answer_b, gap_b, answer_b.user_input_line_ids[:1]):
                with self.assertRaises(AccessError), mute_logger("odoo.access"):
                    record.with_user(user).read(["id"])
        # An accountant outside the client's team does not see them either.
        with self.assertRaises(AccessError), mute_logger("odoo.access"):
            answer_b.with_user(self.accountant_2).read(["acr_nps_score"])
        self.assertEqual(answer_b.with_user(self.accountant).acr_client_id, self.client_b)
        self.assertEqual(gap_b.with_user(self.manager).client_id, self.client_b)

    def test_portal_invitations_are_the_users_own(self):
        invite_a = self._invite(self.client_a, self.contact_a)
        invite_b = self._invite(self.client_b, self.contact_b)
        own = self.env["survey.user_input"].with_user(self.portal_a)._acr_portal_open_invitations()
        self.assertEqual(own, invite_a)
        invite_a.sudo()._mark_done()
        self.assertFalse(
            self.env["survey.user_input"].with_user(self.portal_a)._acr_portal_open_invitations()
        )
        self.assertEqual(
            self.env["survey.user_input"].with_user(self.portal_b)._acr_portal_open_invitations(), invite_b
        )


@tagged("post_install", "-at_install")
class TestSurveyPortal(HttpCase, AcrSurveyCase):
    def test_opinion_page_lists_only_own_links(self):
        invite_a = self._invite(self.client_a, self.contact_a)
        invite_b = self._invite(self.client_b, self.contact_b)
        self.authenticate(self.portal_a.login, self.portal_a.login)
        self.url_open("/my/opinion")  # warm the caches
        start = self.cr.sql_log_count
        page = self.url_open("/my/opinion")
        one = self.cr.sql_log_count - start
        self.assertEqual(page.status_code, 200)
        self.assertIn(invite_a.access_token, page.text)
        self.assertNotIn(invite_b.access_token, page.text)
        # Flat: three invitations cost what one costs.
        self._invite(self.client_a, self.contact_a)
        self._invite(self.client_a, self.contact_a)
        self.url_open("/my/opinion")
        with self.assertQueryCount(one):
            self.assertEqual(self.url_open("/my/opinion").text.count("o_acr_survey_start"), 3)
        home = self.url_open("/my/home")
        self.assertIn("Your opinion", home.text)
        # Someone else's link does not open for this user: Odoo's survey
        # checks the answer's partner against the session.
        page = self.url_open(invite_b.get_start_url())
        self.assertNotIn("Bruno", page.text)
        self.authenticate(None, None)
        page = self.url_open("/my/opinion")
        self.assertIn("/web/login", page.url)

    def test_client_answers_from_the_portal_and_accountant_sees_the_gap(self):
        self._invite(self.client_a, self.contact_a)
        self.start_tour("/my", "acr_survey_portal_tour", login=self.portal_a.login)
        answer = self.env["survey.user_input"].search([("acr_client_id", "=", self.client_a.id)])
        self.assertEqual(answer.state, "done")
        self.assertEqual(answer.acr_nps_score, 4)
        activity = self._activities(self.client_a, self.gap_type)
        self.assertEqual(len(activity), 1)
        self.assertIn("Tax planning", activity.summary)
        self.assertEqual(len(self._activities(self.client_a, self.detractor_type)), 1)
        self.start_tour(
            f"/odoo/action-accounting_client_relations.acr_client_action_all/{self.client_a.id}",
            "acr_survey_gap_tour",
            login=self.accountant.login,
        )


@tagged("post_install", "-at_install")
class TestSettingExpectations(HttpCase, AcrSurveyCase):
    """Section 5: the excluded services stated plainly, and the brochure."""

    def test_welcome_pack_states_exclusions_and_prints_the_brochure(self):
        agreement = self.client_a.agreement_ids
        self.env.company.acr_brochure = "<p>Founded in 1998, twelve accountants, one partner per client.</p>"
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("accounting_client_relations.action_report_welcome_pack", agreement.ids)[0]
            .decode()
        )
        self.assertIn("what you take care of yourselves", html)
        self.assertIn("Tax planning", html)
        self.assertIn("Lawful ways to lower the tax burden", html)
        self.assertIn("Founded in 1998", html)
        self.env.company.acr_brochure = False
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("accounting_client_relations.action_report_welcome_pack", agreement.ids)[0]
            .decode()
        )
        self.assertNotIn("o_acr_brochure", html)

    def test_portal_agreement_page_states_exclusions(self):
        agreement = self.client_a.agreement_ids
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open(agreement.get_portal_url())
        self.assertEqual(page.status_code, 200)
        self.assertIn("what you take care of yourselves", page.text)
        self.assertIn("You handle them yourselves", page.text)
        self.assertIn("Tax planning", page.text)
