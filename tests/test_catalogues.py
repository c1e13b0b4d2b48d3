"""Every language's catalogue holds every string the code marks for translation, placeholders kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from classroom_desktop.i18n import CATALOGUES, LANGUAGES, SOURCE_LANGUAGE

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "classroom_desktop"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def marked_strings() -> set[str | tuple[str, ...]]:
    """Every ``_("…")`` and ``N_("…")`` text, and every ``ngettext("…", "…", n)`` as (singular, plural)."""
    found = extract_from_dir(
        str(PACKAGE),
        method_map=[("**.py", "python")],
        keywords={"_": None, "N_": None, "ngettext": (1, 2)},
    )
    return {
        message if isinstance(message, str) else tuple(message)
        for _, _, message, _, _ in found
        if isinstance(message, str) or (isinstance(message, tuple) and all(message))
    }


def test_the_code_marks_strings_for_translation() -> None:
    assert {"Progress report", "How to read this report", "Page {page}"} <= marked_strings()


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE])
def test_each_catalogue_is_complete_and_keeps_the_placeholders(language: str) -> None:
    with open(CATALOGUES / f"{language}.po", "rb") as fh:
        catalog = read_po(fh, locale=language)
    translated = {
        m.id: m.string
        for m in catalog
        if m.id and m.string and not m.fuzzy and (isinstance(m.string, str) or all(m.string))
    }
    missing = sorted(marked_strings() - set(translated))
    assert missing == [], f"{language}.po lacks {len(missing)} strings, e.g. {missing[:3]}"
    for msgid, text in translated.items():
        for form in [text] if isinstance(text, str) else text:
            assert set(PLACEHOLDER.findall(str(msgid))) == set(PLACEHOLDER.findall(form)), msgid
    header = (CATALOGUES / f"{language}.po").read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert '"X-Translation-Review: needed' in header, "machine-made translations say they need review"
