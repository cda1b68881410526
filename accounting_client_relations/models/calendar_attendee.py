from odoo import models, tools


class CalendarAttendee(models.Model):
    _inherit = "calendar.attendee"

    def init(self):
        """Indexes for busy-time lookups (Odoo 18 has none on these columns):
        the events a partner attends, and an event's attendees."""
        res = super().init()
        tools.create_index(
            self.env.cr, "acr_calendar_attendee_partner_event_index", self._table, ["partner_id", "event_id"]
        )
        tools.create_index(self.env.cr, "acr_calendar_attendee_event_index", self._table, ["event_id"])
        return res
