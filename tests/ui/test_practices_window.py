"""Units, peer helpers and re-assessment in the window: what the teacher sees after each action, and undo."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from classroom_desktop.ui.dialogs.reassessment import MarkReadyDialog, ResultDialog
from classroom_desktop.ui.dialogs.unit_editor import UnitDialog
from classroom_desktop.ui.pages.datawall import DataWallPage
from classroom_desktop.ui.pages.today import TodayPage
from classroom_desktop.ui.pages.units import UnitsPage


def _shown(qtbot: Any, page: Any) -> Any:
    qtbot.addWidget(page)
    page.resize(1366, 740)
    page.show()
    qtbot.waitExposed(page)
    return page


def _rows(widget: Any) -> list[str]:
    return [widget.item(i).text() for i in range(widget.count())]


def _marks(panel: Any) -> list[str]:
    return [panel.ready.item(i).data(Qt.ItemDataRole.UserRole) for i in range(panel.ready.count())]


def _focus(page: TodayPage, standard_id: str) -> None:
    page.practices.tabs.setCurrentWidget(page.practices)  # the teacher opens the tab
    for i in range(page.focus.count()):
        item = page.focus.item(i)
        wanted = item.data(Qt.ItemDataRole.UserRole) == standard_id
        item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)


def test_units_page_shows_progress_and_a_new_unit_can_be_undone(
    ctx: Any, qtbot: Any, monkeypatch: Any, messages: Any
) -> None:
    page = _shown(qtbot, UnitsPage(ctx))
    assert _rows(page.units) == ["Fair shares in the school garden", "Measure the schoolyard"]
    assert page.name.text() == "Fair shares in the school garden"
    assert "4.NF.1 → 4.NF.2 → 4.NF.3 → 4.NF.4 → 4.NF.5" in page.skills.text()
    summaries = [page.students.item(r, 1).text() for r in range(page.students.rowCount())]
    assert len(summaries) == 28
    assert all(" of 5 skills mastered — ready for the end task: " in s for s in summaries)
    assert any(s.endswith(": yes") for s in summaries) and any(", needs 4.NF." in s for s in summaries)
    assert page.groups.count() and page.groups_title.text()

    codes = {s.code: s.id for s in ctx.classroom.evidence.mastery_table(ctx.current_class_id).standards}

    def fill(dialog: UnitDialog) -> int:
        dialog.name.setText("Shapes around the school")
        for i in range(dialog.standards.count()):
            item = dialog.standards.item(i)
            if item.data(Qt.ItemDataRole.UserRole) in (codes["4.G.2"], codes["4.G.1"]):
                item.setCheckState(Qt.CheckState.Checked)
        return 1

    monkeypatch.setattr(UnitDialog, "exec", fill)
    page.new_unit()
    assert "Shapes around the school" in _rows(page.units)
    page.units.setCurrentRow(_rows(page.units).index("Shapes around the school"))
    assert "4.G.1 → 4.G.2" in page.skills.text()
    ctx.undo_stack.undo()
    assert "Shapes around the school" not in _rows(page.units)
    ctx.undo_stack.redo()
    assert "Shapes around the school" in _rows(page.units)


def test_todays_helpers_pair_students_and_a_helper_can_be_opted_out_and_back(ctx: Any, qtbot: Any) -> None:
    page = _shown(qtbot, TodayPage(ctx))
    unit = ctx.classroom.units.list(ctx.current_class_id)[0]
    _focus(page, unit.standard_ids[1])
    panel = page.practices
    assert "Unit “Fair shares in the school garden”</b>: this is skill 2 of 5" in panel.unit_line.text()
    assert "Next: 4.NF.1" in panel.unit_line.toolTip()  # each table's progress toward the end task
    helpers = _rows(panel.helpers)
    assert helpers[0].split(" can help with 4.NF.2 → ")[1] != "no one yet"
    name = helpers[0].split(" can help with")[0].strip("\u2068\u2069")
    panel.helpers.setCurrentRow(0)
    assert panel.opt_button.text() == "Not a helper"
    panel.opt_button.click()
    assert f"\u2068{name}\u2069 — not offered as a helper" in _rows(panel.helpers)
    assert not any(r.startswith(f"\u2068{name}\u2069 can help") for r in _rows(panel.helpers))
    ctx.undo_stack.undo()
    assert _rows(panel.helpers)[0] == helpers[0]


def test_mark_ready_then_record_the_result_from_the_slip_in_a_few_keys(
    ctx: Any, qtbot: Any, monkeypatch: Any
) -> None:
    page = _shown(qtbot, TodayPage(ctx))
    classroom, class_id = ctx.classroom, ctx.current_class_id
    unit = classroom.units.list(class_id)[1]
    _focus(page, unit.standard_ids[0])
    panel = page.practices
    before = panel.ready.count()
    chosen: dict[str, str] = {}

    def pick(dialog: MarkReadyDialog) -> int:
        dialog.student.setCurrentIndex(1)
        chosen["name"] = dialog.student.currentText()
        dialog.note.setText("Measured the corridor twice")
        return 1

    monkeypatch.setattr(MarkReadyDialog, "exec", pick)
    panel.mark_ready()
    assert panel.ready.count() == before + 1
    wanted = f"\u2068{chosen['name']}\u2069 — 4.MD.1"
    row = next(i for i, text in enumerate(_rows(panel.ready)) if text.startswith(wanted))
    assert "Measured the corridor twice" in panel.ready.item(row).text()
    ctx.undo_stack.undo()
    assert panel.ready.count() == before
    ctx.undo_stack.redo()
    row = next(i for i, text in enumerate(_rows(panel.ready)) if text.startswith(wanted))
    panel.ready.setCurrentRow(row)
    mark_id = panel.ready.item(row).data(Qt.ItemDataRole.UserRole)
    student_id = classroom.reassessment.ready(class_id)[row].student_id
    attempts = len(classroom.evidence.history(student_id, unit.standard_ids[0]))

    def type_it(dialog: ResultDialog) -> int:  # the slip is already chosen: one digit and Enter
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.keyClicks(dialog.level, "4")
        qtbot.keyClick(dialog.level, Qt.Key.Key_Return)
        return dialog.result()

    monkeypatch.setattr(ResultDialog, "exec", type_it)
    panel.record_result()
    assert mark_id not in _marks(panel)
    history = classroom.evidence.history(student_id, unit.standard_ids[0])
    assert len(history) == attempts + 1 and history[-1].level == 4.0
    ctx.undo_stack.undo()
    assert len(classroom.evidence.history(student_id, unit.standard_ids[0])) == attempts
    assert mark_id in _marks(panel)


def test_the_data_wall_shows_helpers_by_name_and_by_code_when_anonymous(ctx: Any, qtbot: Any) -> None:
    page = _shown(qtbot, DataWallPage(ctx))
    found = ctx.classroom.peer_help.by_standard(ctx.current_class_id)
    first = next(iter(found.values()))[0]
    assert "Ask me about:" in page.helpers.text() and first.name in page.helpers.text()
    page.anonymous.setChecked(True)
    assert first.code in page.helpers.text() and first.name not in page.helpers.text()
