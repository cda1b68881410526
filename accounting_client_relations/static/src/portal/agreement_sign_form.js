/** @odoo-module **/

import { Component, useRef, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { NameAndSignature } from "@web/core/signature/name_and_signature";

/**
 * Odoo's name-and-signature widget inside a plain HTML form: the signature
 * is posted with the page's CSRF token, like every other state change of the
 * portal, and the server answers with a redirect.
 */
export class AgreementSignForm extends Component {
    static template = "accounting_client_relations.AgreementSignForm";
    static components = { NameAndSignature };
    static props = {
        actionUrl: String,
        accessToken: { type: String, optional: true },
        csrfToken: String,
        defaultName: { type: String, optional: true },
    };

    setup() {
        this.signature = useState({ name: this.props.defaultName || "" });
        this.nameInput = useRef("name");
        this.signatureInput = useRef("signature");
        this.state = useState({ sending: false });
    }

    onSubmit(ev) {
        if (this.signature.isSignatureEmpty || this.state.sending) {
            ev.preventDefault();
            return;
        }
        this.nameInput.el.value = this.signature.name;
        this.signatureInput.el.value = this.signature.getSignatureImage().split(",")[1];
        this.state.sending = true;
    }
}

registry.category("public_components").add("accounting_client_relations.agreement_sign_form", AgreementSignForm);
