"""The main window: sidebar of pages, class switcher, menus, status bar.

The window can be shown before any workspace is open (an empty shell paints the first frame
fast); :meth:`MainWindow.attach` then gives it an :class:`AppContext`. Pages are imported and
built the first time they are shown, so nothing heavy loads before the teacher needs it.

The first frame uses no ``Qt.*`` enumeration (PySide6 makes the Python types of all of them the
first time one is touched: a tenth of a bare window's start) and imports only the modules it
draws with: the accessibility helpers, the help and the placeholders come with the workspace, and
:meth:`MainWindow.settle` (the focus ring) runs once the frame is on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from classroom_desktop import APP_NAME
from classroom_desktop.i18n import _
from classroom_desktop.ui.theme import apply_theme, make_palette
from classroom_desktop.ui.window_geometry import FirstPaint, fit_to_screen, initial_size
from classroom_desktop.ui.window_pages import (
    PAGES,
    PRINT_PLACEHOLDERS,
    TITLES,
    WITHOUT_A_CLASS,
    LoadingPage,
    make_page,
)
from classroom_desktop.ui.workspace_menu import WorkspaceMenu

if TYPE_CHECKING:
    from classroom_desktop.ui.context import AppContext

__all__ = [
    "PAGES", "PRINT_PLACEHOLDERS", "TITLES", "WITHOUT_A_CLASS",
    "MainWindow", "initial_size",
]


class MainWindow(WorkspaceMenu, QMainWindow):
    """The window a teacher lives in. ``MainWindow(ctx)``, or ``MainWindow()`` then :meth:`attach`."""

    first_frame = Signal()
    page_created = Signal(str, object)  # title, page widget
    workspace_changed = Signal(object)  # the new AppContext

    def __init__(self, ctx: AppContext | None = None, settings: QSettings | None = None) -> None:
        super().__init__()
        self.ctx: AppContext | None = None
        self.settings = settings or QSettings()
        self._high_contrast = bool(self.settings.value("view/high_contrast", False, type=bool))
        self._settled = False
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):  # the colours now, the focus ring in settle()
            app.setPalette(make_palette(self._high_contrast))
        self.setWindowTitle(APP_NAME)
        self.resize(1200, 780)
        self._pages: dict[str, QWidget] = {}
        self._print_actions: dict[str, QAction] = {}
        self._build()
        self.installEventFilter(FirstPaint(self))
        geometry = self.settings.value("window/geometry")
        self.remembered_geometry = geometry is not None
        if geometry is not None:
            self.restoreGeometry(geometry)  # type: ignore[arg-type]
        if ctx is not None:
            self.attach(ctx)

    def fit_screen(self) -> None:
        """The first time (no remembered size): maximised on a laptop screen, most of a big one."""
        if fit_to_screen(self):
            from PySide6.QtCore import Qt

            self.setWindowState(Qt.WindowState.WindowMaximized)

    def show_fitted(self) -> None:
        """Show the window as :meth:`fit_screen` sizes it (the program's start)."""
        if fit_to_screen(self):
            self.showMaximized()  # no Qt.WindowState before the first frame
        else:
            self.show()

    def settle(self) -> None:
        """What the first frame can do without: the focus ring, a selectable loading message.

        Called once that frame is painted (by the program's start) and when a workspace is attached.
        """
        if self._settled:
            return
        self._settled = True
        apply_theme(self._high_contrast)
        self._loading.settle()

    # ---- building ----------------------------------------------------------------------
    def _build(self) -> None:
        self.sidebar = QListWidget()
        self.sidebar.addItems([_(title) for title in TITLES])
        self.sidebar.setFixedWidth(150)
        self.sidebar.setAccessibleName(_("Pages"))
        self.sidebar.setEnabled(False)  # until a workspace is open
        self.stack = QStackedWidget()
        self._loading = LoadingPage(APP_NAME, _("Opening your class…"))
        self.stack.addWidget(self._loading)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.sidebar)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.sidebar.currentRowChanged.connect(self._row_changed)

        bar = QToolBar(_("Class"))
        bar.setObjectName("classbar")
        bar.setMovable(False)
        bar.addWidget(QLabel(" " + _("Class:") + " "))
        self.class_box = QComboBox()
        self.class_box.setMinimumContentsLength(24)
        self.class_box.setAccessibleName(_("Class"))
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
        file = menu.addMenu(_("&File"))
        self._act(file, _("&New class…"), self.new_class, QKeySequence.StandardKey.New)
        self._act(file, _("&Open workspace…"), self.choose_workspace, QKeySequence.StandardKey.Open)
        self._act(file, _("Make a &backup now"), self.make_backup)
        self.print_menu = QMenu(_("&Print"), self)
        file.addMenu(self.print_menu)
        self._act(file, _("Print what this page prints…"), self.print_this_page, "Ctrl+P")
        for text in PRINT_PLACEHOLDERS:
            action = self.print_menu.addAction(_(text))
            action.setEnabled(False)
            action.setToolTip(_("Comes with the page that prints it"))
            self._print_actions[_(text)] = action
        self._act(file, _("&Export gradebook…"), self.export_gradebook)
        file.addSeparator()
        self._act(file, _("&Quit"), self.close, QKeySequence.StandardKey.Quit)

        self.edit_menu = menu.addMenu(_("&Edit"))
        self.undo_action: QAction | None = None
        self.redo_action: QAction | None = None

        view = menu.addMenu(_("&View"))
        self.page_actions: list[QAction] = []
        for i, title in enumerate(TITLES):
            action = self._act(view, _(title), lambda _=False, t=title: self.go_to_page(t), f"Ctrl+{i + 1}")
            self.page_actions.append(action)

        help_menu = menu.addMenu(_("&Help"))
        self._act(help_menu, _("&Keyboard shortcuts"), self.show_shortcuts)
        self._act(help_menu, _("&About {name}").format(name=APP_NAME), self.show_about)

    def _act(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[..., Any],
        shortcut: QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = menu.addAction(text)
        if shortcut is not None:
            action.setShortcuts([QKeySequence(shortcut)])  # setShortcut() would make every Qt.* type
        action.triggered.connect(slot)
        return action

    # ---- the workspace -----------------------------------------------------------------
    def attach(self, ctx: AppContext) -> None:
        """Show the workspace open in ``ctx`` (replacing any other, whose pages are dropped)."""
        self.settle()
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
        self.save_label.setText(_("All changes saved"))
        self._fill_classes(prefer=str(self.settings.value("window/class", "") or ""))
        remembered = str(self.settings.value("window/page", "") or "")
        self.show_page(remembered if remembered in TITLES else "Gradebook")
        from classroom_desktop.ui import sync_panel, window_help

        sync_panel.install(self, ctx)
        window_help.install_print_actions(self)
        self.workspace_changed.emit(ctx)

    def _install_undo(self, ctx: AppContext) -> None:
        for action in (self.undo_action, self.redo_action):
            if action is not None:
                self.edit_menu.removeAction(action)
                action.deleteLater()
        self.undo_action = ctx.undo_stack.createUndoAction(self, _("&Undo"))
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.redo_action = ctx.undo_stack.createRedoAction(self, _("&Redo"))
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
            self.class_box.addItem(_("No class yet — File ▸ New class…"), None)
        index = max(0, self.class_box.findData(current)) if classes else 0
        self.class_box.setCurrentIndex(index)
        self.class_box.blockSignals(False)
        self._enable_pages(bool(classes))
        self.ctx.set_class(self.class_box.currentData())

    def _enable_pages(self, has_class: bool) -> None:
        """Pages about a class can be opened only when there is one; Standards and Settings always."""
        from PySide6.QtCore import Qt

        self.sidebar.setEnabled(True)
        for row, title in enumerate(TITLES):
            usable = has_class or title in WITHOUT_A_CLASS
            item = self.sidebar.item(row)
            flags = item.flags()
            enabled = Qt.ItemFlag.ItemIsEnabled
            item.setFlags(flags | enabled if usable else flags & ~enabled)
            item.setToolTip("" if usable else _("Make a class first: File ▸ New class…"))
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
        self.save_label.setText(_("All changes saved"))

    def _on_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 10_000)

    def set_sync_state(self, text: str) -> None:
        """Show the shared-folder sync state in the status bar (used by the sync panel)."""
        self.sync_label.setText(text)

    def set_loading(self, text: str) -> None:
        """The message shown while no workspace is open yet."""
        self._loading.message.setText(text)

    @property
    def loading_page(self) -> LoadingPage:
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

    def go_to_page(self, title: str) -> None:
        """Ctrl+1…9: show the page and give the keyboard to its main control (the grid, the list)."""
        from classroom_desktop.ui import a11y

        a11y.focus_home(self.show_page(title))

    def _row_changed(self, row: int) -> None:
        if self.ctx is None or not 0 <= row < len(TITLES):
            return
        from classroom_desktop.ui import a11y

        title = TITLES[row]
        self.statusBar().clearMessage()  # a message about one page must not follow the teacher
        page = self.page(title)
        a11y.prepare(page, title)  # widgets the page built since it was last shown
        self.stack.setCurrentWidget(page)
        self.settings.setValue("window/page", title)

    def page(self, title: str) -> QWidget:
        """The page called ``title``, built (but not shown) if it was not yet."""
        if title not in self._pages:
            from classroom_desktop.ui import a11y

            widget = self._make_page(title)
            a11y.prepare(widget, _(title))
            self._pages[title] = widget
            self.stack.addWidget(widget)
            self.page_created.emit(title, widget)
        return self._pages[title]

    def _make_page(self, title: str) -> QWidget:
        assert self.ctx is not None
        return make_page(self.ctx, PAGES[TITLES.index(title)])

    # ---- printing ----------------------------------------------------------------------
    def add_print_action(self, text: str, callback: Callable[[], Any]) -> QAction:
        """Add (or enable the placeholder of) a File ▸ Print entry that runs ``callback``."""
        label = _(text)  # pages may pass the English entry or the one already translated
        action = self._print_actions.get(label)
        if action is None:
            action = self.print_menu.addAction(label)
            self._print_actions[label] = action
        else:
            try:
                action.triggered.disconnect()
            except (RuntimeError, TypeError):
                pass
        action.setEnabled(True)
        action.setToolTip("")
        action.triggered.connect(lambda _=False: callback())
        return action

    # ---- help --------------------------------------------------------------------------
    def show_about(self) -> None:
        from classroom_desktop.ui import window_help

        window_help.show_about(self)

    def print_this_page(self) -> None:
        if self.ctx is not None:
            from classroom_desktop.ui import window_help

            window_help.print_this_page(self)

    def show_shortcuts(self) -> None:
        from classroom_desktop.ui import window_help

        window_help.show_shortcuts(self)

    # ---- closing -----------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        self.settings.setValue("window/geometry", self.saveGeometry())
        if self.current_title:
            self.settings.setValue("window/page", self.current_title)
        self.settings.sync()
        super().closeEvent(event)
