"""The sync folder layout: create/join, bundles, state, snapshots, formats, missing shares."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from classroom_desktop.domain.errors import UserError
from classroom_desktop.sync.bundle import NewerFormat, bundle_name
from classroom_desktop.sync.crypto import DamagedFile, WrongPassphrase
from classroom_desktop.sync.repo import SyncRepo

CHEAP = 2**10
PASS = "Maple-Room-12"
A = str(uuid.UUID(int=0xA, version=4))
B = str(uuid.UUID(int=0xB, version=4))
C = str(uuid.UUID(int=0xC, version=4))


@pytest.fixture
def repo(tmp_path: Path) -> SyncRepo:
    return SyncRepo(tmp_path)


def test_create_writes_settings_and_key(repo: SyncRepo, tmp_path: Path) -> None:
    assert not repo.exists()
    key = repo.create(PASS, A, kdf_n=CHEAP)
    assert repo.exists() and len(key) == 32
    info = json.loads((tmp_path / "classroom-sync" / "repo.json").read_text())
    assert info["format"] == 1 and info["kdf"]["n"] == CHEAP and uuid.UUID(info["repo_id"])
    assert (tmp_path / "classroom-sync" / "keys" / f"{A}.key").is_file()
    assert repo.open_key(PASS, A) == key


def test_create_twice_is_refused(repo: SyncRepo) -> None:
    repo.create(PASS, A, kdf_n=CHEAP)
    with pytest.raises(UserError, match="already holds a class sync folder"):
        repo.create(PASS, B, kdf_n=CHEAP)


def test_join_with_right_passphrase_gets_the_same_key(repo: SyncRepo, tmp_path: Path) -> None:
    key = repo.create(PASS, A, kdf_n=CHEAP)
    assert SyncRepo(tmp_path).join(PASS, B) == key
    assert (tmp_path / "classroom-sync" / "keys" / f"{B}.key").is_file()
    assert repo.open_key(PASS, B) == key
    assert repo.list_devices() == sorted([A, B])


def test_join_with_wrong_passphrase_is_refused_and_writes_nothing(repo: SyncRepo, tmp_path: Path) -> None:
    repo.create(PASS, A, kdf_n=CHEAP)
    with pytest.raises(WrongPassphrase, match="does not open this class's sync folder"):
        repo.join("maple-room-12", B)
    assert not (tmp_path / "classroom-sync" / "keys" / f"{B}.key").exists()


def test_join_tries_every_key_file(repo: SyncRepo, tmp_path: Path) -> None:
    key = repo.create(PASS, A, kdf_n=CHEAP)
    (tmp_path / "classroom-sync" / "keys" / f"{C}.key").write_bytes(b"garbage")
    assert repo.join(PASS, B) == key


def test_join_where_nothing_was_set_up(repo: SyncRepo) -> None:
    with pytest.raises(UserError, match="no class sync folder"):
        repo.join(PASS, A)


def test_missing_share_is_unreachable(tmp_path: Path) -> None:
    gone = tmp_path / "unplugged-usb"
    repo = SyncRepo(gone)
    for action in (repo.exists, lambda: repo.create(PASS, A, kdf_n=CHEAP), lambda: repo.list_bundles(A),
                   lambda: repo.write_bundle(A, 1, b"x"), lambda: repo.write_state(A, {})):
        with pytest.raises(UserError) as info:
            action()
        assert str(info.value) == (
            f"The sync folder {gone} is not reachable right now. Your work is saved on this laptop; "
            "sync again when the folder is back."
        )
    assert not gone.exists()


def test_bundles_listed_in_seq_order(repo: SyncRepo) -> None:
    repo.create(PASS, A, kdf_n=CHEAP)
    assert repo.next_seq(A) == 1
    for seq in (10, 2, 1):
        repo.write_bundle(A, seq, f"bundle {seq}".encode())
    assert [seq for seq, _, _ in repo.list_bundles(A)] == [1, 2, 10]
    assert repo.next_seq(A) == 11
    assert repo.list_bundles(B) == []
    seq, sha, path = repo.list_bundles(A)[1]
    assert path.name == f"000000000002-{sha}.bundle"
    assert repo.read_file(path) == b"bundle 2"


def test_conflict_copies_dedupe_and_temp_files_ignored(repo: SyncRepo) -> None:
    repo.create(PASS, A, kdf_n=CHEAP)
    original = repo.write_bundle(A, 3, b"three")
    ops = original.parent
    stem = original.name[: -len(".bundle")]
    (ops / f"{stem} (conflicted copy 2026-11-23).bundle").write_bytes(b"three")
    orphan = bundle_name(4, b"four")[: -len(".bundle")]
    only_copy = ops / f"{orphan}.sync-conflict-20261123-101010-ABCDEF.bundle"
    only_copy.write_bytes(b"four")
    junk_names = (
        ".tmp-x1y2", f"{stem}.bundle.tmp", f"~{stem}.bundle", f".syncthing.{stem}.bundle.tmp", "notes.txt"
    )
    for junk in junk_names:
        (ops / junk).write_bytes(b"junk")
    listed = repo.list_bundles(A)
    assert [(seq, path) for seq, _, path in listed] == [(3, original), (4, only_copy)]
    assert repo.read_file(only_copy) == b"four"


def test_a_bundle_whose_content_does_not_match_its_name_is_damaged(repo: SyncRepo) -> None:
    repo.create(PASS, A, kdf_n=CHEAP)
    path = repo.write_bundle(A, 1, b"one")
    path.write_bytes(b"on")  # still arriving
    with pytest.raises(DamagedFile, match="damaged or was changed"):
        repo.read_file(path)


def test_state_round_trip_keeps_unknown_fields(repo: SyncRepo) -> None:
    repo.create(PASS, A, kdf_n=CHEAP)
    assert repo.read_state(A) == {}
    repo.write_state(A, {"applied": {A: 3}, "from_newer_app": {"x": 1}})
    repo.write_state(A, {"applied": {A: 4, B: 2}})
    assert repo.read_state(A) == {"applied": {A: 4, B: 2}, "from_newer_app": {"x": 1}}


def test_snapshots_latest(repo: SyncRepo) -> None:
    repo.create(PASS, A, kdf_n=CHEAP)
    assert repo.latest_snapshot() is None
    repo.write_snapshot(A, 5, b"snap five")
    newest = repo.write_snapshot(A, 9, b"snap nine")
    assert repo.latest_snapshot() == (A, 9, newest)


def test_newer_repo_format_is_refused_with_update_message(repo: SyncRepo, tmp_path: Path) -> None:
    repo.create(PASS, A, kdf_n=CHEAP)
    path = tmp_path / "classroom-sync" / "repo.json"
    info = json.loads(path.read_text())
    path.write_text(json.dumps({**info, "format": 2, "new_thing": True}))
    with pytest.raises(NewerFormat, match="Update the app to sync with it; your class is unchanged."):
        repo.repo_format()
    with pytest.raises(NewerFormat):
        repo.join(PASS, B)


def test_damaged_repo_json(repo: SyncRepo, tmp_path: Path) -> None:
    repo.create(PASS, A, kdf_n=CHEAP)
    (tmp_path / "classroom-sync" / "repo.json").write_text("{not json")
    with pytest.raises(DamagedFile, match="repo.json"):
        repo.open_key(PASS, A)


def test_device_ids_must_be_uuids(repo: SyncRepo) -> None:
    with pytest.raises(ValueError):
        repo.device_dir("Zoë's laptop")
    with pytest.raises(ValueError):
        repo.device_dir("../../etc")
