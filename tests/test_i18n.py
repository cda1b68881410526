"""Translations: every .po is readable by Odoo, has no fuzzy entry, keeps the
placeholders and the markup of its msgids, and nothing in the Python code
escapes translation."""

import ast
import importlib.util
from pathlib import Path

import polib
import pytest

from odoo.tools.translate import PoFileReader

ROOT = Path(__file__).resolve().parent.parent
ADDON = ROOT / "accounting_client_relations"

_spec = importlib.util.spec_from_file_location("i18n_sync", ROOT / "scripts" / "i18n_sync.py")
i18n_sync = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(i18n_sync)

PO_FILES = i18n_sync.po_files()
PY_FILES = sorted(
    p for addon in i18n_sync.ADDONS for p in addon.rglob("*.py") if "tests" not in p.relative_to(addon).parts
)


def _ids(path):
    return f"{i18n_sync.addon_of(path).name}/{path.name}"


@pytest.mark.parametrize("addon", i18n_sync.ADDONS, ids=lambda p: p.name)
def test_languages_present(addon):
    names = {p.stem for p in i18n_sync.po_files(addon)}
    expected = {"fa", "nb", "pl", "ru", "zh_CN"}
    assert expected <= names, f"{addon.name}: missing translations: {sorted(expected - names)}"


@pytest.mark.parametrize("path", PO_FILES, ids=_ids)
def test_po_reads_with_odoo(path):
    with path.open("rb") as handle:
        rows = list(PoFileReader(handle))
    assert rows, f"{path.name}: Odoo reads no translation from it"


@pytest.mark.parametrize("path", PO_FILES, ids=_ids)
def test_po_header_and_no_fuzzy(path):
    po = polib.pofile(str(path))
    assert po.metadata.get("Language"), f"{path.name}: no Language header"
    assert "nplurals=" in po.metadata.get("Plural-Forms", ""), f"{path.name}: no Plural-Forms header"
    assert "charset=UTF-8" in po.metadata.get("Content-Type", "")
    fuzzy = [e.msgid[:60] for e in po if "fuzzy" in e.flags]
    assert not fuzzy, f"{path.name}: fuzzy entries: {fuzzy[:5]}"
    obsolete = [e.msgid[:60] for e in po.obsolete_entries()]
    assert not obsolete, f"{path.name}: obsolete entries, run `make i18n`: {obsolete[:5]}"
    keys = [(e.msgctxt, e.msgid) for e in po]
    assert len(keys) == len(set(keys)), f"{path.name}: duplicate entries"


@pytest.mark.parametrize("path", PO_FILES, ids=_ids)
def test_placeholders_and_markup_kept(path):
    broken = []
    for entry in polib.pofile(str(path)).translated_entries():
        if i18n_sync.placeholders(entry.msgstr) != i18n_sync.placeholders(entry.msgid):
            broken.append(("placeholders", entry.msgid[:60], entry.msgstr[:60]))
        elif i18n_sync.tags(entry.msgstr) != i18n_sync.tags(entry.msgid):
            broken.append(("markup", entry.msgid[:60], entry.msgstr[:60]))
    assert not broken, f"{path.name}: {len(broken)} translation(s) break their source: {broken[:5]}"


def test_sync_tool_merge_semantics(tmp_path):
    pot = polib.POFile()
    pot.append(polib.POEntry(msgid="Kept", occurrences=[("code:a.py", "0")]))
    pot.append(polib.POEntry(msgid="New"))
    po = polib.POFile()
    po.metadata = {"Language": "xx"}
    po.append(polib.POEntry(msgid="Kept", msgstr="Gardé"))
    po.append(polib.POEntry(msgid="Gone", msgstr="Parti"))
    po.append(polib.POEntry(msgid="New", msgstr="Peut-être", flags=["fuzzy"]))
    merged = i18n_sync.merge(pot, po)
    assert [(e.msgid, e.msgstr, e.flags) for e in merged] == [("Kept", "Gardé", []), ("New", "", [])]
    assert merged[0].occurrences == [("code:a.py", "0")]


def _error_classes():
    return {"UserError", "ValidationError", "AccessError", "AccessDenied", "MissingError", "RedirectWarning"}


def _untranslated_calls(tree):
    """Literal strings that reach users without going through env._ / _lt."""
    problems = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name == "_" and isinstance(func, ast.Name):
            problems.append((node.lineno, "bare _(): use self.env._(...) (or _lt at class level)"))
        if name in ("_", "_lt") and any(
            isinstance(sub, ast.JoinedStr) for arg in [*node.args, *node.keywords] for sub in ast.walk(arg)
        ):
            # Odoo's term extraction evaluates the call's literal arguments:
            # an f-string there makes it skip the whole file.
            problems.append((node.lineno, "f-string inside a translation call"))
        literal_args = []
        if name in _error_classes() and node.args:
            literal_args.append(node.args[0])
        if name in ("message_post", "message_notify"):
            literal_args += [kw.value for kw in node.keywords if kw.arg in ("body", "subject")]
        for arg in literal_args:
            literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            if literal or isinstance(arg, ast.JoinedStr):
                problems.append((node.lineno, f"untranslated literal passed to {name}()"))
    return problems


@pytest.mark.parametrize("path", PY_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_python_strings_go_through_translation(path):
    problems = _untranslated_calls(ast.parse(path.read_text(), str(path)))
    assert not problems, f"{path.relative_to(ROOT)}: " + "; ".join(f"line {n}: {m}" for n, m in problems)


def test_untranslated_call_detector():
    bad = ast.parse(
        'raise UserError("Nope")\nrecord.message_post(body=f"x {y}")\n_("Old style")\n'
        'self.env._("Hi %(a)s", a=f"{b}")\n'
    )
    good = ast.parse('raise UserError(self.env._("Yes %(a)s", a=1))\nraise ValidationError("\\n".join(x))\n')
    assert len(_untranslated_calls(bad)) == 4
    assert _untranslated_calls(good) == []
