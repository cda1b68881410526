from bisect import bisect_right
from datetime import datetime, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

MEETING_KINDS = [
    ("strategic", "Strategic meeting"),
    ("tactical", "Tactical call"),
    ("onboarding", "Onboarding meeting"),
    ("annual_review", "Annual review"),
    ("fee_discussion", "Fee discussion"),
    ("interview", "Client interview"),
]


class AcrMeetingType(models.Model):
    _name = "acr.meeting.type"
    _description = "Meeting Type"
    _order = "sequence, id"

    def _default_calendar(self):
        return self.env.ref("accounting_client_relations.resource_calendar_booking", raise_if_not_found=False)

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(MEETING_KINDS, required=True, default="strategic")
    description = fields.Text(translate=True, help="Shown to the client when choosing what to book.")
    company_id = fields.Many2one("res.company", help="Leave empty to share this type with every company.")

    # Timing
    duration_minutes = fields.Integer(string="Duration (minutes)", required=True, default=60)
    buffer_after_minutes = fields.Integer(
        string="Buffer After (minutes)",
        default=15,
        help="Kept free after each meeting for the accountant's notes: never bookable.",
    )
    min_notice_hours = fields.Integer(string="Minimum Notice (hours)", default=24)
    horizon_weeks = fields.Integer(string="Booking Horizon (weeks)", default=8)
    cutoff_hours = fields.Integer(
        string="Reschedule/Cancel Cut-off (hours)",
        default=24,
        help="Clients may reschedule or cancel until this many hours before the start.",
    )
    slot_step_minutes = fields.Integer(string="Slot Granularity (minutes)", default=30)

    # Access and format
    location_kind = fields.Selection(
        [("online", "Online (video link)"), ("in_person", "In person")],
        string="Format",
        required=True,
        default="online",
    )
    location = fields.Char(help="Address for in-person meetings.")
    stage_ids = fields.Many2many(
        "acr.onboarding.stage",
        string="Bookable in Stages",
        help="Clients may book this type only in these stages. Leave empty for every stage.",
    )
    counts_for_service_level = fields.Boolean(
        string="Counts Towards Service Level",
        help="Held meetings of this type count towards the strategic meetings promised per year.",
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Booking Windows",
        required=True,
        default=lambda self: self._default_calendar(),
        help="When clients may book this type, in the calendar's time zone. An accountant "
        "can override it with personal booking windows.",
    )

    _sql_constraints = [
        ("duration_positive", "CHECK (duration_minutes > 0)", "A meeting lasts at least one minute."),
        ("buffer_positive", "CHECK (buffer_after_minutes >= 0)", "The buffer cannot be negative."),
        ("notice_positive", "CHECK (min_notice_hours >= 0)", "The minimum notice cannot be negative."),
        ("horizon_positive", "CHECK (horizon_weeks > 0)", "The booking horizon must be at least a week."),
        ("cutoff_positive", "CHECK (cutoff_hours >= 0)", "The cut-off cannot be negative."),
        ("step_positive", "CHECK (slot_step_minutes >= 5)", "Slots are at least 5 minutes apart."),
    ]

    @api.constrains("location_kind", "location")
    def _check_location(self):
        for mtype in self:
            if mtype.location_kind == "in_person" and not mtype.location:
                raise ValidationError(self.env._("An in-person meeting type needs an address."))

    # ------------------------------------------------------------------
    # Availability
    # ------------------------------------------------------------------
    def _acr_booking_calendar(self, user):
        self.ensure_one()
        return user.sudo().acr_booking_calendar_id or self.resource_calendar_id

    def _acr_bookable_range(self, now=None):
        """(earliest, latest) start datetimes, aware UTC, allowed by the
        minimum notice and the horizon."""
        self.ensure_one()
        now = (now or fields.Datetime.now()).replace(tzinfo=pytz.utc)
        return now + timedelta(hours=self.min_notice_hours), now + timedelta(weeks=self.horizon_weeks)

    def _acr_busy_intervals(self, user, start, end, exclude_meeting=None):
        """Busy time of ``user`` between ``start`` and ``end`` (aware UTC):
        their calendar events with each event's own buffer, and their leaves,
        as sorted, disjoint ``(start, stop, records)`` triples. Read with
        sudo: only the free slots computed from it leave the server.
        """
        self.ensure_one()
        spans = [
            (
                ev_start.replace(tzinfo=pytz.utc),
                ev_stop.replace(tzinfo=pytz.utc) + timedelta(minutes=buffer or 0),
            )
            for ev_start, ev_stop, buffer in self._acr_busy_events(user, start, end, exclude_meeting)
        ]
        calendar = self._acr_booking_calendar(user)
        resource = (
            self.env["resource.resource"]
            .sudo()
            .search([("user_id", "=", user.id), ("calendar_id", "!=", False)], limit=1)
        )
        if resource:
            # The accountant's own leaves, whatever calendar they were
            # recorded on (time off lives on the work calendar).
            leaves = calendar.sudo()._leave_intervals_batch(start, end, resources=resource, any_calendar=True)
            spans.extend((l_start, l_stop) for l_start, l_stop, _recs in leaves[resource.id])
        # Sorted and merged (touching spans too), like ``Intervals`` but
        # without a recordset union per span: thousands of events a year.
        merged = []
        for b_start, b_stop in sorted(spans):
            if merged and b_start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b_stop)
            else:
                merged.append([b_start, b_stop])
        empty = self.env["resource.calendar.leaves"]
        return [(b_start, b_stop, empty) for b_start, b_stop in merged]

    def _acr_busy_events(self, user, start, end, exclude_meeting=None):
        """``(start, stop, buffer minutes)`` of the busy events of ``user``
        overlapping ``start``..``end`` (aware UTC, widened by 4 hours before
        for the buffers): the events they organise and those they attend
        without having declined, active and shown as busy.

        One query, written as a UNION of the two ways an event is someone's
        so that each side uses its index (created in ``calendar.event`` and
        ``calendar.attendee``'s ``init``): the organiser's events by
        ``(user_id, stop)``, the attended ones by primary key from the
        attendee index. An OR over both made PostgreSQL scan the whole table,
        which grows with every firm's history (20 ms at 100,000 rows, 2 ms
        now). Read without
        record rules, like the rest of the busy time: only the free slots
        computed from it leave the server."""
        for model in ("calendar.event", "calendar.attendee"):
            self.env[model].flush_model()
        params = {
            "user_id": user.id,
            "partner_id": user.sudo().partner_id.id,
            "start": fields.Datetime.to_string(start - timedelta(hours=4)),
            "end": fields.Datetime.to_string(end),
            "excluded": exclude_meeting.sudo().event_id.ids if exclude_meeting else [],
        }
        self.env.cr.execute(
            """
            SELECT id, start, stop, acr_buffer_minutes
              FROM calendar_event
             WHERE user_id = %(user_id)s AND stop >= %(start)s AND start < %(end)s
               AND active AND show_as = 'busy' AND id != ALL(%(excluded)s::int[])
             UNION
            SELECT id, start, stop, acr_buffer_minutes
              FROM calendar_event
             WHERE id = ANY(ARRAY(
                       SELECT event_id FROM calendar_attendee
                        WHERE partner_id = %(partner_id)s AND state IS DISTINCT FROM 'declined'))
               AND stop >= %(start)s AND start < %(end)s
               AND active AND show_as = 'busy' AND id != ALL(%(excluded)s::int[])
            """,
            params,
        )
        return [(row[1], row[2], row[3]) for row in self.env.cr.fetchall()]

    def _acr_free_slots(self, user, start=None, end=None, now=None, exclude_meeting=None):
        """Bookable start datetimes (aware UTC) for ``user`` and this type.

        A slot [s, s + duration] lies inside a booking window (public holidays
        removed) and [s, s + duration + buffer] overlaps no busy time. Slots
        respect the minimum notice and the horizon, and start on the type's
        granularity in the windows' time zone.
        """
        self.ensure_one()
        earliest, latest = self._acr_bookable_range(now)
        start = max(start or earliest, earliest)
        end = min(end or latest, latest + timedelta(minutes=self.duration_minutes))
        if start >= end:
            return []
        calendar = self._acr_booking_calendar(user).sudo()
        tz = pytz.timezone(calendar.tz or "UTC")
        windows = calendar._work_intervals_batch(start, end, tz=tz)[False]
        busy = self._acr_busy_intervals(
            user, start - timedelta(days=1), end + timedelta(days=1), exclude_meeting=exclude_meeting
        )
        duration = timedelta(minutes=self.duration_minutes)
        footprint = duration + timedelta(minutes=self.buffer_after_minutes)
        step = timedelta(minutes=self.slot_step_minutes)
        # Busy intervals are merged, sorted and disjoint: their stops are
        # sorted too, so each slot is checked with one bisection.
        busy_starts = [b_start for b_start, _b_stop, _recs in busy]
        busy_stops = [b_stop for _b_start, b_stop, _recs in busy]
        slots = []
        for w_start, w_stop, _recs in windows:
            local = w_start.astimezone(tz)
            midnight = tz.localize(datetime(local.year, local.month, local.day))
            offset = (local - midnight) % step
            cursor = local + ((step - offset) % step)
            if local.utcoffset() == w_stop.astimezone(tz).utcoffset():
                # No clock change inside the window (the usual case): step in
                # UTC, without a time-zone normalisation per slot.
                slot = cursor.astimezone(pytz.utc)
                stop = w_stop.astimezone(pytz.utc) - duration
                while slot <= stop:
                    if start <= slot <= latest and not self._acr_overlaps(
                        busy_starts, busy_stops, slot, slot + footprint
                    ):
                        slots.append(slot)
                    slot += step
                continue
            while cursor + duration <= w_stop:
                slot = cursor.astimezone(pytz.utc)
                if start <= slot <= latest and not self._acr_overlaps(
                    busy_starts, busy_stops, slot, slot + footprint
                ):
                    slots.append(slot)
                cursor = tz.normalize(cursor + step)
        return slots

    @staticmethod
    def _acr_overlaps(busy_starts, busy_stops, start, stop):
        index = bisect_right(busy_stops, start)
        return index < len(busy_starts) and busy_starts[index] < stop

    def _acr_is_slot_free(self, user, slot_start, now=None, exclude_meeting=None):
        """Whether ``slot_start`` (aware UTC) is bookable: the same rules as the
        slot list, computed over that day only."""
        self.ensure_one()
        earliest, latest = self._acr_bookable_range(now)
        if not earliest <= slot_start <= latest:
            return False
        day_start = slot_start - timedelta(days=1)
        day_end = slot_start + timedelta(days=1)
        return slot_start in self._acr_free_slots(
            user, day_start, day_end, now=now, exclude_meeting=exclude_meeting
        )
