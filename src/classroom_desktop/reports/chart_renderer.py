"""A tiny matplotlib renderer drawing straight onto a reportlab canvas, and a canvas that records.

The renderer turns a Figure's paths and texts into reportlab canvas operations: no PNG, no SVG
round trip, and text is drawn with the program's own fonts (so a student's name in a title prints
in its script). :class:`RecordingCanvas` keeps those operations so a worker process can do the
matplotlib work and the main process can :func:`replay` them into its PDF.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from matplotlib.backend_bases import GraphicsContextBase, RendererBase
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Affine2D, Transform
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.pathobject import PDFPathObject

from classroom_desktop.reports.fonts import BASE_FONT, BOLD_FONT, covers, register_fonts
from classroom_desktop.reports.text import draw_string, string_width

if TYPE_CHECKING:
    from matplotlib.font_manager import FontProperties

__all__ = ["TEXT_OP", "Op", "RecordingCanvas", "ReportlabRenderer", "draw_text_op", "replay"]

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
