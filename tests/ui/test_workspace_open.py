"""The window opening a workspace: a damaged one is offered its newest good backup; a workspace
held by a program that does not answer (a command, not a window) is refused with a clear message.
(A second start on a workspace open in a window brings that window forward: see ``test_app``.)"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from classroom_desktop.clock import FixedClock
from classroom_desktop.services.classroom import Classroom
from classroom_desktop.services.roster import NewStudent
from classroom_desktop.ui import first_run
from classroom_desktop.ui.app import Starter


@pytest.fixture
def starter(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    from classroom_desktop.ui.main_window import MainWindow

    def no_first_run(_dialog: Any) -> int:
        raise AssertionError("the first-run screen must not be shown")

    monkeypatch.setattr(first_run.FirstRunDialog, "exec", no_first_run)
    window = MainWindow()
    qtbot.addWidget(window)

    def make(folder: Path) -> Starter:
        s = Starter(window, folder, demo=False)
        made.append(s)
        return s

    made: list[Starter] = []
    yield make
    for s in made:
        s.close()


def _damaged_workspace(folder: Path) -> None:
    first = date(2026, 11, 2)
    for n in range(3):
        c = Classroom.open(folder, clock=FixedClock(first + timedelta(days=n)))
        c.students.add(NewStudent(f"Kid{n}", "Nguyễn"))
        c.close()
    db = folder / "classroom.sqlite3"
    data = bytearray(db.read_bytes())
    rng = random.Random(3)
    data[len(data) // 2 : len(data) // 2 + 8192] = bytes(rng.randrange(256) for _ in range(8192))
    db.write_bytes(bytes(data))


def test_a_damaged_workspace_offers_the_newest_good_backup_and_opens_it(
    tmp_path: Path, starter: Any, messages: Any
) -> None:
    folder = tmp_path / "ws"
    _damaged_workspace(folder)
    s = starter(folder)
    s.start()
    (question,) = messages.texts("question")
    assert "Put back the newest good backup, from Wednesday 4 November 2026 at 09:00?" in question
    assert (
        "Changes made after Wednesday 4 November 2026 at 09:00 that were already synced to other laptops "
        "will come back at the next sync; changes that were never synced will be lost."
    ) in question
    assert s.window.ctx is not None
    names = sorted(x.given_name for x in s.window.ctx.classroom.students.list())
    assert names == ["Kid0", "Kid1"]


def test_declining_the_restore_changes_nothing(tmp_path: Path, starter: Any, messages: Any) -> None:
    folder = tmp_path / "ws"
    _damaged_workspace(folder)
    damaged = (folder / "classroom.sqlite3").read_bytes()
    messages.answer = QMessageBox.StandardButton.No
    s = starter(folder)
    s.start()
    assert s.window.ctx is None
    assert (folder / "classroom.sqlite3").read_bytes() == damaged


def test_a_workspace_held_by_a_program_that_does_not_answer_is_refused_with_a_clear_message(
    tmp_path: Path, starter: Any, messages: Any
) -> None:
    folder = tmp_path / "ws"
    first = Classroom.open(folder)
    try:
        s = starter(folder)
        s.start()
        (warning,) = messages.texts("warning")
        assert "already open in another Classroom Desktop window" in warning
        assert s.window.ctx is None
    finally:
        first.close()


def test_a_workspace_from_a_newer_version_is_left_alone_with_one_line(
    tmp_path: Path, starter: Any, messages: Any
) -> None:
    import sqlite3

    folder = tmp_path / "ws"
    Classroom.open(folder).close()
    con = sqlite3.connect(folder / "classroom.sqlite3")
    con.execute("UPDATE alembic_version SET version_num = 'ffff'")
    con.commit()
    con.close()
    s = starter(folder)
    s.start()
    (warning,) = messages.texts("warning")
    assert "newer version of Classroom Desktop" in warning and "update the app" in warning
    assert s.window.ctx is None and not (folder / "backups").exists()
