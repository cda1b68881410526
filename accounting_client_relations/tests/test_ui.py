from xmlrpc.client import Fault

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
