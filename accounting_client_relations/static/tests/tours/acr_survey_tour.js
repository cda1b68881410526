/** @odoo-module **/

import { registry } from "@web/core/registry";

function pick(question, answer) {
    return {
        content: `${question}: ${answer}`,
        trigger: `div.js_question-wrapper:contains("${question}") label:contains("${answer}")`,
        run: "click",
    };
}

// The client opens "Your opinion" from the portal home, answers the
// expectation survey (tax planning expected, a low score) and submits it.
registry.category("web_tour.tours").add("acr_survey_portal_tour", {
    steps: () => [
        {
            content: "The home page shows the card",
            trigger: "a[href='/my/opinion']:contains('Your opinion')",
            run: "click",
        },
        {
            content: "The page lists the client's own invitation",
            trigger: ".o_acr_survey_invitation:contains('Alpha Bakery') a.o_acr_survey_start",
            run: "click",
        },
        {
            content: "Start the survey",
            trigger: 'button.btn:contains("Start")',
            run: "click",
        },
        pick("what you expected from us", "No"),
        pick("strongest impression", "VAT returns"),
        pick("main reasons you chose us", "The price"),
        pick("take care of for you", "Monthly bookkeeping"),
        pick("take care of for you", "Tax planning"),
        pick("recommend us to a friend", "Not sure"),
        {
            content: "Score 4 out of 10",
            trigger: 'div.js_question-wrapper:contains("How likely") label.o_survey_choice_btn:has(input[value="4"])',
            run: "click",
        },
        {
            content: "Submit",
            trigger: 'button[value="finish"]',
            run: "click",
        },
        {
            content: "Thanked",
            trigger: ".o_survey_finished, h1:contains('Thank you')",
        },
    ],
});

// The accountant opens the client file and sees the scope activity and the
// risk flag.
registry.category("web_tour.tours").add("acr_survey_gap_tour", {
    steps: () => [
        {
            content: "The risk flag is shown",
            trigger: ".o_acr_expectation_risk",
        },
        {
            content: "The scope activity names the expected service",
            trigger: ".o-mail-Activity:contains('Talk about scope'):contains('Tax planning')",
        },
        {
            content: "The Expectations tab",
            trigger: ".o_notebook .nav-link:contains('Expectations')",
            run: "click",
        },
        {
            content: "It lists the gap",
            trigger: ".o_notebook .o_data_row:contains('Tax planning')",
        },
    ],
});
