"""The sync settings of one workspace and its repository key, kept outside the database.

The repository key (unwrapped once with the passphrase) is kept in the operating system's
credential store, or else in ``<workspace>/sync.key`` (0600), never in the database itself, so no
backup carries it (:mod:`~classroom_desktop.services.sync_keys`). It is bound to the database file
it was made for: a restored backup or a copied workspace folder asks for the passphrase again.
"""

from __future__ import annotations

import base64
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.services.sync_keys import KeyStore
from classroom_desktop.sync.crypto import DEFAULT_SCRYPT_N, check_new_passphrase
from classroom_desktop.sync.engine import BATCH, SNAPSHOT_EVERY
from classroom_desktop.sync.repo import SyncRepo

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom

__all__ = ["CONFIG_KEY", "LAST_KEY", "SyncConfig"]

CONFIG_KEY = "sync_config"
LAST_KEY = "sync_last"
_LOCKS: weakref.WeakKeyDictionary[Any, threading.Lock] = weakref.WeakKeyDictionary()
_LOCKS_GUARD = threading.Lock()


class SyncConfig:
    """The sync settings and key of one workspace (the base of ``SyncService``)."""

    def __init__(
        self,
        classroom: Classroom,
        now_ms: Callable[[], int] | None = None,
        kdf_n: int = DEFAULT_SCRYPT_N,
        batch: int = BATCH,
        snapshot_every: int = SNAPSHOT_EVERY,
    ) -> None:
        self._c = classroom
        self._now_ms, self._kdf_n = now_ms or classroom.clock.now_ms, kdf_n
        self._batch, self._snapshot_every = batch, snapshot_every
        with _LOCKS_GUARD:
            self._lock = _LOCKS.setdefault(classroom, threading.Lock())

    # ---- setting up -----------------------------------------------------------------------
    def config(self) -> dict[str, Any]:
        value = self._c.setting(CONFIG_KEY)
        return dict(value) if isinstance(value, dict) else {}

    @staticmethod
    def check_new_passphrase(passphrase: str) -> None:
        """Refuse a weak new passphrase (UserError saying why): 10+ characters, not a common one."""
        check_new_passphrase(passphrase)

    @staticmethod
    def folder_has_repository(folder: Path) -> bool:
        """True when ``folder`` already holds a class's sync repository (join rather than create).

        Raises:
            UserError: the folder is not reachable.
        """
        return SyncRepo(Path(folder)).exists()

    def is_set_up(self) -> bool:
        """True when sync is set up and this class file has its key (no passphrase needed)."""
        return self._key() is not None

    # ---- the key, kept outside the database ------------------------------------------
    @property
    def keys(self) -> KeyStore:
        return KeyStore(self._c.folder, self._c.db_path)

    @property
    def key_file(self) -> Path:
        return self.keys.key_file

    def _key(self) -> list[bytes] | None:
        """Every repository key of the configured sync folder (newest last), or None when the
        passphrase must be asked for."""
        config = self.config()
        if not config.get("repo_id"):
            return None
        if config.get("key"):  # kept in the database by an older version: move it out
            keys = [base64.b64decode(config["key"])]
            self._store_key(keys, str(config["repo_id"]))
            return keys
        return self.keys.load(str(config["repo_id"]))

    def _store_key(self, keys: list[bytes], repo_id: str) -> None:
        self.keys.save(keys, repo_id)
        config = self.config()
        if "key" in config:
            config.pop("key")
            with self._c.write() as tx:
                tx.set_meta(CONFIG_KEY, config)

    def needs_passphrase(self) -> bool:
        """Sync was set up for this class file, but this copy of it must be given the passphrase."""
        return bool(self.config().get("repo_id")) and self._key() is None

    def _configured_repo(self) -> tuple[SyncRepo, list[bytes]]:
        keys = self._key()
        if keys is None:
            raise UserError(_("Sync is not set up on this laptop (or needs the passphrase again)."))
        return SyncRepo(Path(self.config()["folder"])), keys

    def change_passphrase(self, old: str, new: str) -> None:
        """Change the class's sync passphrase: the old one no longer opens the sync folder.

        The other laptops keep syncing (they keep the key); a laptop joining later needs the new one.

        Raises:
            UserError: the old passphrase is wrong, or the new one is too weak.
        """
        check_new_passphrase(new)
        repo, _keys = self._configured_repo()
        keys = repo.open_keys(old, self._c.device_id)
        repo.rewrap(keys, new, self._c.device_id)
