from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import file_path

from .common import AcrMeetingCase

# Per language: the contact's time zone, words the translated digest must
# contain (its call to action), the due date of 10 March 2026 in the
# language's long form, and the meeting held on 10 February 2026 at 23:30
# UTC, which is already 11 February where the contact lives.
LANGUAGES = {
    "fa_IR": ("Asia/Tehran", "اقدامات من", "10 مارس 2026", "11 فوریهٔ 2026"),
    "nb_NO": ("Europe/Oslo", "Mine oppfølgingspunkter", "10. mars 2026", "11. februar 2026"),
    "pl_PL": ("Europe/Warsaw", None, "10 marca 2026", "11 lutego 2026"),
    "ru_RU": ("Europe/Moscow", None, "10 марта 2026", "11 февраля 2026"),
    "zh_CN": ("Asia/Shanghai", None, "2026年3月10日", "2026年2月11日"),
}


def _has_po(lang):
    name = lang if lang == "zh_CN" else lang.split("_")[0]
    try:
        return bool(file_path(f"accounting_client_relations/i18n/{name}.po"))
    except FileNotFoundError:
        return False


@tagged("post_install", "-at_install")
class TestMailLanguages(AcrMeetingCase):
    """Mails go out in the recipient's language, with dates in that language
    and in the recipient's time zone: one digest per contact, rendered per
    language in one pass."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.langs = [lang for lang in LANGUAGES if _has_po(lang)]
        for lang in cls.langs:
            cls.env["res.lang"]._activate_lang(lang)
        cls.env["ir.module.module"]._load_module_terms(["accounting_client_relations"], cls.langs)
        cls.meeting = cls.env["acr.meeting"].create(
            cls._answers(start=datetime(2026, 2, 10, 23, 30), state="held")
        )
        cls.env["acr.meeting.minutes"].create(
            {"meeting_id": cls.meeting.id, "summary": "<p>Done</p>"}
        )._acr_freeze()

    def test_reminder_digest_in_each_contacts_language_and_time_zone(self):
        Partner = self.env["res.partner"]
        contacts = {}
        for lang in self.langs:
            tz = LANGUAGES[lang][0]
            contacts[lang] = Partner.create(
                {
                    "name": f"Contact {lang}",
                    "parent_id": self.client_a.partner_id.id,
                    "email": f"{lang.lower()}@alpha.example.com",
                    "lang": lang,
                    "tz": tz,
                }
            )
            self.env["acr.action.item"].create(
                {
                    "meeting_id": self.meeting.id,
                    "name": f"Task {lang}",
                    "owner_type": "client",
                    "partner_id": contacts[lang].id,
                    "date_due": date(2026, 3, 10),
                }
            )
        with freeze_time("2026-03-10 08:00:00"):
            self.env["acr.action.item"]._cron_remind_client_items()
        for lang, contact in contacts.items():
            _tz, words, due, held = LANGUAGES[lang]
            mail = self.env["mail.mail"].search([("recipient_ids", "in", contact.ids)])
            self.assertEqual(len(mail), 1, lang)
            body = str(mail.body_html)
            self.assertIn(f"Task {lang}", body)
            self.assertIn(due, body, f"{lang}: the due date in the language's own words")
            self.assertIn(held, body, f"{lang}: the meeting day in the contact's time zone")
            self.assertNotIn("Kind regards", body, f"{lang}: the body is translated")
            self.assertNotIn("Reminder: your action items", mail.subject, lang)
            if words:
                self.assertIn(words, body)
            self.assertEqual(
                'dir="rtl"' in body, lang == "fa_IR", f"{lang}: Persian mails read right to left"
            )

    def test_minutes_pdf_in_the_contacts_language_and_zone(self):
        contact = self.env["res.partner"].create(
            {
                "name": "Ingrid",
                "parent_id": self.client_a.partner_id.id,
                "email": "ingrid@alpha.example.com",
                "lang": "nb_NO",
                "tz": "Europe/Oslo",
            }
        )
        # Another accountant: the class's meeting holds this time for the first.
        meeting = self.env["acr.meeting"].create(
            self._answers(
                contact=contact,
                start=datetime(2026, 2, 10, 23, 30),
                state="held",
                user_id=self.accountant_2.id,
            )
        )
        self.env["acr.meeting.minutes"].create(
            {"meeting_id": meeting.id, "summary": "<p>Ok</p>"}
        )._acr_freeze()
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "accounting_client_relations.action_report_meeting_minutes", meeting.ids
        )
        html = html.decode()
        self.assertIn("Referat", html)
        self.assertIn("onsdag 11. februar 2026", html, "the contact's language and time zone")
        self.assertIn("Sammendrag", html)

    def test_every_mail_template_renders_in_the_partners_language(self):
        templates = self.env["mail.template"].search([("model_id.model", "like", "acr.%")])
        templates |= self.env.ref("accounting_client_relations.mail_template_action_item_digest")
        self.assertGreaterEqual(len(templates), 6)
        for template in templates:
            self.assertIn(".lang", template.lang or "", f"{template.name}: lang follows the recipient")

    def test_portal_dates_follow_the_readers_language_and_zone(self):
        Meeting = self.env["acr.meeting"]
        start = datetime(2026, 2, 10, 23, 30)
        self.assertEqual(
            Meeting.with_context(lang="en_US")._acr_local_when(start, "Europe/London"),
            "Tuesday, February 10, 2026, 11:30 PM",
        )
        if "pl_PL" in self.langs:
            self.assertEqual(
                Meeting.with_context(lang="pl_PL")._acr_local_when(start, "Europe/Warsaw"),
                "środa, 11 lutego 2026, 00:30",
            )
        self.assertEqual(
            Meeting.with_context(lang="nb_NO")._acr_local_when(start, "Europe/Oslo", with_time=False),
            "onsdag 11. februar 2026",
        )
        nb_meeting = Meeting.with_context(lang="nb_NO")
        self.assertEqual(nb_meeting._acr_local_when(date(2026, 3, 5), short=True), "tor. 5. mar.")


@tagged("post_install", "-at_install")
class TestDemoLanguages(AcrMeetingCase):
    def test_demo_loads_the_five_languages_with_their_clients(self):
        codes = ["fa_IR", "nb_NO", "pl_PL", "ru_RU", "zh_CN"]
        active = self.env["res.lang"].search([("code", "in", codes)]).mapped("code")
        self.assertEqual(sorted(active), codes, "the demo activates the clients' languages")
        portal_users = self.env["res.users"].search(
            [("login", "in", ["client_fa", "client_nb", "client_pl"])]
        )
        self.assertEqual(
            {(u.login, u.partner_id.lang) for u in portal_users},
            {("client_fa", "fa_IR"), ("client_nb", "nb_NO"), ("client_pl", "pl_PL")},
        )
        menu = self.env.ref("accounting_client_relations.menu_acr_root")
        self.assertEqual(menu.with_context(lang="fa_IR").name, "روابط با مشتریان")
        self.assertEqual(menu.with_context(lang="nb_NO").name, "Kunderelasjoner")
        self.assertTrue(self.env["res.lang"]._lang_get("fa_IR").direction == "rtl")
