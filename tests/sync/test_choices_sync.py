"""Choice-board picks and self-assessments travel between two laptops, with their merge rules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from classroom_desktop.services.choices import choices_of
from classroom_desktop.services.roster import NewStudent
from classroom_desktop.services.trackers import trackers_of

PASS = "Maple room 12"
Laptop = tuple[Any, Any]
Rows = Callable[[Any], dict[str, list[tuple[Any, ...]]]]


def _class(classroom: Any) -> tuple[str, str, str]:
    class_id = classroom.classes.create("Year 4 Maple").created_id
    fw = classroom.curriculum.add_framework("Grade 4 Mathematics").created_id
    classroom.classes.edit(class_id, framework_id=fw)
    std = classroom.curriculum.add_standard(fw, "4.NF.1", "I can compare fractions").created_id
    zoe = classroom.students.add(NewStudent("Zoë", "Nguyễn"), class_id).created_id
    classroom.evidence.record(zoe, std, 2, kind="quiz", class_id=class_id)
    for title in ("Pizza fractions", "Fraction comic", "Fraction wall game"):
        classroom.plans.add_activity(class_id, title, [std], 1.0, 3.0, [], "")
    today: date = classroom.clock.today()
    classroom.plans.draft(zoe, class_id, today, today + timedelta(weeks=4))
    return class_id, zoe, std


def _two_laptops(laptops: Callable[..., Laptop], share: Path) -> tuple[Laptop, Laptop, tuple[str, str, str]]:
    """Laptop a with the class, syncing through ``share``; laptop b joined to it."""
    a, sa = laptops("a")
    made = _class(a)
    sa.setup(share, PASS, create=True)
    b, sb = laptops("b")
    sb.setup(share, PASS, create=False)
    return (a, sa), (b, sb), made


def test_a_pick_and_a_self_assessment_reach_the_other_laptop(
    laptops: Callable[..., Laptop], share: Path, rows_of: Rows
) -> None:
    (a, sa), (b, sb), (class_id, zoe, std) = _two_laptops(laptops, share)
    (step,) = choices_of(a).board(zoe, class_id)
    assert len(step.options) == 3
    choices_of(a).choose(step.step_id, step.options[1].id)
    trackers_of(b).record(zoe, std, 3, class_id, note="I can explain it now")
    sa.sync_now()
    sb.sync_now()
    sa.sync_now()
    assert choices_of(b).board(zoe, class_id)[0].chosen_id == step.options[1].id
    assert choices_of(b).counts(class_id) == {step.options[1].id: 1}
    assert trackers_of(a).latest(zoe)[std].note == "I can explain it now"
    assert rows_of(a) == rows_of(b)


def test_two_picks_offline_last_writer_wins_and_the_other_is_kept_as_a_conflict(
    laptops: Callable[..., Laptop], share: Path, rows_of: Rows
) -> None:
    (a, sa), (b, sb), (class_id, zoe, std) = _two_laptops(laptops, share)
    (step,) = choices_of(a).board(zoe, class_id)
    first, second = step.options[0].id, step.options[2].id
    choices_of(a).choose(step.step_id, first)
    choices_of(b).choose(step.step_id, second)  # b picks later
    one = trackers_of(a).record(zoe, std, 2, class_id).created_id
    trackers_of(b).record(zoe, std, 3, class_id)
    sa.sync_now()
    assert sb.sync_now().conflicts == 1
    sa.sync_now()
    assert choices_of(a).chosen(step.step_id) == choices_of(b).chosen(step.step_id) == second
    (conflict,) = sa.conflicts()
    titles = {o.id: o.title for o in step.options}
    assert (conflict.kept, conflict.other) == (f"“{titles[second]}”", f"“{titles[first]}”")
    assert len(trackers_of(a).history(zoe)) == len(trackers_of(b).history(zoe)) == 2  # a union
    trackers_of(b).remove(one)  # a tombstone wins everywhere
    sb.sync_now()
    sa.sync_now()
    assert [s.level for s in trackers_of(a).history(zoe)] == [3.0]
    assert rows_of(a) == rows_of(b)


def test_a_clash_over_a_pick_names_the_student_the_step_and_both_activities(
    laptops: Callable[..., Laptop], share: Path, tmp_path: Path, capsys: Any
) -> None:
    from classroom_desktop.cli import main

    (a, sa), (b, sb), (class_id, zoe, std) = _two_laptops(laptops, share)
    (step,) = choices_of(a).board(zoe, class_id)
    by_title = {o.title: o.id for o in step.options}
    choices_of(a).choose(step.step_id, by_title["Pizza fractions"])
    choices_of(b).choose(step.step_id, by_title["Fraction wall game"])  # b picks later: b's pick is kept
    sa.sync_now()
    sb.sync_now()
    sa.sync_now()
    for service in (sa, sb):
        (conflict,) = service.conflicts()
        assert conflict.what == "Zoë Nguyễn — learning plan, step 4.NF.1: chosen activity"
        assert (conflict.kept, conflict.other) == ("“Fraction wall game”", "“Pizza fractions”")
    a.close()  # the command line opens the class itself
    assert main(["sync", "--workspace", str(tmp_path / "a"), "--folder", str(share), "--status"]) == 0
    printed = capsys.readouterr().out
    assert "Conflicts (1), edited on two laptops:" in printed
    assert ("Zoë Nguyễn — learning plan, step 4.NF.1: chosen activity: kept “Fraction wall game”; "
            "the other laptop's “Pizza fractions”") in printed
    assert by_title["Pizza fractions"] not in printed  # no raw ids
