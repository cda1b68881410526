import logging
from datetime import date, datetime, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AcrMeetingCase

_logger = logging.getLogger(__name__)


class AcrReviewCase(AcrMeetingCase):
    """Client A's agreement started on 1 March 2025: its first anniversary
    is 1 March 2026, and the reviewed year runs from 1 March 2025 to 28
    February 2026. Every test runs on 15 February 2026 (the job opens
    reviews 30 days ahead by default)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Review = cls.env["acr.client.review"]
        cls.env["acr.deadline.template"].search([]).active = False
        cls.agreement_a = cls.client_a.agreement_ids
        cls.agreement_b = cls.client_b.agreement_ids
        (cls.agreement_a | cls.agreement_b)._acr_transition_write({"date_start": date(2025, 3, 1)})
        cls.tpl_docs = cls.env["acr.deadline.template"].create(
            {"name": "Monthly documents", "kind": "client_documents", "recurrence": "monthly", "due_day": 10}
        )
        cls.tpl_vat = cls.env["acr.deadline.template"].create(
            {"name": "VAT return", "kind": "report", "recurrence": "monthly", "due_day": 25}
        )

    @classmethod
    def _deadline(cls, client, template, due, late):
        with cls.env["acr.deadline"]._acr_transition():
            return cls.env["acr.deadline"].create(
                {
                    "client_id": client.id,
                    "template_id": template.id,
                    "period_start": due.replace(day=1),
                    "period_end": due,
                    "period_label": f"{due}",
                    "date_due": due,
                    "state": "done",
                    "done_late": late,
                }
            )

    @classmethod
    def _held(cls, start, sent_after_hours=None, mtype=None):
        vals = cls._answers(start=start, state="held")
        if mtype:
            vals["type_id"] = mtype.id
        meeting = cls.env["acr.meeting"].create(vals)
        if sent_after_hours is not None:
            meeting.minutes_sent_date = meeting.stop + timedelta(hours=sent_after_hours)
        return meeting

    def _open(self, agreements=None):
        return self.Review._acr_open_reviews(agreements or self.agreement_a, days_before=30)


@tagged("post_install", "-at_install")
@freeze_time("2026-02-15 09:00:00")
class TestReviewFigures(AcrReviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-02-15 09:00:00"):
            cls._year_of_client_a()

    @classmethod
    def _year_of_client_a(cls):
        # The fee went from 400 to 500 on 1 September 2025 (cost 250).
        Amendment = cls.env["acr.agreement.amendment"]
        with Amendment._acr_transition():  # a fixture: applied, as the job would
            Amendment.create(
                {
                    "agreement_id": cls.agreement_a.id,
                    "date_effective": date(2025, 9, 1),
                    "old_fee": 400,
                    "new_fee": 500,
                    "monthly_cost": 250,
                    "state": "applied",
                }
            )
        # Service level 4 a year; two strategic meetings held in the year
        # (minutes within 24 h, then after 30 h), one before it.
        cls._held(datetime(2025, 4, 8, 9, 0), sent_after_hours=5)
        cls._held(datetime(2025, 10, 7, 9, 0), sent_after_hours=30)
        cls._held(datetime(2025, 2, 11, 9, 0), sent_after_hours=1)
        # Tactical contacts: 2 in May, 1 in the quarter before last, 3 in
        # the last quarter, one before the year.
        Log = cls.env["acr.contact.log"]
        for day in (
            datetime(2025, 5, 5, 10),
            datetime(2025, 5, 6, 10),
            datetime(2025, 9, 10, 10),
            datetime(2026, 1, 10, 10),
            datetime(2026, 1, 12, 10),
            datetime(2026, 2, 2, 10),
            datetime(2025, 1, 10, 10),
        ):
            Log.create({"client_id": cls.client_a.id, "topic": "A question", "date": day})
        # The client's documents: 4 due in the year, 2 late; one late before.
        for due, late in (
            (date(2025, 4, 10), True),
            (date(2025, 6, 10), False),
            (date(2025, 8, 10), True),
            (date(2025, 12, 10), False),
            (date(2025, 1, 10), True),
        ):
            cls._deadline(cls.client_a, cls.tpl_docs, due, late)
        # The firm's filings: 2 done on time.
        cls._deadline(cls.client_a, cls.tpl_vat, date(2025, 5, 25), False)
        cls._deadline(cls.client_a, cls.tpl_vat, date(2025, 6, 25), False)
        # Action items: one client item overdue, one firm item open, one done.
        meeting = cls.client_a.meeting_ids[:1]
        Item = cls.env["acr.action.item"]
        Item.create(
            {
                "meeting_id": meeting.id,
                "name": "Send the statements",
                "owner_type": "client",
                "partner_id": cls.contact_a.id,
                "date_due": date(2026, 2, 1),
            }
        )
        Item.create(
            {
                "meeting_id": meeting.id,
                "name": "Prepare the budget",
                "owner_type": "firm",
                "user_id": cls.accountant.id,
                "date_due": date(2026, 3, 1),
            }
        )
        Item.create(
            {
                "meeting_id": meeting.id,
                "name": "Old item",
                "owner_type": "firm",
                "user_id": cls.accountant.id,
                "date_due": date(2025, 6, 1),
            }
        ).action_done()

    def test_figures_of_a_constructed_year(self):
        review = self._open()
        self.assertEqual(review.review_year, 2026)
        self.assertEqual(review.date_anniversary, date(2026, 3, 1))
        self.assertEqual(review.period_start, date(2025, 3, 1))
        # Fee 400 → 500, cost 250: margin 250 (50%), up by 100.
        self.assertEqual((review.monthly_fee, review.fee_start, review.fee_change), (500.0, 400.0, 100.0))
        self.assertEqual((review.monthly_cost, review.monthly_margin), (250.0, 250.0))
        self.assertEqual((review.margin_percent, review.margin_change), (50.0, 100.0))
        # 2 strategic meetings of 4 promised; minutes on time for 1 of 2.
        self.assertEqual(
            (review.service_level, review.strategic_held, review.strategic_coverage), (4, 2, 50.0)
        )
        self.assertEqual(
            (review.meetings_held, review.minutes_on_time, review.minutes_on_time_rate), (2, 1, 50.0)
        )
        # 6 tactical contacts in the year, 1.5 a quarter, 3 in the last
        # quarter against 1 in the one before: more.
        self.assertEqual(
            (
                review.tactical_count,
                review.tactical_per_quarter,
                review.tactical_last_quarter,
                review.tactical_previous_quarter,
                review.tactical_trend,
            ),
            (6, 1.5, 3, 1, "up"),
        )
        self.assertEqual(
            (review.documents_due_count, review.documents_late_count, review.documents_late_rate),
            (4, 2, 50.0),
        )
        self.assertEqual(
            (review.deadlines_done_count, review.deadlines_late_count, review.deadlines_late_rate),
            (2, 0, 0.0),
        )
        self.assertEqual(
            (review.actions_open_client, review.actions_open_firm, review.actions_overdue), (1, 1, 1)
        )

    def test_lights_and_suggestion(self):
        review = self._open()
        lights = {line.dimension: line.light for line in review.line_ids}
        self.assertEqual(
            lights,
            {
                "margin": "green",  # 50% >= 35
                "punctuality": "red",  # 50% late >= 30
                "strategic": "red",  # 50% <= 50
                "minutes": "red",  # 50% <= 60
                "tactical": "green",  # 1.5 <= 3
                "deadlines": "green",  # 0% <= 2
                "actions": "amber",  # 1 overdue, between 0 and 3
            },
        )
        self.assertEqual(review.overall_light, "red")
        # Late documents call for new terms, stronger than an improvement plan.
        self.assertEqual(review.suggestion, "new_terms")

    def test_late_client_with_low_margin_gets_red_and_new_terms(self):
        self.agreement_a._acr_transition_write({"monthly_cost": 450})
        review = self._open()
        lights = {line.dimension: line.light for line in review.line_ids}
        self.assertEqual(review.margin_percent, 10.0)
        self.assertEqual((lights["margin"], lights["punctuality"]), ("red", "red"))
        self.assertEqual(review.suggestion, "new_terms")

    def test_manager_thresholds_change_the_lights(self):
        threshold = self.env.ref("accounting_client_relations.review_threshold_punctuality")
        threshold.with_user(self.manager).write({"green_limit": 50, "red_limit": 60})
        with self.assertRaises(ValidationError), self.cr.savepoint():
            threshold.with_user(self.manager).write({"green_limit": 70, "red_limit": 60})
        with mute_logger("odoo.addons.base.models.ir_model"), self.assertRaises(AccessError):
            threshold.with_user(self.accountant).write({"green_limit": 40})
        review = self._open()
        self.assertEqual(
            review.line_ids.filtered(lambda line: line.dimension == "punctuality").light, "green"
        )

    def test_light_bounds(self):
        light = self.Review._acr_light
        self.assertEqual(light(35.0, (35.0, 20.0), True), "green")
        self.assertEqual(light(34.9, (35.0, 20.0), True), "amber")
        self.assertEqual(light(20.0, (35.0, 20.0), True), "red")
        self.assertEqual(light(10.0, (10.0, 30.0), False), "green")
        self.assertEqual(light(29.0, (10.0, 30.0), False), "amber")
        self.assertEqual(light(30.0, (10.0, 30.0), False), "red")
        self.assertEqual(light(None, (10.0, 30.0), False), "none")

    def test_red_again_after_new_terms_suggests_offboarding(self):
        with freeze_time("2025-02-15"):
            self.agreement_a._acr_transition_write({"date_start": date(2024, 3, 1)})
            last_year = self._open()
        last_year._acr_transition_write({"decision": "new_terms", "state": "decided"})
        review = self._open()
        self.assertEqual(review.suggestion, "offboard")


@tagged("post_install", "-at_install")
@freeze_time("2026-02-15 09:00:00")
class TestReviewJob(AcrReviewCase):
    def test_job_opens_once_with_activities(self):
        self.Review._cron_open_reviews()
        self.Review._cron_open_reviews()
        reviews = self.Review.search([("client_id", "in", (self.client_a | self.client_b).ids)])
        self.assertEqual(len(reviews), 2)
        self.assertEqual(set(reviews.mapped("review_year")), {2026})
        activities = reviews.activity_ids
        self.assertEqual(set(activities.mapped("user_id").ids), {self.accountant.id, self.coordinator.id})
        self.assertEqual(len(activities), 4)
        self.assertEqual(set(activities.mapped("date_deadline")), {date(2026, 3, 1)})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            with self.Review._acr_transition():
                self.Review.create(
                    {"client_id": self.client_a.id, "review_year": 2026, "date_anniversary": date(2026, 3, 1)}
                )

    def test_job_waits_for_the_anniversary_window(self):
        with freeze_time("2026-01-15"):
            self.Review._cron_open_reviews()
        self.assertFalse(self.Review.search([("client_id", "=", self.client_a.id)]))
        self.env["ir.config_parameter"].set_param("acr.review_days_before", "60")
        with freeze_time("2026-01-15"):
            self.Review._cron_open_reviews()
        self.assertTrue(self.Review.search([("client_id", "=", self.client_a.id)]))

    def test_no_review_in_the_first_year(self):
        self.agreement_a._acr_transition_write({"date_start": date(2026, 1, 1)})
        self.assertFalse(self._open())
        self.assertTrue(self.Review._acr_next_anniversary(date(2026, 1, 1), date(2026, 2, 15)).year == 2027)


@tagged("post_install", "-at_install")
@freeze_time("2026-02-15 09:00:00")
class TestReviewGuardAndAccess(AcrReviewCase):
    def test_figures_frozen_decision_until_decided(self):
        review = self._open()
        for vals in ({"monthly_fee": 1.0}, {"suggestion": "continue"}, {"state": "decided"}):
            with self.assertRaises(UserError), self.cr.savepoint():
                review.with_user(self.manager).write(vals)
        with self.assertRaises(UserError):
            self.Review.with_user(self.manager).create({"client_id": self.client_a.id, "review_year": 2030})
        review.with_user(self.manager).write({"decision": "continue"})
        with self.assertRaisesRegex(UserError, "note"):
            review.with_user(self.manager).action_decide()
        review.with_user(self.manager).write({"decision_note": "  "})
        with self.assertRaisesRegex(UserError, "note"):
            review.with_user(self.manager).action_decide()
        review.with_user(self.manager).write({"decision": "improve", "decision_note": "Meet more often."})
        with self.assertRaisesRegex(UserError, "follow-up"):
            review.with_user(self.manager).action_decide()
        with mute_logger("odoo.addons.base.models.ir_model"), self.assertRaises(AccessError):
            review.with_user(self.accountant).action_decide()
        review.with_user(self.manager).write({"decision": "continue"})
        review.with_user(self.manager).action_decide()
        self.assertEqual((review.state, review.decided_by_id), ("decided", self.manager))
        self.assertTrue(review.decided_on)
        self.assertFalse(review.activity_ids)
        with self.assertRaises(UserError):
            review.with_user(self.manager).write({"decision": "offboard"})

    def test_access_accountants_their_clients_managers_all_portal_nothing(self):
        reviews = self._open(self.agreement_a | self.agreement_b)
        self.client_b.write({"user_id": self.accountant_2.id, "coordinator_id": self.accountant_2.id})
        self.client_b.write({"tax_user_id": self.accountant_2.id, "payroll_user_id": self.accountant_2.id})
        review_a = reviews.filtered(lambda r: r.client_id == self.client_a)
        self.assertEqual(self.Review.with_user(self.accountant).search([("id", "in", reviews.ids)]), review_a)
        self.assertEqual(self.Review.with_user(self.manager).search([("id", "in", reviews.ids)]), reviews)
        self.assertEqual(review_a.with_user(self.accountant).monthly_cost, 250.0)
        with mute_logger("odoo.addons.base.models.ir_model"), self.assertRaises(AccessError):
            review_a.with_user(self.accountant).write({"decision": "continue"})
        for portal in (self.portal_a, self.portal_b):
            with mute_logger("odoo.addons.base.models.ir_model"), self.assertRaises(AccessError):
                self.Review.with_user(portal).search_read([], ["monthly_cost", "margin_percent"])
            with mute_logger("odoo.addons.base.models.ir_model"), self.assertRaises(AccessError):
                review_a.with_user(portal).read(["monthly_fee"])
            with mute_logger("odoo.addons.base.models.ir_model"), self.assertRaises(AccessError):
                review_a.line_ids.with_user(portal).read(["value"])


@tagged("post_install", "-at_install")
@freeze_time("2026-02-15 09:00:00")
class TestReviewQueries(AcrReviewCase):
    def test_opening_reviews_is_flat(self):
        warm = self._create_active_clients(3, "Warm")
        small = self._create_active_clients(20, "Small")
        big = self._create_active_clients(200, "Big")
        agreements = (warm | small | big).agreement_ids
        agreements._acr_transition_write({"date_start": date(2025, 3, 1)})
        self.env["acr.contact.log"].create(
            [{"client_id": client.id, "topic": "Q", "date": datetime(2025, 6, 1)} for client in small | big]
        )
        self.env.flush_all()
        self.Review._acr_open_reviews(warm.agreement_ids, days_before=30)
        self.env.flush_all()
        before = self.cr.sql_log_count
        self.Review._acr_open_reviews(small.agreement_ids, days_before=30)
        self.env.flush_all()
        queries = self.cr.sql_log_count - before
        # Ten times the clients, the same statements: every dimension is one
        # _read_group for the whole batch. Only the ORM's multi-row INSERTs
        # (reviews, 7 lights each, 2 activities each, their followers and
        # creation notes) are split in chunks of 100 rows: about 22 more
        # queries for 180 more clients, none per client.
        with self.assertQueryCount(queries + 25):
            reviews = self.Review._acr_open_reviews(big.agreement_ids, days_before=30)
            self.env.flush_all()
        _logger.info("opening reviews: %s queries for 20 clients", queries)
        self.assertEqual(len(reviews), 200)
        self.assertEqual(set(reviews.mapped("tactical_count")), {1})


@tagged("post_install", "-at_install")
@freeze_time("2026-02-15 09:00:00")
class TestReviewDecisions(AcrReviewCase):
    def _decide(self, review, **vals):
        review.with_user(self.manager).write({"decision_note": "Discussed with the partner.", **vals})
        review.with_user(self.manager).action_decide()
        return review

    def _firm_item(self, **vals):
        meeting = self.env["acr.meeting"].create(
            self._answers(start=datetime(2025, 12, 2, 9, 0), state="held")
        )
        return self.env["acr.action.item"].create(
            {
                "meeting_id": meeting.id,
                "name": "Reconcile the bank",
                "owner_type": "firm",
                "user_id": self.accountant.id,
                "date_due": date(2026, 3, 1),
                **vals,
            }
        )

    def test_continue_changes_nothing_else(self):
        review = self._decide(self._open(), decision="continue")
        self.assertEqual(review.state, "decided")
        self.assertEqual(self.agreement_a.state, "countersigned")
        self.assertFalse(self.agreement_a.amendment_ids)
        self.assertEqual(self.client_a.stage_id, self.stage_active)

    def test_new_terms_send_an_amendment_for_acknowledgement(self):
        review = self._open()
        self.assertEqual(self.agreement_a.notice_days, 60)
        with self.assertRaisesRegex(UserError, "notice"):
            self._decide(review, decision="new_terms", new_fee=600, date_effective=date(2026, 3, 1))
        with self.assertRaisesRegex(UserError, "new monthly fee"):
            self._decide(review, decision="new_terms", new_fee=500, date_effective=date(2026, 5, 1))
        self.assertEqual(review.state, "open")
        self._decide(review, decision="new_terms", new_fee=600, date_effective=date(2026, 5, 1))
        amendment = review.amendment_id
        self.assertEqual(amendment, self.agreement_a.amendment_ids)
        self.assertEqual((amendment.old_fee, amendment.new_fee, amendment.state), (500.0, 600.0, "notified"))
        self.assertEqual(amendment.date_effective, date(2026, 5, 1))
        self.assertEqual(amendment.name, "Annual review 2026")
        # The notice went to the client, with a token for the portal page.
        self.assertTrue(self.agreement_a.access_token)
        mails = self.env["mail.mail"].search(
            [("model", "=", "acr.agreement"), ("res_id", "=", self.agreement_a.id)]
        )
        self.assertTrue(mails)
        # The client acknowledges it on the portal (the existing route).
        amendment.sudo()._acr_acknowledge(self.contact_a)
        self.assertEqual(amendment.state, "acknowledged")

    def test_improvement_plan_schedules_the_follow_up(self):
        review = self._open()
        with self.assertRaisesRegex(UserError, "future"):
            self._decide(review, decision="improve", follow_up_date=date(2026, 2, 1))
        self._decide(review, decision="improve", follow_up_date=date(2026, 6, 1))
        follow_up = self.client_a.activity_ids.filtered(lambda a: a.date_deadline == date(2026, 6, 1))
        self.assertEqual(len(follow_up), 1)
        self.assertEqual(follow_up.user_id, self.accountant)
        self.assertIn("Improvement plan", follow_up.summary)

    def test_offboard_refused_with_open_firm_items_unless_forced(self):
        item = self._firm_item()
        review = self._open()
        with self.assertRaisesRegex(UserError, "open action items"):
            self._decide(review, decision="offboard")
        self.assertEqual((review.state, self.client_a.stage_id), ("open", self.stage_active))
        # Firm items block until done, unless a manager gives the reason.
        self._decide(review, decision="offboard", force_reason="The client asked to leave at once.")
        self.assertEqual(self.client_a.stage_id, self.env.ref("accounting_client_relations.stage_offboarded"))
        self.assertTrue(item.exists())
        bodies = self.client_a.message_ids.mapped("body")
        self.assertTrue(any("The client asked to leave at once." in body for body in bodies))

    def test_offboard_ends_agreement_closes_deadlines_launches_checklist(self):
        future = self.env["acr.deadline"].create(
            {
                "client_id": self.client_a.id,
                "template_id": self.tpl_vat.id,
                "period_start": date(2026, 5, 1),
                "period_end": date(2026, 5, 31),
                "period_label": "2026-05",
                "date_due": date(2026, 6, 25),
            }
        )
        during_notice = self.env["acr.deadline"].create(
            {
                "client_id": self.client_a.id,
                "template_id": self.tpl_vat.id,
                "period_start": date(2026, 2, 1),
                "period_end": date(2026, 2, 28),
                "period_label": "2026-02",
                "date_due": date(2026, 3, 25),
            }
        )
        done = self._deadline(self.client_a, self.tpl_vat, date(2025, 12, 25), False)
        item = self._firm_item()
        item.action_done()
        review = self._open()
        self._decide(review, decision="offboard")
        self.assertEqual(self.client_a.stage_id, self.env.ref("accounting_client_relations.stage_offboarded"))
        # The agreement ends at the notice date (60 days), kept.
        self.assertEqual(self.agreement_a.state, "terminated")
        self.assertEqual(self.agreement_a.date_end, date(2026, 4, 16))
        self.assertEqual(review.date_agreement_end, date(2026, 4, 16))
        # Future open deadlines are closed with the reason; done ones kept.
        self.assertEqual(future.state, "cancelled")
        self.assertIn("Offboarded", future.reason)
        self.assertEqual(done.state, "done")
        # Due before the agreement ends: still the firm's work.
        self.assertEqual((during_notice.state, during_notice.reason), ("todo", False))
        # The checklist: five steps, each for the team member it names.
        plan = self.env.ref("accounting_client_relations.activity_plan_offboarding")
        steps = self.client_a.activity_ids.filtered(lambda a: a.acr_plan_id == plan)
        self.assertEqual(len(steps), 5)
        self.assertEqual(set(steps.user_id.ids), {self.accountant.id, self.coordinator.id, self.tax_user.id})
        # Every record kept.
        self.assertTrue(review.exists() and item.exists() and self.client_a.meeting_ids)


@tagged("post_install", "-at_install")
@freeze_time("2026-02-15 09:00:00")
class TestFarewellLetter(AcrReviewCase):
    def test_letter_lists_the_handover_in_the_clients_language(self):
        self.env["res.lang"]._activate_lang("pl_PL")
        self.client_a.partner_id.lang = "pl_PL"
        valid, revoked = self.env["acr.power.attorney"].create(
            [
                {
                    "client_id": self.client_a.id,
                    "holder_id": self.env.company.partner_id.id,
                    "authority": "tax",
                    "authority_detail": "Urząd Skarbowy Kraków",
                },
                {
                    "client_id": self.client_a.id,
                    "holder_id": self.env.company.partner_id.id,
                    "authority": "bank",
                    "authority_detail": "Old Bank",
                },
            ]
        )
        valid.action_mark_valid()
        revoked.action_revoke()
        after = self.env["acr.deadline"].create(
            {
                "client_id": self.client_a.id,
                "template_id": self.tpl_vat.id,
                "period_start": date(2026, 5, 1),
                "period_end": date(2026, 5, 31),
                "period_label": "2026-05",
                "date_due": date(2026, 6, 25),
            }
        )
        review = self._open()
        review.with_user(self.manager).write({"decision": "offboard", "decision_note": "Moving on."})
        review.with_user(self.manager).action_decide()
        self.assertEqual(after.state, "cancelled")
        action = review.with_user(self.manager).action_print_farewell_letter()
        self.assertEqual(action["report_name"], "accounting_client_relations.report_farewell_letter")
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "accounting_client_relations.report_farewell_letter", review.ids
        )
        html = html.decode()
        self.assertIn("Urząd Skarbowy Kraków", html)
        self.assertNotIn("Old Bank", html)
        self.assertEqual(html.count("o_acr_handover_deadline"), 1)
        # Dates in the client's language (Polish: day.month.year).
        self.assertIn("16.04.2026", html)
        self.assertIn("25.06.2026", html)
