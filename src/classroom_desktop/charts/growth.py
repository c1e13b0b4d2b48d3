"""Growth: how many (student, standard) pairs the class has mastered, week by week."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from classroom_desktop.charts.heatmap import make_figure
from classroom_desktop.charts.palette import LEVEL_COLOURS
from classroom_desktop.i18n import N_, program_translator

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def growth_figure(points: Sequence[tuple[date, int]], possible: int, title: str = "",
                  dpi: int = 100) -> Figure:
    """Bars of standards mastered by the end of each week, each labelled with its number.

    Args:
        points: (end of week, mastered by then), oldest first.
        possible: Students × standards, the most there could be (drawn as a dashed line).
        title: Drawn above the chart.
        dpi: Resolution for raster output.
    """
    fig = make_figure(max(6.0, min(24.0, 2.0 + 0.45 * len(points))), 4.0, dpi=dpi)
    ax = fig.add_subplot()
    xs = list(range(len(points)))
    values = [v for _, v in points]
    bars = ax.bar(xs, values, color=LEVEL_COLOURS[-1], edgecolor="white")
    ax.bar_label(bars, labels=[str(v) for v in values], fontsize=7, padding=2)
    say = program_translator()
    ax.set_xticks(xs, [say.day_month(d) for d, _ in points], rotation=60, fontsize=7)
    ax.set_xlabel(say.gettext(N_("Week ending")))
    ax.set_ylabel(say.gettext(N_("Standards mastered so far (running total, all students)")))
    if possible:
        ax.axhline(possible, color="#333333", linestyle="--", linewidth=1)
        ax.annotate(say.gettext(N_("all {count}")).format(count=possible), xy=(0, possible), xytext=(2, -10),
                    textcoords="offset points", fontsize=7)
        ax.set_ylim(0, possible * 1.08)
    if not points:
        ax.text(0.5, 0.5, say.gettext(N_("No evidence recorded yet")), transform=ax.transAxes, ha="center",
                va="center")
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        fig.suptitle(title, fontsize=11, fontweight="bold")
    return fig
