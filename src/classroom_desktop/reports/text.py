"""Unicode-safe text for reportlab: per-script font runs, right-to-left ordering, shaping.

Every string a report prints goes through :func:`markup` (for platypus Paragraphs) or
:func:`draw_string` (for canvas drawing). Both split the text into runs, each drawn in a
shipped font that has its glyphs, and let HarfBuzz (reportlab's ``shaping``, through
``uharfbuzz``) join Arabic letters and build Indic conjuncts. HarfBuzz puts the letters of a
right-to-left word in visual order; the order of the words and runs, which reportlab leaves
alone, follows the Unicode bidi algorithm (UAX #9, from ``python-bidi``): each character's
embedding level is resolved, and runs are reordered by level (rule L2), so a line mixing an
Arabic name, a Latin code and digits comes out as a reader of either script expects.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Literal
from xml.sax.saxutils import escape

from bidi.algorithm import (
    MIRRORED,
    X9_REMOVED,
    explicit_embed_and_overrides,
    get_base_level,
    get_embedding_levels,
    get_empty_storage,
    resolve_implicit_levels,
    resolve_neutral_types,
    resolve_weak_types,
)
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import shapeStr
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText

from classroom_desktop.reports.fonts import (
    BASE_FONT,
    BOLD_FONT,
    bold_of,
    covers,
    font_for_char,
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


def bidi_levels(text: str) -> list[int]:
    """The resolved embedding level of each character of ``text`` (UAX #9, rules P2 to I2).

    Even levels run left to right, odd ones right to left. Characters the algorithm sets
    aside (zero-width joiners, explicit embeddings) take the level of the character before.
    """
    storage = get_empty_storage()
    base = get_base_level(text)
    storage["base_level"], storage["base_dir"] = base, ("L", "R")[base]
    get_embedding_levels(text, storage)
    chars = list(storage["chars"])
    explicit_embed_and_overrides(storage)
    resolve_weak_types(storage)
    resolve_neutral_types(storage, False)
    resolve_implicit_levels(storage, False)
    levels: list[int] = []
    for ch in chars:
        removed = ch["type"] in X9_REMOVED
        levels.append((levels[-1] if levels else base) if removed else ch["level"])
    return levels


def _level_runs(text: str, bold: bool) -> list[tuple[str, int, str]]:
    """``(font, level, text)`` pieces in logical order: font runs cut where the level changes."""
    pieces: list[tuple[str, int, str]] = []
    levels = bidi_levels(unicodedata.normalize("NFC", text))
    i = 0
    for font, part in runs(text):
        name = bold_of(font) if bold else font
        for ch in part:
            level = levels[i]
            i += 1
            if pieces and pieces[-1][0] == name and pieces[-1][1] == level:
                pieces[-1] = (name, level, pieces[-1][2] + ch)
            else:
                pieces.append((name, level, ch))
    return pieces


def _reorder(pieces: list[tuple[str, int, str]]) -> list[tuple[str, int, str]]:
    """Rule L2: from the highest level down to the lowest odd one, reverse every sequence at or above it."""
    if not pieces:
        return pieces
    out = list(pieces)
    highest = max(level for _, level, _ in out)
    odd = [level for _, level, _ in out if level % 2]
    lowest_odd = min(odd) if odd else highest + 1
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(out):
            if out[i][1] >= level:
                j = i
                while j < len(out) and out[j][1] >= level:
                    j += 1
                out[i:j] = out[i:j][::-1]
                i = j
            else:
                i += 1
    return out


def _right_to_left_tokens(font: str, text: str) -> list[str]:
    """The words and spaces of a right-to-left piece in visual order, each to be shaped on its own.

    HarfBuzz lays out (and mirrors) the letters of a word with right-to-left letters; a token
    without any (a bracket, a dash) is mirrored here (rule L4), and without shaping the letters
    are reversed here too.
    """
    shapable = pdfmetrics.getFont(font).shapable
    tokens = []
    for token in reversed(_TOKENS.findall(text)):
        strong_rtl = any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in token)
        if not strong_rtl:
            token = "".join(MIRRORED.get(ch, ch) for ch in reversed(token))
        elif not shapable:
            token = "".join(MIRRORED.get(ch, ch) for ch in reversed(token))
        tokens.append(token)
    return tokens


def visual_runs(text: str, bold: bool = False) -> list[tuple[str, str]]:
    """Return the pieces of ``text`` in the left-to-right order they are drawn in.

    The order follows the Unicode bidi algorithm; a right-to-left piece is cut into single
    words and the spaces between them, in visual order, so that each word is shaped on its
    own (reportlab's Paragraph shapes word by word) and HarfBuzz puts its letters in order.
    """
    out: list[tuple[str, str]] = []
    for font, level, part in _reorder(_level_runs(text, bold)):
        pieces = _right_to_left_tokens(font, part) if level % 2 else [part]
        for piece in pieces:
            if out and out[-1][0] == font and not level % 2 and not _has_rtl(out[-1][1]):
                out[-1] = (font, out[-1][1] + piece)
            else:
                out.append((font, piece))
    return out


def _has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


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


def starts_right_to_left(text: str) -> bool:
    """Whether ``text``'s paragraph direction is right to left (its first strong letter is RTL)."""
    return get_base_level(unicodedata.normalize("NFC", text)) == 1


def wrap_logical(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """``text`` broken into lines no wider than ``width``, in logical order, at spaces.

    Right-to-left paragraphs must be broken before they are reordered (UAX #9 reorders each
    line on its own), which reportlab's Paragraph cannot do; a word wider than a line stays whole.
    """
    lines: list[str] = []
    line = ""
    for token in _TOKENS.findall(" ".join(text.split())):
        candidate = line + token
        if line.strip() and not token.isspace() and string_width(candidate, size, bold) > width:
            lines.append(line.strip())
            line = token
        else:
            line = candidate
    if line.strip():
        lines.append(line.strip())
    return lines or [""]


class BidiParagraph(Paragraph):
    """A Paragraph of plain text whose lines are broken first and reordered each on its own.

    For text whose paragraph direction is right to left (an Arabic comment, a Hebrew goal):
    each line then reads from the right in the right order, on the page and across a page break.
    """

    def __init__(self, text: str, style: ParagraphStyle, bold: bool = False) -> None:
        self._plain, self._bold = text, bold
        super().__init__(markup(text, bold=bold), style)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        lines = wrap_logical(self._plain, availWidth - 1, self.style.fontSize, self._bold)
        text = "<br/>".join(markup(line, bold=self._bold) for line in lines)
        self._setup(text, self.style, None, None, cleanBlockQuotedText)
        return super().wrap(availWidth, availHeight)
