/** @odoo-module **/

import { registry } from "@web/core/registry";

// The accountant opens My Deadlines, keeps only the overdue ones, marks the
// overdue VAT return of Tour Bakery done, and sees it leave the list.
registry.category("web_tour.tours").add("acr_deadline_done_tour", {
    steps: () => [
        {
            content: "My Deadlines lists the overdue return",
            trigger: ".o_list_view .o_data_row:contains('Tour Bakery'):contains('Tour VAT return')",
        },
        {
            content: "Open the filters",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Keep only the overdue deadlines",
            trigger: ".o_filter_menu .o_menu_item:contains('Overdue')",
            run: "click",
        },
        {
            content: "The overdue filter is on",
            trigger: ".o_searchview_facet:contains('Overdue')",
        },
        {
            content: "Mark the overdue return done in one click",
            trigger: ".o_data_row:contains('Tour Bakery') button.o_acr_deadline_done",
            run: "click",
        },
        {
            content: "It has left the overdue deadlines",
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Tour Bakery')))",
        },
    ],
});
