from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models


class AcrCommunicationReview(models.Model):
    """A supervisor's monthly look at the communication records of the
    important clients (the client file's star): one review per reviewer and
    month, one line per client with the month's tactical contacts, meetings
    and minutes counted, and the reviewer's verdict. A verdict *expectation
    gap* or *risk* is a line of the expectation gap report."""

    _name = "acr.communication.review"
    _description = "Communication Review"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "month desc, id desc"
    _rec_name = "month"

    reviewer_id = fields.Many2one("res.users", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    month = fields.Date(required=True, index=True, help="The first day of the month reviewed.")
    line_ids = fields.One2many("acr.communication.review.line", "review_id", string="Clients")

    _sql_constraints = [
        (
            "reviewer_month_uniq",
            "unique (reviewer_id, month, company_id)",
            "This reviewer already has a review for this month.",
        )
    ]

    @api.depends("month", "reviewer_id")
    def _compute_display_name(self):
        for review in self:
            review.display_name = self.env._(
                "Communication review %(month)s, %(reviewer)s",
                month=review.month.strftime("%Y-%m") if review.month else "",
                reviewer=review.reviewer_id.name or "",
            )

    @api.model
    def _cron_monthly_reviews(self):
        """On the first days of a month: a review of the month before for
        each coordinator of important clients, with one activity each. Run
        twice, it creates nothing twice."""
        month_end = fields.Date.context_today(self).replace(day=1)
        month = month_end - relativedelta(months=1)
        clients = self.env["acr.client"].search(
            [("priority", "=", "1"), ("coordinator_id", "!=", False), ("stage_id.is_closed", "=", False)]
        )
        existing = {
            (review.reviewer_id, review.company_id)
            for review in self.search(
                [("month", "=", month), ("reviewer_id", "in", clients.coordinator_id.ids)]
            )
        }
        by_reviewer = defaultdict(lambda: self.env["acr.client"])
        for client in clients:
            if (client.coordinator_id, client.company_id) not in existing:
                by_reviewer[(client.coordinator_id, client.company_id)] |= client
        if not by_reviewer:
            return self.browse()
        counts = self._acr_month_counts(clients, month, month_end)
        reviews = self.create(
            [
                {
                    "reviewer_id": reviewer.id,
                    "company_id": company.id,
                    "month": month,
                    "line_ids": [
                        fields.Command.create(
                            {
                                "client_id": client.id,
                                "contact_count": counts["contacts"].get(client, 0),
                                "meeting_count": counts["meetings"].get(client, 0),
                                "minutes_count": counts["minutes"].get(client, 0),
                            }
                        )
                        for client in reviewed
                    ],
                }
                for (reviewer, company), reviewed in by_reviewer.items()
            ]
        )
        values_by_id = {}
        for review in reviews:
            env = self.with_context(lang=review.reviewer_id.lang or self.env.lang).env
            rows = Markup().join(
                Markup("<li>%s: %s</li>")
                % (
                    line.client_id.display_name,
                    env._(
                        "%(contacts)s contacts, %(meetings)s meetings, %(minutes)s minutes",
                        contacts=line.contact_count,
                        meetings=line.meeting_count,
                        minutes=line.minutes_count,
                    ),
                )
                for line in review.line_ids
            )
            values_by_id[review.id] = {
                "user_id": review.reviewer_id.id,
                "summary": env._(
                    "Review the communication of %(count)s important clients", count=len(review.line_ids)
                ),
                "note": Markup("<ul>%s</ul>") % rows,
            }
        self.env["acr.activity.bulk"]._acr_schedule(
            reviews, "mail.mail_activity_data_todo", values_by_id=values_by_id
        )
        return reviews

    @api.model
    def _acr_month_counts(self, clients, month, month_end):
        start, end = fields.Datetime.to_datetime(month), fields.Datetime.to_datetime(month_end)
        contacts = (
            self.env["acr.contact.log"]
            .sudo()
            ._read_group(
                [("client_id", "in", clients.ids), ("date", ">=", start), ("date", "<", end)],
                ["client_id"],
                ["__count"],
            )
        )
        meetings = (
            self.env["acr.meeting"]
            .sudo()
            ._read_group(
                [
                    ("client_id", "in", clients.ids),
                    ("state", "=", "held"),
                    ("start", ">=", start),
                    ("start", "<", end),
                ],
                ["client_id"],
                ["__count"],
            )
        )
        minutes = (
            self.env["acr.meeting"]
            .sudo()
            ._read_group(
                [
                    ("client_id", "in", clients.ids),
                    ("minutes_sent_date", ">=", start),
                    ("minutes_sent_date", "<", end),
                ],
                ["client_id"],
                ["__count"],
            )
        )
        return {"contacts": dict(contacts), "meetings": dict(meetings), "minutes": dict(minutes)}


class AcrCommunicationReviewLine(models.Model):
    _name = "acr.communication.review.line"
    _description = "Communication Review Line"
    _order = "review_id, id"

    review_id = fields.Many2one("acr.communication.review", required=True, ondelete="cascade", index=True)
    client_id = fields.Many2one("acr.client", required=True, ondelete="cascade", index=True)
    contact_count = fields.Integer(string="Contacts", readonly=True)
    meeting_count = fields.Integer(string="Meetings", readonly=True)
    minutes_count = fields.Integer(string="Minutes Sent", readonly=True)
    verdict = fields.Selection(
        [("fine", "Fine"), ("gap", "Expectation gap"), ("risk", "Risk")],
        help="An expectation gap or a risk is added to the expectation gap report.",
    )
    note = fields.Char()
    gap_id = fields.Many2one("acr.expectation.gap", readonly=True, copy=False)

    def write(self, vals):
        res = super().write(vals)
        if "verdict" in vals:
            self._acr_sync_gap()
        return res

    def _acr_sync_gap(self):
        """One gap report line per verdict *gap* or *risk*."""
        Gap = self.env["acr.expectation.gap"].sudo()
        for line in self:
            kind = {"gap": "review_gap", "risk": "review_risk"}.get(line.verdict)
            if not kind:
                line.gap_id.sudo().unlink()
                continue
            client = line.client_id
            vals = {
                "client_id": client.id,
                "company_id": client.company_id.id,
                "kind": kind,
                "date": line.review_id.month,
                "segment_id": client.segment_id.id,
                "user_id": client.user_id.id,
            }
            if line.gap_id:
                line.gap_id.sudo().write(vals)
            else:
                line.sudo().gap_id = Gap.create(vals)
