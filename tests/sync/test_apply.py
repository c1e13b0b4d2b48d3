"""The apply step: last writer wins per field, unions, tombstones, conflicts, pending rows, unknowns."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from typing import Any

from classroom_desktop.services.roster import NewStudent
from classroom_desktop.store import change_log, conflicts, sync_apply

Laptop = tuple[Any, Any]
Rows = Callable[[Any], dict[str, list[tuple[Any, ...]]]]


def _all_local(classroom: Any) -> list[dict[str, Any]]:
    changes, _ = change_log.local_changes(classroom.db, 0, 10**9)
    return changes


def _class_with_student(classroom: Any) -> tuple[str, str]:
    class_id = classroom.classes.create("Year 4 Maple").created_id
    student_id = classroom.students.add(NewStudent("Zoë", "Nguyễn"), class_id).created_id
    return class_id, student_id


def _names(classroom: Any) -> list[str]:
    return [s.display_name for s in classroom.students.list()]


def test_applying_twice_in_any_order_and_split_gives_the_same_rows(
    laptops: Callable[..., Laptop], rows_of: Rows
) -> None:
    a, _ = laptops("a")
    class_id, sid = _class_with_student(a)
    a.students.add(NewStudent("محمد", "Haddad"), class_id)
    a.students.edit(sid, preferred_name="Zo")
    a.students.edit_profile(sid, strengths="Mental maths", interests="Chess")
    changes = _all_local(a)
    b, _ = laptops("b")
    c, _ = laptops("c")
    sync_apply.apply_changes(b.db, changes)
    again = sync_apply.apply_changes(b.db, changes)
    assert again.received == 0 and again.applied == 0
    shuffled = list(changes)
    random.Random(4).shuffle(shuffled)
    for start in range(0, len(shuffled), 7):
        sync_apply.apply_changes(c.db, shuffled[start : start + 7])
    for other in (b, c):
        assert sorted(_names(other)) == ["Zo Nguyễn", "محمد Haddad"]
        assert other.students.profile(sid).strengths == "Mental maths"
    rows_a, rows_b, rows_c = rows_of(a), rows_of(b), rows_of(c)
    for table in ("school_class", "student", "enrolment", "learner_profile"):
        assert rows_a[table] == rows_b[table] == rows_c[table]


def test_newer_edit_wins_and_a_late_older_one_from_the_same_laptop_is_no_conflict(
    laptops: Callable[..., Laptop],
) -> None:
    a, _ = laptops("a")
    _, sid = _class_with_student(a)
    first = _all_local(a)
    a.students.edit(sid, family_name="Ng")
    _, seq = change_log.local_changes(a.db, 0, 10**9)
    a.students.edit(sid, family_name="Nguyen")
    later, _ = change_log.local_changes(a.db, seq, 10**9)
    middle = [c for c in _all_local(a) if c["field"] == "family_name" and c["value"] == "Ng"]
    b, _ = laptops("b")
    sync_apply.apply_changes(b.db, first + later)
    result = sync_apply.apply_changes(b.db, middle)  # arrives late, loses to the newer one
    assert result.received == 1 and result.conflicts == 0
    assert b.students.get(sid).family_name == "Nguyen"
    assert conflicts.open_conflicts(b.db) == []


def test_same_field_edited_on_two_laptops_keeps_both_values(laptops: Callable[..., Laptop]) -> None:
    a, _ = laptops("a")
    _, sid = _class_with_student(a)
    a.students.edit_profile(sid, needs="Reading support")
    b, _ = laptops("b")
    sync_apply.apply_changes(b.db, _all_local(a))
    _, seen_a = change_log.local_changes(a.db, 0, 10**9)
    _, seen_b = change_log.local_changes(b.db, 0, 10**9)
    b.students.edit_profile(sid, needs="Large print")  # b edits later, without seeing a's edit
    a.students.edit_profile(sid, needs="Extra time")
    from_a, _ = change_log.local_changes(a.db, seen_a, 10**9)
    from_b, _ = change_log.local_changes(b.db, seen_b, 10**9)
    at_a = sync_apply.apply_changes(a.db, from_b)
    at_b = sync_apply.apply_changes(b.db, from_a)
    winner = max(from_a + from_b, key=lambda c: c["hlc"])["value"]
    assert a.students.profile(sid).needs == b.students.profile(sid).needs == winner
    assert at_a.conflicts == at_b.conflicts == 1
    for classroom in (a, b):
        (conflict,) = conflicts.open_conflicts(classroom.db)
        assert {conflict.kept_value, conflict.other_value} == {"Large print", "Extra time"}
        assert conflict.kept_value == winner and conflict.field == "needs"


def test_an_edit_made_after_seeing_the_other_is_no_conflict(laptops: Callable[..., Laptop]) -> None:
    a, _ = laptops("a")
    _, sid = _class_with_student(a)
    a.students.edit_profile(sid, needs="Reading support")
    b, _ = laptops("b")
    sync_apply.apply_changes(b.db, _all_local(a))
    _, seen_b = change_log.local_changes(b.db, 0, 10**9)
    b.students.edit_profile(sid, needs="Large print")
    from_b, _ = change_log.local_changes(b.db, seen_b, 10**9)
    result = sync_apply.apply_changes(a.db, from_b)
    assert result.conflicts == 0 and a.students.profile(sid).needs == "Large print"


def test_tombstones_and_sets(laptops: Callable[..., Laptop], rows_of: Rows) -> None:
    a, _ = laptops("a")
    class_id, sid = _class_with_student(a)
    other = a.students.add(NewStudent("Ana", "Silva"), class_id).created_id
    b, _ = laptops("b")
    sync_apply.apply_changes(b.db, _all_local(a))
    _, seen = change_log.local_changes(a.db, 0, 10**9)
    a.classes.unenrol(class_id, other)
    fw = a.curriculum.add_framework("Grade 4 Mathematics").created_id
    s1 = a.curriculum.add_standard(fw, "4.NF.1", "I can compare fractions").created_id
    s2 = a.curriculum.add_standard(fw, "4.NF.2", "I can add fractions").created_id
    a.curriculum.set_prerequisites(s2, [s1])
    a.curriculum.set_prerequisites(s2, [])
    a.curriculum.delete_standard(s1)
    new, _ = change_log.local_changes(a.db, seen, 10**9)
    sync_apply.apply_changes(b.db, list(reversed(new)))
    assert b.classes.student_ids(class_id) == [sid]
    assert [s.code for s in b.curriculum.standards(fw)] == ["4.NF.2"]
    assert b.curriculum.standard(s2).prerequisites == ()
    assert rows_of(a)["prerequisite"] == rows_of(b)["prerequisite"]


def test_evidence_is_a_union_by_id(laptops: Callable[..., Laptop]) -> None:
    a, _ = laptops("a")
    class_id, sid = _class_with_student(a)
    fw = a.curriculum.add_framework("Maths").created_id
    std = a.curriculum.add_standard(fw, "4.NF.1", "I can").created_id
    b, _ = laptops("b")
    sync_apply.apply_changes(b.db, _all_local(a))
    _, seen_a = change_log.local_changes(a.db, 0, 10**9)
    _, seen_b = change_log.local_changes(b.db, 0, 10**9)
    a.evidence.record(sid, std, 3, class_id=class_id, note="quiz")
    b.evidence.record(sid, std, 2, class_id=class_id, note="chat")
    from_a, _ = change_log.local_changes(a.db, seen_a, 10**9)
    from_b, _ = change_log.local_changes(b.db, seen_b, 10**9)
    assert sync_apply.apply_changes(a.db, from_b).conflicts == 0
    sync_apply.apply_changes(b.db, from_a)
    for classroom in (a, b):
        assert sorted(e.note for e in classroom.evidence.history(sid, std)) == ["chat", "quiz"]


def test_a_row_whose_parent_has_not_arrived_waits_and_then_applies(laptops: Callable[..., Laptop]) -> None:
    a, _ = laptops("a")
    class_id, sid = _class_with_student(a)
    changes = _all_local(a)
    parents = [c for c in changes if c["entity"] != "enrolment"]
    children = [c for c in changes if c["entity"] == "enrolment"]
    class_rows = [c for c in parents if c["entity"] == "school_class"]
    b, _ = laptops("b")
    first = sync_apply.apply_changes(b.db, children + [c for c in parents if c["entity"] != "school_class"])
    assert first.pending == len(children) and b.classes.list() == []
    assert change_log.pending_count(b.db) == len(children)
    second = sync_apply.apply_changes(b.db, class_rows)
    assert second.pending == 0 and b.classes.student_ids(class_id) == [sid]


def test_unknown_entities_and_fields_are_kept_and_passed_on(laptops: Callable[..., Laptop]) -> None:
    a, _ = laptops("a")
    _, sid = _class_with_student(a)
    future = [
        {
            "hlc": "0001900000000000-000000-ffffffff-0000-4000-8000-000000000000",
            "device": "ffffffff-0000-4000-8000-000000000000",
            "entity": "portfolio",
            "entity_id": "p1",
            "field": "title",
            "value": "Term 1",
        },
        {
            "hlc": "0001900000000000-000001-ffffffff-0000-4000-8000-000000000000",
            "device": "ffffffff-0000-4000-8000-000000000000",
            "entity": "student",
            "entity_id": sid,
            "field": "pronouns",
            "value": "she/her",
        },
        {"nonsense": True},
    ]
    result = sync_apply.apply_changes(a.db, future)
    assert result.unknown == 2 and result.malformed == 1
    snapshot = change_log.snapshot_changes(a.db)
    assert {("portfolio", "title"), ("student", "pronouns")} <= {(c["entity"], c["field"]) for c in snapshot}
    assert a.students.get(sid).display_name == "Zoë Nguyễn"


def test_modified_at_is_never_taken_from_a_change_nor_logged(laptops: Callable[..., Laptop]) -> None:
    a, _ = laptops("a")
    _, sid = _class_with_student(a)
    b, _ = laptops("b")
    changes = _all_local(a)
    assert all(c["field"] != "modified_at" for c in changes)
    bogus = dict(
        changes[0], field="modified_at", value="2099-01-01T00:00:00+00:00", entity="student", entity_id=sid
    )
    sync_apply.apply_changes(b.db, changes + [bogus])
    con = sqlite3.connect(b.db_path)
    try:
        (modified,) = con.execute("SELECT modified_at FROM student WHERE id = ?", (sid,)).fetchone()
        logged = con.execute("SELECT count(*) FROM change WHERE field = 'modified_at'").fetchone()[0]
    finally:
        con.close()
    assert not modified.startswith("2099") and logged == 0
