"""The data-wall page as a teacher uses it: sort, filter, anonymous, hover, click, export, poster."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt

from classroom_desktop.charts import datawall_data as dw
from classroom_desktop.services.printing import PrintOptions
from classroom_desktop.ui.heatmap_view import CELL_H, CELL_W, HEADER_H, NAMES_W
from classroom_desktop.ui.pages.datawall import DataWallPage


def _page(ctx: Any, qtbot: Any) -> DataWallPage:
    page = DataWallPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_heatmap_shows_the_mastery_table_with_names(ctx: Any, qtbot: Any) -> None:
    page = _page(ctx, qtbot)
    table = ctx.classroom.evidence.mastery_table(ctx.current_class_id)
    data = page.heatmap.data
    assert data is not None
    assert data.row_labels == [s.display_name for s in table.students]
    for r, sid in enumerate(data.row_ids):
        assert data.values[r] == [table.cell(sid, s.id).value for s in table.standards]
    assert "New this week:" in page.celebrate.text() and data.highlighted


def test_anonymous_toggle_shows_codes_and_hides_names(ctx: Any, qtbot: Any) -> None:
    page = _page(ctx, qtbot)
    students = ctx.classroom.students.list(ctx.current_class_id)
    page.anonymous.setChecked(True)
    data = page.heatmap.data
    assert data is not None
    assert sorted(data.row_labels) == sorted(s.display_code for s in students)
    for s in students:
        assert s.given_name not in page.celebrate.text()


def test_sort_by_one_standard_and_filter_by_strand(ctx: Any, qtbot: Any) -> None:
    page = _page(ctx, qtbot)
    table = ctx.classroom.evidence.mastery_table(ctx.current_class_id)
    first = table.standards[0]
    page.sort.setCurrentIndex(page.sort.findData(first.id))
    values = [table.cell(sid, first.id).value for sid in page.heatmap.data.row_ids]  # type: ignore[union-attr]
    known = [v for v in values if v is not None]
    assert known == sorted(known, reverse=True) and values[: len(known)] == known
    strand = table.strands[1]
    page.strand.setCurrentIndex(page.strand.findData(strand.id))
    assert page.heatmap.data.column_labels == [  # type: ignore[union-attr]
        s.code for s in table.standards if s.strand_id == strand.id
    ]
    page.sort.setCurrentIndex(page.sort.findData(dw.SORT_OVERALL))
    counts = [
        dw.overall_mastery(table, sid, dw.standards_in(table, strand.id))[0]
        for sid in page.heatmap.data.row_ids
    ]  # type: ignore[union-attr]
    assert counts == sorted(counts, reverse=True)


def test_hover_tells_the_latest_evidence_and_click_opens_the_student(ctx: Any, qtbot: Any) -> None:
    page = _page(ctx, qtbot)
    data = page.heatmap.data
    assert data is not None
    r, c = next(
        (r, c)
        for r in range(len(data.row_ids))
        for c in range(len(data.column_ids))
        if data.values[r][c] is not None
    )
    key = (data.row_ids[r], data.column_ids[c])
    latest = ctx.classroom.evidence.history(*key)[-1]
    text = page.tooltip(key)
    assert f"level {latest.level:g}" in text and latest.observed_on.strftime("%d %b %Y") in text
    assert page.heatmap.cell_at(QPoint(NAMES_W + c * CELL_W + 3, HEADER_H + r * CELL_H + 3)) == (r, c)
    with qtbot.waitSignal(page.student_opened) as opened:
        qtbot.mouseClick(page.heatmap, Qt.MouseButton.LeftButton, pos=QPoint(20, HEADER_H + r * CELL_H + 5))
    assert opened.args == [data.row_ids[r]]


def test_charts_export_as_png_and_svg(ctx: Any, qtbot: Any, tmp_path: Path) -> None:
    page = _page(ctx, qtbot)
    page.tabs.setCurrentIndex(1)  # distribution, drawn in a matplotlib canvas
    assert page.export_chart(tmp_path / "dist.svg").read_bytes().find(b"<svg") >= 0
    page.tabs.setCurrentIndex(2)
    assert page.export_chart(tmp_path / "growth.png").read_bytes().startswith(b"\x89PNG")
    assert page.export_chart(tmp_path / "heat.png", "heatmap").read_bytes().startswith(b"\x89PNG")


def test_print_poster_runs_in_the_background(ctx: Any, qtbot: Any, tmp_path: Path) -> None:
    page = _page(ctx, qtbot)
    done: list[Path] = []
    out = tmp_path / "poster.pdf"
    page.print_poster(
        PrintOptions(out=out, class_id=ctx.current_class_id, paper="A2", tile="A4", anonymous=True),
        done.append,
    )
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    from pypdf import PdfReader

    assert done == [out] and len(PdfReader(str(out)).pages) == 9


def test_each_tab_shows_only_the_controls_that_change_it(ctx: Any, qtbot: Any) -> None:
    """Issue 14.11: Sort and Anonymous only on the heatmap; no Strand on the growth chart."""
    page = _page(ctx, qtbot)
    seen = {}
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        seen[page.tabs.tabText(index)] = (
            page.sort.isVisible(), page.anonymous.isVisible(), page.strand.isVisible()
        )
    assert seen == {
        "Heatmap": (True, True, True),
        "Distribution": (False, False, True),
        "Growth": (False, False, False),
    }


def test_the_charts_say_what_they_show(ctx: Any, qtbot: Any) -> None:
    """Issue 14.11: the distribution explains its colours (grey: no evidence) where it can be seen;
    the growth chart says it is a running total."""
    page = _page(ctx, qtbot)
    figure = page.chart("distribution")
    [legend] = figure.legends
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels[-1] == "– no evidence" and labels[0] == "1 Beginning"
    figure.canvas.draw()
    box = legend.get_window_extent().transformed(figure.transFigure.inverted())
    assert box.y0 > 0.5, "the legend is at the top, in sight without scrolling"
    growth = page.chart("growth")
    assert "so far, week by week" in growth._suptitle.get_text()
    assert "running total" in growth.axes[0].get_ylabel()
