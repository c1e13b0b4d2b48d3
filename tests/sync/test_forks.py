"""Forks are normal: a restored backup, a copied workspace folder, ``restore_into`` on a new laptop.

Each becomes a replica of its own on the share; what it wrote after the fork reaches everyone, and
it reads back what it needs of the bundles it wrote before. Every table of every laptop is compared.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from classroom_desktop.domain.errors import UserError
from classroom_desktop.services.classroom import Classroom
from classroom_desktop.services.roster import NewStudent
from classroom_desktop.services.syncing import SyncService
from classroom_desktop.store.engine import integrity_check

from .conftest import CHEAP_KDF, PASSPHRASE, entity_rows

Opened = Callable[[Path], tuple[Classroom, SyncService]]


@pytest.fixture
def open_ws() -> Iterator[Opened]:
    opened: list[Classroom] = []

    def make(folder: Path) -> tuple[Classroom, SyncService]:
        classroom = Classroom.open(folder)
        opened.append(classroom)
        return classroom, SyncService(classroom, kdf_n=CHEAP_KDF)

    yield make
    for classroom in opened:
        classroom.close()
        assert integrity_check(classroom.db_path) == "ok"


def _start(c: Classroom) -> tuple[str, str, list[str]]:
    class_id = str(c.classes.create("Year 4 Maple").created_id)
    ids = [str(c.students.add(NewStudent(g, "Nguyễn"), class_id).created_id) for g in ("Zoë", "Kofi", "Ana")]
    fw = str(c.curriculum.add_framework("Grade 4 Mathematics").created_id)
    std = str(c.curriculum.add_standard(fw, "4.NF.1", "I can compare fractions").created_id)
    return class_id, std, ids


def _levels(c: Classroom, student: str, std: str) -> list[tuple[float | None, str]]:
    return sorted((e.level, e.note) for e in c.evidence.history(student, std))


def _all_equal(*laptops: Classroom) -> None:
    rows = [entity_rows(c) for c in laptops]
    for other in rows[1:]:
        assert other == rows[0]


def _sync_all(*services: SyncService, rounds: int = 2) -> None:
    for _ in range(rounds):
        for service in services:
            report = service.sync_now()
            assert report.status == "ok", report.message


def test_restoring_a_backup_on_a_syncing_laptop_loses_nothing(open_ws: Opened, tmp_path: Path) -> None:
    """Reproduction 1: backup on A; E1; sync A, B; restore the backup on A; E2; sync A, B, A."""
    share = tmp_path / "share"
    share.mkdir()
    a, sa = open_ws(tmp_path / "a")
    class_id, std, ids = _start(a)
    sa.setup(share, PASSPHRASE, create=True)
    b, sb = open_ws(tmp_path / "b")
    sb.setup(share, PASSPHRASE, create=False)
    backup = a.make_backup()
    a.evidence.record(ids[0], std, 2, class_id=class_id, note="E1")
    sa.sync_now()
    sb.sync_now()
    old_device = a.device_id
    a.restore(backup)
    a, sa = open_ws(tmp_path / "a")
    assert _levels(a, ids[0], std) == []  # the backup is from before E1
    with pytest.raises(UserError, match="restored from a backup or copied"):
        sa.sync_now()  # the key is not in the database, nor in its backups
    assert sa.status().needs_passphrase
    a.evidence.record(ids[0], std, 4, class_id=class_id, note="E2")
    report = sa.setup(share, PASSPHRASE, create=False)
    assert report.forked and a.device_id != old_device
    assert report.sent > 0  # E2 is published (the old code said "Sent 0 changes" for ever)
    _sync_all(sb, sa)
    for c in (a, b):
        assert _levels(c, ids[0], std) == [(2.0, "E1"), (4.0, "E2")]
    _all_equal(a, b)


def test_a_copied_workspace_folder_becomes_a_laptop_of_its_own(open_ws: Opened, tmp_path: Path) -> None:
    """Reproduction 2: a workspace folder copied to another laptop; both keep working and syncing."""
    share = tmp_path / "share"
    share.mkdir()
    a, sa = open_ws(tmp_path / "a")
    class_id, std, ids = _start(a)
    sa.setup(share, PASSPHRASE, create=True)
    b, sb = open_ws(tmp_path / "b")
    sb.setup(share, PASSPHRASE, create=False)
    a.evidence.record(ids[1], std, 3, class_id=class_id, note="before the copy")  # not synced yet
    a.db.checkpoint()
    shutil.copytree(tmp_path / "a", tmp_path / "copy")
    copy, sc = open_ws(tmp_path / "copy")
    assert copy.device_id == a.device_id
    with pytest.raises(UserError, match="restored from a backup or copied"):
        sc.sync_now()
    # both copies keep working, each without the other's new rows
    for n in range(40):
        a.evidence.record(ids[n % 3], std, 1 + n % 4, class_id=class_id, note=f"on a {n}")
        copy.evidence.record(ids[n % 3], std, 1 + n % 4, class_id=class_id, note=f"on the copy {n}")
    copy.students.add(NewStudent("Moana", "Tui"), class_id)
    sa.sync_now()
    report = sc.setup(share, PASSPHRASE, create=False)
    assert report.forked and copy.device_id != a.device_id
    _sync_all(sa, sb, sc)
    for c in (a, b, copy):
        notes = [note for _, note in _levels(c, ids[0], std)]
        assert "on a 0" in notes and "on the copy 0" in notes
        assert len(c.evidence.history(ids[1], std)) == 1 + 2 * 13
        assert "Moana Tui" in [s.display_name for s in c.students.list()]
    _all_equal(a, b, copy)


def test_both_copies_publishing_before_either_notices_still_converge(open_ws: Opened, tmp_path: Path) -> None:
    """The copies publish into the same folder under one id; both move on to their own ids."""
    share = tmp_path / "share"
    share.mkdir()
    a, sa = open_ws(tmp_path / "a")
    class_id, std, ids = _start(a)
    sa.setup(share, PASSPHRASE, create=True)
    a.close()
    shutil.copytree(tmp_path / "a", tmp_path / "copy")
    key_file = (tmp_path / "a" / "sync.key").read_text()
    a, sa = open_ws(tmp_path / "a")
    copy, sc = open_ws(tmp_path / "copy")
    # (a copy tool that kept the key file valid: only the share can tell the copies apart)
    (tmp_path / "copy" / "sync.key").write_text(
        key_file.replace(str((tmp_path / "a").resolve()), str((tmp_path / "copy").resolve()))
    )
    import json

    data = json.loads((tmp_path / "copy" / "sync.key").read_text())
    st = copy.db_path.stat()
    data["bound"] = {"db": str(copy.db_path.resolve()), "dev": st.st_dev, "ino": st.st_ino}
    (tmp_path / "copy" / "sync.key").write_text(json.dumps(data))
    hidden = tmp_path / "hidden"
    a.evidence.record(ids[0], std, 1, class_id=class_id, note="a")
    copy.evidence.record(ids[0], std, 2, class_id=class_id, note="copy")
    sa.sync_now()
    ops = share / "classroom-sync" / "devices" / a.device_id / "ops"
    shutil.move(ops, hidden)  # the copy cannot see a's new bundle yet (a sync tool's delay)
    ops.mkdir()
    assert sc.sync_now().sent > 0
    for path in hidden.iterdir():
        shutil.copy(path, ops / path.name)
    _sync_all(sa, sc, rounds=3)
    assert a.device_id != copy.device_id
    for c in (a, copy):
        assert [n for _, n in _levels(c, ids[0], std)] == ["a", "copy"]
    _all_equal(a, copy)


def test_restore_into_on_a_new_laptop_is_a_new_replica(open_ws: Opened, tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    a, sa = open_ws(tmp_path / "a")
    class_id, std, ids = _start(a)
    sa.setup(share, PASSPHRASE, create=True)
    backup = a.make_backup()
    a.evidence.record(ids[2], std, 2, class_id=class_id, note="after the backup")
    sa.sync_now()
    Classroom.restore_into(tmp_path / "new", backup)
    new, sn = open_ws(tmp_path / "new")
    assert new.device_id == a.device_id and not sn.is_set_up()
    new.evidence.record(ids[2], std, 3, class_id=class_id, note="on the new laptop")
    report = sn.setup(share, PASSPHRASE, create=False)
    assert report.forked
    _sync_all(sa, sn)
    for c in (a, new):
        assert [n for _, n in _levels(c, ids[2], std)] == ["after the backup", "on the new laptop"]
    _all_equal(a, new)


def test_a_laptop_killed_after_writing_a_bundle_is_not_a_fork(
    laptops: Callable[..., Any], share: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bundle of ours that the workspace did not record (killed in between) is adopted, not forked."""
    a, sa = laptops("a")
    _start(a)
    sa.setup(share, PASSPHRASE, create=True)
    device = a.device_id
    a.students.add(NewStudent("Late", "Kid"))
    from classroom_desktop.services import syncing

    real = syncing._Port.save_state
    calls = {"n": 0}

    def die_once(self: Any, state: dict[str, Any]) -> None:
        calls["n"] += 1
        raise KeyboardInterrupt  # killed right after the bundle was written

    monkeypatch.setattr(syncing._Port, "save_state", die_once)
    with pytest.raises(KeyboardInterrupt):
        sa.sync_now()
    monkeypatch.setattr(syncing._Port, "save_state", real)
    report = sa.sync_now()
    assert not report.forked and a.device_id == device and report.sent == 0
    b, sb = laptops("b")
    sb.setup(share, PASSPHRASE, create=False)
    assert "Late Kid" in [s.display_name for s in b.students.list()]
