from datetime import date, datetime

import pytz
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

ACTIONS_PAGE_SIZE = 20
MAX_TOPICS = 8
MAX_FILES = 5
MAX_FILE_SIZE = 10 * 1024 * 1024


class AcrPortal(CustomerPortal):
    """Client meetings on the customer portal. Thin: parse, check access,
    call one model method, render or redirect; every rule is checked again in
    the model."""

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _acr_client_sudo(self):
        return request.env["acr.client"]._acr_portal_client()

    def _acr_meeting_sudo(self, meeting_id, access_token=None):
        """The meeting, sudo'd after the access check, acting as the current
        user (so the chatter shows who did what)."""
        meeting_sudo = self._document_check_access("acr.meeting", meeting_id, access_token=access_token)
        user = request.env.user
        if user.share and not user._is_public():
            # A token does not open another client's meeting to a logged-in
            # portal user.
            if meeting_sudo.commercial_partner_id != user.partner_id.commercial_partner_id:
                raise AccessError(request.env._("This meeting belongs to another client."))
        return request.env["acr.meeting"].browse(meeting_id).sudo()

    def _acr_browser_tz(self):
        """The browser's time zone, from the ``tz`` cookie that Odoo's
        frontend layout sets on every page; None when absent or unknown."""
        tz = request.httprequest.cookies.get("tz")
        return tz if tz in pytz.all_timezones_set else None

    def _acr_user_tz(self, client_sudo=None):
        """The zone the client reads times in: the one stored on her contact
        (chosen on the slot page, or set by Odoo at her first login), else
        her browser's, else her accountant's. Slots stay in UTC on the
        server: this only changes how they are shown."""
        user = request.env.user
        candidates = [
            None if user._is_public() else user.tz,
            self._acr_browser_tz(),
            client_sudo and client_sudo.user_id.tz,
        ]
        for tz in candidates:
            if tz in pytz.all_timezones_set:
                return pytz.timezone(tz)
        return pytz.utc

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "acr_meeting_count" in counters:
            values["acr_meeting_count"] = request.env["acr.meeting"]._acr_portal_upcoming_count()
        if "acr_action_count" in counters:
            values["acr_action_count"] = request.env["acr.action.item"]._acr_portal_open_count()
        if "acr_action_due_count" in counters:
            values["acr_action_due_count"] = request.env["acr.action.item"]._acr_portal_due_count()
        return values

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        client_sudo = self._acr_client_sudo()
        values["acr_strategic_due"] = client_sudo._acr_strategic_booking_due().get(client_sudo)
        return values

    # ------------------------------------------------------------------
    # Lists and meeting page
    # ------------------------------------------------------------------
    @http.route(["/my/meetings"], type="http", auth="user", website=True)
    def portal_my_meetings(self, **kw):
        values = self._prepare_portal_layout_values()
        Meeting = request.env["acr.meeting"]
        values.update(Meeting._acr_portal_lists())
        values.update({"page_name": "acr_meetings", "client_sudo": self._acr_client_sudo()})
        return request.render("accounting_client_relations.portal_my_meetings", values)

    @http.route(["/my/meetings/<int:meeting_id>"], type="http", auth="public", website=True)
    def portal_meeting_page(self, meeting_id, access_token=None, **kw):
        try:
            meeting_sudo = self._acr_meeting_sudo(meeting_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        return self._acr_render_meeting(meeting_sudo, access_token, message=kw.get("message"))

    def _acr_render_meeting(self, meeting_sudo, access_token, message=None, error=None):
        values = self._prepare_portal_layout_values()
        values = self._get_page_view_values(meeting_sudo, access_token, values, "my_meetings_history", False)
        values.update(
            {
                "meeting": meeting_sudo,
                "page_name": "acr_meeting",
                "tz": self._acr_user_tz(meeting_sudo.client_id),
                "can_change": meeting_sudo._acr_portal_can_change(),
                "message": message in ("booked", "moved", "cancelled") and message,
                "error": error,
            }
        )
        return request.render("accounting_client_relations.portal_meeting_page", values)

    @http.route(["/my/meetings/<int:meeting_id>/minutes"], type="http", auth="public", website=True)
    def portal_meeting_minutes_pdf(self, meeting_id, access_token=None, **kw):
        try:
            meeting_sudo = self._acr_meeting_sudo(meeting_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if not meeting_sudo._acr_latest_sent_minutes():
            raise NotFound()
        return self._show_report(
            model=meeting_sudo,
            report_type="pdf",
            report_ref="accounting_client_relations.action_report_meeting_minutes",
            download=True,
        )

    @http.route(["/my/actions", "/my/actions/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_actions(self, page=1, **kw):
        return self._acr_render_actions(page)

    def _acr_render_actions(self, page=1, error=None):
        """The client's action items, open ones paged like /my/quotes (the
        latest done ones on the first page)."""
        page = page if isinstance(page, int) and page > 0 else 1
        Item = request.env["acr.action.item"]
        open_count = Item._acr_portal_open_count()
        pager = portal_pager(url="/my/actions", total=open_count, page=page, step=ACTIONS_PAGE_SIZE)
        values = self._prepare_portal_layout_values()
        values.update(
            Item._acr_portal_lists(
                done_limit=30 if pager["page"]["num"] == 1 else 0,
                offset=pager["offset"],
                limit=ACTIONS_PAGE_SIZE,
            )
        )
        values.update({"page_name": "acr_actions", "error": error, "pager": pager})
        return request.render("accounting_client_relations.portal_my_actions", values)

    @http.route(["/my/actions/<int:item_id>/done"], type="http", auth="user", website=True, methods=["POST"])
    def portal_action_done(self, item_id, comment=None, **kw):
        try:
            self._document_check_access("acr.action.item", item_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        item_sudo = request.env["acr.action.item"].browse(item_id).sudo()
        try:
            item_sudo._acr_portal_mark_done((comment or "").strip()[:2000])
        except (UserError, ValidationError) as exc:
            return self._acr_render_actions(error=exc.args[0])
        return request.redirect("/my/actions")

    @http.route(["/my/meetings/<int:meeting_id>/ics"], type="http", auth="public", website=True)
    def portal_meeting_ics(self, meeting_id, access_token=None, **kw):
        try:
            meeting_sudo = self._acr_meeting_sudo(meeting_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        content = meeting_sudo._acr_ics()
        if not content:
            raise NotFound()
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "text/calendar; charset=utf-8"),
                ("Content-Disposition", f'attachment; filename="meeting-{meeting_sudo.id}.ics"'),
            ],
        )

    # ------------------------------------------------------------------
    # Booking flow: type → answers → slot → meeting page
    # ------------------------------------------------------------------
    @http.route(["/my/meetings/book"], type="http", auth="user", website=True)
    def portal_book_type(self, **kw):
        client_sudo = self._acr_client_sudo()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "acr_book",
                "client_sudo": client_sudo,
                "types": client_sudo._acr_bookable_types()
                if client_sudo
                else request.env["acr.meeting.type"],
            }
        )
        return request.render("accounting_client_relations.portal_book_type", values)

    @http.route(
        ["/my/meetings/book/<int:type_id>"], type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def portal_book_answers(self, type_id, **post):
        client_sudo = self._acr_client_sudo()
        mtype = client_sudo._acr_bookable_types().filtered(lambda t: t.id == type_id) if client_sudo else None
        if not mtype:
            return request.redirect("/my/meetings/book")
        error = None
        # Suggested topics: the open items of the last meeting, and what other
        # features add (the year's figures for an annual review, overdue
        # invoices for a fee discussion).
        form = {"topics": client_sudo._acr_suggested_topics(mtype)[:MAX_TOPICS]}
        # An invitation may suggest its topic (a keyword, never free text).
        if post.get("suggest") == "punctuality":
            topic = request.env._("Punctuality of the monthly documents and the late surcharges")
            form["topics"] = [{"name": topic, "minutes": 15}, *form["topics"]][:MAX_TOPICS]
        if request.httprequest.method == "POST":
            form = self._acr_parse_answers(post)
            try:
                meeting_sudo = request.env["acr.meeting"]._acr_portal_create_draft(client_sudo, mtype, form)
            except (UserError, ValidationError) as exc:
                error = exc.args[0]
            else:
                return request.redirect(f"/my/meetings/{meeting_sudo.id}/slots")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "acr_book",
                "client_sudo": client_sudo,
                "mtype": mtype,
                "form": form,
                "error": error,
                "change_kinds": request.env["acr.meeting.change.kind"].sudo().search([]),
                "previous": client_sudo._acr_previous_meeting_sudo(),
                "carry_over": client_sudo._acr_carry_over_items(),
                "max_topics": MAX_TOPICS,
                "agenda_minutes": sum(topic["minutes"] for topic in form.get("topics", [])),
                "longer_types": self._acr_longer_types(client_sudo, mtype, form) if error else None,
            }
        )
        return request.render("accounting_client_relations.portal_book_answers", values)

    def _acr_longer_types(self, client_sudo, mtype, form):
        """The meeting types the client may book whose length fits an agenda
        too long for ``mtype``, shortest first: one click re-posts the same
        answers to one of them, and the server judges again."""
        agenda = sum(topic["minutes"] for topic in form.get("topics", []))
        if agenda <= mtype.duration_minutes:
            return request.env["acr.meeting.type"]
        return (
            client_sudo._acr_bookable_types()
            .filtered(lambda t: t != mtype and t.duration_minutes >= agenda)
            .sorted(lambda t: (t.duration_minutes, t.sequence, t.id))
        )

    def _acr_parse_answers(self, post):
        form = request.httprequest.form
        kind_ids = [value for value in map(_to_int, form.getlist("change_kind_ids")) if value]
        topics = []
        for index in range(MAX_TOPICS):
            name = (post.get(f"topic_name_{index}") or "").strip()[:200]
            raw_minutes = (post.get(f"topic_minutes_{index}") or "").strip()
            if not name and not raw_minutes:
                continue
            minutes = _to_int(raw_minutes) or 0
            topics.append(
                {"name": name, "minutes": minutes, "must_discuss": bool(post.get(f"topic_must_{index}"))}
            )
        files = []
        for upload in request.httprequest.files.getlist("attachments")[:MAX_FILES]:
            if not upload.filename:
                continue
            content = upload.read(MAX_FILE_SIZE + 1)
            files.append({"name": upload.filename[:200], "content": content, "mimetype": upload.mimetype})
        return {
            "change_kind_ids": kind_ids,
            "changes_note": (post.get("changes_note") or "").strip()[:5000],
            "client_prepared": bool(post.get("client_prepared")),
            "preparation_questions": (post.get("preparation_questions") or "").strip()[:5000],
            "topics": topics,
            "files": files,
        }

    @http.route(["/my/meetings/<int:meeting_id>/slots"], type="http", auth="user", website=True)
    def portal_book_slots(self, meeting_id, week=None, **kw):
        try:
            meeting_sudo = self._acr_meeting_sudo(meeting_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        return self._acr_render_slots(meeting_sudo, week)

    def _acr_render_slots(self, meeting_sudo, week, error=None):
        if meeting_sudo.state not in ("draft", "booked", "prepared"):
            return request.redirect(meeting_sudo.get_portal_url())
        tz = self._acr_user_tz(meeting_sudo.client_id)
        try:
            monday = date.fromisoformat(week) if week else None
        except ValueError:
            monday = None
        if monday and not date(2000, 1, 3) <= monday <= date(2999, 12, 30):
            monday = None
        values = self._prepare_portal_layout_values()
        values.update(meeting_sudo._acr_portal_week(tz, monday))
        browser_tz = self._acr_browser_tz()
        values.update(
            {
                "page_name": "acr_book",
                "meeting": meeting_sudo,
                "tz": tz,
                "browser_tz": browser_tz if browser_tz != tz.zone else None,
                "timezones": pytz.common_timezones,
                "error": error,
                "rescheduling": meeting_sudo.state != "draft",
            }
        )
        return request.render("accounting_client_relations.portal_book_slots", values)

    @http.route(
        ["/my/meetings/<int:meeting_id>/tz"], type="http", auth="user", website=True, methods=["POST"]
    )
    def portal_book_timezone(self, meeting_id, tz=None, week=None, **kw):
        """Switch the zone the slots are shown in, stored on the client's
        contact (her own, never one from the form)."""
        try:
            meeting_sudo = self._acr_meeting_sudo(meeting_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            request.env.user.partner_id._acr_portal_set_tz(tz)
        except ValidationError as exc:
            return self._acr_render_slots(meeting_sudo, week, error=exc.args[0])
        query = f"?week={week}" if week and _is_iso_date(week) else ""
        return request.redirect(f"/my/meetings/{meeting_sudo.id}/slots{query}")

    @http.route(
        ["/my/meetings/<int:meeting_id>/book"], type="http", auth="user", website=True, methods=["POST"]
    )
    def portal_book_confirm(self, meeting_id, slot=None, week=None, reason=None, **kw):
        try:
            meeting_sudo = self._acr_meeting_sudo(meeting_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            start = datetime.strptime(slot or "", "%Y-%m-%dT%H:%M:%S")
        except ValueError:
            return self._acr_render_slots(meeting_sudo, week, error=request.env._("Please choose a slot."))
        try:
            message = meeting_sudo._acr_portal_book(start, reason=(reason or "").strip()[:1000])
        except (UserError, ValidationError) as exc:
            return self._acr_render_slots(meeting_sudo, week, error=exc.args[0])
        return request.redirect(meeting_sudo.get_portal_url(query_string=f"&message={message}"))

    @http.route(
        ["/my/meetings/<int:meeting_id>/cancel"], type="http", auth="user", website=True, methods=["POST"]
    )
    def portal_meeting_cancel(self, meeting_id, reason=None, **kw):
        try:
            meeting_sudo = self._acr_meeting_sudo(meeting_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            meeting_sudo._acr_portal_cancel((reason or "").strip()[:1000])
        except (UserError, ValidationError) as exc:
            return self._acr_render_meeting(meeting_sudo, None, error=exc.args[0])
        return request.redirect(meeting_sudo.get_portal_url(query_string="&message=cancelled"))


def _is_iso_date(raw):
    try:
        date.fromisoformat(raw)
    except (TypeError, ValueError):
        return False
    return True


def _to_int(raw, limit=10**6):
    """A small positive integer from form input, or None: no 500 on '²',
    on huge numbers or on garbage."""
    raw = (raw or "").strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 7:
        return None
    value = int(raw)
    return value if value <= limit else None
