"""Shaped text that copies and searches as the text it draws (``/ActualText`` marked content).

HarfBuzz turns a run of a complex script into glyphs in visual order: a Devanagari conjunct
(क्ष) becomes one ligature glyph that no character stands for, a vowel sign (ि) is drawn before
the consonant it follows, Arabic letters become their joined forms. reportlab draws those glyph
ids, and the font's ToUnicode map can only say which character each glyph is on its own, so a
reader copying the name got pieces, private-use characters or presentation forms back.

Every shaped run whose glyphs do not spell its text is therefore wrapped in
``/Span <</ActualText <FEFF…>>> BDC … EMC`` (PDF 32000-1, 14.9.4), which tells a PDF reader
(and ``pdftotext``) the run's characters in logical order. Two hooks into reportlab do it:
the shaper's result remembers, on the first glyph of each run, the text the run came from, and
the text object's output wraps the run's drawing operators. Runs whose glyphs are their text
(Latin, Cyrillic, most Thai) are written as before.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfgen import textobject
from reportlab.platypus import paragraph as rl_paragraph

_installed = False


def actual_text_operator(text: str) -> str:
    """The ``BDC`` operator that opens a span whose text is ``text`` (UTF-16BE with a BOM, in hex)."""
    return f"/Span <</ActualText <FEFF{text.encode('utf-16-be').hex().upper()}>>> BDC"


def _mark_runs(word: Any) -> Any:
    """Remember, on the first glyph of each shaped run of a shaped word, the text the run draws."""
    if not isinstance(word, ttfonts.ShapedFragWord):
        return word
    parts = [part for part in word[1:] if isinstance(part, tuple | list) and len(part) == 2]
    shaped = [(f, s) for f, s in parts if isinstance(s, ttfonts.ShapedStr) and s.__shapeData__]
    if not shaped:
        return word
    text = "".join(s for _, s in getattr(word, "_source", ()))
    clusters = sorted({sd.cluster for _, s in shaped for sd in s.__shapeData__ if sd.cluster >= 0})
    for frag, run in shaped:
        data = run.__shapeData__
        own = [sd.cluster for sd in data if 0 <= sd.cluster < len(text)]
        if not own:
            continue
        start, last = min(own), max(own)
        end = next((c for c in clusters if c > last), len(text))
        actual = unicodedata.normalize("NFC", text[start:end])
        if actual == str(run):
            continue
        if _right_to_left(actual):
            _learn_private_glyphs(getattr(frag, "fontName", ""), run, text, clusters)
            continue
        first = ttfonts.ShapeData(*data[0])
        first.actual_text = actual  # type: ignore[attr-defined]
        first.actual_length = len(data)  # type: ignore[attr-defined]
        data[0] = first
    return word


#: Per font face (as the PDF names it): the text of each glyph reportlab gave a private-use code
#: (a joined form no character stands for: Syriac, N'Ko), learnt as right-to-left runs are shaped.
_PRIVATE_TEXT: dict[str, dict[int, str]] = {}


def _learn_private_glyphs(font_name: str, run: Any, text: str, clusters: list[int]) -> None:
    """Remember the letters of each private-use glyph of a right-to-left run that is its cluster alone.

    Right-to-left runs get no ``/ActualText`` (readers put right-to-left glyphs in logical order
    themselves, and would turn the span's text around again); their ToUnicode map says instead.
    """
    if not font_name:
        return
    face = pdfmetrics.getFont(font_name).face  # type: ignore[attr-defined]
    known = _PRIVATE_TEXT.setdefault(_face_key(face.name + face.subfontNameX), {})
    data = run.__shapeData__
    per_cluster: dict[int, int] = {}
    for sd in data:
        per_cluster[sd.cluster] = per_cluster.get(sd.cluster, 0) + 1
    for ch, sd in zip(str(run), data, strict=False):
        code = ord(ch)
        if not 0xE000 <= code <= 0xF8FF or per_cluster[sd.cluster] != 1 or not 0 <= sd.cluster < len(text):
            continue
        end = next((c for c in clusters if c > sd.cluster), len(text))
        letters = text[sd.cluster : end]
        known.setdefault(code, letters[::-1] if len(letters) > 1 else letters)


def _face_key(name: bytes | str) -> str:
    """A face's name as both reportlab and the PDF's BaseFont (after the subset tag) write it."""
    return (name.decode("latin-1") if isinstance(name, bytes) else name).split("+", 1)[-1]


def _right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def _readable(code: int) -> str:
    """The text a glyph mapped to ``code`` stands for: a joined Arabic form is its letter(s).

    A ligature of two letters (lam-alef, ﻻ) is given right to left: a reader puts the glyphs of a
    right-to-left word in logical order by reading them, and the characters of each, from the right
    (``pdftotext`` does; in logical order it gave "عالء" for علاء).
    """
    ch = chr(code)
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        letters = unicodedata.normalize("NFKC", ch)
        return letters[::-1] if len(letters) > 1 and _right_to_left(letters) else letters
    return ch


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap for a font subset, with Arabic presentation forms read as letters."""
    cmap: str = _make_cmap(fontname, subset)
    private = _PRIVATE_TEXT.get(_face_key(fontname), {})
    texts = [private.get(code) or _readable(code) for code in subset]
    if all(len(text) == 1 and ord(text) == code for text, code in zip(texts, subset, strict=True)):
        return cmap
    lines = [f"<{i:02X}> <{text.encode('utf-16-be').hex().upper()}>" for i, text in enumerate(texts)]
    head, rest = cmap.split(" beginbfchar\n", 1)
    tail = rest.split("endbfchar", 1)[1]
    return f"{head} beginbfchar\n" + "\n".join(lines) + "\nendbfchar" + tail


_make_cmap = ttfonts.makeToUnicodeCMap


def _shaping_with_text(shape: Callable[..., Any]) -> Callable[..., Any]:
    def shape_and_mark(w: Any, *args: Any, **kwargs: Any) -> Any:
        shaped = shape(w, *args, **kwargs)
        if shaped is not w and isinstance(shaped, ttfonts.ShapedFragWord):
            shaped._source = [(f, s) for f, s in w[1:] if not hasattr(f, "cbDefn")]
            _mark_runs(shaped)
        return shaped

    shape_and_mark.__wrapped__ = shape  # type: ignore[attr-defined]
    return shape_and_mark


def _format_with_spans(format_text: Callable[[Any, Any], str]) -> Callable[[Any, Any], str]:
    def format_and_span(self: Any, text: Any) -> str:
        data = getattr(text, "__shapeData__", None)
        if not isinstance(text, ttfonts.ShapedStr) or not data \
                or not any(hasattr(sd, "actual_text") for sd in data):
            return format_text(self, text)
        out: list[str] = []
        i = plain = 0
        while i < len(data):
            actual = getattr(data[i], "actual_text", None)
            if actual is None:
                i += 1
                continue
            if plain < i:
                out.append(format_text(self, text[plain:i]))
            end = min(len(data), i + data[i].actual_length)
            out += [actual_text_operator(actual), format_text(self, text[i:end]), "EMC"]
            i = plain = end
        if plain < len(data):
            out.append(format_text(self, text[plain:]))
        return " ".join(part for part in out if part)

    format_and_span.__wrapped__ = format_text  # type: ignore[attr-defined]
    return format_and_span


def install() -> None:
    """Hook the two places into reportlab (once; the fonts' registration calls it)."""
    global _installed
    if _installed:
        return
    marked = _shaping_with_text(ttfonts.shapeFragWord)
    ttfonts.makeToUnicodeCMap = to_unicode_cmap  # Arabic joined forms copy as their letters
    ttfonts.shapeFragWord = marked  # shapeStr, used for canvas drawing, looks it up here
    rl_paragraph.shapeFragWord = marked  # type: ignore[attr-defined]
    textobject.PDFTextObject._formatText = _format_with_spans(  # type: ignore[method-assign]
        textobject.PDFTextObject._formatText)
    _installed = True
