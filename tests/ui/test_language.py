"""The window speaks the teacher's language: chosen in Settings (the system's by default), right to left in
Arabic, with the locale's dates and decimal sign."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtWidgets import QApplication

from classroom_desktop.i18n import program_translator, set_program_language
from classroom_desktop.ui.language import (
    LANGUAGE_KEY,
    apply_language,
    chosen_language,
    qt_date_format,
    system_language,
)


@pytest.fixture
def speak(qapp: QApplication) -> Iterator[Callable[[str], None]]:
    """Switch the program to a language as start-up does; English and Qt's locale come back afterwards."""
    before = QLocale()

    def switch(language: str) -> None:
        apply_language(qapp, language)

    yield switch
    set_program_language(None)
    QLocale.setDefault(before)
    qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


@pytest.fixture
def open_window(ctx: Any, qtbot: Any, settings_file: Path) -> Callable[[], Any]:
    """Build the main window on the demo class (after the language is chosen, as start-up does)."""

    def build() -> Any:
        from classroom_desktop.ui.main_window import MainWindow

        win = MainWindow(ctx, settings=QSettings(str(settings_file), QSettings.Format.IniFormat))
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        return win

    return build


def _menus(window: Any) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def _sidebar(window: Any) -> list[str]:
    return [window.sidebar.item(row).text() for row in range(window.sidebar.count())]


def test_the_arabic_window_reads_right_to_left_in_arabic(speak: Any, open_window: Any) -> None:
    speak("ar")
    window = open_window()
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.sidebar.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert _menus(window) == ["&ملف", "&تحرير", "&عرض", "&مساعدة"]
    assert _sidebar(window)[:2] == ["اليوم", "سجل الدرجات"]
    gradebook = window.show_page("Gradebook")
    assert gradebook.search.placeholderText() == "البحث عن طلاب (Ctrl+F)"
    assert window.current_title == "Gradebook"  # the pages keep their names in code and in the saved state


def test_the_spanish_window_shows_spanish_menus_and_pages(speak: Any, open_window: Any) -> None:
    speak("es")
    window = open_window()
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert _menus(window) == ["&Archivo", "&Editar", "&Ver", "A&yuda"]
    assert _sidebar(window) == [
        "Hoy", "Cuaderno de notas", "Estudiantes", "Grupos",
        "Muro de datos", "Planes", "Unidades", "Estándares", "Ajustes",
    ]
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Ver")
    assert [a.text() for a in view.actions()][:2] == ["Hoy", "Cuaderno de notas"]
    today = window.show_page("Today")
    assert today.suggest_button.text() == "Sugerir grupos"
    assert "Necesita bases" in [head.text().split("</b>")[0].removeprefix("<b>") for head in
                                today.readiness_heads.values()]


def test_the_english_window_is_unchanged(open_window: Any) -> None:
    window = open_window()
    assert _menus(window) == ["&File", "&Edit", "&View", "&Help"]
    assert _sidebar(window)[0] == "Today"


def test_the_language_chosen_in_settings_is_kept_for_the_next_start(
    open_window: Any, settings_file: Path
) -> None:
    window = open_window()
    box = window.show_page("Settings").language_box
    assert box.choice.currentData() == "en"  # the system's (C.UTF-8 in the tests: English)
    box.choice.setCurrentIndex(box.choice.findData("fr"))
    # said in the window's language and in the chosen one, since the teacher may only read the latter
    assert "reopen Classroom Desktop" in box.note.text() and "rouvrirez Classroom Desktop" in box.note.text()
    assert program_translator().language == "en"  # takes effect at the next start, not half-way
    again = QSettings(str(settings_file), QSettings.Format.IniFormat)
    assert again.value(LANGUAGE_KEY) == "fr"
    assert chosen_language(again) == "fr"
    box.choice.setCurrentIndex(box.choice.findData("en"))
    assert box.note.text() == ""


def test_without_a_choice_the_system_language_is_used(tmp_path: Path, monkeypatch: Any) -> None:
    assert system_language({"LANG": "es_MX.UTF-8"}) == "es"
    assert system_language({"LANG": "pt_BR.UTF-8", "LC_MESSAGES": "fr_FR.UTF-8"}) == "fr"
    assert system_language({"LC_ALL": "ar_EG.UTF-8", "LANG": "es_ES.UTF-8"}) == "ar"
    assert system_language({"LANG": "de_DE.UTF-8"}) == "en"  # not a language of the program
    assert system_language({"LANG": "C.UTF-8"}) == "en"
    monkeypatch.setenv("LANG", "pt_PT.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    empty = QSettings(str(tmp_path / "none.ini"), QSettings.Format.IniFormat)
    assert chosen_language(empty) == "pt"


def test_the_date_box_and_the_gradebook_write_dates_the_locale_way(
    speak: Any, open_window: Any, today: date
) -> None:
    assert today == date(2026, 11, 20)
    speak("es")
    window = open_window()
    page = window.show_page("Today")
    assert qt_date_format() == "d MMM yyyy"
    assert page.plan_date.text() == "20 nov 2026"
    gradebook = window.show_page("Gradebook")
    gradebook.view.setCurrentIndex(gradebook.model.index(0, 0))
    history = gradebook.panel.history
    shown = [history.item(row, 0).text() for row in range(history.rowCount())]
    assert shown and all(text.endswith(" 2026") and "-" not in text for text in shown)
    assert shown[0] == program_translator().short_date(gradebook.panel.items[0].observed_on)
    assert gradebook.panel.date_edit.text() == shown[0]


def test_arabic_dates_are_numeric_with_latin_digits(speak: Any, open_window: Any) -> None:
    speak("ar")
    window = open_window()
    box = window.show_page("Today").plan_date
    assert qt_date_format() == "dd\u200f/MM\u200f/yyyy"  # the PDFs' Arabic date, Latin digits
    # Qt lays the sections out right to left itself: read from the right, the box says 20/11/2026,
    # drawn as "2026/11/20" like the same date in the tables (CLDR's marks do that there).
    assert box.displayFormat() == "dd/MM/yyyy"
    assert box.text() == "2026/11/20"


def test_mastery_shows_the_locale_decimal_sign_and_typing_a_level_still_records(
    speak: Any, open_window: Any, ctx: Any
) -> None:
    speak("es")
    window = open_window()
    page = window.show_page("Gradebook")
    texts = [page.model.index(r, c).data() for r in range(page.model.rowCount()) for c in range(3)]
    values = [t for t in texts if t != "–"]
    assert values and all("," in t and "." not in t for t in values)
    page.view.setCurrentIndex(page.model.index(0, 0))
    page.view.selectionModel().clearSelection()
    key = page.selected_keys()[0]
    before = len(ctx.classroom.evidence.history(*key))
    page.type_level(2)
    assert len(ctx.classroom.evidence.history(*key)) == before + 1
    assert page.model.index(0, 0).data().count(",") == 1


def test_backups_are_listed_with_the_window_date_format(speak: Any, open_window: Any) -> None:
    speak("fr")
    window = open_window()
    page = window.show_page("Settings")
    page.make_backup()
    newest = page.backups.topLevelItem(0)
    made = window.ctx.classroom.backups()[0].made_at
    assert newest.text(0).startswith(program_translator().short_date(made.date()))
    assert newest.text(1) == "faite par vous" and newest.text(3) == "vérifiée, bonne"


def test_the_right_to_left_languages_are_those_cldr_says() -> None:
    from babel import Locale

    from classroom_desktop.i18n import LANGUAGES, RIGHT_TO_LEFT, translator

    for code in LANGUAGES:
        cldr = Locale.parse(code).character_order == "right-to-left"
        assert (code in RIGHT_TO_LEFT) == cldr == translator(code).right_to_left, code
