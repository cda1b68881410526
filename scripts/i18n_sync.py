#!/usr/bin/env python3
"""Keep the translations in i18n/*.po in step with the .pot, and say how
complete they are, for every addon of the repository (each has its own
i18n/ folder and .pot).

    python scripts/i18n_sync.py                 merge each addon's .pot into its .po files
    python scripts/i18n_sync.py --check         fail if a merge would change a .po
    python scripts/i18n_sync.py --report        coverage per addon and language
    python scripts/i18n_sync.py --todo pl       untranslated entries of every pl.po, as JSON
    python scripts/i18n_sync.py --fill pl F.json  fill every pl.po from {msgid: msgstr}

The merge has msgmerge's semantics without its guesswork: an entry keeps its
translation when its (msgctxt, msgid) is still in the .pot, new entries come
in untranslated, obsolete ones are dropped, and nothing is ever marked fuzzy.
References and comments follow the .pot.

Coverage is reported in two parts. *Client-facing* strings are those a client
of the firm can meet: portal and report templates (QWeb <template> in views/
and report/), mail templates, report names, the meeting types, change kinds
and services shown on the portal, database constraint messages, and every
string of code (Python messages and errors, which the portal raises too, and
JavaScript). Everything else is *back office*.
"""

import argparse
import json
import re
import sys
from pathlib import Path

import polib
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
# The repository's addons, the main one first (scripts/setup.sh's ACR_ADDONS).
MODULES = ("accounting_client_relations", "accounting_client_relations_account")
ADDONS = tuple(ROOT / module for module in MODULES)
# The main addon's folders, kept for callers that only know it.
ADDON = ADDONS[0]
I18N = ADDON / "i18n"
POT = I18N / "accounting_client_relations.pot"
MODULE = MODULES[0]


def pot_of(addon):
    """The .pot of an addon folder."""
    return addon / "i18n" / f"{addon.name}.pot"


def addon_of(path):
    """The addon folder a file (a .po, a .pot) belongs to."""
    return next(addon for addon in ADDONS if addon in Path(path).resolve().parents)


# Data models whose records clients see on the portal, in mails or in reports.
CLIENT_MODELS = {
    "mail.template",
    "ir.actions.report",
    "acr.meeting.type",
    "acr.meeting.change.kind",
    "acr.service",
    "ir.model.constraint",
    "product.template",
}
CLIENT_MODEL_PREFIXES = ("survey.",)

# Placeholders and markup that a translation must keep, as found in msgids.
PLACEHOLDER_RE = re.compile(
    r"%\([A-Za-z_][A-Za-z0-9_]*\)[sdrf]"  # %(name)s
    r"|%[sdrf]"  # %s
    r"|\{\{.*?\}\}"  # {{ expression }} (inline templates)
    r"|\{[A-Za-z_][A-Za-z0-9_]*\}"  # {name}
)
TAG_RE = re.compile(r"</?[A-Za-z][^<>]*?/?>", re.S)
# Attributes whose values are text for people, translated with the tag's term.
TEXT_ATTR_RE = re.compile(r'\b(title|alt|placeholder|aria-label|label|string|help)="[^"]*"')
# The writing direction belongs to the language: a Persian mail body may add
# dir="rtl" to its root.
DIR_ATTR_RE = re.compile(r'\s+dir="(rtl|ltr|auto)"')


def client_templates():
    """XML ids of the QWeb templates (portal pages, reports, mail layouts) of
    every addon."""
    ids = set()
    for addon in ADDONS:
        for folder in ("views", "report"):
            for path in (addon / folder).glob("*.xml"):
                for node in etree.parse(str(path)).iter("template"):
                    xmlid = node.get("id")
                    if xmlid:
                        ids.add(xmlid if "." in xmlid else f"{addon.name}.{xmlid}")
    return ids


def is_client_facing(entry, templates):
    for ref, _line in entry.occurrences:
        kind, _, rest = ref.partition(":")
        if kind == "code":
            return True
        model = rest.split(",")[0]
        if kind == "model_terms" and model == "ir.ui.view" and rest.split(":", 1)[-1] in templates:
            return True
        if model in CLIENT_MODELS or model.startswith(CLIENT_MODEL_PREFIXES):
            return True
    return False


def placeholders(text):
    return sorted(PLACEHOLDER_RE.findall(text or ""))


def tags(text):
    """Markup of a string, attributes included (the values of the
    translatable ones aside), whitespace normalised."""
    return sorted(
        TEXT_ATTR_RE.sub(r'\1="…"', DIR_ATTR_RE.sub("", re.sub(r"\s+", " ", tag)))
        for tag in TAG_RE.findall(text or "")
    )


def po_files(addon=None):
    """The .po files of one addon, or of every addon."""
    return sorted(
        path for folder in ([addon] if addon else ADDONS) for path in (folder / "i18n").glob("*.po")
    )


def _key(entry):
    return (entry.msgctxt, entry.msgid)


def merge(pot, po):
    """Return a new POFile: the .pot's entries with po's translations."""
    known = {_key(e): e for e in po if not e.obsolete and e.msgid}
    merged = polib.POFile(wrapwidth=78)
    merged.header = po.header or pot.header
    merged.metadata = dict(po.metadata)
    for field in ("Project-Id-Version", "POT-Creation-Date"):
        if field in pot.metadata:
            merged.metadata[field] = pot.metadata[field]
    for src in pot:
        old = known.get(_key(src))
        merged.append(
            polib.POEntry(
                msgid=src.msgid,
                msgctxt=src.msgctxt,
                msgstr=old.msgstr if old and "fuzzy" not in old.flags else "",
                occurrences=src.occurrences,
                comment=src.comment,
                tcomment=old.tcomment if old else src.tcomment,
                flags=[f for f in src.flags if f != "fuzzy"],
            )
        )
    return merged


def coverage(po, templates):
    counts = {"client": [0, 0], "back": [0, 0]}
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        side = "client" if is_client_facing(entry, templates) else "back"
        counts[side][1] += 1
        if entry.msgstr and "fuzzy" not in entry.flags:
            counts[side][0] += 1
    return counts


def pct(done, total):
    return 100.0 if not total else 100.0 * done / total


def _label(path):
    return f"{addon_of(path).name}/{path.name}"


def cmd_merge(check):
    changed = []
    for addon in ADDONS:
        pot = polib.pofile(str(pot_of(addon)))
        for path in po_files(addon):
            merged = merge(pot, polib.pofile(str(path)))
            text = merged.__unicode__()
            if text != path.read_text(encoding="utf-8"):
                changed.append(_label(path))
                if not check:
                    path.write_text(text, encoding="utf-8")
    if check and changed:
        print("Out of step with the .pot (run `make i18n`): " + ", ".join(changed))
        return 1
    print(("Would change: " if check else "Merged: ") + (", ".join(changed) or "nothing"))
    return 0


def cmd_report():
    templates = client_templates()
    print(f"{'addon/language':<44}{'client-facing':>24}{'back office':>24}")
    for path in po_files():
        counts = coverage(polib.pofile(str(path)), templates)
        cells = []
        for side in ("client", "back"):
            done, total = counts[side]
            cells.append(f"{done}/{total} {pct(done, total):6.2f}%")
        print(f"{addon_of(path).name + '/' + path.stem:<44}{cells[0]:>24}{cells[1]:>24}")
    return 0


def _lang_files(lang):
    return [path for path in (addon / "i18n" / f"{lang}.po" for addon in ADDONS) if path.is_file()]


def cmd_todo(lang):
    todo = {}
    for path in _lang_files(lang):
        po = polib.pofile(str(path))
        todo.update({e.msgid: "" for e in po if e.msgid and (not e.msgstr or "fuzzy" in e.flags)})
    json.dump(todo, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


def cmd_fill(lang, source):
    values = json.loads(Path(source).read_text(encoding="utf-8"))
    filled, refused = 0, []
    for path in _lang_files(lang):
        po = polib.pofile(str(path))
        for entry in po:
            value = values.get(entry.msgid)
            if not value:
                continue
            if placeholders(value) != placeholders(entry.msgid) or tags(value) != tags(entry.msgid):
                refused.append(entry.msgid)
                continue
            entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            filled += 1
        po.save(str(path))
    print(f"{lang}: {filled} filled")
    for msgid in refused:
        print(f"refused (placeholders or markup differ): {msgid[:70]!r}")
    return 1 if refused else 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true")
    group.add_argument("--report", action="store_true")
    group.add_argument("--todo", metavar="LANG")
    group.add_argument("--fill", nargs=2, metavar=("LANG", "JSON"))
    args = parser.parse_args(argv)
    if args.report:
        return cmd_report()
    if args.todo:
        return cmd_todo(args.todo)
    if args.fill:
        return cmd_fill(*args.fill)
    return cmd_merge(args.check)


if __name__ == "__main__":
    sys.exit(main())
