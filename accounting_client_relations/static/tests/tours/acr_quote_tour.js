/** @odoo-module **/

import { registry } from "@web/core/registry";

// The manager opens a client file, clicks New Quote, raises the documents
// per month, reads the new fee, saves and sends the quote by e-mail.
registry.category("web_tour.tours").add("acr_quote_from_client_tour", {
    steps: () => [
        {
            content: "The client file is open",
            trigger: ".o_breadcrumb .o_last_breadcrumb_item:contains('Quote Bakery')",
        },
        {
            content: "New Quote opens the calculator",
            trigger: "button[name=action_new_quote]",
            run: "click",
        },
        {
            content: "The calculator is filled from the client's profile",
            trigger: ".o_field_widget[name=value_ids] .o_data_row:contains('Documents per month')",
        },
        {
            content: "The fee of the profile: the base only",
            trigger: ".o_field_widget[name=amount_fee]:contains('100.00')",
        },
        {
            content: "Edit the documents per month",
            trigger: ".o_field_widget[name=value_ids] .o_data_row:contains('Documents per month') .o_data_cell[name=value_int]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=value_ids] .o_data_row.o_selected_row .o_field_widget[name=value_int] input",
            run: "edit 120",
        },
        {
            content: "Leave the line",
            trigger: ".o_form_view .o_field_widget[name=date_quote] input",
            run: "click",
        },
        {
            content: "The fee follows: 100 + 120 x 2",
            trigger: ".o_field_widget[name=amount_fee]:contains('340.00')",
        },
        {
            content: "Save the quote",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The quote is saved with its version",
            trigger: ".o_form_saved .o_field_widget[name=name]:contains('Quote Bakery – quote v1')",
        },
        {
            content: "Send it by e-mail",
            trigger: "button[name=action_send]",
            run: "click",
        },
        {
            content: "The composer opens with the quote template, under its own title",
            trigger: ".modal .o_mail_composer_form_view .o_field_widget[name=subject] input",
        },
        {
            trigger: ".modal .modal-title:contains('Send the Quote')",
        },
        {
            trigger: ".modal .modal-footer .o_mail_send",
            run: "click",
        },
        {
            content: "The quote is sent",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Sent')",
        },
        {
            content: "It is frozen: only a new version can change it",
            trigger: "button[name=action_new_version]",
        },
    ],
});

// The manager goes to Contracting > Quotes, clicks New and picks a client:
// the calculator fills from the client's profile and the quote saves.
registry.category("web_tour.tours").add("acr_quote_from_menu_tour", {
    steps: () => [
        {
            content: "Open the Contracting menu",
            trigger: ".o_menu_sections button[data-menu-xmlid='accounting_client_relations.menu_acr_contracting']",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .o-dropdown-item[data-menu-xmlid='accounting_client_relations.menu_acr_quotes']",
            run: "click",
        },
        {
            content: "The quotes are listed",
            trigger: ".o_breadcrumb .o_last_breadcrumb_item:contains('Quotes')",
        },
        {
            content: "New quote",
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        {
            content: "Look for the client file",
            trigger: ".o_form_view .o_field_widget[name=client_id] input",
            run: "edit Menu Garage",
        },
        {
            content: "The client is offered",
            trigger: ".o-autocomplete--dropdown-item a:contains('Menu Garage')",
            run: "click",
        },
        {
            content: "The calculator fills from its profile",
            trigger: ".o_field_widget[name=value_ids] .o_data_row:contains('Documents per month')",
        },
        {
            trigger: ".o_field_widget[name=amount_fee]:contains('100.00')",
        },
        {
            content: "Save the quote",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The quote is saved",
            trigger: ".o_form_saved .o_field_widget[name=name]:contains('Menu Garage – quote v1')",
        },
        {
            trigger: "button[name=action_send]",
        },
    ],
});
