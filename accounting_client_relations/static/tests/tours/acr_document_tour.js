/** @odoo-module **/

import { registry } from "@web/core/registry";

async function dropFiles(input, names) {
    const dataTransfer = new DataTransfer();
    for (const name of names) {
        dataTransfer.items.add(new File([`%PDF-1.4 ${name}`], name, { type: "application/pdf" }));
    }
    input.files = dataTransfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

// The client opens this month's request, uploads two bank statements,
// answers "nothing this month" for the sales invoices and sends them.
registry.category("web_tour.tours").add("acr_document_upload_tour", {
    steps: () => [
        {
            content: "My documents lists the open request",
            trigger: ".o_acr_document_request a:contains('Documents for 2099-03')",
            run: "click",
        },
        {
            content: "The page says the limits",
            trigger: ".o_acr_upload_limits:contains('MB per file')",
        },
        {
            content: "Choose two files for the bank statements",
            trigger: ".o_acr_document_item:contains('Bank statements') input[type=file]",
            async run({ anchor }) {
                await dropFiles(anchor, ["statement-1.pdf", "statement-2.pdf"]);
            },
        },
        {
            content: "Upload them",
            trigger: ".o_acr_document_item:contains('Bank statements') .o_acr_upload",
            run: "click",
        },
        {
            content: "Both files are listed under the bank statements",
            trigger:
                ".o_acr_document_item:contains('Bank statements') .o_acr_item_files:contains('statement-1.pdf'):contains('statement-2.pdf')",
        },
        {
            content: "Nothing this month for the sales invoices",
            trigger: ".o_acr_document_item:contains('Sales invoices') .o_acr_nothing",
            run: "click",
        },
        {
            content: "The answer is recorded",
            trigger: ".o_acr_document_item:contains('Sales invoices') .o_acr_item_state:contains('Nothing This Month')",
        },
        {
            content: "Send them to the accountant",
            trigger: ".o_acr_submit",
            run: "click",
        },
        {
            content: "The client is told the accountant knows",
            trigger: ".o_acr_document_message:contains('Your accountant has been told')",
        },
    ],
});

// The accountant opens the request, sees the two files and marks it received.
registry.category("web_tour.tours").add("acr_document_receive_tour", {
    steps: () => [
        {
            content: "The bank statements line shows the client's two files",
            trigger:
                ".o_field_one2many .o_data_row:contains('Bank statements'):contains('statement-1.pdf'):contains('statement-2.pdf')",
        },
        {
            content: "The sales invoices line says nothing this month",
            trigger: ".o_field_one2many .o_data_row:contains('Sales invoices'):contains('Nothing This Month')",
        },
        {
            content: "Mark the request received",
            trigger: ".o_form_view button[name=action_mark_received]",
            run: "click",
        },
        {
            content: "It is received",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Received')",
        },
    ],
});
