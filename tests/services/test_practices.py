"""Units, peer helpers and re-assessment through the Classroom, on the demo class (issue 17.1, 17.2, 17.5)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.ids import derived_id
from classroom_desktop.domain.types import Readiness


def _class(demo: Any) -> str:
    return str(demo.classes.list()[0].id)


def _codes(demo: Any, class_id: str) -> dict[str, str]:
    return {s.code: s.id for s in demo.evidence.mastery_table(class_id).standards}


def test_the_demo_shows_units_a_helper_opt_out_and_students_ready_to_try_again(demo: Any) -> None:
    class_id = _class(demo)
    units = demo.units.list(class_id)
    assert [u.name for u in units] == ["Fair shares in the school garden", "Measure the schoolyard"]
    assert all(u.driving_problem and u.end_task for u in units)
    students = [s.id for s in demo.students.list(class_id)]
    assert len(demo.peer_help.opted_out(students)) == 1
    ready = demo.reassessment.ready(class_id)
    assert {m.code for m in ready} == {"4.NF.2", "4.NF.1", "4.NBT.5"}
    assert any(m.marked_by == "student" for m in ready)
    assert all(len(m.attempts) >= 2 for m in ready)  # each has tried before


def test_each_students_progress_toward_the_end_task_names_what_is_missing(demo: Any) -> None:
    class_id = _class(demo)
    unit = demo.units.list(class_id)[0]
    table = demo.evidence.mastery_table(class_id)
    report = demo.units.report(unit.id)
    codes = [s.code for s in report.standards]
    assert codes == ["4.NF.1", "4.NF.2", "4.NF.3", "4.NF.4", "4.NF.5"]
    assert [s.code for s in report.foundations][-1] == "4.NBT.7"  # 4.NF.1 needs it, from before the unit
    for line in report.students:
        mastered = [s.code for s in report.standards if table.cell(line.student_id, s.id).mastered]
        missing = [c for c in codes if c not in mastered]
        assert line.summary.startswith(f"{len(mastered)} of 5 skills mastered — ready for the end task: ")
        if missing:
            assert line.summary.split("needs ")[1].startswith(missing[0])
        else:
            assert line.summary.endswith("ready for the end task: yes")
    # without a saved group plan, students sit at tables by the next skill they need, six at most
    assert report.groups and all(len(g.progress.members) <= 6 for g in report.groups)
    assert sum(len(g.progress.members) for g in report.groups) == len(report.students)


def test_a_unit_needs_a_name_and_its_standards_from_the_class_framework(demo: Any) -> None:
    class_id = _class(demo)
    codes = _codes(demo, class_id)
    with pytest.raises(UserError, match="Give the unit a name"):
        demo.units.create(class_id, "  ", standard_ids=[codes["4.G.1"]])
    with pytest.raises(UserError, match="at least one standard"):
        demo.units.create(class_id, "Shapes")
    with pytest.raises(UserError, match="class's framework"):
        demo.units.create(class_id, "Shapes", standard_ids=["not-a-standard"])
    with pytest.raises(UserError, match="no unit called 'Space'.*Measure the schoolyard"):
        demo.units.find(class_id, "Space")
    made = demo.units.create(class_id, "Shapes", standard_ids=[codes["4.G.2"], codes["4.G.1"]]).created_id
    assert demo.units.find(class_id, "shapes").standard_ids == (codes["4.G.1"], codes["4.G.2"])
    demo.units.delete(made)
    assert "Shapes" not in [u.name for u in demo.units.list(class_id)]
    demo.units.restore(made)
    assert "Shapes" in [u.name for u in demo.units.list(class_id)]


def test_plans_drafted_within_a_unit_hold_its_unmastered_skills_and_undo_puts_them_back(demo: Any) -> None:
    class_id = _class(demo)
    unit = demo.units.list(class_id)[0]
    table = demo.evidence.mastery_table(class_id)
    size = len(unit.standard_ids)
    student = next(s.id for s in table.students
                   if 0 < sum(table.cell(s.id, u).mastered for u in unit.standard_ids) < size)
    plan_id = derived_id("plan", student, class_id)
    before = [st.standard_id for st in demo.plans.plan(student, class_id).steps]
    snapshots = demo.units.plan_snapshots(class_id, [student])
    demo.units.draft_plans(unit.id, date(2026, 11, 23), date(2026, 12, 18), [student])
    steps = [st.standard_id for st in demo.plans.plan(student, class_id).steps]
    unmastered = [u for u in unit.standard_ids if not table.cell(student, u).mastered]
    assert sorted(steps) == sorted(unmastered) and steps != before
    demo.units.restore_plans(class_id, snapshots)
    assert [st.standard_id for st in demo.plans.plan(student, class_id).steps] == before
    assert demo.plans.snapshot(plan_id)["plan_id"] == plan_id


def test_helpers_are_the_most_recent_masters_paired_with_who_needs_it_and_can_opt_out(demo: Any) -> None:
    class_id = _class(demo)
    standard = _codes(demo, class_id)["4.NF.2"]
    table = demo.evidence.mastery_table(class_id)
    board = demo.peer_help.board(class_id, standard)
    dates = [h.shown_on for h in board.helpers]
    assert dates == sorted(dates, reverse=True)
    masters = {s.id for s in table.students if table.cell(s.id, standard).mastered}
    out = demo.peer_help.opted_out([s.id for s in table.students])
    assert {h.student_id for h in board.helpers} == masters - out
    needing = {r.student_id for r in demo.evidence.readiness(class_id, standard)
               if r.readiness in (Readiness.RETEACH, Readiness.PRACTICE) and r.student_id not in masters}
    assert {sid for h in board.helpers for sid, _name in h.learners} == needing
    first = board.helpers[0]
    demo.peer_help.set_opted_out(first.student_id, True)
    again = demo.peer_help.board(class_id, standard)
    assert first.student_id not in {h.student_id for h in again.helpers}
    assert (first.student_id, first.name) in again.opted_out
    demo.peer_help.set_opted_out(first.student_id, False)
    assert demo.peer_help.board(class_id, standard).helpers[0].student_id == first.student_id
    with pytest.raises(UserError, match="not part of this class's framework"):
        demo.peer_help.board(class_id, "not-a-standard")


def test_a_re_assessment_is_marked_recorded_from_the_slip_and_undone(demo: Any, today: date) -> None:
    class_id = _class(demo)
    mark = demo.reassessment.ready(class_id)[0]
    history = demo.evidence.history(mark.student_id, mark.standard_id)
    assert [a.observed_on for a in mark.attempts] == [e.observed_on for e in history]
    with pytest.raises(UserError):
        demo.reassessment.record_result(mark.id, 9)
    assert demo.reassessment.ready(class_id)[0].id == mark.id  # nothing half-written
    evidence_id = demo.reassessment.record_result(mark.id, 4, kind="conversation").created_id
    assert mark.id not in {m.id for m in demo.reassessment.ready(class_id)}
    latest = demo.evidence.history(mark.student_id, mark.standard_id)[-1]
    assert (latest.id, latest.level, latest.kind) == (evidence_id, 4.0, "conversation")
    assert latest.observed_on == today
    demo.reassessment.undo_result(mark.id)
    assert mark.id in {m.id for m in demo.reassessment.ready(class_id)}
    assert len(demo.evidence.history(mark.student_id, mark.standard_id)) == len(history)
    demo.reassessment.unmark(mark.id)
    assert mark.id not in {m.id for m in demo.reassessment.ready(class_id)}
    demo.reassessment.reopen(mark.id)
    assert mark.id in {m.id for m in demo.reassessment.ready(class_id)}
    with pytest.raises(UserError, match="teacher or by the student"):
        demo.reassessment.mark(mark.student_id, mark.standard_id, class_id, by="parent")
