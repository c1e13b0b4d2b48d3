"""A student's mastery on one standard over time: evidence levels as numbered markers, the running mastery
as a line, and the cut-off as a dashed line labelled "Mastery". Used on screen and in learning-plan PDFs.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from classroom_desktop.charts import figure as style
from classroom_desktop.charts.figure import LABEL_SIZE, new_figure
from classroom_desktop.charts.palette import CUTOFF_LINE, level_colour, text_colour
from classroom_desktop.domain import mastery
from classroom_desktop.domain.scale import ProficiencyScale
from classroom_desktop.domain.types import Evidence, MasteryConfig
from classroom_desktop.i18n import N_, Translator, program_translator

if TYPE_CHECKING:
    from matplotlib.figure import Figure

MASTERY_LINE = "#1b1b1b"
CUTOFF_LABEL = N_("Mastery")
#: The gid of the cut-off's label: a figure reused for another student tells it from the markers' numbers.
CUTOFF_LABEL_GID = "cutoff-label"


def evidence_points(evidence: Sequence[Evidence]) -> list[tuple[date, float]]:
    """The levels that count (corrections applied, withdrawals dropped), oldest first."""
    counted = mastery.effective_evidence(evidence)
    return [(e.observed_on, float(e.level)) for e in counted if e.level is not None]


def mastery_series(evidence: Sequence[Evidence], config: MasteryConfig,
                   scale: ProficiencyScale) -> list[tuple[date, float]]:
    """The running mastery after each piece of evidence, by the class's method, oldest first."""
    scores: list[float] = []
    days: list[float] = []
    series: list[tuple[date, float]] = []
    for e in mastery.effective_evidence(evidence):
        if e.level is None:
            continue
        scores.append(float(e.level))
        days.append(float(e.observed_on.toordinal()))
        value = mastery.compute(scores, config, scale, days)
        if value is not None:
            series.append((e.observed_on, value))
    return series


def mastery_over_time(points: Sequence[tuple[date, float]], computed: Sequence[tuple[date, float]],
                      scale: ProficiencyScale, title: str, figure: Figure | None = None,
                      say: Translator | None = None) -> Figure:
    """Draw the chart into ``figure`` (cleared first, e.g. a canvas's) or a new 6.4 × 3.2 inch one.

    ``say``: the language of its labels and dates (by default the program's).
    """
    from matplotlib.dates import AutoDateLocator, date2num, num2date
    from matplotlib.ticker import FuncFormatter

    say = say or program_translator()

    if figure is None:
        figure = new_figure(6.4, 3.2)
    figure.clear()
    style.set_margins(figure)
    ax = figure.add_subplot(1, 1, 1)
    style.style_axes(ax)
    style.set_title(ax, title, figure)
    levels = [lv.value for lv in scale.levels]

    ax.set_ylim(scale.minimum - 0.5, scale.maximum + 0.5)
    ax.set_yticks(levels)
    ax.set_yticklabels([f"{lv.value} {lv.label}" for lv in scale.levels], fontsize=LABEL_SIZE)
    cutoff_label = say.gettext(CUTOFF_LABEL)
    cutoff = ax.axhline(scale.cutoff, linestyle="--", linewidth=1.2, color=CUTOFF_LINE, label=cutoff_label,
                        zorder=1)
    cutoff.set_gid("cutoff")
    ax.annotate(cutoff_label, xy=(1.0, scale.cutoff), xycoords=("axes fraction", "data"), xytext=(-2, 3),
                textcoords="offset points", ha="right", va="bottom", fontsize=LABEL_SIZE - 1,
                color=CUTOFF_LINE, gid=CUTOFF_LABEL_GID)

    all_dates = [d for d, _ in points] + [d for d, _ in computed]
    if not all_dates:
        ax.set_xticks([])
        ax.text(0.5, 0.5, say.gettext(N_("No evidence yet")), transform=ax.transAxes, ha="center",
                va="center", fontsize=LABEL_SIZE + 1, color="#666666")
        return figure

    if computed:
        xs = date2num([d for d, _ in computed])
        line = ax.plot(xs, [v for _, v in computed], color=MASTERY_LINE, linewidth=1.6,
                       label=say.gettext(N_("Mastery so far")), zorder=2)[0]
        line.set_gid("mastery")
    if points:
        fills = [level_colour(v, levels) for _, v in points]
        scatter = ax.scatter(date2num([d for d, _ in points]), [v for _, v in points], s=170, c=fills,
                             edgecolors="#333333", linewidths=0.6, zorder=3,
                             label=say.gettext(N_("Evidence")))
        scatter.set_gid("evidence")
        for (when, value), fill in zip(points, fills, strict=True):
            ax.annotate(f"{value:g}", (float(date2num(when)), value), ha="center", va="center",
                        fontsize=LABEL_SIZE - 1, color=text_colour(fill), zorder=4, fontweight="bold")

    first, last = min(all_dates), max(all_dates)
    pad = max(timedelta(days=2), (last - first) / 20)
    ax.set_xlim(float(date2num(first - pad)), float(date2num(last + pad)))
    locator = AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    # Days as the program writes them ("3 oct" in Spanish), not matplotlib's English month names.
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: say.day_month(num2date(x).date())))
    ax.tick_params(axis="x", colors=style.TEXT_COLOUR)
    return figure
