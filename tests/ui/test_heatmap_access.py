"""Issue 19.2: the data wall's heatmap by keyboard and through a screen reader's eyes (QAccessible)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible

from classroom_desktop.i18n import program_translator
from classroom_desktop.ui.pages.datawall import DataWallPage


def _page(ctx: Any, qtbot: Any) -> DataWallPage:
    page = DataWallPage(ctx)
    qtbot.addWidget(page)
    page.resize(1300, 660)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_the_heatmap_is_an_accessible_table_with_headers_and_spoken_cells(ctx: Any, qtbot: Any) -> None:
    page = _page(ctx, qtbot)
    view, data = page.heatmap, page.heatmap.data
    assert data is not None
    iface = QAccessible.queryAccessibleInterface(view)
    assert iface.role() == QAccessible.Role.Table
    assert iface.text(QAccessible.Text.Name).startswith("Data wall heatmap")
    cells = [iface.child(i) for i in range(iface.childCount())]
    by_place = {}
    for child in cells:
        if child is not None and child.role() == QAccessible.Role.Cell:
            cell = child.tableCellInterface()
            by_place[(cell.rowIndex(), cell.columnIndex())] = (child, cell)
    # every visible cell is a child with its place (a screen reader reads those on screen)
    assert (0, 0) in by_place and len(by_place) >= 10
    table = ctx.classroom.evidence.mastery_table(ctx.current_class_id)
    scale = table.scale
    checked = 0
    for (r, c), (child, cell) in by_place.items():
        name = child.text(QAccessible.Text.Name)
        assert cell.rowHeaderCells()[0].text(QAccessible.Text.Name) == data.row_labels[r]
        assert cell.columnHeaderCells()[0].text(QAccessible.Text.Name) == data.column_labels[c]
        truth = table.cell(data.row_ids[r], data.column_ids[c])
        assert name.startswith(f"{data.row_labels[r]}, {data.column_labels[c]}: ")
        if truth.value is None:
            assert name.endswith("no evidence yet")
            continue
        level = scale.label_for(truth.value)
        state = "mastered" if truth.mastered else "not yet mastered"
        pieces = f"{truth.count} piece" + ("s" if truth.count != 1 else "")
        assert f": {page.heatmap.model().data(view.model().index(r, c))} {level}, {state}, {pieces}" in name
        checked += 1
    assert checked >= 5


def test_arrows_move_the_current_cell_show_its_latest_evidence_and_enter_opens_the_student(
    ctx: Any, qtbot: Any
) -> None:
    page = _page(ctx, qtbot)
    view, data = page.heatmap, page.heatmap.data
    assert data is not None and view.focusPolicy() & Qt.FocusPolicy.TabFocus
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (1, 1)
    key = (data.row_ids[1], data.column_ids[1])
    latest = ctx.classroom.evidence.history(*key)
    shown = page.latest.text()
    assert data.row_labels[1] in shown and data.column_labels[1] in shown
    if latest:
        assert program_translator().short_date(latest[-1].observed_on) in shown
    else:
        assert "No evidence yet" in shown
    with qtbot.waitSignal(page.student_opened) as opened:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened.args == [data.row_ids[1]]


def test_gradebook_cells_speak_name_standard_level_state_and_evidence(ctx: Any, qtbot: Any) -> None:
    from classroom_desktop.ui.pages.gradebook import GradebookPage

    page = GradebookPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    model, table = page.model, page.model.table
    assert table is not None
    spoken = {
        model.index(r, c).data(Qt.ItemDataRole.AccessibleTextRole)
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    }
    rohan = next(s for s in table.students if s.display_name == "Rohan Gupta")
    nbt1 = next(s for s in table.standards if s.code == "4.NBT.1")
    cell = table.cell(rohan.id, nbt1.id)
    state = "mastered" if cell.mastered else "not yet mastered"
    expected = (
        f"Rohan Gupta, 4.NBT.1: {model.index(model.row_of(rohan.id), model.column_of(nbt1.id)).data()} "
        f"{table.scale.label_for(cell.value)}, {state}, {cell.count} pieces of evidence"
    )
    assert expected in spoken
    iface = QAccessible.queryAccessibleInterface(page.view)
    assert iface.text(QAccessible.Text.Name).startswith("Gradebook")


def test_charts_carry_a_text_summary_and_levels_differ_by_pattern(ctx: Any, qtbot: Any) -> None:
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    page = _page(ctx, qtbot)
    page.tabs.setCurrentIndex(1)  # distribution
    canvas = page.tabs.widget(1).findChild(FigureCanvasQTAgg)
    assert canvas is not None and canvas.accessibleName() == "Distribution"
    summary = canvas.accessibleDescription()
    data = page.heatmap.data
    assert data is not None and summary.startswith(f"{data.column_labels[0]}: ")
    assert "Developing" in summary and "Proficient" in summary
    bars = [p for p in canvas.figure.axes[0].patches]
    hatches = {p.get_facecolor()[:3]: p.get_hatch() for p in bars}
    assert len(set(hatches.values())) >= 3  # levels 2 and 3 differ in greyscale too
    page.tabs.setCurrentIndex(2)
    growth = page.tabs.widget(2).findChild(FigureCanvasQTAgg)
    assert growth is not None and growth.accessibleDescription().startswith("Standards mastered: ")
