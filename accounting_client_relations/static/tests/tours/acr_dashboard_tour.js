/** @odoo-module **/

import { registry } from "@web/core/registry";

// The managing partner opens the dashboard, reads the workload and the
// reviews due, and opens the reviews still to decide from their tile.
registry.category("web_tour.tours").add("acr_dashboard_tour", {
    steps: () => [
        {
            content: "The workload of the accountants is listed",
            trigger: ".o_acr_dashboard .o_field_widget[name=workload_ids] .o_data_row:contains('Ann Accountant')",
        },
        {
            content: "One review to decide this quarter",
            trigger: ".o_acr_dashboard button[name=action_open_reviews_open]:contains('1')",
            run: "click",
        },
        {
            content: "The tile opens the review behind it",
            trigger: ".o_list_view .o_data_row:contains('Dash Bakery')",
        },
    ],
});
