"""Take the README's screenshots from a running demo (`make run`) with
headless Chromium. Usage: .venv/bin/python scripts/screenshots.py [base_url]

Needs the `playwright` package in the virtualenv (`make screenshots` installs
it) and Debian's chromium; nothing is downloaded.
"""

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
BASE = ARGS[0] if ARGS else "http://localhost:8069"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1680, "height": 940}
PHONE = {"width": 390, "height": 844}


def login(page, user):
    page.goto(f"{BASE}/web/login")
    page.fill("input[name=login]", user)
    page.fill("input[name=password]", user)
    page.click("button[type=submit]")
    page.wait_for_selector(".o_main_navbar, .o_portal, #wrap")


def save(page, name, full_page=False):
    page.wait_for_timeout(700)
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=full_page)
    print(f"wrote docs/screenshots/{name}.png")


def back_office(browser):
    page = browser.new_page(viewport=DESKTOP)
    login(page, "manager")
    page.goto(f"{BASE}/odoo/action-accounting_client_relations.acr_client_action_pipeline")
    page.wait_for_selector(".o_kanban_record")
    page.click(".o_facet_remove", timeout=3000)
    save(page, "pipeline")
    page.click(".o_kanban_record:has-text('Van Dijk')")
    page.wait_for_selector(".o_form_view .o_statusbar_status")
    save(page, "client_form")
    page.goto(f"{BASE}/odoo/action-accounting_client_relations.acr_meeting_action")
    page.wait_for_selector(".o_searchview")
    while page.locator(".o_facet_remove").count():
        page.locator(".o_facet_remove").first.click()
        page.wait_for_timeout(300)
    page.wait_for_selector(".o_data_row")
    page.click(".o_data_row:has-text('Hoffmann')")
    page.wait_for_selector(".o_form_view .o_statusbar_status")
    save(page, "meeting_form")
    # Minutes: write and send those of the meeting held this morning.
    page.goto(f"{BASE}/odoo/action-accounting_client_relations.acr_meeting_action")
    page.wait_for_selector(".o_searchview")
    while page.locator(".o_facet_remove").count():
        page.locator(".o_facet_remove").first.click()
        page.wait_for_timeout(300)
    page.click(".o_data_row:has-text('Van Dijk')")
    page.click("button[name=action_write_minutes]:has-text('Write Minutes')")
    page.wait_for_selector(".o_field_html[name=summary] .odoo-editor-editable")
    page.click(".o_field_html[name=summary] .odoo-editor-editable")
    page.keyboard.type("Bank feeds are connected; the monthly document flow is agreed.")
    rows = page.locator(".o_field_widget[name=line_ids] .o_data_row")
    outcomes = [
        "Feeds from both accounts run daily from next week.",
        "Purchase invoices by the 5th, sales journal by the 8th, via the portal.",
        "Payslips on the 25th; Lukas sends the calendar.",
    ]
    for index, outcome in enumerate(outcomes):
        rows.nth(index).locator("td[name=outcome]").click()
        page.keyboard.type(outcome)
    page.click(".o_field_html[name=decisions] .odoo-editor-editable")
    page.keyboard.type("Monthly closing on the 12th. Van Dijk sends documents through the portal.")
    page.click(".o_form_button_save")
    page.wait_for_timeout(800)
    save(page, "minutes_form")
    page.click("button[name=action_send]")
    page.wait_for_selector(".o_statusbar_status .o_arrow_button_current:has-text('Sent')")
    page.locator(".o_breadcrumb a:has-text('Van Dijk')").last.click()
    page.wait_for_selector(".o-mail-Message:has-text('Here are the minutes')")
    page.wait_for_timeout(1000)
    save(page, "minutes_mail")
    page.goto(f"{BASE}/odoo/action-accounting_client_relations.acr_meeting_type_action")
    page.wait_for_selector(".o_data_row")
    page.click(".o_data_row:has-text('Strategic meeting')")
    page.wait_for_selector(".o_form_view")
    save(page, "meeting_type_form")
    page.close()


def portal(browser, viewport, suffix):
    page = browser.new_page(viewport=viewport)
    login(page, "client")
    page.goto(f"{BASE}/my")
    page.wait_for_selector(".o_portal_my_home")
    save(page, f"portal_home{suffix}")
    page.goto(f"{BASE}/my/actions")
    page.wait_for_selector(".o_acr_action_item")
    save(page, f"portal_actions{suffix}", full_page=True)
    page.goto(f"{BASE}/my/meetings/book")
    page.wait_for_selector(".o_acr_type_card")
    page.click(".o_acr_type_card:has-text('Strategic meeting')")
    page.wait_for_selector("form.o_acr_answers")
    page.check("input[name=change_kind_ids] >> nth=0")
    page.fill("textarea[name=changes_note]", "We hired a second driver in March.")
    page.fill("textarea[name=preparation_questions]", "Is the van lease deductible?")
    page.check("#client_prepared")
    page.fill("input[name=topic_name_0]", "Van: lease or buy")
    page.fill("input[name=topic_minutes_0]", "30")
    page.fill("input[name=topic_name_1]", "Summer opening hours and staff")
    page.fill("input[name=topic_minutes_1]", "20")
    save(page, f"portal_answers{suffix}", full_page=True)
    with page.expect_navigation():
        # A full-page screenshot at phone width leaves stale coordinates:
        # submit with the button, as a click would.
        page.locator("form.o_acr_answers").evaluate(
            "f => f.requestSubmit(f.querySelector('.o_acr_to_slots'))"
        )
    page.wait_for_selector("form.o_acr_slots")
    save(page, f"portal_slots{suffix}", full_page=suffix == "_phone")
    page.click(".o_acr_slots label.o_acr_slot >> nth=0")
    with page.expect_navigation():
        page.click("button.o_acr_confirm_slot")
    page.wait_for_selector(".o_acr_booked")
    save(page, f"portal_meeting{suffix}", full_page=True)
    # Leave the demo as it was: cancel the meeting just booked.
    meeting_url = re.sub(r"\?.*", "", page.url)
    page.goto(meeting_url)
    with page.expect_navigation():
        page.click("button.o_acr_cancel")
    page.close()


def persian(browser, viewport, suffix):
    """The portal of the Persian demo client, right to left."""
    page = browser.new_page(viewport=viewport, timezone_id="Asia/Tehran")
    login(page, "client_fa")
    page.goto(f"{BASE}/my")
    page.wait_for_selector("html[dir=rtl] .o_portal_my_home")
    save(page, f"fa_home{suffix}", full_page=True)
    page.goto(f"{BASE}/my/quotes")
    page.click("table a >> nth=0")
    page.wait_for_selector("html[dir=rtl] .o_portal")
    save(page, f"fa_quote{suffix}", full_page=True)
    page.goto(f"{BASE}/my/agreements")
    page.click("table a >> nth=0")
    page.wait_for_selector("html[dir=rtl] .o_acr_agreement")
    save(page, f"fa_agreement{suffix}", full_page=True)
    page.goto(f"{BASE}/my/meetings/book")
    page.click(".o_acr_type_card >> nth=0")
    page.wait_for_selector("form.o_acr_answers")
    page.check("input[name=change_kind_ids] >> nth=0")
    page.fill("textarea[name=changes_note]", "دو نیروی جدید استخدام کردیم.")
    page.check("#client_prepared")
    page.fill("input[name=topic_name_0]", "اجاره یا خرید خودرو")
    page.fill("input[name=topic_minutes_0]", "30")
    with page.expect_navigation():
        page.locator("form.o_acr_answers").evaluate(
            "f => f.requestSubmit(f.querySelector('.o_acr_to_slots'))"
        )
    page.wait_for_selector("html[dir=rtl] form.o_acr_slots")
    save(page, f"fa_slots{suffix}", full_page=True)
    page.click(".o_acr_slots label.o_acr_slot >> nth=0")
    with page.expect_navigation():
        page.click("button.o_acr_confirm_slot")
    page.wait_for_selector(".o_acr_booked")
    save(page, f"fa_meeting{suffix}", full_page=True)
    meeting_url = re.sub(r"\?.*", "", page.url)
    page.goto(f"{BASE}/my/actions")
    save(page, f"fa_actions{suffix}", full_page=True)
    # Leave the demo as it was.
    page.goto(meeting_url)
    with page.expect_navigation():
        page.click("button.o_acr_cancel")
    page.close()


def contracts(browser):
    page = browser.new_page(viewport=DESKTOP)
    login(page, "manager")
    # The quote calculator of a demo client.
    page.goto(f"{BASE}/odoo/action-accounting_client_relations.acr_tariff_quote_action")
    page.wait_for_selector(".o_data_row")
    page.click(".o_data_row:has-text('Brightside'):has-text('Accepted')")
    page.wait_for_selector(".o_form_view .o_field_widget[name=line_ids] .o_data_row")
    save(page, "quote_calculator")
    # The portal signing page, as the client opens it from the mail.
    url = page.evaluate(
        """async () => {
            const res = await fetch('/web/dataset/call_kw', {method: 'POST',
                headers: {'Content-Type': 'application/json'},
                body: JSON.stringify({jsonrpc: '2.0', method: 'call', params: {
                    model: 'acr.agreement', method: 'search_read',
                    args: [[['state', '=', 'sent']], ['access_url', 'access_token']],
                    kwargs: {limit: 1}}})});
            const rec = (await res.json()).result[0];
            return rec.access_url + '?access_token=' + rec.access_token;
        }"""
    )
    public = browser.new_page(viewport={"width": 1280, "height": 1400})
    public.goto(f"{BASE}{url}")
    public.wait_for_selector(".o_acr_sign_form canvas")
    public.wait_for_timeout(1500)
    public.screenshot(path=str(OUT / "portal_signing.png"), full_page=True)
    print("wrote docs/screenshots/portal_signing.png")
    public.close()
    page.close()


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    if "--persian" in sys.argv:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            persian(browser, {"width": 1366, "height": 900}, "")
            persian(browser, PHONE, "_phone")
            browser.close()
        return
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        back_office(browser)
        portal(browser, DESKTOP, "")
        portal(browser, PHONE, "_phone")
        contracts(browser)
        persian(browser, {"width": 1366, "height": 900}, "")
        persian(browser, PHONE, "_phone")
        browser.close()


if __name__ == "__main__":
    main()
