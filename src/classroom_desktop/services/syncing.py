"""Sync through a shared folder, for the window and the command line.

``SyncService(classroom)`` sets sync up (create a sync folder, or join one with the class
passphrase), syncs, reports the status and lists conflicts.

Where the key lives: the repository key (unwrapped once with the passphrase) is kept in the
operating system's credential store, or else in ``<workspace>/sync.key`` (0600), never in the
database itself, so no backup carries it (``services/sync_keys.py``). It is bound to the database
file it was made for: a restored backup or a copied workspace folder asks for the passphrase
again. The settings and the key are ``services/sync_config.py``, the status ``services/sync_status.py``,
the engine's port ``services/sync_port.py``, the command line ``services/sync_cli.py``, the wording
and settling of conflicts ``services/sync_conflicts.py``. The passphrase itself is never stored;
the share only holds sealed files. The workspace's replica identity (its Ed25519 signing key)
is kept in the database (meta ``sync_identity``); a fork takes a new one (see
:mod:`classroom_desktop.sync`).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.services.sync_config import CONFIG_KEY, LAST_KEY
from classroom_desktop.services.sync_conflicts import ConflictActions, ConflictView
from classroom_desktop.services.sync_keys import KEY_FILE
from classroom_desktop.services.sync_port import CACHE_DIR, IDENTITY_KEY, STATE_KEY, SyncPort
from classroom_desktop.services.sync_status import SyncStatus, SyncStatusReports
from classroom_desktop.sync.crypto import check_new_passphrase
from classroom_desktop.sync.engine import Progress, SyncEngine, SyncReport, ensure_identity
from classroom_desktop.sync.repo import SyncRepo

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom

PASSPHRASE_VARIABLE = "CLASSROOM_SYNC_PASSPHRASE"


class SyncService(SyncStatusReports, ConflictActions):
    """Sync of one workspace with a shared folder.

    Args:
        classroom: the open workspace.
        now_ms: the wall clock (the workspace's clock unless a test injects a skewed one).
        kdf_n: scrypt cost for a new sync folder (tests use a cheap one).
    """

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
                _("The folder {folder} does not exist or is not reachable. Choose the shared folder.").format(
                    folder=folder
                )
            )
        if not passphrase.strip():
            raise UserError(_("Type the class's sync passphrase; it can't be empty."))
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
            raise UserError(_("This is the laptop you are using; remove it from another laptop."))
        if device not in repo.list_devices():
            raise UserError(
                _("There is no laptop {device} in this sync folder (see the list of laptops).").format(
                    device=device
                )
            )
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
            raise UserError(_("Sync is not set up yet. Choose a shared folder in Settings ▸ Sync first."))
        key = self._key()
        if key is None:
            raise UserError(
                _(
                    "This class file was restored from a backup or copied, so it does not have the sync "
                    "key. Set up sync again with the class's passphrase (Settings ▸ Sync, or "
                    "classroom-desktop sync --join)."
                )
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
                    _(
                        "The folder {folder} now holds a different class's sync folder. "
                        "Set up sync again to choose the right one."
                    ).format(folder=repo.share)
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


def sync_of(classroom: Classroom) -> SyncService:
    """The workspace's sync service (``classroom.sync`` once the lead attaches it)."""
    existing = getattr(classroom, "sync", None)
    return existing if isinstance(existing, SyncService) else SyncService(classroom)


_Port = SyncPort  # the name tests patch
__all__ = [
    "CACHE_DIR",
    "CONFIG_KEY",
    "IDENTITY_KEY",
    "KEY_FILE",
    "LAST_KEY",
    "PASSPHRASE_VARIABLE",
    "STATE_KEY",
    "ConflictView",
    "SyncReport",
    "SyncService",
    "SyncStatus",
    "sync_of",
]
