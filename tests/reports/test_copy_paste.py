"""A name copied out of a PDF is the name typed, in every script: Devanagari conjuncts, Tamil,
Thai, Bengali and Arabic come back whole and in logical order from ``pdftotext`` (poppler).

Shaped runs carry their text as ``/ActualText``; Arabic joined forms read as their letters.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfgen.canvas import Canvas

from classroom_desktop.reports.group_cards import CardGroup, Lesson, cards_pdf
from classroom_desktop.reports.text import draw_string
from classroom_desktop.services.printing import PrintOptions, print_document

from .test_scripts import NAMES as EVERY_SCRIPT

NAMES = {
    "Devanagari": "क्षितिज शर्मा",
    "Tamil": "தமிழ்செல்வி",
    "Thai": "สมชาย ใจดี",
    "Bengali": "রবীন্দ্রনাথ ঠাকুর",
    "Arabic": "محمد علي",
    "Arabic lam-alef": "علاء",
}

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")


def pdftotext(pdf: Path) -> str:
    """The PDF's text as ``pdftotext`` gives it (NFC), bidi marks left out."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)
    text = out.stdout.decode("utf-8")
    return unicodedata.normalize("NFC", "".join(ch for ch in text if ch not in "\u202a\u202b\u202c"))


@pytest.mark.parametrize("script", list(NAMES))
def test_a_name_drawn_on_the_canvas_copies_back_whole(script: str, tmp_path: Path) -> None:
    pdf = tmp_path / "canvas.pdf"
    canvas = Canvas(str(pdf))
    draw_string(canvas, 72, 700, NAMES[script], 14)
    draw_string(canvas, 72, 660, NAMES[script], 14, bold=True)
    canvas.save()
    assert pdftotext(pdf).count(NAMES[script]) == 2


#: Where pdftotext (poppler 22.12) cannot give the name back, whatever the PDF says: it does not take
#: N'Ko for right to left, and it moves Thaana's vowel signs off the letters they sit on.
POPPLER_CANNOT = {"Thaana", "NKo"}


def test_every_other_script_copies_back_whole(tmp_path: Path) -> None:
    pdf = tmp_path / "scripts.pdf"
    canvas = Canvas(str(pdf))
    names = {script: name for script, (name, _) in EVERY_SCRIPT.items() if script not in POPPLER_CANNOT}
    for i, name in enumerate(names.values()):
        draw_string(canvas, 72, 800 - 22 * i, name, 14)
    canvas.save()
    text = pdftotext(pdf)
    assert [script for script, name in names.items() if name not in text] == []


def test_group_cards_copy_back_every_name(tmp_path: Path) -> None:
    lesson = Lesson("4B", date(2026, 11, 20), "Fractions", [("4.NF.2", "I can compare fractions.")])
    groups = [CardGroup("Reteach", list(NAMES.values())[:3], "Strips", "", True),
              CardGroup("Practice", list(NAMES.values())[3:], "Worksheet B")]
    pdf = tmp_path / "cards.pdf"
    pdf.write_bytes(cards_pdf(lesson, groups, "A4"))
    text = pdftotext(pdf)
    for script, name in NAMES.items():
        assert name in text, script
    assert "Reteach" in text and "Worksheet B" in text  # Latin text is as before


def test_family_reports_copy_back_every_name(demo: Any, tmp_path: Path) -> None:
    students = demo.students.list()[: len(NAMES)]
    for student, name in zip(students, NAMES.values(), strict=True):
        given, _, family = name.partition(" ")
        demo.students.edit(student.id, given_name=given, family_name=family, preferred_name="")
    class_id = str(demo.classes.list()[0].id)
    for student in students:
        options = PrintOptions(out=tmp_path / f"{student.id}.pdf", class_id=class_id, student_id=student.id)
        pdf = print_document(demo, "report", options)
        name = demo.students.get(student.id).display_name
        assert name in NAMES.values()
        assert name in pdftotext(pdf), name
