"""Help ▸ Keyboard shortcuts (every shortcut the window has) and the File ▸ Print entries.

Each File ▸ Print entry opens the page that prints it and starts the same print its button does,
so printing needs neither the mouse nor a visit to the page first.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any, Protocol

from PySide6.QtWidgets import QMessageBox, QWidget

from classroom_desktop import APP_NAME, __version__
from classroom_desktop.i18n import N_, _

#: (keys, what they do); the keys are written as the keyboard shows them
SHORTCUTS_HELP: list[tuple[str, str]] = [
    (N_("Ctrl+1 … Ctrl+9"),
     N_("Today, Gradebook, Students, Groups, Data wall, Plans, Units, Standards, Settings")),
    (N_("Tab / Shift+Tab"), N_("Next / previous control; arrow keys move inside lists and tables")),
    (N_("Return or Space"), N_("Press the focused button")),
    ("Ctrl+Z", N_("Undo the last change")),
    (N_("Ctrl+Shift+Z or Ctrl+Y"), N_("Redo")),
    (N_("1 – 4 in the gradebook"), N_("Record that level for today in every selected cell")),
    (N_("Delete in the gradebook"), N_("Withdraw the latest evidence of the selected cells")),
    (N_("Ctrl+F in the gradebook"), N_("Search students")),
    (N_("Alt+S in the gradebook"), N_("Sort by the current cell's standard (again: the other way)")),
    (N_("Alt+→ / Alt+← on a group card"), N_("Move the chosen cards to the next / previous group")),
    (N_("Ctrl+M on a group card"), N_("Move the chosen cards to a group you pick from a menu")),
    (N_("Enter on the data wall"), N_("Open the student of the current cell")),
    (N_("Alt+↑ / Alt+↓ on a plan step"), N_("Move the step up / down the learning plan")),
    (N_("Alt+↑ / Alt+↓ on a standard"), N_("Move the standard up / down its strand")),
    ("Ctrl+P", N_("Print what this page prints (group cards, poster, learning plans)")),
    (N_("Ctrl+G on Today"), N_("Suggest groups")),
    (N_("Alt+letter"), N_("Open a menu, or go to the field of an underlined label")),
    ("Ctrl+N", N_("New class")),
    ("Ctrl+O", N_("Open a workspace")),
    ("Ctrl+Q", N_("Quit")),
]

#: File ▸ Print entry -> (page title, how that page prints it)
PRINTS: dict[str, tuple[str, Callable[[Any], None]]] = {
    "Group cards": ("Today", lambda page: page.ask_and_print("cards")),
    "Data-wall poster": ("Data wall", lambda page: page.ask_poster()),
    "Learning plans": ("Plans", lambda page: page.preview_class("plans")),
    "Student report": ("Plans", lambda page: page.preview_class("report")),
    "Data binder": ("Plans", lambda page: page.preview_class("binder")),
}


class _Window(Protocol):
    def show_page(self, title: str) -> QWidget: ...

    def add_print_action(self, text: str, callback: Callable[[], Any]) -> Any: ...


#: the page Ctrl+P prints from -> the File ▸ Print entry it runs (other pages: group cards)
PAGE_PRINTS = {"Data wall": "Data-wall poster", "Plans": "Learning plans", "Students": "Learning plans"}


def install_print_actions(window: _Window) -> None:
    """Make every File ▸ Print entry work: show its page, then print as its button does."""
    for text, (title, start) in PRINTS.items():

        def run(title: str = title, start: Callable[[Any], None] = start) -> None:
            start(window.show_page(title))

        window.add_print_action(text, run)


def print_this_page(window: Any) -> None:
    """Ctrl+P: print what the page in view prints (group cards from Today and Groups)."""
    title, start = PRINTS[PAGE_PRINTS.get(window.current_title, "Group cards")]
    if window.current_title == "Groups":
        title = "Groups"
    start(window.show_page(title))


def shortcuts_table() -> str:
    rows = "".join(
        f"<tr><td><b>{escape(_(keys))}</b>&nbsp;&nbsp;</td><td>{escape(_(what))}</td></tr>"
        for keys, what in SHORTCUTS_HELP
    )
    return f"<table>{rows}</table>"


def show_shortcuts(parent: QWidget) -> None:
    QMessageBox.information(parent, _("Keyboard shortcuts"), shortcuts_table())


def show_about(parent: QWidget) -> None:
    """The program's version, what it is for, its licence and the licences of the fonts it ships."""
    from classroom_desktop.resources import font_licences

    fonts = "".join(
        f"<li>{escape(files)}: "
        + (f'<a href="{path.as_uri()}">{escape(licence)}</a>' if path else escape(licence))
        + "</li>"
        for files, licence, path in font_licences()
    )
    about = _(
        "Personalized, competency-based learning for a teacher's laptop: mastery from evidence, "
        "readiness groups, learning plans and data walls; offline."
    )
    licence = _(
        "Free software under the GNU General Public License, version 3 or later. "
        "Fonts: SIL Open Font License 1.1 and Apache License 2.0."
    )
    QMessageBox.about(
        parent,
        _("About {name}").format(name=APP_NAME),
        f"<h3>{APP_NAME} {__version__}</h3><p>{escape(about)}</p><p>{escape(licence)}</p>"
        f"<p>{escape(_('Fonts shipped with the program:'))}</p><ul>{fonts}</ul>",
    )
