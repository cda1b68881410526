import calendar
from datetime import date, datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Months in one period of each recurrence ("months": the template's own).
PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "semiannual": 6, "yearly": 12}

# The client file's team roles a deadline can be assigned to.
ROLE_SELECTION = [
    ("user_id", "Responsible Accountant"),
    ("tax_user_id", "Tax Accountant"),
    ("payroll_user_id", "Payroll Accountant"),
    ("coordinator_id", "Coordinator"),
]

KIND_SELECTION = [
    ("report", "Report Filing"),
    ("tax", "Tax Payment"),
    ("payroll", "Payroll Submission"),
    ("client_documents", "Client Documents Due"),
    ("other", "Other"),
]


def _month_index(day):
    """Months since year 0: period arithmetic in whole months."""
    return day.year * 12 + day.month - 1


def _month_date(index, day):
    """The ``day`` of month ``index``, the last day when the month is shorter."""
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day, calendar.monthrange(year, month + 1)[1]))


class AcrDeadlineTemplate(models.Model):
    """A recurring compliance deadline (a VAT return, a payroll submission,
    the documents the client owes the firm), the client profiles it applies
    to, and who at the firm answers for it. Deadlines of each client are
    generated from the templates (``acr.deadline``)."""

    _name = "acr.deadline.template"
    _description = "Deadline Template"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty to use this template in every company.")
    kind = fields.Selection(KIND_SELECTION, required=True, default="report")
    description = fields.Text(translate=True, help="The rule this deadline comes from, for the accountant.")
    url = fields.Char(string="Authority Page")

    # Where it applies
    country_id = fields.Many2one("res.country", help="Leave empty for clients of every country.")
    tax_regime_ids = fields.Many2many("acr.tax.regime", string="Tax Regimes", help="Empty: any regime.")
    legal_form_ids = fields.Many2many("acr.legal.form", string="Legal Forms", help="Empty: any legal form.")
    vat_condition = fields.Selection(
        [("any", "Any"), ("yes", "VAT Payers Only"), ("no", "Not VAT Payers Only")],
        string="VAT Payer",
        required=True,
        default="any",
    )
    employee_condition = fields.Selection(
        [("any", "Any"), ("yes", "With Employees"), ("no", "Without Employees")],
        string="Employees",
        required=True,
        default="any",
    )

    # When
    recurrence = fields.Selection(
        [
            ("monthly", "Monthly"),
            ("quarterly", "Quarterly"),
            ("semiannual", "Twice a Year"),
            ("yearly", "Yearly"),
            ("months", "Every N Months"),
        ],
        required=True,
        default="monthly",
    )
    interval_months = fields.Integer(string="Every (Months)", default=1)
    year_end_month = fields.Integer(
        string="Year Ends in Month",
        default=12,
        help="The month (1-12) the client's year ends in: yearly periods end then, and the other "
        "periods are aligned on it.",
    )
    due_months = fields.Integer(
        string="Months after Period End",
        default=1,
        help="0: due in the last month of the period; 1: in the month after; 3 with day 25: "
        "the 25th of the third month after.",
    )
    due_day = fields.Integer(default=25, help="Day of that month (1-31; 31 means the last day of the month).")
    workday_rule = fields.Selection(
        [("next", "Next Working Day"), ("previous", "Previous Working Day"), ("keep", "Keep the Date")],
        string="On a Non-Working Day",
        required=True,
        default="next",
        help="Where a due date falling on a weekend or a public holiday of the company's working "
        "calendar moves.",
    )

    # Who
    responsible_role = fields.Selection(ROLE_SELECTION, default="user_id")
    lead_days = fields.Integer(
        string="Lead Time (Days)", default=10, help="Work starts this many days before."
    )
    deadline_count = fields.Integer(compute="_compute_deadline_count", string="Deadlines")

    def _compute_deadline_count(self):
        counts = dict(
            self.env["acr.deadline"]._read_group(
                [("template_id", "in", self.ids), ("state", "=", "todo")], ["template_id"], ["__count"]
            )
        )
        for template in self:
            template.deadline_count = counts.get(template, 0)

    @api.constrains(
        "recurrence",
        "interval_months",
        "year_end_month",
        "due_months",
        "due_day",
        "lead_days",
        "responsible_role",
    )
    def _check_recurrence(self):
        for template in self:
            problem = template._acr_recurrence_problem()
            if problem:
                raise ValidationError(
                    self.env._("Deadline template %(name)s: %(problem)s", name=template.name, problem=problem)
                )

    def _acr_recurrence_problem(self):
        """Why the recurrence of this template makes no sense, or False."""
        self.ensure_one()
        if not self.responsible_role:
            return self.env._("choose who is responsible for it.")
        if self.recurrence == "months" and not 1 <= self.interval_months <= 60:
            return self.env._("a period must last between 1 and 60 months.")
        if not 1 <= self.year_end_month <= 12:
            return self.env._("the year must end in a month from 1 to 12.")
        if not 1 <= self.due_day <= 31:
            return self.env._("the due day must be between 1 and 31.")
        if self._acr_period_months() - 1 + self.due_months < 0:
            return self.env._("the due date would fall before the period starts.")
        if self.lead_days < 0:
            return self.env._("the lead time cannot be negative.")
        return False

    def _acr_period_months(self):
        self.ensure_one()
        return PERIOD_MONTHS.get(self.recurrence) or self.interval_months

    def action_regenerate_deadlines(self):
        """Offer to bring the clients' open deadlines in line with this
        template after an edit: a wizard with a preview, never silently."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Regenerate Deadlines"),
            "res_model": "acr.deadline.regenerate.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_template_id": self.id},
        }

    # ------------------------------------------------------------------
    # Applicability
    # ------------------------------------------------------------------
    def _acr_applies(self, client):
        """Whether this template applies to ``client`` (its profile, company,
        and the manager's additions and exclusions on the file)."""
        self.ensure_one()
        if self in client.deadline_excluded_template_ids:
            return False
        if self in client.deadline_extra_template_ids:
            return True
        if self.company_id and self.company_id != client.company_id:
            return False
        if self.country_id and self.country_id != client.country_id:
            return False
        if self.tax_regime_ids and client.tax_regime_id not in self.tax_regime_ids:
            return False
        if self.legal_form_ids and client.legal_form_id not in self.legal_form_ids:
            return False
        if self.vat_condition != "any" and client.vat_payer != (self.vat_condition == "yes"):
            return False
        has_employees = client.employee_count > 0
        return self.employee_condition == "any" or has_employees == (self.employee_condition == "yes")

    # ------------------------------------------------------------------
    # Periods and due dates
    # ------------------------------------------------------------------
    def _acr_periods(self, date_from, date_to, working_days=None):
        """The periods of this template whose due date, moved to a working
        day, falls within [date_from, date_to]: a list of dicts with
        period_start, period_end, period_label, date_due and date_start.

        ``working_days`` is a ``set`` of the working dates around that range
        (``_acr_working_days``); without it, Monday to Friday."""
        self.ensure_one()
        months = self._acr_period_months()
        anchor = self.year_end_month - 1
        first = _month_index(date_from) - self.due_months - 1
        last = _month_index(date_to) - self.due_months + 1
        periods = []
        for end in range(first, last + 1):
            if (end - anchor) % months:
                continue
            start_index = end - months + 1
            due = self._acr_move_to_working_day(
                _month_date(end + self.due_months, self.due_day), working_days
            )
            if not date_from <= due <= date_to:
                continue
            periods.append(
                {
                    "period_start": _month_date(start_index, 1),
                    "period_end": _month_date(end, 31),
                    "period_label": self._acr_period_label(start_index, end, months),
                    "date_due": due,
                    "date_start": due - timedelta(days=self.lead_days),
                }
            )
        return periods

    @api.model
    def _acr_period_label(self, start_index, end_index, months):
        """2027-03, 2027-Q1, 2027-H2, 2027, or 2026-07..2027-06 for periods
        not aligned on the calendar year."""
        start_year, start_month = divmod(start_index, 12)
        end_year, end_month = divmod(end_index, 12)
        if months == 1:
            return f"{end_year}-{end_month + 1:02d}"
        if start_year == end_year and not start_month % months and 12 % months == 0:
            if months == 3:
                return f"{end_year}-Q{end_month // 3 + 1}"
            if months == 6:
                return f"{end_year}-H{end_month // 6 + 1}"
            if months == 12:
                return f"{end_year}"
        return f"{start_year}-{start_month + 1:02d}..{end_year}-{end_month + 1:02d}"

    def _acr_move_to_working_day(self, day, working_days):
        """``day`` moved per the template's rule to the nearest working day."""
        self.ensure_one()
        if self.workday_rule == "keep":
            return day
        step = timedelta(days=1 if self.workday_rule == "next" else -1)
        for _attempt in range(31):
            if (day in working_days) if working_days is not None else day.weekday() < 5:
                return day
            day += step
        return day

    @api.model
    def _acr_working_days(self, company, date_from, date_to):
        """The set of working dates of ``company`` from ``date_from`` to
        ``date_to``: days with work time in its working calendar once its
        leaves (public holidays are global leaves) are taken out. Two
        queries, whatever the range (Odoo's interval tools)."""
        work_calendar = company.resource_calendar_id
        if not work_calendar:
            return None
        tz = pytz.timezone(work_calendar.tz or "UTC")
        start = tz.localize(datetime.combine(date_from, time.min))
        end = tz.localize(datetime.combine(date_to, time.max))
        intervals = work_calendar.sudo()._work_intervals_batch(
            start, end, domain=[("time_type", "=", "leave"), ("company_id", "in", (company.id, False))]
        )[False]
        return {interval[0].date() for interval in intervals}
