/** @odoo-module **/

import { registry } from "@web/core/registry";

// A client with an overdue invoice sees the banner on /my, opens the
// invoice, and books the fee discussion with the invoice as agenda topic.
registry.category("web_tour.tours").add("acr_fee_talk_tour", {
    steps: () => [
        {
            content: "The overdue banner on the portal home",
            trigger: ".o_acr_fee_banner:contains('overdue')",
        },
        {
            content: "Open the overdue invoice",
            trigger: ".o_acr_fee_banner a.o_acr_overdue_invoice",
            run: "click",
        },
        {
            content: "The invoice page offers the fee discussion",
            trigger: ".o_acr_fee_offer a.o_acr_book_fee_talk",
            run: "click",
        },
        {
            content: "The overdue invoice is the suggested agenda topic",
            trigger: "input[name=topic_name_0][value*='Overdue invoice']",
        },
        {
            content: "Nothing changed since the last meeting",
            trigger: "label:contains('Nothing changed')",
            run: "click",
        },
        {
            content: "Confirm being prepared",
            trigger: "label[for=client_prepared]",
            run: "click",
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
            content: "The fee discussion is booked",
            trigger: ".o_acr_booked",
        },
    ],
});
