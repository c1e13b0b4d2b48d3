"""What the window lists: its pages (in sidebar order), the File ▸ Print entries, and its shortcuts.

Titles are the pages' names in code and in the window's remembered state (English); the window
shows each through ``_()`` in the teacher's language. A page is imported and built the first time it
is shown (:func:`make_page`); until a workspace is open the window shows the :class:`LoadingPage`.

The loading page is part of the first frame, so it touches no ``Qt.*`` enumeration: PySide6 builds
the Python types of all ~90 of them the first time one is used, which costs about a tenth of a bare
window's whole start (bench/startup.py). What needs them waits for :meth:`LoadingPage.settle`.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from classroom_desktop.i18n import N_, _

if TYPE_CHECKING:
    from classroom_desktop.ui.context import AppContext

log = logging.getLogger(__name__)

#: (title, "module:Class" under classroom_desktop.ui.pages, what the page will hold)
PAGES: tuple[tuple[str, str, str], ...] = (
    (
        N_("Today"),
        "today:TodayPage",
        N_(
            "Who is ready for what today: readiness on the day's focus standard, "
            "suggested groups to adjust by drag and drop, and group cards to print."
        ),
    ),
    (
        N_("Gradebook"),
        "gradebook:GradebookPage",
        N_("Students × standards with each student's mastery; type a level to record evidence."),
    ),
    (
        N_("Students"),
        "students:StudentsPage",
        N_("The roster with search, and each student's learner profile, evidence and mastery over time."),
    ),
    (
        N_("Groups"),
        "groups:GroupsPage",
        N_("Lesson group plans: focus standards, groups, activities and members."),
    ),
    (
        N_("Data wall"),
        "datawall:DataWallPage",
        N_(
            "Class-wide mastery by standard, and data-wall posters to print "
            "(A4/Letter tiles or poster sizes, with an anonymous option)."
        ),
    ),
    (
        N_("Plans"),
        "plans:PlansPage",
        N_(
            "Each student's learning plan: the path through the standards, target dates, "
            "activities, goals and reflections, printed for the data binder."
        ),
    ),
    (
        N_("Units"),
        "units:UnitsPage",
        N_(
            "Unit-long problems: a driving problem, an end task and the skills it needs, with each "
            "student's and group's progress toward the end task."
        ),
    ),
    (
        N_("Standards"),
        "standards:StandardsPage",
        N_(
            "Frameworks, strands and standards, prerequisites, and the "
            "class's proficiency scale and mastery method."
        ),
    ),
    (N_("Settings"), "settings:SettingsPage", N_("The workspace folder, backups and evidence kinds.")),
)
TITLES: tuple[str, ...] = tuple(p[0] for p in PAGES)
#: The pages that are of use before the workspace has a class.
WITHOUT_A_CLASS = ("Standards", "Settings")
PRINT_PLACEHOLDERS = (
    N_("Group cards"),
    N_("Data-wall poster"),
    N_("Learning plans"),
    N_("Student report"),
    N_("Data binder"),
)


def make_page(ctx: AppContext, entry: tuple[str, str, str]) -> QWidget:
    """Import the page of ``entry`` (a row of :data:`PAGES`) and build it.

    If it cannot be, a placeholder saying what the page will hold.
    """
    from classroom_desktop.ui.widgets import PlaceholderPage

    title, target, description = entry
    module_name, class_name = target.split(":")
    full = f"classroom_desktop.ui.pages.{module_name}"
    try:
        cls = getattr(importlib.import_module(full), class_name)
    except ModuleNotFoundError as exc:
        if exc.name != full:
            raise
        return PlaceholderPage(_(title), _("This page will hold: {what}").format(what=_(description)))
    except (ImportError, AttributeError):  # a page still being written
        log.exception("the %s page could not be loaded", title)
        return PlaceholderPage(_(title), _("This page will hold: {what}").format(what=_(description)))
    widget: QWidget = cls(ctx)
    return widget


class LoadingPage(QWidget):
    """The program's name and a message ("Opening your class…"); a progress bar may go under it."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 40, 40, 40)
        heading = QLabel(title)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        heading.setFont(font)
        self.message = QLabel(text)
        self.message.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def settle(self) -> None:
        """After the first frame: the message can be selected and copied, like every placeholder's."""
        from PySide6.QtCore import Qt

        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
