/** @odoo-module **/

import { registry } from "@web/core/registry";

// A client books a meeting on the portal: the server refuses it without the
// answers, then books it in a free slot; the client then moves it, and
// cancels it after a confirmation with a reason.
registry.category("web_tour.tours").add("acr_portal_booking_tour", {
    steps: () => [
        {
            content: "Choose what to book",
            trigger: ".o_acr_type_card:contains('Tour strategic')",
            run: "click",
        },
        {
            content: "Try to skip the questions",
            trigger: "button.o_acr_to_slots",
            run: "click",
        },
        {
            content: "The server refuses and says why",
            trigger: ".o_acr_error:contains('what changed')",
        },
        {
            content: "Nothing changed since the last meeting",
            trigger: "label:contains('Nothing changed')",
            run: "click",
        },
        {
            content: "Questions for the meeting",
            trigger: "textarea[name=preparation_questions]",
            run: "edit Can we afford a second van?",
        },
        {
            content: "Confirm being prepared",
            trigger: "label[for=client_prepared]",
            run: "click",
        },
        {
            content: "An agenda topic",
            trigger: "input[name=topic_name_0]",
            run: "edit Cash flow",
        },
        {
            content: "Its estimated minutes",
            trigger: "input[name=topic_minutes_0]",
            run: "edit 25",
        },
        {
            content: "Go to the slots",
            trigger: "button.o_acr_to_slots",
            run: "click",
        },
        {
            content: "Pick the first free slot",
            trigger: ".o_acr_slots label.o_acr_slot:first",
            run: "click",
        },
        {
            content: "Book it",
            trigger: "button.o_acr_confirm_slot",
            run: "click",
        },
        {
            content: "The meeting is booked, with its video link",
            trigger: ".o_acr_booked",
        },
        {
            trigger: ".o_acr_video",
        },
        {
            content: "Move it",
            trigger: "a.o_acr_reschedule",
            run: "click",
        },
        {
            content: "Pick another slot",
            trigger: ".o_acr_slots label.o_acr_slot:eq(1)",
            run: "click",
        },
        {
            content: "Confirm the move",
            trigger: "button.o_acr_confirm_slot",
            run: "click",
        },
        {
            content: "The meeting has moved",
            trigger: ".o_acr_moved",
        },
        {
            content: "Cancel it: the page asks first",
            trigger: "button.o_acr_cancel_open",
            run: "click",
        },
        {
            content: "The confirmation names the meeting",
            trigger: "#o_acr_cancel_modal.show .modal-title:contains('Cancel this meeting?')",
        },
        {
            content: "Change of mind: keep it",
            trigger: "#o_acr_cancel_modal.show button.o_acr_cancel_keep",
            run: "click",
        },
        {
            content: "The dialog closes and nothing changed",
            trigger: "body:not(:has(#o_acr_cancel_modal.show))",
        },
        {
            trigger: ".o_acr_state:contains('Booked')",
        },
        {
            content: "Cancel it for good",
            trigger: "button.o_acr_cancel_open",
            run: "click",
        },
        {
            content: "Give the optional reason",
            trigger: "#o_acr_cancel_modal.show textarea[name=reason]",
            run: "edit The van broke down",
        },
        {
            trigger: "#o_acr_cancel_modal.show button.o_acr_cancel",
            run: "click",
        },
        {
            content: "The page says the meeting is cancelled",
            trigger: ".o_acr_cancelled",
        },
        {
            trigger: ".o_acr_state:contains('Cancelled')",
        },
    ],
});
