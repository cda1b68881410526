from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    def _default_acr_product(self, xmlid):
        return self.env.ref(f"accounting_client_relations_account.{xmlid}", raise_if_not_found=False)

    # Product mapping: one product per kind of service invoiced.
    acr_fee_product_id = fields.Many2one(
        "product.product",
        string="Monthly Fee Product",
        default=lambda self: self._default_acr_product("product_acr_monthly_fee"),
        help="The product of the monthly fee line of agreement invoices (its income account and taxes).",
    )
    acr_extra_product_id = fields.Many2one(
        "product.product",
        string="Extra Service Product",
        default=lambda self: self._default_acr_product("product_acr_extra_service"),
        help="The product of extra services sold outside the agreement.",
    )
    acr_surcharge_product_id = fields.Many2one(
        "product.product",
        string="Surcharge Product",
        default=lambda self: self._default_acr_product("product_acr_surcharge"),
        help="The product of late-document surcharges.",
    )
    acr_invoice_post = fields.Boolean(
        string="Post Fee Invoices",
        help="The monthly job posts the invoices it creates; otherwise they stay in draft for review.",
    )
    acr_amendment_proration = fields.Selection(
        [("prorata", "Pro rata from the effective date"), ("next", "From the next period")],
        string="Fee Changes Within a Month",
        default="prorata",
        required=True,
        help="A fee change effective in the middle of a month is invoiced pro rata by days from its "
        "effective date, or from the next month on.",
    )
    acr_reminder_offsets = fields.Char(
        string="Overdue Reminders",
        default="3,10,20",
        help="Days after the due date on which a friendly reminder is mailed, comma-separated.",
    )
    acr_fee_talk_days = fields.Integer(
        string="Fee Conversation After (days)",
        default=20,
        help="Days overdue after which the accountant gets a 'talk about fees' activity and the client "
        "is invited to book a fee discussion. 0 turns it off.",
    )
    acr_block_booking_days = fields.Integer(
        string="Block Other Bookings After (days)",
        help="While an invoice is this many days overdue, the client can book only the fee discussion "
        "on the portal. 0 turns the block off.",
    )

    def _acr_reminder_offsets(self):
        """The reminder cadence as sorted positive days ("3,10,20")."""
        self.ensure_one()
        days = set()
        for part in (self.acr_reminder_offsets or "").split(","):
            part = part.strip()
            if part.isdigit() and int(part) > 0:
                days.add(int(part))
        return sorted(days)

    @api.constrains("acr_reminder_offsets")
    def _check_acr_reminder_offsets(self):
        for company in self:
            parts = [p.strip() for p in (company.acr_reminder_offsets or "").split(",") if p.strip()]
            if any(not p.isdigit() or int(p) <= 0 for p in parts):
                raise ValidationError(
                    self.env._(
                        "Overdue reminders are days after the due date, e.g. 3,10,20: %(value)s is not.",
                        value=company.acr_reminder_offsets,
                    )
                )
