from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    acr_booking_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Personal Booking Windows",
        help="When set, clients book this accountant's meetings in these windows instead of "
        "the meeting type's.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return [*super().SELF_READABLE_FIELDS, "acr_booking_calendar_id"]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return [*super().SELF_WRITEABLE_FIELDS, "acr_booking_calendar_id"]
