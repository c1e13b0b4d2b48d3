"""Reproduction 5: merges must not make duplicates that hide a teacher's text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from classroom_desktop.services.roster import NewStudent

from .conftest import PASSPHRASE, entity_rows

Laptop = tuple[Any, Any]


def test_first_profile_edits_on_two_laptops_make_one_profile_and_a_listed_conflict(
    laptops: Callable[..., Laptop], share: Path
) -> None:
    a, sa = laptops("a")
    sid = a.students.add(NewStudent("Zoë", "Nguyễn")).created_id
    sa.setup(share, PASSPHRASE, create=True)
    b, sb = laptops("b")
    sb.setup(share, PASSPHRASE, create=False)
    a.students.edit_profile(sid, strengths="Fractions")  # both laptops make the profile offline
    b.students.edit_profile(sid, strengths="Drawing", needs="Quiet corner")
    for service in (sa, sb, sa):
        service.sync_now()
    for c in (a, b):
        assert len(entity_rows(c)["learner_profile"]) == 1
    assert entity_rows(a) == entity_rows(b)
    kept = a.students.profile(sid).strengths
    other = {"Fractions", "Drawing"} - {kept}
    # the value that lost is listed, not hidden, on both laptops
    for service in (sa, sb):
        listed = [{c.kept, c.other} for c in service.conflicts() if c.field == "strengths"]
        assert {kept, *other} in listed


def test_every_new_laptop_shares_one_default_scale(laptops: Callable[..., Laptop], share: Path) -> None:
    services = []
    for i, name in enumerate(("a", "b", "c", "d")):
        c, s = laptops(name)
        s.setup(share, PASSPHRASE, create=i == 0)
        services.append((c, s))
    for _ in range(2):
        for _, s in services:
            assert s.sync_now().status == "ok"
    for c, s in services:
        assert len(entity_rows(c)["scale"]) == 1
        assert s.conflicts() == []


def test_delete_on_one_laptop_and_edit_on_another_is_listed_on_every_laptop(
    laptops: Callable[..., Laptop], share: Path
) -> None:
    a, sa = laptops("a")
    fw = a.curriculum.add_framework("Grade 4 Mathematics").created_id
    std = a.curriculum.add_standard(fw, "4.NF.1", "I can compare fractions").created_id
    sa.setup(share, PASSPHRASE, create=True)
    b, sb = laptops("b")
    sb.setup(share, PASSPHRASE, create=False)
    c, sc = laptops("c")
    sc.setup(share, PASSPHRASE, create=False)
    a.curriculum.delete_standard(std)  # offline, at the same time
    b.curriculum.edit_standard(std, statement="I can compare fractions with unlike denominators")
    for _ in range(2):
        for service in (sa, sb, sc):
            service.sync_now()
    assert entity_rows(a) == entity_rows(b) == entity_rows(c)
    for service in (sa, sb, sc):
        (conflict,) = [x for x in service.conflicts() if x.entity_id == std]
        assert conflict.field == "deleted" and conflict.kept == "Yes" and conflict.other == "No"
    (conflict,) = [x for x in sb.conflicts() if x.entity_id == std]
    sb.take_other(conflict.id)  # bring it back, with the edit
    for service in (sb, sa, sc):
        service.sync_now()
    for classroom in (a, b, c):
        assert classroom.curriculum.standard(std).statement.endswith("unlike denominators")
