/** @odoo-module **/

import { registry } from "@web/core/registry";

// The gate refuses a status-bar move: the form goes back to the stage the
// server kept, without Discard.
registry.category("web_tour.tours").add("acr_statusbar_refusal_tour", {
    steps: () => [
        {
            content: "The client file is in Contracting",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Contracting')",
        },
        {
            content: "Move it to Onboarding from the status bar",
            trigger: ".o_statusbar_status button.o_arrow_button:contains('Onboarding')",
            run: "click",
        },
        {
            content: "The server refuses and says what is missing",
            trigger: ".modal:contains('Missing: Coordinator') .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The form shows the stage the server kept",
            trigger: "body:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current:contains('Contracting')",
        },
    ],
});
