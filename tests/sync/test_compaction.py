"""Issue 12: the change log is trimmed once every known laptop has applied it, and says how much it keeps.

Many rounds of edits and syncs on three laptops: the change log (and the database file) stops
growing while every laptop's rows stay equal; a laptop that stays away holds the trimming back
until it is back (and then catches up), and a new laptop that joins after the share was tidied
catches up from a snapshot.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from classroom_desktop.services.roster import NewStudent
from classroom_desktop.services.sync_cli import sync_from_command_line
from classroom_desktop.store import change_log

from .conftest import PASSPHRASE, entity_rows

Laptop = tuple[Any, Any]


def _log_rows(classroom: Any) -> int:
    return change_log.log_size(classroom.db).changes


def _pages(classroom: Any) -> int:
    con = sqlite3.connect(classroom.db_path)
    try:
        return int(con.execute("PRAGMA page_count").fetchone()[0])
    finally:
        con.close()


def _edit(rng: random.Random, classroom: Any, students: list[str], round_no: int) -> None:
    """Three profile edits and a name edit; each laptop edits its own students (no conflicts)."""
    mine = [s for i, s in enumerate(students) if i % 3 == "abcd".index(classroom.folder.name) % 3]
    for sid in rng.sample(mine, 2) + [rng.choice(mine)]:
        classroom.students.edit_profile(sid, strengths=f"round {round_no}: {rng.randint(0, 10**6)}")
    classroom.students.edit(rng.choice(mine), preferred_name=f"P{rng.randint(0, 99)}")


def _setup(laptops: Callable[..., Laptop], share: Path, names: str) -> tuple[list[Laptop], list[str]]:
    a, sa = laptops(names[0], snapshot_every=3)
    class_id = a.classes.create("Year 4 Maple").created_id
    students = [a.students.add(NewStudent(f"S{i}", "Ng"), class_id).created_id for i in range(9)]
    for sid in students:
        a.students.edit_profile(sid, strengths="start")
    sa.setup(share, PASSPHRASE, create=True)
    out = [(a, sa)]
    for name in names[1:]:
        c, s = laptops(name, snapshot_every=3)
        s.setup(share, PASSPHRASE, create=False)
        out.append((c, s))
    return out, students


def test_the_change_log_stays_bounded_under_many_edit_and_sync_rounds(
    laptops: Callable[..., Laptop], share: Path
) -> None:
    team, students = _setup(laptops, share, "abc")
    rng = random.Random(12)
    sizes: list[list[int]] = []
    pages: list[list[int]] = []
    for round_no in range(40):
        for classroom, _ in team:
            _edit(rng, classroom, students, round_no)
        for _, service in team + team:
            service.sync_now()
        sizes.append([_log_rows(c) for c, _ in team])
        pages.append([_pages(c) for c, _ in team])
        assert entity_rows(team[0][0]) == entity_rows(team[1][0]) == entity_rows(team[2][0])
    edits_made = 40 * 3 * 4
    # bounded: what is kept after 40 rounds is no more than after 10, far less than was ever logged
    assert max(sizes[-1]) <= max(sizes[9]) + 20, sizes
    assert max(sizes[-1]) < min(sizes[9]) + edits_made // 4
    # the file reuses the pages trimming freed (what still grows is the sync state's list of bundle
    # hashes, 65 bytes a bundle)
    assert max(pages[-1]) <= max(pages[9]) + 8, pages
    for classroom, _ in team:
        size = change_log.log_size(classroom.db)
        assert size.changes <= size.fields + 4 * 3 * 3  # about one entry per field, plus the last rounds'
    # the program says how much it keeps
    classroom, service = team[0]
    text = service.housekeeping()
    assert f"keeps {_log_rows(classroom)} entries" in text
    assert "sync.key" in text and "never in the class file" in text


def test_a_laptop_away_holds_trimming_back_then_catches_up_and_a_new_laptop_joins_from_a_snapshot(
    laptops: Callable[..., Laptop], share: Path
) -> None:
    team, students = _setup(laptops, share, "abc")
    (a, sa), (b, sb), (c, sc) = team
    rng = random.Random(7)
    for round_no in range(6):
        for classroom, _ in team:
            _edit(rng, classroom, students, round_no)
        for service in (sa, sb, sc, sa, sb, sc):
            service.sync_now()
    trimmed_size = _log_rows(a)
    # c is away for 12 rounds: a and b may not trim what c has not applied
    for round_no in range(6, 18):
        for classroom in (a, b):
            _edit(rng, classroom, students, round_no)
        for service in (sa, sb, sa, sb):
            service.sync_now()
    held = _log_rows(a)
    assert held > trimmed_size + 12 * 2 * 3  # the rounds c has not seen are all kept
    _edit(rng, c, students, 99)  # c edited while away
    for service in (sc, sa, sb, sc, sa, sb, sc):
        assert service.sync_now().status == "ok"
    assert entity_rows(a) == entity_rows(b) == entity_rows(c)
    assert _log_rows(a) < held  # back: what everybody has is trimmed again
    # by now the share was tidied (snapshots every 3 bundles); a new laptop joins from a snapshot
    first_bundles = {p.name for p in (share / "classroom-sync" / "devices").glob(f"{a.device_id}/ops/*")}
    assert not any(name.startswith("000001-") for name in first_bundles)
    d, sd = laptops("d")
    sd.setup(share, PASSPHRASE, create=False)
    for service in (sd, sa, sb, sc, sd):
        service.sync_now()
    assert entity_rows(d) == entity_rows(a) == entity_rows(b) == entity_rows(c)


def test_sync_status_on_the_command_line_says_how_much_of_the_log_is_kept(
    laptops: Callable[..., Laptop], share: Path, monkeypatch: Any
) -> None:
    team, students = _setup(laptops, share, "ab")
    for _, service in team + team:
        service.sync_now()
    (a, _), _ = team
    folder = a.folder
    kept = _log_rows(a)
    for classroom, _ in team:
        classroom.close()
    out = sync_from_command_line(folder, share, show_status=True)
    assert f"The change log keeps {kept} entries" in out
    assert "Sent" in out  # what the last sync said


def test_a_log_that_grew_for_months_is_trimmed_and_the_file_gives_the_space_back(
    laptops: Callable[..., Laptop],
) -> None:
    a, _ = laptops("a")
    sid = a.students.add(NewStudent("Zoë", "Nguyễn")).created_id
    for n in range(1500):  # a profile retyped again and again, logged before trimming existed
        a.students.edit_profile(sid, notes=f"note {n} " + "x" * 400)
    with a.db.writing() as tx:
        tx.raw("UPDATE change SET bundle = 'before-0004'")
    before = _pages(a)
    assert change_log.trim(a.db, set()) >= 1499
    assert change_log.shrink_if_mostly_free(a.db, least_bytes=100_000)
    after = _pages(a)
    assert after < before / 3, (before, after)
    assert a.students.profile(sid).notes.startswith("note 1499 ")
    assert not change_log.shrink_if_mostly_free(a.db, least_bytes=100_000)  # nothing left to give back
