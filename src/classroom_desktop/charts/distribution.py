"""Class distribution per standard: one stacked bar per standard, a segment per level, labelled."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from classroom_desktop.charts.heatmap import add_level_legend, make_figure
from classroom_desktop.charts.palette import NO_EVIDENCE, level_colours, level_hatches, text_colour
from classroom_desktop.i18n import _

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def distribution_figure(codes: Sequence[str], counts: Sequence[Sequence[int]], level_values: list[int],
                        level_labels: list[str], cutoff: float, title: str = "", dpi: int = 100) -> Figure:
    """Stacked horizontal bars: for each standard, how many students are at each level.

    Args:
        codes: The standards' codes, top to bottom.
        counts: Per standard, the count at each level (lowest first) and then the count with no evidence.
        level_values: The scale's level values, lowest first.
        level_labels: Their labels.
        cutoff: The mastery cut-off (named in the legend).
        title: Drawn above the chart.
        dpi: Resolution for raster output.
    """
    n = len(codes)
    fig = make_figure(9.0, min(40.0, max(3.5, 1.6 + 0.3 * n)), dpi=dpi)
    ax = fig.add_subplot()
    colours = [*level_colours(level_values), NO_EVIDENCE]
    hatches = [*level_hatches(level_values), ""]  # levels differ by pattern too, not by colour alone
    names = [*(f"{v} {lab}" for v, lab in zip(level_values, level_labels, strict=True)), _("No evidence")]
    lefts = [0] * n
    ys = list(range(n))
    for k, (colour, name, hatch) in enumerate(zip(colours, names, hatches, strict=True)):
        widths = [row[k] for row in counts]
        ink = text_colour(colour)
        ax.barh(ys, widths, left=lefts, color=colour, edgecolor=ink if hatch else "white", linewidth=0.6,
                hatch=hatch, label=name)
        for y, (left, width) in enumerate(zip(lefts, widths, strict=True)):
            if width:
                ax.text(left + width / 2, y, str(width), ha="center", va="center", fontsize=7, color=ink,
                        bbox={"facecolor": colour, "edgecolor": "none", "pad": 0.6})
        lefts = [a + b for a, b in zip(lefts, widths, strict=True)]
    ax.set_yticks(ys, list(codes), fontsize=7)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlabel(_("Students"))
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        fig.suptitle(title, fontsize=11, fontweight="bold")
    # On top, so that a long list of standards never pushes it out of sight (grey is explained).
    add_level_legend(fig, level_values, level_labels, cutoff, "outside upper center", hatched=True)
    return fig
