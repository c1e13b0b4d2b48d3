"""Student names print in their own script: fonts chosen per run, text in the PDF, no boxes."""

from __future__ import annotations

import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate

from classroom_desktop.reports.fonts import BASE_FONT, BOLD_FONT, covers, font_for_char, register_fonts
from classroom_desktop.reports.text import (
    draw_string,
    markup,
    paragraph,
    paragraph_style,
    runs,
    string_width,
    visual_runs,
)
from classroom_desktop.resources import resource_path

# name -> the font family that must draw its letters
SAMPLES: dict[str, str] = {
    "Nguyễn Thị Hương": "ClassroomSans",
    "محمد العلي": "ClassroomArabic",
    "王小明": "ClassroomCJK",
    "Zofia Wójcik": "ClassroomSans",
    "Øystein Bjørnstad": "ClassroomSans",
    "Amani Wanjiru Mwangi": "ClassroomSans",
    "अनन्या शर्मा": "ClassroomDevanagari",
    "Γιώργος Παπαδόπουλος": "ClassroomSans",
    "Дмитрий Иванов": "ClassroomSans",
    "דוד כהן": "ClassroomHebrew",
    "Zoë Begoña": "ClassroomSans",
}
ROUND_TRIP = [name for name, font in SAMPLES.items() if font in ("ClassroomSans", "ClassroomCJK")]
RIGHT_TO_LEFT = [name for name, font in SAMPLES.items() if font in ("ClassroomArabic", "ClassroomHebrew")]


def _platypus_pdf(path: Path) -> Path:
    style = paragraph_style(size=14)
    story = [paragraph(name, style) for name in SAMPLES]
    story += [paragraph(name, style, bold=True) for name in SAMPLES]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def _canvas_pdf(path: Path) -> Path:
    canvas = Canvas(str(path), pagesize=A4)
    y = 800.0
    for name in SAMPLES:
        draw_string(canvas, 50, y, name, 14)
        draw_string(canvas, 545, y, name, 14, bold=True, align="right")
        y -= 24
    canvas.save()
    return path


@pytest.fixture(params=["paragraph", "canvas"])
def sample_pdf(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    build = _platypus_pdf if request.param == "paragraph" else _canvas_pdf
    return build(tmp_path / f"names-{request.param}.pdf")


def _text(pdf: Path) -> str:
    return unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in PdfReader(pdf).pages))


def _embedded_fonts(pdf: Path) -> set[str]:
    names: set[str] = set()
    for page in PdfReader(pdf).pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def test_every_character_of_every_sample_name_has_a_font_with_its_glyph() -> None:
    for name in SAMPLES:
        for ch in unicodedata.normalize("NFC", name):
            assert covers(font_for_char(ch), ch), f"{ch!r} in {name}"
        for font, part in runs(name):
            missing = [ch for ch in part if not ch.isspace() and not covers(font, ch)]
            assert missing == [], f"{font} lacks {missing} in {name}"


def test_each_name_is_drawn_in_its_scripts_font() -> None:
    for name, family in SAMPLES.items():
        assert runs(name) == [(family, unicodedata.normalize("NFC", name))]


def test_mixed_scripts_are_split_into_runs() -> None:
    assert runs("Zoë 王小明") == [(BASE_FONT, "Zoë "), ("ClassroomCJK", "王小明")]
    assert [font for font, _ in runs("Ali محمد Khan")] == [BASE_FONT, "ClassroomArabic", BASE_FONT]


def test_arabic_words_are_laid_out_right_to_left() -> None:
    assert visual_runs("محمد العلي") == [
        ("ClassroomArabic", "العلي"),
        ("ClassroomArabic", " "),
        ("ClassroomArabic", "محمد"),
    ]
    # a line that starts in Arabic puts its Latin part on the left, brackets mirrored
    assert "".join(part for _, part in visual_runs("محمد (Mo)", bold=True)) == "(Mo) محمد"
    assert visual_runs("محمد (Mo)", bold=True)[0][0] == BOLD_FONT


@pytest.mark.parametrize(
    ("logical", "visual"),
    [
        # a Latin line with an Arabic name in it keeps its order; the name reads right to left
        ("Ali محمد Khan", "Ali محمد Khan"),
        # an Arabic line: the words go right to left, numbers stay left to right (UAX #9)
        ("سارة: 3 من 4", "4 من 3 سارة:"),
        ("דוד כהן (12)", "(12) כהן דוד"),
        ("محمد العلي 2026", "2026 العلي محمد"),
        ("Level 3 — محمد العلي", "Level 3 — العلي محمد"),
    ],
)
def test_mixed_lines_follow_the_unicode_bidi_algorithm(logical: str, visual: str) -> None:
    # each right-to-left word is one piece, its letters still in logical order for HarfBuzz to lay out
    assert "".join(part for _, part in visual_runs(logical)) == visual


def test_markup_escapes_and_names_fonts() -> None:
    assert markup("R&D <Kim>") == f'<font name="{BASE_FONT}">R&amp;D &lt;Kim&gt;</font>'
    assert markup("Zoë", bold=True, size=9) == f'<font name="{BOLD_FONT}" size="9">Zoë</font>'
    # reportlab shapes a word in one font, so a word mixing fonts is split at the join
    assert markup("王小明(Wang)") == (
        '<font name="ClassroomCJK">王小明</font><font name="ClassroomSans"> (Wang)</font>'
    )


@given(st.text(max_size=40))
def test_runs_keep_every_character_in_order(text: str) -> None:
    assert "".join(part for _, part in runs(text)) == unicodedata.normalize("NFC", text)


def test_names_round_trip_through_the_pdf(sample_pdf: Path) -> None:
    text = _text(sample_pdf)
    for name in ROUND_TRIP:
        assert name in text
    # Devanagari conjuncts are single glyphs; the letters that keep their own glyph read back
    assert {"अ", "न", "य", "श", "म"} <= set(text)


def test_right_to_left_names_are_in_the_pdf_in_their_fonts(sample_pdf: Path) -> None:
    text = _text(sample_pdf)
    for name in RIGHT_TO_LEFT:
        for word in name.split():
            assert word in text or word[::-1] in text, word
    fonts = _embedded_fonts(sample_pdf)
    for expected in ("NotoSansArabic", "NotoSansHebrew", "NotoSansDevanagari", "DroidSansFallback"):
        assert any(font.startswith(expected) for font in fonts), (expected, fonts)
    assert any(font.startswith("NotoSansArabic-Bold") for font in fonts)


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_every_font_is_embedded(sample_pdf: Path) -> None:
    lines = subprocess.run(["pdffonts", str(sample_pdf)], capture_output=True, text=True, check=True)
    # reportlab lists its initial Helvetica on every page; no text is drawn in it
    rows = [row for row in lines.stdout.splitlines()[2:] if not row.startswith("Helvetica ")]
    assert len(rows) >= 5 and all(" yes " in row and "TrueType" in row for row in rows), lines.stdout


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_pages_render_without_font_errors(sample_pdf: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(sample_pdf), str(tmp_path / "page")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stderr == ""
    png = next(tmp_path.glob("page*.png"))
    assert png.read_bytes().startswith(b"\x89PNG")


def test_right_aligned_text_ends_at_x_and_widths_follow_size() -> None:
    register_fonts()
    canvas = Canvas("unused.pdf")
    drawn = draw_string(canvas, 300, 100, "محمد العلي", 12, align="centre")
    assert drawn == pytest.approx(string_width("محمد العلي", 12))
    assert string_width("王小明", 20) == pytest.approx(2 * string_width("王小明", 10))
    assert string_width("Zoë", 12, bold=True) > string_width("Zoë", 12)
    with pytest.raises(ValueError, match="'left', 'right' or 'centre'"):
        draw_string(canvas, 0, 0, "Zoë", 12, align="middle")  # type: ignore[arg-type]


def test_resource_path_finds_fonts_in_the_checkout_and_prefers_a_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert resource_path("fonts", "NotoSans-Regular.ttf").name == "NotoSans-Regular.ttf"
    bundled = tmp_path / "resources" / "fonts" / "NotoSans-Regular.ttf"
    bundled.parent.mkdir(parents=True)
    bundled.write_bytes(b"")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_path("fonts", "NotoSans-Regular.ttf") == bundled
    with pytest.raises(FileNotFoundError, match="'fonts/Missing.ttf' is missing"):
        resource_path("fonts", "Missing.ttf")
