"""Take the README's screenshots from a running demo (`make run`) with
headless Chromium. Usage: .venv/bin/python scripts/screenshots.py [base_url]

Needs the `playwright` package in the virtualenv (`make screenshots` installs
it) and Debian's chromium; nothing is downloaded.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8069"
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


def login(page, user):
    page.goto(f"{BASE}/web/login")
    page.fill("input[name=login]", user)
    page.fill("input[name=password]", user)
    page.click("button[type=submit]")
    page.wait_for_selector(".o_main_navbar, .o_portal, #wrap")


def shot(page, name, url, wait_for, before=None):
    page.goto(f"{BASE}{url}")
    page.wait_for_selector(wait_for)
    if before:
        before(page)
    page.wait_for_timeout(800)
    page.screenshot(path=str(OUT / f"{name}.png"))
    print(f"wrote docs/screenshots/{name}.png")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1680, "height": 940})
        login(page, "manager")
        shot(
            page,
            "pipeline",
            "/odoo/action-accounting_client_relations.acr_client_action_pipeline",
            ".o_kanban_record",
            before=lambda p: p.click(".o_facet_remove", timeout=3000),
        )
        page.click(".o_kanban_record:has-text('Van Dijk')")
        page.wait_for_selector(".o_form_view .o_statusbar_status")
        page.wait_for_timeout(800)
        page.screenshot(path=str(OUT / "client_form.png"))
        print("wrote docs/screenshots/client_form.png")
        # The quote calculator of a demo client.
        page.goto(f"{BASE}/odoo/action-accounting_client_relations.acr_tariff_quote_action")
        page.wait_for_selector(".o_data_row")
        page.click(".o_data_row:has-text('Brightside'):has-text('Accepted')")
        page.wait_for_selector(".o_form_view .o_field_widget[name=line_ids] .o_data_row")
        page.wait_for_timeout(800)
        page.screenshot(path=str(OUT / "quote_calculator.png"))
        print("wrote docs/screenshots/quote_calculator.png")
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
        browser.close()


if __name__ == "__main__":
    main()
