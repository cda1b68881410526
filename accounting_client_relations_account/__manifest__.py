{
    "name": "Accounting Client Relations - Invoicing",
    "summary": "The firm's own fees in Odoo Invoicing: monthly invoices from agreements, "
    "overdue reminders and the fee conversation",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "author": "Accounting Client Relations contributors",
    "license": "LGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": [
        "accounting_client_relations",
        "account",
    ],
    "data": [
        "security/acr_account_security.xml",
        "security/ir.model.access.csv",
        "data/product_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_activity_type_data.xml",
        "data/mail_template_data.xml",
        "views/res_config_settings_views.xml",
        "views/acr_agreement_views.xml",
        "views/acr_client_views.xml",
        "views/account_move_views.xml",
        "views/portal_layout_templates.xml",
        "views/acr_meeting_templates.xml",
        "views/acr_profitability_report_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "accounting_client_relations_account/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/acr_invoice_demo.xml",
    ],
}
