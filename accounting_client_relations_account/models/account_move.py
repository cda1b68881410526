import uuid
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    acr_agreement_id = fields.Many2one(
        "acr.agreement", string="Engagement Agreement", index="btree_not_null", copy=False, readonly=True
    )
    acr_client_id = fields.Many2one(
        "acr.client", string="Client File", index="btree_not_null", copy=False, readonly=True
    )
    acr_period_start = fields.Date(string="Fee Period", copy=False, readonly=True)
    acr_reminder_count = fields.Integer(
        string="Reminders Sent",
        copy=False,
        readonly=True,
        help="Friendly overdue reminders sent for this invoice.",
    )
    acr_fee_talk_done = fields.Boolean(
        string="Fee Conversation Offered",
        copy=False,
        readonly=True,
        help="The accountant was asked to talk about fees and the client was invited to book it.",
    )

    _sql_constraints = [
        (
            "acr_agreement_period_unique",
            "UNIQUE (acr_agreement_id, acr_period_start)",
            "An agreement is invoiced once per period.",
        ),
    ]

    def action_acr_open_agreement(self):
        self.ensure_one()
        return self.acr_agreement_id._get_records_action()

    def action_acr_open_client(self):
        self.ensure_one()
        return self.acr_client_id._get_records_action()

    # Overdue fees: friendly reminders, then the fee conversation ----------
    @api.model
    def _acr_overdue_domain(self, today=None):
        """Posted, unpaid customer invoices of agreements past their due date."""
        today = today or fields.Date.context_today(self)
        return [
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("acr_agreement_id", "!=", False),
            ("payment_state", "in", ("not_paid", "partial")),
            ("invoice_date_due", "<", today),
        ]

    @api.model
    def _cron_overdue_fees(self, batch_size=500):
        """Daily: the next friendly reminder of each overdue invoice on the
        company's cadence (each reminder once; a job that missed days sends
        one mail, not the ones it missed), then the fee conversation for the
        clients past the threshold. In batches, progress reported; reminded
        invoices leave the domain, so the job resumes."""
        today = fields.Date.context_today(self)
        Batch = self.env["acr.cron.batch"]
        # Only the companies with overdue fee invoices.
        groups = self.sudo()._read_group(self._acr_overdue_domain(today), ["company_id"])
        for (company,) in groups:
            offsets = company._acr_reminder_offsets()
            Moves = self.sudo().with_company(company)
            if offsets:
                domain = [
                    *self._acr_overdue_domain(today),
                    ("company_id", "=", company.id),
                    ("acr_reminder_count", "<", len(offsets)),
                    ("invoice_date_due", "<=", today - timedelta(days=offsets[0])),
                ]
                Batch._acr_run_batches(
                    Moves,
                    domain,
                    lambda moves, offsets=offsets: moves._acr_send_reminders(today, offsets),
                    batch_size=batch_size,
                )
            if company.acr_fee_talk_days > 0:
                domain = [
                    *self._acr_overdue_domain(today),
                    ("company_id", "=", company.id),
                    ("acr_fee_talk_done", "=", False),
                    ("invoice_date_due", "<=", today - timedelta(days=company.acr_fee_talk_days)),
                ]
                Batch._acr_run_batches(
                    Moves, domain, lambda moves: moves._acr_offer_fee_talk(), batch_size=batch_size
                )

    def _acr_send_reminders(self, today, offsets):
        """Mail each of these invoices the reminder its days overdue call
        for, if not sent yet (the count of reminders sent is the level)."""
        due = self.browse()
        levels = {}
        for move in self:
            overdue = (today - move.invoice_date_due).days
            level = sum(1 for offset in offsets if overdue >= offset)
            if level > move.acr_reminder_count:
                due |= move
                levels[move.id] = level
        if not due:
            return
        # Tokens first: the reminder links to the invoice on the portal.
        for move in due.filtered(lambda m: not m.access_token):
            move.access_token = str(uuid.uuid4())
        template = self.env.ref("accounting_client_relations_account.mail_template_fee_reminder")
        self.env["acr.mail.bulk"]._acr_queue_mails(
            template,
            due,
            recipients={move.id: move.partner_id for move in due},
            values_by_id={move.id: {"days_overdue": (today - move.invoice_date_due).days} for move in due},
        )
        for level in set(levels.values()):
            due.filtered(lambda move, lv=level: levels[move.id] == lv).write({"acr_reminder_count": level})
        due._message_log_batch(
            bodies={
                move.id: Markup("<p>%s</p>")
                % self.env._("Friendly reminder %(level)s mailed to the client.", level=levels[move.id])
                for move in due
            }
        )

    def _acr_offer_fee_talk(self):
        """The client files of these invoices: one 'talk about fees' activity
        for the responsible accountant and one invitation to book the fee
        discussion on the portal, per client, whatever its number of
        overdue invoices."""
        clients = self.acr_client_id
        activity_type = self.env.ref("accounting_client_relations_account.mail_activity_type_fee_talk")
        by_client = {client.id: self.filtered(lambda m, c=client: m.acr_client_id == c) for client in clients}
        self.env["acr.activity.bulk"]._acr_schedule(
            clients,
            activity_type,
            values_by_id={
                client.id: {
                    "user_id": (client.user_id or self.env.user).id,
                    "note": Markup("<p>%s</p>")
                    % self.env._(
                        "Overdue: %(invoices)s. Call the client, calmly and early: what is in the way, and "
                        "what will you agree on?",
                        invoices=", ".join(by_client[client.id].mapped("name")),
                    ),
                }
                for client in clients
            },
        )
        fee_type = self.env.ref("accounting_client_relations.meeting_type_fee", raise_if_not_found=False)
        first = self.browse([by_client[client.id][:1].id for client in clients])
        if fee_type:
            base_url = first[:1].get_base_url() if first else ""
            template = self.env.ref("accounting_client_relations_account.mail_template_fee_talk")
            self.env["acr.mail.bulk"]._acr_queue_mails(
                template,
                first,
                recipients={move.id: move.partner_id for move in first},
                values_by_id={
                    move.id: {
                        "book_url": f"{base_url}/my/meetings/book/{fee_type.id}",
                        "overdue_moves": by_client[move.acr_client_id.id],
                    }
                    for move in first
                },
                documents={move.id: move.acr_client_id for move in first},
            )
        self.write({"acr_fee_talk_done": True})

    @api.model
    def _acr_portal_overdue(self):
        """The current portal user's overdue fee invoices, read with the
        user's own rights (Odoo's portal rule: the invoices of the user's
        company only): the banner on /my."""
        user = self.env.user
        if not user.share or user._is_public():
            return self.browse()
        return self.search(
            [
                *self._acr_overdue_domain(),
                ("partner_id", "child_of", user.partner_id.commercial_partner_id.id),
            ],
            order="invoice_date_due, id",
        )

    def _acr_portal_fee_offer(self, user):
        """The fee-discussion meeting type offered on this invoice's portal
        page: only when it is overdue and the visitor ``user`` (the page's
        invoice is sudo'd as the superuser) is a portal user of the
        invoice's own client."""
        self.ensure_one()
        if not self.acr_client_id or self not in self.filtered_domain(self._acr_overdue_domain()):
            return self.env["acr.meeting.type"]
        client_sudo = self.env["acr.client"].with_user(user)._acr_portal_client()
        if not client_sudo or client_sudo.id != self.acr_client_id.id:
            return self.env["acr.meeting.type"]
        return client_sudo._acr_fee_meeting_type()
