"""The gradebook driven by the keyboard, as a teacher would: levels, bulk entry, undo, Delete, corrections."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt

from classroom_desktop.domain import mastery


@pytest.fixture
def page(window: Any, qtbot: Any) -> Any:
    gradebook = window.show_page("Gradebook")
    gradebook.view.setFocus()
    return gradebook


def _select(page: Any, row: int, column: int) -> tuple[str, str]:
    index = page.model.index(row, column)
    page.view.setCurrentIndex(index)
    page.view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    return page.model.cell_ids(index)


def _find(page: Any, empty: bool) -> tuple[int, int]:
    table = page.model.table
    for row in range(page.model.rowCount()):
        for col in range(page.model.columnCount()):
            cell = table.cell(*page.model.cell_ids(page.model.index(row, col)))
            if (cell.count == 0) == empty:
                return row, col
    raise AssertionError("no such cell in the demo")


def _expected(ctx: Any, key: tuple[str, str]) -> Any:
    table = ctx.classroom.evidence.mastery_table(ctx.current_class_id)
    return table.cell(*key)


def test_typing_a_level_records_evidence_for_today_and_updates_mastery(
    page: Any, ctx: Any, qtbot: Any
) -> None:
    row, col = _find(page, empty=True)
    key = _select(page, row, col)
    assert page.model.data(page.model.index(row, col)) == "–"
    page.kind_box.setCurrentText("quiz")

    qtbot.keyClicks(page.view, "3")

    history = ctx.classroom.evidence.history(*key)
    assert [(e.level, e.observed_on, e.kind) for e in history] == [(3.0, ctx.today(), "quiz")]
    assert page.model.data(page.model.index(row, col)) == "3.0"
    assert page.model.table.cell(*key) == _expected(ctx, key)
    assert page.panel.history.rowCount() == 1 or page.view.currentIndex().row() == row + 1


def test_level_on_a_cell_with_evidence_changes_its_mastery(page: Any, ctx: Any, qtbot: Any) -> None:
    row, col = _find(page, empty=False)
    key = _select(page, row, col)
    before = page.model.table.cell(*key)
    level = 1 if (before.value or 0) >= 2.5 else 4

    qtbot.keyClicks(page.view, str(level))

    after = page.model.table.cell(*key)
    assert after.count == before.count + 1
    assert after.value != before.value
    assert after == _expected(ctx, key)
    assert page.model.data(page.model.index(row, col)) == mastery.display(after.value)


def test_bulk_entry_on_a_column_then_undo_and_redo(page: Any, ctx: Any, qtbot: Any) -> None:
    column = 2
    standard_id = page.model.standard(column).id
    students = [page.model.student(r).id for r in range(page.model.rowCount())]
    counts = {s: len(ctx.classroom.evidence.history(s, standard_id)) for s in students}
    steps = ctx.undo_stack.count()
    page.view.selectColumn(column)

    qtbot.keyClicks(page.view, "2")

    for s in students:
        history = ctx.classroom.evidence.history(s, standard_id)
        assert len(history) == counts[s] + 1
        assert any(e.level == 2.0 and e.observed_on == ctx.today() for e in history)
    assert ctx.undo_stack.count() == steps + 1  # one undo step for the whole group

    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert {s: len(ctx.classroom.evidence.history(s, standard_id)) for s in students} == counts
    assert page.model.table.cell(students[0], standard_id) == _expected(ctx, (students[0], standard_id))

    qtbot.keyClick(
        page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert all(len(ctx.classroom.evidence.history(s, standard_id)) == counts[s] + 1 for s in students)
    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert all(len(ctx.classroom.evidence.history(s, standard_id)) == counts[s] + 1 for s in students)
    assert page.model.table.cell(students[-1], standard_id) == _expected(ctx, (students[-1], standard_id))


def test_undo_of_a_single_level_withdraws_it(page: Any, ctx: Any, qtbot: Any) -> None:
    row, col = _find(page, empty=True)
    key = _select(page, row, col)
    qtbot.keyClicks(page.view, "4")
    assert page.model.table.cell(*key).value == 4.0

    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    assert ctx.classroom.evidence.history(*key) == []
    assert page.model.table.cell(*key).value is None
    assert page.model.data(page.model.index(row, col)) == "–"


def test_delete_withdraws_the_latest_evidence_and_undo_brings_it_back(
    page: Any, ctx: Any, qtbot: Any
) -> None:
    row, col = _find(page, empty=False)
    key = _select(page, row, col)
    before = ctx.classroom.evidence.history(*key)

    qtbot.keyClick(page.view, Qt.Key.Key_Delete)

    after = ctx.classroom.evidence.history(*key)
    assert [e.id for e in after] == [e.id for e in before[:-1]]
    assert page.model.table.cell(*key) == _expected(ctx, key)

    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    restored = ctx.classroom.evidence.history(*key)
    assert [(e.level, e.observed_on, e.kind) for e in restored] == [
        (e.level, e.observed_on, e.kind) for e in before
    ]
    assert page.model.table.cell(*key).value == pytest.approx(_expected(ctx, key).value)


def test_correcting_a_level_in_the_side_panel_changes_mastery(page: Any, ctx: Any, qtbot: Any) -> None:
    row, col = _find(page, empty=False)
    key = _select(page, row, col)
    panel = page.panel
    newest = ctx.classroom.evidence.history(*key)[-1]
    # the window's one date format, not ISO
    assert panel.history.item(0, 0).text() == newest.observed_on.strftime("%-d %b %Y")
    new_level = 1 if newest.level != 1 else 4
    panel.level_box.setCurrentIndex(panel.level_box.findData(new_level))
    panel.note_edit.setText("Re-marked after a conversation")
    before = page.model.table.cell(*key)

    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)

    latest = ctx.classroom.evidence.history(*key)[-1]
    assert (latest.level, latest.note, latest.observed_on) == (
        new_level,
        "Re-marked after a conversation",
        newest.observed_on,
    )
    after = page.model.table.cell(*key)
    assert after == _expected(ctx, key)
    assert after.value != before.value and after.count == before.count
    assert panel.history.item(0, 2).text() == str(new_level)

    ctx.undo_stack.undo()
    assert ctx.classroom.evidence.history(*key)[-1].level == newest.level
    assert page.model.table.cell(*key).value == pytest.approx(before.value)


def test_changing_the_date_in_the_side_panel(page: Any, ctx: Any, qtbot: Any) -> None:
    from PySide6.QtCore import QDate

    row, col = _find(page, empty=False)
    key = _select(page, row, col)
    page.panel.date_edit.setDate(QDate(2026, 9, 1))
    qtbot.mouseClick(page.panel.save_button, Qt.MouseButton.LeftButton)
    dates = [e.observed_on for e in ctx.classroom.evidence.history(*key)]
    assert dates[0] == date(2026, 9, 1)  # it now counts as the oldest
    assert page.model.table.cell(*key) == _expected(ctx, key)


@pytest.mark.parametrize("key", ["7", "x", "0"])
def test_a_key_that_is_not_a_level_does_nothing(page: Any, ctx: Any, qtbot: Any, key: str) -> None:
    row, col = _find(page, empty=False)
    cell_key = _select(page, row, col)
    before = ctx.classroom.evidence.history(*cell_key)
    steps = ctx.undo_stack.count()

    qtbot.keyClicks(page.view, key)

    assert ctx.classroom.evidence.history(*cell_key) == before
    assert ctx.undo_stack.count() == steps
    assert page.view.currentIndex().row() == row  # no type-ahead jump either


def test_filter_by_strand_and_search_students(page: Any, ctx: Any, qtbot: Any) -> None:
    table = page.model.table
    strand = table.strands[1]
    page.strand_box.setCurrentIndex(page.strand_box.findData(strand.id))
    shown = [page.model.standard(c) for c in range(page.model.columnCount())]
    assert shown and all(s.strand_id == strand.id for s in shown)
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == shown[0].code

    nguyen = next(s for s in table.students if s.family_name == "Nguyễn")
    qtbot.keyClicks(page.search, "nguyen")  # accents and case need not be typed
    names = [page.model.headerData(r, Qt.Orientation.Vertical) for r in range(page.model.rowCount())]
    assert names == [nguyen.display_name]
    page.search.setText("王")
    assert [page.model.headerData(r, Qt.Orientation.Vertical) for r in range(page.model.rowCount())] == [
        "王小明"
    ]
    page.search.clear()
    assert page.model.rowCount() == len(table.students)


def test_click_a_header_sorts_by_mastery_on_that_standard(page: Any, ctx: Any, qtbot: Any) -> None:
    header = page.view.horizontalHeader()
    column = 1
    point = QPoint(header.sectionViewportPosition(column) + 5, header.height() - 5)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=point)
    standard = page.model.standard(column).id
    values = [
        page.model.table.cell(page.model.student(r).id, standard).value for r in range(page.model.rowCount())
    ]
    known = [v for v in values if v is not None]
    assert known == sorted(known) and values[: len(known)] == known
    assert {i.column() for i in page.view.selectionModel().selectedIndexes()} == {column}

    page.sort_by_name()
    keys = [page.model.student(r).sort_key for r in range(page.model.rowCount())]
    assert keys == sorted(keys)


def test_cells_show_colour_number_and_count(page: Any) -> None:
    from classroom_desktop.charts.palette import level_colour
    from classroom_desktop.ui.gradebook_model import SHOWN_ROLE

    row, col = _find(page, empty=False)
    index = page.model.index(row, col)
    cell = page.model.table.cell(*page.model.cell_ids(index))
    shown = index.data(SHOWN_ROLE)
    assert shown.text == mastery.display(cell.value)
    assert shown.count == cell.count
    assert shown.fill.name() == level_colour(cell.value, page.model.table.scale.values)
    assert "pieces of evidence" in index.data(Qt.ItemDataRole.ToolTipRole) or cell.count == 1


def test_a_run_of_threes_after_one_dip_reads_three_and_mastered(page: Any, ctx: Any, qtbot: Any) -> None:
    """Issue 14.4: Rohan's 4.NBT.1 is 3,3,2,3,3; one more 3 makes it read 3.0 (Proficient), mastered."""
    table = page.model.table
    row = next(r for r, s in enumerate(page.model._students) if s.display_name == "Rohan Gupta")
    col = next(c for c, s in enumerate(page.model._standards) if s.code == "4.NBT.1")
    key = _select(page, row, col)
    assert [e.level for e in ctx.classroom.evidence.history(*key)] == [3.0, 3.0, 2.0, 3.0, 3.0]
    assert table.cell(*key).mastered is False

    qtbot.keyClicks(page.view, "3")

    assert page.model.data(page.model.index(row, col)) == "3.0"
    tip = page.model.data(page.model.index(row, col), Qt.ItemDataRole.ToolTipRole)
    assert "Mastery 3.0 (Proficient, mastered)" in tip
    assert page.model.table.cell(*key).mastered


def test_going_back_to_a_class_shows_its_table_kept_until_a_write(
    page: Any, ctx: Any, window: Any, qtbot: Any
) -> None:
    classes = [c.id for c in ctx.classroom.classes.list()]
    if len(classes) < 2:
        ctx.classroom.classes.create("Second class")
        classes = [c.id for c in ctx.classroom.classes.list()]
    first, other = ctx.current_class_id, next(c for c in classes if c != ctx.current_class_id)
    shown = page.model.table
    assert shown.cells == ctx.classroom.evidence.mastery_table(first).cells
    ctx.set_class(other)
    assert page.model.table.class_id == other
    ctx.set_class(first)
    assert page.model.table is shown  # nothing written: the table kept shows at once
    # evidence recorded while another class is shown: coming back shows it
    row, col = _find(page, empty=True)
    key = page.model.cell_ids(page.model.index(row, col))
    ctx.set_class(other)
    ctx.classroom.evidence.record(*key, 4, date(2026, 11, 20), "quiz", class_id=first)
    ctx.set_class(first)
    assert page.model.table is not shown
    assert page.model.table.cell(*key).count == 1
    assert page.model.table.cells == ctx.classroom.evidence.mastery_table(first).cells
    assert page.model.data(page.model.index(page.model.row_of(key[0]), page.model.column_of(key[1]))) == "4.0"


def test_the_strand_chosen_stays_chosen_in_another_class_of_the_framework(page: Any, ctx: Any) -> None:
    first = ctx.current_class_id
    framework = ctx.classroom.classes.get(first).framework_id
    other = ctx.classroom.classes.create("4C", "2026", framework).created_id
    strand = page.model.table.strands[1]
    page.strand_box.setCurrentIndex(page.strand_box.findData(strand.id))
    ctx.set_class(other)
    assert page.model.table.class_id == other and page.strand_box.currentData() == strand.id
    ctx.set_class(first)
    shown = [page.model.standard(c) for c in range(page.model.columnCount())]
    assert page.strand_box.currentData() == strand.id
    assert shown and all(s.strand_id == strand.id for s in shown)
    assert len(shown) < len(page.model.table.standards)
    assert page.kind_box.count() == len(ctx.classroom.evidence.kinds())
