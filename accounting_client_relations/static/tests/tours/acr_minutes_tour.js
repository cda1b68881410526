/** @odoo-module **/

import { registry } from "@web/core/registry";

// The accountant writes the minutes of a held meeting and sends them.
registry.category("web_tour.tours").add("acr_minutes_backoffice_tour", {
    steps: () => [
        {
            content: "Write the minutes of the held meeting",
            trigger: ".o_form_view button[name=action_write_minutes]:contains('Write Minutes')",
            run: "click",
        },
        {
            content: "The outcome line of the agenda topic is there",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains('Hiring plan')",
        },
        {
            content: "Write the summary",
            trigger: ".o_field_html[name=summary] .odoo-editor-editable",
            run: "editor The second shop can hire two bakers in April.",
        },
        {
            content: "Send them to the client",
            trigger: ".o_form_view button[name=action_send]",
            run: "click",
        },
        {
            content: "Sent and frozen",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Sent')",
        },
    ],
});

// The client reads the minutes on the portal and closes an action item.
registry.category("web_tour.tours").add("acr_minutes_portal_tour", {
    steps: () => [
        {
            content: "The minutes are on the meeting page",
            trigger: ".o_acr_minutes:contains('two bakers in April')",
        },
        {
            content: "With the action items",
            trigger: ".o_acr_meeting_actions:contains('Send the payslips')",
        },
        {
            content: "Go to the action list",
            trigger: "a[href='/my/actions']:contains('Close your items')",
            run: "click",
        },
        {
            content: "Add a word",
            trigger: ".o_acr_action_item:contains('Send the payslips') input[name=comment]",
            run: "edit Uploaded to the shared folder",
        },
        {
            content: "Mark it done",
            trigger: ".o_acr_action_item:contains('Send the payslips') button.o_acr_mark_done",
            run: "click",
        },
        {
            content: "It is done",
            trigger: ".o_acr_done_item:contains('Send the payslips')",
        },
    ],
});
