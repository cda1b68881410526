/** @odoo-module **/

import { registry } from "@web/core/registry";

// The manager opens the due review of Tour Bakery from the board, reads its
// figures and lights, decides "new terms" at a new fee with the reason, and
// sees the amendment sent.
registry.category("web_tour.tours").add("acr_review_new_terms_tour", {
    steps: () => [
        {
            content: "The due review is on the board, red, suggesting new terms",
            trigger: ".o_kanban_record:contains('Tour Bakery'):contains('Continue with New Terms')",
            run: "click",
        },
        {
            content: "The lights: the client's documents are red",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains('Documents on time'):contains('Red')",
        },
        {
            content: "The figures: the monthly fee and the margin",
            trigger: ".o_field_widget[name=monthly_fee]:contains('500')",
        },
        {
            content: "The margin is there for the manager",
            trigger: ".o_field_widget[name=margin_percent]:contains('10')",
        },
        {
            content: "Open the decision",
            trigger: ".o_notebook .nav-link[name=decision]",
            run: "click",
        },
        {
            content: "Decide: continue with new terms",
            trigger: ".o_field_widget[name=decision] input[data-value=new_terms]",
            run: "click",
        },
        {
            content: "The new fee",
            trigger: ".o_field_widget[name=new_fee] input",
            run: "edit 650",
        },
        {
            content: "The reason",
            trigger: ".o_field_widget[name=decision_note] textarea",
            run: "edit Documents late every month and a thin margin: new terms.",
        },
        {
            content: "Record the decision",
            trigger: "button[name=action_decide]",
            run: "click",
        },
        {
            content: "The review is decided",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Decided')",
        },
        {
            content: "The amendment was sent",
            trigger: ".o_field_widget[name=amendment_id]:contains('Annual review')",
        },
    ],
});

// The client sees the new fee on its agreement's page and acknowledges it.
registry.category("web_tour.tours").add("acr_review_portal_amendment_tour", {
    steps: () => [
        {
            content: "The price change is on the agreement's page",
            trigger: ".o_acr_amendments:contains('650')",
        },
        {
            content: "Acknowledge it",
            trigger: ".o_acr_amendments button:contains('Acknowledge')",
            run: "click",
        },
        {
            content: "Acknowledged",
            trigger: ".o_acr_amendments:contains('Acknowledged on')",
        },
    ],
});
