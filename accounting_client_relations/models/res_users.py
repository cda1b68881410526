from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    acr_booking_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Personal Booking Windows",
        help="When set, clients book this accountant's meetings in these windows instead of "
        "the meeting type's.",
    )

    acr_load_target = fields.Integer(
        string="Load Target (points)",
        default=60,
        help="The work this accountant can carry over 4 weeks, in load points: a client served, an open "
        "deadline due within 4 weeks and an hour of booked meetings are a point each, an overdue minutes "
        "or action item two. The dashboard shows the load against it.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return [*super().SELF_READABLE_FIELDS, "acr_booking_calendar_id"]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return [*super().SELF_WRITEABLE_FIELDS, "acr_booking_calendar_id"]

    def _acr_portal_landing_url(self, url):
        """Where a portal user lands after logging in: the portal in the
        user's own language. Odoo's frontend otherwise keeps the language the
        login page was shown in (its ``frontend_lang`` cookie, English for a
        visitor), and a Persian client would read the portal in English; the
        language prefix (/fa/my) switches it, and the cookie follows."""
        self.ensure_one()
        if not self.share or not url or not (url == "/my" or url.startswith(("/my/", "/my?"))):
            return url
        lang = self.env["res.lang"]._get_data(code=self.lang)
        # The frontend's default language, as ir.http picks it (without a request).
        Lang = self.env["res.lang"]
        default_code = self.env["ir.default"].sudo()._get("res.partner", "lang")
        default = Lang._get_data(code=default_code) if default_code else None
        if not default:
            default = next(iter(Lang._get_active_by("code").values()))
        if not lang or lang.code == default.code:
            return url
        return f"/{lang.url_code}{url}"
