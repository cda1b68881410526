from datetime import date, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import AcrDeadlineCase

D = date.fromisoformat


@tagged("post_install", "-at_install")
class TestDeadlineRecurrence(AcrDeadlineCase):
    """Due dates of several recurrences, computed by hand."""

    def _template(self, **vals):
        return self.Template.create({"name": "Test", "responsible_role": "user_id", "lead_days": 0, **vals})

    def _dues(self, template, date_from, date_to, company_days=True):
        working = (
            self.Template._acr_working_days(self.env.company, D("2026-11-01"), D("2028-12-31"))
            if company_days
            else None
        )
        return [
            (p["period_label"], p["date_due"])
            for p in template._acr_periods(D(date_from), D(date_to), working)
        ]

    def test_monthly_on_working_days_and_public_holiday(self):
        # The 25th of the month after; Christmas 2026 (Friday) is a public
        # holiday of the company's calendar, so it moves to Monday the 28th
        # (the 26th is a Saturday). Sundays 25 April and 25 July 2027 and
        # Saturday 25 September move to the Monday.
        self.assertEqual(
            self._dues(self.vat_template, "2026-12-01", "2027-12-01"),
            [
                ("2026-11", D("2026-12-28")),
                ("2026-12", D("2027-01-25")),
                ("2027-01", D("2027-02-25")),
                ("2027-02", D("2027-03-25")),
                ("2027-03", D("2027-04-26")),
                ("2027-04", D("2027-05-25")),
                ("2027-05", D("2027-06-25")),
                ("2027-06", D("2027-07-26")),
                ("2027-07", D("2027-08-25")),
                ("2027-08", D("2027-09-27")),
                ("2027-09", D("2027-10-25")),
                ("2027-10", D("2027-11-25")),
            ],
        )
        # Without the company's calendar (weekends only), Friday the 25th stays.
        self.assertEqual(
            self._dues(self.vat_template, "2026-12-01", "2026-12-31", False), [("2026-11", D("2026-12-25"))]
        )

    def test_year_end_and_leap_year(self):
        yearly = self._template(recurrence="yearly", year_end_month=12, due_months=3, due_day=31)
        self.assertEqual(self._dues(yearly, "2027-01-01", "2027-12-31"), [("2026", D("2027-03-31"))])
        # "The last day of the month after": 29 February in a leap year; in
        # 2027, 28 February is a Sunday and the due date moves to 1 March.
        month_end = self._template(recurrence="monthly", due_months=1, due_day=31)
        self.assertEqual(self._dues(month_end, "2028-02-01", "2028-02-29"), [("2028-01", D("2028-02-29"))])
        self.assertEqual(self._dues(month_end, "2027-02-02", "2027-03-02"), [("2027-01", D("2027-03-01"))])
        # A fiscal year ending in June, due 7 months after: 31 January.
        fiscal = self._template(recurrence="yearly", year_end_month=6, due_months=7, due_day=31)
        self.assertEqual(
            self._dues(fiscal, "2027-01-01", "2027-12-31"), [("2025-07..2026-06", D("2027-02-01"))]
        )

    def test_quarterly_twice_yearly_every_n_months(self):
        quarterly = self._template(recurrence="quarterly", due_months=1, due_day=25)
        self.assertEqual(
            self._dues(quarterly, "2027-01-01", "2027-12-31"),
            [
                ("2026-Q4", D("2027-01-25")),
                ("2027-Q1", D("2027-04-26")),
                ("2027-Q2", D("2027-07-26")),
                ("2027-Q3", D("2027-10-25")),
            ],
        )
        previous = self._template(recurrence="quarterly", due_months=1, due_day=25, workday_rule="previous")
        self.assertEqual(self._dues(previous, "2027-04-01", "2027-04-30"), [("2027-Q1", D("2027-04-23"))])
        keep = self._template(recurrence="quarterly", due_months=1, due_day=25, workday_rule="keep")
        self.assertEqual(self._dues(keep, "2027-04-01", "2027-04-30"), [("2027-Q1", D("2027-04-25"))])
        half = self._template(recurrence="semiannual", due_months=2, due_day=10)
        self.assertEqual(
            self._dues(half, "2027-01-01", "2027-12-31"),
            [("2026-H2", D("2027-02-10")), ("2027-H1", D("2027-08-10"))],
        )
        bimonthly = self._template(recurrence="months", interval_months=2, due_months=1, due_day=15)
        self.assertEqual(
            self._dues(bimonthly, "2027-01-01", "2027-06-30"),
            [
                ("2026-11..2026-12", D("2027-01-15")),
                ("2027-01..2027-02", D("2027-03-15")),
                ("2027-03..2027-04", D("2027-05-17")),
            ],
        )
        period = self._template(recurrence="quarterly", due_months=1, due_day=25)._acr_periods(
            D("2027-04-01"), D("2027-04-30")
        )[0]
        self.assertEqual((period["period_start"], period["period_end"]), (D("2027-01-01"), D("2027-03-31")))

    def test_nonsense_recurrence_refused_naming_the_template(self):
        cases = [
            {"due_day": 0},
            {"due_day": 32},
            {"year_end_month": 13},
            {"recurrence": "months", "interval_months": 0},
            {"recurrence": "monthly", "due_months": -1},
            {"responsible_role": False},
            {"lead_days": -3},
        ]
        for vals in cases:
            with self.subTest(vals=vals), self.assertRaisesRegex(ValidationError, "Bad Template"):
                self.Template.create({"name": "Bad Template", "responsible_role": "user_id", **vals})
        # Due in the last month of a quarter is fine; before the period is not.
        self.Template.create(
            {"name": "Q", "recurrence": "quarterly", "due_months": -2, "responsible_role": "user_id"}
        )
        with self.assertRaisesRegex(ValidationError, "before the period starts"):
            self.Template.create(
                {"name": "Q", "recurrence": "quarterly", "due_months": -3, "responsible_role": "user_id"}
            )


@tagged("post_install", "-at_install")
class TestDeadlineApplicability(AcrDeadlineCase):
    def test_profile_conditions(self):
        client = self._create_clients(1, "Profile")
        partner = client.partner_id
        template = self.vat_template
        partner.acr_vat_payer = False
        self.assertFalse(template._acr_applies(client))
        partner.acr_vat_payer = True
        self.assertTrue(template._acr_applies(client))
        template.vat_condition = "no"
        self.assertFalse(template._acr_applies(client))
        template.vat_condition = "any"

        template.employee_condition = "yes"
        self.assertFalse(template._acr_applies(client))
        partner.acr_employee_count = 3
        self.assertTrue(template._acr_applies(client))
        template.employee_condition = "no"
        self.assertFalse(template._acr_applies(client))
        template.employee_condition = "any"

        other_regime = self.env.ref("accounting_client_relations.tax_regime_flat_rate")
        template.tax_regime_ids = other_regime
        self.assertFalse(template._acr_applies(client))
        template.tax_regime_ids |= self.regime
        self.assertTrue(template._acr_applies(client))

        template.legal_form_ids = self.env.ref("accounting_client_relations.legal_form_jsc")
        self.assertFalse(template._acr_applies(client))
        template.legal_form_ids |= self.legal_form
        self.assertTrue(template._acr_applies(client))

        template.country_id = self.env.ref("base.pl")
        self.assertFalse(template._acr_applies(client))
        # A manager adds it by hand for this client, then excludes it.
        client.deadline_extra_template_ids = template
        self.assertTrue(template._acr_applies(client))
        client.deadline_excluded_template_ids = template
        self.assertFalse(template._acr_applies(client))


@tagged("post_install", "-at_install")
class TestDeadlineGeneration(AcrDeadlineCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.payroll_template = cls.Template.create(
            {
                "name": "Payroll report",
                "kind": "payroll",
                "employee_condition": "yes",
                "recurrence": "monthly",
                "due_months": 1,
                "due_day": 5,
                "responsible_role": "payroll_user_id",
            }
        )
        cls.flat_template = cls.Template.create(
            {
                "name": "Flat-rate return",
                "tax_regime_ids": [
                    Command.set(cls.env.ref("accounting_client_relations.tax_regime_flat_rate").ids)
                ],
                "recurrence": "yearly",
                "due_months": 2,
                "due_day": 28,
                "responsible_role": "user_id",
            }
        )

    @freeze_time("2026-12-01")
    def test_activation_generates_twelve_months_on_working_days(self):
        client = self._vat_clients(1)
        deadlines = client.deadline_ids
        # VAT only: no employees, not on the flat rate.
        self.assertEqual(deadlines.template_id, self.vat_template)
        self.assertEqual(len(deadlines), 12)
        self.assertEqual(deadlines.user_id, self.tax_user)
        self.assertEqual(set(deadlines.mapped("state")), {"todo"})
        first = deadlines.sorted("date_due")[0]
        self.assertEqual(
            (first.period_label, first.date_due, first.date_start),
            ("2026-11", D("2026-12-28"), D("2026-12-18")),
        )
        self.assertEqual(max(deadlines.mapped("date_due")), D("2027-11-25"))
        self.assertEqual(client.deadline_horizon, D("2027-12-01"))
        self.assertEqual(client.deadline_open_count, 12)
        # No activity a year ahead: the daily job creates it when work starts
        # within a week, for the tax accountant, due on the start-work date.
        Activity = self.env["mail.activity"]
        domain = [("res_model", "=", "acr.deadline"), ("res_id", "in", deadlines.ids)]
        self.assertFalse(Activity.search(domain))
        with freeze_time("2026-12-11"):
            self.Deadline._cron_deadlines()
        activities = Activity.search(domain)
        self.assertEqual(activities.res_id, first.id)
        self.assertEqual((activities.user_id, activities.date_deadline), (self.tax_user, D("2026-12-18")))

    @freeze_time("2026-12-01")
    def test_job_is_idempotent_and_extends_the_horizon(self):
        clients = self._vat_clients(3)
        count = self.Deadline.search_count([("client_id", "in", clients.ids)])
        self.assertEqual(count, 36)
        self.Deadline._cron_deadlines()
        self.Deadline._cron_deadlines()
        clients._acr_generate_deadlines()
        self.assertEqual(self.Deadline.search_count([("client_id", "in", clients.ids)]), 36)
        with freeze_time("2026-12-28"):
            self.Deadline._cron_deadlines()
            # One more month: the period 2027-11, due 27 December 2027 (the
            # 25th is a Saturday).
            self.assertEqual(self.Deadline.search_count([("client_id", "in", clients.ids)]), 39)
            self.Deadline._cron_deadlines()
            self.assertEqual(self.Deadline.search_count([("client_id", "in", clients.ids)]), 39)
            # The job schedules the activities whose work starts within a week.
            deadlines = self.Deadline.search([("client_id", "in", clients.ids)])
            activities = self.env["mail.activity"].search(
                [("res_model", "=", "acr.deadline"), ("res_id", "in", deadlines.ids)]
            )
            self.assertEqual(len(activities), 3)
            self.assertEqual(set(activities.mapped("date_deadline")), {D("2026-12-18")})

    @freeze_time("2026-12-01")
    def test_unique_constraint_in_the_database(self):
        client = self._vat_clients(1)
        first = client.deadline_ids[0]
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.Deadline.create(
                {
                    "client_id": client.id,
                    "template_id": first.template_id.id,
                    "period_start": first.period_start,
                    "period_end": first.period_end,
                    "period_label": "again",
                    "date_due": first.date_due,
                }
            )

    @freeze_time("2026-12-01")
    def test_regime_change_regenerates_future_keeps_done(self):
        client = self._vat_clients(1)
        done = client.deadline_ids.sorted("date_due")[0]
        done.with_user(self.tax_user).action_mark_done()
        with freeze_time("2027-01-10"):
            client.partner_id.write(
                {
                    "acr_vat_payer": False,
                    "acr_tax_regime_id": self.env.ref("accounting_client_relations.tax_regime_flat_rate").id,
                }
            )
            vat = client.deadline_ids.filtered(lambda d: d.template_id == self.vat_template)
            self.assertEqual(done.state, "done")
            cancelled = vat.filtered(lambda d: d.state == "cancelled")
            self.assertEqual(len(cancelled), 11)
            self.assertEqual(set(cancelled.mapped("reason")), {"No longer applies to the client's profile."})
            flat = client.deadline_ids.filtered(lambda d: d.template_id == self.flat_template)
            self.assertEqual([(d.period_label, d.date_due) for d in flat], [("2026", D("2027-03-01"))])
            # Back to VAT: the cancelled ones are reopened, not duplicated, and
            # the horizon, a month further now, brings the period 2027-11.
            client.partner_id.acr_vat_payer = True
            self.assertEqual(len(vat.filtered(lambda d: d.state == "todo")), 11)
            vat = client.deadline_ids.filtered(lambda d: d.template_id == self.vat_template)
            self.assertEqual(len(vat), 13)
            self.assertEqual(vat.sorted("date_due")[-1].period_label, "2027-11")

    @freeze_time("2026-12-01")
    def test_employees_added_on_the_client_file(self):
        client = self._vat_clients(1)
        client.employee_count = 4
        payroll = client.deadline_ids.filtered(lambda d: d.template_id == self.payroll_template)
        self.assertEqual(len(payroll), 12)
        self.assertEqual(payroll.user_id, self.payroll_user)
        self.assertEqual(payroll.sorted("date_due")[0].date_due, D("2026-12-07"))

    @freeze_time("2026-12-01")
    def test_team_change_reassigns_open_deadlines_and_activities(self):
        client = self._vat_clients(1)
        client.deadline_ids._acr_schedule_activities()
        done = client.deadline_ids.sorted("date_due")[-1]
        done.with_user(self.tax_user).action_mark_done()
        new_tax = new_test_user(self.env, "acr_tax_new", groups="accounting_client_relations.group_acr_user")
        client.tax_user_id = new_tax
        open_ones = client.deadline_ids.filtered(lambda d: d.state == "todo")
        self.assertEqual(open_ones.user_id, new_tax)
        self.assertEqual(done.user_id, self.tax_user)
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "acr.deadline"), ("res_id", "in", open_ones.ids)]
        )
        self.assertTrue(activities)
        self.assertEqual(activities.user_id, new_tax)

    @freeze_time("2026-12-01")
    def test_client_leaving_closes_open_future_deadlines(self):
        client = self._vat_clients(1)
        offboarded = self.env.ref("accounting_client_relations.stage_offboarded")
        with freeze_time("2027-03-01"):
            client.stage_id = offboarded
            states = client.deadline_ids.grouped("state")
            self.assertEqual(len(states["cancelled"]), 9)
            self.assertEqual(set(states["cancelled"].mapped("reason")), {"The client left (Offboarded)."})
            # The past ones stay as they are (late, to do).
            self.assertEqual(len(states["todo"]), 3)
            self.Deadline._cron_deadlines()
            self.assertEqual(len(client.deadline_ids), 12)

    @freeze_time("2026-12-01")
    def test_mark_done_late_and_state_only_through_methods(self):
        client = self._vat_clients(1)
        first = client.deadline_ids.sorted("date_due")[0]
        with self.assertRaises(UserError):
            first.with_user(self.tax_user).write({"state": "done"})
        with freeze_time("2026-12-29"):
            self.assertTrue(first.is_late)
            self.assertIn(first, self.Deadline.search([("is_late", "=", True)]))
            first.with_user(self.tax_user).action_mark_done()
            self.assertEqual((first.state, first.done_late, first.done_by_id), ("done", True, self.tax_user))
            self.assertFalse(first.is_late)
            self.assertNotIn(first, self.Deadline.search([("is_late", "=", True)]))
        second = client.deadline_ids.sorted("date_due")[1]
        with self.assertRaisesRegex(UserError, "why"):
            second.action_waive()
        second.reason = "No sales this month"
        second.action_waive()
        self.assertEqual(second.state, "waived")
        second.action_reopen()
        self.assertEqual(second.state, "todo")


@tagged("post_install", "-at_install")
class TestDeadlineAccess(AcrDeadlineCase):
    @freeze_time("2026-12-01")
    def test_accountants_see_their_teams_managers_all_other_company_nothing(self):
        mine = self._vat_clients(1, "Mine")
        theirs = self._vat_clients(
            1, "Theirs", user_id=self.accountant_2.id, tax_user_id=self.accountant_2.id
        )
        as_accountant = self.Deadline.with_user(self.accountant).search([])
        self.assertEqual(as_accountant.client_id, mine)
        both = mine | theirs
        self.assertEqual(
            self.Deadline.with_user(self.manager).search([("client_id", "in", both.ids)]).client_id, both
        )
        with mute_logger("odoo.addons.base.models.ir_rule"), self.assertRaises(AccessError):
            theirs.deadline_ids[0].with_user(self.accountant).action_mark_done()
        self.assertEqual(theirs.deadline_ids[0].state, "todo")

        other_company = self.env["res.company"].create({"name": "Other Firm"})
        outsider = new_test_user(
            self.env,
            "acr_outsider",
            groups="accounting_client_relations.group_acr_manager",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        self.assertFalse(self.Deadline.with_user(outsider).search([]))

    @freeze_time("2026-12-01")
    def test_portal_users_read_only_their_own_client_facing_deadlines(self):
        documents = self.Template.create(
            {"name": "Send the month's documents", "kind": "client_documents", "due_months": 1, "due_day": 5}
        )
        client_a = self._vat_clients(1, "Alpha")
        client_b = self._vat_clients(1, "Beta")
        contact_a = self.env["res.partner"].create({"name": "Alice", "parent_id": client_a.partner_id.id})
        portal_a = new_test_user(
            self.env, "acr_dl_portal_a", groups="base.group_portal", partner_id=contact_a.id
        )
        seen = self.Deadline.with_user(portal_a).search([])
        self.assertEqual(seen.client_id, client_a)
        self.assertEqual(seen.template_id, documents)
        self.assertNotIn(client_b, self.Deadline.with_user(portal_a).search([]).client_id)
        with mute_logger("odoo.addons.base.models.ir_model"), self.assertRaises(AccessError):
            seen[0].with_user(portal_a).action_mark_done()
        with self.assertRaises(AccessError):
            seen[0].with_user(portal_a).read(["user_id"])


@tagged("post_install", "-at_install")
class TestDeadlineExamples(AcrDeadlineCase):
    def test_manager_loads_and_removes_an_example_set(self):
        Wizard = self.env["acr.deadline.example.wizard"].with_user(self.manager)
        wizard = Wizard.create({"country": "pl"})
        wizard.action_load()
        templates = wizard._acr_example_templates()
        self.assertEqual(len(templates), 6)
        self.assertEqual(templates.country_id, self.env.ref("base.pl"))
        for template in templates:
            self.assertIn("check it against your tax authority's calendar", template.description)
        # Loading twice creates nothing twice, and keeps a manager's edit.
        templates[0].lead_days = 3
        Wizard.create({"country": "pl"}).action_load()
        self.assertEqual(wizard._acr_example_templates(), templates)
        self.assertEqual(templates[0].lead_days, 3)
        for country, count in (("no", 4), ("ru", 8)):
            other = Wizard.create({"country": country})
            other.action_load()
            self.assertEqual(len(other._acr_example_templates()), count)
        wizard.action_remove()
        # Templates already used are archived with their history, the others
        # deleted.
        remaining = wizard._acr_example_templates()
        self.assertFalse(remaining.filtered("active"))
        for template in remaining:
            self.assertTrue(self.Deadline.search_count([("template_id", "=", template.id)]))
        with mute_logger("odoo.addons.base.models.ir_model"), self.assertRaises(AccessError):
            self.env["acr.deadline.example.wizard"].with_user(self.accountant).create({"country": "pl"})


@tagged("post_install", "-at_install")
class TestDeadlineFollowUp(AcrDeadlineCase):
    @freeze_time("2026-12-01")
    def test_template_edit_regenerates_after_a_preview(self):
        clients = self._vat_clients(2)
        done = clients[0].deadline_ids.sorted("date_due")[0]
        done.action_mark_done()
        # The firm moves its internal deadline to the 20th.
        self.vat_template.due_day = 20
        action = self.vat_template.with_user(self.manager).action_regenerate_deadlines()
        wizard = (
            self.env[action["res_model"]].with_user(self.manager).with_context(**action["context"]).create({})
        )
        # 23 open deadlines move (11 + 12); the period 2026-11, due 21 December
        # now (the 20th is a Sunday), stays; nothing is created or cancelled.
        self.assertEqual((wizard.update_count, wizard.cancel_count, wizard.create_count), (23, 0, 0))
        self.assertEqual(clients[1].deadline_ids.sorted("date_due")[1].date_due, D("2027-01-25"))
        wizard.action_apply()
        self.assertEqual(clients[1].deadline_ids.sorted("date_due")[1].date_due, D("2027-01-20"))
        self.assertEqual(done.date_due, D("2026-12-28"))
        # Quarterly now: the months that start a quarter (January, April,
        # July) become its quarter, the other months go with a reason, and
        # the fourth quarter of 2026 (due 20 January) is created.
        self.vat_template.recurrence = "quarterly"
        wizard = self.env["acr.deadline.regenerate.wizard"].create({"template_id": self.vat_template.id})
        self.assertEqual((wizard.update_count, wizard.cancel_count, wizard.create_count), (6, 17, 2))
        wizard.action_apply()
        open_ones = clients.deadline_ids.filtered(lambda d: d.state == "todo")
        self.assertEqual(len(open_ones), 8)
        self.assertEqual(
            sorted(set(open_ones.mapped("period_label"))), ["2026-Q4", "2027-Q1", "2027-Q2", "2027-Q3"]
        )
        self.assertEqual(done.state, "done")
        self.assertEqual(
            set(clients.deadline_ids.filtered(lambda d: d.state == "cancelled").mapped("reason")),
            {"The deadline template changed."},
        )

    @freeze_time("2026-12-01")
    def test_activity_done_marks_the_deadline_done(self):
        client = self._vat_clients(1)
        first = client.deadline_ids.sorted("date_due")[0]
        first._acr_schedule_activities()
        activity = self.env["mail.activity"].search(
            [("res_model", "=", "acr.deadline"), ("res_id", "=", first.id)]
        )
        activity.with_user(self.tax_user).action_feedback(feedback="Filed")
        self.assertEqual((first.state, first.done_by_id), ("done", self.tax_user))

    @freeze_time("2026-12-01")
    def test_client_file_shows_overdue_and_next_three(self):
        client = self._vat_clients(1)
        with freeze_time("2027-01-30"):
            client.invalidate_recordset()
            # Overdue: 28 December and 25 January; then 25 February, 25 March, 26 April.
            self.assertEqual(
                client.deadline_upcoming_ids.mapped("date_due"),
                [D("2026-12-28"), D("2027-01-25"), D("2027-02-25"), D("2027-03-25"), D("2027-04-26")],
            )
            self.assertEqual((client.deadline_open_count, client.deadline_late_count), (12, 2))
            action = client.action_view_deadlines()
            self.assertEqual(action["domain"], [("client_id", "=", client.id)])


@tagged("post_install", "-at_install")
class TestDeadlineQueries(AcrDeadlineCase):
    """Flat query counts: the My Deadlines list whatever the number of open
    deadlines, and generation whatever the number of clients."""

    def _fill(self, client, count):
        today = date(2027, 1, 1)
        self.Deadline.create(
            [
                {
                    "client_id": client.id,
                    "template_id": self.vat_template.id,
                    "period_start": today + timedelta(days=i),
                    "period_end": today + timedelta(days=i),
                    "period_label": f"P{i}",
                    "date_due": today + timedelta(days=i + 30),
                    "role": "tax_user_id",
                    "user_id": self.tax_user.id,
                }
                for i in range(count)
            ]
        )

    def _list_queries(self, size):
        client = self._create_clients(1, f"Size{size}")
        self._fill(client, size)
        Deadline = self.Deadline.with_user(self.tax_user)
        fields_spec = {
            name: {}
            for name in ("date_due", "period_label", "kind", "date_start", "state", "is_late", "display_name")
        }
        fields_spec.update(
            {"client_id": {"fields": {"display_name": {}}}, "template_id": {"fields": {"display_name": {}}}}
        )
        fields_spec["user_id"] = {"fields": {"display_name": {}}}
        domain = [("user_id", "=", self.tax_user.id), ("state", "=", "todo"), ("client_id", "=", client.id)]
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        result = Deadline.web_search_read(domain, fields_spec, limit=80)
        self.assertEqual(result["length"], size)
        return self.cr.sql_log_count - start, (Deadline, domain, fields_spec)

    def test_my_deadlines_list_is_flat(self):
        small, _args = self._list_queries(100)
        _large, (Deadline, domain, fields_spec) = self._list_queries(1000)
        self.env.invalidate_all()
        with self.assertQueryCount(small):
            Deadline.web_search_read(domain, fields_spec, limit=80)
        self.assertLessEqual(small, 25)

    def _generation_queries(self, count, prefix):
        with freeze_time("2026-12-01"):
            clients = self._create_clients(count, prefix, stage_id=self.stage_onboarding.id)
            clients.partner_id.acr_vat_payer = True
            self._countersigned_agreements(clients)
            # Active without deadlines yet: the next generation is measured.
            clients.with_context(tracking_disable=True).write({"stage_id": self.stage_active.id})
            clients.deadline_ids.unlink()
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            clients._acr_generate_deadlines()
            self.assertEqual(len(clients.deadline_ids), 12 * count)
            return self.cr.sql_log_count - start, clients

    def test_generation_per_batch_is_flat(self):
        small, _clients = self._generation_queries(10, "Small")
        large, _clients = self._generation_queries(60, "Large")
        self.assertEqual(small, large)
