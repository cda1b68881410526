from odoo import api, models

from .mail_render_mixin import VALUES_BY_ID


class AcrMailBulk(models.AbstractModel):
    """The one way this addon mails many records from a template.

    ``_acr_queue_mails`` renders the template for all the records at once:
    Odoo groups them by language and renders each field once per language,
    and the QWeb body is compiled once per language (see
    ``mail_render_mixin.py``), not once per record. The mails are then
    created in one batch with ``reply_to`` and ``record_name`` given (Odoo
    would otherwise compute both for every mail) and left to the mail queue,
    whose job is woken once. Digests pass ``values_by_id``: extra QWeb values
    for each record, such as the lines to list for one recipient."""

    _name = "acr.mail.bulk"
    _description = "Bulk Templated Mails"

    @api.model
    def _acr_render_many(self, template, field, res_ids, values_by_id=None):
        """``{res_id: rendered}`` for one field of ``template``, rendered in
        each record's language, the QWeb body compiled once per language."""
        add_context = {VALUES_BY_ID: values_by_id} if values_by_id else None
        return template.with_context(acr_compile_once=True)._render_field(
            field, list(res_ids), compute_lang=True, add_context=add_context
        )

    @api.model
    def _acr_queue_mails(
        self,
        template,
        records,
        recipients=None,
        values_by_id=None,
        documents=None,
        email_values=None,
        chatter_copy=False,
    ):
        """Render ``template`` for ``records`` and queue one mail each.

        :param template: a ``mail.template`` of the records' model
        :param records: the records rendered (``object`` in the template)
        :param dict recipients: ``{record id: res.partner}``; by default the
            template's ``partner_to``
        :param dict values_by_id: ``{record id: {name: value}}`` extra QWeb
            values per record (a digest's lines)
        :param dict documents: ``{record id: record}`` the document each mail
            belongs to (model, res_id, record name, reply-to); by default the
            rendered record itself
        :param dict email_values: values given to every mail
        :param bool chatter_copy: also keep the body on the mail's message, in
            the document's chatter. Off by default: Odoo sanitizes that copy
            again for every mail (the mail itself carries the body sent), and
            with ``auto_delete`` the copy goes with the mail once sent.
        :return: the queued ``mail.mail`` records (sudo)
        """
        Mail = self.env["mail.mail"].sudo()
        if not template or not records:
            return Mail
        res_ids = records.ids
        subjects = self._acr_render_many(template, "subject", res_ids, values_by_id)
        bodies = self._acr_render_many(template, "body_html", res_ids, values_by_id)
        senders = (
            self._acr_render_many(template, "email_from", res_ids, values_by_id)
            if template.email_from
            else {}
        )
        replies = (
            self._acr_render_many(template, "reply_to", res_ids, values_by_id) if template.reply_to else {}
        )
        if recipients is None:
            partner_to = (
                self._acr_render_many(template, "partner_to", res_ids, values_by_id)
                if template.partner_to
                else {}
            )
            recipients = {
                res_id: self.env["res.partner"].browse(
                    int(pid) for pid in (partner_to.get(res_id) or "").split(",") if pid.strip().isdigit()
                )
                for res_id in res_ids
            }
        documents = {record.id: (documents or {}).get(record.id) or record for record in records}
        default_from = self.env.company.email_formatted or self.env.user.email_formatted
        # Reply-to and record names, computed once per model for all mails.
        reply_to_by_doc = {}
        names_by_doc = {}
        by_model = {}
        for record in records:
            document = documents[record.id]
            by_model.setdefault(document._name, set()).add(document.id)
        for model, ids in by_model.items():
            docs = self.env[model].browse(sorted(ids)).sudo()
            for doc_id, reply_to in docs._notify_get_reply_to(default=default_from).items():
                reply_to_by_doc[(model, doc_id)] = reply_to
            for doc in docs:
                names_by_doc[(model, doc.id)] = doc.display_name
        author = self.env.user.partner_id
        vals_list = []
        for record in records:
            document = documents[record.id]
            key = (document._name, document.id)
            sender = senders.get(record.id) or default_from
            vals_list.append(
                {
                    "subject": subjects[record.id],
                    "body_html": bodies[record.id],
                    "body": bodies[record.id] if chatter_copy else "",
                    "email_from": sender,
                    "reply_to": replies.get(record.id) or reply_to_by_doc.get(key) or sender,
                    "recipient_ids": [(6, 0, recipients[record.id].ids)],
                    "model": document._name,
                    "res_id": document.id,
                    "record_name": names_by_doc[key],
                    "auto_delete": template.auto_delete,
                    "mail_server_id": template.mail_server_id.id,
                    "message_type": "email_outgoing",
                    "author_id": author.id,
                    **(email_values or {}),
                }
            )
        mails = Mail.create(vals_list)
        # Wake the mail queue once; it sends in its own batches.
        self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
        return mails

    @api.model
    def _acr_queue_digests(self, template, values_by_partner, documents=None):
        """One mail per partner listing its own lines: the digest pattern.

        :param template: a ``mail.template`` on ``res.partner`` (``object`` is
            the recipient); its QWeb and inline fields also see the values
            given for that partner
        :param dict values_by_partner: ``{res.partner: {name: value}}``, e.g.
            ``{"items": action items}``
        :param dict documents: ``{partner id: record}`` the document each
            digest belongs to (the client file, say)
        """
        partners = self.env["res.partner"].browse([partner.id for partner in values_by_partner])
        return self._acr_queue_mails(
            template,
            partners,
            recipients={partner.id: partner for partner in partners},
            values_by_id={partner.id: values for partner, values in values_by_partner.items()},
            documents=documents,
        )
