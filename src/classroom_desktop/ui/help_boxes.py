"""Help ▸ Keyboard shortcuts and Help ▸ About, in the program's language."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QMessageBox, QWidget

from classroom_desktop import APP_NAME, __version__
from classroom_desktop.i18n import _
from classroom_desktop.ui.window_pages import SHORTCUTS_HELP


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


def show_shortcuts(parent: QWidget) -> None:
    """The keyboard shortcuts, each said in the program's language."""
    rows = "".join(
        f"<tr><td><b>{escape(_(keys))}</b>&nbsp;&nbsp;</td><td>{escape(_(what))}</td></tr>"
        for keys, what in SHORTCUTS_HELP
    )
    QMessageBox.information(parent, _("Keyboard shortcuts"), f"<table>{rows}</table>")
