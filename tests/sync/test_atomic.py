"""Crash-safe writes: no temp files left, old file intact on failure, readable share errors."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from classroom_desktop.sync.atomic import ShareUnavailable, WriteOnceViolation, write_atomic, write_once


def test_write_atomic_writes_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    write_atomic(target, b"first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


@pytest.mark.parametrize("broken", ["replace", "fsync", "write"])
def test_full_disk_keeps_old_file_and_removes_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: str
) -> None:
    target = tmp_path / "state.json"
    target.write_bytes(b"old")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, broken, fail)
    with pytest.raises(ShareUnavailable) as info:
        write_atomic(target, b"new content", share=tmp_path)
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]
    assert str(info.value).startswith(f"The sync folder {tmp_path} is full")
    assert "Your work is saved on this laptop" in str(info.value)


def test_missing_folder_is_unreachable(tmp_path: Path) -> None:
    gone = tmp_path / "usb-stick"
    with pytest.raises(ShareUnavailable) as info:
        write_atomic(gone / "state.json", b"x", share=gone)
    assert str(info.value) == (
        f"The sync folder {gone} is not reachable right now. Your work is saved on this laptop; "
        "sync again when the folder is back."
    )
    assert not gone.exists()


def test_non_os_error_still_removes_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "a", b"x")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_write_once_accepts_a_repeat_and_refuses_different_bytes(tmp_path: Path) -> None:
    target = tmp_path / "000000000001-x.bundle"
    write_once(target, b"bundle")
    write_once(target, b"bundle")
    with pytest.raises(WriteOnceViolation):
        write_once(target, b"other")
    assert target.read_bytes() == b"bundle"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_write_once_without_hard_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(*args: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "b"
    write_once(target, b"bundle")
    assert target.read_bytes() == b"bundle"
    assert [p.name for p in tmp_path.iterdir()] == ["b"]


def test_read_only_share_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "replace", read_only)
    with pytest.raises(ShareUnavailable, match="not allowed to write"):
        write_atomic(tmp_path / "a", b"x")


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_sealed_files_are_readable_by_other_accounts_on_the_share(tmp_path: Path) -> None:
    from classroom_desktop.sync.atomic import write_once

    target = tmp_path / "000000000001-x.bundle"
    write_once(target, b"sealed", share=tmp_path)
    assert target.stat().st_mode & 0o044 == 0o044
