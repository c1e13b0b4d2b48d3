"""One look for every chart: a plain matplotlib Figure (no pyplot state), legible on screen and on paper.

Layouts are fixed margins in inches (no tight_layout per call), so a batch of charts for a PDF stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FONT_FAMILY = ["DejaVu Sans", "sans-serif"]
TEXT_COLOUR = "#222222"
GRID_COLOUR = "#dddddd"
TITLE_SIZE = 11
LABEL_SIZE = 9
TICK_SIZE = 8

#: Margins in inches: left, right, bottom, top.
DEFAULT_MARGINS = (1.25, 0.25, 0.5, 0.4)


def new_figure(width_in: float, height_in: float, dpi: int = 100) -> Figure:
    """A white Figure of the given size, not attached to any GUI (draw it with a canvas or save it)."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_in, height_in), dpi=dpi, facecolor="white")
    return figure


def set_margins(figure: Figure, margins: tuple[float, float, float, float] = DEFAULT_MARGINS) -> None:
    """Place the axes with fixed margins in inches (kept sensible on very small figures)."""
    width, height = figure.get_size_inches()
    left, right, bottom, top = margins
    figure.subplots_adjust(
        left=min(left / width, 0.45),
        right=max(1 - right / width, 0.55),
        bottom=min(bottom / height, 0.45),
        top=max(1 - top / height, 0.55),
    )


def style_axes(ax: Axes) -> None:
    """Quiet frame, light horizontal grid, readable ticks — the project's chart style."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color("#888888")
    ax.set_axisbelow(True)
    ax.grid(axis="y", color=GRID_COLOUR, linewidth=0.8)
    ax.tick_params(labelsize=TICK_SIZE, colors=TEXT_COLOUR, length=3)
    ax.set_facecolor("white")


def set_title(ax: Axes, title: str, figure: Figure) -> None:
    """A left-aligned title, shortened with an ellipsis so it never runs off ``figure``."""
    width_in = figure.get_size_inches()[0] - DEFAULT_MARGINS[0]
    limit = max(20, int(width_in * 11.5))
    shown = title if len(title) <= limit else title[: limit - 1].rstrip() + "…"
    ax.set_title(shown, loc="left", fontsize=TITLE_SIZE, color=TEXT_COLOUR, family=FONT_FAMILY, pad=8)
