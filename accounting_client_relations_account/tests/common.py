from odoo import Command

from odoo.addons.accounting_client_relations.tests.common import AcrCase


class AcrInvoiceCase(AcrCase):
    """Running agreements of a few clients since January 2026, on the main
    company with the shipped product mapping and its sales journal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "acr_invoice_post": False,
                "acr_amendment_proration": "prorata",
                "acr_reminder_offsets": "3,10,20",
                "acr_fee_talk_days": 20,
                "acr_block_booking_days": 0,
            }
        )
        cls.clients = cls._create_clients(3, "Fee Client")
        cls.agreements = cls._countersigned_agreements(cls.clients, fee=500.0, date_start="2026-01-01")
        cls.term_30 = cls.env.ref("account.account_payment_term_30days")
        with cls.agreements._acr_transition():
            cls.agreements[0].sudo().payment_term_id = cls.term_30

    @classmethod
    def _amend(cls, agreement, date_effective, new_fee, acknowledged=True):
        # A fixture in its final state, as the portal acknowledgement leaves it.
        with cls.env["acr.agreement.amendment"]._acr_transition():
            return (
                cls.env["acr.agreement.amendment"]
                .sudo()
                .create(
                    {
                        "agreement_id": agreement.id,
                        "name": "Annual price review",
                        "date_effective": date_effective,
                        "old_fee": agreement.monthly_fee,
                        "new_fee": new_fee,
                        "acknowledged_on": "2026-09-01 10:00:00" if acknowledged else False,
                        "state": "acknowledged" if acknowledged else "notified",
                    }
                )
            )

    def _invoices(self, agreements=None, period="2026-10-01"):
        return self.env["account.move"].search(
            [
                ("acr_agreement_id", "in", (agreements or self.agreements).ids),
                ("acr_period_start", "=", period),
            ]
        )

    @staticmethod
    def _fee_lines(move):
        return move.invoice_line_ids.filtered(lambda line: line.display_type == "product")


def make_invoice(env, agreement, invoice_date, amount=500.0):
    """A posted fee invoice of ``agreement`` dated (and due) ``invoice_date``."""
    move = (
        env["account.move"]
        .sudo()
        .create(
            {
                "move_type": "out_invoice",
                "partner_id": agreement.partner_id.id,
                "invoice_date": invoice_date,
                "invoice_date_due": invoice_date,
                "acr_agreement_id": agreement.id,
                "acr_client_id": agreement.client_id.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": env.company.acr_fee_product_id.id,
                            "name": "Monthly fee",
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
    )
    move.action_post()
    return move
