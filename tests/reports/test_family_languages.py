"""Family reports print in each family's language: words, dates, numbers and the page's direction."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import translator
from classroom_desktop.services.printing import PrintOptions, print_document

FAMILIES = {"Zoë Laurent": "fr", "Kenji Watanabe": "es", "محمد العلي": "ar", "Amani Wanjiru": "pt"}


def _student(demo: Any, name: str) -> str:
    return next(s.id for s in demo.students.list() if s.display_name == name)


def _reports(pdf: Path) -> dict[str, str]:
    """Each student's pages' text, by the footer's name (pages run in student order)."""
    out: dict[str, str] = {}
    for page in PdfReader(pdf).pages:
        text = unicodedata.normalize("NFKC", page.extract_text())
        name = next((n for n in FAMILIES if unicodedata.normalize("NFKC", n) in text), "other")
        out[name] = out.get(name, "") + " " + " ".join(text.split())
    return out


@pytest.fixture
def class_set(demo: Any, tmp_path: Path) -> tuple[dict[str, str], Any]:
    class_id = str(demo.classes.list()[0].id)
    for student in demo.students.list():  # the demo's own families' languages, put aside here
        demo.students.edit_profile(student.id, home_language="")
    for name, language in FAMILIES.items():
        demo.students.edit_profile(_student(demo, name), home_language=language)
    pdf = print_document(demo, "report", PrintOptions(out=tmp_path / "reports.pdf", class_id=class_id))
    return _reports(pdf), demo


def test_each_family_reads_its_report_in_its_own_language(
    class_set: tuple[dict[str, str], Any], today: date
) -> None:
    reports, _ = class_set
    fr, es, pt = reports["Zoë Laurent"], reports["Kenji Watanabe"], reports["Amani Wanjiru"]
    assert "Bulletin de progrès" in fr and "Comment lire ce bulletin" in fr
    assert "Où en est votre enfant" in fr
    assert translator("fr").date(today) in fr and "Page 1" in fr
    assert "Informe de progreso" in es and "Cómo leer este informe" in es
    assert "Comentarios de la familia" in es
    assert translator("es").date(today) in es and "Página 1" in es
    assert "Relatório de progresso" in pt and "Como ler este relatório" in pt
    # every other family gets the teacher's language (English here)
    assert "Progress report" in reports["other"] and "How to read this report" in reports["other"]
    assert "Informe de progreso" not in reports["other"]


def test_levels_are_written_with_the_languages_decimal_sign(class_set: tuple[dict[str, str], Any]) -> None:
    reports, _ = class_set
    assert any(f"{n},{d} " in reports["Kenji Watanabe"] for n in "1234" for d in "0123456789")
    assert not any(f"{n}.{d} Developing" in reports["Kenji Watanabe"] for n in "1234" for d in "0123456789")


def test_the_default_levels_and_what_they_mean_are_in_the_familys_language(
    class_set: tuple[dict[str, str], Any],
) -> None:
    reports, _ = class_set
    es, fr = reports["Kenji Watanabe"], reports["Zoë Laurent"]
    assert "Puede hacerlo correctamente y de forma independiente; esta es la meta." in es
    assert "3 Competente" in es and "Proficient" not in es and "Developing" not in es
    assert "Peut le faire correctement et en autonomie ; c'est l'objectif." in fr
    assert "Can do this correctly" not in es + fr
    assert "Can do this correctly and independently; this is the goal." in reports["other"]


def test_the_arabic_report_is_in_arabic_and_set_from_the_right(demo: Any, tmp_path: Path) -> None:
    student = _student(demo, "محمد العلي")
    demo.students.edit_profile(student, home_language="ar")
    class_id = str(demo.classes.list()[0].id)
    pdf = print_document(
        demo, "report", PrintOptions(out=tmp_path / "ar.pdf", class_id=class_id, student_id=student)
    )
    page = PdfReader(pdf).pages[0]
    width = float(page.mediabox.width)
    lines: list[tuple[float, str]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if text.strip():
            lines.append((tm[4] * cm[0] + cm[4], unicodedata.normalize("NFKC", text)))  # x where it starts

    page.extract_text(visitor_text=visit)
    words = " ".join(t for _, t in lines)
    for word in ("تقرير", "التقد", "المستوى", "نعم"):
        assert word in words or word[::-1] in words, word
    heading_x = [x for x, t in lines if "تقرير" in t or "تقرير"[::-1] in t]
    assert heading_x and min(heading_x) > width / 2  # the title starts on the right half of the page


def test_the_teacher_can_print_every_report_in_one_language(demo: Any, tmp_path: Path) -> None:
    class_id = str(demo.classes.list()[0].id)
    demo.students.edit_profile(_student(demo, "Kenji Watanabe"), home_language="es")
    pdf = print_document(
        demo, "report", PrintOptions(out=tmp_path / "fr.pdf", class_id=class_id, language="fr")
    )
    reports = _reports(pdf)
    assert "Bulletin de progrès" in reports["Kenji Watanabe"] and "Bulletin de progrès" in reports["other"]
    with pytest.raises(UserError, match='not "Klingon"'):
        options = PrintOptions(out=tmp_path / "x.pdf", class_id=class_id, language="Klingon")
        print_document(demo, "report", options)
    assert not (tmp_path / "x.pdf").exists()


def test_the_home_language_is_kept_in_the_learner_profile(demo: Any) -> None:
    student = _student(demo, "Zoë Laurent")
    demo.students.edit_profile(student, home_language="fr")
    assert demo.students.profile(student).home_language == "fr"


def test_a_language_the_program_cannot_print_is_refused_in_words(demo: Any) -> None:
    student = _student(demo, "Zoë Laurent")
    with pytest.raises(UserError, match='"Klingon" is not one'):
        demo.students.edit_profile(student, home_language="Klingon")
    demo.students.edit_profile(student, home_language="Français")  # the language's own name works too
    assert demo.students.profile(student).home_language == "fr"


@pytest.mark.parametrize(
    ("kind", "language", "words"),
    [
        ("plans", "es", ["Mi plan de aprendizaje", "Mis metas", "Mis próximos pasos", "Firma de la familia"]),
        ("plans", "pt", ["O meu plano de aprendizagem", "Os meus objetivos", "Assinatura da família"]),
        ("binder", "fr", ["Mon classeur de suivi", "À propos de moi", "Points forts", "contrôle", "Page 1"]),
    ],
)
def test_plans_and_binders_print_in_the_familys_language(
    demo: Any, tmp_path: Path, kind: str, language: str, words: list[str]
) -> None:
    student = _student(demo, "Zoë Laurent")
    demo.students.edit_profile(student, home_language=language)
    class_id = str(demo.classes.list()[0].id)
    pdf = print_document(
        demo, kind, PrintOptions(out=tmp_path / f"{kind}.pdf", class_id=class_id, student_id=student)
    )
    text = " ".join(" ".join(_reports(pdf).values()).split())
    for word in words:
        assert word in text, word
    assert "My learning plan" not in text and "My goals" not in text


def test_the_demo_prints_each_familys_report_in_its_language(tmp_path: Path) -> None:
    """Out of the box: the demo's Spanish family reads Spanish, the others their own or English."""
    from classroom_desktop.cli import main
    from classroom_desktop.services.demo import write_demo

    workspace = tmp_path / "demo"
    write_demo(workspace)
    out = tmp_path / "reports.pdf"
    assert main(["print", "report", "--workspace", str(workspace), "--out", str(out)]) == 0
    pages: dict[str, str] = {}
    for page in PdfReader(out).pages:
        text = " ".join(unicodedata.normalize("NFKC", page.extract_text()).split())
        for name in ("Majo Peña", "Sofía Herrera", "Kwame Mensah", "Liam O'Connor"):
            if unicodedata.normalize("NFKC", name) in text:
                pages[name] = pages.get(name, "") + text
    assert "Informe de progreso" in pages["Majo Peña"] and "Cómo leer este informe" in pages["Majo Peña"]
    assert "Progress report" not in pages["Majo Peña"]
    assert "Relatório de progresso" in pages["Sofía Herrera"]
    assert "Bulletin de progrès" in pages["Kwame Mensah"]
    assert "Progress report" in pages["Liam O'Connor"]  # most families read the teacher's language
