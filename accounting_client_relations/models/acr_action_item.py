import threading
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

DEFAULT_REMINDER_OFFSETS = "-2,0,3"


class AcrActionItem(models.Model):
    """Who does what by when, decided in a meeting. Firm-owned items become
    activities of their owner; client-owned items are chased by mail."""

    _name = "acr.action.item"
    _description = "Action Item"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "state, date_due, id"

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
        """One activity per open firm item, for its owner, due on its date."""
        type_xmlid = "accounting_client_relations.mail_activity_type_action_item"
        activity_type = self.env.ref(type_xmlid)
        to_close = self.filtered(lambda i: i.state != "open" or i.owner_type != "firm")
        to_close.activity_unlink([type_xmlid])
        for item in self - to_close:
            activity = item.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
            vals = {"user_id": item.user_id.id, "date_deadline": item.date_due, "summary": item.name}
            if activity:
                activity.write(vals)
            else:
                item.activity_schedule(type_xmlid, **{**vals, "date_deadline": item.date_due})

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_done(self):
        self._acr_mark_done(comment=False)
        return True

    def action_cancel(self):
        self.write({"state": "cancelled"})
        return True

    def action_reopen(self):
        self.write({"state": "open", "done_date": False})
        return True

    def _acr_mark_done(self, comment):
        for item in self:
            if item.state != "open":
                raise UserError(self.env._("“%(item)s” is no longer open.", item=item.name))
        self.write({"state": "done", "done_date": fields.Datetime.now(), "done_comment": comment or False})
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
    def _acr_portal_lists(self, done_limit=30):
        Item = self.sudo()
        domain = self._acr_portal_domain()
        return {
            "open_items": Item.search([*domain, ("state", "=", "open")], order="date_due, id"),
            "done_items": Item.search(
                [*domain, ("state", "=", "done")], order="done_date desc", limit=done_limit
            ),
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
    def _cron_remind_client_items(self, batch_size=1000):
        """Mail each client owner a reminder at every configured offset from
        the due date (2 days before, on the day, 3 days after by default),
        once per offset; never for done or cancelled items. Works in batches,
        commits between them outside tests, and reports progress."""
        today = fields.Date.context_today(self)
        offsets = self._acr_reminder_offsets()
        if not offsets:
            return
        template = self.env.ref("accounting_client_relations.mail_template_action_item_reminder")
        # Items whose due date puts today on or after one of the offsets, and
        # not past the last one.
        domain = [
            ("state", "=", "open"),
            ("owner_type", "=", "client"),
            ("meeting_id.minutes_sent_date", "!=", False),
            ("date_due", "<=", today - timedelta(days=offsets[0])),
            ("date_due", ">=", today - timedelta(days=offsets[-1])),
        ]
        items = self.search(domain, order="id")
        testing = getattr(threading.current_thread(), "testing", False)
        done = 0
        for start in range(0, len(items), batch_size):
            batch = items[start : start + batch_size]
            to_mail = {}
            for item in batch:
                sent = set((item.reminders_sent or "").split(",")) - {""}
                due_offsets = [o for o in offsets if item.date_due + timedelta(days=o) <= today]
                missing = [o for o in due_offsets if str(o) not in sent]
                if missing:
                    # Only the latest missing step is mailed: a late job does
                    # not send three reminders at once.
                    to_mail[item] = sorted(sent | {str(o) for o in missing}, key=int)
            if to_mail:
                mailed = self.browse([item.id for item in to_mail])
                # Rendered and queued in chunks, not one by one; the chatter
                # note is written in one batch too.
                template.send_mail_batch(mailed.ids)
                mailed._message_log_batch(
                    bodies={
                        item.id: self.env._("Reminder mailed to %(owner)s.", owner=item.partner_id.name)
                        for item in mailed
                    }
                )
                for value, group in self._acr_group_by(to_mail).items():
                    group.reminders_sent = value
            done += len(batch)
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(items) - done)
            if not testing:
                self.env.cr.commit()  # pylint: disable=invalid-commit

    def _acr_group_by(self, values_by_item):
        groups = {}
        for item, offsets in values_by_item.items():
            key = ",".join(offsets)
            groups[key] = groups.get(key, self.browse()) | item
        return groups
