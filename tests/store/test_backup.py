from __future__ import annotations

import errno
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from classroom_desktop.clock import FixedClock
from classroom_desktop.domain.errors import UserError
from classroom_desktop.services.classroom import Classroom
from classroom_desktop.services.roster import NewStudent
from classroom_desktop.store import backup, backup_copy, backup_rotation


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


# ---- the rotation: one a day, spanning time, bounded --------------------------------------
def _open_on(folder: Path, day: date) -> Classroom:
    return Classroom.open(folder, clock=FixedClock(day))


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


def test_a_school_year_of_daily_opens_keeps_a_rotation_that_spans_time(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    first = date(2026, 8, 24)
    made: list[date] = []
    for n in range(200):
        day = first + timedelta(days=n)
        c = _open_on(folder, day)
        if any(b.made_at.date() == day for b in c.backups()):
            made.append(day)
        c.students.add(NewStudent(f"Pupil{n}", "Year"))
        c.close()
    # One copy a day while the class is used (day 1 created the workspace: nothing to copy yet).
    assert made == [first + timedelta(days=n) for n in range(1, 200)]
    kept = Classroom.open(folder, clock=FixedClock(first + timedelta(days=200)))
    try:
        backups = kept.backups()
    finally:
        kept.close()
    days = sorted({b.made_at.date() for b in backups}, reverse=True)
    last = first + timedelta(days=200)
    # the last 7 days, 4 weeks and every month of the year so far are each still represented
    assert days[:7] == [last - timedelta(days=k) for k in range(7)]
    assert len({d.isocalendar()[:2] for d in days}) >= backup_rotation.WEEKLY
    assert {(d.year, d.month) for d in days} == {
        ((first + timedelta(days=k)).year, (first + timedelta(days=k)).month) for k in range(1, 201)
    }
    assert len(backups) <= backup_rotation.DAILY + backup_rotation.WEEKLY + backup_rotation.MONTHLY
    assert all(b.checked for b in backups)
    size = _folder_bytes(folder / "backups")
    newest = backups[0].size
    print(f"\nbackups after a simulated school year: {len(backups)} copies, {size / 1024:.0f} KB "
          f"(newest copy {newest / 1024:.0f} KB)")
    assert size <= (backup_rotation.DAILY + backup_rotation.WEEKLY + backup_rotation.MONTHLY + 1) * newest
    assert not [p for p in (folder / "backups").iterdir() if p.name.startswith(".tmp-")]


def test_many_opens_and_copies_in_one_day_never_push_out_older_days(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    first = date(2026, 11, 2)
    for n in range(5):
        c = _open_on(folder, first + timedelta(days=n))
        c.students.add(NewStudent(f"Kid{n}", "Day"))
        c.close()
    busy = first + timedelta(days=5)
    clock = FixedClock(busy)
    for n in range(30):  # an afternoon of opening, editing and "Back up now"
        c = Classroom.open(folder, clock=clock)
        c.students.add(NewStudent(f"Busy{n}", "Day"))
        c.make_backup()
        c.close()
        clock.advance(seconds=60)
    days = {b.made_at.date() for b in backup.list_backups(folder / "classroom.sqlite3")}
    assert {first + timedelta(days=n) for n in range(1, 6)} <= days
    daily = [b for b in backup.list_backups(folder / "classroom.sqlite3") if b.reason == "daily"]
    assert len({b.made_at.date() for b in daily}) == len(daily), "one daily copy per day, not one per open"


def test_opening_an_unchanged_class_on_a_new_day_makes_no_new_copy(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    c = _open_on(folder, date(2026, 11, 2))
    c.students.add(NewStudent("Ana", "Silva"))
    c.close()
    _open_on(folder, date(2026, 11, 3)).close()
    count = len(backup.list_backups(folder / "classroom.sqlite3"))
    _open_on(folder, date(2026, 11, 4)).close()
    assert len(backup.list_backups(folder / "classroom.sqlite3")) == count == 1


def test_the_newest_good_backup_is_never_removed_and_damaged_copies_are(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    c = Classroom.open(folder)
    c.students.add(NewStudent("Ana", "Silva"))
    good = c.make_backup()
    c.close()
    # An old copy from a version that kept anything (damaged, never checked) sits beside it.
    rotten = folder / "backups" / "classroom-20261119-090000-open.sqlite3"
    rotten.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    removed = backup.prune(folder / "classroom.sqlite3", c.clock.now())
    assert removed == [rotten] and good.exists()
    assert backup_rotation.to_keep(backup.list_backups(folder / "classroom.sqlite3")) == {good}
    # Even when copies are only ever months apart, the newest one stays.
    infos = [
        backup.BackupInfo(Path(f"/b/{k}"), datetime(2020 - k, 1, 1), "daily", 1, True) for k in range(40)
    ]
    assert Path("/b/0") in backup_rotation.to_keep(infos)


def test_two_copies_in_the_same_second_get_their_own_names(tmp_path: Path) -> None:
    c = Classroom.open(tmp_path / "ws")
    try:
        a, b = c.make_backup(), c.make_backup()
    finally:
        c.close()
    assert a != b and a.exists() and b.exists()


def test_a_copy_that_fails_its_check_is_deleted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    c = Classroom.open(tmp_path / "ws")
    try:
        before = c.backups()
        monkeypatch.setattr(backup_copy, "quick_check", lambda path: not path.name.startswith(".tmp-"))
        with pytest.raises(UserError, match="did not pass its check, so it was deleted"):
            c.make_backup()
        assert c.backups() == before
        assert not [p for p in (tmp_path / "ws" / "backups").iterdir() if p.name.startswith(".tmp-")]
    finally:
        c.close()


def test_temp_files_left_by_a_killed_copy_are_removed_on_open(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    Classroom.open(folder).close()
    (folder / "backups").mkdir(exist_ok=True)
    stale = [folder / "backups" / ".tmp-classroom-20261120-090000-open.sqlite3", folder / ".tmp-abc.sqlite3"]
    for path in stale:
        path.write_bytes(b"x" * 1000)
    Classroom.open(folder).close()
    assert not any(p.exists() for p in stale)


def test_a_full_disk_while_copying_says_so_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = Classroom.open(tmp_path / "ws")
    try:
        before = c.backups()

        def full(*_a: object) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(backup_copy.os, "replace", full)
        with pytest.raises(UserError, match="because the disk is full"):
            c.make_backup()
        monkeypatch.undo()
        assert c.backups() == before
        assert not [p for p in (tmp_path / "ws" / "backups").iterdir() if p.name.startswith(".tmp-")]
    finally:
        c.close()


def test_settings_list_says_each_copy_was_checked(tmp_path: Path) -> None:
    c = Classroom.open(tmp_path / "ws")
    try:
        c.make_backup()
        (info,) = c.backups()
        assert info.checked is True and info.size > 0 and info.reason == "manual"
    finally:
        c.close()


def test_a_class_left_open_overnight_still_gets_its_daily_copy(tmp_path: Path) -> None:
    clock = FixedClock(date(2026, 11, 2))
    c = Classroom.open(tmp_path / "ws", clock=clock)
    try:
        c.students.add(NewStudent("Ana", "Silva"))
        assert c.backup_if_due() is not None  # nothing yet today: the first copy
        assert c.backup_if_due() is None  # one a day
        clock.advance(days=1)
        assert c.backup_if_due() is None  # unchanged since: nothing new to keep
        c.students.add(NewStudent("Bo", "Li"))
        made = c.backup_if_due()
        assert made is not None and "20261103" in made.name
    finally:
        c.close()


# ---- restoring says what happens to the changes made since --------------------------------
def _changes_of(c: Classroom, entity_id: str) -> int:
    with c.db.reading() as tx:
        return int(tx.raw("SELECT count(*) FROM change WHERE entity_id = ?", (entity_id,))[0][0])


def _pretend_synced(c: Classroom) -> None:
    """As if the class syncs and every change made so far was published (no share needed)."""
    from classroom_desktop.services.syncing import CONFIG_KEY, STATE_KEY

    with c.db.reading() as tx:
        upto = int(tx.raw("SELECT max(seq) FROM change WHERE origin = 'local'")[0][0])
    c.set_setting(CONFIG_KEY, {"folder": "/share"})
    c.set_setting(STATE_KEY, {"published_changes": upto, "next_bundle": 2, "applied": {}})
    c.sync.is_set_up = lambda: True  # type: ignore[method-assign]  # the key lives in sync.key, not here


def test_the_restore_question_says_synced_changes_come_back_and_counts_the_unsynced_ones(
    tmp_path: Path,
) -> None:
    c = Classroom.open(tmp_path / "ws", clock=FixedClock(datetime(2026, 11, 20, 9, 0)))
    try:
        c.students.add(NewStudent("Amani", "Wanjiru"))
        info = backup.BackupInfo(c.make_backup(), datetime(2026, 11, 20, 9, 0), "manual", 0)
        c.students.add(NewStudent("Baraka", "Mwangi"))  # synced below: comes back at the next sync
        _pretend_synced(c)
        late = c.students.add(NewStudent("Chidi", "Okafor")).created_id  # never synced: lost
        assert late is not None
        lost = _changes_of(c, late)
        assert lost > 1
        question = c.restore_question(info)
        assert question.startswith("Put back the backup made Friday 20 November 2026 at 09:00?")
        assert (
            "Changes made after Friday 20 November 2026 at 09:00 that were already synced to other laptops "
            "will come back at the next sync; "
            f"the {lost} changes made on this laptop since then that were never synced will be lost."
        ) in question
        assert "What is there now is backed up first" in question
    finally:
        c.close()


def test_the_restore_question_of_a_class_that_does_not_sync_says_everything_since_is_lost(
    tmp_path: Path,
) -> None:
    c = Classroom.open(tmp_path / "ws", clock=FixedClock(datetime(2026, 11, 20, 9, 0)))
    try:
        info = backup.BackupInfo(c.make_backup(), datetime(2026, 11, 20, 9, 0), "manual", 0)
        assert "Nothing was changed on this laptop after Friday 20 November 2026 at 09:00" in (
            c.restore_question(info)
        )
        made = c.students.add(NewStudent("Zoë", "Ng")).created_id
        assert made is not None
        assert (
            "This class does not sync with other laptops, so everything entered on this laptop after "
            f"Friday 20 November 2026 at 09:00 will be lost ({_changes_of(c, made)} changes)."
        ) in c.restore_question(info)
    finally:
        c.close()


def test_a_backup_of_another_workspace_is_not_counted_but_still_explained(tmp_path: Path) -> None:
    other = Classroom.open(tmp_path / "other")
    other.students.add(NewStudent("Åse", "Løvik"))
    copy = other.make_backup()
    other.close()
    c = Classroom.open(tmp_path / "ws")
    try:
        c.students.add(NewStudent("Amani", "Wanjiru"))
        _pretend_synced(c)
        assert c.never_synced_since(copy) is None
        question = c.restore_question(backup.BackupInfo(copy, datetime(2026, 11, 19, 16, 30), "chosen", 0))
        assert (
            "Changes made after Thursday 19 November 2026 at 16:30 that were already synced to other laptops "
            "will come back at the next sync; changes that were never synced will be lost."
        ) in question
    finally:
        c.close()


# ---- a backup chosen on disk (copied from a USB stick) ------------------------------------
def _damage(path: Path) -> None:
    import random

    data = bytearray(path.read_bytes())
    rng = random.Random(7)
    data[len(data) // 2 : len(data) // 2 + 8192] = bytes(rng.randrange(256) for _ in range(8192))
    path.write_bytes(bytes(data))


def test_a_backup_file_from_a_usb_stick_is_checked_and_dated_by_its_newest_change(tmp_path: Path) -> None:
    import shutil

    c = Classroom.open(tmp_path / "ws", clock=FixedClock(datetime(2026, 11, 18, 14, 5)))
    c.students.add(NewStudent("Amani", "Wanjiru"))
    made = c.make_backup()
    c.close()
    usb = tmp_path / "usb"
    usb.mkdir()
    copied = Path(shutil.copy(made, usb / "4B maths.sqlite3"))
    info = Classroom.inspect_backup_file(copied)
    assert info.path == copied and info.checked is True and info.reason == "chosen"
    assert backup.describe_time(info.made_at) == "Wednesday 18 November 2026 at 14:05"
    kept = Path(shutil.copy(made, usb / made.name))  # still named as a backup: dated by its name
    assert Classroom.inspect_backup_file(kept).made_at == datetime(2026, 11, 18, 14, 5)


@pytest.mark.parametrize(
    ("what", "said"),
    [
        ("text", "is not a Classroom Desktop backup, so nothing was changed."),
        ("other-sqlite", "is not a Classroom Desktop backup, so nothing was changed."),
        ("damaged", "is damaged, so it cannot be restored; nothing was changed."),
        ("newer", "was saved by a newer version of Classroom Desktop; update the app"),
        ("missing", "There is no file"),
    ],
)
def test_a_chosen_file_that_is_not_a_good_class_backup_is_refused_in_one_line(
    tmp_path: Path, what: str, said: str
) -> None:
    import shutil
    import sqlite3

    c = Classroom.open(tmp_path / "ws")
    c.students.add(NewStudent("Åse", "Løvik"))
    made = c.make_backup()
    c.close()
    chosen = tmp_path / "usb" / "class.sqlite3"
    chosen.parent.mkdir()
    if what == "text":
        chosen.write_text("student,level\nÅse,3\n", encoding="utf-8")
    elif what == "other-sqlite":
        con = sqlite3.connect(chosen)
        con.execute("CREATE TABLE photos (name TEXT)")
        con.commit()
        con.close()
    elif what in ("damaged", "newer"):
        shutil.copy(made, chosen)
        if what == "damaged":
            _damage(chosen)
        else:
            con = sqlite3.connect(chosen)
            con.execute("UPDATE alembic_version SET version_num = 'ffff'")
            con.commit()
            con.close()
    db = tmp_path / "ws" / "classroom.sqlite3"
    before = db.read_bytes()
    with pytest.raises(UserError) as caught:
        Classroom.inspect_backup_file(chosen)
    assert said in caught.value.message and "\n" not in caught.value.message
    with pytest.raises(UserError) as again:  # and restoring it anyway changes nothing
        Classroom.restore_into(tmp_path / "ws", chosen)
    assert again.value.message == caught.value.message
    assert db.read_bytes() == before
    assert [b.reason for b in backup.list_backups(db)] == ["manual"]


def test_a_copy_written_by_a_program_killed_before_noting_its_check_is_checked_at_the_next_open(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "ws"
    c = Classroom.open(folder, clock=FixedClock(datetime(2026, 11, 20, 9, 0)))
    c.students.add(NewStudent("Amani", "Wanjiru"))
    made = c.make_backup()
    c.close()
    unnoted = made.with_name(made.name.replace("-manual", "-daily"))
    shutil.copy(made, unnoted)  # renamed into place, then the program was killed
    torn = made.with_name(made.name.replace("-manual", "-open"))
    torn.write_bytes(made.read_bytes()[: len(made.read_bytes()) // 2])  # a copy cut short
    before = {b.path.name: b.checked for b in backup.list_backups(folder / "classroom.sqlite3")}
    assert before[unnoted.name] is None

    Classroom.open(folder, clock=FixedClock(datetime(2026, 11, 20, 10, 0))).close()  # same day: no new copy
    found = {b.path.name: b.checked for b in backup.list_backups(folder / "classroom.sqlite3")}
    assert found[unnoted.name] is True and torn.name not in found and not torn.exists()
