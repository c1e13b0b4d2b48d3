"""Group cards and the lesson summary as PDFs: every script, shrink-to-fit, paper, the command line."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from classroom_desktop import cli
from classroom_desktop.domain.errors import UserError
from classroom_desktop.reports.group_cards import CardGroup, Lesson, cards_pdf, i_can, summary_pdf

LESSON = Lesson(
    "4B",
    date(2026, 11, 20),
    "Fractions, lesson 3",
    [("4.NF.2", "I can compare fractions with different denominators.")],
)
GROUPS = [
    CardGroup(
        "Reteach",
        ["Nguyễn Văn An", "Zoë Brandt"],
        "Fraction strips with the teacher",
        "Strips, whiteboards",
        True,
    ),
    CardGroup("Practice", ["محمد علي", "王小明", "Γιώργος Παπαδόπουλος"], "Worksheet B"),
    CardGroup("Extend", ["Олена Коваленко"], "Fraction puzzles"),
    CardGroup("Stations", [f"Student number {i}" for i in range(40)], "Rotation " * 60, "Everything " * 40),
    CardGroup("Fifth", ["Ana López"], "Reading"),
]


def text_of(data: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    return [
        " ".join(unicodedata.normalize("NFKC", p.extract_text()).split()) for p in PdfReader(str(path)).pages
    ]


def fonts_of(data: bytes, tmp_path: Path) -> set[str]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    found: set[str] = set()
    for page in PdfReader(str(path)).pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            found.add(str(font.get_object()["/BaseFont"]))
    return found


def test_four_cards_to_a_page_with_every_name(tmp_path: Path) -> None:
    data = cards_pdf(LESSON, GROUPS, "A4")
    pages = text_of(data, tmp_path)
    assert len(pages) == 2  # five groups: four on the first page, one on the second
    first = pages[0]
    for text in [
        "Reteach",
        "Teacher-led · 2 students",
        "Nguyễn Văn An",
        "Zoë Brandt",
        "Γιώργος Παπαδόπουλος",
        "Олена Коваленко",
        "4.NF.2: I can compare fractions with different denominators.",
        "Fraction strips with the teacher",
        "Strips, whiteboards",
        "Independent · 40 students",
        "Student number 39",
    ]:
        assert text in first, text
    assert "Ana López" in pages[1]
    used = " ".join(fonts_of(data, tmp_path))
    assert "Arabic" in used or "ClassroomArabic" in used
    assert "CJK" in used or "Fallback" in used


def test_cards_on_letter_and_refused_on_poster_paper() -> None:
    from io import BytesIO

    reader = PdfReader(BytesIO(cards_pdf(LESSON, GROUPS[:1], "Letter")))
    assert (round(float(reader.pages[0].mediabox.width)), round(float(reader.pages[0].mediabox.height))) == (
        612,
        792,
    )
    with pytest.raises(UserError, match="A4 or Letter"):
        cards_pdf(LESSON, GROUPS, "A3")


def test_summary_is_one_page_with_the_lesson_and_all_groups(tmp_path: Path) -> None:
    pages = text_of(summary_pdf(LESSON, GROUPS, "A4"), tmp_path)
    assert len(pages) == 1
    text = pages[0]
    for expected in [
        "Lesson groups — 4B",
        "20 November 2026 · Fractions, lesson 3",
        "Reteach",
        "Teacher-led, 2 students",
        "Stations",
        "Ana López",
        "Worksheet B",
        "Materials: Strips, whiteboards",
    ]:
        assert expected in text, expected


def test_i_can_statements() -> None:
    assert i_can("Compare two fractions") == "I can compare two fractions"
    assert i_can("I can add fractions.") == "I can add fractions."


def test_print_cards_from_the_command_line_on_the_demo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from classroom_desktop.services.classroom import Classroom
    from classroom_desktop.services.demo import write_demo
    from classroom_desktop.services.groups import Groups

    workspace = tmp_path / "demo"
    write_demo(workspace)
    out = tmp_path / "cards.pdf"
    assert cli.main(["print", "cards", "--workspace", str(workspace), "--out", str(out)]) == 0
    assert f"Wrote {out}" in capsys.readouterr().out
    classroom = Classroom.open(workspace, create=False)
    try:
        class_id = classroom.classes.list()[0].id
        focus = Groups(classroom).next_focus(class_id)
        names = [s.display_name for s in classroom.students.list(class_id)]
        suggestion = Groups(classroom).suggest(class_id, [focus.id] if focus else [])
    finally:
        classroom.close()
    assert focus is not None
    text = " ".join(text_of(out.read_bytes(), tmp_path))
    assert f"{focus.code}: {i_can(focus.statement)}" in text
    for group in suggestion.groups:
        assert group.name in text
    latin = [
        n
        for n in names
        if all(unicodedata.name(ch, "").startswith(("LATIN", "SPACE", "HYPHEN", "APOSTROPHE")) for ch in n)
    ]
    assert latin and all(name in text for name in latin)


def test_command_line_names_a_bad_paper_size(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from classroom_desktop.services.demo import write_demo

    workspace = tmp_path / "demo"
    write_demo(workspace)
    code = cli.main(
        ["print", "summary", "--workspace", str(workspace), "--paper", "A2", "--out", str(tmp_path / "s.pdf")]
    )
    assert code == 2
    assert "A4 or Letter" in capsys.readouterr().err
    assert not (tmp_path / "s.pdf").exists()


def test_print_help_documents_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 14.18: --workspace (not WHERE_WORKSPACE), --demo, --out, --landscape, --plan by date/lesson."""
    with pytest.raises(SystemExit):
        cli.main(["print", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "WHERE_WORKSPACE" not in text
    for documented in (
        "--workspace DIR the workspace in this folder",
        "--demo use the demo class instead",
        "--out FILE.pdf the PDF file to write",
        "--landscape turn the pages sideways",
        "its date (2026-12-02), its lesson's name, or both as DATE/LESSON",
    ):
        assert documented in text


def test_print_a_plan_named_by_its_date_and_lesson(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import date

    from classroom_desktop.services.classroom import Classroom
    from classroom_desktop.services.demo import write_demo
    from classroom_desktop.services.groups import GroupDraft, Groups

    workspace = tmp_path / "demo"
    write_demo(workspace)
    classroom = Classroom.open(workspace, create=False)
    try:
        class_id = classroom.classes.list()[0].id
        service = Groups(classroom)
        ids = [s.id for s in classroom.students.list(class_id)]
        focus = [classroom.evidence.mastery_table(class_id).standards[0].id]
        service.save_plan(class_id, date(2026, 12, 1), "Rounding", focus, [GroupDraft("Owls", ids[:3])])
        service.save_plan(class_id, date(2026, 12, 2), "Fractions", focus, [GroupDraft("Hawks", ids[:3])])
    finally:
        classroom.close()
    for plan, group in (("2026-12-01", "Owls"), ("Fractions", "Hawks"), ("2026-12-02/fractions", "Hawks")):
        out = tmp_path / "cards.pdf"
        args = ["print", "cards", "--workspace", str(workspace), "--plan", plan, "--out", str(out)]
        assert cli.main(args) == 0
        assert group in " ".join(text_of(out.read_bytes(), tmp_path)), plan
    out = tmp_path / "none.pdf"
    args = ["print", "cards", "--workspace", str(workspace), "--plan", "Maps", "--out", str(out)]
    assert cli.main(args) == 2
    assert "No group plan matches 'Maps'. Saved plans: 2026-12-02/Fractions; 2026-12-01/Rounding." in (
        capsys.readouterr().err
    )
