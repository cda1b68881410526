from freezegun import freeze_time

from odoo.tests import tagged

from .common import AcrDocumentCase


@tagged("post_install", "-at_install")
@freeze_time("2027-08-01")
class TestPunctuality(AcrDocumentCase):
    """The punctuality on the client file matches its requests; the
    chronically late filter lists the clients to talk to."""

    def _history(self, client, received):
        """Requests due the 10th of each month from February 2027; each value
        is the day of the month received (None: still missing, late)."""
        Request = self.env["acr.document.request"].sudo()
        agreement = client.agreement_ids
        vals_list = []
        for index, day in enumerate(received):
            month = index + 2
            vals = {
                "client_id": client.id,
                "agreement_id": agreement.id,
                "period_start": f"2027-{month - 1:02d}-01",
                "period_label": f"2027-{month - 1:02d}",
                "date_due": f"2027-{month:02d}-10",
                "state": "received" if day else "late",
            }
            if day:
                vals["date_received"] = f"2027-{month:02d}-{day:02d}"
            vals_list.append(vals)
        with Request._acr_transition():
            return Request.create(vals_list)

    def test_figures_match_the_requests(self):
        # Due the 10th; received the 8th, 14th, 10th, 20th, 12th; July still missing.
        requests = self._history(self.client_a, [8, 14, 10, 20, 12, None])
        # Older than 12 months: not counted.
        with self.Request.sudo()._acr_transition():
            self.Request.sudo().create(
                {
                    "client_id": self.client_a.id,
                    "period_start": "2026-05-01",
                    "period_label": "2026-05",
                    "date_due": "2026-06-10",
                    "state": "received",
                    "date_received": "2026-06-30",
                }
            )
        self.assertEqual(requests.mapped("received_days_late"), [0, 4, 0, 10, 2, 0])
        self.assertEqual(requests.mapped("was_late"), [False, True, False, True, True, True])
        client = self.client_a.with_user(self.accountant)
        self.assertEqual(client.document_on_time_count, 2)
        self.assertEqual(client.document_late_recent_count, 4)
        # Received late: 4, 10 and 2 days (the one still missing has no figure yet): 16 / 4 late.
        self.assertAlmostEqual(client.document_avg_days_late, 4.0)
        # Surcharges: March and May proposed, one approved, one waived.
        march, may = self.env["acr.surcharge"]._acr_propose(requests[1] | requests[3])
        self.assertEqual((march.amount, may.amount), (20.0, 50.0))  # 1 % of 500 a day
        march.with_user(self.accountant).action_approve()
        may.waive_reason = "Agreed with the partner"
        may.with_user(self.accountant).action_waive()
        client.invalidate_recordset()
        self.assertEqual(client.surcharge_approved_amount, 20.0)
        self.assertEqual(client.surcharge_waived_count, 1)

    def test_chronically_late(self):
        self._history(self.client_a, [8, 14, 10, 20, 12, None])  # 4 of the last 6
        self._history(self.client_b, [8, 9, 14, 10, 20, 10])  # 2 of the last 6
        Client = self.env["acr.client"].with_user(self.accountant)
        chronic = Client.search([("document_chronically_late", "=", True)])
        self.assertIn(self.client_a, chronic)
        self.assertNotIn(self.client_b, chronic)
        self.assertIn(self.client_b, Client.search([("document_chronically_late", "=", False)]))
        self.assertTrue(self.client_a.document_chronically_late)
        self.assertFalse(self.client_b.document_chronically_late)
        self.env.company.acr_document_chronic_late = 2
        self.assertIn(self.client_b, Client.search([("document_chronically_late", "=", True)]))
        # Only the last requests count: A was late in both of its last two; B in one.
        self.env.company.write({"acr_document_chronic_late": 2, "acr_document_chronic_window": 2})
        chronic = Client.search([("document_chronically_late", "=", True)])
        self.assertIn(self.client_a, chronic)
        self.assertNotIn(self.client_b, chronic)
