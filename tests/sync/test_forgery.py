"""Reproduction 4: forged history. Anyone with the repo key can write files into the sync folder.

Every bundle is signed by the replica that wrote it, and a replica's id is derived from its public
key, so a bundle claiming another laptop's identity is refused; evidence is insert-only whoever
sends an update; a stamp far in the future is refused and reported; nothing crashes after commit.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from classroom_desktop import cli
from classroom_desktop.services.roster import NewStudent
from classroom_desktop.store.migrate import HEAD
from classroom_desktop.sync.bundle import BundleHeader, encode_bundle
from classroom_desktop.sync.clock import Stamp
from classroom_desktop.sync.crypto import new_signing_key
from classroom_desktop.sync.repo import SyncRepo

from .conftest import PASSPHRASE, entity_rows

Laptop = tuple[Any, Any]
YEAR_2100_MS = int(datetime(2100, 1, 1, tzinfo=UTC).timestamp() * 1000)


@pytest.fixture
def world(laptops: Callable[..., Laptop], share: Path) -> dict[str, Any]:
    """Victim v (wrote the class), receiver r (synced with v), member m (a joined laptop gone bad)."""
    v, sv = laptops("victim")
    class_id = str(v.classes.create("Year 4 Maple").created_id)
    student = str(v.students.add(NewStudent("Zoë", "Nguyễn"), class_id).created_id)
    v.students.edit_profile(student, strengths="Loves puzzles")
    fw = str(v.curriculum.add_framework("Grade 4 Mathematics").created_id)
    std = str(v.curriculum.add_standard(fw, "4.NF.1", "I can compare fractions").created_id)
    evidence = str(v.evidence.record(student, std, 3, class_id=class_id).created_id)
    sv.setup(share, PASSPHRASE, create=True)
    r, sr = laptops("receiver")
    sr.setup(share, PASSPHRASE, create=False)
    m, sm = laptops("member")
    sm.setup(share, PASSPHRASE, create=False)
    for _ in range(2):
        for service in (sv, sr, sm):
            assert service.sync_now().status == "ok"
    import sqlite3

    con = sqlite3.connect(v.db_path)
    (profile,) = con.execute("SELECT id FROM learner_profile WHERE student_id = ?", (student,)).fetchone()
    con.close()
    return {
        "v": v, "sv": sv, "r": r, "sr": sr, "m": m, "sm": sm, "share": share, "student": student,
        "profile": profile, "evidence": evidence, "std": std, "class_id": class_id,
    }


def _write(
    w: dict[str, Any],
    claimed: str,
    changes: list[dict[str, Any]],
    signer: bytes | None,
    folder: str | None = None,
    seq: int = 900,
    **extra: Any,
) -> Path:
    repo = SyncRepo(w["share"])
    key = repo.open_key(PASSPHRASE, w["r"].device_id)  # any joined laptop (or copy of one) has it
    stamps = sorted(c["hlc"] for c in changes)
    header = BundleHeader(
        schema=HEAD, repo_id=repo.repo_id(), device=claimed, seq_from=seq, seq_to=seq,
        clock_min=stamps[0], clock_max=stamps[-1], created="2026-11-20T09:00:00.000+00:00",
        extra={"changes_from": 1, "changes_to": 10, **extra},
    )
    return repo.write_bundle(folder or claimed, seq, encode_bundle(key, header, changes, signer))


def _change(w: dict[str, Any], device: str, entity: str, entity_id: str, name: str, value: Any,
            wall_ms: int | None = None) -> dict[str, Any]:
    wall = wall_ms if wall_ms is not None else w["v"].clock.now_ms() + 60_000
    return {"hlc": Stamp(wall, 7, device).encode(), "device": device, "entity": entity,
            "entity_id": entity_id, "field": name, "value": value}


FORGERIES = {
    "evidence level changed": lambda w, d: _change(w, d, "evidence", w["evidence"], "level", 1.0),
    "student deleted": lambda w, d: _change(w, d, "student", w["student"], "deleted", True),
    "profile overwritten": lambda w, d: _change(w, d, "learner_profile", w["profile"], "strengths", "Lazy"),
    "clock pushed to 2100": lambda w, d: _change(
        w, d, "learner_profile", w["profile"], "strengths", "2100 wins", YEAR_2100_MS
    ),
}


@pytest.mark.parametrize("forgery", sorted(FORGERIES))
@pytest.mark.parametrize("how", ["unsigned", "signed by another key", "own bundle in victim's folder"])
def test_a_forged_bundle_in_the_victims_folder_is_refused(
    world: dict[str, Any], forgery: str, how: str
) -> None:
    w = world
    victim, member = w["v"].device_id, w["m"].device_id
    before = entity_rows(w["r"])
    if how == "own bundle in victim's folder":  # validly signed by the member, claims to be the member
        private = base64.b64decode(w["m"].setting("sync_identity")["private"])
        _write(w, member, [FORGERIES[forgery](w, member)], private, folder=victim)
    else:
        signer = None if how == "unsigned" else new_signing_key()
        _write(w, victim, [FORGERIES[forgery](w, victim)], signer)
    for service in (w["sr"], w["sv"], w["sr"]):
        report = service.sync_now()
        assert report.received == 0
    assert entity_rows(w["r"]) == before
    first = w["sr"]
    assert first.status().last_status in ("ok", "incomplete")
    for c in (w["r"], w["v"]):
        assert c.students.profile(w["student"]).strengths == "Loves puzzles"
        assert [e.level for e in c.evidence.history(w["student"], w["std"])] == [3.0]


def test_refused_files_are_named_in_the_report(world: dict[str, Any]) -> None:
    w = world
    path = _write(w, w["v"].device_id, [FORGERIES["student deleted"](w, w["v"].device_id)], new_signing_key())
    report = w["sr"].sync_now()
    assert report.refused_files == [path.name]
    assert "claimed to come from another laptop" in report.message


@pytest.mark.parametrize("forgery", ["evidence level changed", "clock pushed to 2100"])
def test_a_member_cannot_rewrite_evidence_or_win_with_a_stamp_in_2100(
    world: dict[str, Any], forgery: str
) -> None:
    """Signed by a real member in its own folder: the apply rules still hold."""
    w = world
    member = w["m"].device_id
    private = base64.b64decode(w["m"].setting("sync_identity")["private"])
    _write(w, member, [FORGERIES[forgery](w, member)], private)
    report = w["sr"].sync_now()
    assert report.refused_changes == 1 and report.received == 0
    if forgery == "clock pushed to 2100":
        assert any("set far in the future was refused" in s for s in report.skew_warnings)  # one change
    assert [e.level for e in w["r"].evidence.history(w["student"], w["std"])] == [3.0]
    assert w["r"].students.profile(w["student"]).strengths == "Loves puzzles"
    # a later honest edit still wins (the 2100 stamp never became the field's newest)
    w["v"].students.edit_profile(w["student"], strengths="Fractions")
    w["sv"].sync_now()
    w["sr"].sync_now()
    assert w["r"].students.profile(w["student"]).strengths == "Fractions"


def test_a_forged_changes_to_cannot_stop_the_victim_publishing(world: dict[str, Any]) -> None:
    w = world
    victim = w["v"].device_id
    _write(w, victim, [FORGERIES["student deleted"](w, victim)], new_signing_key(), seq=10**9)
    _write(w, victim, [FORGERIES["student deleted"](w, victim)], None, seq=7, changes_to=10**9)
    w["v"].students.add(NewStudent("Kofi", "Mensah"), w["class_id"])
    report = w["sv"].sync_now()
    assert report.sent > 0 and not report.forked
    w["sr"].sync_now()
    assert "Kofi Mensah" in [s.display_name for s in w["r"].students.list()]
    assert w["v"].device_id == victim


def test_no_traceback_from_the_command_line_with_forged_files(
    world: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    w = world
    victim = w["v"].device_id
    _write(w, victim, [FORGERIES["clock pushed to 2100"](w, victim)], new_signing_key(), seq=10**9)
    folder = w["r"].folder
    w["r"].close()
    import os

    os.environ["CLASSROOM_SYNC_PASSPHRASE"] = PASSPHRASE
    try:
        status = cli.main(["sync", "--workspace", str(folder), "--folder", str(w["share"])])
    finally:
        del os.environ["CLASSROOM_SYNC_PASSPHRASE"]
    out = capsys.readouterr()
    assert status in (0, 2) and "Traceback" not in out.err + out.out
    assert len((out.err + out.out).strip().splitlines()) == 1
