from __future__ import annotations

from pathlib import Path

import pytest

from classroom_desktop.domain.errors import UserError
from classroom_desktop.services.classroom import Classroom
from classroom_desktop.services.roster import NewStudent
from classroom_desktop.store import backup


def test_backup_and_restore_bring_back_the_old_roster(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    c = Classroom.open(folder)
    c.students.add(NewStudent("Amani", "Wanjiru"))
    saved = c.make_backup()
    c.students.add(NewStudent("Baraka", "Mwangi"))
    c.close()

    backup.restore_backup(saved, folder / "classroom.sqlite3", c.clock.now())
    c = Classroom.open(folder)
    try:
        assert [s.display_name for s in c.students.list()] == ["Amani Wanjiru"]
        reasons = {b.reason for b in c.backups()}
        assert "before-restore" in reasons and "manual" in reasons
    finally:
        c.close()


def test_backups_rotate(tmp_path: Path) -> None:
    c = Classroom.open(tmp_path / "ws")
    for _ in range(5):
        backup.make_backup(c.db_path, "manual", c.clock.now(), keep=3)
    assert len(c.backups()) == 3
    c.close()


def test_a_damaged_backup_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    c = Classroom.open(tmp_path / "ws")
    c.students.add(NewStudent("Åse", "Løvik"))
    c.close()
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    with pytest.raises(UserError, match="damaged"):
        backup.restore_backup(bad, tmp_path / "ws" / "classroom.sqlite3", c.clock.now())
    c = Classroom.open(tmp_path / "ws")
    assert [s.given_name for s in c.students.list()] == ["Åse"]
    c.close()
