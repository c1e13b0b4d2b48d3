"""The window around the pages: opening the demo, navigation, menus, remembering, errors."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt

from classroom_desktop.domain.errors import UserError
from classroom_desktop.ui import main_window
from classroom_desktop.ui.main_window import TITLES, MainWindow
from classroom_desktop.ui.widgets import PlaceholderPage


def test_the_window_opens_the_demo_and_shows_the_class_name(window: Any, demo: Any) -> None:
    name = demo.classes.list()[0].name
    assert window.class_box.currentText().startswith(name)
    assert window.current_title == "Gradebook"
    assert window.save_label.text() == "All changes saved"
    assert str(demo.folder) in window.windowTitle()
    names = {window.show_page("Gradebook").model.headerData(r, Qt.Orientation.Vertical) for r in range(28)}
    assert {"محمد العلي", "王小明", "अनन्या शर्मा", "Hương Nguyễn"} <= names


def test_ctrl_and_a_number_opens_each_page(window: Any, qtbot: Any) -> None:
    for number, title in enumerate(TITLES, start=1):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert window.current_title == title
        assert window.stack.currentWidget() is window.page(title)


def test_a_page_not_written_yet_says_what_it_will_hold(window: Any, monkeypatch: Any) -> None:
    pages = list(main_window.PAGES)
    pages[3] = ("Groups", "not_written_yet:GroupsPage", "Lesson group plans.")
    monkeypatch.setattr(main_window, "PAGES", tuple(pages))
    page = window.show_page("Groups")
    assert isinstance(page, PlaceholderPage)
    assert page.message.text() == "This page will hold: Lesson group plans."


def test_the_window_remembers_its_page_and_class(
    window: Any, ctx: Any, settings_file: Path, qtbot: Any
) -> None:
    other = ctx.classroom.classes.create("Room 14").created_id
    assert window.class_box.findData(other) >= 0  # the switcher heard of the new class
    window.class_box.setCurrentIndex(window.class_box.findData(other))
    assert ctx.current_class_id == other
    window.show_page("Settings")
    window.close()

    again = MainWindow(ctx, settings=QSettings(str(settings_file), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    assert again.current_title == "Settings"
    assert again.class_box.currentText() == "Room 14"


def test_new_class_from_the_file_menu(window: Any, ctx: Any, monkeypatch: Any) -> None:
    from classroom_desktop.ui import first_run

    def fill(dialog: Any) -> int:
        dialog.form.name.setText("5A Science")
        dialog.form.framework.setCurrentText("Grade 5 Science")
        return 1

    monkeypatch.setattr(first_run.NewClassDialog, "exec", fill)
    window.new_class()
    created = ctx.classroom.classes.find("5A Science")
    assert window.class_box.currentText() == "5A Science"
    assert ctx.current_class_id == created.id
    assert [f.name for f in ctx.classroom.curriculum.frameworks() if f.id == created.framework_id] == [
        "Grade 5 Science"
    ]


def test_pages_add_print_actions(window: Any) -> None:
    printed: list[str] = []
    action = window.add_print_action("Group cards", lambda: printed.append("cards"))
    assert action in window.print_menu.actions() and action.isEnabled()
    action.trigger()
    extra = window.add_print_action("Seating chart", lambda: printed.append("seating"))
    extra.trigger()
    assert printed == ["cards", "seating"]
    assert [a.text() for a in window.print_menu.actions()][-1] == "Seating chart"


def test_a_teacher_problem_is_shown_in_plain_words(window: Any, ctx: Any, messages: Any) -> None:
    ctx.edit("Create a class", lambda: ctx.classroom.classes.create("   "), lambda _r: None)
    assert messages.texts("warning") == ["The class needs a name."]
    assert ctx.undo_stack.count() == 0


def test_a_bug_is_logged_with_its_traceback_and_shown_once(window: Any, ctx: Any, messages: Any) -> None:
    from classroom_desktop.ui.app import install_excepthook

    previous = install_excepthook(window)
    try:
        for _ in range(2):
            try:
                raise RuntimeError("the grid fell over")
            except RuntimeError:
                sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = previous
    log = (ctx.classroom.folder / "logs" / "classroom-desktop.log").read_text(encoding="utf-8")
    assert log.count("RuntimeError: the grid fell over") == 2
    assert "Traceback (most recent call last)" in log and "test_main_window.py" in log
    shown = messages.texts("critical")
    assert len(shown) == 1 and "classroom-desktop.log" in shown[0] and "saved work is safe" in shown[0]


def test_user_errors_raised_through_the_hook_are_not_bugs(window: Any, ctx: Any, messages: Any) -> None:
    from classroom_desktop.ui.app import install_excepthook

    previous = install_excepthook(window)
    try:
        sys.excepthook(UserError, UserError("That file is not a roster."), None)
    finally:
        sys.excepthook = previous
    assert messages.texts() == ["That file is not a roster."]


def test_about_names_version_and_licence(window: Any, messages: Any) -> None:
    from classroom_desktop import __version__

    window.show_about()
    window.show_shortcuts()
    about, shortcuts = messages.texts()
    assert __version__ in about and "GNU General Public License" in about
    assert "NotoSans-Regular.ttf" in about and "DroidSansFallback.ttf" in about  # the fonts' licences
    assert "SIL OFL 1.1" in about and "Apache 2.0" in about and "LICENSE-OFL-1.1.txt" in about
    assert "Ctrl+1" in shortcuts and "Undo" in shortcuts


def test_undo_and_redo_are_in_the_edit_menu(window: Any, ctx: Any) -> None:
    ctx.edit(
        "Rename the class",
        lambda: ctx.classroom.classes.edit(ctx.current_class_id, name="Room 12b"),
        lambda _r: ctx.classroom.classes.edit(ctx.current_class_id, name="Grade 4 — Room 12"),
    )
    assert window.undo_action.text() == "&Undo Rename the class"
    assert window.class_box.currentText().startswith("Room 12b")
    window.undo_action.trigger()
    assert window.class_box.currentText().startswith("Grade 4 — Room 12")
    assert "Ctrl+Y" in [k.toString() for k in window.redo_action.shortcuts()]


def test_the_window_uses_the_screen_well(qtbot: Any, tmp_path: Path) -> None:
    """Issue 14.7: maximised on a 1366×768 laptop, most of a 1600×1000 screen, remembered after that."""
    from PySide6.QtCore import QSize

    assert main_window.initial_size(QSize(1366, 728)) is None
    assert main_window.initial_size(QSize(1440, 870)) is None
    assert main_window.initial_size(QSize(1600, 1000)) == QSize(1440, 900)
    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    small = MainWindow(settings=settings)  # the offscreen screen is small
    qtbot.addWidget(small)
    small.fit_screen()  # as the program does before showing the window
    assert small.windowState() & Qt.WindowState.WindowMaximized
    small.close()
    again = MainWindow(settings=settings)
    qtbot.addWidget(again)
    again.resize(1000, 700)
    again.fit_screen()  # a size the teacher left is kept
    assert not again.windowState() & Qt.WindowState.WindowMaximized and again.width() == 1000


def test_the_today_board_wraps_so_every_group_and_unassigned_can_be_reached(window: Any, qtbot: Any) -> None:
    """Issue 14.7: on a 1366×768 screen no group is off to the right: columns wrap onto rows."""
    window.showNormal()
    window.resize(1366, 728)
    page = window.show_page("Today")
    page.suggest()
    qtbot.wait(10)
    board = page.board
    columns = board._columns
    assert len(columns) >= 6
    per_row = board.columns_per_row()
    assert per_row < len(columns)
    right = board._scroll.viewport().mapToGlobal(board._scroll.viewport().rect().topRight()).x()
    for column in columns:
        assert column.mapToGlobal(column.rect().topRight()).x() <= right + 1, column.key
    assert board._scroll.horizontalScrollBar().maximum() == 0


def test_status_messages_do_not_go_stale(window: Any, ctx: Any) -> None:
    """Issue 14.13: an undone move does not still read "Saved: …"; a page's message stays on its page."""
    page = window.show_page("Today")
    page.suggest()
    page.save_plan()
    group = page.board.groups()
    student = group[0].members[0]
    page.board.move_students([student], group[-1].key)
    assert window.statusBar().currentMessage().startswith("Saved: Move ")
    ctx.undo_stack.undo()
    assert window.statusBar().currentMessage().startswith("Undone: Move ")
    ctx.undo_stack.redo()
    assert window.statusBar().currentMessage().startswith("Redone: Move ")
    ctx.status.emit("5 is not a level on the scale 'Default' (use 1, 2, 3 or 4).")
    window.show_page("Students")
    assert window.statusBar().currentMessage() == ""
