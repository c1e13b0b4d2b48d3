"""The demo class: what a teacher sees when opening it, and that it is the same every time."""

from __future__ import annotations

import unicodedata
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from classroom_desktop.cli import main
from classroom_desktop.domain import mastery
from classroom_desktop.domain.errors import UserError
from classroom_desktop.services.classroom import Classroom
from classroom_desktop.services.demo import build_demo, open_demo, write_demo
from classroom_desktop.store.models import Activity

#: The day the ``demo`` fixture (tests/conftest.py) builds the demo for.


def _last_school_day(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _class_id(c: Classroom) -> str:
    (only,) = c.classes.list()
    return only.id


def _script(ch: str) -> str | None:
    """The script of a letter, coarsely (Latin letters with diacritics count as their own group)."""
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    for script in ("ARABIC", "CJK", "DEVANAGARI", "CYRILLIC", "GREEK", "HEBREW"):
        if name.startswith(script):
            return script
    if name.startswith("LATIN"):
        return "LATIN WITH DIACRITICS" if unicodedata.decomposition(ch) or ord(ch) > 0x7F else "LATIN"
    return "OTHER"


def test_demo_class_has_28_students_and_24_standards_in_4_strands(demo: Classroom) -> None:
    cls = demo.classes.list()[0]
    assert (cls.name, cls.school_year, cls.student_count) == ("Grade 4 — Room 12", "2026–27", 28)
    (framework,) = demo.curriculum.frameworks()
    assert framework.name == "Grade 4 Mathematics (Classroom Desktop demo)"
    assert cls.framework_id == framework.id
    strands = demo.curriculum.strands(framework.id)
    assert [s.name for s in strands] == ["Number & place value", "Fractions", "Measurement & data",
                                         "Geometry"]
    standards = demo.curriculum.standards(framework.id)
    assert len(standards) == 24
    assert all(s.statement.startswith("I can ") and s.description for s in standards)
    assert {s.code.split(".")[1] for s in standards} == {"NBT", "NF", "MD", "G"}


def test_learning_path_respects_about_twenty_prerequisites(demo: Classroom) -> None:
    framework_id = demo.curriculum.frameworks()[0].id
    path = demo.curriculum.learning_path(framework_id)
    position = {s.id: i for i, s in enumerate(path)}
    links = [(p, s.id) for s in path for p in s.prerequisites]
    assert 18 <= len(links) <= 30
    assert all(position[p] < position[s] for p, s in links)
    codes = {s.id: s.code for s in path}
    strands_crossed = {(codes[p].split(".")[1], codes[s].split(".")[1]) for p, s in links}
    assert any(a != b for a, b in strands_crossed)  # links across strands, not only within them
    assert path[0].code == "4.NBT.1"


def test_student_names_come_from_at_least_six_scripts(demo: Classroom) -> None:
    students = demo.students.list(_class_id(demo))
    scripts = {_script(ch) for s in students for ch in s.given_name + s.family_name} - {None, "LATIN"}
    assert {"ARABIC", "CJK", "DEVANAGARI", "CYRILLIC", "GREEK", "LATIN WITH DIACRITICS"} <= scripts
    names = {s.display_name for s in students}
    assert {"Hương Nguyễn", "Zoë Laurent", "Øystein Bjørnstad", "محمد العلي", "Олена Коваленко"} <= names
    assert sum(1 for s in students if s.preferred_name) >= 4
    assert len({s.student_number for s in students}) == 28 and all(s.student_number for s in students)
    codes = [s.display_code for s in students]
    assert len(set(codes)) == 28 and all(code.split()[-1].isdigit() for code in codes)


def test_every_student_has_a_profile_with_interests_and_some_have_accommodations(
    demo: Classroom, today: date
) -> None:
    profiles = [demo.students.profile(s.id) for s in demo.students.list(_class_id(demo))]
    assert all(p.interests and p.strengths and p.needs and p.languages and p.goals for p in profiles)
    assert all(g.target is not None and g.target > today for p in profiles for g in p.goals)
    accommodated = [p.accommodations for p in profiles if p.accommodations]
    assert 5 <= len(accommodated) <= 8
    assert any("large print" in a for a in accommodated)
    assert len({p.strengths for p in profiles}) == 28  # written per student, not one template


def test_mastery_table_is_mostly_filled_with_some_mastered_and_some_not(demo: Classroom) -> None:
    table = demo.evidence.mastery_table(_class_id(demo))
    cells = [table.cell(s.id, st.id) for s in table.students for st in table.standards]
    filled = [c for c in cells if c.value is not None]
    assert len(filled) > 0.7 * len(cells)
    mastered = sum(c.mastered for c in filled)
    assert 0.25 * len(filled) < mastered < 0.75 * len(filled)
    first, last = table.standards[0].id, table.standards[-1].id
    assert sum(table.cell(s.id, first).count for s in table.students) > \
        sum(table.cell(s.id, last).count for s in table.students)  # earlier standards assessed more
    per_student = {s.display_name: sum(table.cell(s.id, st.id).mastered for st in table.standards)
                   for s in table.students}
    assert min(per_student.values()) <= 3 and max(per_student.values()) >= 18  # strugglers and racers


def test_evidence_covers_six_weeks_with_varied_kinds_and_corrections(demo: Classroom, today: date) -> None:
    students = demo.students.list(_class_id(demo))
    evidence = [e for s in students for e in demo.evidence.for_student(s.id)]
    dates = {e.observed_on for e in evidence}
    assert max(dates) == _last_school_day(today) and min(dates) >= today - timedelta(weeks=6, days=2)
    assert all(d.weekday() < 5 for d in dates)
    assert set(Counter(e.kind for e in evidence)) == {"quiz", "observation", "conversation", "product",
                                                     "self-assessment"}
    per_student_week = len(evidence) / 28 / 6
    assert 7.5 <= per_student_week <= 12
    assert any(e.note for e in evidence) and not all(e.note for e in evidence)
    corrections = [e for e in evidence if e.supersedes]
    assert 4 <= len(corrections) <= 10
    fixed = corrections[0]
    history = demo.evidence.history(fixed.student_id, fixed.standard_id)
    assert fixed in history and fixed.supersedes not in {e.id for e in history}


def test_some_students_newly_reached_mastery_in_the_last_week(demo: Classroom, today: date) -> None:
    table = demo.evidence.mastery_table(_class_id(demo))
    week_ago = today - timedelta(days=7)
    newly: set[str] = set()
    for student in table.students:
        by_standard: dict[str, list[float]] = {}
        for e in demo.evidence.for_student(student.id):
            if e.observed_on <= week_ago and e.level is not None:
                by_standard.setdefault(e.standard_id, []).append(e.level)
        for standard in table.standards:
            before = mastery.compute(by_standard.get(standard.id, []), table.config, table.scale)
            if table.cell(student.id, standard.id).mastered and not table.scale.is_mastered(before):
                newly.add(student.id)
    assert len(newly) >= 3


def test_activities_cover_every_strand_with_interest_tags(demo: Classroom) -> None:
    with demo.db.reading() as tx:
        activities = tx.all(Activity)
    assert 26 <= len(activities) <= 32
    standards = {s.id: s.code for s in demo.curriculum.standards(demo.curriculum.frameworks()[0].id)}
    for sid, code in standards.items():  # a choice board needs two activities to choose from
        assert sum(sid in a.standard_ids for a in activities) >= 2, code
    strands = {standards[sid].split(".")[1] for a in activities for sid in a.standard_ids}
    assert strands == {"NBT", "NF", "MD", "G"}
    tags = {t for a in activities for t in a.tags}
    assert {"football", "music", "drawing", "building", "animals", "cooking", "stories", "space"} <= tags
    assert all(1 <= a.level_min <= a.level_max <= 4 and a.title and a.materials for a in activities)


def _snapshot(c: Classroom) -> tuple[list[tuple[str, str, str, str, str]], Counter[tuple[object, ...]]]:
    students = c.students.list(_class_id(c))
    codes = {s.id: s.code for s in c.curriculum.standards(c.curriculum.frameworks()[0].id)}
    names = {s.id: s.display_name for s in students}
    people = sorted((s.given_name, s.family_name, s.preferred_name, s.student_number, s.display_code)
                    for s in students)
    evidence: Counter[tuple[object, ...]] = Counter(
        (names[e.student_id], codes[e.standard_id], e.level, e.observed_on, e.kind, e.note)
        for s in students for e in c.evidence.for_student(s.id))
    return people, evidence


def test_the_same_day_builds_the_same_demo(tmp_path: Path, today: date) -> None:
    snapshots = []
    for name in ("one", "two"):
        c = Classroom.open(tmp_path / name)
        try:
            build_demo(c, today=today)
            snapshots.append(_snapshot(c))
        finally:
            c.close()
    assert snapshots[0] == snapshots[1]


def test_demo_is_only_built_into_an_empty_workspace(demo: Classroom, today: date) -> None:
    with pytest.raises(UserError, match="empty workspace"):
        build_demo(demo, today=today)


def test_write_demo_summarises_and_refuses_a_folder_with_classes(tmp_path: Path) -> None:
    out = tmp_path / "demo-out"
    summary = write_demo(out)
    assert "Grade 4 — Room 12" in summary
    assert "Students: 28" in summary and "Standards: 24 in 4 strands" in summary
    assert "Activities: 30" in summary and str(out.resolve()) in summary
    with pytest.raises(UserError) as err:
        write_demo(out)
    assert "already holds a class workspace (Grade 4 — Room 12)" in err.value.message
    assert "Choose an empty folder" in err.value.message


def test_write_demo_into_an_empty_workspace_folder(tmp_path: Path, classroom: Classroom) -> None:
    classroom.close()  # one writer at a time: the folder must not be open elsewhere
    summary = write_demo(classroom.folder)
    assert "Students: 28" in summary


def test_cli_demo_command_writes_the_workspace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli-demo"
    assert main(["demo", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Demo class: Grade 4 — Room 12 (2026–27)" in printed and "Students: 28" in printed
    assert main(["demo", "--out", str(out)]) == 2
    assert "already holds a class workspace" in capsys.readouterr().err
    c = Classroom.open(out, create=False)
    try:
        assert [cls.name for cls in c.classes.list()] == ["Grade 4 — Room 12"]
    finally:
        c.close()


def test_open_demo_builds_once_in_its_own_folder() -> None:
    first = open_demo()
    try:
        folder, class_ids = first.folder, [c.id for c in first.classes.list()]
    finally:
        first.close()
    again = open_demo()
    try:
        assert again.folder == folder and [c.id for c in again.classes.list()] == class_ids
        assert len(again.students.list(class_ids[0])) == 28
    finally:
        again.close()
    assert folder.name == "demo"


def test_no_demo_plan_step_falls_due_in_the_winter_break(demo) -> None:  # type: ignore[no-untyped-def]
    """Issue 14.15: the demo's plans had steps due on 25 December and 1 January."""
    from datetime import date

    from classroom_desktop.services.plans import plans_of

    class_id = demo.classes.list()[0].id
    due = []
    for student in demo.students.list(class_id):
        plan = plans_of(demo).plan(student.id)
        due += [s.target_on for s in plan.steps if s.target_on] if plan else []
    autumn = due[0].year if due[0].month >= 8 else due[0].year - 1
    assert due and not any(date(autumn, 12, 21) <= d <= date(autumn + 1, 1, 1) for d in due)
