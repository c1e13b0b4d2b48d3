"""The DataWall service: display codes that are never names, stable, and the page's data."""

from __future__ import annotations

from datetime import date

from classroom_desktop.charts import datawall_data as dw
from classroom_desktop.services.datawall import DataWall, made_up_codes
from classroom_desktop.services.roster import NewStudent


def test_made_up_codes_are_never_names(classroom) -> None:  # type: ignore[no-untyped-def]
    class_id = classroom.classes.create("4B").created_id
    classroom.students.add_many([NewStudent("Zoë", "Adams"), NewStudent("Ana", "Brown"),
                                 NewStudent("Li", "Chen")], class_id)
    ids = {s.given_name: s.id for s in classroom.students.list(class_id)}
    classroom.students.edit(ids["Ana"], display_code="Student 01")
    codes = DataWall(classroom).display_codes(class_id)
    assert codes[ids["Ana"]] == "Student 01"  # the teacher's choice is kept
    assert {codes[ids["Zoë"]], codes[ids["Li"]]} == {"Student 02", "Student 03"}  # 01 is taken
    # none of them holds a name or initials
    for code in codes.values():
        for name in ("Zoë", "Adams", "Ana", "Brown", "Li", "Chen", "ZA", "AB", "LC"):
            assert name not in code
    assert DataWall(classroom).display_codes(class_id) == codes  # stable from one day to the next


def test_new_students_do_not_shift_the_others_codes() -> None:
    before = made_up_codes([("a", "2026-09-01T08:00", ""), ("b", "2026-09-01T08:00", "")])
    after = made_up_codes([("a", "2026-09-01T08:00", ""), ("b", "2026-09-01T08:00", ""),
                           ("c", "2026-10-01T08:00", "")])
    assert {k: after[k] for k in before} == before
    assert after["c"] == "Student 03"


def test_wall_data_for_the_demo_class(demo) -> None:  # type: ignore[no-untyped-def]
    class_id = demo.classes.list()[0].id
    wall = DataWall(demo).load(class_id, date(2026, 11, 20))
    students = demo.students.list(class_id)
    assert set(wall.names.values()) == {s.display_name for s in students}
    assert set(wall.codes.values()) == {s.display_code for s in students}
    assert wall.newly and all(wall.table.cell(*key).mastered for key in wall.newly)
    anonymous = wall.celebrations(anonymous=True)
    assert all(who in wall.codes.values() for who, _ in anonymous)
    sid, std = next(iter(wall.newly))
    latest = DataWall(demo).latest_evidence(sid, std, wall)
    assert latest is not None and latest.observed_on == wall.table.cell(sid, std).latest_date
    assert latest == DataWall(demo).latest_evidence(sid, std)


def test_poster_data_is_anonymous_when_asked(demo) -> None:  # type: ignore[no-untyped-def]
    class_id = demo.classes.list()[0].id
    students = demo.students.list(class_id)
    data = DataWall(demo).poster_data(class_id, anonymous=True, today=date(2026, 11, 20))
    assert sorted(data.heatmap.row_labels) == sorted(s.display_code for s in students)
    assert data.heatmap.row_labels == sorted(data.heatmap.row_labels, key=str.casefold)
    named = DataWall(demo).poster_data(class_id, today=date(2026, 11, 20))
    assert named.heatmap.row_labels == [s.display_name for s in students]  # family-name order


def test_the_wall_kept_is_the_wall_read_afresh_until_a_write(demo) -> None:  # type: ignore[no-untyped-def]
    class_id = demo.classes.list()[0].id
    day = date(2026, 11, 20)
    walls = DataWall(demo)
    first = walls.load(class_id, day)
    assert walls.load(class_id, day) is first  # nothing written: the wall kept is given again
    assert first == DataWall(demo).load(class_id, day)  # and it is what a fresh read finds
    # a new piece of evidence on a cell without mastery: the wall is read again and shows it
    sid, std = next(
        (s.id, t.id) for s in first.table.students for t in first.table.standards
        if not first.table.cell(s.id, t.id).mastered
    )
    before = len(first.evidence)
    demo.evidence.record(sid, std, 4, day, "quiz", class_id=class_id)
    demo.evidence.record(sid, std, 4, day, "quiz", class_id=class_id)
    demo.evidence.record(sid, std, 4, day, "quiz", class_id=class_id)
    after = walls.load(class_id, day)
    assert not after.evidence_read  # all the evidence is read only when asked for (the growth chart)
    assert after is not first and after == DataWall(demo).load(class_id, day)
    assert len(after.evidence) == before + 3
    assert after.table.cell(sid, std).mastered and (sid, std) in after.newly
    # this week's cells are worked out from the recent cells' evidence alone, as from all of it
    assert after.newly == dw.newly_mastered(after.table, after.evidence, day)
    assert after.evidence_read and {e.id for e in after.recent} <= {e.id for e in after.evidence}
    monday = day.weekday() + 1
    assert (dw.newly_mastered(after.table, after.recent, day, days=monday)
            == dw.newly_mastered(after.table, after.evidence, day, days=monday))
    assert DataWall(demo).latest_evidence(sid, std, after) == DataWall(demo).latest_evidence(sid, std)
    # another day is another wall (this week's celebrations move with the day)
    assert walls.load(class_id, date(2026, 12, 20)).newly != after.newly


def test_a_new_display_code_shows_on_the_wall_kept(demo) -> None:  # type: ignore[no-untyped-def]
    class_id = demo.classes.list()[0].id
    walls = DataWall(demo)
    wall = walls.load(class_id, date(2026, 11, 20))
    student = wall.table.students[0]
    demo.students.edit(student.id, display_code="Fox")
    assert walls.load(class_id, date(2026, 11, 20)).codes[student.id] == "Fox"
