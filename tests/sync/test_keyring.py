"""Issue 12: the sync key in the system's credential store (through ``keyring``) where one works,
the 0600 file beside the class where none does; never in the database or its backups."""

from __future__ import annotations

import base64
import json
import shutil
import sqlite3
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import KeyringLocked

from classroom_desktop.domain.errors import UserError
from classroom_desktop.services.roster import NewStudent
from classroom_desktop.services.sync_keys import SERVICE, credential_store
from classroom_desktop.sync.repo import SyncRepo

from .conftest import PASSPHRASE, entity_rows

Laptop = tuple[Any, Any]


class MemoryKeyring(KeyringBackend):
    """A credential store in memory (the tests' stand-in for Credential Locker, Keychain, Secret Service)."""

    priority = 10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


class LockedKeyring(MemoryKeyring):
    """A store that is there but refuses (a locked Secret Service, a denied Keychain prompt)."""

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("locked")


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    store = MemoryKeyring()
    keyring.set_keyring(store)
    yield store
    keyring.set_keyring(fail.Keyring())


def _everything_in(db: Path) -> str:
    con = sqlite3.connect(db)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return " ".join(str(row) for t in tables for row in con.execute(f'SELECT * FROM "{t}"'))
    finally:
        con.close()


def test_with_a_credential_store_the_key_is_kept_there_and_nowhere_in_the_class_folder(
    laptops: Callable[..., Laptop], share: Path, memory_keyring: MemoryKeyring
) -> None:
    a, sa = laptops("a")
    a.students.add(NewStudent("Zoë", "Nguyễn"))
    sa.setup(share, PASSPHRASE, create=True)
    key = SyncRepo(share).open_key(PASSPHRASE, a.device_id)
    encoded = base64.b64encode(key).decode()
    assert not (a.folder / "sync.key").exists()
    ((service, _account), secret), = memory_keyring.secrets.items()
    assert service == SERVICE and encoded in json.loads(secret)["keys"]
    backup = a.make_backup()
    for place in (a.db_path, backup):
        assert encoded not in _everything_in(place)
    assert "Secret" not in sa.housekeeping()  # the stand-in is named by its class
    assert "MemoryKeyring" in sa.housekeeping()
    # it syncs with the key from the store, opened again in a new session
    b, sb = laptops("b")
    sb.setup(share, PASSPHRASE, create=False)
    assert sa.sync_now().status == "ok" and sb.sync_now().status == "ok"
    assert entity_rows(a) == entity_rows(b)
    assert len(memory_keyring.secrets) == 2  # one entry per class file


def test_a_copied_class_folder_asks_for_the_passphrase_even_with_the_key_in_the_store(
    laptops: Callable[..., Laptop], share: Path, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    a, sa = laptops("a")
    sa.setup(share, PASSPHRASE, create=True)
    a.db.checkpoint()
    shutil.copytree(tmp_path / "a", tmp_path / "copy")
    copy, sc = laptops("copy")
    assert sc.needs_passphrase()
    with pytest.raises(UserError, match="restored from a backup or copied"):
        sc.sync_now()
    sc.setup(share, PASSPHRASE, create=False)
    assert not sc.needs_passphrase() and sa.is_set_up()


def test_with_no_working_store_the_key_goes_to_the_private_file(
    laptops: Callable[..., Laptop], share: Path
) -> None:
    assert isinstance(keyring.get_keyring(), fail.Keyring)  # a headless Linux: keyring's fail backend
    assert credential_store() is None
    a, sa = laptops("a")
    sa.setup(share, PASSPHRASE, create=True)
    key_file = a.folder / "sync.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert "sync.key, readable only by you" in sa.housekeeping()
    assert sa.sync_now().status == "ok"


def test_a_locked_store_falls_back_to_the_file_and_a_store_that_comes_later_takes_the_key(
    laptops: Callable[..., Laptop], share: Path
) -> None:
    keyring.set_keyring(LockedKeyring())
    try:
        a, sa = laptops("a")
        sa.setup(share, PASSPHRASE, create=True)  # the store refuses: the file is used, no traceback
        assert (a.folder / "sync.key").exists()
        assert "sync.key, readable only by you" in sa.housekeeping()
        assert sa.sync_now().status == "ok"
        memory = MemoryKeyring()
        keyring.set_keyring(memory)
        assert sa.is_set_up()  # the store has nothing yet: the file still opens the class's sync
        sa.change_passphrase(PASSPHRASE, "Cedar room 14 key")
        sa.setup(share, "Cedar room 14 key", create=False)  # saving again moves the key to the store
        assert memory.secrets and not (a.folder / "sync.key").exists()
        assert sa.sync_now().status == "ok"
    finally:
        keyring.set_keyring(fail.Keyring())
