"""The Students page through its real widgets: profile editing with undo, add, archive, roster import."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from classroom_desktop.services.roster import NewStudent
from classroom_desktop.ui.context import AppContext
from classroom_desktop.ui.pages.students import StudentsPage


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Messages the page would have shown in a message box (recorded instead of blocking)."""
    shown: list[str] = []

    def record(_parent: Any, _title: str, text: str, *_a: Any, **_k: Any) -> QMessageBox.StandardButton:
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", record)
    monkeypatch.setattr(QMessageBox, "critical", record)
    return shown


@pytest.fixture
def setup(classroom: Any, qtbot: Any, warnings: list[str]) -> Iterator[tuple[AppContext, StudentsPage, str]]:
    c = classroom
    fw = c.curriculum.add_framework("Grade 4 Mathematics").created_id
    c.curriculum.add_standard(fw, "4.NF.1", "I can explain equivalent fractions.")
    class_id = c.classes.create("4B", "2026-27", framework_id=fw).created_id
    c.students.add_many([NewStudent("Ana", "López"), NewStudent("Zoë", "Brandt")], class_id)
    ctx = AppContext(c)
    ctx.set_class(class_id)
    page = StudentsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitExposed(page)
    yield ctx, page, class_id
    ctx.detach()


def _names(page: StudentsPage) -> list[str]:
    return [page.roster.item(i).text() for i in range(page.roster.count())]


def _select(page: StudentsPage, name: str) -> str:
    for i in range(page.roster.count()):
        if page.roster.item(i).text() == name:
            page.roster.setCurrentRow(i)
            return str(page.roster.item(i).data(Qt.ItemDataRole.UserRole))
    raise AssertionError(f"{name} is not in the roster: {_names(page)}")


def test_roster_lists_the_class_and_search_filters_it(setup: Any, qtbot: Any) -> None:
    _ctx, page, _ = setup
    assert _names(page) == ["Zoë Brandt", "Ana López"]
    qtbot.keyClicks(page.search, "ana")
    assert _names(page) == ["Ana López"]
    page.search.setText("ZOË")  # accents and case as typed by the teacher
    assert _names(page) == ["Zoë Brandt"]


def test_editing_a_profile_field_saves_on_focus_loss_and_undo_restores_it(setup: Any, qtbot: Any) -> None:
    ctx, page, _ = setup
    sid = _select(page, "Ana López")
    strengths = page.profile.fields["strengths"]
    strengths.setFocus()
    qtbot.keyClicks(strengths, "Explains her thinking")
    page.profile.fields["needs"].setFocus()  # focus leaves the field: it is saved
    qtbot.waitUntil(lambda: ctx.classroom.students.profile(sid).strengths == "Explains her thinking")

    ctx.undo_stack.undo()
    assert ctx.classroom.students.profile(sid).strengths == ""
    qtbot.waitUntil(lambda: strengths.toPlainText() == "")
    ctx.undo_stack.redo()
    assert ctx.classroom.students.profile(sid).strengths == "Explains her thinking"
    qtbot.waitUntil(lambda: strengths.toPlainText() == "Explains her thinking")


def test_typing_is_saved_after_a_pause_and_when_switching_student(setup: Any, qtbot: Any) -> None:
    ctx, page, _ = setup
    ana = _select(page, "Ana López")
    qtbot.keyClicks(page.profile.fields["interests"], "Football, drawing")
    qtbot.waitUntil(
        lambda: ctx.classroom.students.profile(ana).interests == "Football, drawing", timeout=5000
    )

    qtbot.keyClicks(page.profile.fields["languages"], "Spanish, English")
    _select(page, "Zoë Brandt")  # switched before the pause ended: nothing is lost
    assert ctx.classroom.students.profile(ana).languages == "Spanish, English"
    assert page.profile.fields["languages"].toPlainText() == ""


def test_goals_with_target_dates_are_saved(setup: Any, qtbot: Any, warnings: list[str]) -> None:
    ctx, page, _ = setup
    sid = _select(page, "Ana López")
    page.profile.add_goal_row()
    table = page.profile.goals_table
    table.item(0, 0).setText("Learn the 6 and 7 times tables")
    table.item(0, 1).setText("2026-12-18")
    page.profile.flush()
    goals = ctx.classroom.students.profile(sid).goals
    assert [(g.text, g.target) for g in goals] == [("Learn the 6 and 7 times tables", date(2026, 12, 18))]

    table.item(0, 1).setText("next week")
    page.profile.flush()
    assert "'next week' is not a date" in page.profile.error_label.text()
    assert ctx.classroom.students.profile(sid).goals == goals


def test_add_a_student_and_undo(setup: Any) -> None:
    ctx, page, class_id = setup
    sid = page.add_student(
        {
            "given_name": "Nguyễn",
            "family_name": "Thị Mai",
            "preferred_name": "",
            "student_number": "S-17",
            "email": "",
        }
    )
    assert sid is not None
    assert "Nguyễn Thị Mai" in _names(page)
    assert page.name_label.text() == "Nguyễn Thị Mai"
    assert sid in ctx.classroom.classes.student_ids(class_id)
    ctx.undo_stack.undo()
    assert sid not in ctx.classroom.classes.student_ids(class_id)
    assert "Nguyễn Thị Mai" not in _names(page)


def test_archive_a_student_and_undo(setup: Any) -> None:
    ctx, page, class_id = setup
    sid = _select(page, "Zoë Brandt")
    page.archive_button.click()
    assert ctx.classroom.students.get(sid).archived
    assert _names(page) == ["Ana López"]
    ctx.undo_stack.undo()
    assert not ctx.classroom.students.get(sid).archived
    assert _names(page) == ["Zoë Brandt", "Ana López"]


def test_student_page_shows_evidence_and_the_progress_chart(setup: Any, qtbot: Any) -> None:
    ctx, page, class_id = setup
    c = ctx.classroom
    std = c.curriculum.standards(c.classes.get(class_id).framework_id)[0].id
    sid = _select(page, "Ana López")
    for day, level in ((date(2026, 9, 1), 2), (date(2026, 9, 15), 3), (date(2026, 10, 1), 4)):
        c.evidence.record(sid, std, level, day, kind="quiz", class_id=class_id)
    qtbot.waitUntil(lambda: page.evidence_list.rowCount() == 3)
    assert [page.evidence_list.item(r, 3).text() for r in range(3)] == ["4", "3", "2"]
    assert page.evidence_list.item(0, 0).text() == "1 Oct 2026"  # the short date, as every table writes it
    assert page.chart.canvas is not None
    ax = page.chart.figure.axes[0]
    evidence = next(col for col in ax.collections if col.get_gid() == "evidence")
    assert len(evidence.get_offsets()) == 3
    assert ax.get_title(loc="left").startswith("4.NF.1")


def test_add_student_tab_builds_a_tab_for_each_student(setup: Any) -> None:
    from PySide6.QtWidgets import QLabel

    _ctx, page, _ = setup
    page.add_student_tab(
        "Learning plan", lambda ctx, sid: QLabel(f"plan of {ctx.classroom.students.get(sid).given_name}")
    )
    _select(page, "Ana López")
    tab = page.tabs.widget(page.tabs.count() - 1)
    assert page.tabs.tabText(page.tabs.count() - 1) == "Learning plan"
    assert isinstance(tab, QLabel) and tab.text() == "plan of Ana"
    _select(page, "Zoë Brandt")
    assert page.tabs.widget(page.tabs.count() - 1).text() == "plan of Zoë"


# ---- roster import through the dialog ---------------------------------------------------------
GOOD = (
    "Given name,Family name,Preferred name,Student ID,Email\n"
    "Begoña,Ruiz,,1001,bego@school.org\nZoë,Kowalska,Zo,1002,\n"
)


def _import(page: StudentsPage, qtbot: Any, tmp_path: Path, data: bytes) -> Any:
    path = tmp_path / "class.csv"
    path.write_bytes(data)
    dialog = page.import_roster(path)
    qtbot.addWidget(dialog)
    return dialog


@pytest.mark.parametrize(
    "data",
    [
        GOOD.encode("utf-8"),
        GOOD.encode("utf-8-sig"),
        GOOD.encode("cp1252"),
        GOOD.replace(",", ";").encode("utf-8"),
        "Vorname;Nachname;Rufname;Schüler-Nr.;E-Mail\nBegoña;Ruiz;;1001;bego@school.org\nZoë;Kowalska;Zo;1002;\n".encode(
            "cp1252"
        ),
    ],
    ids=["utf8", "bom", "cp1252", "semicolons", "german-headers"],
)
def test_import_roster_through_the_dialog(setup: Any, qtbot: Any, tmp_path: Path, data: bytes) -> None:
    ctx, page, class_id = setup
    dialog = _import(page, qtbot, tmp_path, data)
    assert dialog.preview_table.rowCount() == 2
    assert dialog.preview_table.item(0, 0).text() == "Begoña"
    assert dialog.mapping_combos["family_name"].currentText() in ("Family name", "Nachname")
    assert dialog.mapping_combos["student_number"].currentData() == 3
    dialog.import_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    students = {s.display_name: s for s in ctx.classroom.students.list(class_id)}
    assert set(students) == {"Ana López", "Zoë Brandt", "Begoña Ruiz", "Zo Kowalska"}
    assert students["Begoña Ruiz"].email == "bego@school.org"
    assert students["Zo Kowalska"].given_name == "Zoë" and students["Zo Kowalska"].student_number == "1002"
    assert "Begoña Ruiz" in _names(page)
    ctx.undo_stack.undo()
    assert {s.display_name for s in ctx.classroom.students.list(class_id)} == {"Ana López", "Zoë Brandt"}


def test_import_with_a_broken_row_names_the_line_and_adds_nobody(
    setup: Any, qtbot: Any, tmp_path: Path
) -> None:
    ctx, page, class_id = setup
    data = (GOOD + "Tomás,Silva,,1003,\n,,,1004,\nWei,Wang,,1005,\n").encode("utf-8")
    dialog = _import(page, qtbot, tmp_path, data)
    dialog.import_button.click()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "Line 5: no name — give a given name or a family name." in dialog.error_label.text()
    assert len(ctx.classroom.students.list(class_id)) == 2


def test_import_mapping_can_be_changed_by_the_teacher(setup: Any, qtbot: Any, tmp_path: Path) -> None:
    ctx, page, class_id = setup
    dialog = _import(page, qtbot, tmp_path, b"Wei,Wang\nAmara,Okafor\n")
    assert not dialog.header_check.isChecked()
    dialog.mapping_combos["given_name"].setCurrentIndex(2)  # column 2 holds the given name
    dialog.mapping_combos["family_name"].setCurrentIndex(1)
    dialog.import_button.click()
    names = {(s.given_name, s.family_name) for s in ctx.classroom.students.list(class_id)}
    assert {("Wang", "Wei"), ("Okafor", "Amara")} <= names


def test_the_student_page_holds_their_learning_plan(setup: Any) -> None:
    from PySide6.QtWidgets import QTabWidget

    from classroom_desktop.ui.plan_editor import PlanEditor

    ctx, page, _class_id = setup
    _select(page, "Ana López")
    tabs = page.findChild(QTabWidget)
    assert tabs is not None
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert "Learning plan" in titles
    assert isinstance(tabs.widget(titles.index("Learning plan")), PlanEditor)


def test_the_familys_language_is_chosen_in_the_profile_and_can_be_undone(setup: Any, qtbot: Any) -> None:
    ctx, page, _ = setup
    sid = _select(page, "Ana López")
    box = page.profile.home_language
    assert box.currentText() == "Same as the teacher's"
    box.setCurrentIndex(box.findData("es"))
    assert ctx.classroom.students.profile(sid).home_language == "es"
    assert box.currentText() == "Español"

    _select(page, "Zoë Brandt")  # another student: the box shows hers
    assert box.currentData() == ""
    _select(page, "Ana López")
    assert box.currentText() == "Español"

    ctx.undo_stack.undo()
    assert ctx.classroom.students.profile(sid).home_language == ""
    qtbot.waitUntil(lambda: box.currentData() == "")


def _click(qtbot: Any, page: StudentsPage, row: int) -> None:
    rect = page.roster.visualItemRect(page.roster.item(row))
    qtbot.mouseClick(page.roster.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_first_click_on_a_student_shows_that_student(window: Any, qtbot: Any) -> None:
    """Issue 14.3: opening Students from the sidebar, then one click on a name, shows that student."""
    page = window.show_page("Students")
    assert page.name_label.text() == "28 students in this class"
    assert page.details_label.text().startswith("Click a name in the list")
    _click(qtbot, page, 2)
    assert page.name_label.text() == page.roster.item(2).text()
    assert page.tabs.isEnabled()


def test_a_click_after_the_list_got_keyboard_focus_shows_the_student_clicked(
    window: Any, qtbot: Any
) -> None:
    """Keyboard focus makes the first row current without showing it; a click on it still shows it."""
    page = window.show_page("Students")
    page.roster.setFocus(Qt.FocusReason.TabFocusReason)
    first = page.roster.item(0).text()
    _click(qtbot, page, 0)
    assert page.name_label.text() == first
    _click(qtbot, page, 4)
    assert page.name_label.text() == page.roster.item(4).text()


def test_an_empty_class_says_how_to_add_students(classroom: Any, qtbot: Any) -> None:
    """Issue 14.12: "No student chosen. Add students…" only when the class really has none."""
    class_id = classroom.classes.create("4C").created_id
    ctx = AppContext(classroom)
    ctx.set_class(class_id)
    page = StudentsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.name_label.text() == "No students in this class yet"
    assert page.details_label.text() == "Add students, or import a class list from a CSV file."
    ctx.detach()
