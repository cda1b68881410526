import math
from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# A reminder goes to the accountants behind at most once in this many days.
REMINDER_DAYS = 7


class AcrInterviewTarget(models.Model):
    """How many clients of a segment the lead accountants interview in a
    quarter: held interviews (meetings of the *client interview* kind, held)
    against the target, in total and per accountant. From the middle of the
    quarter, a target whose interviews lag behind the time elapsed is
    *behind*, and a weekly job reminds its accountants."""

    _name = "acr.interview.target"
    _description = "Interview Target"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "quarter_start desc, segment_id, id"
    _check_company_auto = True

    def _default_quarter_start(self):
        today = fields.Date.context_today(self)
        return today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)

    name = fields.Char(compute="_compute_name", store=True)
    segment_id = fields.Many2one("acr.segment", required=True, ondelete="restrict", index=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    quarter_start = fields.Date(required=True, default=lambda self: self._default_quarter_start(), index=True)
    quarter_end = fields.Date(compute="_compute_name", store=True)
    target_count = fields.Integer(string="Target", required=True, default=10)
    user_ids = fields.Many2many(
        "res.users",
        string="Accountants",
        domain="[('share', '=', False)]",
        help="The accountants who share the target. Empty: interviews by anyone count.",
    )
    held_count = fields.Integer(compute="_compute_progress", string="Held")
    progress = fields.Float(compute="_compute_progress", string="Progress (%)")
    behind = fields.Boolean(
        compute="_compute_progress",
        search="_search_behind",
        help="From the middle of the quarter: fewer interviews held than the share of the target due by "
        "today.",
    )
    held_by_user = fields.Text(compute="_compute_progress", string="Held per Accountant")
    last_reminder_date = fields.Date(readonly=True, copy=False)

    _sql_constraints = [
        ("target_positive", "CHECK (target_count > 0)", "The target must be at least one interview."),
        (
            "segment_quarter_uniq",
            "unique (segment_id, quarter_start, company_id)",
            "This segment already has a target for this quarter.",
        ),
    ]

    @api.depends("segment_id", "quarter_start")
    def _compute_name(self):
        for target in self:
            start = target.quarter_start
            target.quarter_end = start + relativedelta(months=3, days=-1) if start else False
            target.name = (
                f"{target.segment_id.name or ''} Q{(start.month - 1) // 3 + 1} {start.year}"
                if start
                else False
            )

    def _acr_held_groups(self):
        """{(segment, quarter start): {user: held count}} for ``self``, in one
        grouped query."""
        if not self:
            return {}
        start, end = min(self.mapped("quarter_start")), max(self.mapped("quarter_end"))
        groups = (
            self.env["acr.meeting"]
            .sudo()
            ._read_group(
                [
                    ("kind", "=", "interview"),
                    ("state", "=", "held"),
                    ("client_id.segment_id", "in", self.segment_id.ids),
                    ("start", ">=", fields.Datetime.to_datetime(start)),
                    ("start", "<", fields.Datetime.to_datetime(end + timedelta(days=1))),
                ],
                ["client_id", "start:quarter", "user_id"],
                ["__count"],
            )
        )
        result = defaultdict(lambda: defaultdict(int))
        for client, quarter, user, count in groups:
            result[(client.segment_id.id, quarter.date())][user] += count
        return result

    def _compute_progress(self):
        today = fields.Date.context_today(self)
        held = self._acr_held_groups()
        for target in self:
            if not target.quarter_start:
                target.held_count, target.progress, target.behind, target.held_by_user = 0, 0.0, False, False
                continue
            by_user = held.get((target.segment_id.id, target.quarter_start), {})
            if target.user_ids:
                by_user = {user: count for user, count in by_user.items() if user in target.user_ids}
            target.held_count = sum(by_user.values())
            target.progress = (
                min(100.0 * target.held_count / target.target_count, 100.0) if target.target_count else 0
            )
            target.behind = target._acr_is_behind(today, target.held_count)
            target.held_by_user = (
                "\n".join(
                    f"{user.name}: {by_user.get(user, 0)} / {target._acr_user_share()}"
                    for user in target.user_ids
                )
                or False
            )

    def _search_behind(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("Unsupported search on targets behind."))
        today = fields.Date.context_today(self)
        candidates = self.search([("quarter_start", "<=", today), ("quarter_end", ">=", today)])
        ids = candidates.filtered("behind").ids
        return [("id", "in" if (operator == "=") == value else "not in", ids)]

    def _acr_user_share(self):
        self.ensure_one()
        return math.ceil(self.target_count / len(self.user_ids)) if self.user_ids else self.target_count

    def _acr_is_behind(self, today, held):
        """Behind from the middle of the quarter: fewer held than the target
        pro rata to the days elapsed."""
        self.ensure_one()
        start, end = self.quarter_start, self.quarter_end
        length = (end - start).days + 1
        elapsed = (min(today, end) - start).days + 1
        if today < start or elapsed * 2 < length:
            return False
        return held < self.target_count * elapsed / length

    @api.constrains("quarter_start")
    def _check_quarter_start(self):
        for target in self:
            start = target.quarter_start
            if start and (start.day != 1 or start.month not in (1, 4, 7, 10)):
                raise ValidationError(self.env._("A quarter starts on 1 January, April, July or October."))

    def action_suggested_clients(self):
        """The segment's clients not interviewed in the last twelve months."""
        self.ensure_one()
        since = fields.Datetime.now() - relativedelta(months=12)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "accounting_client_relations.acr_client_action_all"
        )
        action["domain"] = [
            ("segment_id", "=", self.segment_id.id),
            ("company_id", "=", self.company_id.id),
            ("stage_id.marks_active", "=", True),
            (
                "meeting_ids",
                "not any",
                [("kind", "=", "interview"), ("state", "=", "held"), ("start", ">=", since)],
            ),
        ]
        action["name"] = self.env._("Clients to interview: %(segment)s", segment=self.segment_id.name)
        action["context"] = {}
        return action

    @api.model
    def _cron_remind_behind(self):
        """Once a week at most: one activity per accountant of each target of
        the current quarter that is behind."""
        today = fields.Date.context_today(self)
        targets = self.search(
            [
                ("quarter_start", "<=", today),
                ("quarter_end", ">=", today),
                "|",
                ("last_reminder_date", "=", False),
                ("last_reminder_date", "<=", today - timedelta(days=REMINDER_DAYS)),
            ]
        ).filtered("behind")
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        values_by_user = []
        for target in targets:
            for user in target.user_ids:
                values_by_user.append((target, user))
        if values_by_user:
            model_id = self.env["ir.model"]._get_id(self._name)
            vals_list = []
            for target, user in values_by_user:
                env = self.with_context(lang=user.lang or self.env.lang).env
                vals_list.append(
                    {
                        "res_model_id": model_id,
                        "res_id": target.id,
                        "activity_type_id": activity_type.id,
                        "user_id": user.id,
                        "automated": True,
                        "date_deadline": today + timedelta(days=REMINDER_DAYS),
                        "summary": env._(
                            "Interviews behind: %(held)s of %(target)s held for %(name)s",
                            held=target.held_count,
                            target=target.target_count,
                            name=target.name,
                        ),
                        "note": Markup("<p>%s</p>")
                        % env._("Open the target and use Suggested Clients to find whom to interview."),
                    }
                )
            self.env["acr.activity.bulk"]._acr_create(vals_list)
        targets.write({"last_reminder_date": today})
        return targets
