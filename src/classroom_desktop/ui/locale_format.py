"""Dates and mastery values as the program's language writes them, for the pages' tables and labels."""

from __future__ import annotations

import re
from datetime import date

from babel.dates import get_date_format
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QAbstractSpinBox, QDateEdit

from classroom_desktop.domain import mastery
from classroom_desktop.i18n import program_translator

#: The Qt locale whose month names and digits match the dates Babel writes for each language
#: (Arabic dates are written with the digits 0-9, as Tunisia's locale does).
_QT_LOCALES = {"en": "en_GB", "ar": "ar_TN"}


def short_day(day: date | None) -> str:
    """A day in a table cell in the program's language ("20 Nov 2026", "20 nov 2026"); "" for none."""
    return program_translator().short_date(day)


def long_day(day: date | None) -> str:
    """A day in running text in the program's language ("20 de noviembre de 2026"); "" for none."""
    return program_translator().date(day)


def mastery_text(value: float | None) -> str:
    """A mastery value with one decimal and the language's sign ("3,5"); "–" for none."""
    if value is None:
        return mastery.display(None)
    return program_translator().number(float(mastery.display(value)), 1)


def level_text(value: float | None) -> str:
    """An evidence level: whole levels without decimals ("3"), others with the language's sign ("2,5")."""
    if value is None:
        return mastery.display(None)
    shown = float(mastery.display(value))
    return program_translator().number(shown, 0 if shown.is_integer() else 1)


def localize_date_edit(edit: QDateEdit) -> None:
    """Make a date box show its day as the tables do in the program's language ("20 nov 2026")."""
    translator = program_translator()
    pattern = get_date_format("medium", locale=translator.date_locale).pattern
    pattern = re.sub("y+", "yyyy", pattern.replace("\u200f", ""))
    edit.setLocale(QLocale(_QT_LOCALES.get(translator.language, translator.language)))
    edit.setDisplayFormat(pattern)


def isolated(text: str) -> str:
    """Text from the class's data (a code, a statement, a note) kept in its own direction on a right-to-left
    page: "4.NBT.1 I can…" stays "4.NBT.1 I can…" in an Arabic table instead of "NBT.1 I can…4." (Unicode
    first-strong isolate). Left-to-right pages get the text as it is."""
    if not text or not program_translator().right_to_left:
        return text
    return "\u2068" + text + "\u2069"


def localize_number_box(box: QAbstractSpinBox) -> None:
    """Make a number box show and read decimals with the program language's sign ("0,65" in Spanish);
    English and Arabic write a point, as the tables do."""
    language = program_translator().language
    locale = QLocale.c() if language in ("en", "ar") else QLocale(language)
    locale.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)
    box.setLocale(locale)
