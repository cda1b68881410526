from odoo.tests import tagged

from .common import AcrCase


@tagged("post_install", "-at_install")
class TestAutomation(AcrCase):
    def test_stage_is_set_to_active_rule_fires(self):
        model = self.env["ir.model"]._get("acr.client")
        automation = self.env["base.automation"].create(
            {
                "name": "Welcome active clients",
                "model_id": model.id,
                "trigger": "on_stage_set",
                "trg_field_ref": self.stage_active.id,
            }
        )
        self.assertEqual(automation.trigger_field_ids.name, "stage_id")
        action = self.env["ir.actions.server"].create(
            {
                "name": "Mark important",
                "base_automation_id": automation.id,
                "model_id": model.id,
                "state": "object_write",
                "update_path": "priority",
                "selection_value": self.env["ir.model.fields.selection"]
                .search(
                    [
                        ("field_id.model", "=", "acr.client"),
                        ("field_id.name", "=", "priority"),
                        ("value", "=", "1"),
                    ]
                )
                .id,
            }
        )
        automation.action_server_ids = action

        client = self._create_clients(1, "Automated", stage_id=self.stage_onboarding.id)
        self._countersigned_agreements(client)
        self.assertEqual(client.priority, "0")
        client.with_user(self.accountant).write({"stage_id": self.stage_active.id})
        self.assertEqual(client.priority, "1")
