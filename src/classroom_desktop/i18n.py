"""The program's languages: one catalogue system (gettext PO files, read with Babel) for every layer.

Strings are marked ``_("…")`` where they are used (``_ = translator(lang).gettext``) or
``N_("…")`` where they are defined before a language is known; ``tests/test_catalogues.py``
extracts every marked string and fails when a catalogue misses one. The catalogues live in
``classroom_desktop/locale/<language>.po``; English is the source language and has none.
Dates and numbers are written the language's way with Babel's locale data.

Machine-made translations say so in their header (``X-Translation-Review``) until a native
speaker has read them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Babel loads when a date, a number or a catalogue is first written or read, not
    from babel import Locale  # before the window's first frame (bench/startup.py)

SOURCE_LANGUAGE = "en"
#: The languages the program speaks, by code, each named in itself.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "pt": "Português",
    "ar": "العربية",
}
#: The program's languages written right to left (tests/ui/test_language.py checks it against CLDR).
RIGHT_TO_LEFT = frozenset({"ar"})
CATALOGUES = Path(__file__).resolve().parent / "locale"


#: Where Letter paper is the norm (CLDR's paperSize data); everywhere else prints on A4.
LETTER_TERRITORIES = frozenset(
    {"US", "CA", "MX", "PH", "PR", "BZ", "CL", "CO", "CR", "GT", "NI", "PA", "SV", "VE"}
)


def default_paper(locale_name: str | None = None) -> str:
    """"Letter" or "A4": the paper a school in this locale's country prints on.

    ``locale_name`` is a POSIX locale ("en_US.UTF-8"); by default the one the system names for
    paper (``LC_PAPER``, then ``LC_ALL``/``LANG``). A locale without a country ("C") gets A4.
    """
    if locale_name is None:
        locale_name = next((os.environ[v] for v in ("LC_ALL", "LC_PAPER", "LANG") if os.environ.get(v)), "")
    name = locale_name
    territory = name.split(".")[0].split("@")[0].replace("-", "_").split("_")[1:2]
    return "Letter" if territory and territory[0].upper() in LETTER_TERRITORIES else "A4"


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Mark ``message`` for translation where it is defined; translate it where it is shown."""
    return message


def language_code(value: str | None) -> str | None:
    """The supported language a teacher's entry names ("es", "es_MX", "Spanish", "Español"), or None."""
    if not value or not value.strip():
        return None
    text = value.strip()
    code = text.replace("-", "_").split("_")[0].lower()
    if code in LANGUAGES:
        return code
    if code.split(".")[0].split("@")[0] in ("c", "posix"):
        return None  # the system's "no language" (LANG=C.UTF-8): no need to ask Babel
    from babel import Locale

    folded = text.casefold()
    for lang, native in LANGUAGES.items():
        english = Locale.parse(lang).get_display_name("en") or ""
        if folded in (native.casefold(), english.casefold()):
            return lang
    return None


@dataclass(frozen=True)
class Translator:
    """Strings, dates and numbers in one language."""

    language: str
    messages: dict[str, str] = field(default_factory=dict, repr=False)
    #: messages with a count: the singular text -> the language's forms, chosen by ``plural_form``
    plurals: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    plural_form: Callable[[int], int] = field(default=lambda n: int(n != 1), repr=False, compare=False)
    #: numbers already written out: a gradebook repaints the same few dozen values all the time,
    #: and babel takes ~50 µs for each (bench/secondary.py)
    _numbers: dict[tuple[float, int], str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def locale(self) -> Locale:
        from babel import Locale

        return Locale.parse(self.language)

    @property
    def date_locale(self) -> Locale:
        """Dates in English are written day first ("2 December 2026"), as schools outside the US do."""
        from babel import Locale

        return Locale.parse("en_GB" if self.language == "en" else self.language)

    @property
    def right_to_left(self) -> bool:
        if self.language in LANGUAGES:  # known without loading Babel's locale data before the window
            return self.language in RIGHT_TO_LEFT
        return self.locale.character_order == "right-to-left"

    def gettext(self, message: str) -> str:
        """``message`` in this language (the English text when the catalogue has none)."""
        return self.messages.get(message) or message

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The form of a message with a count that this language uses for ``count`` ("1 change",
        "2 changes"; Arabic has six forms). The caller fills in ``{count}``."""
        forms = self.plurals.get(singular)
        if forms:
            index = self.plural_form(count)
            if 0 <= index < len(forms) and forms[index]:
                return forms[index]
        return singular if count == 1 else plural

    def date(self, day: date | None) -> str:
        """A day as this language writes it in running text ("2 de diciembre de 2026"); "" for none."""
        from babel.dates import format_date

        return format_date(day, format="long", locale=self.date_locale) if day else ""

    def short_date(self, day: date | None) -> str:
        """A day in a table cell ("2 Dec 2026", "2 dic 2026"); "" for none."""
        from babel.dates import format_date

        return format_date(day, format="medium", locale=self.date_locale) if day else ""

    def number(self, value: float, decimals: int = 1) -> str:
        """``value`` with this language's decimal sign ("2,9" in Spanish)."""
        key = (value, decimals)
        found = self._numbers.get(key)
        if found is None:
            from babel.numbers import format_decimal

            if len(self._numbers) > 4096:
                self._numbers.clear()
            found = self._numbers[key] = format_decimal(
                value, format="0." + "0" * decimals if decimals else "0", locale=self.locale
            )
        return found

    def day_month(self, day: date) -> str:
        """A day of this school year, short, in a sentence ("3 Oct", "3 oct", "3 out")."""
        from babel.dates import format_skeleton

        return format_skeleton("MMMd", day, locale=self.date_locale)

    def isolate(self, text: str) -> str:
        """``text`` (a code such as "4.NBT.1", a name, the teacher's words) kept in its own direction
        inside a sentence of a right-to-left language, so "4.G.1" does not read "G.1.4"."""
        return f"\u2068{text}\u2069" if text and self.right_to_left else text

    def level(self, value: float) -> str:
        """A level or cut-off with only the decimals it needs ("3", "2,5" in Spanish)."""
        from babel.numbers import format_decimal

        return format_decimal(value, format="0.##", locale=self.locale)

    def mastery(self, value: float | None) -> str:
        """A mastery value as the window shows it: one decimal, rounded as mastery is decided ("2,9"); "–"."""
        from classroom_desktop.domain.mastery import shown

        return "–" if value is None else self.number(shown(value))


@cache
def translator(language: str | None = None) -> Translator:
    """The translator for ``language`` (any form :func:`language_code` reads); English otherwise."""
    code = language_code(language) or SOURCE_LANGUAGE
    path = CATALOGUES / f"{code}.po"
    if code == SOURCE_LANGUAGE or not path.exists():
        return Translator(code)
    with open(path, "rb") as fh:
        from babel.messages.pofile import read_po

        catalog = read_po(fh, locale=code)
    messages = {
        str(m.id): str(m.string) for m in catalog if isinstance(m.id, str) and m.string and not m.fuzzy
    }
    plurals = {
        str(m.id[0]): tuple(str(s) for s in m.string)
        for m in catalog
        if isinstance(m.id, tuple) and isinstance(m.string, tuple) and all(m.string) and not m.fuzzy
    }
    from gettext import c2py

    return Translator(code, messages, plurals, c2py(catalog.plural_expr))


# The program's own language: the window (and messages from the layers below it) speak the
# teacher's language; PDFs for families take theirs from ``translator(home_language)``.
_program_language: list[Translator] = []


def set_program_language(language: str | None) -> Translator:
    """Choose the language the program speaks (a code, a name, or None for English) and return it."""
    chosen = translator(language)
    _program_language[:] = [chosen]
    return chosen


def program_translator() -> Translator:
    """The translator for the program's language (English until :func:`set_program_language`)."""
    return _program_language[0] if _program_language else translator(SOURCE_LANGUAGE)


def _(message: str) -> str:
    """``message`` in the program's language: ``from classroom_desktop.i18n import _``."""
    return program_translator().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The program's language's form of a message with a count, to ``.format(count=…)``."""
    return program_translator().ngettext(singular, plural, count)


from classroom_desktop.domain.errors import translate_messages_with  # noqa: E402 (after _ exists)

translate_messages_with(_)  # the domain's errors speak the program's language too
