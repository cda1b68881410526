import base64
import re
from datetime import datetime

import pytz

from odoo import Command
from odoo.tests import HttpCase, TransactionCase, new_test_user
from odoo.tools import file_open

with file_open("accounting_client_relations/static/img/demo_signature.png", "rb") as _f:
    SIGNATURE = base64.b64encode(_f.read()).decode()

# Where a portal page carries its CSRF token: a form's hidden input, the
# frontend session info in a script, or the OWL props of a widget.
CSRF_RE = re.compile(
    r'name="csrf_token" value="([^"]+)"'
    r'|csrf_token: "([^"]+)"'
    r"|csrfToken&#34;: &#34;([^&]+)&#34;"
    r'|"csrfToken": "([^"]+)"'
)


class AcrHttpCase(HttpCase):
    """The portal tests' helpers, with no set-up of their own: combine it
    with the set-up the test needs, ``class TestX(AcrHttpCase, AcrMeetingCase)``.
    Test users are made by ``new_test_user``, whose password is the login."""

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _csrf_in(self, html):
        """The CSRF token of a page's HTML, as a browser would post it."""
        match = CSRF_RE.search(html)
        self.assertTrue(match, "no CSRF token on the page")
        return next(group for group in match.groups() if group)

    def _csrf(self, url):
        """The CSRF token of the page at ``url``, opened as the current user."""
        return self._csrf_in(self.url_open(url).text)


class AcrCase(TransactionCase):
    """Least-privileged users and a few clients built from the module's data
    (stages, plan, legal forms, regimes), never from its demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.stage_prospect = ref("accounting_client_relations.stage_prospect")
        cls.stage_quoted = ref("accounting_client_relations.stage_quoted")
        cls.stage_contracting = ref("accounting_client_relations.stage_contracting")
        cls.stage_onboarding = ref("accounting_client_relations.stage_onboarding")
        cls.stage_active = ref("accounting_client_relations.stage_active")
        cls.stage_lost = ref("accounting_client_relations.stage_lost")
        cls.plan = ref("accounting_client_relations.activity_plan_onboarding")
        cls.legal_form = ref("accounting_client_relations.legal_form_llc")
        cls.regime = ref("accounting_client_relations.tax_regime_corporate_vat")
        cls.segment = ref("accounting_client_relations.segment_small")
        cls.industry = cls.env["res.partner.industry"].create({"name": "Bakeries"})
        cls.country = ref("base.be")

        user_group = "accounting_client_relations.group_acr_user"
        cls.accountant = new_test_user(cls.env, "acr_accountant", groups=user_group, name="Ann Accountant")
        cls.accountant_2 = new_test_user(cls.env, "acr_accountant2", groups=user_group, name="Bob Bookkeeper")
        cls.tax_user = new_test_user(cls.env, "acr_tax", groups=user_group, name="Tina Tax")
        cls.payroll_user = new_test_user(cls.env, "acr_payroll", groups=user_group, name="Pete Payroll")
        cls.coordinator = new_test_user(cls.env, "acr_coord", groups=user_group, name="Cora Coordinator")
        cls.manager = new_test_user(
            cls.env, "acr_manager", groups="accounting_client_relations.group_acr_manager", name="Mia Manager"
        )

    @classmethod
    def _complete_vals(cls, name="Client", **overrides):
        """Partner values with a complete profile, and client values with a
        complete team: everything every shipped gate asks for."""
        partner = cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "email": f"{name.lower().replace(' ', '.')}@example.com",
                "vat": "BE0477472701",
                "country_id": cls.country.id,
                "industry_id": cls.industry.id,
                "acr_legal_form_id": cls.legal_form.id,
                "acr_tax_regime_id": cls.regime.id,
            }
        )
        vals = {
            "partner_id": partner.id,
            "user_id": cls.accountant.id,
            "tax_user_id": cls.tax_user.id,
            "payroll_user_id": cls.payroll_user.id,
            "coordinator_id": cls.coordinator.id,
            "segment_id": cls.segment.id,
        }
        vals.update(overrides)
        return vals

    @classmethod
    def _sent_quote(cls, client, plan_name, price, cost):
        """A quote of a one-rule plan (a fixed fee), sent to ``client``."""
        plan = cls.env["acr.tariff.plan"].create(
            {
                "name": plan_name,
                "rule_ids": [
                    Command.create({"name": "Base fee", "rule_type": "fixed", "price": price, "cost": cost})
                ],
            }
        )
        quote = cls.env["acr.tariff.quote"].create({"client_id": client.id, "plan_id": plan.id})
        quote.action_mark_sent()
        return quote

    @classmethod
    def _portal_contacts(cls, prefix, **user_values):
        """Alice of ``client_a`` and Bruno of ``client_b``, each with a portal
        user ``<prefix>_a`` / ``<prefix>_b``: the two clients of the portal
        access tests."""
        Partner = cls.env["res.partner"]
        cls.contact_a = Partner.create(
            {
                "name": "Alice Alpha",
                "parent_id": cls.client_a.partner_id.id,
                "email": "alice@alpha.example.com",
            }
        )
        cls.contact_b = Partner.create(
            {"name": "Bruno Beta", "parent_id": cls.client_b.partner_id.id, "email": "bruno@beta.example.com"}
        )
        cls.portal_a = new_test_user(
            cls.env, f"{prefix}_a", groups="base.group_portal", partner_id=cls.contact_a.id, **user_values
        )
        cls.portal_b = new_test_user(
            cls.env, f"{prefix}_b", groups="base.group_portal", partner_id=cls.contact_b.id, **user_values
        )

    @classmethod
    def _create_clients(cls, count, prefix="Client", **overrides):
        partners = cls.env["res.partner"].create(
            [
                {
                    "name": f"{prefix} {i}",
                    "is_company": True,
                    "email": f"{prefix.lower()}{i}@example.com",
                    "vat": "BE0477472701",
                    "country_id": cls.country.id,
                    "industry_id": cls.industry.id,
                    "acr_legal_form_id": cls.legal_form.id,
                    "acr_tax_regime_id": cls.regime.id,
                }
                for i in range(count)
            ]
        )
        base = {
            "user_id": cls.accountant.id,
            "tax_user_id": cls.tax_user.id,
            "payroll_user_id": cls.payroll_user.id,
            "coordinator_id": cls.coordinator.id,
            "segment_id": cls.segment.id,
        }
        base.update(overrides)
        return cls.env["acr.client"].create([dict(base, partner_id=p.id) for p in partners])

    @classmethod
    def _countersigned_agreements(cls, clients, fee=500.0, cost=250.0, state="countersigned", **extra):
        """Agreements signed by both parties, created directly in their final
        state (the signing ceremony itself is tested on its own), through the
        state guard as a transition would."""
        Agreement = cls.env["acr.agreement"].sudo()
        with Agreement._acr_transition():
            return Agreement.create(
                [
                    {
                        "client_id": client.id,
                        "monthly_fee": fee,
                        "monthly_cost": cost,
                        "state": state,
                        "signed_by": "Test Signer",
                        "signed_on": "2025-01-10 10:00:00",
                        **extra,
                    }
                    for client in clients
                ]
            )

    @classmethod
    def _create_active_clients(cls, count, prefix="Active", **overrides):
        clients = cls._create_clients(count, prefix, stage_id=cls.stage_onboarding.id, **overrides)
        cls._countersigned_agreements(clients)
        clients.write({"stage_id": cls.stage_active.id})
        return clients


class AcrMeetingCase(AcrCase):
    """A strategic meeting type on the shipped booking windows (Tuesday and
    Thursday, 10:00-16:00 Europe/Brussels), two active clients of different
    companies' contacts, each with a portal user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env.ref("accounting_client_relations.resource_calendar_booking")
        cls.kind_nothing = cls.env.ref("accounting_client_relations.meeting_change_nothing")
        cls.kind_headcount = cls.env.ref("accounting_client_relations.meeting_change_headcount")
        cls.mtype = cls.env["acr.meeting.type"].create(
            {
                "name": "Test strategic",
                "kind": "strategic",
                "duration_minutes": 60,
                "buffer_after_minutes": 15,
                "min_notice_hours": 24,
                "horizon_weeks": 8,
                "cutoff_hours": 24,
                "slot_step_minutes": 30,
                "resource_calendar_id": cls.calendar.id,
                "counts_for_service_level": True,
                "stage_ids": [Command.set(cls.stage_active.ids)],
            }
        )
        cls.accountant.tz = "Europe/Brussels"
        cls.client_a = cls._create_active_clients(1, "Alpha Bakery")
        cls.client_b = cls._create_active_clients(1, "Beta Garage")
        cls._portal_contacts("acr_portal", tz="Europe/London")

    @classmethod
    def _answers(cls, client=None, contact=None, **overrides):
        client = client or cls.client_a
        vals = {
            "client_id": client.id,
            "partner_id": (contact or cls.contact_a).id,
            "type_id": cls.mtype.id,
            "change_kind_ids": [Command.set(cls.kind_nothing.ids)],
            "client_prepared": True,
            "preparation_questions": "Can we hire in March?",
            "topic_ids": [Command.create({"name": "Hiring plan", "minutes": 30})],
        }
        vals.update(overrides)
        return vals

    @staticmethod
    def _utc(*args):
        """A naive UTC datetime, as stored by Odoo."""
        return datetime(*args)

    @staticmethod
    def _local(tz_name, *args):
        """Naive UTC for a wall-clock time in ``tz_name``."""
        tz = pytz.timezone(tz_name)
        return tz.localize(datetime(*args)).astimezone(pytz.utc).replace(tzinfo=None)


class AcrDeadlineCase(AcrCase):
    """Compliance calendars: no template but the test's own (the demo's are
    archived), the company's working calendar in Warsaw time with Christmas
    2026 as a public holiday, and a monthly VAT template for VAT payers, due
    the 25th of the month after, assigned to the tax accountant."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Template = cls.env["acr.deadline.template"]
        cls.Deadline = cls.env["acr.deadline"]
        cls.Template.search([]).active = False
        cls.work_calendar = cls.env.company.resource_calendar_id
        cls.work_calendar.tz = "Europe/Warsaw"
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Christmas",
                "calendar_id": cls.work_calendar.id,
                "company_id": cls.env.company.id,
                "date_from": "2026-12-24 23:00:00",
                "date_to": "2026-12-26 22:59:59",
            }
        )
        cls.vat_template = cls.Template.create(
            {
                "name": "VAT return",
                "kind": "report",
                "country_id": cls.country.id,
                "vat_condition": "yes",
                "recurrence": "monthly",
                "due_months": 1,
                "due_day": 25,
                "responsible_role": "tax_user_id",
                "lead_days": 10,
            }
        )

    @classmethod
    def _vat_clients(cls, count, prefix="Vat", **overrides):
        """Active clients who pay VAT."""
        clients = cls._create_clients(count, prefix, stage_id=cls.stage_onboarding.id, **overrides)
        clients.partner_id.acr_vat_payer = True
        cls._countersigned_agreements(clients)
        clients.write({"stage_id": cls.stage_active.id})
        return clients


class AcrDocumentCase(AcrCase):
    """Documents on time: two active clients with agreements (documents due
    the 10th), each with a contact who is a portal user, on the company's
    working calendar; no checklist item but the shipped ones."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Request = cls.env["acr.document.request"]
        cls.tpl_bank = cls.env.ref("accounting_client_relations.document_template_bank")
        cls.tpl_sales = cls.env.ref("accounting_client_relations.document_template_sales")
        cls.tpl_purchase = cls.env.ref("accounting_client_relations.document_template_purchase")
        cls.tpl_payroll = cls.env.ref("accounting_client_relations.document_template_payroll")
        cls.env.company.acr_document_lead_days = 7
        cls.client_a = cls._create_active_clients(1, "Alpha Bakery")
        cls.client_b = cls._create_active_clients(1, "Beta Garage")
        cls._portal_contacts("acr_doc_portal")

    @classmethod
    def _request(cls, client, period="2027-03", due="2027-04-12", items=None, agreement=None):
        """A request created as the job would, with its checklist."""
        items = items or [("Bank statements", cls.tpl_bank), ("Sales invoices", cls.tpl_sales)]
        return (
            cls.env["acr.document.request"]
            .sudo()
            .create(
                {
                    "client_id": client.id,
                    "user_id": client.user_id.id,
                    "period_start": f"{period}-01",
                    "period_label": period,
                    "date_due": due,
                    "agreement_id": agreement.id if agreement else False,
                    "item_ids": [
                        Command.create({"name": name, "template_id": tpl.id, "kind": tpl.kind, "sequence": i})
                        for i, (name, tpl) in enumerate(items)
                    ],
                }
            )
        )
