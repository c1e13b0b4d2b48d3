"""The window's language: chosen in Settings (the system's by default), applied before any window is built.

The choice is kept in the laptop's own settings (``QSettings``, key :data:`LANGUAGE_KEY`), not in
the class workspace: two teachers sharing a class through sync can each work in their own language.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from PySide6.QtCore import QDate, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication, QComboBox, QDateEdit, QLabel, QVBoxLayout, QWidget

from classroom_desktop.i18n import (
    LANGUAGES,
    N_,
    SOURCE_LANGUAGE,
    Translator,
    _,
    language_code,
    program_translator,
    set_program_language,
    translator,
)

#: Where the laptop keeps the teacher's choice ("" or missing: follow the system).
LANGUAGE_KEY = "program/language"
#: The Qt locale that writes dates and digits as :mod:`classroom_desktop.i18n` does (Latin digits in
#: Arabic, as Babel's ``ar`` locale writes them in the PDFs).
QT_LOCALES = {"en": "en_GB", "es": "es_ES", "fr": "fr_FR", "pt": "pt_PT", "ar": "ar_TN"}
#: Qt's own catalogue for each language (the words on standard buttons and dialogs: OK, Cancel, Yes…);
#: Qt ships Portuguese as spoken in Brazil only, which is close enough for a button.
QT_CATALOGUES = {
    "es": ("qtbase_es",),
    "fr": ("qtbase_fr",),
    "pt": ("qtbase_pt", "qtbase_pt_BR"),
    "ar": ("qtbase_ar",),
}
_qt_translators: list[QTranslator] = []


def system_language(environ: Mapping[str, str] | None = None) -> str:
    """The supported language the computer is set to (LC_ALL, LC_MESSAGES, LANG, then Qt's); else English."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if env.get(var):
            return language_code(env[var]) or SOURCE_LANGUAGE
    for name in QLocale.system().uiLanguages():
        code = language_code(name)
        if code:
            return code
    return SOURCE_LANGUAGE


def chosen_language(settings: QSettings | None = None) -> str:
    """The language the teacher chose on this laptop, or the system's when none was chosen."""
    value = str((settings or QSettings()).value(LANGUAGE_KEY, "") or "")
    return language_code(value) or system_language()


def remember_language(settings: QSettings, language: str) -> None:
    """Keep ``language`` (a code of :data:`LANGUAGES`) as this laptop's choice for the next start."""
    if language not in LANGUAGES:
        raise ValueError(f"not a language of the program: {language!r}")
    settings.setValue(LANGUAGE_KEY, language)
    settings.sync()


def window_locale(language: str) -> QLocale:
    """The Qt locale for ``language``: month names, digits and the decimal sign of its dates and numbers."""
    return QLocale(QT_LOCALES.get(language, "en_GB"))


def apply_language(app: QApplication, language: str | None) -> Translator:
    """Make the program speak ``language``: the catalogue, Qt's locale, and right to left for Arabic.

    Call it before any window is built: widgets take the layout direction they are made with.
    """
    chosen = set_program_language(language)
    QLocale.setDefault(window_locale(chosen.language))
    install_qt_catalogue(app, chosen.language)
    if chosen.right_to_left or app.isRightToLeft():  # left to right is Qt's default: no Qt.* at start
        from PySide6.QtCore import Qt

        app.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if chosen.right_to_left else Qt.LayoutDirection.LeftToRight
        )
    return chosen


def install_qt_catalogue(app: QApplication, language: str) -> bool:
    """Let Qt's own buttons and dialogs (OK, Cancel, Yes, No, the file dialog) speak ``language``.

    Returns False when the catalogue is not there (English, or a bundle without Qt's translations):
    those words then stay in English, and nothing else changes.
    """
    for old in _qt_translators:
        app.removeTranslator(old)
    _qt_translators.clear()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in QT_CATALOGUES.get(language, ()):
        qt = QTranslator(app)
        if qt.load(name, folder):
            app.installTranslator(qt)
            _qt_translators.append(qt)
            return True
    return False


def qt_date_format(language: str | None = None) -> str:
    """The window's one date format, as a Qt display format: the PDFs' short date ("2 dic 2026")."""
    from babel.dates import get_date_format

    translator = program_translator() if language is None else Translator(language)
    pattern = str(get_date_format("medium", locale=translator.date_locale).pattern)
    out, quoted, i = [], False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "'":
            quoted = not quoted
            out.append(char)
        elif char == "y" and not quoted:
            while i + 1 < len(pattern) and pattern[i + 1] == "y":
                i += 1
            out.append("yyyy")
        else:
            out.append(char)
        i += 1
    return "".join(out)


def date_edit(day: QDate | None = None) -> QDateEdit:
    """A date box that shows days in the program's language and format, with a calendar to pick from."""
    box = QDateEdit(day) if day is not None else QDateEdit()
    box.setLocale(window_locale(program_translator().language))
    shown = qt_date_format()
    if program_translator().right_to_left:
        # Qt orders the sections right to left itself; CLDR's marks would turn them back. Without
        # them the box shows what the PDFs and the tables show ("2026/11/20", read right to left).
        shown = shown.replace("\u200f", "").replace("\u200e", "")
    box.setDisplayFormat(shown)
    box.setCalendarPopup(True)
    return box


class LanguageBox(QWidget):
    """Settings ▸ Language: the window's language on this laptop, used from the next start."""

    def __init__(self, settings: QSettings) -> None:
        super().__init__()
        self.settings = settings
        self.choice = QComboBox()
        self.choice.setAccessibleName(_("Language of the program"))
        for code, name in LANGUAGES.items():
            self.choice.addItem(name, code)
        self.choice.setCurrentIndex(max(0, self.choice.findData(chosen_language(settings))))
        self.note = QLabel("")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.choice)
        layout.addWidget(self.note)
        self.choice.currentIndexChanged.connect(self._picked)

    def _picked(self, _index: int) -> None:
        code = str(self.choice.currentData())
        remember_language(self.settings, code)
        if code == program_translator().language:
            self.note.setText("")
            return
        # Said in the chosen language too: the teacher who picked it may not read the current one.
        message = N_("The program will speak {language} when you reopen Classroom Desktop.")
        lines = [_(message), translator(code).gettext(message)]
        self.note.setText("\n".join(dict.fromkeys(line.format(language=LANGUAGES[code]) for line in lines)))
