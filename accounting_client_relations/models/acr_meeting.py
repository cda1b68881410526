from datetime import datetime, time, timedelta

import babel.dates
import psycopg2
import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.misc import babel_locale_parse

from ..tools import check_plain_text

MAX_TOPIC_MINUTES = 600
ANSWER_FIELDS = {"change_kind_ids", "changes_note", "client_prepared", "topic_ids"}
OPEN_STATES = ("booked", "prepared")
DEFAULT_MEETING_REMINDER_HOURS = "24,1"


class AcrMeeting(models.Model):
    _name = "acr.meeting"
    _description = "Client Meeting"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin", "acr.state.guard.mixin"]
    _order = "start desc, id desc"
    # The start is not guarded: writing it books or moves the meeting with
    # every rule applied (``write``), which is the transition itself.
    _acr_guarded_fields = (
        "state",
        "event_id",
        "reschedule_count",
        "reminder_hours_sent",
        "readiness_deadline",
        "firm_prepared_by_id",
        "firm_prepared_date",
    )

    name = fields.Char(compute="_compute_name", store=True)
    client_id = fields.Many2one(
        "acr.client", string="Client File", required=True, index=True, ondelete="cascade"
    )
    commercial_partner_id = fields.Many2one(
        related="client_id.partner_id", store=True, index=True, string="Client"
    )
    company_id = fields.Many2one(related="client_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Booked By",
        required=True,
        index=True,
        help="The client contact who booked the meeting and attends it.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Accountant",
        required=True,
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    type_id = fields.Many2one("acr.meeting.type", string="Meeting Type", required=True, ondelete="restrict")
    kind = fields.Selection(related="type_id.kind", store=True)
    counts_for_service_level = fields.Boolean(related="type_id.counts_for_service_level", store=True)
    state = fields.Selection(
        [
            ("draft", "Answering"),
            ("booked", "Booked"),
            ("prepared", "Prepared"),
            ("held", "Held"),
            ("cancelled", "Cancelled"),
            ("no_show", "No-show"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    booked_via = fields.Selection(
        [("portal", "Customer portal"), ("backoffice", "Back office")], default="backoffice", readonly=True
    )

    # Time
    start = fields.Datetime(tracking=True, index=True, copy=False)
    duration_minutes = fields.Integer(string="Duration (minutes)", readonly=True)
    buffer_minutes = fields.Integer(string="Buffer After (minutes)", readonly=True)
    stop = fields.Datetime(compute="_compute_stop", store=True)
    busy_stop = fields.Datetime(
        compute="_compute_stop", store=True, help="End of the meeting plus its buffer: the time kept busy."
    )
    event_id = fields.Many2one("calendar.event", string="Calendar Event", readonly=True, copy=False)
    videocall_url = fields.Char(related="event_id.videocall_location", string="Video Link")
    location = fields.Char(readonly=True)
    reschedule_count = fields.Integer(readonly=True, copy=False)
    reminder_hours_sent = fields.Integer(
        readonly=True,
        copy=False,
        help="The last reminder mailed to the client, in hours before the start (0: none yet). "
        "Each reminder goes once; moving the meeting starts them again.",
    )
    cancel_reason = fields.Text(copy=False)

    # The gate: what changed, preparation, agenda
    previous_meeting_id = fields.Many2one(
        "acr.meeting",
        readonly=True,
        copy=False,
        help="The client's last held meeting when this one was prepared.",
    )
    change_kind_ids = fields.Many2many("acr.meeting.change.kind", string="What Changed")
    changes_note = fields.Text(string="Changes in Detail")
    client_prepared = fields.Boolean(string="Client Is Prepared")
    preparation_questions = fields.Text(string="Questions to Discuss")
    attachment_ids = fields.Many2many("ir.attachment", string="Preparation Documents")
    topic_ids = fields.One2many("acr.meeting.topic", "meeting_id", string="Agenda", copy=True)
    agenda_minutes = fields.Integer(compute="_compute_agenda", store=True)
    must_minutes = fields.Integer(compute="_compute_agenda", store=True, string="Must-discuss Minutes")
    over_budget = fields.Boolean(
        compute="_compute_agenda",
        store=True,
        help="The agenda's estimated minutes exceed the meeting's duration.",
    )

    # The firm's side
    readiness_deadline = fields.Datetime(
        readonly=True, copy=False, help="The firm confirms its preparation before this moment."
    )
    firm_prepared_by_id = fields.Many2one("res.users", string="Prepared By", readonly=True, copy=False)
    firm_prepared_date = fields.Datetime(string="Prepared On", readonly=True, copy=False)
    readiness_overdue = fields.Boolean(
        readonly=True,
        copy=False,
        index=True,
        help="The firm did not confirm its preparation in time; the coordinator was alerted.",
    )

    # Minutes and action items
    minutes_ids = fields.One2many("acr.meeting.minutes", "meeting_id")
    action_item_ids = fields.One2many("acr.action.item", "meeting_id")
    open_action_count = fields.Integer(compute="_compute_open_action_count")
    minutes_due = fields.Datetime(
        compute="_compute_minutes_due",
        store=True,
        help="Minutes reach the client within 24 hours of the end.",
    )
    minutes_requested = fields.Boolean(
        readonly=True, copy=False, help="The 'Write minutes' activity was scheduled."
    )
    minutes_sent_date = fields.Datetime(string="Minutes First Sent", readonly=True, copy=False)
    minutes_on_time = fields.Boolean(compute="_compute_minutes_on_time", store=True)
    minutes_on_time_rate = fields.Integer(
        compute="_compute_minutes_on_time", store=True, aggregator="avg", string="Minutes On Time (%)"
    )
    minutes_overdue = fields.Boolean(
        readonly=True, copy=False, index=True, help="Not sent within 24 hours: the coordinator was alerted."
    )

    _sql_constraints = [
        # Two live meetings of one accountant never overlap, buffers
        # included: the database decides between concurrent bookings.
        (
            "no_overlap",
            "EXCLUDE USING gist (user_id WITH =, tsrange(start, start + (duration_minutes + buffer_minutes) "
            "* interval '1 minute', '[)') WITH &&) "
            "WHERE (state IN ('booked', 'prepared', 'held') AND start IS NOT NULL)",
            "This time is no longer free: another meeting was just booked in it.",
        ),
        (
            "booked_has_slot",
            "CHECK (state NOT IN ('booked', 'prepared') OR (start IS NOT NULL AND event_id IS NOT NULL))",
            "A booked meeting has a start and a calendar event.",
        ),
    ]

    def init(self):
        # One row per accountant, taken by each booking (_acr_write_slot).
        self.env.cr.execute(
            """CREATE TABLE IF NOT EXISTS acr_meeting_booking_lock (
                   user_id integer PRIMARY KEY REFERENCES res_users (id) ON DELETE CASCADE,
                   booked_at timestamp NOT NULL
               )"""
        )

    def _auto_init(self):
        # The exclusion constraint compares user_id with '=' inside a GiST
        # index. btree_gist is a trusted extension: a database owner may
        # create it.
        self.env.cr.execute(SQL("CREATE EXTENSION IF NOT EXISTS btree_gist"))
        return super()._auto_init()

    @api.depends("type_id", "commercial_partner_id")
    def _compute_name(self):
        for meeting in self:
            meeting.name = " · ".join(
                filter(None, [meeting.type_id.name, meeting.commercial_partner_id.name])
            )

    @api.depends("start", "duration_minutes", "buffer_minutes")
    def _compute_stop(self):
        for meeting in self:
            if meeting.start:
                meeting.stop = meeting.start + timedelta(minutes=meeting.duration_minutes)
                meeting.busy_stop = meeting.stop + timedelta(minutes=meeting.buffer_minutes)
            else:
                meeting.stop = meeting.busy_stop = False

    @api.depends("topic_ids.minutes", "topic_ids.must_discuss", "duration_minutes")
    def _compute_agenda(self):
        for meeting in self:
            meeting.agenda_minutes = sum(meeting.topic_ids.mapped("minutes"))
            meeting.must_minutes = sum(meeting.topic_ids.filtered("must_discuss").mapped("minutes"))
            meeting.over_budget = meeting.agenda_minutes > meeting.duration_minutes

    @api.depends("stop")
    def _compute_minutes_due(self):
        for meeting in self:
            meeting.minutes_due = meeting.stop and meeting.stop + timedelta(hours=24)

    @api.depends("minutes_sent_date", "minutes_due")
    def _compute_minutes_on_time(self):
        for meeting in self:
            on_time = bool(meeting.minutes_sent_date and meeting.minutes_sent_date <= meeting.minutes_due)
            meeting.minutes_on_time = on_time
            meeting.minutes_on_time_rate = 100 if on_time else 0

    def _compute_open_action_count(self):
        counts = dict(
            self.env["acr.action.item"]._read_group(
                [("meeting_id", "in", self.ids), ("state", "=", "open")], ["meeting_id"], ["__count"]
            )
        )
        for meeting in self:
            meeting.open_action_count = counts.get(meeting, 0)

    def _compute_access_url(self):  # pylint: disable=missing-return
        super()._compute_access_url()
        for meeting in self:
            meeting.access_url = f"/my/meetings/{meeting.id}"

    @api.constrains("agenda_minutes", "must_minutes", "over_budget")
    def _check_agenda_gate(self):
        """The gate holds however the agenda changes: a topic added, edited,
        moved to another meeting or deleted recomputes these fields, and Odoo
        checks this constraint after each recomputation."""
        self.filtered(lambda m: m.state in ("draft", *OPEN_STATES))._acr_check_answers()

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        """Every meeting is created with the client's answers (the gate), as a
        draft; a start given at creation books it with every rule applied.
        Managers may record a meeting already held in the past."""
        to_book = []
        clean = []
        for vals in vals_list:
            vals = dict(vals)
            state = vals.pop("state", "draft") or "draft"
            start = vals.pop("start", False)
            # Created as a draft, booked when a start is given, or recorded
            # as held by a manager: never in another state.
            if state not in ("draft", "held") and not (state == "booked" and start):
                self._acr_refuse(["state"])
            mtype = self.env["acr.meeting.type"].browse(vals.get("type_id"))
            vals.setdefault("duration_minutes", mtype.duration_minutes)
            vals.setdefault("buffer_minutes", mtype.buffer_after_minutes)
            client = self.env["acr.client"].browse(vals.get("client_id"))
            vals.setdefault("user_id", client.user_id.id)
            clean.append(vals)
            to_book.append((state, start))
        # The accountant is told "you have been assigned" when the meeting is
        # booked (_acr_book), not for a draft the client may abandon.
        meetings = super(AcrMeeting, self.with_context(mail_auto_subscribe_no_notify=True)).create(clean)
        meetings = meetings.with_env(self.env)
        meetings._acr_check_answers()
        for meeting, (state, start) in zip(meetings, to_book, strict=True):
            meeting.previous_meeting_id = meeting._acr_last_held()
            if state == "held":
                if not (
                    self.env.su or self.env.user.has_group("accounting_client_relations.group_acr_manager")
                ):
                    raise AccessError(self.env._("Only managers can record a meeting that was already held."))
                if not start or fields.Datetime.to_datetime(start) > fields.Datetime.now():
                    raise ValidationError(
                        self.env._("A meeting recorded as held must have started in the past.")
                    )
                meeting._acr_transition_write({"start": start, "state": "held"})
            elif start:
                meeting._acr_book(fields.Datetime.to_datetime(start))
        return meetings

    def write(self, vals):
        if "start" in vals and not self._acr_guard_open():
            vals = dict(vals)
            start = fields.Datetime.to_datetime(vals.pop("start"))
            res = super().write(vals) if vals else True
            for meeting in self:
                if meeting.state == "draft":
                    meeting._acr_book(start)
                elif meeting.start != start:
                    meeting._acr_reschedule(start, by_client=False)
            return res
        res = super().write(vals)
        if ANSWER_FIELDS & set(vals):
            self.filtered(lambda m: m.state in ("draft", *OPEN_STATES))._acr_check_answers()
        return res

    # ------------------------------------------------------------------
    # The gate
    # ------------------------------------------------------------------
    def _acr_answer_problems(self):
        """What the client still has to answer before booking: a list of
        sentences, empty when the gate is met."""
        self.ensure_one()
        problems = []
        kinds = self.change_kind_ids
        if not kinds and not (self.changes_note or "").strip():
            problems.append(
                self.env._("Tell us what changed since our last meeting (or that nothing changed).")
            )
        elif kinds.filtered("is_nothing") and len(kinds) > 1:
            problems.append(self.env._("“Nothing changed” cannot be combined with a change."))
        if not self.client_prepared:
            problems.append(self.env._("Confirm that you are prepared for the meeting."))
        if not self.topic_ids:
            problems.append(self.env._("Add at least one agenda topic with its estimated minutes."))
        elif self.over_budget:
            if not self.must_minutes:
                problems.append(
                    self.env._(
                        "Your agenda needs %(agenda)s minutes but the meeting lasts %(duration)s: mark the "
                        "must-discuss topics, or choose a longer meeting type.",
                        agenda=self.agenda_minutes,
                        duration=self.duration_minutes,
                    )
                )
            elif self.must_minutes > self.duration_minutes:
                problems.append(
                    self.env._(
                        "The must-discuss topics need %(must)s minutes but the meeting lasts %(duration)s: "
                        "keep fewer of them, or choose a longer meeting type.",
                        must=self.must_minutes,
                        duration=self.duration_minutes,
                    )
                )
        return problems

    def _acr_check_answers(self):
        errors = []
        for meeting in self:
            problems = meeting._acr_answer_problems()
            if problems:
                errors.append(
                    self.env._("The meeting cannot be booked yet: %(problems)s", problems=" ".join(problems))
                )
        if errors:
            raise ValidationError("\n".join(errors))

    def _acr_last_held(self):
        self.ensure_one()
        return self.search(
            [
                ("client_id", "=", self.client_id.id),
                ("state", "=", "held"),
                ("id", "!=", self.id),
            ],
            order="start desc",
            limit=1,
        )

    # ------------------------------------------------------------------
    # Booking rules
    # ------------------------------------------------------------------
    def _acr_check_can_book(self):
        self.ensure_one()
        client = self.client_id
        stages = self.type_id.stage_ids
        if stages and client.stage_id not in stages:
            raise UserError(
                self.env._(
                    "%(type)s meetings can be booked by clients in these stages only: %(stages)s.",
                    type=self.type_id.name,
                    stages=", ".join(stages.mapped("name")),
                )
            )
        if not self.user_id:
            raise UserError(
                self.env._(
                    "No accountant is assigned to %(client)s yet: please contact the firm.",
                    client=client.display_name,
                )
            )
        self._acr_check_answers()

    def _acr_book(self, start):
        """Book this draft at ``start`` (naive UTC): the gate, the slot rules
        and the calendar event, or a clear refusal and nothing written."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("This meeting is already booked."))
        self._acr_check_can_book()
        start_utc = pytz.utc.localize(start.replace(tzinfo=None))
        if not self.type_id._acr_is_slot_free(self.user_id, start_utc):
            raise UserError(self._acr_slot_refusal(start_utc))
        self._acr_write_slot(
            {
                "start": start,
                "state": "booked",
                "readiness_deadline": self._acr_readiness_deadline(start),
                "previous_meeting_id": self._acr_last_held().id,
                "reminder_hours_sent": self._acr_reminder_already_due(start),
            },
            with_event=True,
        )
        self._acr_schedule_readiness()
        self.message_subscribe(partner_ids=self.partner_id.ids)
        if self.user_id != self.env.user:
            self._message_auto_subscribe_notify(self.user_id.partner_id.ids, "mail.message_user_assigned")
        self.message_post(
            body=self.env._("Meeting booked for %(when)s.", when=self._acr_format_start()),
            subtype_xmlid="mail.mt_note",
        )

    def _acr_reschedule(self, start, by_client, reason=None):
        self.ensure_one()
        if self.state not in OPEN_STATES:
            raise UserError(self.env._("Only a booked meeting can be moved."))
        if by_client:
            self._acr_check_cutoff()
        if start.replace(tzinfo=None) == self.start:
            # A move to the time it already has: nothing changes.
            return
        start_utc = pytz.utc.localize(start.replace(tzinfo=None))
        if not self.type_id._acr_is_slot_free(self.user_id, start_utc, exclude_meeting=self):
            raise UserError(self._acr_slot_refusal(start_utc))
        old = self._acr_format_start()
        self._acr_write_slot(
            {
                "start": start,
                "reschedule_count": self.reschedule_count + 1,
                "readiness_deadline": self._acr_readiness_deadline(start),
                "readiness_overdue": False,
                "reminder_hours_sent": self._acr_reminder_already_due(start),
            }
        )
        with self._acr_transition():
            self.event_id.sudo().write({"start": self.start, "stop": self.stop})
        self.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("accounting_client_relations.mail_activity_type_meeting_readiness")
            )
        ).write({"date_deadline": self.readiness_deadline.date()})
        body = self.env._("Meeting moved from %(old)s to %(new)s.", old=old, new=self._acr_format_start())
        if reason:
            body = Markup("%s<br/>%s") % (body, self.env._("Reason: %(reason)s", reason=reason))
        self.message_post(
            body=body,
            subtype_xmlid="mail.mt_comment",
            partner_ids=(self.partner_id | self.user_id.partner_id).ids,
        )

    def _acr_write_slot(self, vals, with_event=False):
        """Write the slot, one booking of an accountant at a time.

        Bookings and moves of one accountant's meetings are serialised on
        that accountant's row in ``acr_meeting_booking_lock``: each takes the
        row (an upsert, which waits for a concurrent booking to end) before it
        writes. A booking that had to wait started before the other one was
        committed, so it could not see it (Odoo runs in repeatable read);
        PostgreSQL refuses its upsert with a serialisation failure, and the
        client gets a clear refusal and the fresh free slots. The statement
        does not log that expected failure, so a normal race leaves no ERROR
        line. The exclusion constraint stays as the backstop for any other
        path. A new booking gets its calendar event in the same UPDATE as its
        state: the database refuses a booked meeting without one."""
        refusal = self.env._("This time was just taken by another booking. Please choose another slot.")
        try:
            with self.env.cr.savepoint():
                for user_id in sorted(set(self.user_id.ids)):
                    self.env.cr.execute(
                        """INSERT INTO acr_meeting_booking_lock (user_id, booked_at)
                           VALUES (%s, now() at time zone 'UTC')
                           ON CONFLICT (user_id) DO UPDATE SET booked_at = EXCLUDED.booked_at""",
                        [user_id],
                        log_exceptions=False,
                    )
        except psycopg2.errors.SerializationFailure:
            raise UserError(refusal) from None
        try:
            with self.env.cr.savepoint(), self._acr_transition():
                if with_event:
                    self.write({"start": vals["start"]})
                    vals = dict(vals, **self._acr_create_event())
                self.write(vals)
                self.flush_recordset()
        except psycopg2.errors.ExclusionViolation:
            raise UserError(refusal) from None

    def _acr_slot_refusal(self, start_utc):
        earliest, latest = self.type_id._acr_bookable_range()
        if start_utc < earliest:
            return self.env._(
                "This slot is too soon: %(type)s meetings are booked at least %(hours)s hours ahead.",
                type=self.type_id.name,
                hours=self.type_id.min_notice_hours,
            )
        if start_utc > latest:
            return self.env._(
                "This slot is too far ahead: %(type)s meetings are booked at most %(weeks)s weeks ahead.",
                type=self.type_id.name,
                weeks=self.type_id.horizon_weeks,
            )
        return self.env._("This slot is not available. Please choose one of the free slots shown.")

    def _acr_check_cutoff(self):
        self.ensure_one()
        limit = self.start - timedelta(hours=self.type_id.cutoff_hours)
        if fields.Datetime.now() > limit:
            firm = self.company_id
            contact = " ".join(filter(None, [firm.phone, firm.email]))
            # No f-string inside the translation call: Odoo's term extraction
            # evaluates its arguments and would skip this whole file.
            contact = " (" + contact + ")" if contact else ""
            raise UserError(
                self.env._(
                    "Meetings can be moved or cancelled online until %(hours)s hours before they start. "
                    "Please contact %(firm)s directly%(contact)s.",
                    hours=self.type_id.cutoff_hours,
                    firm=firm.name,
                    contact=contact,
                )
            )

    def _acr_readiness_deadline(self, start):
        """The end of the firm's last working day before the meeting (public
        holidays skipped), from the company's working calendar."""
        calendar = self.company_id.resource_calendar_id or self.type_id.resource_calendar_id
        tz = pytz.timezone(calendar.tz or "UTC")
        local_day = pytz.utc.localize(start).astimezone(tz).date()
        day_start = tz.localize(datetime.combine(local_day, time.min))
        intervals = list(
            calendar._work_intervals_batch(day_start - timedelta(days=14), day_start, tz=tz)[False]
        )
        deadline = intervals[-1][1] if intervals else day_start - timedelta(hours=6)
        return deadline.astimezone(pytz.utc).replace(tzinfo=None)

    def _acr_format_start(self):
        self.ensure_one()
        tz = self.user_id.tz or self.type_id.resource_calendar_id.tz or "UTC"
        return f"{self._acr_local_when(self.start, tz)} ({tz})"

    @api.model
    def _acr_local_when(self, value, tz=None, with_date=True, with_time=True, short=False, lang=None):
        """``value`` (a naive UTC datetime, or a date) as its reader reads it:
        in the environment's language, with the locale's own order, words and
        separators (CLDR formats, never a fixed pattern), in the time zone
        ``tz`` (a name or a pytz zone; by default the user's). Used by the
        portal pages and the mail templates, which pass the contact's zone
        (and language, when the record comes from another environment)."""
        if not value:
            return ""
        locale = babel_locale_parse(lang or self.env.lang or "en_US")
        if isinstance(value, datetime):
            if not hasattr(tz, "localize"):
                try:
                    tz = pytz.timezone(tz or self.env.user.tz or "UTC")
                except pytz.UnknownTimeZoneError:
                    tz = pytz.utc
            aware = value if value.tzinfo else pytz.utc.localize(value)
            value = aware.astimezone(tz).replace(tzinfo=None)
        else:
            with_time = False
        day = ""
        if with_date and short:
            day = babel.dates.format_skeleton("MMMEd", value, locale=locale)
        elif with_date:
            day = babel.dates.format_date(value, "full", locale=locale)
        if not with_time:
            return day
        hour = babel.dates.format_time(value, "short", locale=locale)
        if not with_date:
            return hour
        return (
            babel.dates.get_datetime_format("medium", locale=locale).replace("{1}", day).replace("{0}", hour)
        )

    def _acr_create_event(self):
        """The calendar event of the meeting at its start; returns the
        meeting's values that point to it."""
        self.ensure_one()
        vals = {
            "name": self.name,
            "start": self.start,
            "stop": self.stop,
            "user_id": self.user_id.id,
            "partner_ids": [fields.Command.set((self.user_id.partner_id | self.partner_id).ids)],
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "acr_meeting_id": self.id,
            "acr_buffer_minutes": self.buffer_minutes,
            "description": self._acr_event_description(),
            "show_as": "busy",
            "privacy": "private",
            "alarm_ids": [fields.Command.set(self._acr_event_alarms().ids)],
        }
        if self.type_id.location_kind == "in_person":
            vals["location"] = self.type_id.location
        with self._acr_transition():
            event = self.env["calendar.event"].sudo().create(vals)
        if self.type_id.location_kind == "online":
            event._set_discuss_videocall_location()
        return {"event_id": event.id, "location": event.location}

    def _acr_client_tz(self):
        """The time zone the client reads the meeting in: her contact's, else
        the accountant's, else the booking windows'."""
        self.ensure_one()
        return self.partner_id.tz or self.user_id.tz or self.type_id.resource_calendar_id.tz or "UTC"

    def _acr_agenda(self):
        """The topics in the agenda's order: must-discuss first, then the
        client's order (the topic model's order, applied to the cache too)."""
        self.ensure_one()
        return self.topic_ids.sorted(lambda t: (not t.must_discuss, t.sequence, t.id))

    def _acr_agenda_text(self):
        """The agenda as plain text, one topic a line, must-discuss first:
        for the calendar file (.ics), whose clients show the line breaks."""
        self.ensure_one()
        lines = [self.env._("Agenda")]
        for index, topic in enumerate(self._acr_agenda(), start=1):
            line = f"{index}. {topic.name} ({topic.minutes} min)"
            if topic.must_discuss:
                line += " - " + self.env._("must discuss")
            lines.append(line)
        if self.videocall_url:
            lines += ["", self.env._("Video call: %(url)s", url=self.videocall_url)]
        return "\n".join(lines)

    def _acr_send_booking_confirmation(self):
        """Mail the client who booked on the portal her confirmation, with the
        invitation (.ics), the video link, the agenda and the links to move or
        cancel (template *meeting booked*, editable). Odoo's own invitation
        skips the attendee who creates the event, and here that is her."""
        self.ensure_one()
        template = self.env.ref(
            "accounting_client_relations.mail_template_meeting_booked", raise_if_not_found=False
        )
        if not template or not self.partner_id.email:
            return False
        attachments = self.env["ir.attachment"]
        ics = self._acr_ics()
        if ics:
            attachments = attachments.sudo().create(
                {
                    "name": "invitation.ics",
                    "raw": ics,
                    "mimetype": "text/calendar",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        # Written by the accountant, whoever books: Odoo does not mail the
        # current user, and on the portal that is the client herself.
        return (
            self.with_user(self.user_id)
            .sudo()
            .message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                author_id=self.user_id.partner_id.id,
                attachment_ids=attachments.ids,
            )
        )

    def _acr_event_description(self):
        items = Markup().join(
            Markup("<li>%s (%s min)%s</li>") % (topic.name, topic.minutes, " ★" if topic.must_discuss else "")
            for topic in self._acr_agenda()
        )
        return Markup("<p>%s</p><ul>%s</ul>") % (self.env._("Agenda"), items)

    def _acr_schedule_readiness(self):
        self.ensure_one()
        self.activity_schedule(
            "accounting_client_relations.mail_activity_type_meeting_readiness",
            date_deadline=self.readiness_deadline.date(),
            user_id=self.user_id.id,
            summary=self.env._("Review the agenda and confirm the time suffices"),
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_confirm_preparation(self):
        for meeting in self:
            if meeting.state != "booked":
                raise UserError(self.env._("Only a booked meeting can be confirmed as prepared."))
        self._acr_transition_write(
            {
                "state": "prepared",
                "firm_prepared_by_id": self.env.user.id,
                "firm_prepared_date": fields.Datetime.now(),
                "readiness_overdue": False,
            }
        )
        readiness = self.env.ref("accounting_client_relations.mail_activity_type_meeting_readiness")
        self.activity_ids.filtered(lambda a: a.activity_type_id == readiness).action_feedback(
            feedback=self.env._("Agenda reviewed, time confirmed.")
        )
        for meeting in self:
            meeting.message_post(
                body=self.env._(
                    "%(user)s reviewed the agenda and confirmed the firm is prepared.",
                    user=self.env.user.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_mark_held(self):
        """Mark the meeting held once it has started. Before the start a
        manager is offered to force it, with the reason (a meeting held
        early); others are refused."""
        if any(m.state not in OPEN_STATES for m in self):
            raise UserError(self.env._("Only a booked or prepared meeting can be marked as held."))
        early = self.filtered(lambda m: m.start and m.start > fields.Datetime.now())
        if early:
            if len(self) == 1 and self.env.user.has_group("accounting_client_relations.group_acr_manager"):
                return {
                    "type": "ir.actions.act_window",
                    "name": self.env._("Mark Held Before the Start"),
                    "res_model": "acr.meeting.held.wizard",
                    "view_mode": "form",
                    "views": [(False, "form")],
                    "target": "new",
                    "context": {"default_meeting_id": self.id},
                }
            raise UserError(
                self.env._(
                    "%(meeting)s has not started yet: mark it held once it has (a manager may force it "
                    "with a reason).",
                    meeting=early[0].display_name,
                )
            )
        self._acr_mark_held()
        return True

    def _acr_mark_held(self, reason=None):
        """The transition to held; ``reason`` is the manager's, when forced
        before the start."""
        if reason is not None:
            if not self.env.user.has_group("accounting_client_relations.group_acr_manager"):
                raise AccessError(self.env._("Only a manager can mark a meeting held before it starts."))
            reason = (reason or "").strip()
            if not reason:
                raise UserError(self.env._("Give the reason for marking the meeting held before it starts."))
        if any(m.state not in OPEN_STATES for m in self):
            raise UserError(self.env._("Only a booked or prepared meeting can be marked as held."))
        self._acr_transition_write({"state": "held"})
        if reason:
            for meeting in self:
                meeting.message_post(
                    body=self.env._(
                        "Marked held before its start by %(user)s: %(reason)s",
                        user=self.env.user.name,
                        reason=reason,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        self._acr_request_minutes()

    def _acr_request_minutes(self):
        """The organiser gets a 'Write minutes' activity due within 24 hours
        of the end, once per meeting (created in one batch)."""
        todo = self.filtered(lambda m: not m.minutes_requested and not m.minutes_sent_date)
        self.env["acr.activity.bulk"]._acr_schedule(
            todo,
            "accounting_client_relations.mail_activity_type_write_minutes",
            values={"summary": self.env._("Write and send the minutes within 24 hours")},
            values_by_id={
                meeting.id: {
                    "user_id": meeting.user_id.id,
                    "date_deadline": (
                        meeting.minutes_due or fields.Datetime.now() + timedelta(hours=24)
                    ).date(),
                }
                for meeting in todo
            },
        )
        self.minutes_requested = True

    def action_write_minutes(self):
        """Open the meeting's draft minutes, creating them with one outcome
        line per agenda topic."""
        self.ensure_one()
        if self.state != "held":
            raise UserError(self.env._("Mark the meeting as held before writing its minutes."))
        minutes = self.minutes_ids.filtered(lambda m: m.state == "draft")[:1]
        if not minutes:
            if self.minutes_ids:
                return self.minutes_ids.sorted("revision")[-1:].action_new_revision()
            minutes = self.env["acr.meeting.minutes"].create(
                {
                    "meeting_id": self.id,
                    "line_ids": [
                        fields.Command.create({"sequence": index, "topic": t.name})
                        for index, t in enumerate(self._acr_agenda())
                    ],
                }
            )
        return minutes._acr_form_action()

    def _acr_latest_sent_minutes(self):
        self.ensure_one()
        return self.minutes_ids.filtered(lambda m: m.state == "sent").sorted("revision")[-1:]

    def action_mark_no_show(self):
        if any(m.state not in OPEN_STATES for m in self):
            raise UserError(self.env._("Only a booked or prepared meeting can be marked as a no-show."))
        self._acr_transition_write({"state": "no_show"})
        return True

    def action_cancel(self):
        for meeting in self:
            meeting._acr_cancel(reason=False, by_client=False)
        return True

    def _acr_cancel(self, reason, by_client):
        self.ensure_one()
        if self.state not in ("draft", *OPEN_STATES):
            raise UserError(self.env._("This meeting can no longer be cancelled."))
        if by_client and self.state != "draft":
            self._acr_check_cutoff()
        was_booked = self.state != "draft"
        self._acr_transition_write({"state": "cancelled", "cancel_reason": reason})
        self.activity_unlink(["accounting_client_relations.mail_activity_type_meeting_readiness"])
        if self.event_id:
            self.event_id.sudo().action_archive()
        if was_booked:
            who = self.env.user.name
            self.message_post(
                body=self.env._("Meeting cancelled by %(who)s.", who=who)
                + (Markup("<br/>") + reason if reason else ""),
                subtype_xmlid="mail.mt_comment",
                partner_ids=(self.partner_id | self.user_id.partner_id).ids,
            )

    def action_book_next_free_slot(self):
        """Book a draft in the accountant's first free slot (back office)."""
        for meeting in self:
            if meeting.state != "draft":
                raise UserError(self.env._("This meeting is already booked."))
            slots = meeting.type_id._acr_free_slots(meeting.user_id)
            if not slots:
                raise UserError(
                    self.env._(
                        "%(user)s has no free slot for this meeting type within its horizon.",
                        user=meeting.user_id.name,
                    )
                )
            meeting._acr_book(slots[0].replace(tzinfo=None))
        return True

    def action_open_event(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.event_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------------
    # Portal (called on records sudo'd after the controller's access check)
    # ------------------------------------------------------------------
    def _get_report_base_filename(self):
        self.ensure_one()
        return self.name

    @api.model
    def _acr_portal_domain(self):
        partner = self.env.user.partner_id.commercial_partner_id
        return [("commercial_partner_id", "=", partner.id), ("state", "!=", "draft")]

    @api.model
    def _acr_portal_upcoming_count(self):
        return self.sudo().search_count(
            [*self._acr_portal_domain(), ("state", "in", OPEN_STATES), ("start", ">=", fields.Datetime.now())]
        )

    @api.model
    def _acr_portal_lists(self, past_limit=20):
        Meeting = self.sudo()
        now = fields.Datetime.now()
        domain = self._acr_portal_domain()
        return {
            "upcoming": Meeting.search(
                [*domain, ("state", "in", OPEN_STATES), ("start", ">=", now)], order="start asc"
            ),
            "past": Meeting.search(
                [*domain, "|", ("state", "not in", OPEN_STATES), ("start", "<", now)],
                order="start desc",
                limit=past_limit,
            ),
            # The user's own bookings not finished (answers given, no slot
            # chosen yet): she resumes them from the list.
            "drafts": Meeting.search(
                [("partner_id", "=", self.env.user.partner_id.id), ("state", "=", "draft")],
                order="create_date desc",
                limit=5,
            ),
        }

    @api.model
    def _acr_portal_create_draft(self, client_sudo, mtype, form):
        """Create the client's draft booking with the answers of the form, or
        raise with what is missing; nothing is written on refusal."""
        client = self.env["acr.client"]._acr_portal_client()
        if not client or client != client_sudo or mtype not in client._acr_bookable_types():
            raise UserError(self.env._("This meeting type cannot be booked from your account."))
        check_plain_text(
            self.env,
            {
                self.env._("What changed"): form.get("changes_note"),
                self.env._("Your questions"): form.get("preparation_questions"),
                **{
                    self.env._("Topic %(number)s", number=index): topic["name"]
                    for index, topic in enumerate(form.get("topics", []), start=1)
                },
                **{self.env._("A file name"): upload["name"] for upload in form.get("files", [])},
            },
        )
        for upload in form.get("files", []):
            if len(upload["content"]) > 10 * 1024 * 1024:
                raise ValidationError(self.env._("%(file)s is larger than 10 MB.", file=upload["name"]))
        kinds = self.env["acr.meeting.change.kind"].sudo().browse(form.get("change_kind_ids", [])).exists()
        vals = {
            "client_id": client.id,
            "type_id": mtype.id,
            "partner_id": self.env.user.partner_id.id,
            "booked_via": "portal",
            "change_kind_ids": [fields.Command.set(kinds.ids)],
            "changes_note": form.get("changes_note"),
            "client_prepared": form.get("client_prepared"),
            "preparation_questions": form.get("preparation_questions"),
            "topic_ids": [
                fields.Command.create(
                    {
                        "sequence": index,
                        "name": topic["name"],
                        "minutes": topic["minutes"],
                        "must_discuss": topic["must_discuss"],
                    }
                )
                for index, topic in enumerate(form.get("topics", []))
            ],
        }
        for topic in form.get("topics", []):
            if not topic["name"] or topic["minutes"] <= 0:
                raise ValidationError(
                    self.env._("Each agenda topic needs a title and its estimated minutes.")
                )
        with self.env.cr.savepoint():
            meeting = self.sudo().create(vals)
            if form.get("files"):
                attachments = (
                    self.env["ir.attachment"]
                    .sudo()
                    .create(
                        [
                            {
                                "name": upload["name"],
                                "raw": upload["content"],
                                "res_model": self._name,
                                "res_id": meeting.id,
                            }
                            for upload in form["files"]
                        ]
                    )
                )
                meeting.attachment_ids = [fields.Command.set(attachments.ids)]
        return meeting

    def _acr_portal_check_owner(self):
        """Portal-facing methods run sudo'd: check again that a portal user
        acts on its own company's meeting."""
        user = self.env.user
        for meeting in self:
            if user.share and meeting.commercial_partner_id != user.partner_id.commercial_partner_id:
                raise AccessError(self.env._("This meeting belongs to another client."))

    def _acr_portal_week(self, tz, monday=None):
        """The week of free slots shown to the client, in the client's time
        zone: seven days of slot values (naive UTC) and labels."""
        self.ensure_one()
        self._acr_portal_check_owner()
        now_local = pytz.utc.localize(fields.Datetime.now()).astimezone(tz)
        this_monday = now_local.date() - timedelta(days=now_local.weekday())
        exclude = self if self.state != "draft" else None
        if not monday:
            # Open on the first week that has a free slot.
            upcoming = self.type_id._acr_free_slots(self.user_id, exclude_meeting=exclude)
            if upcoming:
                monday = upcoming[0].astimezone(tz).date()
        _earliest, latest = self.type_id._acr_bookable_range()
        monday = min(max(monday or this_monday, this_monday), latest.date())
        monday -= timedelta(days=monday.weekday())
        week_start = tz.localize(datetime.combine(monday, time.min))
        week_end = tz.localize(datetime.combine(monday + timedelta(days=7), time.min))
        slots = self.type_id._acr_free_slots(
            self.user_id,
            week_start.astimezone(pytz.utc),
            week_end.astimezone(pytz.utc),
            exclude_meeting=exclude,
        )
        days = []
        for offset in range(7):
            day = monday + timedelta(days=offset)
            days.append({"date": day, "slots": []})
        locale = babel_locale_parse(self.env.lang or "en_US")
        for slot in slots:
            local = slot.astimezone(tz)
            days[(local.date() - monday).days]["slots"].append(
                {
                    "value": slot.strftime("%Y-%m-%dT%H:%M:%S"),
                    "label": babel.dates.format_time(local.replace(tzinfo=None), "short", locale=locale),
                }
            )
        first_week = False
        if not slots:
            upcoming = self.type_id._acr_free_slots(self.user_id, exclude_meeting=exclude)
            if upcoming:
                first_local = upcoming[0].astimezone(tz).date()
                first_week = first_local - timedelta(days=first_local.weekday())
        return {
            "days": days,
            "monday": monday,
            "prev_week": monday - timedelta(days=7) if monday > this_monday else False,
            "next_week": monday + timedelta(days=7) if monday + timedelta(days=7) <= latest.date() else False,
            "first_week": first_week if first_week and first_week > monday else False,
        }

    def _acr_portal_book(self, start, reason=None):
        """Book a draft, or move a booked meeting, at ``start`` (naive UTC)
        for the client, with the client's optional ``reason`` for a move;
        everything is written or nothing."""
        self.ensure_one()
        self._acr_portal_check_owner()
        check_plain_text(self.env, {self.env._("The reason"): reason})
        self._acr_lock_for_booking()
        if self.state in OPEN_STATES and self.start == start:
            # The same confirm again (a double click, a resent form): the
            # meeting is already there, nothing to move, mail or count.
            return "booked"
        with self.env.cr.savepoint():
            if self.state == "draft":
                self._acr_book(start)
                self._acr_send_booking_confirmation()
                return "booked"
            self._acr_reschedule(start, by_client=True, reason=reason)
            return "moved"

    def _acr_lock_for_booking(self):
        """Take this meeting's row for the booking, without waiting. A
        second confirm of the same meeting sent at the same moment (a double
        click) finds it taken, or changed since its snapshot, and is told
        that the first one is being confirmed: it writes nothing."""
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL("SELECT id FROM acr_meeting WHERE id = %s FOR NO KEY UPDATE NOWAIT", self.id),
                    log_exceptions=False,
                )
        except (psycopg2.errors.LockNotAvailable, psycopg2.errors.SerializationFailure):
            raise UserError(
                self.env._(
                    "This booking is already being confirmed. Please wait a moment and open your meetings."
                )
            ) from None

    def _acr_portal_cancel(self, reason):
        self.ensure_one()
        self._acr_portal_check_owner()
        check_plain_text(self.env, {self.env._("The reason"): reason})
        with self.env.cr.savepoint():
            self._acr_cancel(reason=reason, by_client=True)

    def _acr_ics(self):
        self.ensure_one()
        if not self.event_id or self.state not in OPEN_STATES:
            return False
        return self.event_id.sudo()._get_ics_file().get(self.event_id.id)

    def _acr_portal_can_change(self):
        """Whether the client may still move or cancel this meeting online."""
        self.ensure_one()
        if self.state not in OPEN_STATES or not self.start:
            return False
        return fields.Datetime.now() <= self.start - timedelta(hours=self.type_id.cutoff_hours)

    # ------------------------------------------------------------------
    # Scheduled jobs
    # ------------------------------------------------------------------
    @api.model
    def _cron_flag_unprepared(self, batch_size=500):
        """Meetings whose preparation the firm did not confirm in time: flag
        them and alert the client's coordinator, once (the flag takes them
        out of the domain, so the job resumes where it stopped)."""
        domain = [
            ("state", "=", "booked"),
            ("readiness_overdue", "=", False),
            ("readiness_deadline", "<", fields.Datetime.now()),
        ]

        def process(meetings):
            self.env["acr.activity.bulk"]._acr_schedule(
                meetings,
                "accounting_client_relations.mail_activity_type_meeting_readiness_alert",
                values_by_id={
                    meeting.id: {
                        "user_id": (meeting.client_id.coordinator_id or meeting.user_id).id,
                        "summary": self.env._(
                            "Preparation not confirmed by %(user)s", user=meeting.user_id.name
                        ),
                    }
                    for meeting in meetings
                },
            )
            meetings.readiness_overdue = True

        self.env["acr.cron.batch"]._acr_run_batches(self, domain, process, batch_size=batch_size)

    @api.model
    def _cron_minutes_followup(self, batch_size=500):
        """After each meeting: ask the organiser for the minutes when its end
        has passed, and escalate minutes not sent within 24 hours to the
        client's coordinator (activity and mail), once per meeting."""
        now = fields.Datetime.now()
        ended_domain = [
            ("state", "in", ("booked", "prepared", "held")),
            ("stop", "<", now),
            ("minutes_requested", "=", False),
            ("minutes_sent_date", "=", False),
        ]
        Batch = self.env["acr.cron.batch"]
        Batch._acr_run_batches(self, ended_domain, lambda ended: ended._acr_request_minutes(), batch_size)
        late_domain = [
            ("state", "in", ("booked", "prepared", "held")),
            ("minutes_due", "<", now),
            ("minutes_sent_date", "=", False),
            ("minutes_overdue", "=", False),
        ]
        Batch._acr_run_batches(self, late_domain, lambda late: late._acr_escalate_minutes(), batch_size)

    def _acr_escalate_minutes(self):
        """Minutes not sent within 24 hours: an activity for the client's
        coordinator and a note addressed to them, once per meeting."""
        coordinators = {meeting.id: meeting.client_id.coordinator_id or meeting.user_id for meeting in self}
        self.env["acr.activity.bulk"]._acr_schedule(
            self,
            "accounting_client_relations.mail_activity_type_minutes_overdue",
            values_by_id={
                meeting.id: {
                    "user_id": coordinators[meeting.id].id,
                    "summary": self.env._(
                        "Minutes not sent within 24 hours by %(user)s", user=meeting.user_id.name
                    ),
                }
                for meeting in self
            },
        )
        for meeting in self:
            meeting.message_post(
                body=self.env._(
                    "The minutes of this meeting were not sent within 24 hours: "
                    "%(coordinator)s, please follow up.",
                    coordinator=coordinators[meeting.id].name,
                ),
                partner_ids=coordinators[meeting.id].partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
        self.minutes_overdue = True

    # ------------------------------------------------------------------
    # Reminders before the meeting
    # ------------------------------------------------------------------
    @api.model
    def _acr_reminder_hours(self):
        """The reminders, in hours before the start, largest first
        (``acr.meeting_reminder_hours``, *Settings ▸ Client Relations*)."""
        raw = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("acr.meeting_reminder_hours", DEFAULT_MEETING_REMINDER_HOURS)
        )
        hours = set()
        for part in (raw or "").split(","):
            part = part.strip()
            if part.isascii() and part.isdigit() and 0 < int(part) <= 24 * 14:
                hours.add(int(part))
        return sorted(hours, reverse=True)

    @api.model
    def _acr_reminder_already_due(self, start, now=None):
        """At booking or moving: the reminder whose time has already come
        (the confirmation just told the client), recorded as sent; 0 if none."""
        now = now or fields.Datetime.now()
        due = [hours for hours in self._acr_reminder_hours() if start - timedelta(hours=hours) <= now]
        return min(due) if due else 0

    @api.model
    def _acr_reminder_domain(self, now):
        """Open meetings owing a reminder: the start within one of the
        reminders' windows (between this reminder and the next one) and that
        reminder not sent yet. A mailed reminder takes the meeting out of the
        domain, so the job resumes where it stopped; a late job sends the
        latest reminder only, once."""
        hours = sorted(self._acr_reminder_hours())
        if not hours:
            return [(0, "=", 1)]
        windows = []
        previous = 0
        for hour in hours:
            windows.append(
                [
                    ("start", ">", now + timedelta(hours=previous)),
                    ("start", "<=", now + timedelta(hours=hour)),
                    "|",
                    ("reminder_hours_sent", "=", 0),
                    ("reminder_hours_sent", ">", hour),
                ]
            )
            previous = hour
        return [("state", "in", OPEN_STATES), *expression.OR(windows)]

    @api.model
    def _cron_send_reminders(self, batch_size=500):
        """Mail each client her reminders before the meeting (24 hours and 1
        hour before by default), with the agenda and the video link: each
        once, none for a cancelled or held meeting. Rendered in bulk for a
        batch (``acr.mail.bulk``), in batches reporting progress
        (``acr.cron.batch``)."""
        now = fields.Datetime.now()
        hours = sorted(self._acr_reminder_hours())
        template = self.env.ref(
            "accounting_client_relations.mail_template_meeting_reminder", raise_if_not_found=False
        )
        if not hours or not template:
            return

        def process(meetings):
            by_hour = {}
            for meeting in meetings:
                due = next(hour for hour in hours if meeting.start <= now + timedelta(hours=hour))
                by_hour.setdefault(due, self.browse())
                by_hour[due] |= meeting
            self.env["acr.mail.bulk"]._acr_queue_mails(
                template, meetings.filtered(lambda m: m.partner_id.email)
            )
            with self._acr_transition():
                for hour, group in by_hour.items():
                    group.with_context(tracking_disable=True).write({"reminder_hours_sent": hour})

        self.env["acr.cron.batch"]._acr_run_batches(
            self, self._acr_reminder_domain(now), process, batch_size=batch_size
        )

    def _acr_event_alarms(self):
        """Notification alarms of the calendar event at the reminders' times:
        the accountant's calendar and the client's .ics remind too. Found or
        created once per duration."""
        Alarm = self.env["calendar.alarm"].sudo()
        alarms = Alarm.browse()
        for hour in self._acr_reminder_hours():
            alarm = Alarm.search(
                [("alarm_type", "=", "notification"), ("interval", "=", "hours"), ("duration", "=", hour)],
                limit=1,
            ) or Alarm.create(
                {
                    "name": self.env._("%(hours)s hours before", hours=hour),
                    "alarm_type": "notification",
                    "interval": "hours",
                    "duration": hour,
                }
            )
            alarms |= alarm
        return alarms

    @api.model
    def _cron_purge_drafts(self, batch_size=1000):
        """Drop bookings abandoned before a slot was chosen."""
        domain = [("state", "=", "draft"), ("create_date", "<", fields.Datetime.now() - timedelta(days=2))]
        self.env["acr.cron.batch"]._acr_run_batches(self, domain, lambda stale: stale.unlink(), batch_size)
