"""Sync rounds end to end: set up, join, conflicts, a vanishing share, skew, formats, the command line."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from classroom_desktop import cli
from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import set_program_language
from classroom_desktop.services.classroom import Classroom
from classroom_desktop.services.roster import NewStudent
from classroom_desktop.sync import repo as repo_module
from classroom_desktop.sync.crypto import WrongPassphrase

PASS = "Maple room 12"
NAMES = [("Zoë", "Nguyễn"), ("محمد", "Haddad"), ("王", "小明"), ("Ana", "Silva")]
Laptop = tuple[Any, Any]
Rows = Callable[[Any], dict[str, list[tuple[Any, ...]]]]


def _class(classroom: Any) -> tuple[str, list[str]]:
    class_id = classroom.classes.create("Year 4 Maple").created_id
    ids = [classroom.students.add(NewStudent(g, f), class_id).created_id for g, f in NAMES]
    fw = classroom.curriculum.add_framework("Grade 4 Mathematics").created_id
    std = classroom.curriculum.add_standard(fw, "4.NF.1", "I can compare fractions").created_id
    classroom.classes.edit(class_id, framework_id=fw)
    for sid in ids:
        classroom.evidence.record(sid, std, 3, class_id=class_id, note="exit ticket")
        classroom.students.edit_profile(sid, strengths="Loves puzzles", needs="Seat near the front")
    return class_id, ids


def test_join_brings_the_class_and_both_converge(
    laptops: Callable[..., Laptop], share: Path, rows_of: Rows
) -> None:
    a, sa = laptops("a")
    class_id, ids = _class(a)
    first = sa.setup(share, PASS, create=True)
    assert first.status == "ok" and first.sent > 0
    b, sb = laptops("b")
    joined = sb.setup(share, PASS, create=False)
    assert joined.received == first.sent and joined.devices_seen == 2
    assert sorted(s.display_name for s in b.students.list(class_id)) == sorted(
        s.display_name for s in a.students.list(class_id)
    )
    b.students.edit(ids[0], preferred_name="Zee")
    sb.sync_now()
    sa.sync_now()
    assert a.students.get(ids[0]).display_name.startswith("Zee")
    assert rows_of(a) == rows_of(b)
    status = sa.status()
    assert (
        status.configured and status.waiting == 0 and status.devices_seen == 2 and status.last_status == "ok"
    )
    a.students.edit(ids[1], preferred_name="Mo")
    assert sa.status().waiting == 1


def test_same_field_on_two_laptops_is_listed_and_the_other_can_be_taken(
    laptops: Callable[..., Laptop], share: Path, rows_of: Rows
) -> None:
    a, sa = laptops("a")
    _, ids = _class(a)
    sa.setup(share, PASS, create=True)
    b, sb = laptops("b")
    sb.setup(share, PASS, create=False)
    a.students.edit_profile(ids[0], strengths="Fractions")
    b.students.edit_profile(ids[0], strengths="Drawing")
    sa.sync_now()
    assert sb.sync_now().conflicts == 1
    sa.sync_now()
    kept = a.students.profile(ids[0]).strengths
    assert kept == b.students.profile(ids[0]).strengths == "Drawing"  # b wrote last
    (on_a,) = sa.conflicts()
    (on_b,) = sb.conflicts()
    assert (on_a.kept, on_a.other) == (on_b.kept, on_b.other) == ("Drawing", "Fractions")
    assert on_a.what == "Zoë Nguyễn — learner profile: Strengths"
    set_program_language("es")
    try:  # the teacher reads the conflict in the program's language
        (in_spanish,) = sa.conflicts()
        assert in_spanish.what == "Zoë Nguyễn — perfil de aprendizaje: Fortalezas"
    finally:
        set_program_language(None)
    sa.take_other(on_a.id)
    assert sa.conflicts() == [] and a.students.profile(ids[0]).strengths == "Fractions"
    sa.sync_now()
    sb.sync_now()
    assert b.students.profile(ids[0]).strengths == "Fractions"
    assert rows_of(a) == rows_of(b)
    with pytest.raises(UserError, match="already settled"):
        sa.take_other(on_a.id)


def test_wrong_passphrase_is_refused_plainly(laptops: Callable[..., Laptop], share: Path) -> None:
    a, sa = laptops("a")
    sa.setup(share, PASS, create=True)
    b, sb = laptops("b")
    with pytest.raises(WrongPassphrase, match="That passphrase does not open this class's sync folder"):
        sb.setup(share, "maple room 12", create=False)
    assert not sb.is_set_up()


def test_a_tampered_bundle_is_refused_and_named(laptops: Callable[..., Laptop], share: Path) -> None:
    a, sa = laptops("a")
    _class(a)
    sa.setup(share, PASS, create=True)
    (bundle,) = share.rglob("*.bundle")
    data = bytearray(bundle.read_bytes())
    data[-40] ^= 0x01
    bundle.write_bytes(bytes(data))
    b, sb = laptops("b")
    report = sb.setup(share, PASS, create=False)
    assert report.status == "incomplete" and report.skipped_files == [bundle.name]
    assert "could not be read" in report.message
    assert b.students.list() == [] and b.classes.list() == []


def test_no_student_name_anywhere_on_the_share(laptops: Callable[..., Laptop], share: Path) -> None:
    a, sa = laptops("a", snapshot_every=1)
    _class(a)
    sa.setup(share, PASS, create=True)
    sa.sync_now()
    b, sb = laptops("b")
    sb.setup(share, PASS, create=False)
    files = [p for p in share.rglob("*") if p.is_file()]
    assert any(p.suffix == ".snapshot" for p in files) and any(p.suffix == ".bundle" for p in files)
    # Ciphertext is random bytes: a needle of 2 or 3 bytes ("王" in UTF-16 is b"\x8bs") turns up by
    # chance in a few kilobytes about once in twenty runs. Needles of 4 bytes or more cannot (about
    # 3,000 / 2**32 per file), so each name is also looked for whole ("王 小明", "王小明").
    words = {w for g, f in NAMES for w in (g, f, f"{g} {f}", f"{g}{f}")} | {"Loves puzzles", "exit ticket"}
    needles = {
        word.encode(encoding)
        for word in words
        for encoding in ("utf-8", "utf-16-le", "unicode_escape")
    }
    needles = {n for n in needles if len(n) >= 4}
    assert "王小明".encode("utf-16-le") in needles and "小明".encode() in needles
    for path in files:
        blob = path.read_bytes() + str(path.relative_to(share)).encode()
        for needle in needles:
            assert needle not in blob, (needle, path.name)


def test_share_vanishing_mid_sync_is_incomplete_and_loses_nothing(
    laptops: Callable[..., Laptop], share: Path, monkeypatch: pytest.MonkeyPatch, rows_of: Rows
) -> None:
    a, sa = laptops("a")
    _class(a)
    sa.setup(share, PASS, create=True)
    b, sb = laptops("b")
    sb.setup(share, PASS, create=False)
    b.students.add(NewStudent("Kofi", "Mensah"))
    real_write_once = repo_module.write_once

    def vanish(path: Path, data: bytes, *, share: Path | None = None) -> None:
        shutil.rmtree(share_folder)
        return real_write_once(path, data, share=share)

    share_folder = share
    monkeypatch.setattr(repo_module, "write_once", vanish)
    report = sb.sync_now()
    assert report.status == "incomplete" and report.message.startswith("Sync incomplete.")
    assert "not reachable" in report.message
    assert sb.status().waiting > 0
    assert [s.display_name for s in b.students.list(search="Kofi")] == ["Kofi Mensah"]
    monkeypatch.setattr(repo_module, "write_once", real_write_once)  # (keeps the pinned day)
    share.mkdir()
    fresh, sf = laptops("c")
    sf.setup(share, PASS, create=True)  # a new folder: everyone starts again from their own data
    sb.setup(share, PASS, create=False)
    sa.setup(share, PASS, create=False)
    sb.sync_now()
    sf.sync_now()
    assert [s.display_name for s in a.students.list(search="Kofi")] == ["Kofi Mensah"]
    assert rows_of(a) == rows_of(b) == rows_of(fresh)


def test_clock_skew_is_reported_and_a_clock_far_ahead_cannot_win_for_ever(
    laptops: Callable[..., Laptop], share: Path, rows_of: Rows
) -> None:
    from classroom_desktop.clock import default_clock

    real = default_clock().now_ms  # the day every test runs on, as laptop c's clock
    year = 365 * 24 * 3600 * 1000
    ahead = [year]
    a, sa = laptops("a", now_ms=lambda: real() + ahead[0])
    b, sb = laptops("b", now_ms=lambda: real() - 10 * year)
    c, sc = laptops("c")
    a.hlc._now_ms = lambda: real() + ahead[0]  # the laptop's own clock is wrong too
    b.hlc._now_ms = lambda: real() - 10 * year
    _, ids = _class(a)
    sa.setup(share, PASS, create=True)
    sb.setup(share, PASS, create=False)
    report_c = sc.setup(share, PASS, create=False)
    # a's stamps are a year ahead: refused (they would win every comparison for a year), and said so
    assert report_c.refused_changes > 0 and c.students.list() == [] and report_c.status == "incomplete"
    assert any("far in the future were refused" in w for w in report_c.skew_warnings)
    kofi = c.students.add(NewStudent("Kofi", "Mensah")).created_id
    sc.sync_now()
    report_b = sb.sync_now()  # b's clock is ten years behind: c's stamps are fine by the others' time
    assert [s.display_name for s in b.students.list()] == ["Kofi Mensah"]
    assert any("ahead of this one" in w for w in report_b.skew_warnings)
    report_a = sa.sync_now()
    assert any("behind this one" in w for w in report_a.skew_warnings), report_a
    ahead[0] = 0  # a's date is set right: its changes are stamped again and reach everyone
    report_a = sa.sync_now()
    assert report_a.clock_reissued > 0 and "sent again with the right time" in report_a.message
    for _ in range(2):
        for service in (sb, sc, sa):
            service.sync_now()
    assert a.hlc.last is not None and a.hlc.last.wall_ms < real() + year // 2
    b.students.edit_profile(ids[0], needs="after a's")  # b's clock is years behind, but it saw a's edit
    c.students.edit(kofi, preferred_name="Kof")
    for _ in range(2):
        for service in (sb, sc, sa):
            rep = service.sync_now()
            assert rep.status == "ok", rep.message
    for classroom in (a, b, c):
        assert classroom.students.profile(ids[0]).needs == "after a's"
        assert classroom.students.get(kofi).preferred_name == "Kof"
    assert rows_of(a) == rows_of(b) == rows_of(c)
    assert sa.conflicts() == [] and sb.conflicts() == []


def test_newer_sync_folder_opens_read_only(laptops: Callable[..., Laptop], share: Path) -> None:
    a, sa = laptops("a")
    sa.setup(share, PASS, create=True)
    _class(a)
    info_path = share / "classroom-sync" / "repo.json"
    info = json.loads(info_path.read_text())
    info["format"] = 99
    info_path.write_text(json.dumps(info))
    before = sorted(p.name for p in share.rglob("*"))
    report = sa.sync_now()
    assert report.status == "update_app" and "Update the app" in report.message
    assert sorted(p.name for p in share.rglob("*")) == before
    assert sa.status().waiting > 0


def test_a_new_laptop_starts_from_a_snapshot_after_compaction(
    laptops: Callable[..., Laptop], share: Path, rows_of: Rows
) -> None:
    a, sa = laptops("a", batch=20, snapshot_every=2)
    _class(a)
    sa.setup(share, PASS, create=True)
    b, sb = laptops("b", batch=20, snapshot_every=2)
    sb.setup(share, PASS, create=False)
    a.students.add(NewStudent("Kofi", "Mensah"))
    sa.sync_now()
    sb.sync_now()
    sa.sync_now()  # every laptop has applied everything: a's old bundles can go
    a_device = share / "classroom-sync" / "devices" / a.device_id
    assert list((a_device / "snap").glob("*.snapshot"))
    left = sorted(int(p.name[:12]) for p in (a_device / "ops").glob("*.bundle"))
    assert len(left) < 5
    c, sc = laptops("c")
    report = sc.setup(share, PASS, create=False)
    assert report.status == "ok"
    assert rows_of(c)["student"] == rows_of(a)["student"]
    sa.sync_now()
    sb.sync_now()
    assert rows_of(c) == rows_of(a) == rows_of(b)


def test_command_line_create_then_join_into_an_empty_workspace(
    tmp_path: Path, share: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from classroom_desktop.store.engine import integrity_check

    monkeypatch.setenv("CLASSROOM_SYNC_PASSPHRASE", PASS)
    source = Classroom.open(tmp_path / "teacher")
    _class(source)
    source.close()
    assert (
        cli.main(["sync", "--workspace", str(tmp_path / "teacher"), "--folder", str(share), "--create"]) == 0
    )
    assert "Sent" in capsys.readouterr().out
    assert cli.main(["sync", "--workspace", str(tmp_path / "home"), "--folder", str(share), "--join"]) == 0
    home = Classroom.open(tmp_path / "home", create=False)
    try:
        (klass,) = home.classes.list()
        assert klass.name == "Year 4 Maple" and klass.student_count == len(NAMES)
    finally:
        home.close()
    monkeypatch.setenv("CLASSROOM_SYNC_PASSPHRASE", "wrong")
    assert cli.main(["sync", "--workspace", str(tmp_path / "third"), "--folder", str(share), "--join"]) == 2
    assert "does not open this class's sync folder" in capsys.readouterr().err
    assert not (tmp_path / "third").exists()  # a failed join leaves no empty workspace behind
    for name in ("teacher", "home"):
        assert integrity_check(tmp_path / name / "classroom.sqlite3") == "ok"
