"""Unicode-safe text for reportlab: per-script font runs, right-to-left ordering, shaping.

Every string a report prints goes through :func:`markup` (for platypus Paragraphs) or
:func:`draw_string` (for canvas drawing). Both split the text into runs, each drawn in a
shipped font that has its glyphs, and let HarfBuzz (reportlab's ``shaping``, through
``uharfbuzz``) join Arabic letters and build Devanagari conjuncts. HarfBuzz puts the letters
of a right-to-left word in visual order; the order of the words, which reportlab leaves
alone without its optional ``rlbidi``, is handled here with a simplified bidi rule that is
right for names and short labels: within an Arabic or Hebrew run the words are reversed,
and a line that starts with a right-to-left letter is laid out from the right.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Literal
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import shapeStr
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from classroom_desktop.reports.fonts import (
    BASE_FONT,
    BOLD_FONT,
    bold_of,
    covers,
    font_for_char,
    is_right_to_left,
    register_fonts,
)

Align = Literal["left", "right", "centre"]
_TOKENS = re.compile(r"\s+|\S+")
_EDGES = re.compile(r"^(\s*)(.*?)(\s*)$", re.DOTALL)
# reportlab's Paragraph shapes each space-separated word with the font of the word's first run, so
# a word mixing two fonts (王小明(Wang), Ali-محمد) would come out as boxes; such a word is split
# with a space. Canvas drawing (draw_string) shapes each run on its own and needs no split.
_RUN_BREAK = " "


def _joins_current_run(ch: str, font: str) -> bool:
    category = unicodedata.category(ch)
    if category.startswith("L"):
        return False
    return category == "Cf" or covers(font, ch)


def runs(text: str) -> list[tuple[str, str]]:
    """Split ``text`` (in logical order) into ``(font name, substring)`` runs.

    Letters pick the first shipped font that has them; spaces, punctuation, digits and marks
    stay in the current run when its font has them. The text is NFC-normalised first, so
    decomposed Vietnamese accents use the precomposed glyphs.
    """
    register_fonts()
    result: list[list[str]] = []
    pending = ""  # neutral characters before the first letter
    for ch in unicodedata.normalize("NFC", text):
        if result and _joins_current_run(ch, result[-1][0]):
            result[-1][1] += ch
            continue
        font = font_for_char(ch)
        if not unicodedata.category(ch).startswith("L") and not result:
            pending += ch
            continue
        if pending:
            if all(covers(font, p) or unicodedata.category(p) == "Cf" for p in pending):
                result.append([font, pending])
            else:
                result.extend([font_for_char(p), p] for p in pending)
            pending = ""
        if result and result[-1][0] == font:
            result[-1][1] += ch
        else:
            result.append([font, ch])
    result.extend([font_for_char(p), p] for p in pending)
    merged: list[tuple[str, str]] = []
    for font, part in result:
        if merged and merged[-1][0] == font:
            merged[-1] = (font, merged[-1][1] + part)
        else:
            merged.append((font, part))
    return merged


def _starts_right_to_left(text: str) -> bool:
    for ch in text:
        direction = unicodedata.bidirectional(ch)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


def visual_runs(text: str, bold: bool = False) -> list[tuple[str, str]]:
    """Return the pieces of ``text`` in the left-to-right order they are drawn in.

    A right-to-left run is cut into single words and the spaces between them, in visual order,
    so that each word is shaped on its own: HarfBuzz then puts the word's letters in visual
    order (without ``uharfbuzz`` they are reversed here instead).
    """
    rtl_base = _starts_right_to_left(text)
    groups: list[list[tuple[str, str]]] = []
    for font, part in runs(text):
        name = bold_of(font) if bold else font
        lead, core, trail = _EDGES.match(part).groups()  # type: ignore[union-attr]
        if rtl_base:  # spaces at a run's ends follow the line's direction
            lead, trail = trail, lead
        if not is_right_to_left(font):
            groups.append([(name, lead + core + trail)])
            continue
        words = _TOKENS.findall(core)
        if not pdfmetrics.getFont(font).shapable:
            words = [word[::-1] for word in words]
        pieces = [lead, *reversed(words), trail]
        groups.append([(name, piece) for piece in pieces if piece])
    if rtl_base:
        groups.reverse()
    return [piece for group in groups for piece in group]


def markup(text: str, bold: bool = False, size: float | None = None) -> str:
    """Return reportlab Paragraph mini-markup that prints ``text`` in fonts that have its glyphs.

    The text is XML-escaped, so names with ``&`` or ``<`` print as typed. Use it with a style
    from :func:`paragraph_style` (or any style with ``shaping=1``) so scripts get joined. A word
    that mixes two fonts without a space (``王小明(Wang)``) is printed with a space at the join.
    """
    size_attr = f' size="{size:g}"' if size is not None else ""
    merged: list[tuple[str, str]] = []
    for font, part in visual_runs(text, bold):
        if merged and merged[-1][0] == font:
            merged[-1] = (font, merged[-1][1] + part)
            continue
        if merged and not merged[-1][1][-1].isspace() and not part[0].isspace():
            part = _RUN_BREAK + part
        merged.append((font, part))
    return "".join(f'<font name="{font}"{size_attr}>{escape(part)}</font>' for font, part in merged)


def paragraph_style(
    name: str = "ClassroomBody",
    *,
    size: float = 10,
    leading: float | None = None,
    bold: bool = False,
    parent: ParagraphStyle | None = None,
    **attributes: Any,
) -> ParagraphStyle:
    """Return a ParagraphStyle using the shipped fonts with HarfBuzz shaping switched on.

    Extra keyword arguments (``alignment``, ``textColor``, ``spaceAfter``...) are passed to
    ParagraphStyle unchanged.
    """
    register_fonts()
    return ParagraphStyle(
        name,
        parent=parent,
        fontName=BOLD_FONT if bold else BASE_FONT,
        fontSize=size,
        leading=leading if leading is not None else round(size * 1.3, 2),
        shaping=1,
        **attributes,
    )


def paragraph(text: str, style: ParagraphStyle | None = None, bold: bool = False) -> Paragraph:
    """Return a Paragraph printing plain ``text`` (not markup) in every script."""
    if style is None:
        style = paragraph_style()
    elif not getattr(style, "shaping", 0) or style.fontName not in (BASE_FONT, BOLD_FONT):
        style = paragraph_style(
            style.name, size=style.fontSize, leading=style.leading, parent=style, bold=bold
        )
    return Paragraph(markup(text, bold=bold), style)


def _shaped(font: str, part: str, size: float) -> tuple[str, float]:
    """Return ``part`` shaped by HarfBuzz for ``font`` (a reportlab ShapedStr) and its width.

    reportlab's own ``drawString(shaping=True)`` only shapes when the optional ``rlbidi`` is
    installed, so runs are shaped here and the glyph string handed to the canvas as is.
    """
    if pdfmetrics.getFont(font).shapable:
        shaped = shapeStr(part, font, size)
        shape_data = getattr(shaped, "__shapeData__", None)
        if shape_data:
            return shaped, float(sum(glyph.x_advance for glyph in shape_data)) * size / 1000
    return part, float(pdfmetrics.stringWidth(part, font, size))


def string_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of ``text`` drawn by :func:`draw_string` at ``size``."""
    return sum(_shaped(font, part, size)[1] for font, part in visual_runs(text, bold))


def draw_string(
    canvas: Canvas, x: float, y: float, text: str, size: float, bold: bool = False, align: Align = "left"
) -> float:
    """Draw ``text`` on ``canvas`` with its baseline at ``y``, in every script; return its width.

    ``align`` says where ``x`` is: the left end, the right end or the centre of the text.
    The canvas's own font setting is left as it was.
    """
    if align not in ("left", "right", "centre"):
        raise ValueError(f"Text can be aligned 'left', 'right' or 'centre', not '{align}'.")
    pieces = [(font, *_shaped(font, part, size)) for font, part in visual_runs(text, bold)]
    width = sum(piece_width for _, _, piece_width in pieces)
    start = {"left": x, "right": x - width, "centre": x - width / 2}[align]
    canvas.saveState()
    try:
        for font, part, piece_width in pieces:
            canvas.setFont(font, size)
            canvas.drawString(start, y, part)
            start += piece_width
    finally:
        canvas.restoreState()
    return width
