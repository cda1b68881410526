from markupsafe import Markup

from odoo import api, fields, models


class AcrActivityBulk(models.AbstractModel):
    """The one way this addon creates many activities.

    Odoo's ``mail.activity.create`` mails every assignee once per activity
    (``action_notify``: a QWeb render and a notification each), which made a
    checklist launch for 1,000 clients cost 45,000 queries. Here the
    activities are created in one batch under Odoo's own
    ``mail_activity_quick_update`` context, which skips those mails, and each
    assignee other than the current user is then told once, with the list of
    what was assigned. Followers are subscribed by Odoo in batches per model
    and user."""

    _name = "acr.activity.bulk"
    _description = "Bulk Activities"

    # An assignee's notice lists at most this many activities.
    NOTICE_LINES = 20

    @api.model
    def _acr_create(self, vals_list, notify=True):
        """Create the activities of ``vals_list`` in one batch and notify
        each assignee once. Returns the activities."""
        activities = self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)
        if notify:
            self._acr_notify_assignees(activities)
        return activities

    @api.model
    def _acr_schedule(self, records, activity_type, values=None, values_by_id=None, notify=True):
        """One activity of ``activity_type`` on each record, with the
        defaults of ``activity_schedule`` (the type's deadline, summary, note
        and default user), ``values`` for all and ``values_by_id`` per record
        id (``user_id``, ``summary``, ``date_deadline``...)."""
        if not records:
            return self.env["mail.activity"]
        if isinstance(activity_type, str):
            activity_type = self.env.ref(activity_type)
        model_id = self.env["ir.model"]._get_id(records._name)
        base = {
            "res_model_id": model_id,
            "activity_type_id": activity_type.id,
            "automated": True,
            "summary": activity_type.summary,
            "note": activity_type.default_note,
            "user_id": activity_type.default_user_id.id or self.env.uid,
            **(values or {}),
        }
        if "date_deadline" not in base:
            base["date_deadline"] = activity_type._get_date_deadline()
        vals_list = [
            {**base, "res_id": record.id, **((values_by_id or {}).get(record.id) or {})} for record in records
        ]
        return self._acr_create(vals_list, notify=notify)

    @api.model
    def _acr_notify_assignees(self, activities):
        """Tell each assignee (but the current user) once what was assigned
        to them, in their language: one notification per user, not per
        activity."""
        others = activities.filtered(lambda a: a.user_id and a.user_id != self.env.user)
        for user, assigned in others.grouped("user_id").items():
            env = self.with_context(lang=user.lang or self.env.lang).env
            lines = Markup().join(
                Markup("<li>%s: %s (%s)</li>")
                % (
                    activity.res_name or "",
                    activity.summary or activity.activity_type_id.name,
                    fields.Date.to_string(activity.date_deadline),
                )
                for activity in assigned[: self.NOTICE_LINES]
            )
            more = len(assigned) - self.NOTICE_LINES
            body = Markup("<ul>%s</ul>") % lines
            if more > 0:
                body += Markup("<p>%s</p>") % env._("… and %(count)s more.", count=more)
            self.env["mail.thread"].sudo().message_notify(
                partner_ids=user.partner_id.ids,
                subject=env._("%(count)s new activities assigned to you", count=len(assigned)),
                body=body,
                email_layout_xmlid="mail.mail_notification_light",
            )
