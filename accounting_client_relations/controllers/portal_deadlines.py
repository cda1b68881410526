from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class AcrDeadlinePortal(CustomerPortal):
    """The deadlines where the client must act (documents due to the firm),
    on /my/deadlines and as a card on /my. Read only, with the portal user's
    own rights: the record rule limits them to the user's company and to the
    client-facing kind, and the page shows nothing internal (no responsible,
    no notes)."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "acr_deadline_count" in counters:
            values["acr_deadline_count"] = request.env["acr.deadline"]._acr_portal_open_count()
        return values

    @http.route(["/my/deadlines"], type="http", auth="user", website=True)
    def portal_my_deadlines(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update(request.env["acr.deadline"]._acr_portal_lists())
        values["page_name"] = "acr_deadlines"
        return request.render("accounting_client_relations.portal_my_deadlines", values)
