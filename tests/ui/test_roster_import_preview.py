"""The roster import dialog previews a re-import as an update, undoes it, and runs big files behind a
progress bar."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from classroom_desktop.services.roster import NewStudent
from classroom_desktop.ui.context import AppContext
from classroom_desktop.ui.pages.students import StudentsPage

HEADER = "Given name,Family name,Student ID,Email\n"


@pytest.fixture
def setup(classroom: Any, qtbot: Any) -> Iterator[tuple[AppContext, StudentsPage, str]]:
    c = classroom
    class_id = c.classes.create("4B").created_id
    c.students.add_many([NewStudent("Ana", "López", student_number="1"), NewStudent("Wei", "Wang")], class_id)
    ctx = AppContext(c)
    ctx.set_class(class_id)
    page = StudentsPage(ctx)
    qtbot.addWidget(page)
    yield ctx, page, class_id
    ctx.detach()


def _dialog(page: StudentsPage, qtbot: Any, tmp_path: Path, text: str) -> Any:
    path = tmp_path / "class.csv"
    path.write_text(text, encoding="utf-8")
    dialog = page.import_roster(path)
    qtbot.addWidget(dialog)
    return dialog


def test_preview_counts_and_undo_of_an_update(setup: Any, qtbot: Any, tmp_path: Path) -> None:
    ctx, page, class_id = setup
    text = HEADER + "Ana,López-Ruiz,1,ana@school.org\nAmara,Okafor,2,\nAmara,Okafor,3,\n"
    dialog = _dialog(page, qtbot, tmp_path, text)
    assert dialog.summary_label.text().splitlines() == [
        "2 new, 1 updated, 0 unchanged, 1 not in the file (archive?).",
        "2 students are called Amara Okafor (lines 3, 4).",
    ]
    dialog.import_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    names = {s.display_name for s in ctx.classroom.students.list(class_id)}
    assert names == {"Ana López-Ruiz", "Wei Wang", "Amara Okafor"}
    assert len(ctx.classroom.students.list(class_id)) == 4
    ctx.undo_stack.undo()
    assert {s.display_name for s in ctx.classroom.students.list(class_id)} == {"Ana López", "Wei Wang"}
    assert ctx.classroom.students.find("Ana López").email == ""
    ctx.undo_stack.redo()
    assert len(ctx.classroom.students.list(class_id)) == 4
    assert ctx.classroom.students.find("1").family_name == "López-Ruiz"


def test_a_file_with_problems_lists_them_all_in_the_preview(setup: Any, qtbot: Any, tmp_path: Path) -> None:
    _ctx, page, _class_id = setup
    dialog = _dialog(page, qtbot, tmp_path, HEADER + ",,5,\nBo,Li,,bad\n,,6,\n")
    assert dialog.summary_label.text().splitlines() == [
        "Line 2: no name — give a given name or a family name.",
        "Line 3: 'bad' does not look like an email address.",
        "Line 4: no name — give a given name or a family name.",
    ]
    dialog.import_button.click()
    assert dialog.error_label.text() == (
        "Line 2: no name — give a given name or a family name. …and 2 more problems. "
        "Nothing was imported; fix the file and try again.")


def test_a_long_import_runs_behind_a_progress_bar(setup: Any, qtbot: Any, tmp_path: Path) -> None:
    ctx, page, class_id = setup
    text = HEADER + "".join(f"G{i},F{i},{1000 + i},\n" for i in range(2000))
    dialog = _dialog(page, qtbot, tmp_path, text)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=30000)
    assert len(ctx.classroom.students.list(class_id)) == 2002
    assert len(dialog.imported_ids) == 2000
    ctx.undo_stack.undo()
    assert len(ctx.classroom.students.list(class_id)) == 2


# ---- OneRoster in the window ---------------------------------------------------------------
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_a_oneroster_folder_previews_the_ticked_classes(classroom: Any, qtbot: Any) -> None:
    from PySide6.QtCore import Qt

    class_id = classroom.classes.create("Math 4B").created_id
    ctx = AppContext(classroom)
    ctx.set_class(class_id)
    page = StudentsPage(ctx)
    qtbot.addWidget(page)
    dialog = page.import_roster(FIXTURES / "oneroster-1.2")
    qtbot.addWidget(dialog)
    assert dialog.file_label.text() == (
        "oneroster-1.2: a OneRoster 1.2 export from Riverside SIS with 2 classes.")
    assert dialog.class_box.isVisibleTo(dialog) and not dialog.mapping_box.isVisibleTo(dialog)
    labels = [dialog.class_list.item(i).text() for i in range(dialog.class_list.count())]
    assert labels == ["Math 4B (MATH4-B) — 4 students, Grade 4 Mathematics, 2026-27",
                      "Science 4A (SCI4-A) — 2 students, Grade 4 Science, 2026-27"]
    assert dialog.class_list.item(0).checkState() == Qt.CheckState.Checked  # the current class's namesake
    assert dialog.summary_label.text() == (
        "Math 4B: 4 new, 0 updated, 0 unchanged, 0 not in the file (archive?).")
    assert dialog.preview_table.rowCount() == 4
    assert dialog.preview_table.item(1, 3).text() == "Zo" and dialog.preview_table.item(1, 6).text() == "new"
    dialog.class_list.item(1).setCheckState(Qt.CheckState.Checked)
    assert dialog.summary_label.text().splitlines()[1] == (
        "Science 4A (a new class): 1 new, 0 updated, 1 unchanged, 0 not in the file (archive?).")
    dialog.import_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert len(classroom.students.list(class_id)) == 4
    science = classroom.classes.find("Science 4A").id
    assert {s.display_name for s in classroom.students.list(science)} == {"Begoña Ruiz", "Wei Wang"}
    ctx.undo_stack.undo()
    assert classroom.students.list(class_id) == [] and classroom.students.list(science) == []
    ctx.detach()


def test_a_big_oneroster_class_imports_behind_a_progress_bar(
    classroom: Any, qtbot: Any, tmp_path: Path
) -> None:
    import shutil

    folder = tmp_path / "big"
    shutil.copytree(FIXTURES / "oneroster-1.1", folder)
    users = (folder / "users.csv").read_text(encoding="utf-8").splitlines()
    enrollments = (folder / "enrollments.csv").read_text(encoding="utf-8").splitlines()
    for i in range(1600):
        users.append(f"big-{i},,,true,org-s1,student,b{i},,Given{i},Family{i},,B{i},,,,,04,")
        enrollments.append(f"enr-big-{i},,,cls-m4b,org-s1,big-{i},student,false,,")
    (folder / "users.csv").write_text("\n".join(users) + "\n", encoding="utf-8")
    (folder / "enrollments.csv").write_text("\n".join(enrollments) + "\n", encoding="utf-8")
    class_id = classroom.classes.create("Math 4B").created_id
    ctx = AppContext(classroom)
    ctx.set_class(class_id)
    page = StudentsPage(ctx)
    qtbot.addWidget(page)
    dialog = page.import_roster(folder)
    qtbot.addWidget(dialog)
    assert dialog.summary_label.text().startswith("Math 4B: 1604 new")
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=30000)
    assert len(classroom.students.list(class_id)) == 1604
    ctx.undo_stack.undo()
    assert classroom.students.list(class_id) == []
    ctx.detach()


def test_cancelling_a_long_import_leaves_nobody_behind(
    setup: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from classroom_desktop.ui.dialogs import roster_import

    ctx, page, class_id = setup
    text = HEADER + "".join(f"G{i},F{i},{1000 + i},\n" for i in range(2000))
    dialog = _dialog(page, qtbot, tmp_path, text)
    real = roster_import._ticker

    def cancelled_ticker(progress: Any, _cancelled: Any, label: str) -> Any:
        return real(progress, lambda: True, label)  # the teacher pressed Cancel

    monkeypatch.setattr(roster_import, "_ticker", cancelled_ticker)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=30000)
    assert dialog.result() != dialog.DialogCode.Accepted
    assert len(ctx.classroom.students.list(class_id)) == 2
    assert ctx.undo_stack.count() == 0


def test_a_delta_preview_names_the_student_it_only_enrols(classroom: Any, qtbot: Any, tmp_path: Path) -> None:
    import shutil

    from classroom_desktop.services.importing import import_path

    import_path(classroom, "roster", FIXTURES / "oneroster-1.2", None, all_classes=True)
    delta = tmp_path / "delta"
    shutil.copytree(FIXTURES / "oneroster-1.2-delta", delta)
    with open(delta / "enrollments.csv", "a", encoding="utf-8") as fh:
        fh.write("enr-13,active,2026-11-02T08:15:00.000Z,cls-m4b,org-s1,usr-s4,student,false,2026-11-02,\n")
    class_id = classroom.classes.find("Math 4B").id
    ctx = AppContext(classroom)
    ctx.set_class(class_id)
    page = StudentsPage(ctx)
    qtbot.addWidget(page)
    dialog = page.import_roster(delta)
    qtbot.addWidget(dialog)
    table = dialog.preview_table
    rows = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    assert ["Math 4B", "Wei", "Wang", "", "1004", "wei.wang@riverside.example", "joins the class"] in rows
    dialog.import_button.click()
    assert "Wei Wang" in {s.display_name for s in classroom.students.list(class_id)}
    ctx.undo_stack.undo()
    assert "Wei Wang" not in {s.display_name for s in classroom.students.list(class_id)}
    ctx.detach()
