"""Repository-level checks: every XML file parses, the manifest is sound, and
the .pot file is in sync with the code and data of the installed addon."""

import ast
import io
from pathlib import Path

import polib
import pytest
from lxml import etree

import odoo
from odoo.tests.common import get_db_name
from odoo.tools.translate import trans_export

ROOT = Path(__file__).resolve().parent.parent
ADDON = ROOT / "accounting_client_relations"
POT = ADDON / "i18n" / "accounting_client_relations.pot"

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


def _msgids(entries):
    return {(e.msgctxt, e.msgid) for e in entries if e.msgid}


def test_pot_in_sync():
    assert POT.is_file(), "i18n/accounting_client_relations.pot is missing: run `make pot`."
    buffer = io.BytesIO()
    with odoo.modules.registry.Registry(get_db_name()).cursor() as cr:
        trans_export(False, ["accounting_client_relations"], buffer, "po", cr)
    fresh = polib.pofile(buffer.getvalue().decode())
    committed = polib.pofile(str(POT))
    missing = _msgids(fresh) - _msgids(committed)
    stale = _msgids(committed) - _msgids(fresh)
    assert not missing and not stale, (
        f"The .pot is out of date (run `make pot`): {len(missing)} new string(s), "
        f"{len(stale)} obsolete: {sorted(m for _c, m in missing)[:10]}"
    )
