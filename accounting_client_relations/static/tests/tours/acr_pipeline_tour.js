/** @odoo-module **/

import { registry } from "@web/core/registry";

// The accountant opens the pipeline, drags a client into Onboarding without
// a coordinator, reads the refusal, completes the team and moves it.
registry.category("web_tour.tours").add("acr_pipeline_gate_tour", {
    steps: () => [
        {
            content: "The pipeline shows the client in Contracting",
            trigger: ".o_kanban_group:has(.o_column_title:contains('Contracting')) .o_kanban_record:contains('Tour Bakery')",
        },
        {
            content: "Drag the client into Onboarding",
            trigger: ".o_kanban_record:contains('Tour Bakery')",
            run: "drag_and_drop (.o_kanban_group:has(.o_column_title:contains('Onboarding')))",
        },
        {
            content: "The server refuses and says what is missing",
            trigger: ".modal-body:contains('Missing: Coordinator')",
        },
        {
            content: "Close the message",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The client stays in Contracting",
            trigger: ".o_kanban_group:has(.o_column_title:contains('Contracting')) .o_kanban_record:contains('Tour Bakery')",
        },
        {
            content: "Open the client file",
            trigger: ".o_kanban_record:contains('Tour Bakery')",
            run: "click",
        },
        {
            content: "The file tells what the next stage needs",
            trigger: ".alert-warning:contains('Coordinator')",
        },
        {
            content: "Pick a coordinator",
            trigger: ".o_field_widget[name=coordinator_id] input",
            run: "edit Cora",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Cora Coordinator')",
            run: "click",
        },
        {
            content: "Move the client to Onboarding from the status bar",
            trigger: ".o_statusbar_status button.o_arrow_button:contains('Onboarding')",
            run: "click",
        },
        {
            content: "The move is saved",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Onboarding')",
        },
        {
            content: "The department checklist has started",
            trigger: ".o_form_saved .o_field_widget[name=checklist_done]",
        },
    ],
});
