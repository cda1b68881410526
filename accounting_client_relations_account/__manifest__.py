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
        "data/product_data.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": [],
}
