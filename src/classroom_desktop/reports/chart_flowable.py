"""Charts in PDFs as vector graphics, drawn from the same matplotlib Figure the screen shows.

A tiny matplotlib renderer turns the Figure's paths and texts straight into reportlab canvas
operations: no PNG, no SVG round trip, and text is drawn with the program's own fonts (so a
student's name in a title prints in its script). For batches the axes frame (background, spines,
ticks, grid, tick labels) is drawn once into a reportlab form and reused on every page whose
chart has the same layout; only the data, titles and labels are drawn per page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from matplotlib.backend_bases import GraphicsContextBase, RendererBase
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Affine2D, Transform
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.pathobject import PDFPathObject
from reportlab.platypus import Flowable

from classroom_desktop.charts import figure as chart_style
from classroom_desktop.charts.palette import level_colour, text_colour
from classroom_desktop.charts.progress import CUTOFF_LABEL_GID, mastery_over_time
from classroom_desktop.domain.scale import ProficiencyScale
from classroom_desktop.reports.fonts import BASE_FONT, BOLD_FONT, covers, register_fonts
from classroom_desktop.reports.text import draw_string, string_width

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

__all__ = [
    "ChartFlowable",
    "ChartJob",
    "ChartPool",
    "FormCache",
    "ProgressFigures",
    "RecordedChartFlowable",
    "RecordedForms",
    "ReportlabRenderer",
    "draw_figure",
    "refill_progress",
]

_CAPS = {"butt": 0, "round": 1, "projecting": 2}
_JOINS = {"miter": 0, "round": 1, "bevel": 2}
#: Noto Sans vertical metrics (em fractions) used to lay text out the way it will be drawn.
_ASCENT, _DESCENT = 0.76, 0.24
_LINE_ASCENT = 0.93  # as matplotlib's own DejaVu Sans, so lines sit where they do on screen


def _is_bold(prop: FontProperties) -> bool:
    weight = prop.get_weight()
    return (
        weight
        if isinstance(weight, int | float)
        else {"bold": 700, "heavy": 800, "black": 900, "semibold": 600, "demibold": 600}.get(weight, 400)
    ) >= 600


@lru_cache(maxsize=4096)
def _simple(text: str) -> bool:
    """Whether ``text`` is plain Latin the base font draws as is (no other font, no shaping)."""
    return all(ord(ch) < 0x250 and covers(BASE_FONT, ch) for ch in text)


@lru_cache(maxsize=4096)
def _width(text: str, size: float, bold: bool) -> float:
    if _simple(text):
        return float(pdfmetrics.stringWidth(text, BOLD_FONT if bold else BASE_FONT, size))
    return string_width(text, size, bold)


def _plain(text: str, ismath: Any) -> str:
    return text.replace("$", "").replace("\\", "") if ismath else text


class ReportlabRenderer(RendererBase):
    """A matplotlib renderer drawing on a reportlab canvas, one point per pixel (dpi 72)."""

    def __init__(self, canvas: Canvas, width: float, height: float) -> None:
        super().__init__()
        register_fonts()
        self.canvas = canvas
        self.width, self.height = width, height

    # ---- what matplotlib asks ------------------------------------------------------------
    def get_canvas_width_height(self) -> tuple[float, float]:
        return self.width, self.height

    def points_to_pixels(self, points: Any) -> Any:
        return points

    def flipy(self) -> bool:
        return False

    def option_image_nocomposite(self) -> bool:
        return True

    def get_text_width_height_descent(
        self, s: str, prop: FontProperties, ismath: Any
    ) -> tuple[float, float, float]:
        size = float(prop.get_size_in_points())
        return _width(_plain(s, ismath), size, _is_bold(prop)), size * (_ASCENT + _DESCENT), size * _DESCENT

    def _get_font_height_metrics(self, prop: FontProperties) -> tuple[float, float, float]:
        """Ascent, descent and line gap for laying out lines of text (matplotlib asks backends this)."""
        size = float(prop.get_size_in_points())
        return size * _LINE_ASCENT, size * _DESCENT, 0.0

    def new_gc(self) -> GraphicsContextBase:
        return GraphicsContextBase()

    # ---- drawing -------------------------------------------------------------------------
    def _apply(self, gc: GraphicsContextBase, rgb_face: Any) -> tuple[bool, bool]:
        """Set clip, colours, width and dashes from ``gc``; return (stroke, fill)."""
        c = self.canvas
        clip = gc.get_clip_rectangle()
        if clip is not None:
            x0, y0, w, h = clip.bounds
            p = c.beginPath()
            p.rect(x0, y0, w, h)
            c.clipPath(p, stroke=0, fill=0)
        clip_path, clip_trans = gc.get_clip_path()
        if clip_path is not None:
            tpath, affine = clip_path.get_transformed_path_and_affine()
            c.clipPath(self._path(tpath, affine), stroke=0, fill=0)
        fill = rgb_face is not None and (len(rgb_face) < 4 or rgb_face[3] > 0)
        if fill:
            alpha = rgb_face[3] if len(rgb_face) > 3 and not gc.get_forced_alpha() else gc.get_alpha()
            c.setFillColorRGB(*rgb_face[:3], alpha=alpha)
        r, g, b, a = gc.get_rgb()
        width = gc.get_linewidth()
        stroke = width > 0 and a > 0
        if stroke:
            c.setStrokeColorRGB(r, g, b, alpha=a)
            c.setLineWidth(width)
            c.setLineCap(_CAPS.get(gc.get_capstyle(), 0))
            c.setLineJoin(_JOINS.get(gc.get_joinstyle(), 0))
            offset, dashes = gc.get_dashes()
            if dashes:
                pattern: Any = dashes
                c.setDash([float(d) for d in pattern], float(offset or 0))
        return stroke, fill

    def _path(self, path: MplPath, transform: Transform, clip: Any = None) -> Any:
        p = self.canvas.beginPath()
        last = (0.0, 0.0)
        for verts, code in path.iter_segments(transform, clip=clip, simplify=False, curves=True):
            if code == MplPath.MOVETO:
                p.moveTo(*verts)
                last = (verts[0], verts[1])
            elif code == MplPath.LINETO:
                p.lineTo(*verts)
                last = (verts[0], verts[1])
            elif code == MplPath.CURVE4:
                p.curveTo(*verts)
                last = (verts[4], verts[5])
            elif code == MplPath.CURVE3:
                (qx, qy, x, y), (x0, y0) = verts, last
                p.curveTo(
                    x0 + 2 * (qx - x0) / 3,
                    y0 + 2 * (qy - y0) / 3,
                    x + 2 * (qx - x) / 3,
                    y + 2 * (qy - y) / 3,
                    x,
                    y,
                )
                last = (x, y)
            elif code == MplPath.CLOSEPOLY:
                p.close()
        return p

    def draw_path(
        self, gc: GraphicsContextBase, path: MplPath, transform: Transform, rgbFace: Any = None
    ) -> None:  # noqa: N803
        c = self.canvas
        c.saveState()
        try:
            stroke, fill = self._apply(gc, rgbFace)
            if stroke or fill:
                c.drawPath(self._path(path, transform), stroke=int(stroke), fill=int(fill))
        finally:
            c.restoreState()

    def draw_markers(
        self,
        gc: GraphicsContextBase,
        marker_path: MplPath,
        marker_trans: Transform,
        path: MplPath,
        trans: Transform,
        rgbFace: Any = None,
    ) -> None:  # noqa: N803
        c = self.canvas
        c.saveState()
        try:
            stroke, fill = self._apply(gc, rgbFace)
            for verts, code in path.iter_segments(trans, simplify=False):
                if code == MplPath.CLOSEPOLY or not (stroke or fill):
                    continue
                x, y = verts[-2:]
                shifted = marker_trans + Affine2D().translate(x, y)
                c.drawPath(self._path(marker_path, shifted), stroke=int(stroke), fill=int(fill))
        finally:
            c.restoreState()

    def draw_text(
        self,
        gc: GraphicsContextBase,
        x: float,
        y: float,
        s: str,
        prop: FontProperties,
        angle: float,
        ismath: Any = False,
        mtext: Any = None,
    ) -> None:
        text_op = (
            x,
            y,
            angle,
            _plain(s, ismath),
            float(prop.get_size_in_points()),
            _is_bold(prop),
            gc.get_rgb(),
        )
        if isinstance(self.canvas, RecordingCanvas):
            self.canvas.ops.append((TEXT_OP, text_op, {}))
        else:
            draw_text_op(self.canvas, *text_op)

    def draw_image(self, gc: GraphicsContextBase, x: float, y: float, im: Any, transform: Any = None) -> None:
        """Images have no place in these charts; they are left out rather than rasterised."""


def draw_text_op(
    canvas: Canvas,
    x: float,
    y: float,
    angle: float,
    text: str,
    size: float,
    bold: bool,
    rgba: Sequence[float],
) -> None:
    """Draw one chart text with its baseline start at (x, y), turned by ``angle`` degrees."""
    canvas.saveState()
    try:
        r, g, b, a = rgba
        canvas.setFillColorRGB(r, g, b, alpha=a)
        canvas.translate(x, y)
        if angle:
            canvas.rotate(angle)
        if _simple(text):  # tick labels and numbers: no per-script runs or shaping needed
            canvas.setFont(BOLD_FONT if bold else BASE_FONT, size)
            canvas.drawString(0, 0, text)
        else:
            draw_string(canvas, 0, 0, text, size, bold=bold)
    finally:
        canvas.restoreState()


TEXT_OP = "_text"
Op = tuple[str, tuple[Any, ...], dict[str, Any]]


class RecordingCanvas:
    """Stands in for a reportlab canvas and keeps the drawing calls, to replay on a real one.

    It lets a worker process do the matplotlib work of a chart while the main process lays out
    the pages: paths travel as reportlab path objects, texts as text operations (so the fonts
    are chosen and embedded by the document that prints them).
    """

    def __init__(self) -> None:
        self.ops: list[Op] = []

    def beginPath(self) -> PDFPathObject:  # noqa: N802 (reportlab's name)
        return PDFPathObject()

    def __getattr__(self, name: str) -> Callable[..., None]:
        def record(*args: Any, **kwargs: Any) -> None:
            self.ops.append((name, args, kwargs))

        return record


def replay(canvas: Canvas, ops: Sequence[Op]) -> None:
    """Draw recorded operations on ``canvas``."""
    for name, args, kwargs in ops:
        if name == TEXT_OP:
            draw_text_op(canvas, *args)
        else:
            getattr(canvas, name)(*args, **kwargs)


# ---- whole figures -------------------------------------------------------------------------
_renderers: dict[tuple[int, float, float], ReportlabRenderer] = {}


def _at_72_dpi(fig: Figure, draw: Callable[[ReportlabRenderer], None], canvas: Canvas) -> None:
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
        _at_72_dpi(fig, fig.draw, canvas)
    finally:
        canvas.restoreState()


def _frame_artists(fig: Figure) -> list[Artist]:
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
        frame = _frame_artists(fig)
        name = self._forms.get(key)
        c = self.canvas
        if name is None:
            name = f"chartframe{len(self._forms)}"
            width, height = (float(v) * 72 for v in fig.get_size_inches())
            c.beginForm(name, 0, 0, width, height)
            _at_72_dpi(fig, lambda r: self._draw_parts(fig, r, frame, only=True), c)
            c.endForm()
            self._forms[key] = name
        else:
            self.hits += 1
        c.saveState()
        c.translate(x, y)
        try:
            c.doForm(name)
            _at_72_dpi(fig, lambda r: self._draw_parts(fig, r, frame, only=False), c)
        finally:
            c.restoreState()

    @staticmethod
    def _draw_parts(fig: Figure, renderer: ReportlabRenderer, frame: list[Artist], only: bool) -> None:
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


# ---- the progress chart, built once per shape and refilled per student -------------------------
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


# ---- batches on both cores: charts recorded in a worker, pages laid out here ----------------
#: Fewer charts than this are drawn in-process (starting a worker would cost more than it saves).
MIN_PARALLEL = 12


@dataclass(frozen=True)
class ChartJob:
    """One progress chart to draw: the builder's inputs."""

    points: Sequence[tuple[date, float]]
    computed: Sequence[tuple[date, float]]
    scale: ProficiencyScale
    title: str


@dataclass(frozen=True)
class RecordedChart:
    """A chart's drawing: the frame's operations (only the first time its layout is seen) and the data's."""

    key: tuple[Any, ...]
    frame_ops: list[Op] | None
    data_ops: list[Op]
    width: float
    height: float


class _Recorder:
    """Per-process state: the reused figures, one recording canvas, the layouts already sent."""

    def __init__(self) -> None:
        self.figures = ProgressFigures()
        self.canvas = RecordingCanvas()
        self.sent: set[tuple[Any, ...]] = set()

    def record(self, job: ChartJob) -> RecordedChart:
        fig = self.figures.figure(job.points, job.computed, job.scale, job.title)
        key, frame = layout_key(fig), _frame_artists(fig)
        rec: Any = self.canvas
        frame_ops = None
        if key not in self.sent:
            rec.ops = []
            _at_72_dpi(fig, lambda r: FormCache._draw_parts(fig, r, frame, True), rec)
            frame_ops = rec.ops
            self.sent.add(key)
        rec.ops = []
        _at_72_dpi(fig, lambda r: FormCache._draw_parts(fig, r, frame, False), rec)
        width, height = (float(v) * 72 for v in fig.get_size_inches())
        return RecordedChart(key, frame_ops, rec.ops, width, height)


_worker: _Recorder | None = None


def _start_worker() -> None:
    global _worker
    _worker = _Recorder()


def _record_in_worker(job: ChartJob) -> RecordedChart:
    assert _worker is not None
    return _worker.record(job)


class ChartPool:
    """Records a batch's charts in order, in a second process when there is a second core.

    ``get(i)`` waits for chart i; the worker runs ahead while the pages are laid out.
    """

    def __init__(self, jobs: Sequence[ChartJob], processes: int | None = None) -> None:
        import multiprocessing
        import os
        from concurrent.futures import ProcessPoolExecutor

        spare = max(0, min(2, os.cpu_count() or 1) - 1) if processes is None else processes
        self._executor: ProcessPoolExecutor | None = None
        self._done: list[RecordedChart] = []
        if spare and len(jobs) >= MIN_PARALLEL:
            # Never plain fork: the window has threads (Qt's, the print worker's), and forking a
            # threaded process can deadlock the child. A fork server forks from a clean process
            # that has already imported the chart code; elsewhere, spawn.
            context: multiprocessing.context.BaseContext
            if "forkserver" in multiprocessing.get_all_start_methods():
                forkserver = multiprocessing.get_context("forkserver")
                forkserver.set_forkserver_preload([__name__, "classroom_desktop.reports.chart_worker"])
                context = forkserver
            else:
                context = multiprocessing.get_context("spawn")
            self._executor = ProcessPoolExecutor(spare, context, initializer=_start_worker)
            self._results = self._executor.map(_record_in_worker, jobs, chunksize=4)
        else:
            local = _Recorder()
            self._results = (local.record(job) for job in jobs)

    def get(self, index: int) -> RecordedChart:
        while len(self._done) <= index:
            self._done.append(next(self._results))
        return self._done[index]

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


class RecordedForms:
    """Draws recorded charts on one canvas, each frame layout once as a PDF form."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self._forms: dict[tuple[Any, ...], str] = {}

    def draw(self, chart: RecordedChart) -> None:
        c = self.canvas
        name = self._forms.get(chart.key)
        if name is None:
            if chart.frame_ops is None:
                raise RuntimeError("a chart frame was recorded for another document")
            name = self._forms[chart.key] = f"recordedframe{len(self._forms)}"
            c.beginForm(name, 0, 0, chart.width, chart.height)
            replay(c, chart.frame_ops)
            c.endForm()
        c.doForm(name)
        replay(c, chart.data_ops)


class RecordedChartFlowable(Flowable):
    """A chart from a :class:`ChartPool`, drawn as vectors and scaled (evenly) into its box."""

    def __init__(
        self,
        pool: ChartPool,
        index: int,
        width: float,
        height: float,
        forms_for: Callable[[Canvas], RecordedForms],
    ) -> None:
        super().__init__()
        self._pool, self._index, self._forms_for = pool, index, forms_for
        self.width, self.height = width, height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        chart = self._pool.get(self._index)
        c = self.canv
        c.saveState()
        try:
            factor = min(self.width / chart.width, self.height / chart.height)
            c.translate((self.width - chart.width * factor) / 2, (self.height - chart.height * factor) / 2)
            c.scale(factor, factor)
            self._forms_for(c).draw(chart)
        finally:
            c.restoreState()
