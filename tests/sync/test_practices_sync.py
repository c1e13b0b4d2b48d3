"""Units, helper opt-outs and re-assessment marks travel between two laptops and merge by their rules."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from classroom_desktop.services.roster import NewStudent

PASS = "Maple room 12"
Laptop = tuple[Any, Any]
Rows = Callable[[Any], dict[str, list[tuple[Any, ...]]]]


def _class(classroom: Any) -> tuple[str, list[str], list[str]]:
    class_id = classroom.classes.create("Year 4 Maple").created_id
    ids = [classroom.students.add(NewStudent(g, f), class_id).created_id
           for g, f in (("Zoë", "Nguyễn"), ("محمد", "Haddad"), ("Ana", "Silva"))]
    fw = classroom.curriculum.add_framework("Grade 4 Mathematics").created_id
    one = classroom.curriculum.add_standard(fw, "4.NF.1", "I can show equal fractions").created_id
    two = classroom.curriculum.add_standard(fw, "4.NF.2", "I can compare fractions").created_id
    classroom.curriculum.set_prerequisites(two, [one])
    classroom.classes.edit(class_id, framework_id=fw)
    classroom.evidence.record(ids[0], one, 4, class_id=class_id)
    classroom.evidence.record(ids[1], one, 2, class_id=class_id)
    return class_id, ids, [one, two]


def test_units_helpers_and_ready_marks_sync_and_merge(
    laptops: Callable[..., Laptop], share: Path, rows_of: Rows
) -> None:
    a, sa = laptops("a")
    class_id, ids, standards = _class(a)
    unit_id = a.units.create(class_id, "Fair shares", "Share the garden", "A garden plan",
                             [standards[1], standards[0]]).created_id
    sa.setup(share, PASS, create=True)
    b, sb = laptops("b")
    sb.setup(share, PASS, create=False)
    assert [u.name for u in b.units.list(class_id)] == ["Fair shares"]
    assert b.units.get(unit_id).standard_ids == (standards[0], standards[1])  # learning-path order

    # offline on both laptops: the same student opted out twice, the same student marked ready twice,
    # and the unit renamed on one laptop while its end task changes on the other
    a.peer_help.set_opted_out(ids[0], True)
    b.peer_help.set_opted_out(ids[0], True)
    a.reassessment.mark(ids[1], standards[0], class_id, "strips")
    b.reassessment.mark(ids[1], standards[0], class_id, "asked me")
    a.units.edit(unit_id, name="Fair shares in the garden")
    b.units.edit(unit_id, end_task="A plan for the principal")
    for _ in range(2):
        sa.sync_now()
        sb.sync_now()

    assert rows_of(a) == rows_of(b)
    for laptop in (a, b):
        unit = laptop.units.get(unit_id)
        assert (unit.name, unit.end_task) == ("Fair shares in the garden", "A plan for the principal")
        assert laptop.peer_help.opted_out(ids) == {ids[0]}
        ready = laptop.reassessment.ready(class_id)
        assert [(m.name, m.code) for m in ready] == [("محمد Haddad", "4.NF.1")]  # one mark, not two
    assert len(rows_of(a)["reassessment"]) == 1 and len(rows_of(a)["helper_setting"]) == 1

    # the result recorded on b clears the mark on a too, with the new evidence
    mark = b.reassessment.ready(class_id)[0]
    b.reassessment.record_result(mark.id, 3)
    b.units.delete(unit_id)
    sb.sync_now()
    sa.sync_now()
    assert a.reassessment.ready(class_id) == []
    assert [e.level for e in a.evidence.history(ids[1], standards[0])] == [2.0, 3.0]
    assert a.units.list(class_id) == []
    assert rows_of(a) == rows_of(b)
