from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class AcrSurveyPortal(CustomerPortal):
    """ "Your opinion" on /my: the portal user's own open survey invitations.
    They are found from the session's partner, never from request input;
    the links are Odoo's survey links with the invitation's own token."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "acr_survey_count" in counters:
            values["acr_survey_count"] = len(request.env["survey.user_input"]._acr_portal_open_invitations())
        return values

    @http.route(["/my/opinion"], type="http", auth="user", website=True)
    def portal_my_opinion(self, **kw):
        values = self._prepare_portal_layout_values()
        invitations_sudo = request.env["survey.user_input"]._acr_portal_open_invitations()
        values.update(
            {
                "invitations": invitations_sudo,
                "page_name": "acr_opinion",
            }
        )
        return request.render("accounting_client_relations.portal_my_opinion", values)
