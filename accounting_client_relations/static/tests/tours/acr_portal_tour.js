/** @odoo-module **/

import { registry } from "@web/core/registry";

// A client accepts the quote on the portal, then signs the agreement.
registry.category("web_tour.tours").add("acr_portal_accept_sign_tour", {
    steps: () => [
        {
            content: "The quote shows the monthly fee",
            trigger: ".o_acr_quote_total:contains('321.00')",
        },
        {
            content: "Accept the quote",
            trigger: ".o_acr_quote_accept button[type=submit]",
            run: "click",
        },
        {
            content: "The acceptance is recorded",
            trigger: ".alert-success:contains('Your acceptance has been recorded')",
        },
        {
            content: "Open the agreements",
            trigger: "body",
            run: "goToUrl /my/agreements",
        },
        {
            trigger: "a:contains('AGR/')",
            run: "click",
        },
        {
            content: "The excluded services are shown before signing",
            trigger: ".o_acr_excluded li",
        },
        {
            content: "The name is pre-filled and drawn as a signature",
            trigger: ".o_acr_sign_form input[name=signer]",
            run: "edit Alice Alpha",
        },
        {
            content: "Sign",
            trigger: ".o_acr_sign_submit:enabled",
            run: "click",
        },
        {
            content: "Signed, waiting for the firm",
            trigger: ".alert-success:contains('Thank you for signing')",
        },
    ],
});
