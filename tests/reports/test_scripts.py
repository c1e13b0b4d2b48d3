"""Every script a school may meet prints without a box: Thai, Tamil, Amharic, Khmer and the rest.

HarfBuzz (the shaper reportlab uses) is asked directly which glyph each run becomes in the font
the program picked for it: glyph 0 is ``.notdef``, the box. The PDFs are then built the two ways
the reports draw text, and every font they use must be embedded and draw its text.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

import pytest
import uharfbuzz as hb
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate

from classroom_desktop.reports.fonts import FAMILIES, font_for_char
from classroom_desktop.reports.text import draw_string, paragraph, paragraph_style, visual_runs
from classroom_desktop.resources import resource_path

# A student's name in each script -> the family that must draw its letters.
NAMES: dict[str, tuple[str, str]] = {
    "Thai": ("สมชาย ใจดี", "ClassroomThai"),
    "Lao": ("ສົມພອນ ແກ້ວມະນີ", "ClassroomLao"),
    "Khmer": ("សុខា ចាន់", "ClassroomKhmer"),
    "Myanmar": ("အောင်ဆန်း", "ClassroomMyanmar"),
    "Tamil": ("தமிழ்செல்வன் ராஜா", "ClassroomTamil"),
    "Bengali": ("রবীন্দ্রনাথ ঠাকুর", "ClassroomBengali"),
    "Gurmukhi": ("ਗੁਰਪ੍ਰੀਤ ਕੌਰ", "ClassroomGurmukhi"),
    "Gujarati": ("ભાવના પટેલ", "ClassroomGujarati"),
    "Telugu": ("వెంకట రమణ", "ClassroomTelugu"),
    "Kannada": ("ಕನ್ನಡ ರಾಜ್", "ClassroomKannada"),
    "Malayalam": ("അനന്തു കൃഷ്ണൻ", "ClassroomMalayalam"),
    "Sinhala": ("නිමල් පෙරේරා", "ClassroomSinhala"),
    "Ethiopic": ("አበበ ቢቂላ", "ClassroomEthiopic"),
    "Georgian": ("ნინო ბერიძე", "ClassroomGeorgian"),
    "Armenian": ("Անահիտ Պետրոսյան", "ClassroomArmenian"),
    "Tibetan": ("བཀྲ་ཤིས་", "ClassroomTibetan"),
    "Syriac": ("ܐܦܪܝܡ", "ClassroomSyriac"),
    "Thaana": ("ދިވެހި", "ClassroomThaana"),
    "NKo": ("ߒߞߏ", "ClassroomNKo"),
}
#: Scripts whose text a PDF reader gets back whole (no ligature glyphs standing for several letters).
READ_BACK = ["Thai", "Lao", "Ethiopic", "Georgian", "Armenian", "Gujarati"]


@cache
def _hb_font(family_name: str, bold: bool) -> hb.Font:
    family = next(f for f in FAMILIES if family_name in (f.name, f.bold_name))
    file = family.bold_file if bold and family.bold_file else family.regular_file
    blob = hb.Blob.from_file_path(str(resource_path("fonts", file)))
    return hb.Font(hb.Face(blob))


def glyphs(font_name: str, text: str) -> list[int]:
    """The glyph ids HarfBuzz draws ``text`` with in one of the program's fonts."""
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(_hb_font(font_name, font_name.endswith("-Bold")), buf, {})
    return [info.codepoint for info in buf.glyph_infos]


@pytest.mark.parametrize("script", list(NAMES))
def test_each_script_has_its_own_font(script: str) -> None:
    name, family = NAMES[script]
    assert {font_for_char(ch) for ch in name if not ch.isspace()} == {family}


@pytest.mark.parametrize("bold", [False, True], ids=["regular", "bold"])
@pytest.mark.parametrize("script", list(NAMES))
def test_no_run_of_any_script_becomes_a_box(script: str, bold: bool) -> None:
    name, _ = NAMES[script]
    for font, part in visual_runs(name, bold=bold):
        if part.strip():
            ids = glyphs(font, part.strip())
            assert ids and 0 not in ids, f"{script}: {part!r} in {font} draws .notdef"


def _pdfs(tmp_path: Path) -> list[Path]:
    style = paragraph_style(size=14)
    names = [name for name, _ in NAMES.values()]
    flow = tmp_path / "paragraphs.pdf"
    SimpleDocTemplate(str(flow), pagesize=A4).build(
        [paragraph(n, style) for n in names] + [paragraph(n, style, bold=True) for n in names]
    )
    drawn = tmp_path / "canvas.pdf"
    canvas = Canvas(str(drawn), pagesize=A4)
    for i, n in enumerate(names):
        draw_string(canvas, 50, 800 - 22 * i, n, 14)
        draw_string(canvas, 545, 800 - 22 * i, n, 14, bold=True, align="right")
    canvas.save()
    return [flow, drawn]


def test_the_pdfs_embed_every_scripts_font_and_read_back(tmp_path: Path) -> None:
    for pdf in _pdfs(tmp_path):
        reader = PdfReader(pdf)
        used = set()
        for page in reader.pages:
            for font in page["/Resources"]["/Font"].values():
                obj = font.get_object()
                used.add(str(obj["/BaseFont"]).lstrip("/").split("+", 1)[-1])
                descriptor = obj.get("/FontDescriptor")
                assert descriptor is None or "/FontFile2" in descriptor.get_object(), obj["/BaseFont"]
        files = {f.name: Path(f.regular_file).stem for f in FAMILIES}  # the PDF names a font by its file
        assert {files[family] for _, family in NAMES.values()} <= used
        text = unicodedata.normalize("NFC", "\n".join(p.extract_text() for p in reader.pages))
        for script in READ_BACK:
            assert NAMES[script][0] in text, script


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_the_pages_render_without_font_errors(tmp_path: Path) -> None:
    for pdf in _pdfs(tmp_path):
        out = subprocess.run(
            ["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / pdf.stem)],
            capture_output=True, text=True, timeout=120,
        )
        assert out.returncode == 0 and "rror" not in out.stderr, out.stderr
