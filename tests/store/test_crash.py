"""Crash safety: a laptop killed while writing evidence keeps every write it reported saved and a
sound file; a full disk keeps every earlier write and says so in the teacher's words."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event, text

from classroom_desktop.clock import FixedClock
from classroom_desktop.domain.errors import UserError
from classroom_desktop.services.classroom import Classroom
from classroom_desktop.services.roster import NewStudent
from classroom_desktop.store import backup, backup_copy
from classroom_desktop.store.engine import DB_NAME, integrity_check

SRC = str(Path(__file__).resolve().parents[2] / "src")
TRIES = 60


def _class(folder: Path) -> tuple[str, str, str]:
    """A workspace with one class, one student and one standard; returns their ids."""
    c = Classroom.open(folder)
    try:
        fw = c.curriculum.add_framework("Crash framework").created_id
        assert fw
        std = c.curriculum.add_standard(fw, "C.1", "I can survive a crash.").created_id
        cid = c.classes.create("Crash class", framework_id=fw).created_id
        assert std and cid
        sid = c.students.add(NewStudent("Kill", "Test"), cid).created_id
        assert sid
        return cid, sid, std
    finally:
        c.close()


# The program under test: imported once, then each try is a forked child that opens the workspace
# (check, backup, lock) and records evidence, reporting each id only after its write committed.
# The parent kills the child with SIGKILL at a random moment — sometimes while it is still opening
# or making a backup — and prints the ids the child reported.
ZYGOTE = """
import os, random, signal, sys, time
from classroom_desktop.services.classroom import Classroom

folder, cid, sid, std, tries, seed = sys.argv[1:7]
rng = random.Random(int(seed))
for attempt in range(int(tries)):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        out = os.fdopen(w, "w", buffering=1)
        c = Classroom.open(folder, create=False, wait=30)
        out.write("open\\n")
        for i in range(1_000_000):
            note = f"try {attempt} #{i}"
            eid = c.evidence.record(sid, std, 1 + i % 4, kind="quiz", note=note, class_id=cid)
            out.write(f"{eid.created_id}\\n")  # reported only once committed
            if i % 25 == 24:
                c.make_backup()
    os.close(w)
    inp = os.fdopen(r)
    if rng.random() < 0.8:
        inp.readline()  # wait until it is writing
    time.sleep(rng.uniform(0.0, 0.15))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    ids = [line.strip() for line in inp.read().splitlines() if line.strip() and line.strip() != "open"]
    inp.close()
    print("\\n".join(ids), flush=True)
print("done", flush=True)
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="SIGKILL and fork are POSIX")
def test_sigkill_while_writing_evidence_keeps_every_reported_write(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    cid, sid, std = _class(folder)
    env = {**os.environ, "PYTHONPATH": SRC}
    done = subprocess.run(
        [sys.executable, "-c", ZYGOTE, str(folder), cid, sid, std, str(TRIES), "20261202"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.split()
    assert lines[-1] == "done"
    reported = set(lines[:-1])
    assert len(reported) > TRIES  # the children really were writing when killed
    assert integrity_check(folder / DB_NAME) == "ok"
    c = Classroom.open(folder, create=False)
    try:
        kept = {e.id for e in c.evidence.history(sid, std)}
    finally:
        c.close()
    assert reported <= kept
    assert not [p for p in folder.rglob(".tmp-*")]  # the last open removed what kills left behind
    assert all(b.checked and backup.quick_check(b.path) for b in backup.list_backups(folder / DB_NAME))
    print(f"\n{TRIES} kills, {len(reported)} reported writes, all kept")


def test_a_full_disk_keeps_every_earlier_write_and_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    cid, sid, std = _class(folder)
    c = Classroom.open(folder, create=False)
    saved = [c.evidence.record(sid, std, 3, class_id=cid).created_id for _ in range(5)]
    with c.db.engine.connect() as conn:
        pages = int(conn.execute(text("PRAGMA page_count")).scalar_one())

    def small_disk(dbapi_connection: object, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count={pages + 4}")  # type: ignore[attr-defined]

    event.listen(c.db.engine, "connect", small_disk)
    c.db.engine.dispose()  # new connections: the disk now fills after a few more pages
    try:
        with pytest.raises(UserError) as caught:
            for i in range(5000):
                note = "x" * 2000 + str(i)
                saved.append(c.evidence.record(sid, std, 2, note=note, class_id=cid).created_id)
        message = str(caught.value)
        assert "the disk is full" in message and "not saved" in message and "\n" not in message
        assert "sqlite" not in message.lower()
    finally:
        c.close()
    assert len(saved) > 5
    c = Classroom.open(folder, create=False)
    try:
        assert set(saved) <= {e.id for e in c.evidence.history(sid, std)}
    finally:
        c.close()
    assert integrity_check(folder / DB_NAME) == "ok"


def test_opening_on_a_full_disk_still_opens_the_class(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ws"
    _class(folder)

    def full(*_a: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup_copy.os, "replace", full)  # the day's copy cannot be written
    c = Classroom.open(folder, clock=FixedClock(date(2027, 1, 4)))  # a new day: its copy is due
    try:
        assert [s.given_name for s in c.students.list()] == ["Kill"]
    finally:
        c.close()
    assert not [p for p in (folder / "backups").iterdir() if p.name.startswith(".tmp-")]
