"""Learning plans, data binders and family reports as the teacher prints them (text read back with pypdf)."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from classroom_desktop.domain.errors import UserError
from classroom_desktop.services.plans import plans_of
from classroom_desktop.services.printing import PrintOptions, print_document

START, END = date(2026, 11, 23), date(2027, 2, 26)


def _pages(pdf: Path) -> list[str]:
    return [unicodedata.normalize("NFKC", page.extract_text()) for page in PdfReader(pdf).pages]


def name_printed(name: str, text: str) -> bool:
    """A name is in the text as typed; right-to-left words may read back in either order;
    Devanagari conjuncts are single glyphs, so its letters that keep their own glyph are checked."""
    name = unicodedata.normalize("NFKC", name)
    if name in text:
        return True
    words = name.split()
    if any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in name):
        return all(w in text or w[::-1] in text for w in words)
    if any("\u0900" <= ch <= "\u097f" for ch in name):
        return {"अ", "न", "श", "म"} <= set(text)
    return False


@pytest.fixture
def drafted(demo: Any) -> tuple[Any, str]:
    class_id = str(demo.classes.list()[0].id)
    plans_of(demo).draft_class(class_id, START, END)
    return demo, class_id


def test_whole_class_plans_name_every_student_in_their_script(
    drafted: tuple[Any, str], tmp_path: Path
) -> None:
    demo, class_id = drafted
    out = print_document(demo, "plans", PrintOptions(out=tmp_path / "plans.pdf", class_id=class_id))
    pages = _pages(out)
    students = demo.students.list(class_id)
    assert len(students) == 28 and len(pages) >= len(students)
    everything = "\n".join(pages)
    for student in students:
        assert name_printed(student.display_name, everything), student.display_name
    # every page's footer names the student whose plan it is
    latin = [s.display_name for s in students if s.display_name.isascii()]
    assert all(any(name in page for name in latin) or not page.isascii() for page in pages[:4])
    # the demo's four families who read another language get their labels in it (test_family_languages)
    english = [s for s in students if demo.students.profile(s.id).home_language in ("", "en")]
    assert len(english) == 24
    for label in (
        "My learning plan",
        "My goals",
        "I can... checklist",
        "How I am growing",
        "My next steps",
        "My reflection",
        "Student's signature",
        "Teacher's signature",
        "Family's signature",
    ):
        assert everything.count(label) >= len(english), label


def test_a_plan_holds_the_students_goals_statements_dates_and_activities(
    drafted: tuple[Any, str], tmp_path: Path
) -> None:
    demo, class_id = drafted
    student = demo.students.find("Zoë Laurent")
    plan = plans_of(demo).plan(student.id)
    assert plan is not None
    plans_of(demo).set_reflection(plan.id, "I can explain fractions to my little brother.")
    out = print_document(
        demo, "plans", PrintOptions(out=tmp_path / "zoe.pdf", class_id=class_id, student_id=student.id)
    )
    text = " ".join(" ".join(_pages(out)).split())
    assert "Zoë Laurent" in text
    for goal in plan.goals:
        assert " ".join(goal.text.split()) in text
    first = plan.steps[0]
    assert f"{first.code} {first.statement}" in text
    assert first.target_on is not None and first.target_on.strftime("%-d %b %Y") in text
    assert first.activities[0].title in text
    assert "I can explain fractions to my little brother." in text
    # the chart's axis labels come from the class's scale, drawn as text (vectors, not a picture)
    assert "3 Proficient" in text and "Mastery" in text
    assert not any(page.images for page in PdfReader(out).pages)


def test_binder_and_family_report(drafted: tuple[Any, str], tmp_path: Path) -> None:
    demo, class_id = drafted
    student = demo.students.find("محمد العلي")
    options = PrintOptions(out=tmp_path / "binder.pdf", class_id=class_id, student_id=student.id)
    binder = " ".join(_pages(print_document(demo, "binder", options)))
    assert name_printed(student.display_name, binder)
    profile = demo.students.profile(student.id)
    assert "About me" in binder and "My evidence" in binder and "My learning plan" in binder
    assert profile.interests.split(",")[0] in binder
    report_out = print_document(
        demo, "report", PrintOptions(out=tmp_path / "report.pdf", class_id=class_id, student_id=student.id)
    )
    report = " ".join(" ".join(_pages(report_out)).split())
    assert "How to read this report" in report
    assert "Reaching level 3 (Proficient) means the standard is mastered." in report
    for level in demo.classes.scale(class_id).levels:
        assert f"{level.value} {level.label}" in report
        assert " ".join(level.descriptor.split()) in report


def test_one_file_per_student_in_a_folder(drafted: tuple[Any, str], tmp_path: Path) -> None:
    demo, class_id = drafted
    folder = tmp_path / "out" / "plans"
    seen: list[int] = []
    out = print_document(
        demo,
        "report",
        PrintOptions(out=folder, class_id=class_id, one_file_per_student=True),
        progress=lambda done, total, msg: seen.append(done),
    )
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == 28 and "Progress report - Zoë Laurent.pdf" in files
    chinese = next(s.display_name for s in demo.students.list(class_id) if "王" in s.display_name)
    assert f"Progress report - {chinese}.pdf" in files
    assert seen[-1] == 28
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["plans"]  # no temporary folder left behind
    text = " ".join(_pages(folder / "Progress report - Zoë Laurent.pdf"))
    assert "Zoë Laurent" in text and "Kenji" not in text


@pytest.mark.parametrize("one_file_each", [False, True])
def test_a_cancelled_batch_leaves_no_file(
    drafted: tuple[Any, str], tmp_path: Path, one_file_each: bool
) -> None:
    demo, class_id = drafted
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / ("folder" if one_file_each else "plans.pdf")
    calls: list[int] = []

    def progress(done: int, total: int, msg: str) -> None:
        calls.append(done)

    with pytest.raises(UserError, match="cancelled; no file was written"):
        print_document(
            demo,
            "plans",
            PrintOptions(out=out, class_id=class_id, one_file_per_student=one_file_each),
            progress,
            cancelled=lambda: len(calls) >= 3,
        )
    assert list((tmp_path / "out").iterdir()) == []


def test_refilled_chart_matches_what_the_builder_draws() -> None:
    from matplotlib.dates import date2num

    from classroom_desktop.charts.progress import mastery_over_time
    from classroom_desktop.domain.scale import ProficiencyScale
    from classroom_desktop.reports.progress_figures import ProgressFigures

    scale = ProficiencyScale.default()
    day = date(2026, 10, 1)
    first = ([(day, 2.0), (day + timedelta(days=6), 3.0)], [(day, 2.0), (day + timedelta(days=6), 2.65)])
    second = (
        [(day + timedelta(days=20), 4.0), (day + timedelta(days=41), 1.0)],
        [(day + timedelta(days=20), 4.0), (day + timedelta(days=41), 2.05)],
    )
    figures = ProgressFigures()
    figures.figure(*first, scale, "first")
    refilled = figures.figure(*second, scale, "second")
    assert figures.built == 1
    fresh = mastery_over_time(*second, scale, "second")

    def looks(fig: Any) -> tuple[Any, ...]:
        ax = fig.axes[0]
        by_gid = {a.get_gid(): a for a in [*ax.lines, *ax.collections]}
        return (
            ax.get_xlim(),
            ax.get_ylim(),
            [t.get_text() for t in ax.texts],
            [(tuple(t.xy), tuple(t.xyann)) for t in ax.texts[1:]],
            [t.get_color() for t in ax.texts],
            [tuple(map(float, xy)) for xy in by_gid["evidence"].get_offsets()],
            [tuple(map(float, c)) for c in by_gid["evidence"].get_facecolors()],
            [list(map(float, d)) for d in by_gid["mastery"].get_data()],
            [t.get_text() for t in (ax.title, ax._left_title)],
        )

    assert looks(refilled) == looks(fresh)
    assert looks(refilled)[7][0] == [float(date2num(d)) for d, _ in second[1]]
