from lxml import html

from odoo.tests import HttpCase, tagged

from .common import AcrMeetingCase


@tagged("post_install", "-at_install")
class TestPortalBreadcrumbs(HttpCase, AcrMeetingCase):
    """Every portal page of the addon shows its breadcrumb: Home, the list,
    and the document or step. One template draws them all
    (views/portal_layout_templates.xml); a second template of the same id
    once replaced the first, and the meeting pages lost theirs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        slot = cls.mtype._acr_free_slots(cls.accountant)[0].replace(tzinfo=None)
        cls.meeting = cls.env["acr.meeting"].create(cls._answers(start=slot))
        cls.draft = cls.env["acr.meeting"].create(cls._answers())
        cls.quote = cls._sent_quote(cls.client_a, "Breadcrumb plan", 100, 50)
        cls.agreement = cls.env["acr.agreement"].search([("client_id", "=", cls.client_a.id)], limit=1)

    def _crumbs(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        self.assertTrue(response.url.endswith(url), f"{url} redirected to {response.url}")
        trail = html.fromstring(response.text).xpath("//ol[contains(@class, 'o_portal_submenu')]")
        self.assertEqual(len(trail), 1, f"{url}: one breadcrumb trail expected")
        items = trail[0].xpath("./li")
        self.assertEqual(items[0].xpath(".//a/@href"), ["/my/home"], f"{url}: the trail starts at Home")
        return [
            (" ".join(item.text_content().split()), (item.xpath("./a/@href") or [None])[0])
            for item in items[1:]
        ]

    def test_every_portal_page_shows_its_breadcrumb(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        meetings, book = ("Meetings", "/my/meetings"), ("Book a meeting", None)
        pages = {
            "/my/meetings": [("Meetings", None)],
            f"/my/meetings/{self.meeting.id}": [meetings, (self.mtype.name, None)],
            "/my/meetings/book": [meetings, book],
            f"/my/meetings/book/{self.mtype.id}": [meetings, book],
            f"/my/meetings/{self.draft.id}/slots": [meetings, book],
            "/my/actions": [("Action Items", None)],
            "/my/quotes": [("Fee Quotes", None)],
            f"/my/quotes/{self.quote.id}": [("Fee Quotes", "/my/quotes"), (self.quote.name, None)],
            "/my/agreements": [("Engagement Agreements", None)],
            f"/my/agreements/{self.agreement.id}": [
                ("Engagement Agreements", "/my/agreements"),
                (self.agreement.name, None),
            ],
        }
        for url, expected in pages.items():
            with self.subTest(url=url):
                self.assertEqual(self._crumbs(url), expected)
