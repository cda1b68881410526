import psycopg2

try:
    import vobject
except ImportError:  # calendar itself works without it, and so do we
    vobject = None

from odoo import api, fields, models, tools
from odoo.exceptions import UserError


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    acr_meeting_id = fields.Many2one(
        "acr.meeting", string="Client Meeting", index="btree_not_null", ondelete="set null", copy=False
    )
    acr_buffer_minutes = fields.Integer(
        string="Buffer After (minutes)",
        copy=False,
        help="Time kept free after this event for notes: clients cannot book it.",
    )

    def init(self):
        """Indexes for busy-time lookups (Odoo 18 has none on these columns):
        an accountant's events by end date, and any range by start/stop."""
        res = super().init()
        tools.create_index(
            self.env.cr, "acr_calendar_event_user_stop_index", self._table, ["user_id", "stop"]
        )
        tools.create_index(self.env.cr, "acr_calendar_event_start_stop_index", self._table, ["start", "stop"])
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_booked_client_meeting(self):
        """A booked client meeting keeps its event (the database refuses a
        booking without one): the meeting is cancelled or moved instead,
        which tells the client."""
        meetings = (
            self.env["acr.meeting"]
            .sudo()
            .search([("event_id", "in", self.ids), ("state", "in", ("booked", "prepared"))], limit=1)
        )
        if meetings:
            raise UserError(
                self.env._(
                    "%(event)s is the client meeting %(meeting)s: cancel or move the meeting instead, "
                    "so that the client is told.",
                    event=meetings.event_id.name,
                    meeting=meetings.name,
                )
            )

    def _get_ics_file(self):
        """Odoo's calendar file, and for a client meeting: the video link as
        LOCATION (when there is no room) and URL, and the agenda as the
        DESCRIPTION with its line breaks, must-discuss topics first."""
        result = super()._get_ics_file()
        if not vobject:
            return result
        for event in self.filtered(lambda e: e.acr_meeting_id and e.id in result):
            calendar = vobject.readOne(result[event.id].decode())
            vevent = calendar.vevent
            link = event.videocall_location
            if link:
                if "location" not in vevent.contents:
                    vevent.add("location").value = link
                vevent.add("url").value = link
            vevent.contents.pop("description", None)
            vevent.add("description").value = event.acr_meeting_id.sudo()._acr_agenda_text()
            result[event.id] = calendar.serialize().encode()
        return result

    def write(self, vals):
        res = super().write(vals)
        # A move made by the meeting itself (its transition) is not followed back.
        if self.env["acr.meeting"]._acr_guard_open() or not ({"start", "stop"} & set(vals)):
            return res
        # The firm moved a client meeting in its calendar: the meeting follows.
        for event in self.filtered(lambda e: e.acr_meeting_id.state in ("booked", "prepared")):
            meeting = event.acr_meeting_id.sudo()
            duration = max(int((event.stop - event.start).total_seconds() // 60), 1)
            try:
                with self.env.cr.savepoint():
                    meeting._acr_transition_write(
                        {
                            "start": event.start,
                            "duration_minutes": duration,
                            "reminder_hours_sent": meeting._acr_reminder_already_due(event.start),
                        }
                    )
                    meeting.flush_recordset()
            except psycopg2.errors.ExclusionViolation:
                raise UserError(
                    self.env._(
                        "%(meeting)s cannot move there: it would overlap another client meeting.",
                        meeting=meeting.name,
                    )
                ) from None
            meeting.message_post(
                body=self.env._("Moved in the calendar by %(user)s.", user=self.env.user.name),
                subtype_xmlid="mail.mt_note",
            )
        return res
