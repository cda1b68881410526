from odoo import models


class AcrMeeting(models.Model):
    _inherit = "acr.meeting"

    def _acr_portal_create_draft(self, client_sudo, mtype, form):
        if client_sudo:
            client_sudo._acr_check_booking_block(mtype)
        return super()._acr_portal_create_draft(client_sudo, mtype, form)

    def _acr_portal_book(self, start, reason=None):
        self.ensure_one()
        self.client_id._acr_check_booking_block(self.type_id)
        return super()._acr_portal_book(start, reason=reason)
