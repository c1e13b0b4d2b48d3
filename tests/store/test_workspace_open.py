"""Opening a workspace: damage caught before anything is copied, a newer workspace left alone,
private files, and one writer at a time."""

from __future__ import annotations

import os
import random
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from classroom_desktop import cli
from classroom_desktop.clock import FixedClock
from classroom_desktop.services.classroom import Classroom, WorkspaceBusy, WorkspaceDamaged, WorkspaceTooNew
from classroom_desktop.services.roster import NewStudent
from classroom_desktop.store import backup, sqlite_check
from classroom_desktop.store.engine import DB_NAME, integrity_check

SRC = str(Path(__file__).resolve().parents[2] / "src")


def _workspace_with_good_backups(folder: Path, days: int = 3) -> date:
    """A workspace used on ``days`` days (so it has good daily backups); returns the last day."""
    first = date(2026, 11, 2)
    for n in range(days):
        c = Classroom.open(folder, clock=FixedClock(first + timedelta(days=n)))
        c.students.add(NewStudent(f"Kid{n}", "Nguyễn"))
        c.close()
    return first + timedelta(days=days - 1)


def _damage(db: Path, where: str = "middle") -> None:
    data = bytearray(db.read_bytes())
    rng = random.Random(12)
    start = 0 if where == "page1" else len(data) // 2
    data[start : start + 8192] = bytes(rng.randrange(256) for _ in range(8192))
    db.write_bytes(bytes(data))


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# ---- damage ---------------------------------------------------------------------------------
@pytest.mark.parametrize("where", ["middle", "page1"])
def test_a_damaged_workspace_is_not_opened_nor_copied_over_good_backups(tmp_path: Path, where: str) -> None:
    folder = tmp_path / "ws"
    last = _workspace_with_good_backups(folder)
    good_before = backup.list_backups(folder / DB_NAME)
    _damage(folder / DB_NAME, where)
    for n in range(1, 25):  # many tries on later days never replace the good copies
        with pytest.raises(WorkspaceDamaged) as caught:
            Classroom.open(folder, clock=FixedClock(last + timedelta(days=n)))
    after = backup.list_backups(folder / DB_NAME)
    assert [b.path for b in after] == [b.path for b in good_before]
    assert all(backup.quick_check(b.path) for b in after)
    error = caught.value
    assert error.good_backup is not None and error.good_backup.path == good_before[0].path
    message = str(error)
    assert "\n" not in message and message.count(". ") == 0 and message.endswith(".")
    assert "is damaged" in message and "Wednesday 4 November 2026 at 09:00" in message
    assert "Wednesday 4 November 2026 at 09:00" in error.restore_question()
    assert "already synced to other laptops will come back at the next sync" in error.restore_question()
    assert "changes that were never synced will be lost" in error.restore_question()


def test_the_newest_good_backup_brings_the_class_back_and_the_damaged_file_is_kept(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    _workspace_with_good_backups(folder)
    _damage(folder / DB_NAME)
    with pytest.raises(WorkspaceDamaged) as caught:
        Classroom.open(folder)
    assert caught.value.good_backup is not None
    Classroom.restore_into(folder, caught.value.good_backup.path)
    c = Classroom.open(folder)
    try:
        assert sorted(s.given_name for s in c.students.list()) == ["Kid0", "Kid1"]
    finally:
        c.close()
    assert len(list((folder / "backups").glob("damaged-*.sqlite3"))) == 1
    assert integrity_check(folder / DB_NAME) == "ok"


def test_the_command_line_exits_2_with_one_line_on_a_damaged_workspace(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "ws"
    _workspace_with_good_backups(folder)
    _damage(folder / DB_NAME)
    code = cli.main(["export", "gradebook", "--workspace", str(folder), "--out", str(tmp_path / "g.csv")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "is damaged" in err and "Traceback" not in err
    assert not (tmp_path / "g.csv").exists()


def test_a_workspace_with_no_good_backup_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    Classroom.open(folder).close()
    _damage(folder / DB_NAME, "page1")
    with pytest.raises(WorkspaceDamaged, match="there is no good backup") as caught:
        Classroom.open(folder)
    assert caught.value.good_backup is None


def test_damage_found_while_open_is_told_in_a_teachers_words(tmp_path: Path) -> None:
    from classroom_desktop.domain.errors import UserError

    folder = tmp_path / "ws"
    c = Classroom.open(folder)
    try:
        c.students.add_many([NewStudent(f"K{i}", "X" * 200) for i in range(400)])
        c.db.checkpoint()
        c.db.engine.dispose()
        db = folder / DB_NAME
        data = bytearray(db.read_bytes())  # every page but the first (the schema) overwritten
        data[4096:] = random.Random(5).randbytes(len(data) - 4096)
        db.write_bytes(bytes(data))
        with pytest.raises(UserError, match="is damaged") as caught:
            for i in range(50):
                c.students.add(NewStudent(f"After{i}", "Y"))
                c.students.list()
        assert "\n" not in str(caught.value)
    finally:
        c.close()


# ---- a newer workspace ----------------------------------------------------------------------
def test_a_workspace_from_a_newer_version_opens_nothing_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "ws"
    _workspace_with_good_backups(folder, days=2)
    con = sqlite3.connect(folder / DB_NAME)
    con.execute("UPDATE alembic_version SET version_num = '9f9f'")
    con.commit()
    con.close()
    before = _snapshot(folder)
    with pytest.raises(WorkspaceTooNew) as caught:
        Classroom.open(folder)
    message = str(caught.value)
    assert "newer version of Classroom Desktop" in message and "update the app" in message
    assert "\n" not in message and "9f9f" not in message
    code = cli.main(["export", "gradebook", "--workspace", str(folder), "--out", str(tmp_path / "g.csv")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "update the app" in err
    after = _snapshot(folder)
    after.pop("classroom.lock", None)
    before.pop("classroom.lock", None)
    assert after == before  # no backup, no migration, not one byte changed


# ---- private files --------------------------------------------------------------------------
@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_workspace_folder_is_0700_and_its_files_0600(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    _workspace_with_good_backups(folder, days=2)
    c = Classroom.open(folder)
    try:
        c.students.add(NewStudent("Zoë", "Private"))
        c.make_backup()
        files = [p for p in folder.rglob("*")]
        assert (folder / f"{DB_NAME}-wal").exists()
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        for path in files:
            mode = stat.S_IMODE(path.stat().st_mode)
            assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))
        assert any(p.parent.name == "backups" and p.suffix == ".sqlite3" for p in files)
    finally:
        c.close()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_world_readable_workspace_from_an_older_version_is_made_private(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    _workspace_with_good_backups(folder, days=2)
    folder.chmod(0o755)
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    Classroom.open(folder).close()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert all(
        stat.S_IMODE(p.stat().st_mode) == (0o700 if p.is_dir() else 0o600) for p in folder.rglob("*")
    )


# ---- one writer -----------------------------------------------------------------------------
def test_a_second_open_of_an_open_workspace_is_refused_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    first = Classroom.open(folder)
    try:
        with pytest.raises(WorkspaceBusy) as caught:
            Classroom.open(folder)
        assert "already open in another Classroom Desktop window" in str(caught.value)
        assert "\n" not in str(caught.value)
    finally:
        first.close()
    Classroom.open(folder).close()  # free again once the first one closed


def test_a_waiting_open_goes_ahead_once_the_first_closes(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    first = Classroom.open(folder)
    threading.Timer(0.3, first.close).start()
    second = Classroom.open(folder, wait=10)
    try:
        second.students.add(NewStudent("After", "Wait"))
    finally:
        second.close()


def test_a_command_line_write_while_the_window_is_open_waits_then_fails_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ws"
    window = Classroom.open(folder)
    roster = tmp_path / "roster.csv"
    roster.write_text("given_name,family_name\nAna,Silva\n", encoding="utf-8")
    monkeypatch.setattr(cli, "WAIT_SECONDS", 0.5)
    try:
        window.classes.create("4B")
        start = time.monotonic()
        code = cli.main(["import", "roster", str(roster), "--workspace", str(folder)])
        waited = time.monotonic() - start
        err = capsys.readouterr().err
        assert code == 2 and waited >= 0.5
        assert err.count("\n") == 1 and "already open" in err and "Traceback" not in err
        assert window.students.list() == []
    finally:
        window.close()


OPENER = """
import sys
from classroom_desktop.services.classroom import Classroom
from classroom_desktop.services.roster import NewStudent

c = Classroom.open(sys.argv[1], wait=60)
c.students.add(NewStudent("Racer", sys.argv[2]))
c.make_backup()
c.close()
print("ok")
"""


def test_two_programs_opening_one_workspace_at_once_take_turns(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    Classroom.open(folder).close()
    env = {**os.environ, "PYTHONPATH": SRC}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", OPENER, str(folder), str(n)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(2)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    c = Classroom.open(folder)
    try:
        assert sorted(s.family_name for s in c.students.list()) == ["0", "1"]
    finally:
        c.close()
    assert all(backup.quick_check(b.path) for b in backup.list_backups(folder / DB_NAME))


def test_printing_and_exporting_from_the_command_line_still_work_while_the_window_is_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "ws"
    window = Classroom.open(folder)
    try:
        class_id = window.classes.create("4B").created_id
        window.students.add(NewStudent("Ana", "Silva"), class_id)
        backups = backup.list_backups(folder / DB_NAME)
        out = tmp_path / "gradebook.csv"
        assert cli.main(["export", "gradebook", "--workspace", str(folder), "--out", str(out)]) == 0
        assert "Ana" in out.read_text(encoding="utf-8")
        assert backup.list_backups(folder / DB_NAME) == backups  # a reader copies nothing
        window.students.add(NewStudent("Still", "Writable"), class_id)  # the window keeps writing
    finally:
        window.close()


def test_a_workspace_opened_only_to_read_refuses_every_write_in_one_line(tmp_path: Path) -> None:
    from classroom_desktop.domain.errors import UserError

    folder = tmp_path / "ws"
    window = Classroom.open(folder)
    try:
        window.students.add(NewStudent("Ana", "Silva"))
        reader = Classroom.open(folder, read_only=True)
        try:
            assert [s.given_name for s in reader.students.list()] == ["Ana"]
            with pytest.raises(UserError, match="open in another window, so it can only be read") as caught:
                reader.students.add(NewStudent("Nope", "Nope"))
            assert "\n" not in str(caught.value)
        finally:
            reader.close()
        window.students.add(NewStudent("Bo", "Li"))  # the reader never held the writer's lock
    finally:
        window.close()


def test_a_file_another_program_holds_is_busy_not_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from classroom_desktop.domain.errors import UserError

    folder = tmp_path / "ws"
    _workspace_with_good_backups(folder, days=2)
    other = sqlite3.connect(folder / DB_NAME)  # e.g. a database tool holding the file exclusively
    other.execute("PRAGMA locking_mode=EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("CREATE TABLE held (x)")
    monkeypatch.setattr(sqlite_check, "BUSY_MS", 100)
    try:
        with pytest.raises(UserError, match="in use by another program") as caught:
            Classroom.open(folder)
        assert not isinstance(caught.value, WorkspaceDamaged)
    finally:
        other.rollback()
        other.close()
    Classroom.open(folder).close()
