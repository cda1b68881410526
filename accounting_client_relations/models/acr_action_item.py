from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import check_plain_text

DEFAULT_REMINDER_OFFSETS = "-2,0,3"


class AcrActionItem(models.Model):
    """Who does what by when, decided in a meeting. Firm-owned items become
    activities of their owner; client-owned items are chased by mail."""

    _name = "acr.action.item"
    _description = "Action Item"
    _inherit = ["mail.thread", "mail.activity.mixin", "acr.state.guard.mixin"]
    _order = "state, date_due, id"
    # Done, cancelled and reopened through the buttons and the portal only;
    # when and with what words the client closed it are its facts.
    _acr_guarded_fields = ("state", "done_date", "done_comment")
    _acr_frozen_fields = ("meeting_id", "owner_type", "partner_id")
    _acr_editable_states = ("open",)

    name = fields.Char(string="Action", required=True, tracking=True)
    meeting_id = fields.Many2one("acr.meeting", required=True, index=True, ondelete="cascade")
    client_id = fields.Many2one(related="meeting_id.client_id", store=True, index=True)
    commercial_partner_id = fields.Many2one(
        related="meeting_id.commercial_partner_id", store=True, index=True
    )
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)
    owner_type = fields.Selection(
        [("firm", "Firm"), ("client", "Client")], required=True, default="firm", tracking=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Firm Owner",
        index="btree_not_null",
        tracking=True,
        domain="[('share', '=', False)]",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Client Owner",
        index="btree_not_null",
        tracking=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
    )
    date_due = fields.Date(string="Due Date", required=True, tracking=True, index=True)
    state = fields.Selection(
        [("open", "Open"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="open",
        required=True,
        tracking=True,
        index=True,
    )
    done_date = fields.Datetime(readonly=True, copy=False)
    done_comment = fields.Text(copy=False)
    reminders_sent = fields.Char(
        readonly=True, copy=False, help="Reminder offsets (days from the due date) already mailed."
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")

    @api.depends("date_due", "state")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for item in self:
            item.is_overdue = item.state == "open" and item.date_due and item.date_due < today

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue action items."))
        overdue = [("state", "=", "open"), ("date_due", "<", fields.Date.context_today(self))]
        positive = (operator == "=") == value
        return overdue if positive else ["!", "&", *overdue]

    @api.constrains("owner_type", "user_id", "partner_id")
    def _check_owner(self):
        for item in self:
            if item.owner_type == "firm" and not item.user_id:
                raise ValidationError(self.env._("A firm action item needs its owner at the firm."))
            if item.owner_type == "client":
                if not item.partner_id:
                    raise ValidationError(self.env._("A client action item needs its owner at the client."))
                if item.partner_id.commercial_partner_id != item.commercial_partner_id:
                    raise ValidationError(
                        self.env._("The owner of a client action item must be one of its contacts.")
                    )

    @api.model_create_multi
    def create(self, vals_list):
        items = super().create(vals_list)
        items._acr_sync_activities()
        return items

    def write(self, vals):
        res = super().write(vals)
        if {"owner_type", "user_id", "date_due", "state", "name"} & set(vals):
            self._acr_sync_activities()
        return res

    def _acr_owner_name(self):
        self.ensure_one()
        return (self.user_id if self.owner_type == "firm" else self.partner_id).name or ""

    def _acr_sync_activities(self):
        """One activity per open firm item, for its owner, due on its date;
        new ones created in one batch (``acr.activity.bulk``)."""
        type_xmlid = "accounting_client_relations.mail_activity_type_action_item"
        activity_type = self.env.ref(type_xmlid)
        to_close = self.filtered(lambda i: i.state != "open" or i.owner_type != "firm")
        to_close.activity_unlink([type_xmlid])
        to_create = {}
        for item in self - to_close:
            activity = item.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
            vals = {"user_id": item.user_id.id, "date_deadline": item.date_due, "summary": item.name}
            if activity:
                activity.write(vals)
            else:
                to_create[item.id] = vals
        if to_create:
            self.env["acr.activity.bulk"]._acr_schedule(
                self.browse(list(to_create)), activity_type, values_by_id=to_create
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_done(self):
        self._acr_mark_done(comment=False)
        return True

    def action_cancel(self):
        if any(item.state != "open" for item in self):
            raise UserError(self.env._("Only open action items can be cancelled."))
        self._acr_transition_write({"state": "cancelled"})
        return True

    def action_reopen(self):
        if any(item.state == "open" for item in self):
            raise UserError(self.env._("This action item is already open."))
        self._acr_transition_write({"state": "open", "done_date": False, "done_comment": False})
        return True

    def _acr_frozen_message(self, fnames):
        return self.env._(
            "%(record)s is no longer open: reopen it to change %(fields)s.",
            record=self.display_name,
            fields=", ".join(self._acr_field_labels(fnames)),
        )

    def _acr_mark_done(self, comment):
        for item in self:
            if item.state != "open":
                raise UserError(self.env._("“%(item)s” is no longer open.", item=item.name))
        self._acr_transition_write(
            {"state": "done", "done_date": fields.Datetime.now(), "done_comment": comment or False}
        )
        author = self.env.user.partner_id
        for item in self:
            body = self.env._("%(who)s marked “%(item)s” done.", who=author.name, item=item.name)
            if comment:
                body = Markup("%s<br/>%s") % (body, comment)
            item.message_post(body=body, subtype_xmlid="mail.mt_note")
            item.meeting_id.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _acr_portal_mark_done(self, comment):
        """The client closes one of its own items (records sudo'd by the
        controller after its ownership check); checked again here."""
        self.ensure_one()
        partner = self.env.user.partner_id.commercial_partner_id
        if self.commercial_partner_id != partner or not self.meeting_id.minutes_sent_date:
            raise AccessError(self.env._("This action item is not yours."))
        if self.owner_type != "client":
            raise UserError(self.env._("Only your own action items can be marked done."))
        check_plain_text(self.env, {self.env._("Your comment"): comment})
        self._acr_mark_done(comment)

    # ------------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------------
    @api.model
    def _acr_portal_domain(self):
        partner = self.env.user.partner_id.commercial_partner_id
        return [
            ("commercial_partner_id", "=", partner.id),
            ("state", "!=", "cancelled"),
            ("meeting_id.minutes_sent_date", "!=", False),
        ]

    @api.model
    def _acr_portal_open_count(self):
        return self.sudo().search_count([*self._acr_portal_domain(), ("state", "=", "open")])

    @api.model
    def _acr_portal_due_count(self):
        """The client's own open items due today or earlier."""
        return self.sudo().search_count(
            [
                *self._acr_portal_domain(),
                ("state", "=", "open"),
                ("owner_type", "=", "client"),
                ("date_due", "<=", fields.Date.context_today(self)),
            ]
        )

    @api.model
    def _acr_portal_lists(self, done_limit=30, offset=0, limit=None):
        """The client's open items (``limit`` from ``offset``: one page),
        how many are open, and its latest done items."""
        Item = self.sudo()
        domain = self._acr_portal_domain()
        open_domain = [*domain, ("state", "=", "open")]
        return {
            "open_items": Item.search(open_domain, order="date_due, id", offset=offset, limit=limit),
            "open_count": Item.search_count(open_domain) if limit else None,
            "done_items": Item.search(
                [*domain, ("state", "=", "done")], order="done_date desc", limit=done_limit
            )
            if done_limit
            else Item.browse(),
        }

    # ------------------------------------------------------------------
    # Reminders
    # ------------------------------------------------------------------
    @api.model
    def _acr_reminder_offsets(self):
        raw = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("acr.action_reminder_offsets", DEFAULT_REMINDER_OFFSETS)
        )
        offsets = []
        for part in (raw or "").split(","):
            try:
                offsets.append(int(part.strip()))
            except ValueError:
                continue
        return sorted(set(offsets))

    @api.model
    def _acr_reminder_domain(self, today=None):
        """Open client items, with sent minutes, whose due date puts today on
        or after one of the reminder offsets and not past the last one."""
        today = today or fields.Date.context_today(self)
        offsets = self._acr_reminder_offsets()
        if not offsets:
            return [(0, "=", 1)]
        return [
            ("state", "=", "open"),
            ("owner_type", "=", "client"),
            ("meeting_id.minutes_sent_date", "!=", False),
            ("date_due", "<=", today - timedelta(days=offsets[0])),
            ("date_due", ">=", today - timedelta(days=offsets[-1])),
        ]

    def _acr_due_reminders(self, today, offsets):
        """``{item: new reminders_sent}`` for the items of ``self`` owing a
        reminder today. Only the latest missing step counts: a late job does
        not send three reminders at once, and each step is recorded once."""
        due = {}
        for item in self:
            sent = set((item.reminders_sent or "").split(",")) - {""}
            missing = [
                o for o in offsets if item.date_due + timedelta(days=o) <= today and str(o) not in sent
            ]
            if missing:
                due[item] = ",".join(sorted(sent | {str(o) for o in missing}, key=int))
        return due

    @api.model
    def _cron_remind_client_items(self, batch_size=5000):
        """One digest a day per client contact listing every item of theirs
        due for a reminder (2 days before, on the day, 3 days after by
        default, ``acr.action_reminder_offsets``), never for done or cancelled
        items; each item's step is recorded once in ``reminders_sent``.

        The digest template is rendered once per language for all contacts of
        a batch and the mails queued in one batch (``acr.mail.bulk``); the job
        walks the items in batches (``acr.cron.batch``). A contact's items all
        go into the same batch, so each gets one digest."""
        today = fields.Date.context_today(self)
        offsets = self._acr_reminder_offsets()
        if not offsets:
            return
        template = self.env.ref("accounting_client_relations.mail_template_action_item_digest")
        domain = self._acr_reminder_domain(today)
        # Batches of contacts, not of items: one digest per contact.
        Partner = self.env["res.partner"]
        partner_domain = [("acr_action_item_ids", "any", domain)]

        def process(partners):
            items = self.search([*domain, ("partner_id", "in", partners.ids)], order="date_due, id")
            due = items._acr_due_reminders(today, offsets)
            if not due:
                return
            mailed = self.browse([item.id for item in due])
            by_partner = mailed.grouped("partner_id")
            self.env["acr.mail.bulk"]._acr_queue_digests(
                template,
                {
                    partner: {
                        "items": lines,
                        "accountant": lines.meeting_id.user_id[:1],
                        "company": lines.company_id[:1],
                    }
                    for partner, lines in by_partner.items()
                },
                documents={partner.id: lines.client_id[:1] for partner, lines in by_partner.items()},
            )
            for value, group in self._acr_group_by(due).items():
                group.with_context(tracking_disable=True).reminders_sent = value

        self.env["acr.cron.batch"]._acr_run_batches(Partner, partner_domain, process, batch_size=batch_size)

    def _acr_group_by(self, values_by_item):
        groups = {}
        for item, value in values_by_item.items():
            groups[value] = groups.get(value, self.browse()) | item
        return groups
