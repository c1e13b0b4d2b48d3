from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from classroom_desktop.domain.errors import UserError
from classroom_desktop.files import save_file


def test_save_replaces_the_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.pdf"
    target.write_bytes(b"old")
    save_file(target, b"new content")
    assert target.read_bytes() == b"new content"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.pdf"]


def test_a_full_disk_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "poster.pdf"
    target.write_bytes(b"yesterday's poster")

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(UserError, match="The poster could not be saved .*the disk is full"):
        save_file(target, b"x" * 1000, "The poster")
    assert target.read_bytes() == b"yesterday's poster"
    assert [p.name for p in tmp_path.iterdir()] == ["poster.pdf"]


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="the folder .*gone does not exist"):
        save_file(tmp_path / "gone" / "chart.png", b"png", "The chart")
