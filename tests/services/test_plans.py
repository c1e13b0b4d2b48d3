"""The Plans service over the demo class: drafting, editing, undo snapshots, the activity library."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import set_program_language
from classroom_desktop.services.plans import Plans, plans_of
from classroom_desktop.services.views import Goal

START, END = date(2026, 11, 23), date(2027, 2, 26)


def _class_id(demo: Any) -> str:
    return str(demo.classes.list()[0].id)


def _student(demo: Any, name: str) -> str:
    return str(demo.students.find(name).id)


def test_draft_lists_unmastered_standards_with_dates_in_range_and_profile_goals(demo: Any) -> None:
    plans = Plans(demo)
    cid, sid = _class_id(demo), _student(demo, "Zoë Laurent")
    plans.draft(sid, cid, START, END)
    plan = plans.plan(sid)
    assert plan is not None and plan.steps
    table = demo.evidence.mastery_table(cid)
    cells = table.for_student(sid)
    assert all(not cells[s.standard_id].mastered for s in plan.steps)
    assert all(s.target_on is not None and START <= s.target_on <= END for s in plan.steps)
    assert [g.text for g in plan.goals] == [g.text for g in demo.students.profile(sid).goals]
    # a step waiting on a prerequisite names it, and comes after every ready step
    flags = [bool(s.waiting_on) for s in plan.steps]
    assert flags == sorted(flags)


def test_interests_pick_matching_activities(demo: Any) -> None:
    plans = Plans(demo)
    cid, sid = _class_id(demo), _student(demo, "Zoë Laurent")
    interests = demo.students.profile(sid).interests.casefold()
    plans.draft(sid, cid, START, END)
    plan = plans.plan(sid)
    assert plan is not None
    tagged = [a for s in plan.steps for a in s.activities if any(t.casefold() in interests for t in a.tags)]
    assert tagged, "at least one chosen activity matches the student's interests"


def test_teacher_edits_survive_a_redraft_and_mastered_follows_evidence(demo: Any) -> None:
    plans = Plans(demo)
    cid, sid = _class_id(demo), _student(demo, "Kenji Watanabe")
    plans.draft(sid, cid, START, END)
    plan = plans.plan(sid)
    assert plan is not None
    step = plan.steps[1]
    plans.edit_step(step.id, target_on=date(2027, 1, 7), notes="Work with Aroha", status="working")
    plans.draft(sid, cid, START, date(2027, 3, 26))
    again = plans.plan(sid)
    assert again is not None
    kept = next(s for s in again.steps if s.id == step.id)
    assert (kept.target_on, kept.notes, kept.stored_status) == (
        date(2027, 1, 7),
        "Work with Aroha",
        "working",
    )
    # four strong pieces of evidence: the step shows mastered, but nothing was written to the step
    for day in (1, 2, 3, 4):
        demo.evidence.record(sid, step.standard_id, 4, demo.clock.today() + timedelta(days=day), class_id=cid)
    after = plans.plan(sid)
    assert after is not None
    shown = next(s for s in after.steps if s.id == step.id)
    assert (shown.status, shown.stored_status, shown.status_label) == ("mastered", "working", "Mastered")


def test_reorder_add_remove_and_restore_for_undo(demo: Any) -> None:
    plans = plans_of(demo)
    cid, sid = _class_id(demo), _student(demo, "محمد العلي")
    plans.draft(sid, cid, START, END)
    plan = plans.plan(sid)
    assert plan is not None
    before = plans.snapshot(plan.id)
    order = [s.id for s in plan.steps]
    plans.reorder(plan.id, [order[-1], *order[:-1]])
    plans.remove_step(order[0])
    plans.set_goals(plan.id, [Goal("Read every day", date(2027, 1, 1))])
    plans.set_reflection(plan.id, "I am proud of my fractions.")
    changed = plans.plan(sid)
    assert changed is not None
    assert [s.id for s in changed.steps] == [order[-1], *order[1:-1]]
    assert changed.reflection == "I am proud of my fractions."
    plans.restore(before)
    back = plans.plan(sid)
    assert back is not None
    assert [s.id for s in back.steps] == order
    assert [g.text for g in back.goals] == [g.text for g in plan.goals]
    assert back.reflection == ""


def test_bad_edits_are_refused_in_plain_words(demo: Any) -> None:
    plans = Plans(demo)
    cid, sid = _class_id(demo), _student(demo, "Emma Schmidt")
    with pytest.raises(UserError, match="ends .* before it starts"):
        plans.draft(sid, cid, END, START)
    plans.draft(sid, cid, START, END)
    plan = plans.plan(sid)
    assert plan is not None
    with pytest.raises(UserError, match="not a step status"):
        plans.edit_step(plan.steps[0].id, status="finished")
    with pytest.raises(UserError, match="already a step"):
        plans.add_step(plan.id, plan.steps[0].standard_id)


def test_activity_library_crud(demo: Any) -> None:
    plans = Plans(demo)
    cid = _class_id(demo)
    standard = demo.evidence.mastery_table(cid).standards[0]
    created = plans.add_activity(
        cid, "  Fraction   football ", [standard.id], 1, 2, ["football", " "], "ball"
    )
    found = {a.id: a for a in plans.activities(cid)}[str(created.created_id)]
    assert (found.title, found.tags, found.standard_ids) == (
        "Fraction football",
        ("football",),
        (standard.id,),
    )
    plans.edit_activity(found.id, level_max=3, link="https://example.org/fractions")
    edited = {a.id: a for a in plans.activities(cid)}[found.id]
    assert (edited.level_max, edited.link) == (3.0, "https://example.org/fractions")
    with pytest.raises(UserError, match="lowest level .* above its highest"):
        plans.edit_activity(found.id, level_min=4)
    with pytest.raises(UserError, match="needs a title"):
        plans.add_activity(cid, "   ")
    plans.delete_activity(found.id)
    assert found.id not in {a.id for a in plans.activities(cid)}


@pytest.fixture
def spanish() -> Iterator[None]:
    set_program_language("es")
    yield
    set_program_language(None)


def test_plan_errors_come_out_in_the_teachers_language(demo: Any, spanish: None) -> None:
    plans = Plans(demo)
    cid, sid = _class_id(demo), _student(demo, "Emma Schmidt")
    plans.draft(sid, cid, START, END)
    plan = plans.plan(sid)
    assert plan is not None
    other = str(demo.curriculum.add_framework("Grade 5 Science").created_id)
    outside = str(demo.curriculum.add_standard(other, "5.PS.1", "I can describe matter").created_id)
    with pytest.raises(UserError, match=r"^Ese estándar no forma parte del marco de esta clase\.$"):
        plans.add_step(plan.id, outside)
    assert outside not in {s.standard_id for s in plans.plan(sid).steps}  # type: ignore[union-attr]
    refused = "^«terminado» no es un estado de un paso. Elija uno de estos: .*Sin empezar"
    with pytest.raises(UserError, match=refused):
        plans.edit_step(plan.steps[0].id, status="terminado")
    with pytest.raises(UserError, match=r"^El nivel más bajo de la actividad \(4\) está por encima .*\(2\)"):
        plans.add_activity(cid, "Fracciones", level_min=4, level_max=2)
    heard: list[str] = []
    plans.draft_class(cid, START, END, [sid], progress=lambda _d, _t, message: heard.append(message))
    assert heard == ["Redactando el plan de Emma Schmidt", "Hecho"]
