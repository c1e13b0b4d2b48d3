"""The fonts every PDF uses, and which of them draws a given character.

reportlab has no automatic font fallback, so each text run must be given a font whose
``cmap`` holds its characters. The shipped fonts (see ``resources/fonts/README.md``) are
registered with reportlab lazily, the first time a PDF needs them, and their coverage
tables are read once from the fonts themselves.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from classroom_desktop.reports import actual_text
from classroom_desktop.resources import resource_path


@dataclass(frozen=True)
class FontFamily:
    """One shipped family: reportlab names for its regular and bold faces and their files."""

    name: str
    regular_file: str
    bold_file: str | None
    right_to_left: bool = False

    @property
    def bold_name(self) -> str:
        """The reportlab name of the bold face (the regular face when the family has no bold)."""
        return f"{self.name}-Bold" if self.bold_file else self.name


BASE_FONT = "ClassroomSans"
BOLD_FONT = "ClassroomSans-Bold"

def _noto(script: str, name: str | None = None, bold: bool = True, rtl: bool = False) -> FontFamily:
    stem = name or f"NotoSans{script}"
    return FontFamily(f"Classroom{script}", f"{stem}-Regular.ttf", f"{stem}-Bold.ttf" if bold else None, rtl)


#: Families in the order they are tried for a character; the first that has the glyph wins.
#: One family per script a school may meet (see resources/fonts/README.md), so no name prints a box.
FAMILIES: tuple[FontFamily, ...] = (
    FontFamily(BASE_FONT, "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    FontFamily("ClassroomArabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf", True),
    FontFamily("ClassroomHebrew", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf", True),
    FontFamily("ClassroomDevanagari", "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"),
    *(
        _noto(script)
        for script in (
            "Bengali", "Gurmukhi", "Gujarati", "Tamil", "Telugu", "Kannada", "Malayalam", "Sinhala",
            "Thai", "Lao", "Khmer", "Myanmar", "Ethiopic", "Georgian", "Armenian",
        )
    ),
    _noto("Tibetan", "NotoSerifTibetan"),
    _noto("Syriac", bold=False, rtl=True),
    _noto("Thaana", rtl=True),
    _noto("NKo", bold=False, rtl=True),
    # Droid Sans Fallback: Chinese, Japanese kana and Korean hangul. It has no bold face.
    FontFamily("ClassroomCJK", "DroidSansFallback.ttf", None),
)

_BY_NAME: dict[str, FontFamily] = {
    face: family for family in FAMILIES for face in (family.name, family.bold_name)
}

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register every shipped family with reportlab (safe to call again; it does the work once).

    Raises:
        FileNotFoundError: when a font file is missing from the installation.
    """
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for family in FAMILIES:
            pdfmetrics.registerFont(TTFont(family.name, str(resource_path("fonts", family.regular_file))))
            if family.bold_file:
                bold_path = resource_path("fonts", family.bold_file)
                pdfmetrics.registerFont(TTFont(family.bold_name, str(bold_path)))
            # <b> inside a Paragraph picks the bold face; there are no italic faces, so italic
            # falls back to upright rather than to a Type 1 font without the glyphs.
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(family.name, bold, italic, family.bold_name if bold else family.name)
        _disable_discretionary_ligatures()
        actual_text.install()  # shaped runs copy as their text
        _registered = True


def _disable_discretionary_ligatures() -> None:
    """Switch off OpenType ``dlig`` in reportlab's HarfBuzz shaping.

    reportlab asks HarfBuzz for discretionary ligatures, which OpenType says are off unless a
    reader asks for them; with them Noto Sans Arabic draws the name محمد as a single vowelled
    calligraphic glyph (U+FDF4) that text extraction cannot read back as the name.
    """
    from reportlab.pdfbase import ttfonts

    shape = getattr(ttfonts.shapeFragWord, "__wrapped__", ttfonts.shapeFragWord)
    defaults = getattr(shape, "__defaults__", None) or ()
    for default in defaults:
        if isinstance(default, dict) and "dlig" in default:
            default["dlig"] = False


@cache
def coverage(font_name: str) -> frozenset[int]:
    """Return the code points that ``font_name`` (one of ours, regular or bold) has glyphs for."""
    family = _family(font_name)
    register_fonts()
    font = pdfmetrics.getFont(family.name)
    face = font.face  # type: ignore[attr-defined]
    return frozenset(code for code, glyph in face.charToGlyph.items() if glyph)


def covers(font_name: str, ch: str) -> bool:
    """Whether ``font_name`` has a glyph for the single character ``ch``."""
    return ord(ch) in coverage(font_name)


def is_right_to_left(font_name: str) -> bool:
    """Whether the font is one of the right-to-left script families (Arabic, Hebrew, Syriac, Thaana, N'Ko)."""
    return _family(font_name).right_to_left


def bold_of(font_name: str) -> str:
    """Return the bold face of the family ``font_name`` belongs to (itself when there is none)."""
    return _family(font_name).bold_name


@cache
def font_for_char(ch: str) -> str:
    """Return the regular font name of the first family that has a glyph for ``ch``.

    Characters that no shipped font covers get :data:`BASE_FONT`, so at worst one
    character is missing rather than the whole run.
    """
    code = ord(unicodedata.normalize("NFC", ch)[0]) if ch else 0
    for family in FAMILIES:
        if code in coverage(family.name):
            return family.name
    return BASE_FONT


def _family(font_name: str) -> FontFamily:
    try:
        return _BY_NAME[font_name]
    except KeyError:
        known = ", ".join(family.name for family in FAMILIES)
        raise ValueError(f"'{font_name}' is not one of the program's fonts ({known}).") from None
