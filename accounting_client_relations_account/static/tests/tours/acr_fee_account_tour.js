/** @odoo-module **/

import { registry } from "@web/core/registry";

// The managing partner opens a client file, reads its fee account (an
// overdue invoice) and follows the Invoices button to the invoice, then back
// to its agreement.
registry.category("web_tour.tours").add("acr_fee_account_tour", {
    steps: () => [
        {
            content: "The fee account shows the overdue amount",
            trigger: ".o_field_widget[name=fee_overdue_amount]:contains('480.00')",
        },
        {
            content: "and the days overdue",
            trigger: ".o_field_widget[name=fee_overdue_days]:contains('25')",
        },
        {
            content: "Open the client's invoices",
            trigger: "button[name=action_view_invoices]",
            run: "click",
        },
        {
            content: "Open the invoice",
            trigger: ".o_list_view .o_data_row:contains('480.00') .o_data_cell:first",
            run: "click",
        },
        {
            content: "The invoice links back to its agreement",
            trigger: "button[name=action_acr_open_agreement]",
            run: "click",
        },
        {
            content: "The agreement's form, with its Invoices button",
            trigger: ".o_form_view button[name=action_view_invoices]:contains('1')",
        },
    ],
});
