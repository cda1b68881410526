from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import AcrCase


@tagged("post_install", "-at_install")
class TestStageGate(AcrCase):
    """A client enters a gated stage only with its data complete, whatever the
    path: ORM write, form, web_save (kanban drag and status bar), create,
    import, or a batch write of many clients."""

    def _missing_coordinator_client(self, name="Gated Client"):
        vals = self._complete_vals(name, coordinator_id=False)
        return self.env["acr.client"].with_user(self.accountant).create(vals)

    def test_required_fields_accumulate_and_include_plan_roles(self):
        required = self.stage_onboarding._acr_required_field_names()[self.stage_onboarding]
        # Its own gate, the gates of Quoted and Contracting, and the roles of
        # the plan it launches.
        for fname in (
            "legal_form_id",
            "tax_regime_id",
            "user_id",
            "email",
            "industry_id",
            "coordinator_id",
            "tax_user_id",
            "payroll_user_id",
        ):
            self.assertIn(fname, required)
        self.assertEqual(self.stage_lost._acr_required_field_names()[self.stage_lost], [])

    def test_write_blocked_then_allowed(self):
        client = self._missing_coordinator_client()
        with self.assertRaises(ValidationError) as err:
            client.write({"stage_id": self.stage_onboarding.id})
        self.assertIn("Coordinator", str(err.exception))
        self.assertIn(client.display_name, str(err.exception))
        self.assertEqual(client.stage_id, self.stage_prospect)
        self.assertFalse(client.activity_ids, "A refused move launches no checklist.")

        client.coordinator_id = self.coordinator
        client.write({"stage_id": self.stage_onboarding.id})
        self.assertEqual(client.stage_id, self.stage_onboarding)

    def test_one_message_lists_every_missing_item(self):
        partner = self.env["res.partner"].create({"name": "Bare Prospect", "is_company": True})
        client = self.env["acr.client"].with_user(self.accountant).create({"partner_id": partner.id})
        with self.assertRaises(ValidationError) as err:
            client.stage_id = self.stage_onboarding
        message = str(err.exception)
        for label in (
            "Legal Form",
            "Tax Regime",
            "Email",
            "Activity",
            "Coordinator",
            "Tax Accountant",
            "Payroll Accountant",
        ):
            self.assertIn(label, message)

    def test_missing_data_and_data_in_the_same_write(self):
        client = self._missing_coordinator_client()
        client.write({"stage_id": self.stage_onboarding.id, "coordinator_id": self.coordinator.id})
        self.assertEqual(client.stage_id, self.stage_onboarding)

    def test_form_blocked_then_allowed(self):
        client = self._missing_coordinator_client()
        form = Form(client.with_user(self.accountant))
        form.stage_id = self.stage_onboarding
        with self.assertRaises(ValidationError):
            form.save()
        client.invalidate_recordset()
        self.assertEqual(client.stage_id, self.stage_prospect)

        form = Form(client.with_user(self.accountant))
        form.coordinator_id = self.coordinator
        form.stage_id = self.stage_onboarding
        form.save()
        self.assertEqual(client.stage_id, self.stage_onboarding)

    def test_web_save_blocked_then_allowed(self):
        """Kanban drag and drop and the status bar both end in web_save."""
        client = self._missing_coordinator_client().with_user(self.accountant)
        with self.assertRaises(ValidationError):
            client.web_save({"stage_id": self.stage_onboarding.id}, {})
        self.assertEqual(client.stage_id, self.stage_prospect)
        client.web_save({"coordinator_id": self.coordinator.id}, {})
        client.web_save({"stage_id": self.stage_onboarding.id}, {})
        self.assertEqual(client.stage_id, self.stage_onboarding)

    def test_create_directly_in_gated_stage(self):
        vals = self._complete_vals("Straight In", coordinator_id=False, stage_id=self.stage_onboarding.id)
        with self.assertRaises(ValidationError):
            self.env["acr.client"].with_user(self.accountant).create(vals)
        vals["coordinator_id"] = self.coordinator.id
        client = self.env["acr.client"].with_user(self.accountant).create(vals)
        self.assertEqual(client.stage_id, self.stage_onboarding)

    def test_active_needs_a_countersigned_agreement(self):
        client = self._create_clients(1, "Eager", stage_id=self.stage_onboarding.id)
        self.assertTrue(client.agreement_warning)
        with self.assertRaises(ValidationError) as err:
            client.with_user(self.accountant).write({"stage_id": self.stage_active.id})
        self.assertIn("countersigned engagement agreement", str(err.exception))
        # A client signature alone is not enough: the firm must countersign.
        agreement = self._countersigned_agreements(client, state="signed")
        with self.assertRaises(ValidationError):
            client.with_user(self.accountant).write({"stage_id": self.stage_active.id})
        agreement.with_user(self.manager).action_countersign()
        client.with_user(self.accountant).write({"stage_id": self.stage_active.id})
        self.assertEqual(client.stage_id, self.stage_active)
        self.assertTrue(client.date_active)
        self.assertFalse(client.agreement_warning)
        # Creating a client straight into Active is impossible: it has no agreement yet.
        with self.assertRaises(ValidationError):
            self.env["acr.client"].create(
                self._complete_vals("Straight Active", stage_id=self.stage_active.id)
            )

    @mute_logger("odoo.sql_db", "odoo.models")
    def test_import_blocked_then_allowed(self):
        client = self._missing_coordinator_client()
        Client = self.env["acr.client"].with_user(self.accountant)
        result = Client.load(
            [".id", "stage_id/id"],
            [[str(client.id), "accounting_client_relations.stage_onboarding"]],
        )
        self.assertFalse(result["ids"])
        self.assertTrue(any("Coordinator" in m["message"] for m in result["messages"]), result["messages"])
        client.invalidate_recordset()
        self.assertEqual(client.stage_id, self.stage_prospect)

        result = Client.load(
            [".id", "coordinator_id/.id", "stage_id/id"],
            [[str(client.id), str(self.coordinator.id), "accounting_client_relations.stage_onboarding"]],
        )
        self.assertEqual(result["ids"], [client.id], result["messages"])
        client.invalidate_recordset()
        self.assertEqual(client.stage_id, self.stage_onboarding)

    def test_batch_write_of_100_clients(self):
        clients = self._create_clients(100, "Batch")
        incomplete = clients[::2]
        incomplete.write({"coordinator_id": False})
        with self.assertRaises(ValidationError) as err:
            clients.with_user(self.manager).write({"stage_id": self.stage_onboarding.id})
        message = str(err.exception)
        self.assertEqual(message.count("cannot enter Onboarding"), 50)
        for client in incomplete[:3]:
            self.assertIn(client.display_name, message)
        self.assertEqual(set(clients.mapped("stage_id")), {self.stage_prospect})

        incomplete.write({"coordinator_id": self.coordinator.id})
        clients.with_user(self.manager).write({"stage_id": self.stage_onboarding.id})
        self.assertEqual(set(clients.mapped("stage_id")), {self.stage_onboarding})
        self.assertEqual(len(clients.activity_ids), 400)

    def test_gate_check_does_not_grow_with_the_batch(self):
        """The gate reads every client's data with a constant number of queries."""

        def queries_for(clients):
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            clients._acr_gate_missing()
            return self.cr.sql_log_count - start

        small = self._create_active_clients(10, "Small")
        large = self._create_active_clients(100, "Large")
        self.assertEqual(queries_for(small), queries_for(large))
        self.env.invalidate_all()
        # 7 for the fields, 1 for the countersigned agreements.
        with self.assertQueryCount(8):
            large._acr_gate_missing()

    def test_unchanged_stage_is_not_rechecked(self):
        client = self._create_active_clients(1, "Steady")
        client.coordinator_id = False  # data can be edited after entering
        client.write({"stage_id": self.stage_active.id, "priority": "1"})
        self.assertEqual(client.priority, "1")

    def test_closing_stages_have_no_inherited_gate(self):
        partner = self.env["res.partner"].create({"name": "Gone Prospect", "is_company": True})
        client = self.env["acr.client"].create({"partner_id": partner.id})
        client.stage_id = self.stage_lost
        self.assertEqual(client.stage_id, self.stage_lost)

    def test_next_stage_hint(self):
        partner = self.env["res.partner"].create({"name": "Hinted", "is_company": True})
        client = self.env["acr.client"].create({"partner_id": partner.id})
        self.assertIn("Quoted", client.next_stage_missing)
        self.assertIn("Legal Form", client.next_stage_missing)
        client.legal_form_id = self.legal_form
        client.tax_regime_id = self.regime
        self.assertFalse(client.next_stage_missing)

    def test_client_file_is_for_a_commercial_entity(self):
        company = self.env["res.partner"].create({"name": "Parent Co", "is_company": True})
        person = self.env["res.partner"].create({"name": "Employee", "parent_id": company.id})
        with self.assertRaises(ValidationError):
            self.env["acr.client"].create({"partner_id": person.id})
