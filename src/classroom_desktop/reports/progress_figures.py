"""The progress chart for a batch of pages: built once per shape, refilled per student."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from classroom_desktop.charts import figure as chart_style
from classroom_desktop.charts.palette import level_colour, text_colour
from classroom_desktop.charts.progress import CUTOFF_LABEL_GID, mastery_over_time
from classroom_desktop.domain.scale import ProficiencyScale

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["ProgressFigures", "refill_progress"]


def refill_progress(
    fig: Figure,
    points: Sequence[tuple[date, float]],
    computed: Sequence[tuple[date, float]],
    scale: ProficiencyScale,
    title: str,
) -> None:
    """Put another student's data into a figure :func:`mastery_over_time` drew with as many points.

    Changes only what depends on the data — the mastery line, the evidence markers, their
    numbers and colours, the title and the date range — exactly as the builder sets them, so
    the page looks as if the builder had drawn it (the tests compare the two).
    """
    from matplotlib.dates import date2num

    ax = fig.axes[0]
    levels = [lv.value for lv in scale.levels]
    by_gid = {a.get_gid(): a for a in [*ax.lines, *ax.collections]}
    if computed:
        by_gid["mastery"].set_data(date2num([d for d, _ in computed]), [v for _, v in computed])  # type: ignore[attr-defined]
    fills = [level_colour(v, levels) for _, v in points]
    xs = date2num([d for d, _ in points])
    if points:
        scatter = by_gid["evidence"]
        scatter.set_offsets([(float(x), v) for x, (_, v) in zip(xs, points, strict=True)])  # type: ignore[attr-defined]
        scatter.set_facecolors(fills)  # type: ignore[attr-defined]
    labels = [t for t in ax.texts if t.get_gid() != CUTOFF_LABEL_GID]
    for label, x, (_, value), fill in zip(labels, xs, points, fills, strict=True):
        label.set_text(f"{value:g}")
        label.xy = (float(x), value)  # type: ignore[attr-defined]
        label.xyann = (float(x), value)  # type: ignore[attr-defined]  # the text's own place
        label.set_color(text_colour(fill))
    chart_style.set_title(ax, title, fig)
    all_dates = [d for d, _ in points] + [d for d, _ in computed]
    first, last = min(all_dates), max(all_dates)
    pad = max(timedelta(days=2), (last - first) / 20)
    ax.set_xlim(float(date2num(first - pad)), float(date2num(last + pad)))


class ProgressFigures:
    """Progress charts for a batch: the builder draws one figure per shape (number of evidence
    points, with or without a mastery line); later students with the same shape refill it."""

    def __init__(self) -> None:
        self._figures: dict[tuple[Any, ...], Figure] = {}
        self.built = 0

    def figure(
        self,
        points: Sequence[tuple[date, float]],
        computed: Sequence[tuple[date, float]],
        scale: ProficiencyScale,
        title: str,
    ) -> Figure:
        key = (len(points), bool(computed), scale)
        fig = self._figures.get(key)
        if fig is None or not (points or computed):
            fig = mastery_over_time(points, computed, scale, title)
            self._figures[key] = fig
            self.built += 1
        else:
            refill_progress(fig, points, computed, scale, title)
        return fig
