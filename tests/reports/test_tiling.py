"""Tiling a poster onto small sheets: how many sheets, and where each one's window lies."""

from __future__ import annotations

import pytest
from reportlab.lib.units import mm

from classroom_desktop.reports.poster import paper_size
from classroom_desktop.reports.tiling import plan_tiles

# margin 12 mm, overlap 10 mm: an A4 sheet prints a 186 x 273 mm window, each step adds 176 x 263 mm.


@pytest.mark.parametrize(("poster", "landscape", "sheet", "expected"), [
    ("A2", True, "A4", 8),  # 594 x 420: 4 portrait sheets across, 2 down
    ("A2", False, "A4", 8),  # 420 x 594: 2 landscape sheets across, 4 down
    ("A3", True, "A4", 4),  # 420 x 297: 2 x 2 either way
    ("A4", True, "A4", 2),  # the margins make a full A4 need two sheets
    ("Tabloid", True, "Letter", 4),
    ("A2", True, "Letter", 8),
])
def test_sheet_counts(poster: str, landscape: bool, sheet: str, expected: int) -> None:
    plan = plan_tiles(paper_size(poster, landscape), paper_size(sheet, False))
    assert plan.count == expected
    assert plan.rows * plan.columns == expected


def test_windows_cover_the_poster_with_the_overlap() -> None:
    poster = paper_size("A2", True)
    plan = plan_tiles(poster, paper_size("A4", False))
    assert (plan.rows, plan.columns) == (2, 4)
    assert not plan.sheet_landscape
    first, second = plan.tiles[0], plan.tiles[1]
    assert first.name == "A1" and second.name == "A2" and plan.tiles[-1].name == "B4"
    assert first.x == 0 and first.y + first.height == pytest.approx(poster[1])  # top left corner
    assert second.x == pytest.approx(first.width - 10 * mm)  # neighbours share 10 mm
    last = plan.tiles[-1]
    assert last.x + last.width >= poster[0] and last.y <= 0  # the whole poster is covered
    assert first.width == pytest.approx((210 - 24) * mm)


def test_a_poster_that_fits_takes_one_sheet() -> None:
    plan = plan_tiles((100 * mm, 100 * mm), paper_size("A4", False))
    assert plan.count == 1


def test_too_small_a_sheet_is_refused() -> None:
    with pytest.raises(ValueError):
        plan_tiles((1000, 1000), (30, 30))
