"""English is complete: every German string in the catalogue has its translation, none is a guess
(``fuzzy``), and the compiled ``.mo`` that a fresh clone uses says the same as the ``.po``."""

import ast
import gettext
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES"


def po_entries(path: Path) -> list[dict]:
    """A small reader for what ``makemessages`` writes: flags, msgid, msgid_plural and the msgstr forms."""
    entries, entry, field = [], {"flags": set()}, None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if "msgid" in entry:
                entries.append(entry)
            entry, field = {"flags": set()}, None
        elif line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            field, _, value = line.partition(" ")
            entry[field] = ast.literal_eval(value)
    return entries


def test_every_string_has_an_english_translation_that_is_no_guess():
    entries = [entry for entry in po_entries(LOCALE / "django.po") if entry["msgid"]]
    assert len(entries) > 500
    fuzzy = [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]]
    missing = [
        entry["msgid"]
        for entry in entries
        if not entry.get("msgstr") and not all(entry.get(f"msgstr[{n}]") for n in range(2))
    ]
    assert not fuzzy, f"translations marked fuzzy (check and remove the flag): {fuzzy}"
    assert not missing, f"strings without English: {missing}"


def test_the_compiled_catalogue_matches_the_translations():
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        entry["msgid"]
        for entry in po_entries(LOCALE / "django.po")
        if entry["msgid"] and "msgstr" in entry and compiled.gettext(entry["msgid"]) != entry["msgstr"]
    ]
    assert not stale, f"run compilemessages: {stale[:10]}"
