from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .acr_deadline_template import _month_date, _month_index
from .acr_document_request import GENERATION_GRACE_DAYS, OPEN_STATES, parse_offsets


class AcrClient(models.Model):
    """The documents a client owes the firm every month: the expected items
    on the client file and the document requests generated from them."""

    _inherit = "acr.client"

    document_expected_ids = fields.One2many(
        "acr.document.expected",
        "client_id",
        string="Expected Documents",
        help="The checklist of this client's monthly document requests. Empty: the checklist items "
        "expected by default.",
    )
    document_reminder_offsets = fields.Char(
        string="Document Reminders",
        help="This client's own reminder days (e.g. -3,0,3); empty: the company's.",
    )
    document_request_ids = fields.One2many("acr.document.request", "client_id", string="Document Requests")
    document_open_count = fields.Integer(compute="_compute_document_counts", string="Open Document Requests")
    document_late_count = fields.Integer(compute="_compute_document_counts", string="Late Document Requests")

    document_on_time_count = fields.Integer(
        compute="_compute_document_punctuality", string="On Time (12 Months)"
    )
    document_late_recent_count = fields.Integer(
        compute="_compute_document_punctuality", string="Late (12 Months)"
    )
    document_avg_days_late = fields.Float(
        compute="_compute_document_punctuality",
        string="Documents: Average Days Late",
        digits=(16, 1),
        help="Over the requests received late in the last 12 months.",
    )
    surcharge_approved_amount = fields.Monetary(
        compute="_compute_document_punctuality",
        currency_field="fee_currency_id",
        string="Surcharges Approved (12 Months)",
    )
    surcharge_approved_count = fields.Integer(compute="_compute_document_punctuality")
    surcharge_waived_count = fields.Integer(
        compute="_compute_document_punctuality", string="Surcharges Waived (12 Months)"
    )
    document_chronically_late = fields.Boolean(
        compute="_compute_document_chronically_late",
        search="_search_document_chronically_late",
        string="Chronically Late",
        help="Late with its documents in at least 3 of its last 6 requests (company settings).",
    )

    def _compute_document_punctuality(self):
        """The last 12 months of requests due (received or late) and of
        surcharges, in two grouped queries for the whole set."""
        since = fields.Date.context_today(self) - relativedelta(months=12)
        Request = self.env["acr.document.request"]
        groups = (
            Request._read_group(
                [
                    ("client_id", "in", self.ids),
                    ("state", "in", ("received", "late")),
                    ("date_due", ">=", since),
                ],
                ["client_id", "was_late"],
                ["__count", "received_days_late:sum"],
            )
            if self.ids
            else []
        )
        surcharges = (
            self.env["acr.surcharge"]._read_group(
                [("client_id", "in", self.ids), ("request_id.date_due", ">=", since)],
                ["client_id", "state"],
                ["__count", "amount:sum"],
            )
            if self.ids
            else []
        )
        on_time, late, late_days = {}, {}, {}
        for client, was_late, count, days in groups:
            if was_late:
                late[client] = count
                late_days[client] = days
            else:
                on_time[client] = count
        approved, approved_count, waived = {}, {}, {}
        for client, state, count, amount in surcharges:
            if state in ("approved", "invoiced"):
                approved[client] = approved.get(client, 0.0) + amount
                approved_count[client] = approved_count.get(client, 0) + count
            elif state == "waived":
                waived[client] = count
        for client in self:
            client.document_on_time_count = on_time.get(client, 0)
            client.document_late_recent_count = late.get(client, 0)
            client.document_avg_days_late = (
                late_days.get(client, 0) / late[client] if late.get(client) else 0.0
            )
            client.surcharge_approved_amount = approved.get(client, 0.0)
            client.surcharge_approved_count = approved_count.get(client, 0)
            client.surcharge_waived_count = waived.get(client, 0)

    def _compute_document_chronically_late(self):
        chronic = set(self._acr_chronically_late_ids()) if self.ids else set()
        for client in self:
            client.document_chronically_late = client.id in chronic

    def _search_document_chronically_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on chronically late clients."))
        ids = self._acr_chronically_late_ids()
        return [("id", "in" if (operator == "=") == value else "not in", ids)]

    @api.model
    def _acr_chronically_late_ids(self):
        """Ids of the clients late in at least N of their last M requests due
        (received or late; the company's settings, 3 of 6 by default): one
        query with a window function."""
        company = self.env.company
        window = max(company.acr_document_chronic_window or 6, 1)
        threshold = max(company.acr_document_chronic_late or 3, 1)
        self.env["acr.document.request"].flush_model(["client_id", "state", "date_due", "was_late"])
        self.env.cr.execute(
            SQL(
                """SELECT client_id FROM (
                       SELECT client_id, was_late, row_number() OVER (
                                  PARTITION BY client_id ORDER BY date_due DESC, id DESC
                              ) AS rank
                         FROM acr_document_request
                        WHERE state IN ('received', 'late') AND company_id = ANY(%(companies)s)
                   ) AS recent
                   WHERE rank <= %(window)s
                   GROUP BY client_id
                   HAVING count(*) FILTER (WHERE was_late) >= %(threshold)s""",
                companies=self.env.companies.ids,
                window=window,
                threshold=threshold,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _compute_document_counts(self):
        groups = (
            self.env["acr.document.request"]._read_group(
                [("client_id", "in", self.ids), ("state", "in", OPEN_STATES)],
                ["client_id", "state"],
                ["__count"],
            )
            if self.ids
            else []
        )
        open_count, late_count = {}, {}
        for client, state, count in groups:
            open_count[client] = open_count.get(client, 0) + count
            if state == "late":
                late_count[client] = late_count.get(client, 0) + count
        for client in self:
            client.document_open_count = open_count.get(client, 0)
            client.document_late_count = late_count.get(client, 0)

    def action_discuss_punctuality(self):
        """Open *Discuss Punctuality* (the invitation and the new terms)."""
        self.ensure_one()
        if not self._acr_signed_agreements().get(self.id):
            raise UserError(self.env._("The client has no running agreement to amend."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Discuss Punctuality"),
            "res_model": "acr.punctuality.discuss",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_client_id": self.id},
        }

    def action_view_document_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "accounting_client_relations.acr_document_request_action"
        )
        action["domain"] = [("client_id", "=", self.id)]
        action["context"] = {"default_client_id": self.id}
        return action

    def _acr_document_offsets(self):
        """The reminder days of this client: its own, or its company's."""
        self.ensure_one()
        return parse_offsets(self.document_reminder_offsets) or parse_offsets(
            self.company_id.acr_document_reminder_offsets
        )

    # ------------------------------------------------------------------
    # Generation
    # ------------------------------------------------------------------
    @api.model
    def _acr_document_due_date(self, period_index, submission_day, working_days):
        """The submission day of the month after period ``period_index``,
        moved to the next working day (``working_days``: a set of dates, or
        None for Monday to Friday)."""
        day = _month_date(period_index + 1, submission_day or 10)
        for _attempt in range(31):
            if (day in working_days) if working_days is not None else day.weekday() < 5:
                return day
            day += timedelta(days=1)
        return day

    def _acr_document_checklists(self):
        """{client: [item values]}: each client's expected documents, or the
        default checklist items of its company. Two queries for the set."""
        Template = self.env["acr.document.template"].sudo()
        defaults = Template.search([("default_expected", "=", True)])
        result = {}
        for client in self:
            lines = client.document_expected_ids.filtered("active")
            if lines:
                result[client] = [
                    {
                        "name": line.name,
                        "template_id": line.template_id.id,
                        "kind": line.template_id.kind,
                        "sequence": line.sequence,
                    }
                    for line in lines
                ]
            else:
                result[client] = [
                    {"name": t.name, "template_id": t.id, "kind": t.kind, "sequence": t.sequence}
                    for t in defaults
                    if not t.company_id or t.company_id == client.company_id
                ]
        return result

    def _acr_generate_document_requests(self):
        """Create the document requests of the clients of ``self`` with a
        running agreement whose due date comes within the company's notice
        (``acr_document_lead_days``, 7 by default), or passed by no more than
        a few days. Idempotent: the requests that exist are read in one query
        and the database's unique key backs it. A flat number of queries for
        the set. Returns the new requests."""
        clients = self.sudo()
        Request = self.env["acr.document.request"].sudo()
        signed = clients._acr_signed_agreements()
        clients = clients.filtered(lambda c: c.id in signed)
        if not clients:
            return Request
        today = fields.Date.context_today(self)
        current = _month_index(today)
        periods = [current - 2, current - 1, current]
        existing = {
            (client.id, start)
            for client, start in Request._read_group(
                [("client_id", "in", clients.ids), ("period_start", ">=", _month_date(periods[0], 1))],
                ["client_id", "period_start:day"],
            )
        }
        checklists = clients._acr_document_checklists()
        Template = self.env["acr.deadline.template"]
        vals_list = []
        for company, company_clients in clients.grouped("company_id").items():
            lead = company.acr_document_lead_days
            working_days = Template._acr_working_days(
                company, today - timedelta(days=100), today + timedelta(days=70)
            )
            for client in company_clients:
                agreement = signed[client.id]
                for period in periods:
                    start = _month_date(period, 1)
                    if (client.id, start) in existing:
                        continue
                    due = self._acr_document_due_date(period, agreement.submission_day, working_days)
                    if not due - timedelta(days=lead) <= today <= due + timedelta(days=GENERATION_GRACE_DAYS):
                        continue
                    vals_list.append(
                        {
                            "client_id": client.id,
                            "agreement_id": agreement.id,
                            "user_id": client.user_id.id,
                            "period_start": start,
                            "period_label": f"{start.year}-{start.month:02d}",
                            "date_due": due,
                            "item_ids": [fields.Command.create(vals) for vals in checklists[client]],
                        }
                    )
        if not vals_list:
            return Request
        return Request.with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True, mail_notrack=True
        ).create(vals_list)
