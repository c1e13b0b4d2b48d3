"""Keys: weak passphrases refused, the key kept beside the database (not in it, nor in backups),
a restored or copied class file asks again, "Change the passphrase" and "Remove a laptop"."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from classroom_desktop import cli
from classroom_desktop.domain.errors import UserError
from classroom_desktop.services.roster import NewStudent
from classroom_desktop.sync.crypto import DEFAULT_SCRYPT_N, WrongPassphrase
from classroom_desktop.sync.repo import SyncRepo

from .conftest import PASSPHRASE, entity_rows

Laptop = tuple[Any, Any]


@pytest.mark.parametrize("weak", ["short", "123456789", "password123", "Password 123", "aaaaaaaaaaaa"])
def test_weak_passphrases_are_refused_with_a_reason(
    laptops: Callable[..., Laptop], share: Path, weak: str
) -> None:
    _, sa = laptops("a")
    with pytest.raises(UserError, match="at least 10 characters|most common"):
        sa.setup(share, weak, create=True)
    assert not (share / "classroom-sync").exists()


def test_new_folders_use_a_costly_scrypt() -> None:
    assert DEFAULT_SCRYPT_N >= 2**17


def test_the_key_lives_in_a_private_file_not_in_the_database_nor_its_backups(
    laptops: Callable[..., Laptop], share: Path
) -> None:
    a, sa = laptops("a")
    sa.setup(share, PASSPHRASE, create=True)
    key_file = a.folder / "sync.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = SyncRepo(share).open_key(PASSPHRASE, a.device_id)
    backup = a.make_backup()
    for db in (a.db_path, backup):
        con = sqlite3.connect(db)
        try:
            values = " ".join(str(v) for (v,) in con.execute("SELECT value FROM meta"))
        finally:
            con.close()
        import base64

        assert base64.b64encode(key).decode() not in values
    assert "sync.key" not in {p.name for p in backup.parent.iterdir()}


def test_change_the_passphrase(laptops: Callable[..., Laptop], share: Path) -> None:
    a, sa = laptops("a")
    sa.setup(share, PASSPHRASE, create=True)
    b, sb = laptops("b")
    sb.setup(share, PASSPHRASE, create=False)
    with pytest.raises(WrongPassphrase):
        sa.change_passphrase("not the passphrase", "Willow room 2027")
    with pytest.raises(UserError, match="at least 10"):
        sa.change_passphrase(PASSPHRASE, "willow")
    sa.change_passphrase(PASSPHRASE, "Willow room 2027")
    b.students.add(NewStudent("Kofi", "Mensah"))
    assert sb.sync_now().status == "ok"  # the other laptop keeps its key
    assert sa.sync_now().status == "ok"
    c, sc = laptops("c")
    with pytest.raises(WrongPassphrase):
        sc.setup(share, PASSPHRASE, create=False)
    sc.setup(share, "Willow room 2027", create=False)
    for service in (sa, sb, sc, sa, sb):
        assert service.sync_now().status == "ok"
    assert entity_rows(a) == entity_rows(b) == entity_rows(c)


def test_remove_a_lost_laptop(laptops: Callable[..., Laptop], share: Path) -> None:
    a, sa = laptops("a")
    a.students.add(NewStudent("Zoë", "Nguyễn"))
    sa.setup(share, PASSPHRASE, create=True)
    b, sb = laptops("b")
    sb.setup(share, PASSPHRASE, create=False)
    lost, sl = laptops("lost")
    sl.setup(share, PASSPHRASE, create=False)
    assert {d for d, _, _ in sa.laptops()} == {a.device_id, b.device_id, lost.device_id}
    with pytest.raises(UserError, match="at least 10"):
        sa.remove_laptop(lost.device_id, PASSPHRASE, "short")
    sa.remove_laptop(lost.device_id, PASSPHRASE, "Willow room 2027")
    a.students.add(NewStudent("After", "Removal"))
    sa.sync_now()
    # the lost laptop cannot read what is written from now on, and what it writes is refused
    report = sl.sync_now()
    assert report.status == "incomplete" and "Set up sync again" in report.message
    assert "After Removal" not in [s.display_name for s in lost.students.list()]
    lost.students.add(NewStudent("Written", "By thief"))
    sl.sync_now()
    with pytest.raises(WrongPassphrase):
        sl.setup(share, PASSPHRASE, create=False)
    # b is asked for the new passphrase, then has everything (and refuses the lost laptop's files)
    assert "Set up sync again" in sb.sync_now().message
    sb.setup(share, "Willow room 2027", create=False)
    for _ in range(2):
        sa.sync_now()
        sb.sync_now()
    for c in (a, b):
        names = [s.display_name for s in c.students.list()]
        assert "After Removal" in names and "Written By thief" not in names
    assert entity_rows(a) == entity_rows(b)


def test_command_line_keys_and_failures_are_one_line(
    tmp_path: Path, share: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = str(tmp_path / "teacher")
    monkeypatch.delenv("CLASSROOM_SYNC_PASSPHRASE", raising=False)
    monkeypatch.setattr("sys.stdin", open(os.devnull))  # no terminal
    import getpass

    def no_terminal(prompt: str = "") -> str:
        raise EOFError

    monkeypatch.setattr(getpass, "getpass", no_terminal)
    assert cli.main(["sync", "--workspace", ws, "--folder", str(share), "--create"]) == 2
    err = capsys.readouterr().err
    assert "No passphrase given" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "teacher").exists()  # a failed set-up leaves no empty workspace
    monkeypatch.setenv("CLASSROOM_SYNC_PASSPHRASE", PASSPHRASE)
    assert cli.main(["sync", "--workspace", ws, "--folder", str(share), "--create"]) == 0
    assert cli.main(["sync", "--workspace", str(tmp_path / "nope"), "--folder", str(share), "--join"]) == 0
    capsys.readouterr()
    assert cli.main(["sync", "--workspace", ws, "--folder", str(share), "--laptops"]) == 0
    assert "(this laptop)" in capsys.readouterr().out
    monkeypatch.setenv("CLASSROOM_SYNC_NEW_PASSPHRASE", "Willow room 2027")
    assert cli.main(["sync", "--workspace", ws, "--folder", str(share), "--change-passphrase"]) == 0
    assert "changed" in capsys.readouterr().out
    monkeypatch.setenv("CLASSROOM_SYNC_PASSPHRASE", "wrong passphrase!")
    assert cli.main(["sync", "--workspace", str(tmp_path / "third"), "--folder", str(share), "--join"]) == 2
    err = capsys.readouterr().err
    assert "does not open" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "third").exists()
