from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from ..models.acr_document_request import ALLOWED_EXTENSIONS, MAX_FILES_PER_UPLOAD, OPEN_STATES
from .portal_contracts import AcrCustomerPortal

MESSAGES = ("uploaded", "nothing", "submitted")


class AcrDocumentPortal(AcrCustomerPortal):
    """The client's monthly documents: /my/documents lists the open
    requests, the request page takes the uploads per checklist item. Thin:
    the one access helper (``_acr_check_access``), then one model method
    that checks everything again."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "acr_document_count" in counters:
            values["acr_document_count"] = request.env["acr.document.request"]._acr_portal_open_count()
        return values

    @http.route(["/my/documents"], type="http", auth="user", website=True)
    def portal_my_documents(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update(request.env["acr.document.request"]._acr_portal_lists())
        values["page_name"] = "acr_documents"
        return request.render("accounting_client_relations.portal_my_documents", values)

    @http.route(["/my/documents/<int:request_id>"], type="http", auth="public", website=True)
    def portal_acr_document_page(self, request_id, access_token=None, message=None, **kw):
        try:
            request_sudo = self._acr_check_access("acr.document.request", request_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        return self._acr_document_render(request_sudo, access_token, message=message)

    @http.route(
        ["/my/documents/<int:request_id>/upload"], type="http", auth="public", methods=["POST"], website=True
    )
    def portal_acr_document_upload(self, request_id, access_token=None, item_id=None, **kw):
        try:
            request_sudo = self._acr_check_access("acr.document.request", request_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            item_sudo = self._acr_document_item(request_sudo, item_id)
            partner = self._acr_signing_partner(request_sudo)
            # Read at most one byte more than allowed: the model refuses
            # anything larger without holding it all in memory.
            limit = request_sudo._acr_max_upload_bytes() + 1
            files = [
                (storage.filename, storage.read(limit))
                for storage in request.httprequest.files.getlist("files")
                if storage.filename
            ]
            request_sudo._acr_portal_upload(item_sudo, files, partner)
        except (UserError, AccessError) as error:
            return self._acr_document_render(request_sudo, access_token, error=error.args[0], status=400)
        return request.redirect(request_sudo.get_portal_url(query_string="&message=uploaded"))

    @http.route(
        ["/my/documents/<int:request_id>/nothing"], type="http", auth="public", methods=["POST"], website=True
    )
    def portal_acr_document_nothing(self, request_id, access_token=None, item_id=None, **kw):
        try:
            request_sudo = self._acr_check_access("acr.document.request", request_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            item_sudo = self._acr_document_item(request_sudo, item_id)
            request_sudo._acr_portal_nothing(item_sudo, self._acr_signing_partner(request_sudo))
        except (UserError, AccessError) as error:
            return self._acr_document_render(request_sudo, access_token, error=error.args[0], status=400)
        return request.redirect(request_sudo.get_portal_url(query_string="&message=nothing"))

    @http.route(
        ["/my/documents/<int:request_id>/submit"], type="http", auth="public", methods=["POST"], website=True
    )
    def portal_acr_document_submit(self, request_id, access_token=None, **kw):
        try:
            request_sudo = self._acr_check_access("acr.document.request", request_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            request_sudo._acr_portal_submit(self._acr_signing_partner(request_sudo))
        except (UserError, AccessError) as error:
            return self._acr_document_render(request_sudo, access_token, error=error.args[0], status=400)
        return request.redirect(request_sudo.get_portal_url(query_string="&message=submitted"))

    # Helpers -------------------------------------------------------------------
    def _acr_document_item(self, request_sudo, item_id):
        """The checklist item ``item_id`` of this request, never another's."""
        raw = str(item_id or "")
        item_sudo = request_sudo.item_ids.filtered(
            lambda item: raw.isascii() and raw.isdigit() and item.id == int(raw)
        )
        if not item_sudo:
            raise UserError(request.env._("This checklist item does not exist."))
        return item_sudo

    def _acr_document_render(self, request_sudo, access_token, message=None, error=None, status=200):
        values = self._get_page_view_values(request_sudo, access_token, {}, "my_documents_history", False)
        values.update(
            doc_request=request_sudo,
            page_name="acr_document",
            message=message if message in MESSAGES else None,
            error=error,
            is_open=request_sudo.state in OPEN_STATES,
            max_mb=request_sudo._acr_max_upload_bytes() // (1024 * 1024),
            max_files=MAX_FILES_PER_UPLOAD,
            extensions=ALLOWED_EXTENSIONS,
            accept=",".join(f".{ext}" for ext in ALLOWED_EXTENSIONS),
        )
        return request.render("accounting_client_relations.portal_document_page", values, status=status)
