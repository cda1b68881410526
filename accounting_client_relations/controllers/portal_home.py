from odoo.http import request

from odoo.addons.portal.controllers.web import Home


class AcrPortalHome(Home):
    def _login_redirect(self, uid, redirect=None):
        url = super()._login_redirect(uid, redirect=redirect)
        return request.env["res.users"].browse(uid).sudo()._acr_portal_landing_url(url)
