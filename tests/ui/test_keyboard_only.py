"""Issue 19: a teacher's tasks with the keyboard alone, counting the key presses.

Every press goes to the widget that has the focus, as a real keyboard's would; the counts are
printed (``-s``) for the closing note.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from classroom_desktop.ui.board import UNASSIGNED

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


class Keyboard:
    """Presses keys on whatever has the focus, and counts them."""

    def __init__(self, qtbot: Any, window: QWidget) -> None:
        self.qtbot, self.window, self.count, self.typed = qtbot, window, 0, 0

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        target = QApplication.focusWidget() or self.window
        self.qtbot.keyClick(target, key, modifier)
        self.count += 1

    def type(self, text: str) -> None:
        target = QApplication.focusWidget()
        assert target is not None
        self.qtbot.keyClicks(target, text)
        self.typed += len(text)  # the text itself is not counted as presses

    def tab_to(self, widget: QWidget, limit: int = 80) -> None:
        """Tab until ``widget`` (or a widget inside it) has the focus."""
        for _ in range(limit):
            focus = QApplication.focusWidget()
            if focus is widget or (focus is not None and widget.isAncestorOf(focus)):
                return
            self.press(Qt.Key.Key_Tab)
        raise AssertionError(f"Tab never reached {widget!r}")


def test_start_of_a_lesson_by_keyboard(
    window: Any, ctx: Any, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """Today → Suggest groups → move a student to another group → Print cards → Save as PDF."""
    keys = Keyboard(qtbot, window)
    window.resize(1366, 680)
    window.sidebar.setFocus()
    keys.press(Qt.Key.Key_1, CTRL)
    page = window.current_page() if hasattr(window, "current_page") else window.page("Today")
    assert window.current_title == "Today"
    keys.tab_to(page.suggest_button)
    keys.press(Qt.Key.Key_Return)
    groups = page.board.groups()
    assert groups and any(g.members for g in groups)
    first = next(g for g in groups if g.members)
    keys.tab_to(page.board.column(first.key).list)  # tabbing in chooses the first card
    moved = page.board.column(first.key).list.selected_ids()
    assert len(moved) == 1
    keys.press(Qt.Key.Key_Right, ALT)
    after = {g.key: g.members for g in page.board.groups()}
    later = [g.key for g in page.board.groups()] + [UNASSIGNED]
    target = later[later.index(first.key) + 1]
    assert moved[0] not in after[first.key]
    assert moved[0] in (after.get(target) or page.board.unassigned())
    lesson_keys = keys.count
    saved: list[str] = []

    def save_as(_parent: Any, _title: str, start: str, _filter: str) -> tuple[str, str]:
        saved.append(str(tmp_path / Path(start).name))
        return saved[-1], _filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    keys.tab_to(page.print_buttons[0])
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: getattr(page, "print_preview", None) is not None, timeout=60_000)
    preview = page.print_preview
    qtbot.addWidget(preview)
    qtbot.waitUntil(
        lambda: QApplication.focusWidget() is not None and preview.isAncestorOf(QApplication.focusWidget())
    )
    keys.tab_to(preview.save_button)
    keys.press(Qt.Key.Key_Return)
    assert saved and Path(saved[0]).exists() and Path(saved[0]).read_bytes().startswith(b"%PDF")
    print(
        f"\nkey presses: start of a lesson {lesson_keys}, then printing the cards {keys.count - lesson_keys}"
    )
    preview.accept()


def test_recording_one_piece_of_evidence_by_keyboard(window: Any, ctx: Any, qtbot: Any) -> None:
    keys = Keyboard(qtbot, window)
    window.sidebar.setFocus()
    keys.press(Qt.Key.Key_2, CTRL)
    page = window.page("Gradebook")
    keys.tab_to(page.view)
    keys.press(Qt.Key.Key_Down)
    keys.press(Qt.Key.Key_Right)
    student, standard = page.model.cell_ids(page.view.currentIndex())
    before = len(ctx.classroom.evidence.history(student, standard))
    keys.press(Qt.Key.Key_3)
    history = ctx.classroom.evidence.history(student, standard)
    assert len(history) == before + 1 and history[-1].level == 3 and history[-1].observed_on == ctx.today()
    print(f"\nkey presses: recording one piece of evidence {keys.count}")


def test_editing_accommodations_and_every_profile_field_by_keyboard(
    window: Any, ctx: Any, qtbot: Any
) -> None:
    from classroom_desktop.services.views import PROFILE_TEXT_FIELDS

    keys = Keyboard(qtbot, window)
    window.sidebar.setFocus()
    keys.press(Qt.Key.Key_3, CTRL)
    page = window.page("Students")
    keys.tab_to(page.roster)
    keys.press(Qt.Key.Key_Down)  # the second student
    qtbot.waitUntil(lambda: page.profile.student_id is not None)
    sid = page.profile.student_id
    assert sid == page.current_student_id
    start = keys.count
    accommodations = page.profile.fields["accommodations"]
    keys.tab_to(accommodations)
    keys.press(Qt.Key.Key_A, CTRL)
    keys.type("Extra time")
    keys.press(Qt.Key.Key_Tab)  # leaving the field saves it
    assert ctx.classroom.students.profile(sid).accommodations == "Extra time"
    accommodation_keys = keys.count
    typed: dict[str, str] = {}
    for name in PROFILE_TEXT_FIELDS:  # every text field of the profile, in Tab order
        keys.tab_to(page.profile.fields[name])
        keys.press(Qt.Key.Key_A, CTRL)
        typed[name] = f"{name[:3]} ok"
        keys.type(typed[name])
    keys.tab_to(page.profile.home_language)
    keys.press(Qt.Key.Key_Down)
    keys.press(Qt.Key.Key_Tab)
    profile = ctx.classroom.students.profile(sid)
    assert {name: getattr(profile, name) for name in PROFILE_TEXT_FIELDS} == typed
    assert profile.home_language
    print(
        f"\nkey presses besides the text: Accommodations {accommodation_keys} "
        f"({accommodation_keys - start} after choosing the student); "
        f"every profile field {keys.count - accommodation_keys} more"
    )


def test_start_of_a_lesson_with_the_shortcuts(
    window: Any, ctx: Any, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """The short way: Ctrl+1, Ctrl+G (suggest), Tab to a card, Alt+→, Ctrl+P (print cards), Return."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    keys = Keyboard(qtbot, window)
    window.sidebar.setFocus()
    keys.press(Qt.Key.Key_1, CTRL)
    page = window.page("Today")
    keys.press(Qt.Key.Key_G, CTRL)
    first = next(g for g in page.board.groups() if g.members)
    keys.tab_to(page.board.column(first.key).list)
    moved = page.board.column(first.key).list.selected_ids()
    keys.press(Qt.Key.Key_Right, ALT)
    assert moved and moved[0] not in {g.key: g.members for g in page.board.groups()}[first.key]
    keys.press(Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: getattr(page, "print_preview", None) is not None, timeout=60_000)
    preview = page.print_preview
    qtbot.addWidget(preview)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is preview.print_button)
    out = tmp_path / "printed.pdf"

    def accept_as_pdf(dialog: Any) -> int:  # the system print dialog, answered "print to a PDF file"
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return 1

    monkeypatch.setattr(QPrintDialog, "exec", accept_as_pdf)
    keys.press(Qt.Key.Key_Return)  # Print…
    assert out.exists() and out.read_bytes().startswith(b"%PDF")
    print(f"\nkey presses with the shortcuts: start of a lesson and printing {keys.count}")
    preview.accept()
