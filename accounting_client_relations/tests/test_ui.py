from xmlrpc.client import Fault

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import AcrCase


@tagged("post_install", "-at_install")
class TestPipelineUi(HttpCase, AcrCase):
    def test_pipeline_gate_tour(self):
        client = self.env["acr.client"].create(
            self._complete_vals(
                "Tour Bakery",
                coordinator_id=False,
                stage_id=self.stage_contracting.id,
            )
        )
        # The tour's first move is refused by the gate: Odoo logs the refusal
        # at WARNING, and the test asserts it.
        with self.assertLogs("odoo.http", level="WARNING") as logs:
            self.start_tour(
                "/odoo/action-accounting_client_relations.acr_client_action_pipeline",
                "acr_pipeline_gate_tour",
                login=self.accountant.login,
            )
        self.assertIn("Tour Bakery cannot enter Onboarding. Missing: Coordinator.", "\n".join(logs.output))
        self.assertEqual(client.stage_id, self.stage_onboarding)
        self.assertEqual(client.coordinator_id, self.coordinator)
        self.assertEqual(len(client.activity_ids), 4)

    @mute_logger("odoo.http", "odoo.addons.base.controllers.rpc")
    def test_gate_over_xmlrpc(self):
        client = self.env["acr.client"].create(
            self._complete_vals(
                "Remote Client",
                coordinator_id=False,
                stage_id=self.stage_contracting.id,
            )
        )
        login = self.accountant.login
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, login, login, {})
        with self.assertRaises(Fault) as err:
            self.xmlrpc_object.execute_kw(
                self.env.cr.dbname,
                uid,
                login,
                "acr.client",
                "write",
                [[client.id], {"stage_id": self.stage_onboarding.id}],
            )
        self.assertIn("Coordinator", err.exception.faultString)
        client.invalidate_recordset()
        self.assertEqual(client.stage_id, self.stage_contracting)

        self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            uid,
            login,
            "acr.client",
            "write",
            [[client.id], {"stage_id": self.stage_onboarding.id, "coordinator_id": self.coordinator.id}],
        )
        client.invalidate_recordset()
        self.assertEqual(client.stage_id, self.stage_onboarding)


@tagged("post_install", "-at_install")
class TestQuoteUi(HttpCase, AcrCase):
    """The manager quotes a fee through the views, from both entry points.
    A view that drops a value of a new line, or a client field that offers
    nothing on a new quote, fails these tours."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        documents = cls.env.ref("accounting_client_relations.tariff_parameter_documents")
        # Sequence 1: the default plan of a new quote, ahead of any demo plan.
        cls.tariff = cls.env["acr.tariff.plan"].create(
            {
                "name": "Tour plan",
                "sequence": 1,
                "rule_ids": [
                    Command.create(
                        {"sequence": 10, "name": "Base", "rule_type": "fixed", "price": 100, "cost": 40}
                    ),
                    Command.create(
                        {
                            "sequence": 20,
                            "name": "Documents",
                            "rule_type": "per_unit",
                            "parameter_id": documents.id,
                            "price": 2,
                            "cost": 1,
                        }
                    ),
                ],
            }
        )
        cls.documents = documents

    def test_quote_from_client_file(self):
        client = self.env["acr.client"].create(
            self._complete_vals("Quote Bakery", stage_id=self.stage_prospect.id)
        )
        self.start_tour(
            f"/odoo/acr.client/{client.id}", "acr_quote_from_client_tour", login=self.manager.login
        )
        quote = client.quote_ids
        self.assertEqual(len(quote), 1)
        self.assertEqual(quote.state, "sent")
        self.assertEqual(quote.plan_id, self.tariff)
        self.assertEqual(quote.value_ids.filtered(lambda v: v.parameter_id == self.documents).value_int, 120)
        self.assertEqual(quote.amount_fee, 340.0)
        sent = quote.message_ids.filtered(lambda m: client.partner_id in m.partner_ids)
        self.assertEqual(len(sent), 1, "The quote was mailed to the client once")

    def test_quote_from_menu(self):
        client = self.env["acr.client"].create(
            self._complete_vals("Menu Garage", stage_id=self.stage_prospect.id)
        )
        self.start_tour(
            "/odoo/action-accounting_client_relations.acr_client_action_all",
            "acr_quote_from_menu_tour",
            login=self.manager.login,
        )
        quote = client.quote_ids
        self.assertEqual(len(quote), 1)
        self.assertEqual(quote.company_id, client.company_id)
        self.assertEqual(quote.state, "draft")
        self.assertIn(self.documents, quote.value_ids.parameter_id)
        self.assertEqual(quote.amount_fee, 100.0)
