/** @odoo-module **/

import { registry } from "@web/core/registry";

// The accountant marks an onboarding step done in the client file's chatter:
// the checklist progress changes at once, without reloading the page.
registry.category("web_tour.tours").add("acr_checklist_tour", {
    steps: () => [
        {
            content: "Nothing done yet",
            trigger: ".o_field_widget[name=checklist_done] .o_progress[aria-valuenow='0'][aria-valuemax='4']",
        },
        {
            content: "Mark the first step done",
            trigger: ".o-mail-Activity:first .o-mail-Activity-markDone",
            run: "click",
        },
        {
            trigger: ".o-mail-ActivityMarkAsDone button[aria-label=Done]",
            run: "click",
        },
        {
            content: "The progress follows without a reload",
            trigger: ".o_field_widget[name=checklist_done] .o_progress[aria-valuenow='1'][aria-valuemax='4']",
        },
        {
            content: "And the chatter says the step is done",
            trigger: ".o-mail-Message:contains('done')",
        },
    ],
});
