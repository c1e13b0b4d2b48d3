"""Sync through a shared folder, for the window and the command line.

``SyncService(classroom)`` sets sync up (create a sync folder, or join one with the class
passphrase), syncs, reports the status and lists conflicts.

Where the key lives: the repository key (unwrapped once with the passphrase) is kept in the
operating system's credential store, or else in ``<workspace>/sync.key`` (0600), never in the
database itself, so no backup carries it (``services/sync_keys.py``). It is bound to the database
file it was made for: a restored backup or a copied workspace folder asks for the passphrase
again. The engine's port is ``services/sync_port.py``, the command line ``services/sync_cli.py``,
the wording of conflicts ``services/sync_conflicts.py``. The passphrase itself is never stored;
the share only holds sealed files. The workspace's replica identity (its Ed25519 signing key)
is kept in the database (meta ``sync_identity``); a fork takes a new one (see
:mod:`classroom_desktop.sync`).
"""

from __future__ import annotations

import base64
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.services.sync_conflicts import ConflictView, describe, display
from classroom_desktop.services.sync_keys import KEY_FILE, KeyStore
from classroom_desktop.services.sync_port import CACHE_DIR, IDENTITY_KEY, STATE_KEY, SyncPort
from classroom_desktop.store import change_log, conflicts
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.models import ENTITIES
from classroom_desktop.sync.crypto import DEFAULT_SCRYPT_N, check_new_passphrase
from classroom_desktop.sync.engine import (
    BATCH,
    SNAPSHOT_EVERY,
    Progress,
    SyncEngine,
    SyncReport,
    ensure_identity,
)
from classroom_desktop.sync.repo import SyncRepo

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom

CONFIG_KEY = "sync_config"
LAST_KEY = "sync_last"
PASSPHRASE_VARIABLE = "CLASSROOM_SYNC_PASSPHRASE"
_LOCKS: weakref.WeakKeyDictionary[Any, threading.Lock] = weakref.WeakKeyDictionary()
_LOCKS_GUARD = threading.Lock()


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar and the Settings page show."""

    configured: bool
    folder: str = ""
    last_sync: str = ""  #: ISO time of the last sync, "" if never
    last_status: str = ""  #: "ok", "incomplete" or "update_app"
    message: str = ""
    devices_seen: int = 0
    waiting: int = 0  #: this laptop's changes not yet in the sync folder
    conflicts: int = 0
    pending: int = 0  #: received changes waiting for files still arriving
    needs_passphrase: bool = False  #: set up, but this copy of the class file must be given the passphrase


class SyncService:
    """Sync of one workspace with a shared folder.

    Args:
        classroom: the open workspace.
        now_ms: the wall clock (the workspace's clock unless a test injects a skewed one).
        kdf_n: scrypt cost for a new sync folder (tests use a cheap one).
    """

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

    def setup(
        self, folder: Path | str, passphrase: str, create: bool, progress: Progress | None = None
    ) -> SyncReport:
        """Create a sync folder in ``folder`` (``create``) or join the one there, then sync once.

        Raises:
            UserError: the folder is unusable, already set up (create), not set up (join), the
                passphrase is too weak (create) or does not open it.
        """
        folder = Path(folder).expanduser()
        if not str(folder).strip() or not folder.is_dir():
            raise UserError(
                f"The folder {folder} does not exist or is not reachable. Choose the shared folder."
            )
        if not passphrase.strip():
            raise UserError("Type the class's sync passphrase; it can't be empty.")
        if create:
            check_new_passphrase(passphrase)
        repo = SyncRepo(folder)
        with self._lock:
            ensure_identity(SyncPort(self._c))
        device = self._c.device_id
        if create:
            created = self._c.clock.now_utc().isoformat(timespec="seconds")
            keys = [repo.create(passphrase, device, kdf_n=self._kdf_n, created=created)]
        else:
            keys = repo.join_keys(passphrase, device)
        repo_id = repo.repo_id()
        with self._c.write() as tx:
            if self.config().get("repo_id") != repo_id:
                tx.set_meta(STATE_KEY, {})  # a new sync folder: publish everything again
            revoked = self.config().get("revoked", []) if self.config().get("repo_id") == repo_id else []
            tx.set_meta(CONFIG_KEY, {"folder": str(folder.resolve()), "repo_id": repo_id, "revoked": revoked})
            tx.changes.add("meta", CONFIG_KEY)
        self._store_key(keys, repo_id)
        with self._c.write() as tx:
            config = self.config()
            config["repo_json"] = base64.b64encode(repo.settings_bytes()).decode("ascii")
            tx.set_meta(CONFIG_KEY, config)
        return self.sync_now(progress)

    # ---- keys ---------------------------------------------------------------------------
    def _configured_repo(self) -> tuple[SyncRepo, list[bytes]]:
        keys = self._key()
        if keys is None:
            raise UserError("Sync is not set up on this laptop (or needs the passphrase again).")
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

    def laptops(self) -> list[tuple[str, str, str]]:
        """``(id, name, last synced)`` of every laptop in the sync folder, this one included."""
        repo, keys = self._configured_repo()
        engine = SyncEngine(repo, keys, SyncPort(self._c), now_ms=self._now_ms)
        state = SyncPort(self._c).load_state()
        state.setdefault("pins", {})
        out = []
        for device in repo.list_devices():
            manifest = engine._manifest(device, state)  # noqa: SLF001 (read-only use)
            out.append((device, str(manifest.get("name", "")), str(manifest.get("synced_at", ""))))
        return out

    def remove_laptop(self, device: str, passphrase: str, new_passphrase: str) -> SyncReport:
        """Remove a lost or stolen laptop: a new repository key seals everything written from now
        on, only the new passphrase opens it, and the removed laptop's files are refused.

        The other laptops are asked for the new passphrase at their next sync.

        Raises:
            UserError: unknown laptop, wrong passphrase, weak new passphrase.
        """
        from classroom_desktop.sync.crypto import new_repo_key

        check_new_passphrase(new_passphrase)
        repo, _keys = self._configured_repo()
        if device == self._c.device_id:
            raise UserError("This is the laptop you are using; remove it from another laptop.")
        if device not in repo.list_devices():
            raise UserError(f"There is no laptop {device} in this sync folder (see the list of laptops).")
        keys = repo.open_keys(passphrase, self._c.device_id) + [new_repo_key()]
        repo.rewrap(keys, new_passphrase, self._c.device_id)
        config = self.config()
        config["revoked"] = sorted(set(config.get("revoked", [])) | {device})
        with self._c.write() as tx:
            tx.set_meta(CONFIG_KEY, config)
        self._store_key(keys, str(config["repo_id"]))
        return self.sync_now()

    # ---- syncing --------------------------------------------------------------------------
    def sync_now(
        self, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None
    ) -> SyncReport:
        """One sync round. Never raises for an unreachable folder: the report says "incomplete".

        Raises:
            UserError: sync is not set up, or this copy of the class file needs the passphrase.
        """
        config = self.config()
        if not config.get("repo_id"):
            raise UserError("Sync is not set up yet. Choose a shared folder in Settings ▸ Sync first.")
        key = self._key()
        if key is None:
            raise UserError(
                "This class file was restored from a backup or copied, so it does not have the sync "
                "key. Set up sync again with the class's passphrase (Settings ▸ Sync, or "
                "classroom-desktop sync --join)."
            )
        repo = SyncRepo(Path(config["folder"]))
        with self._lock:
            saved = config.get("repo_json")
            if isinstance(saved, str) and repo.share.is_dir() and not repo.exists() \
                    and (repo.root / "devices").is_dir():
                repo.restore_settings(base64.b64decode(saved))  # deleted by hand: put it back
            engine = SyncEngine(
                repo,
                key,
                SyncPort(self._c),
                now_ms=self._now_ms,
                batch=self._batch,
                snapshot_every=self._snapshot_every,
                revoked=set(config.get("revoked", [])),
            )
            if repo.share.is_dir() and repo.exists() and repo.repo_id() != config.get("repo_id"):
                raise UserError(
                    f"The folder {repo.share} now holds a different class's sync folder. "
                    "Set up sync again to choose the right one."
                )
            report = engine.sync(progress, cancelled)
            with self._c.write() as tx:
                tx.set_meta(
                    LAST_KEY,
                    {
                        "at": self._c.clock.utc_iso(),
                        "status": report.status,
                        "message": report.message,
                        "devices_seen": report.devices_seen,
                    },
                )
                tx.changes.add("meta", LAST_KEY)
        return report

    def folder_reachable(self) -> bool:
        folder = self.config().get("folder")
        return isinstance(folder, str) and bool(folder) and Path(folder).is_dir()

    def status(self) -> SyncStatus:
        config = self.config()
        if not config.get("repo_id"):
            return SyncStatus(False)
        if self._key() is None:
            return SyncStatus(
                True,
                str(config.get("folder", "")),
                message="This class file was restored or copied: set up sync again with the passphrase.",
                needs_passphrase=True,
            )
        last = self._c.setting(LAST_KEY) or {}
        assert isinstance(last, dict)
        state = self._c.setting(STATE_KEY) or {}
        assert isinstance(state, dict)
        waiting = change_log.count_local_after(self._c.db, int(state.get("published_changes", 0)))
        return SyncStatus(
            True,
            str(config.get("folder", "")),
            str(last.get("at", "")),
            str(last.get("status", "")),
            str(last.get("message", "")),
            int(last.get("devices_seen", 0)),
            waiting,
            len(conflicts.open_conflicts(self._c.db)),
            change_log.pending_count(self._c.db),
        )

    def housekeeping(self) -> str:
        """Where the sync key is kept and how much of the change log is kept, in words.

        Slower than :meth:`status` (it counts the log): for Settings ▸ Sync and ``sync --status``.
        """
        size = change_log.log_size(self._c.db)
        megabytes = size.file_bytes / 1_000_000
        text = _(
            "The change log keeps {changes} entries for {fields} fields (older ones are removed once "
            "every laptop has them); the class file uses {size} MB."
        ).format(changes=size.changes, fields=size.fields, size=f"{megabytes:.1f}")
        if self.config().get("repo_id"):
            place = self.keys.place()
            where = place.where if place.in_credential_store else _(
                "the file {path}, readable only by you"
            ).format(path=place.where)
            said = _("The sync key is kept in {where}, never in the class file or its backups.")
            text += " " + said.format(where=where)
        return text

    # ---- conflicts ------------------------------------------------------------------------
    def conflicts(self) -> list[ConflictView]:
        """Edits that clashed and have not been settled, newest first."""
        rows = conflicts.open_conflicts(self._c.db)
        with self._c.db.reading() as tx:
            return [
                ConflictView(
                    r.id,
                    describe(tx, r.entity, r.entity_id, r.field),
                    display(r.kept_value),
                    display(r.other_value),
                    r.entity,
                    r.entity_id,
                    r.field,
                    r.detected_at,
                )
                for r in rows
            ]

    def take_other(self, conflict_id: str) -> ChangeSet:
        """Use the value that lost: a new edit on this laptop, which then syncs to the others."""
        with self._c.write() as tx:
            found = conflicts.get_conflict(tx, conflict_id)
            if found is None:
                raise UserError("That conflict was already settled.")
            model = ENTITIES[found.entity]
            rows = tx.scalars(select(model).where(model.id == found.entity_id))
            if not rows:
                raise UserError("The changed item is not on this laptop any more.")
            tx.update(rows[0], **{found.field: found.other_value})
            conflicts.resolve_conflict(tx, conflict_id)
            tx.changes.add("conflict", conflict_id)
        return tx.changes

    def keep(self, conflict_id: str) -> ChangeSet:
        """Keep the value the sync chose and take the conflict off the list."""
        with self._c.write() as tx:
            if conflicts.get_conflict(tx, conflict_id) is None:
                raise UserError("That conflict was already settled.")
            conflicts.resolve_conflict(tx, conflict_id)
            tx.changes.add("conflict", conflict_id)
        return tx.changes


def sync_of(classroom: Classroom) -> SyncService:
    """The workspace's sync service (``classroom.sync`` once the lead attaches it)."""
    existing = getattr(classroom, "sync", None)
    return existing if isinstance(existing, SyncService) else SyncService(classroom)


_Port = SyncPort  # the name tests patch
__all__ = ["CACHE_DIR", "IDENTITY_KEY", "KEY_FILE", "STATE_KEY", "SyncReport", "SyncService", "SyncStatus"]
