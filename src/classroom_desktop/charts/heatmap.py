"""The class heatmap (students × standards) as a matplotlib Figure: colour AND the number in each cell."""

from __future__ import annotations

from typing import TYPE_CHECKING

from classroom_desktop.charts.datawall_data import HeatmapData
from classroom_desktop.charts.palette import (
    NO_EVIDENCE,
    level_colour,
    level_colours,
    level_hatches,
    text_colour,
)
from classroom_desktop.i18n import N_, program_translator

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle


def make_figure(width_in: float, height_in: float, dpi: int = 100) -> Figure:
    """A plain matplotlib Figure (no pyplot), through the project's ``charts.figure`` when present."""
    try:
        from classroom_desktop.charts.figure import new_figure
    except ImportError:
        from matplotlib.figure import Figure

        return Figure(figsize=(width_in, height_in), dpi=dpi, layout="constrained")
    fig: Figure = new_figure(width_in, height_in, dpi=dpi)
    fig.set_layout_engine("constrained")
    return fig


_NAME_FONTS = ("NotoSans-Regular.ttf", "NotoSansArabic-Regular.ttf", "NotoSansHebrew-Regular.ttf",
               "NotoSansDevanagari-Regular.ttf", "DroidSansFallback.ttf")


def name_fonts() -> list[str]:
    """Font families (with fallbacks) that have every script's letters, for names on charts."""
    from matplotlib import font_manager

    from classroom_desktop.resources import resource_path

    families = []
    for file in _NAME_FONTS:
        path = str(resource_path("fonts", file))
        if path not in {f.fname for f in font_manager.fontManager.ttflist}:
            font_manager.fontManager.addfont(path)
        families.append(font_manager.FontProperties(fname=path).get_name())
    return [*families, "DejaVu Sans"]


def _rgb(colour: str) -> tuple[float, float, float]:
    return (int(colour[1:3], 16) / 255, int(colour[3:5], 16) / 255, int(colour[5:7], 16) / 255)


def add_level_legend(fig: Figure, level_values: list[int], level_labels: list[str], cutoff: float,
                     where: str = "outside lower center", hatched: bool = False) -> None:
    """A legend with one patch per level, labelled with its number and name, and 'no evidence'
    (``hatched``: with each level's fill pattern, as the chart draws them)."""
    from matplotlib.patches import Patch

    colours = level_colours(level_values)
    hatches = level_hatches(level_values) if hatched else [""] * len(level_values)
    handles = [Patch(facecolor=c, edgecolor="#555555", hatch=h, label=f"{v} {label}")
               for v, label, c, h in zip(level_values, level_labels, colours, hatches, strict=True)]
    say = program_translator()
    none = "– " + say.gettext(N_("no evidence"))
    handles.append(Patch(facecolor=NO_EVIDENCE, edgecolor="#555555", label=none))
    title = say.gettext(N_("Mastery level (mastered at {cutoff} or above)")).format(cutoff=say.level(cutoff))
    fig.legend(handles=handles, loc=where, ncols=len(handles), fontsize=8, frameon=False,
               title=title, title_fontsize=8)


def heatmap_figure(data: HeatmapData, title: str = "", dpi: int = 100) -> Figure:
    """The heatmap: each cell coloured by level and showing its value; strands labelled on top.

    Cells in ``data.highlighted`` (newly mastered this week) get a thick black frame and a star.
    """
    rows, cols = len(data.row_ids), len(data.column_ids)
    width = min(40.0, max(6.0, 2.0 + 0.42 * cols))
    height = min(60.0, max(3.5, 2.2 + 0.24 * rows))
    fig = make_figure(width, height, dpi=dpi)
    ax = fig.add_subplot()
    image = [[_rgb(level_colour(v, data.level_values)) for v in row] for row in data.values]
    if rows and cols:
        ax.imshow(image, aspect="auto", interpolation="nearest")
    font = 7 if rows <= 60 else 5
    for r, row in enumerate(data.values):
        for c, value in enumerate(row):
            fill = level_colour(value, data.level_values)
            marked = (data.row_ids[r], data.column_ids[c]) in data.highlighted
            text = program_translator().mastery(value) + ("★" if marked else "")
            ax.text(c, r, text, ha="center", va="center", fontsize=font,
                    color=text_colour(fill), fontweight="bold" if marked else "normal")
            if marked:
                ax.add_patch(_frame(c, r))
    ax.set_xticks(range(cols), data.column_labels, rotation=90, fontsize=7)
    ax.set_yticks(range(rows), data.row_labels, fontsize=7, fontfamily=name_fonts())
    ax.set_xticks([x - 0.5 for x in range(1, cols)], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, rows)], minor=True)
    ax.grid(which="minor", color="white", linewidth=0.8)
    ax.tick_params(which="minor", length=0)
    ax.xaxis.tick_top()
    ax.set_xlim(-0.5, cols - 0.5)
    ax.set_ylim(rows - 0.5, -0.5)
    for group in data.groups:
        if group.start > 0:
            ax.axvline(group.start - 0.5, color="#222222", linewidth=1.5)
        centre = (group.start + group.stop - 1) / 2
        ax.annotate(group.label, xy=(centre, 1.0), xycoords=("data", "axes fraction"), xytext=(0, 40),
                    textcoords="offset points", ha="center", va="bottom", fontsize=8, fontweight="bold",
                    annotation_clip=False)
    if title:
        fig.suptitle(title, fontsize=11, fontweight="bold")
    add_level_legend(fig, data.level_values, data.level_labels, data.cutoff)
    return fig


def _frame(column: int, row: int) -> Rectangle:
    from matplotlib.patches import Rectangle

    return Rectangle((column - 0.45, row - 0.45), 0.9, 0.9, fill=False, edgecolor="black", linewidth=1.6)
