"""Issue 11: an abandoned fork's folder no longer blocks the clean-up of old bundles on the share.

When is a fork abandoned? A restored backup (or a copied folder) takes a new id and says in its
signed manifest when it left the old one. If nobody syncs under the old id after that moment,
the old timeline is over: its folder no longer holds back compaction, and the sync says so. A
copy whose original goes on syncing under the old id is not abandoned.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from classroom_desktop.services.roster import NewStudent

from .conftest import PASSPHRASE, entity_rows

Laptop = tuple[Any, Any]


def _bundles(share: Path, device: str) -> list[str]:
    return sorted(p.name for p in (share / "classroom-sync" / "devices" / device / "ops").glob("*.bundle"))


def _rounds(team: list[Laptop], students: list[str], rounds: int, tag: str) -> list[str]:
    messages = []
    for n in range(rounds):
        for i, (classroom, _) in enumerate(team):
            classroom.students.edit_profile(students[i], interests=f"{tag} {n}")
        for _, service in team + team:
            report = service.sync_now()
            assert report.status == "ok", report.message
            messages.append(report.message)
    return messages


def test_a_restored_backups_old_folder_stops_blocking_the_clean_up(
    laptops: Callable[..., Laptop], share: Path
) -> None:
    a, sa = laptops("a", snapshot_every=2)
    class_id = a.classes.create("Year 4 Maple").created_id
    students = [a.students.add(NewStudent(g, "Ng"), class_id).created_id for g in ("Zoë", "Kofi")]
    sa.setup(share, PASSPHRASE, create=True)
    b, sb = laptops("b", snapshot_every=2)
    sb.setup(share, PASSPHRASE, create=False)
    backup = a.make_backup()
    _rounds([(a, sa), (b, sb)], students, 2, "before")
    old_id = a.device_id
    a.restore(backup)
    a, sa = laptops("a", snapshot_every=2)
    report = sa.setup(share, PASSPHRASE, create=False)
    assert report.forked and a.device_id != old_id
    first_of_b = _bundles(share, b.device_id)[0]
    messages = _rounds([(a, sa), (b, sb)], students, 6, "after")
    # the old timeline never syncs again: b's old bundles are cleaned up all the same
    assert first_of_b not in _bundles(share, b.device_id)
    assert len(_bundles(share, b.device_id)) <= 3
    assert any("an old copy of a class file that was restored from a backup or copied" in m for m in messages)
    assert entity_rows(a) == entity_rows(b)
    # a laptop joining now still gets everything
    c, sc = laptops("c")
    sc.setup(share, PASSPHRASE, create=False)
    for service in (sc, sa, sb, sc):
        service.sync_now()
    assert entity_rows(c) == entity_rows(a) == entity_rows(b)


def test_a_copy_whose_original_goes_on_syncing_is_not_abandoned(
    laptops: Callable[..., Laptop], share: Path, tmp_path: Path
) -> None:
    a, sa = laptops("a", snapshot_every=2)
    class_id = a.classes.create("Year 4 Maple").created_id
    students = [a.students.add(NewStudent(g, "Ng"), class_id).created_id for g in ("Zoë", "Kofi", "Ana")]
    sa.setup(share, PASSPHRASE, create=True)
    b, sb = laptops("b", snapshot_every=2)
    sb.setup(share, PASSPHRASE, create=False)
    _rounds([(a, sa), (b, sb)], students, 1, "start")
    a.db.checkpoint()
    shutil.copytree(tmp_path / "a", tmp_path / "copy")
    copy, sc = laptops("copy", snapshot_every=2)
    sc.setup(share, PASSPHRASE, create=False)  # it forks once it sees what the original wrote
    messages = _rounds([(a, sa), (b, sb), (copy, sc)], students, 3, "all three")
    assert copy.device_id != a.device_id
    # once a has synced under the old id after the copy left it, nobody calls it abandoned
    assert not any("an old copy" in m for m in messages[-6:])
    assert entity_rows(a) == entity_rows(b) == entity_rows(copy)
