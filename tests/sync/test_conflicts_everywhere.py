"""Issue 11: a conflict is listed on every laptop -- a third that took no part included -- whatever
the order in which the laptops sync; delete-vs-edit too, in every three-laptop ordering."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from classroom_desktop.services.roster import NewStudent

from .conftest import PASSPHRASE, entity_rows

Laptop = tuple[Any, Any]


def _listed(service: Any) -> set[tuple[str, str, str, str]]:
    return {(c.entity_id, c.field, c.kept, c.other) for c in service.conflicts()}


def _three(
    laptops: Callable[..., Laptop], share: Path, prepare: Callable[[Any], str]
) -> tuple[list[Laptop], str]:
    a, sa = laptops("a")
    target = prepare(a)
    sa.setup(share, PASSPHRASE, create=True)
    b, sb = laptops("b")
    sb.setup(share, PASSPHRASE, create=False)
    c, sc = laptops("c")
    sc.setup(share, PASSPHRASE, create=False)
    for service in (sa, sb, sc):
        service.sync_now()
    return [(a, sa), (b, sb), (c, sc)], target


def _student(classroom: Any) -> str:
    class_id = classroom.classes.create("Year 4 Maple").created_id
    sid = classroom.students.add(NewStudent("Zoë", "Nguyễn"), class_id).created_id
    classroom.students.edit_profile(sid, strengths="Mental maths")
    return sid


ORDERS = list(itertools.permutations(range(3)))


@pytest.mark.parametrize("order", ORDERS, ids=["".join("abc"[i] for i in o) for o in ORDERS])
def test_a_same_field_conflict_is_listed_on_the_third_laptop_too(
    laptops: Callable[..., Laptop], share: Path, order: tuple[int, ...]
) -> None:
    team, sid = _three(laptops, share, _student)
    (a, _), (b, _), (c, sc) = team
    a.students.edit_profile(sid, strengths="Fractions")  # offline, the same field, both
    b.students.edit_profile(sid, strengths="Drawing")
    for i in order + order:
        team[i][1].sync_now()
    assert entity_rows(a) == entity_rows(b) == entity_rows(c)
    kept = c.students.profile(sid).strengths
    assert kept in {"Fractions", "Drawing"}
    other = ({"Fractions", "Drawing"} - {kept}).pop()
    for _classroom, service in team:  # c made no edit and still lists it, like a and b
        assert [(x.kept, x.other) for x in service.conflicts() if x.field == "strengths"] == [(kept, other)]
    # settling it on one laptop is a deliberate edit: no new conflict anywhere
    (conflict,) = sc.conflicts()
    sc.take_other(conflict.id)
    for _classroom, service in team + team:
        service.sync_now()
    for classroom, service in team:
        assert classroom.students.profile(sid).strengths == other
        assert len([x for x in service.conflicts() if x.field == "strengths"]) <= 1  # c settled its own


def test_an_overwrite_after_seeing_the_other_edit_is_no_conflict_anywhere(
    laptops: Callable[..., Laptop], share: Path
) -> None:
    team, sid = _three(laptops, share, _student)
    (a, sa), (b, sb), (c, sc) = team
    a.students.edit_profile(sid, strengths="Fractions")
    sa.sync_now()
    sb.sync_now()  # b has seen a's edit before it writes its own
    b.students.edit_profile(sid, strengths="Drawing")
    for service in (sb, sc, sa, sb, sc, sa):
        service.sync_now()
    for classroom, service in team:
        assert classroom.students.profile(sid).strengths == "Drawing"
        assert service.conflicts() == []


def _standard(classroom: Any) -> str:
    fw = classroom.curriculum.add_framework("Grade 4 Mathematics").created_id
    return str(classroom.curriculum.add_standard(fw, "4.NF.1", "I can compare fractions").created_id)


SCHEDULES = {
    # who syncs when, after a deletes and b edits offline (c only relays)
    **{"".join("abc"[i] for i in o): [o[0], o[1], o[2], o[0], o[1], o[2]] for o in ORDERS},
    "c-relays-a-then-b": [0, 2, 1, 2, 0, 1, 2],
    "c-relays-b-then-a": [1, 2, 0, 2, 1, 0, 2],
    "b-edits-again-after-seeing-nothing": [1, 1, 2, 0, 1, 2, 0],
}


@pytest.mark.parametrize("schedule", list(SCHEDULES))
def test_delete_on_one_laptop_and_edit_on_another_is_listed_on_every_laptop_in_every_order(
    laptops: Callable[..., Laptop], share: Path, schedule: str
) -> None:
    team, std = _three(laptops, share, _standard)
    (a, sa), (b, sb), (c, sc) = team
    a.curriculum.delete_standard(std)  # offline, at the same time
    b.curriculum.edit_standard(std, statement="I can compare fractions with unlike denominators")
    for i in SCHEDULES[schedule]:
        team[i][1].sync_now()
    for _, service in team + team:
        service.sync_now()
    assert entity_rows(a) == entity_rows(b) == entity_rows(c)
    for _classroom, service in team:
        listed = [x for x in service.conflicts() if x.entity_id == std]
        assert [(x.field, x.kept, x.other) for x in listed] == [("deleted", "Yes", "No")]


@pytest.mark.parametrize("order", ORDERS, ids=["".join("abc"[i] for i in o) for o in ORDERS])
def test_a_delete_made_after_seeing_the_edit_is_no_conflict_in_any_order(
    laptops: Callable[..., Laptop], share: Path, order: tuple[int, ...]
) -> None:
    team, std = _three(laptops, share, _standard)
    (a, sa), (b, sb), (c, sc) = team
    b.curriculum.edit_standard(std, statement="I can compare fractions with unlike denominators")
    sb.sync_now()
    sa.sync_now()  # a has the edit, then deletes the standard knowingly
    a.curriculum.delete_standard(std)
    for i in order + order:
        team[i][1].sync_now()
    assert entity_rows(a) == entity_rows(b) == entity_rows(c)
    for _classroom, service in team:
        assert [x for x in service.conflicts() if x.entity_id == std] == []
