/** @odoo-module **/

import { registry } from "@web/core/registry";

// The client has signed a second agreement on the portal: the manager
// countersigns and activates it, and finds the first one superseded, with
// its end date.
registry.category("web_tour.tours").add("acr_agreement_supersede_tour", {
    steps: () => [
        {
            content: "The new agreement waits for the firm's signature",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Signed by Client')",
        },
        {
            content: "Countersign it",
            trigger: "button[name=action_countersign]",
            run: "click",
        },
        {
            content: "The confirmation says it supersedes the running agreement",
            trigger: ".modal:contains('supersedes the client') .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Countersigned",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Countersigned')",
        },
        {
            content: "Activate it",
            trigger: "button[name=action_activate]",
            run: "click",
        },
        {
            content: "Active",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Active')",
        },
        {
            content: "The amounts show their currency",
            trigger: ".o_field_widget[name=monthly_fee]:contains('€'), .o_field_widget[name=monthly_fee]:contains('$')",
        },
        {
            content: "Back to the agreements",
            trigger: ".o_breadcrumb a:contains('Engagement Agreements')",
            run: "click",
        },
        {
            content: "Only one of the client's agreements is running",
            trigger: ".o_data_row:contains('Tour Renewal'):contains('Superseded')",
        },
        {
            trigger: ".o_data_row:contains('Tour Renewal'):contains('Superseded') .o_data_cell[name=name]",
            run: "click",
        },
        {
            content: "The old agreement records its end and its successor",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Superseded')",
        },
        {
            trigger: ".o_field_widget[name=date_end]:not(:empty)",
        },
        {
            trigger: ".o_field_widget[name=superseded_by_id]:not(:empty)",
        },
    ],
});
