"""Student-owned trackers: self-assessments beside the teacher's level, and the printed tracker."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from classroom_desktop import cli
from classroom_desktop.domain.errors import UserError
from classroom_desktop.services.printing import PrintOptions, print_document
from classroom_desktop.services.roster import NewStudent
from classroom_desktop.services.trackers import trackers_of
from classroom_desktop.store.models import SelfAssessment

from .conftest import pdf_text, pdf_words


def small_class(classroom: Any, today: date) -> tuple[str, list[str], list[str]]:
    """A class of two students (one Arabic-speaking family) with two standards in one strand."""
    class_id = classroom.classes.create("Year 4 Maple").created_id
    fw = classroom.curriculum.add_framework("Grade 4 Mathematics").created_id
    classroom.classes.edit(class_id, framework_id=fw)
    s1 = classroom.curriculum.add_standard(fw, "4.NF.1", "I can show two fractions are equal").created_id
    s2 = classroom.curriculum.add_standard(fw, "4.NF.2", "I can compare fractions").created_id
    zoe = classroom.students.add(NewStudent("Zoë", "Nguyễn"), class_id).created_id
    mo = classroom.students.add(NewStudent("محمد", "حداد"), class_id).created_id
    classroom.students.edit_profile(mo, home_language="ar")
    for k, level in enumerate((2, 3, 4)):
        day = today - timedelta(days=20 - k)
        classroom.evidence.record(zoe, s1, level, day, kind="quiz", class_id=class_id)
    classroom.evidence.record(mo, s1, 2, today - timedelta(days=15), kind="quiz", class_id=class_id)
    return class_id, [zoe, mo], [s1, s2]


def test_a_self_assessment_sits_beside_the_teachers_level_and_leaves_mastery_alone(
    classroom: Any, today: date
) -> None:
    class_id, (zoe, _mo), (s1, _s2) = small_class(classroom, today)
    before = classroom.evidence.mastery_table(class_id).cell(zoe, s1).value
    changes = trackers_of(classroom).record(zoe, s1, 2, class_id, note="still unsure")
    assert changes.concerns("self_assessment")
    latest = trackers_of(classroom).latest(zoe)[s1]
    assert (latest.level, latest.assessed_on, latest.note) == (2.0, today, "still unsure")
    assert classroom.evidence.mastery_table(class_id).cell(zoe, s1).value == before
    trackers_of(classroom).remove(changes.created_id)  # undo
    assert trackers_of(classroom).latest(zoe) == {}
    with classroom.db.reading() as tx:
        assert tx.get_tombstoned(SelfAssessment, changes.created_id).deleted  # type: ignore[union-attr]


def test_a_level_off_the_scale_is_refused_in_plain_words(classroom: Any, today: date) -> None:
    class_id, (zoe, _mo), (s1, _s2) = small_class(classroom, today)
    with pytest.raises(UserError, match="7 is not a level"):
        trackers_of(classroom).record(zoe, s1, 7, class_id)
    assert trackers_of(classroom).history(zoe) == []


def test_the_tracker_prints_attempts_both_levels_goals_and_reflections(
    classroom: Any, today: date, tmp_path: Path
) -> None:
    class_id, (zoe, _mo), (s1, _s2) = small_class(classroom, today)
    trackers_of(classroom).record(zoe, s1, 3, class_id)
    out = print_document(classroom, "tracker", PrintOptions(tmp_path / "t.pdf", class_id, zoe))
    text = pdf_text(out)
    assert "My tracker: Other standards" in text and "Zoë Nguyễn" in text
    row = next(line for line in text.splitlines() if "4.NF.1" in line)
    assert row.split()[-3:] == ["4", "3.5", "3.0"]  # the last attempt, the teacher's level, the student's own
    assert "My tries" in text and "My chart" in text
    assert "Setting my goals" in text and "How I will know I reached it" in text
    day = today - timedelta(days=20)
    assert f"After the assessment of {day.day} {day:%B %Y}" in text
    assert "What will I practise before I try again?" in text


def test_the_tracker_prints_in_the_familys_language(classroom: Any, today: date, tmp_path: Path) -> None:
    class_id, (_zoe, mo), _ = small_class(classroom, today)
    out = print_document(classroom, "tracker", PrintOptions(tmp_path / "t.pdf", class_id, mo))
    text = pdf_words(out)
    assert "تحديد أهدافي" in text  # "Setting my goals"
    assert "Setting my goals" not in text


def test_the_binder_includes_the_tracker(demo: Any, tmp_path: Path) -> None:
    class_id = demo.classes.list()[0].id
    student = demo.students.list(class_id)[0]
    out = print_document(demo, "binder", PrintOptions(tmp_path / "b.pdf", class_id, student.id))
    text = pdf_text(out)
    assert text.index("My data binder") < text.index("My tracker: Number & place value")
    assert "Setting my goals" in text


def test_demo_students_have_self_assessments(demo: Any) -> None:
    class_id = demo.classes.list()[0].id
    students = demo.students.list(class_id)
    assessed = [s for s in students if trackers_of(demo).latest(s.id)]
    assert len(students) / 3 < len(assessed) < len(students)


def test_print_tracker_from_the_command_line(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    assert cli.main(["demo", "--out", str(folder)]) == 0
    out = tmp_path / "tracker.pdf"
    assert cli.main(["print", "tracker", "--workspace", str(folder), "--out", str(out)]) == 0
    assert "My tracker: Fractions" in pdf_text(out, 1, 6)
