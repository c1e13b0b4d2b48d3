"""The data-wall poster's data and layout: paper sizes, what a poster shows, and where each part
goes on each sheet (a class too big for one sheet continues on more sheets).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A2, A3, A4, LETTER, TABLOID

from classroom_desktop.charts.datawall_data import HeatmapData, StrandGroup
from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.reports.text import string_width

PAPER_SIZES: dict[str, tuple[float, float]] = {
    "A4": A4, "Letter": LETTER, "A3": A3, "A2": A2, "Tabloid": TABLOID,
}
INK = HexColor("#222222")
GREY = HexColor("#777777")
WHITE = HexColor("#ffffff")


@dataclass(frozen=True)
class PosterData:
    """What a poster shows. ``heatmap`` rows carry names or display codes, never both."""

    title: str
    subtitle: str
    heatmap: HeatmapData
    counts: list[list[int]]  # per standard: students at each level (lowest first), then with no evidence
    celebrations: dict[str, list[str]] = field(default_factory=dict)  # row id -> codes newly mastered
    statements: list[str] = field(default_factory=list)  # per standard, its "I can" statement
    anonymous: bool = False
    #: The celebration strip: (who, codes newly mastered since Monday), printed along every sheet's foot.
    strip: list[tuple[str, list[str]]] = field(default_factory=list)


def paper_size(paper: str, landscape: bool) -> tuple[float, float]:
    """The page size in points for a paper name, turned as asked."""
    if paper not in PAPER_SIZES:
        raise UserError(
            _("'{paper}' is not a poster paper size. Use one of: {papers}.").format(
                paper=paper, papers=", ".join(PAPER_SIZES)
            )
        )
    short, long = sorted(PAPER_SIZES[paper])
    return (long, short) if landscape else (short, long)


def fit(text: str, width: float, size: float, bold: bool = False) -> str:
    """``text`` shortened with an ellipsis so it is at most ``width`` wide."""
    if string_width(text, size, bold) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if string_width(text[:mid].rstrip() + "…", size, bold) <= width:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "…" if low else ""


@dataclass(frozen=True)
class PageLayout:
    """Where everything goes on one poster sheet (points, origin bottom left)."""

    index: int
    total: int
    scale: float
    left: float
    bottom: float
    width: float
    title_y: float
    grid_left: float
    grid_top: float
    names_width: float
    cell_w: float
    cell_h: float
    codes_height: float
    strand_height: float
    row_start: int
    row_stop: int
    col_start: int
    col_stop: int
    groups: list[StrandGroup]
    dist_top: float
    dist_height: float
    panel_x: float
    panel_top: float
    panel_w: float
    panel_bottom: float
    header_font: float
    name_font: float
    cell_font: float
    strip_height: float = 0.0


MIN_CELL_W = 14.0  # points: room for "3.5" at a readable size
MIN_CELL_H = 11.0
STRIP_HEIGHT = 34.0  # points on an A3 sheet: the celebration strip, two lines of names


def _chunks(n: int, per: int) -> list[tuple[int, int]]:
    """``range(n)`` cut into the fewest equal-ish runs of at most ``per``."""
    count = max(1, math.ceil(n / max(per, 1)))
    size = math.ceil(n / count)
    return [(i, min(n, i + size)) for i in range(0, n, size)] or [(0, 0)]


def plan_pages(data: PosterData, size: tuple[float, float]) -> list[PageLayout]:
    """Lay the heatmap out on as many sheets of ``size`` as it needs (rows, then columns, split)."""
    heat = data.heatmap
    n_rows, n_cols = len(heat.row_ids), len(heat.column_ids)
    if not n_rows:
        raise UserError(_("This class has no students yet, so there is nothing to put on a poster."))
    if not n_cols:
        raise UserError(_("This class has no standards yet; choose a framework for the class first."))
    w, h = size
    s = min(w, h) / 842.0
    m = max(18.0, 0.035 * min(w, h))
    width = w - 2 * m
    title_y = h - m - 18 * s
    header_bottom = title_y - 16 * s - 30 * s
    landscape = w >= h
    panel_w = max(150 * s, 0.18 * width) if landscape else width
    area_w = width - panel_w - 16 * s if landscape else width
    unit_names = max(string_width(label, 10) for label in heat.row_labels) / 10
    names_width = min(unit_names * 10 * s + 10, 0.24 * area_w, 190 * s)
    names_width = max(names_width, 62 * s)  # room for the distribution's label
    grid_w = area_w - names_width
    per_page_cols = max(1, int(grid_w // MIN_CELL_W))
    header_max = 8 * s
    codes_height = max(string_width(code, header_max, True) for code in heat.column_labels) + 8
    codes_height = min(codes_height, 80 * s)
    strand_height = 16 * s
    dist_height = 72 * s
    footer = 14 * s
    strip_height = STRIP_HEIGHT * s if data.strip else 0.0
    panel_h = 0.0 if landscape else 0.17 * h
    avail_h = (header_bottom - strand_height - codes_height - 10 * s - dist_height - footer - m - panel_h
               - strip_height)
    per_page_rows = max(1, int(avail_h // MIN_CELL_H))
    row_chunks = _chunks(n_rows, per_page_rows)
    col_chunks = _chunks(n_cols, per_page_cols)
    total = len(row_chunks) * len(col_chunks)
    pages: list[PageLayout] = []
    for r0, r1 in row_chunks:
        for c0, c1 in col_chunks:
            cell_w = min(grid_w / (c1 - c0), 60 * s)
            cell_h = min(22 * s, avail_h / (r1 - r0))
            grid_top = header_bottom - strand_height - codes_height
            dist_top = grid_top - (r1 - r0) * cell_h - 10 * s
            groups = [StrandGroup(g.label, max(g.start, c0), min(g.stop, c1)) for g in heat.groups
                      if g.stop > c0 and g.start < c1]
            pages.append(PageLayout(
                index=len(pages), total=total, scale=s, left=m, bottom=m, width=width, title_y=title_y,
                grid_left=m + names_width, grid_top=grid_top, names_width=names_width, cell_w=cell_w,
                cell_h=cell_h, codes_height=codes_height, strand_height=strand_height,
                row_start=r0, row_stop=r1,
                col_start=c0, col_stop=c1, groups=groups, dist_top=dist_top, dist_height=dist_height,
                panel_x=m + width - panel_w if landscape else m,
                panel_top=header_bottom if landscape else dist_top - dist_height - 12 * s,
                panel_w=panel_w, panel_bottom=m + footer + strip_height,
                header_font=min(header_max, cell_w * 0.72), name_font=min(cell_h * 0.68, 10 * s),
                cell_font=min(cell_h * 0.55, cell_w / 2.1, 11 * s), strip_height=strip_height,
            ))
    return pages
