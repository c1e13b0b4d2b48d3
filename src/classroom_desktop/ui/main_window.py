"""The main window: sidebar of pages, class switcher, menus, status bar.

The window can be shown before any workspace is open (an empty shell paints the first frame
fast); :meth:`MainWindow.attach` then gives it an :class:`AppContext`. Pages are imported and
built the first time they are shown, so nothing heavy loads before the teacher needs it.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from classroom_desktop import APP_NAME, __version__
from classroom_desktop.ui.widgets import PlaceholderPage

if TYPE_CHECKING:
    from classroom_desktop.ui.context import AppContext

log = logging.getLogger(__name__)

#: (title, "module:Class" under classroom_desktop.ui.pages, what the page will hold)
PAGES: tuple[tuple[str, str, str], ...] = (
    (
        "Today",
        "today:TodayPage",
        "Who is ready for what today: readiness on the day's focus standard, "
        "suggested groups to adjust by drag and drop, and group cards to print.",
    ),
    (
        "Gradebook",
        "gradebook:GradebookPage",
        "Students × standards with each student's mastery; type a level to record evidence.",
    ),
    (
        "Students",
        "students:StudentsPage",
        "The roster with search, and each student's learner profile, evidence and mastery over time.",
    ),
    ("Groups", "groups:GroupsPage", "Lesson group plans: focus standards, groups, activities and members."),
    (
        "Data wall",
        "datawall:DataWallPage",
        "Class-wide mastery by standard, and data-wall posters to print "
        "(A4/Letter tiles or poster sizes, with an anonymous option).",
    ),
    (
        "Plans",
        "plans:PlansPage",
        "Each student's learning plan: the path through the standards, target dates, "
        "activities, goals and reflections, printed for the data binder.",
    ),
    (
        "Standards",
        "standards:StandardsPage",
        "Frameworks, strands and standards, prerequisites, and the "
        "class's proficiency scale and mastery method.",
    ),
    ("Settings", "settings:SettingsPage", "The workspace folder, backups and evidence kinds."),
)
TITLES: tuple[str, ...] = tuple(p[0] for p in PAGES)
#: The pages that are of use before the workspace has a class.
WITHOUT_A_CLASS = ("Standards", "Settings")
PRINT_PLACEHOLDERS = ("Group cards", "Data-wall poster", "Learning plans", "Student report", "Data binder")

SHORTCUTS_HELP = [
    ("Ctrl+1 … Ctrl+8", "Today, Gradebook, Students, Groups, Data wall, Plans, Standards, Settings"),
    ("Ctrl+Z", "Undo the last change"),
    ("Ctrl+Shift+Z or Ctrl+Y", "Redo"),
    ("1 – 4 in the gradebook", "Record that level for today in every selected cell"),
    ("Delete in the gradebook", "Withdraw the latest evidence of the selected cells"),
    ("Ctrl+F in the gradebook", "Search students"),
    ("Ctrl+N", "New class"),
    ("Ctrl+Q", "Quit"),
]


def initial_size(available: QSize) -> QSize | None:
    """The window's first size on a screen with this much room; None: open maximised.

    A 1366×768 school laptop (or anything up to 1440×900) gets the whole screen; larger screens
    get most of it, so every group on the Today board has room.
    """
    if available.width() <= 1440 or available.height() <= 900:
        return None
    return QSize(min(1700, available.width() * 9 // 10), min(1050, available.height() * 9 // 10))


class _FirstPaint(QObject):
    """Tells the window when its first frame has been painted."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            self._window.first_frame.emit()
        return False


class MainWindow(QMainWindow):
    """The window a teacher lives in. ``MainWindow(ctx)``, or ``MainWindow()`` then :meth:`attach`."""

    first_frame = Signal()
    page_created = Signal(str, object)  # title, page widget
    workspace_changed = Signal(object)  # the new AppContext

    def __init__(self, ctx: AppContext | None = None, settings: QSettings | None = None) -> None:
        super().__init__()
        self.ctx: AppContext | None = None
        self.settings = settings or QSettings()
        self.setWindowTitle(APP_NAME)
        self.resize(1200, 780)
        self._pages: dict[str, QWidget] = {}
        self._print_actions: dict[str, QAction] = {}
        self._build()
        self.installEventFilter(_FirstPaint(self))
        geometry = self.settings.value("window/geometry")
        self.remembered_geometry = geometry is not None
        if geometry is not None:
            self.restoreGeometry(geometry)  # type: ignore[arg-type]
        if ctx is not None:
            self.attach(ctx)

    def fit_screen(self) -> None:
        """The first time (no remembered size): maximised on a laptop screen, most of a big one."""
        if self.remembered_geometry:
            return
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        size = initial_size(screen.availableGeometry().size())
        if size is None:
            self.setWindowState(Qt.WindowState.WindowMaximized)
        else:
            self.resize(size)

    # ---- building ----------------------------------------------------------------------
    def _build(self) -> None:
        self.sidebar = QListWidget()
        self.sidebar.addItems(list(TITLES))
        self.sidebar.setFixedWidth(150)
        self.sidebar.setAccessibleName("Pages")
        self.sidebar.setEnabled(False)  # until a workspace is open
        self.stack = QStackedWidget()
        self._loading = PlaceholderPage(APP_NAME, "Opening your class…")
        self.stack.addWidget(self._loading)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.sidebar)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.sidebar.currentRowChanged.connect(self._row_changed)

        bar = QToolBar("Class")
        bar.setObjectName("classbar")
        bar.setMovable(False)
        bar.addWidget(QLabel(" Class: "))
        self.class_box = QComboBox()
        self.class_box.setMinimumContentsLength(24)
        self.class_box.setAccessibleName("Class")
        self.class_box.currentIndexChanged.connect(self._class_picked)
        bar.addWidget(self.class_box)
        self.addToolBar(bar)

        self.save_label = QLabel("")
        self.sync_label = QLabel("")
        self.statusBar().addPermanentWidget(self.sync_label)
        self.statusBar().addPermanentWidget(self.save_label)
        self._build_menus()

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file = menu.addMenu("&File")
        self._act(file, "&New class…", self.new_class, QKeySequence.StandardKey.New)
        self._act(file, "&Open workspace…", self.choose_workspace, QKeySequence.StandardKey.Open)
        self._act(file, "Make a &backup now", self.make_backup)
        self.print_menu = QMenu("&Print", self)
        file.addMenu(self.print_menu)
        for text in PRINT_PLACEHOLDERS:
            action = self.print_menu.addAction(text)
            action.setEnabled(False)
            action.setToolTip("Comes with the page that prints it")
            self._print_actions[text] = action
        self._act(file, "&Export gradebook…", self.export_gradebook)
        file.addSeparator()
        self._act(file, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        self.edit_menu = menu.addMenu("&Edit")
        self.undo_action: QAction | None = None
        self.redo_action: QAction | None = None

        view = menu.addMenu("&View")
        self.page_actions: list[QAction] = []
        for i, title in enumerate(TITLES):
            action = self._act(view, title, lambda _=False, t=title: self.show_page(t), f"Ctrl+{i + 1}")
            self.page_actions.append(action)

        help_menu = menu.addMenu("&Help")
        self._act(help_menu, "&Keyboard shortcuts", self.show_shortcuts)
        self._act(help_menu, f"&About {APP_NAME}", self.show_about)

    def _act(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[..., Any],
        shortcut: QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = menu.addAction(text)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    # ---- the workspace -----------------------------------------------------------------
    def attach(self, ctx: AppContext) -> None:
        """Show the workspace open in ``ctx`` (replacing any other, whose pages are dropped)."""
        old = self.ctx
        if old is not None:
            old.class_changed.disconnect(self._class_changed)
            old.changed.disconnect(self._on_changes)
            old.status.disconnect(self._on_status)
        for page in self._pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self._pages.clear()
        self.ctx = ctx
        ctx.window = self
        ctx.class_changed.connect(self._class_changed)
        ctx.changed.connect(self._on_changes)
        ctx.status.connect(self._on_status)
        self._install_undo(ctx)
        self.setWindowTitle(f"{APP_NAME} — {ctx.classroom.folder}")
        self.save_label.setText("All changes saved")
        self._fill_classes(prefer=str(self.settings.value("window/class", "") or ""))
        remembered = str(self.settings.value("window/page", "") or "")
        self.show_page(remembered if remembered in TITLES else "Gradebook")
        from classroom_desktop.ui import sync_panel

        sync_panel.install(self, ctx)
        self.workspace_changed.emit(ctx)

    def _install_undo(self, ctx: AppContext) -> None:
        for action in (self.undo_action, self.redo_action):
            if action is not None:
                self.edit_menu.removeAction(action)
                action.deleteLater()
        self.undo_action = ctx.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.redo_action = ctx.undo_stack.createRedoAction(self, "&Redo")
        redo = [
            QKeySequence(QKeySequence.StandardKey.Redo),
            QKeySequence("Ctrl+Shift+Z"),
            QKeySequence("Ctrl+Y"),
        ]
        unique = list({k.toString(): k for k in redo if not k.isEmpty()}.values())
        self.redo_action.setShortcuts(unique)
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)

    def _fill_classes(self, prefer: str = "") -> None:
        assert self.ctx is not None
        classes = self.ctx.classroom.classes.list()
        current = prefer or self.ctx.current_class_id or ""
        self.class_box.blockSignals(True)
        self.class_box.clear()
        for c in classes:
            label = f"{c.name} ({c.school_year})" if c.school_year else c.name
            self.class_box.addItem(label, c.id)
        if not classes:
            self.class_box.addItem("No class yet — File ▸ New class…", None)
        index = max(0, self.class_box.findData(current)) if classes else 0
        self.class_box.setCurrentIndex(index)
        self.class_box.blockSignals(False)
        self._enable_pages(bool(classes))
        self.ctx.set_class(self.class_box.currentData())

    def _enable_pages(self, has_class: bool) -> None:
        """Pages about a class can be opened only when there is one; Standards and Settings always."""
        self.sidebar.setEnabled(True)
        for row, title in enumerate(TITLES):
            usable = has_class or title in WITHOUT_A_CLASS
            item = self.sidebar.item(row)
            flags = item.flags()
            enabled = Qt.ItemFlag.ItemIsEnabled
            item.setFlags(flags | enabled if usable else flags & ~enabled)
            item.setToolTip("" if usable else "Make a class first: File ▸ New class…")
            self.page_actions[row].setEnabled(usable)

    def _class_picked(self, _index: int) -> None:
        if self.ctx is not None:
            self.ctx.set_class(self.class_box.currentData())

    def _class_changed(self, class_id: object) -> None:
        index = self.class_box.findData(class_id)
        if index >= 0 and index != self.class_box.currentIndex():
            self.class_box.blockSignals(True)
            self.class_box.setCurrentIndex(index)
            self.class_box.blockSignals(False)
        if class_id:
            self.settings.setValue("window/class", class_id)

    def _on_changes(self, changes: Any) -> None:
        if changes.concerns("school_class", "enrolment"):
            self._fill_classes()
        self.save_label.setText("All changes saved")

    def _on_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 10_000)

    def set_sync_state(self, text: str) -> None:
        """Show the shared-folder sync state in the status bar (used by the sync panel)."""
        self.sync_label.setText(text)

    def set_loading(self, text: str) -> None:
        """The message shown while no workspace is open yet."""
        self._loading.message.setText(text)

    @property
    def loading_page(self) -> PlaceholderPage:
        """The page shown while no workspace is open yet (a progress bar goes on it meanwhile)."""
        return self._loading

    # ---- pages -------------------------------------------------------------------------
    @property
    def current_title(self) -> str:
        row = self.sidebar.currentRow()
        return TITLES[row] if 0 <= row < len(TITLES) else ""

    def show_page(self, title: str) -> QWidget:
        """Show the page called ``title``, building it first if needed, and return it."""
        row = TITLES.index(title)
        if self.sidebar.currentRow() != row:
            self.sidebar.setCurrentRow(row)  # calls _row_changed
        elif self.ctx is not None:
            self.stack.setCurrentWidget(self.page(title))
        return self._pages.get(title, self._loading)

    def _row_changed(self, row: int) -> None:
        if self.ctx is None or not 0 <= row < len(TITLES):
            return
        title = TITLES[row]
        self.statusBar().clearMessage()  # a message about one page must not follow the teacher
        self.stack.setCurrentWidget(self.page(title))
        self.settings.setValue("window/page", title)

    def page(self, title: str) -> QWidget:
        """The page called ``title``, built (but not shown) if it was not yet."""
        if title not in self._pages:
            widget = self._make_page(title)
            self._pages[title] = widget
            self.stack.addWidget(widget)
            self.page_created.emit(title, widget)
        return self._pages[title]

    def _make_page(self, title: str) -> QWidget:
        assert self.ctx is not None
        _, target, description = PAGES[TITLES.index(title)]
        module_name, class_name = target.split(":")
        full = f"classroom_desktop.ui.pages.{module_name}"
        try:
            cls = getattr(importlib.import_module(full), class_name)
        except ModuleNotFoundError as exc:
            if exc.name != full:
                raise
            return PlaceholderPage(title, f"This page will hold: {description}")
        except (ImportError, AttributeError):  # a page still being written
            log.exception("the %s page could not be loaded", title)
            return PlaceholderPage(title, f"This page will hold: {description}")
        widget: QWidget = cls(self.ctx)
        return widget

    # ---- printing ----------------------------------------------------------------------
    def add_print_action(self, text: str, callback: Callable[[], Any]) -> QAction:
        """Add (or enable the placeholder of) a File ▸ Print entry that runs ``callback``."""
        action = self._print_actions.get(text)
        if action is None:
            action = self.print_menu.addAction(text)
            self._print_actions[text] = action
        else:
            try:
                action.triggered.disconnect()
            except (RuntimeError, TypeError):
                pass
        action.setEnabled(True)
        action.setToolTip("")
        action.triggered.connect(lambda _=False: callback())
        return action

    # ---- file menu ---------------------------------------------------------------------
    def new_class(self) -> None:
        if self.ctx is None:
            return
        from classroom_desktop.ui.first_run import NewClassDialog, create_class

        frameworks = self.ctx.classroom.curriculum.frameworks()
        dialog = NewClassDialog([(f.name, f.id) for f in frameworks], self)
        if dialog.exec():
            ctx = self.ctx
            class_id = ctx.guard(lambda: create_class(ctx.classroom, dialog.choice()))
            if class_id:
                self._fill_classes(prefer=class_id)

    def choose_workspace(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open a class workspace folder")
        if folder:
            self.open_workspace(Path(folder))

    def open_workspace(self, folder: Path) -> None:
        """Close the open workspace and open the one in ``folder`` (it must hold a class file)."""
        from classroom_desktop.services.workspace import remember_workspace
        from classroom_desktop.ui.context import AppContext
        from classroom_desktop.ui.damaged import open_or_offer_restore

        old = self.ctx
        if old is not None and Path(folder).resolve() == old.classroom.folder.resolve():
            return  # already open here (a second open would wait for this window's own lock)
        guard = old.guard if old is not None else (lambda fn: fn())
        classroom = guard(lambda: open_or_offer_restore(self, folder, create=False))
        if classroom is None:
            return
        if old is not None:
            old.detach()
            old.classroom.close()
        remember_workspace(folder)
        self.attach(AppContext(classroom))

    def restore_backup(self, backup_path: Path) -> bool:
        """Close the classroom, put ``backup_path`` in its place, and open it again. True if restored."""
        assert self.ctx is not None
        from classroom_desktop.domain.errors import UserError
        from classroom_desktop.services.classroom import Classroom
        from classroom_desktop.ui.context import AppContext

        old = self.ctx
        folder = old.classroom.folder
        old.detach()
        error: Exception | None = None
        try:
            old.classroom.restore(backup_path)
        except UserError as exc:
            error = exc
        new_ctx = AppContext(Classroom.open(folder))
        self.attach(new_ctx)
        if error is not None:
            new_ctx.show_error(error)
            return False
        new_ctx.status.emit(f"Restored the backup {backup_path.name}.")
        return True

    def export_gradebook(self) -> None:
        """File ▸ Export gradebook…: the Gradebook page asks where and how, and saves it."""
        if self.ctx is None:
            return
        page = self.show_page("Gradebook")
        if hasattr(page, "ask_export"):
            page.ask_export()

    def make_backup(self) -> None:
        if self.ctx is None:
            return
        ctx = self.ctx
        path = ctx.guard(ctx.classroom.make_backup)
        if path is not None:
            ctx.status.emit(f"Backup made: {path.name}")
            if "Settings" in self._pages:
                page = self._pages["Settings"]
                if hasattr(page, "refresh"):
                    page.refresh()

    # ---- help --------------------------------------------------------------------------
    def show_about(self) -> None:
        from html import escape

        from classroom_desktop.resources import font_licences

        fonts = "".join(
            f"<li>{escape(files)}: "
            + (f'<a href="{path.as_uri()}">{escape(licence)}</a>' if path else escape(licence))
            + "</li>"
            for files, licence, path in font_licences()
        )
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3><p>Personalized, competency-based learning for a teacher's "
            "laptop: mastery from evidence, readiness groups, learning plans and data walls; offline.</p>"
            "<p>Free software under the GNU General Public License, version 3 or later. Fonts: SIL Open Font "
            f"License 1.1 and Apache License 2.0.</p><p>Fonts shipped with the program:</p><ul>{fonts}</ul>",
        )

    def show_shortcuts(self) -> None:
        rows = "".join(f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{v}</td></tr>" for k, v in SHORTCUTS_HELP)
        QMessageBox.information(self, "Keyboard shortcuts", f"<table>{rows}</table>")

    # ---- closing -----------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        self.settings.setValue("window/geometry", self.saveGeometry())
        if self.current_title:
            self.settings.setValue("window/page", self.current_title)
        self.settings.sync()
        super().closeEvent(event)
