"""Coverage of the translations: every .po is in step with the .pot, every
client-facing string is translated, the back office at 98% at least."""

import importlib.util
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("i18n_sync", ROOT / "scripts" / "i18n_sync.py")
i18n_sync = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(i18n_sync)

PO_FILES = i18n_sync.po_files()


def _ids(path):
    return f"{i18n_sync.addon_of(path).name}/{path.name}"


POT_KEYS = {
    addon: {(e.msgctxt, e.msgid) for e in polib.pofile(str(i18n_sync.pot_of(addon))) if e.msgid}
    for addon in i18n_sync.ADDONS
}
CLIENT_TEMPLATES = i18n_sync.client_templates()


@pytest.mark.parametrize("path", PO_FILES, ids=_ids)
def test_po_in_step_with_the_pot(path):
    """Each .po against its own addon's .pot."""
    pot_keys = POT_KEYS[i18n_sync.addon_of(path)]
    keys = {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)) if e.msgid}
    missing, stale = pot_keys - keys, keys - pot_keys
    assert not missing and not stale, (
        f"{path.name} is out of step with the .pot (run `make i18n`, then translate): "
        f"{len(missing)} new, {len(stale)} obsolete, e.g. {sorted(m for _c, m in missing)[:3]}"
    )


@pytest.mark.parametrize("path", PO_FILES, ids=_ids)
def test_coverage(path):
    """Everything a client meets is translated; the back office at 98% at least."""
    po = polib.pofile(str(path))
    counts = i18n_sync.coverage(po, CLIENT_TEMPLATES)
    done, total = counts["client"]
    untranslated = [
        e.msgid[:60]
        for e in po
        if e.msgid and not e.msgstr and i18n_sync.is_client_facing(e, CLIENT_TEMPLATES)
    ]
    assert done == total, f"{path.name}: client-facing {done}/{total}, untranslated: {untranslated[:5]}"
    done, total = counts["back"]
    assert i18n_sync.pct(done, total) >= 98.0, f"{path.name}: back office {done}/{total}"


def test_client_facing_classification():
    po = polib.pofile(str(i18n_sync.POT))
    by_id = {e.msgid: i18n_sync.is_client_facing(e, CLIENT_TEMPLATES) for e in po}
    # A portal page, a mail subject, an error raised to clients: client-facing.
    assert by_id["Book this time"]
    assert by_id["Your monthly fee from {{ format_date(object.date_effective, 'long') }}"]
    assert by_id["This slot is not available. Please choose one of the free slots shown."]
    # A back-office menu: not.
    assert not by_id["Client Pipeline"]
