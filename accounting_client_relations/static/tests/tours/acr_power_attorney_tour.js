/** @odoo-module **/

import { registry } from "@web/core/registry";

// The accountant receives the signed power of attorney of Tour Bakery: marks
// it valid with its button, sees what was granted locked (the expiry date
// stays editable), then revokes it, with a confirmation.
registry.category("web_tour.tours").add("acr_power_attorney_tour", {
    steps: () => [
        {
            content: "The requested power of attorney is open, its terms editable",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Requested')",
        },
        {
            content: "The authority name can still be typed",
            trigger: ".o_field_widget[name='authority_detail'] input",
        },
        {
            content: "Mark it valid",
            trigger: ".o_statusbar_buttons button[name='action_mark_valid']",
            run: "click",
        },
        {
            content: "It is valid",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Valid')",
        },
        {
            content: "What the client granted is locked: the authority name",
            trigger: ".o_field_widget[name='authority_detail'].o_readonly_modifier:contains('HMRC')",
        },
        {
            content: "the authority",
            trigger: ".o_field_widget[name='authority'].o_readonly_modifier",
        },
        {
            content: "and the holder",
            trigger: ".o_field_widget[name='holder_id'].o_readonly_modifier",
        },
        {
            content: "The expiry date stays editable (a renewal extends it)",
            trigger: ".o_field_widget[name='date_expiry']:not(.o_readonly_modifier) input",
        },
        {
            content: "Revoke it",
            trigger: ".o_statusbar_buttons button[name='action_revoke']",
            run: "click",
        },
        {
            content: "Confirm the revocation",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "It is revoked",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Revoked')",
        },
        {
            content: "No status button remains",
            trigger: ".o_form_view:not(:has(.o_statusbar_buttons button[name='action_revoke']))",
        },
    ],
});
