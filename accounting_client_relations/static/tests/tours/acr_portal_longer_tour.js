/** @odoo-module **/

import { registry } from "@web/core/registry";

// A client's agenda does not fit the meeting she chose: the server refuses
// and offers the longer meeting types, one click keeps her answers and
// switches; the slots open on the first free day and she books.
registry.category("web_tour.tours").add("acr_portal_longer_tour", {
    steps: () => [
        {
            content: "Choose the short meeting",
            trigger: ".o_acr_type_card:contains('Tour short')",
            run: "click",
        },
        {
            trigger: "label:contains('Nothing changed')",
            run: "click",
        },
        {
            trigger: "label[for=client_prepared]",
            run: "click",
        },
        {
            trigger: "input[name=topic_name_0]",
            run: "edit Year-end closing",
        },
        {
            trigger: "input[name=topic_minutes_0]",
            run: "edit 50",
        },
        {
            trigger: "input[name=topic_name_1]",
            run: "edit Hiring plan",
        },
        {
            trigger: "input[name=topic_minutes_1]",
            run: "edit 30",
        },
        {
            content: "Go to the slots with an 80-minute agenda for a 60-minute meeting",
            trigger: "button.o_acr_to_slots",
            run: "click",
        },
        {
            content: "The server says the agenda is too long",
            trigger: ".o_acr_error",
        },
        {
            content: "and offers the meeting that fits, answers kept",
            trigger: ".o_acr_longer:contains('80')",
        },
        {
            trigger: "input[name=topic_name_1]:value(Hiring plan)",
        },
        {
            content: "One click to the longer meeting",
            trigger: "button.o_acr_longer_type:contains('Tour long')",
            run: "click",
        },
        {
            content: "The slots of the longer meeting, on the first week with free time",
            trigger: "h3:contains('Choose a time'):contains('Tour long')",
        },
        {
            trigger: ".o_acr_slots label.o_acr_slot:first",
            run: "click",
        },
        {
            trigger: "button.o_acr_confirm_slot",
            run: "click",
        },
        {
            content: "Booked",
            trigger: ".o_acr_booked",
        },
        {
            content: "The agenda, as booked",
            trigger: ".o_acr_agenda li:contains('Year-end closing')",
        },
    ],
});
