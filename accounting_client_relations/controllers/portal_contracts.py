import base64
import binascii

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

PAGE_SIZE = 20


class AcrCustomerPortal(CustomerPortal):
    """Quotes and engagement agreements on the client portal. Thin: check
    access, call one model method, render or redirect."""

    # Home counters ---------------------------------------------------------
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "acr_quote_count" in counters:
            Quote = request.env["acr.tariff.quote"]
            values["acr_quote_count"] = Quote.search_count([]) if Quote.has_access("read") else 0
        if "acr_agreement_count" in counters:
            Agreement = request.env["acr.agreement"]
            values["acr_agreement_count"] = Agreement.search_count([]) if Agreement.has_access("read") else 0
        # What waits for the client (record rules keep each to her company).
        todo = {
            "acr_quote_todo_count": ("acr.tariff.quote", [("state", "=", "sent")]),
            "acr_agreement_todo_count": ("acr.agreement", [("state", "=", "sent")]),
            "acr_amendment_todo_count": (
                "acr.agreement.amendment",
                [("state", "=", "notified"), ("acknowledged_on", "=", False)],
            ),
        }
        for counter, (model, domain) in todo.items():
            if counter in counters:
                Model = request.env[model]
                values[counter] = Model.search_count(domain) if Model.has_access("read") else 0
        return values

    # Access ------------------------------------------------------------------
    def _acr_check_access(self, model_name, record_id, access_token):
        """The record, sudo'd, for its client's portal users or a token holder
        who is not logged in as someone else's portal user. Raises AccessError
        or MissingError, which the routes answer with the same redirect."""
        record_sudo = self._document_check_access(model_name, record_id, access_token=access_token)
        user = request.env.user
        if user.share and not user._is_public():
            if record_sudo.partner_id.commercial_partner_id != user.commercial_partner_id:
                raise AccessError(request.env._("This document belongs to another client."))
        if record_sudo.state == "draft":
            raise MissingError(request.env._("This document is not available yet."))
        return record_sudo

    def _acr_list(self, model_name, url, page, template, values_key, page_name):
        Model = request.env[model_name]
        values = self._prepare_portal_layout_values()
        domain = []
        count = Model.search_count(domain) if Model.has_access("read") else 0
        pager = portal_pager(url=url, total=count, page=page, step=PAGE_SIZE)
        records = (
            Model.search(domain, limit=PAGE_SIZE, offset=pager["offset"], order="id desc") if count else Model
        )
        request.session[f"my_{values_key}_history"] = records.ids[:100]
        values.update({values_key: records, "pager": pager, "page_name": page_name, "default_url": url})
        return request.render(template, values)

    # Quotes ------------------------------------------------------------------
    @http.route(["/my/quotes", "/my/quotes/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_acr_quotes(self, page=1, **kw):
        page = _page_number(page)
        return self._acr_list(
            "acr.tariff.quote",
            "/my/quotes",
            page,
            "accounting_client_relations.portal_my_quotes",
            "quotes",
            "acr_quote",
        )

    @http.route(["/my/quotes/<int:quote_id>"], type="http", auth="public", website=True)
    def portal_acr_quote_page(self, quote_id, access_token=None, message=None, **kw):
        try:
            quote_sudo = self._acr_check_access("acr.tariff.quote", quote_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(quote_sudo, access_token, {}, "my_quotes_history", False)
        values.update(quote=quote_sudo, page_name="acr_quote", message=message)
        return request.render("accounting_client_relations.portal_quote_page", values)

    @http.route(
        ["/my/quotes/<int:quote_id>/accept"], type="http", auth="public", methods=["POST"], website=True
    )
    def portal_acr_quote_accept(self, quote_id, access_token=None, **kw):
        try:
            quote_sudo = self._acr_check_access("acr.tariff.quote", quote_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            partner = self._acr_signing_partner(quote_sudo)
            quote_sudo._acr_accept(partner, ip_address=request.httprequest.remote_addr)
        except UserError as error:
            return self._acr_page_error(quote_sudo, access_token, error)
        return request.redirect(quote_sudo.get_portal_url(query_string="&message=accepted"))

    # Agreements --------------------------------------------------------------
    @http.route(["/my/agreements", "/my/agreements/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_acr_agreements(self, page=1, **kw):
        page = _page_number(page)
        return self._acr_list(
            "acr.agreement",
            "/my/agreements",
            page,
            "accounting_client_relations.portal_my_agreements",
            "agreements",
            "acr_agreement",
        )

    @http.route(["/my/agreements/<int:agreement_id>"], type="http", auth="public", website=True)
    def portal_acr_agreement_page(
        self, agreement_id, access_token=None, message=None, report_type=None, **kw
    ):
        try:
            agreement_sudo = self._acr_check_access("acr.agreement", agreement_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if report_type in ("pdf", "html"):
            # The Welcome Pack button asks for a download (Content-Disposition:
            # attachment); without it the PDF opens inline.
            return self._show_report(
                agreement_sudo,
                report_type,
                "accounting_client_relations.action_report_welcome_pack",
                download=kw.get("download") == "true",
            )
        values = self._get_page_view_values(agreement_sudo, access_token, {}, "my_agreements_history", False)
        values.update(
            agreement=agreement_sudo,
            page_name="acr_agreement",
            message=message,
            error=None,
            default_signer=self._acr_signing_partner(agreement_sudo, check=False).name,
        )
        return request.render("accounting_client_relations.portal_agreement_page", values)

    @http.route(
        ["/my/agreements/<int:agreement_id>/sign"], type="http", auth="public", methods=["POST"], website=True
    )
    def portal_acr_agreement_sign(self, agreement_id, access_token=None, name=None, signature=None, **kw):
        try:
            agreement_sudo = self._acr_check_access("acr.agreement", agreement_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            image = base64.b64decode(signature or "", validate=True)
        except (binascii.Error, ValueError):
            image = b""
        if not image:
            return self._acr_page_error(
                agreement_sudo, access_token, request.env._("Please sign before sending.")
            )
        try:
            agreement_sudo._acr_sign(
                name,
                signature,
                self._acr_signing_partner(agreement_sudo),
                ip_address=request.httprequest.remote_addr,
            )
        except (UserError, AccessError) as error:
            return self._acr_page_error(agreement_sudo, access_token, error)
        return request.redirect(agreement_sudo.get_portal_url(query_string="&message=signed"))

    @http.route(
        ["/my/agreements/<int:agreement_id>/acknowledge"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_acr_amendment_acknowledge(self, agreement_id, access_token=None, amendment_id=None, **kw):
        try:
            agreement_sudo = self._acr_check_access("acr.agreement", agreement_id, access_token)
            amendment_sudo = agreement_sudo.amendment_ids.filtered(lambda a: str(a.id) == str(amendment_id))
            if not amendment_sudo:
                raise MissingError(request.env._("This notice does not exist."))
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            amendment_sudo._acr_acknowledge(self._acr_signing_partner(agreement_sudo))
        except (UserError, AccessError) as error:
            return self._acr_page_error(agreement_sudo, access_token, error)
        return request.redirect(agreement_sudo.get_portal_url(query_string="&message=acknowledged"))

    # Helpers -------------------------------------------------------------------
    def _acr_signing_partner(self, record_sudo, check=True):
        """Who acts: the logged-in client contact, or the client itself for a
        token holder who is not logged in. Firm staff never act for the client
        through these routes (``check``)."""
        user = request.env.user
        if check and not user.share:
            raise UserError(
                request.env._(
                    "Firm users cannot accept, sign or acknowledge for the client here: "
                    "record it in the back office."
                )
            )
        return record_sudo.partner_id if user._is_public() else user.partner_id

    def _acr_page_error(self, record_sudo, access_token, error):
        values = self._get_page_view_values(record_sudo, access_token, {}, "", False)
        message = error.args[0] if isinstance(error, Exception) else error
        if record_sudo._name == "acr.agreement":
            values.update(
                agreement=record_sudo,
                page_name="acr_agreement",
                error=message,
                default_signer=self._acr_signing_partner(record_sudo, check=False).name,
            )
            return request.render("accounting_client_relations.portal_agreement_page", values)
        values.update(quote=record_sudo, page_name="acr_quote", error=message)
        return request.render("accounting_client_relations.portal_quote_page", values)


def _page_number(raw):
    """A page number from the URL, 1 for anything else: never a 500."""
    raw = str(raw or "")
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < len(raw) < 6 and int(raw) > 0 else 1
