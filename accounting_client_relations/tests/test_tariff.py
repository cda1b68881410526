from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SIGNATURE, AcrCase


@tagged("post_install", "-at_install")
class TariffCase(AcrCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.p_employees = ref("accounting_client_relations.tariff_parameter_employees")
        cls.p_documents = ref("accounting_client_relations.tariff_parameter_documents")
        cls.p_banks = ref("accounting_client_relations.tariff_parameter_bank_accounts")
        cls.p_vat = ref("accounting_client_relations.tariff_parameter_vat_payer")
        cls.eur = ref("base.EUR")
        cls.eur.active = True
        cls.jsc = ref("accounting_client_relations.legal_form_jsc")
        cls.plan = cls.env["acr.tariff.plan"].create(
            {
                "name": "Test plan",
                "currency_id": cls.eur.id,
                "rule_ids": [
                    Command.create(
                        {"sequence": 10, "name": "Base", "rule_type": "fixed", "price": 100, "cost": 40}
                    ),
                    Command.create(
                        {
                            "sequence": 20,
                            "name": "Docs",
                            "rule_type": "tiered",
                            "parameter_id": cls.p_documents.id,
                            "tier_ids": [
                                Command.create(
                                    {"qty_from": 1, "qty_to": 50, "pricing": "flat", "price": 80, "cost": 30}
                                ),
                                Command.create(
                                    {
                                        "qty_from": 51,
                                        "qty_to": 100,
                                        "pricing": "unit",
                                        "price": 1.5,
                                        "cost": 0.5,
                                    }
                                ),
                                Command.create(
                                    {
                                        "qty_from": 101,
                                        "qty_to": 0,
                                        "pricing": "unit",
                                        "price": 1,
                                        "cost": 0.25,
                                    }
                                ),
                            ],
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 30,
                            "name": "Payroll",
                            "rule_type": "per_unit",
                            "parameter_id": cls.p_employees.id,
                            "price": 20,
                            "cost": 12,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 40,
                            "name": "VAT",
                            "rule_type": "per_unit",
                            "parameter_id": cls.p_vat.id,
                            "price": 50,
                            "cost": 20,
                            "vat_payer_condition": "yes",
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 50,
                            "name": "JSC",
                            "rule_type": "percent",
                            "percent": 10,
                            "cost_percent": 5,
                            "legal_form_ids": [Command.set(cls.jsc.ids)],
                        }
                    ),
                    Command.create({"sequence": 60, "name": "Minimum", "rule_type": "minimum", "price": 150}),
                ],
            }
        )
        cls.client = cls.env["acr.client"].create(cls._complete_vals("Calc Client"))
        cls.client.partner_id.write({"acr_employee_count": 3, "acr_vat_payer": True})

    def _quote(self, documents=0, employees=0, vat=False, legal_form=None, plan=None, client=None):
        client = client or self.client
        return (
            self.env["acr.tariff.quote"]
            .with_user(self.accountant)
            .create(
                {
                    "client_id": client.id,
                    "plan_id": (plan or self.plan).id,
                    "legal_form_id": (legal_form or self.legal_form).id,
                    "value_ids": [
                        Command.create({"parameter_id": self.p_documents.id, "value_int": documents}),
                        Command.create({"parameter_id": self.p_employees.id, "value_int": employees}),
                        Command.create({"parameter_id": self.p_vat.id, "value_bool": vat}),
                    ],
                }
            )
        )


class TestCalculation(TariffCase):
    def test_bracket_boundaries(self):
        # fee, cost by number of documents (base 100/40 included)
        cases = {
            0: (150.0, 40.0),  # base only, lifted to the minimum fee (top-up has no cost)
            1: (180.0, 70.0),  # first bracket is flat
            50: (180.0, 70.0),
            51: (181.5, 70.5),  # one unit in the second bracket
            100: (255.0, 95.0),  # 50 units at 1.5
            101: (256.0, 95.25),  # open-ended third bracket starts
            250: (405.0, 132.5),
        }
        for documents, (fee, cost) in cases.items():
            with self.subTest(documents=documents):
                quote = self._quote(documents=documents)
                self.assertAlmostEqual(quote.amount_fee, fee)
                self.assertAlmostEqual(quote.amount_cost, cost)
                self.assertAlmostEqual(quote.margin, fee - cost)
                self.assertAlmostEqual(quote.margin_percent, 100 * (fee - cost) / fee)

    def test_conditions_and_modifier(self):
        # 60 docs: 80 + 10*1.5 = 95; 3 employees: 60; VAT payer: 50 -> 305
        plain = self._quote(documents=60, employees=3, vat=True)
        self.assertAlmostEqual(plain.amount_fee, 305.0)
        self.assertAlmostEqual(plain.amount_cost, 40 + 35 + 36 + 20)
        self.assertEqual(len(plain.line_ids), 5)
        # Not a VAT payer: the VAT component does not apply.
        self.assertAlmostEqual(self._quote(documents=60, employees=3).amount_fee, 255.0)
        # Company limited by shares: +10% on the fee, +5% on the cost.
        jsc = self._quote(documents=60, employees=3, vat=True, legal_form=self.jsc)
        self.assertAlmostEqual(jsc.amount_fee, 335.5)
        self.assertAlmostEqual(jsc.amount_cost, round(131 * 1.05, 2))
        self.assertIn("JSC", jsc.line_ids[-1].name)

    def test_legal_form_and_regime_conditions(self):
        regime_plan = self.plan.copy({"name": "Regime plan"})
        regime_plan.rule_ids.filtered(lambda r: r.name == "Payroll").tax_regime_ids = self.env.ref(
            "accounting_client_relations.tax_regime_flat_rate"
        )
        quote = self._quote(documents=10, employees=5, plan=regime_plan)
        self.assertNotIn("Payroll", quote.line_ids.mapped("name"))
        quote.tax_regime_id = self.env.ref("accounting_client_relations.tax_regime_flat_rate")
        self.assertIn("Payroll", quote.line_ids.mapped("name"))
        self.assertAlmostEqual(quote.amount_fee, 100 + 80 + 100)

    def test_minimum_fee(self):
        quote = self._quote(documents=0)
        self.assertEqual(quote.line_ids[-1].name, "Minimum monthly fee adjustment")
        self.assertAlmostEqual(quote.line_ids[-1].price_subtotal, 50.0)
        self.assertFalse(self._quote(documents=30).line_ids.filtered(lambda line: "Minimum" in line.name))

    def test_currency_rounding(self):
        plan = self.env["acr.tariff.plan"].create(
            {
                "name": "Odd prices",
                "currency_id": self.eur.id,
                "rule_ids": [
                    Command.create(
                        {
                            "name": "Odd",
                            "rule_type": "per_unit",
                            "parameter_id": self.p_documents.id,
                            "price": 0.333,
                            "cost": 0.111,
                        }
                    ),
                    Command.create({"sequence": 20, "name": "Plus", "rule_type": "percent", "percent": 3.3}),
                ],
            }
        )
        quote = self._quote(documents=7, plan=plan)
        # Monetary prices are held to the cent: 0.333 -> 0.33 and 0.111 -> 0.11.
        # 7 * 0.33 = 2.31; 3.3% of 2.31 = 0.07623 -> 0.08
        self.assertEqual(plan.rule_ids[0].price, 0.33)
        self.assertEqual(quote.line_ids.mapped("price_subtotal"), [2.31, 0.08])
        self.assertAlmostEqual(quote.amount_fee, 2.39)
        self.assertAlmostEqual(quote.amount_cost, 0.77)

    def test_prefilled_from_profile(self):
        quote = (
            self.env["acr.tariff.quote"]
            .with_user(self.accountant)
            .create({"client_id": self.client.id, "plan_id": self.plan.id})
        )
        values = {v.parameter_id: v for v in quote.value_ids}
        self.assertEqual(values[self.p_employees].value_int, 3)
        self.assertTrue(values[self.p_vat].value_bool)
        self.assertEqual(quote.legal_form_id, self.client.legal_form_id)
        self.assertNotIn(self.p_banks, values, "Parameters the plan does not use are left out")
        self.assertAlmostEqual(quote.amount_fee, 100 + 60 + 50)


class TestValidation(TariffCase):
    def _plan(self, rules):
        return self.env["acr.tariff.plan"].with_user(self.manager).create({"name": "Bad", "rule_ids": rules})

    def _tiered(self, tiers):
        return [
            Command.create(
                {
                    "name": "Docs",
                    "rule_type": "tiered",
                    "parameter_id": self.p_documents.id,
                    "tier_ids": [Command.create(t) for t in tiers],
                }
            )
        ]

    def test_plan_without_rule(self):
        with self.assertRaisesRegex(ValidationError, "has no rule"):
            self._plan([])

    def test_overlapping_tiers(self):
        with self.assertRaisesRegex(ValidationError, "overlap"):
            self._plan(self._tiered([{"qty_from": 1, "qty_to": 10}, {"qty_from": 10, "qty_to": 20}]))
        with self.assertRaisesRegex(ValidationError, "overlap"):
            self._plan(self._tiered([{"qty_from": 1, "qty_to": 0}, {"qty_from": 11, "qty_to": 20}]))

    def test_gapped_tiers(self):
        with self.assertRaisesRegex(ValidationError, "gap.*units 11 to 14"):
            self._plan(self._tiered([{"qty_from": 1, "qty_to": 10}, {"qty_from": 15, "qty_to": 0}]))

    @mute_logger("odoo.sql_db")
    def test_negative_values(self):
        with self.assertRaises(IntegrityError):
            self._plan([Command.create({"name": "Base", "rule_type": "fixed", "price": -5})])
        with self.assertRaises(IntegrityError):
            self._plan([Command.create({"name": "Base", "rule_type": "fixed", "price": 5, "cost": -1})])
        with self.assertRaises(IntegrityError):
            self._plan(self._tiered([{"qty_from": -1, "qty_to": 5}]))
        with self.assertRaises(IntegrityError):
            self._quote(documents=-3)

    def test_modifier_without_base(self):
        with self.assertRaisesRegex(ValidationError, "has no base"):
            self._plan([Command.create({"name": "Plus", "rule_type": "percent", "percent": 10})])
        with self.assertRaisesRegex(ValidationError, "has no base"):
            self._plan(
                [
                    Command.create({"sequence": 1, "name": "Plus", "rule_type": "percent", "percent": 10}),
                    Command.create({"sequence": 5, "name": "Base", "rule_type": "fixed", "price": 10}),
                ]
            )

    def test_rule_needs_parameter(self):
        with self.assertRaisesRegex(ValidationError, "choose its parameter"):
            self._plan([Command.create({"name": "Units", "rule_type": "per_unit", "price": 3})])

    def test_accountant_cannot_edit_plans(self):
        from odoo.exceptions import AccessError

        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models.ir_model"):
            self.plan.with_user(self.accountant).write({"name": "Mine"})


class TestQuoteLifecycle(TariffCase):
    def test_sent_quote_is_frozen_and_versioned(self):
        quote = self._quote(documents=60)
        quote.action_mark_sent()
        self.assertEqual(quote.state, "sent")
        self.assertTrue(quote.access_token)
        with self.assertRaises(UserError):
            quote.write({"plan_id": self.plan.copy().id})
        with self.assertRaises(UserError):
            quote.value_ids[0].value_int = 99
        action = quote.action_new_version()
        new = self.env["acr.tariff.quote"].browse(action["res_id"])
        self.assertEqual((quote.version, new.version), (1, 2))
        self.assertEqual(new.state, "draft")
        self.assertEqual(new.amount_fee, quote.amount_fee)
        new.value_ids.filtered(lambda v: v.parameter_id == self.p_documents).value_int = 100
        self.assertGreater(new.amount_fee, quote.amount_fee)
        self.assertEqual(self.client.quote_count, 2)

    def test_accept_supersedes_and_moves_to_contracting(self):
        client = self.env["acr.client"].create(self._complete_vals("Mover", stage_id=self.stage_quoted.id))
        old = self._quote(documents=10, client=client)
        old.action_mark_sent()
        new = self._quote(documents=20, client=client)
        new.action_mark_sent()
        new.with_user(self.accountant).action_mark_accepted()
        self.assertEqual(new.state, "accepted")
        self.assertEqual(old.state, "superseded")
        self.assertEqual(new.accepted_by_id, self.accountant.partner_id)
        self.assertEqual(client.stage_id, self.stage_contracting)
        self.assertEqual(client.current_fee, new.amount_fee)

    def test_accept_stands_when_the_gate_refuses(self):
        client = self.env["acr.client"].create(self._complete_vals("No Mail", stage_id=self.stage_quoted.id))
        client.partner_id.email = False
        quote = self._quote(documents=10, client=client)
        quote.action_mark_sent()
        quote.action_mark_accepted()
        self.assertEqual(quote.state, "accepted")
        self.assertEqual(client.stage_id, self.stage_quoted)
        self.assertIn("cannot enter Contracting", client.message_ids[0].body)

    def test_agreement_from_quote(self):
        quote = self._quote(documents=60, employees=3, vat=True)
        quote.action_mark_sent()
        quote.action_mark_accepted()
        action = quote.with_user(self.accountant).action_create_agreement()
        agreement = self.env["acr.agreement"].browse(action["res_id"])
        self.assertEqual(agreement.monthly_fee, quote.amount_fee)
        self.assertEqual(agreement.monthly_cost, quote.amount_cost)
        self.assertTrue(agreement.included_service_ids)
        self.assertTrue(agreement.excluded_service_ids)
        self.assertFalse(agreement.included_service_ids & agreement.excluded_service_ids)
        self.assertEqual(agreement.strategic_meetings_per_year, "4")
        self.assertTrue(agreement.name.startswith("AGR/"))
        # the price history counts sent quotes
        history = quote.action_view_price_history()
        self.assertEqual(self.env["acr.tariff.quote"].search(history["domain"]), quote)

    def test_agreement_terms_frozen_and_countersign_order(self):
        agreement = self._countersigned_agreements(self.client, state="sent")
        with self.assertRaises(UserError):
            agreement.with_user(self.accountant).monthly_fee = 1
        with self.assertRaises(UserError):
            agreement.with_user(self.manager).action_countersign()
        agreement._acr_sign("Signer", SIGNATURE, self.client.partner_id, "127.0.0.1")
        self.assertEqual(agreement.state, "signed")
        agreement.with_user(self.manager).action_countersign()
        self.assertEqual(agreement.countersigned_by_id, self.manager)
        bodies = " ".join(agreement.message_ids.mapped("body"))
        self.assertIn("Signed by Signer", bodies)
        self.assertIn("Countersigned for the firm by Mia Manager", bodies)

    @mute_logger("odoo.sql_db")
    def test_agreement_validations(self):
        with self.assertRaises(IntegrityError):
            self.env["acr.agreement"].create({"client_id": self.client.id, "submission_day": 31})
        service = self.env.ref("accounting_client_relations.service_vat")
        with self.assertRaisesRegex(ValidationError, "both included and excluded"):
            self.env["acr.agreement"].create(
                {
                    "client_id": self.client.id,
                    "included_service_ids": [Command.set(service.ids)],
                    "excluded_service_ids": [Command.set(service.ids)],
                }
            )
