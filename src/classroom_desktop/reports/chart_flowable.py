"""Charts in PDFs as vector graphics, drawn from the same matplotlib Figure the screen shows.

Figures are drawn through :class:`~classroom_desktop.reports.chart_renderer.ReportlabRenderer`.
For batches the axes frame (background, spines, ticks, grid, tick labels) is drawn once into a
reportlab form and reused on every page whose chart has the same layout; only the data, titles
and labels are drawn per page. Batches recorded in a worker process are in
:mod:`classroom_desktop.reports.chart_pool`; the progress chart refilled per student is in
:mod:`classroom_desktop.reports.progress_figures`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from classroom_desktop.reports.chart_renderer import ReportlabRenderer

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.figure import Figure

__all__ = [
    "ChartFlowable",
    "FormCache",
    "at_72_dpi",
    "draw_figure",
    "draw_parts",
    "frame_artists",
    "layout_key",
]

_renderers: dict[tuple[int, float, float], ReportlabRenderer] = {}


def at_72_dpi(fig: Figure, draw: Callable[[ReportlabRenderer], None], canvas: Canvas) -> None:
    """Run ``draw`` with the figure at 72 dpi and a renderer on ``canvas``.

    The renderer is kept for the canvas and size, so matplotlib's text-metrics cache (keyed by
    renderer) keeps working across the pages of a batch.
    """
    old = fig.dpi
    if old != 72:
        fig.dpi = 72
    try:
        width, height = (float(v) * 72 for v in fig.get_size_inches())
        key = (id(canvas), width, height)
        renderer = _renderers.get(key)
        if renderer is None or renderer.canvas is not canvas:
            if len(_renderers) > 16:
                _renderers.clear()
            renderer = _renderers[key] = ReportlabRenderer(canvas, width, height)
        draw(renderer)
    finally:
        if old != 72:
            fig.dpi = old


def draw_figure(canvas: Canvas, fig: Figure, x: float = 0, y: float = 0) -> None:
    """Draw the whole figure with its lower-left corner at (x, y), one point per 1/72 inch."""
    canvas.saveState()
    canvas.translate(x, y)
    try:
        at_72_dpi(fig, fig.draw, canvas)
    finally:
        canvas.restoreState()


def frame_artists(fig: Figure) -> list[Artist]:
    """The parts of a figure that stay the same when only the data changes.

    The x axis is left out: its dates follow each student's evidence, so it is drawn per page.
    """
    parts: list[Artist] = [fig.patch]
    for ax in fig.axes:
        parts.extend([ax.patch, *ax.spines.values(), ax.yaxis])
    return parts


def layout_key(fig: Figure) -> tuple[Any, ...]:
    """What the frame's look depends on: size, axes places, y limits, y ticks and their labels."""
    key: list[Any] = [tuple(fig.get_size_inches()), fig.patch.get_facecolor()]
    for ax in fig.axes:
        axis = ax.yaxis
        locs = tuple(float(v) for v in axis.get_majorticklocs())
        labels = tuple(t.get_text() for t in axis.get_majorticklabels())
        key.append(
            (
                tuple(ax.get_position().bounds),
                ax.get_ylim(),
                ax.get_yscale(),
                axis.get_label_text(),
                locs,
                labels,
                axis.get_visible(),
                tuple(s.get_visible() for s in ax.spines.values()),
            )
        )
    return tuple(key)


def draw_parts(fig: Figure, renderer: ReportlabRenderer, frame: list[Artist], only: bool) -> None:
    """Draw the frame artists (``only``) or everything else, in matplotlib's z-order."""
    framed = {id(a) for a in frame}
    if only:  # backgrounds first, as Figure.draw and Axes.draw do, then by z-order
        patches = [fig.patch, *(ax.patch for ax in fig.axes)]
        rest = sorted(
            (a for a in frame if all(a is not p for p in patches)), key=lambda a: a.get_zorder()
        )
        for artist in [*patches, *rest]:
            if artist.get_visible():
                artist.draw(renderer)
        return
    children = [a for ax in fig.axes for a in ax.get_children() if id(a) not in framed]
    children += [a for a in fig.get_children() if id(a) not in framed and a not in fig.axes]
    for artist in sorted(children, key=lambda a: a.get_zorder()):
        if artist.get_visible():
            artist.draw(renderer)


class FormCache:
    """Draws figures, reusing one PDF form for every frame (axes, ticks, grid) with the same layout.

    One cache belongs to one canvas (forms live in that PDF).
    """

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self._forms: dict[tuple[Any, ...], str] = {}
        self.hits = 0

    def draw(self, fig: Figure, x: float = 0, y: float = 0) -> None:
        key = layout_key(fig)
        frame = frame_artists(fig)
        name = self._forms.get(key)
        c = self.canvas
        if name is None:
            name = f"chartframe{len(self._forms)}"
            width, height = (float(v) * 72 for v in fig.get_size_inches())
            c.beginForm(name, 0, 0, width, height)
            at_72_dpi(fig, lambda r: draw_parts(fig, r, frame, only=True), c)
            c.endForm()
            self._forms[key] = name
        else:
            self.hits += 1
        c.saveState()
        c.translate(x, y)
        try:
            c.doForm(name)
            at_72_dpi(fig, lambda r: draw_parts(fig, r, frame, only=False), c)
        finally:
            c.restoreState()


class ChartFlowable(Flowable):
    """A platypus flowable showing a matplotlib Figure as vector graphics, scaled to ``width``.

    ``figure`` may be a Figure or a function making one (called when the flowable is drawn, so a
    batch can reuse one Figure per page). ``cache`` shares frames across the pages of one PDF.
    """

    def __init__(
        self,
        figure: Figure | Callable[[], Figure],
        width: float,
        height: float,
        cache_for: Callable[[Canvas], FormCache] | None = None,
    ) -> None:
        super().__init__()
        self._figure = figure
        self.width, self.height = width, height
        self._cache_for = cache_for

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        fig = self._figure() if callable(self._figure) else self._figure
        w_in, h_in = fig.get_size_inches()
        c = self.canv
        c.saveState()
        try:
            factor = min(self.width / (w_in * 72), self.height / (h_in * 72))  # never stretch the text
            c.translate((self.width - w_in * 72 * factor) / 2, (self.height - h_in * 72 * factor) / 2)
            c.scale(factor, factor)
            if self._cache_for is not None:
                self._cache_for(c).draw(fig)
            else:
                draw_figure(c, fig)
        finally:
            c.restoreState()
