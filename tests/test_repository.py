"""Repository-level checks: every XML file parses, the manifest is sound, and
the .pot file is in sync with the code and data of the installed addon."""

import ast
import io
import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from lxml import etree

import odoo
from odoo.tests.common import get_db_name
from odoo.tools.translate import trans_export

ROOT = Path(__file__).resolve().parent.parent
ADDON = ROOT / "accounting_client_relations"
# The bridge to Odoo Invoicing: the main addon must never depend on account.
BRIDGE = ROOT / "accounting_client_relations_account"
ADDONS = (ADDON, BRIDGE)

XML_FILES = sorted(p for p in ROOT.rglob("*.xml") if ".venv" not in p.parts and ".git" not in p.parts)


@pytest.mark.parametrize("path", XML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_xml_parses(path):
    etree.parse(str(path))


def test_manifest():
    manifest = ast.literal_eval((ADDON / "__manifest__.py").read_text())
    assert manifest["version"].startswith("18.0.")
    assert manifest["license"] == "LGPL-3"
    assert manifest["application"] is True
    for required in (
        "contacts",
        "calendar",
        "portal",
        "mail",
        "survey",
        "utm",
        "resource",
        "base_automation",
    ):
        assert required in manifest["depends"]
    for rel in manifest["data"] + manifest.get("demo", []):
        assert (ADDON / rel).is_file(), f"{rel} is listed in the manifest but missing"
    listed = set(manifest["data"]) | set(manifest.get("demo", []))
    # The example deadline templates are loaded on demand by a manager (the
    # example wizard names its files), never at install.
    wizard = (ADDON / "wizard" / "acr_deadline_example_wizard.py").read_text()
    on_demand = {
        rel
        for rel in (str(p.relative_to(ADDON)) for p in (ADDON / "data").glob("*.xml"))
        if f'"{rel}"' in wizard
    }
    assert on_demand, "the example wizard names no data file"
    assert not on_demand & listed, "example templates must not be loaded at install"
    listed |= on_demand
    for kind in ("data", "views", "security", "demo", "report", "wizard"):
        for path in (ADDON / kind).glob("*.*"):
            if path.suffix in (".xml", ".csv"):
                assert str(path.relative_to(ADDON)) in listed, f"{path.name} is not in the manifest"


def test_bridge_manifest():
    """The bridge installs by itself next to account; the main addon stays
    free of account (nothing of it in its manifest or its code)."""
    manifest = ast.literal_eval((BRIDGE / "__manifest__.py").read_text())
    assert manifest["version"].startswith("18.0.")
    assert manifest["license"] == "LGPL-3"
    assert manifest["auto_install"] is True
    assert set(manifest["depends"]) == {"accounting_client_relations", "account"}
    for rel in manifest["data"] + manifest.get("demo", []):
        assert (BRIDGE / rel).is_file(), f"{rel} is listed in the bridge's manifest but missing"
    listed = set(manifest["data"]) | set(manifest.get("demo", []))
    for kind in ("data", "views", "security", "demo", "report", "wizard"):
        for path in (BRIDGE / kind).glob("*.*"):
            if path.suffix in (".xml", ".csv"):
                assert str(path.relative_to(BRIDGE)) in listed, f"{path.name} is not in the bridge's manifest"
    main = ast.literal_eval((ADDON / "__manifest__.py").read_text())
    assert "account" not in main["depends"]
    for path in ADDON.rglob("*.py"):
        text = path.read_text()
        assert '"account.move' not in text and "'account.move" not in text, (
            f"{path.relative_to(ROOT)} uses account: it belongs in the bridge"
        )


PORTAL_FRAME = (
    "portal.portal_my_home",
    "portal.portal_breadcrumbs",
    "portal.portal_layout",
    "web.frontend_layout",
)
PORTAL_SHELL = "views/portal_layout_templates.xml"


@pytest.mark.parametrize("addon", ADDONS, ids=lambda p: p.name)
def test_one_portal_shell(addon):
    """Only the shell extends the portal's frame (home cards, breadcrumbs,
    layout); page templates hold pages. Two files that each inherited
    portal.portal_breadcrumbs once shipped two templates of one id, and the
    later silently replaced the earlier. Each addon has at most one shell."""
    extending = {}
    for path in addon.rglob("*.xml"):
        for node in etree.parse(str(path)).iter("template", "record"):
            inherit = node.get("inherit_id") or "".join(node.xpath("./field[@name='inherit_id']/@ref"))
            if inherit in PORTAL_FRAME:
                extending.setdefault(str(path.relative_to(addon)), []).append(node.get("id"))
    expected = {PORTAL_SHELL} if addon == ADDON else {PORTAL_SHELL} & set(extending)
    assert set(extending) == expected, (
        f"{addon.name}: the portal frame is extended outside {PORTAL_SHELL}: {extending}"
    )


def _oca_checks_odoo_module():
    """The OCA module checker from the lint virtualenv (scripts/setup.sh)."""
    venv = os.environ.get("LINT_VENV")
    exe = str(Path(venv, "bin", "oca-checks-odoo-module")) if venv else shutil.which("oca-checks-odoo-module")
    assert exe and Path(exe).is_file(), "oca-checks-odoo-module is missing: run scripts/setup.sh (lint_venv)"
    return exe


def _module(root, second_ids):
    module = root / "acr_lint_probe"
    (module / "views").mkdir(parents=True)
    (module / "__init__.py").write_text("")
    manifest = {
        "name": "Lint probe",
        "version": "18.0.1.0.0",
        "license": "LGPL-3",
        "depends": ["portal"],
        "data": ["views/a_templates.xml", "views/b_templates.xml"],
    }
    (module / "__manifest__.py").write_text(repr(manifest))
    template = (
        '<?xml version="1.0" encoding="utf-8"?>\n<odoo>\n'
        '    <record id="{0}_partner" model="res.partner"><field name="name">Probe</field></record>\n'
        '    <template id="{0}_crumbs" inherit_id="portal.portal_breadcrumbs">\n'
        '        <xpath expr="//ol" position="inside"><li>Probe</li></xpath>\n'
        "    </template>\n</odoo>\n"
    )
    (module / "views" / "a_templates.xml").write_text(template.format("probe"))
    (module / "views" / "b_templates.xml").write_text(template.format(second_ids))
    return module


@pytest.mark.parametrize("duplicate", [True, False], ids=["duplicate ids", "distinct ids"])
def test_lint_fails_on_duplicate_xml_ids(tmp_path, duplicate):
    """scripts/lint.sh runs this checker with the repository's settings: a
    record or template id declared twice fails it, distinct ids pass."""
    module = _module(tmp_path, "probe" if duplicate else "other")
    result = subprocess.run(
        [_oca_checks_odoo_module(), f"--config={ROOT / '.oca_hooks.cfg'}", str(module)],
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    if duplicate:
        assert result.returncode != 0, output
        assert "xml-duplicate-record-id" in output, output
        assert "xml-duplicate-template-id" in output, output
    else:
        assert result.returncode == 0, output


def _msgids(entries):
    return {(e.msgctxt, e.msgid) for e in entries if e.msgid}


@pytest.mark.parametrize("addon", ADDONS, ids=lambda p: p.name)
def test_pot_in_sync(addon):
    pot = addon / "i18n" / f"{addon.name}.pot"
    assert pot.is_file(), f"{addon.name}/i18n/{addon.name}.pot is missing: run `make pot`."
    buffer = io.BytesIO()
    with odoo.modules.registry.Registry(get_db_name()).cursor() as cr:
        trans_export(False, [addon.name], buffer, "po", cr)
    fresh = polib.pofile(buffer.getvalue().decode())
    committed = polib.pofile(str(pot))
    missing = _msgids(fresh) - _msgids(committed)
    stale = _msgids(committed) - _msgids(fresh)
    assert not missing and not stale, (
        f"The .pot is out of date (run `make pot`): {len(missing)} new string(s), "
        f"{len(stale)} obsolete: {sorted(m for _c, m in missing)[:10]}"
    )
