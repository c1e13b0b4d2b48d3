"""Sync through a shared folder, for the window and the command line.

``SyncService(classroom)`` sets sync up (create a sync folder, or join one with the class
passphrase), syncs, reports the status and lists conflicts.

Where the key lives: the repository key (unwrapped once with the passphrase) is kept in
``<workspace>/sync.key``, a 0600 file beside the database, never in the database itself, so no
backup carries it. The file is bound to the database file it was made for (its path and file
identity): a restored backup or a copied workspace folder finds the key file missing or bound
to another database and asks for the passphrase again. The passphrase itself is never stored;
the share only holds sealed files. The workspace's replica identity (its Ed25519 signing key)
is kept in the database (meta ``sync_identity``); a fork takes a new one (see
:mod:`classroom_desktop.sync`).
"""

from __future__ import annotations

import base64
import contextlib
import getpass
import json
import os
import platform
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from classroom_desktop.domain.errors import UserError
from classroom_desktop.store import change_log, conflicts, sync_apply
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.migrate import HEAD
from classroom_desktop.store.models import ENTITIES, LearnerProfile, Student
from classroom_desktop.sync.clock import Stamp
from classroom_desktop.sync.crypto import DEFAULT_SCRYPT_N, check_new_passphrase
from classroom_desktop.sync.engine import (
    BATCH,
    SNAPSHOT_EVERY,
    AppliedBatch,
    Progress,
    SyncEngine,
    SyncReport,
    ensure_identity,
)
from classroom_desktop.sync.repo import SyncRepo

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom

CONFIG_KEY = "sync_config"
STATE_KEY = "sync_state"
LAST_KEY = "sync_last"
IDENTITY_KEY = "sync_identity"
KEY_FILE = "sync.key"
CACHE_DIR = "sync-cache"
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


@dataclass(frozen=True)
class ConflictView:
    """One field edited on two laptops: the value kept and the other one."""

    id: str
    what: str  #: e.g. "Zoë Ng — learner profile: strengths"
    kept: str
    other: str
    entity: str
    entity_id: str
    field: str
    detected_at: str


class _Port:
    """The engine's view of the workspace."""

    def __init__(self, classroom: Classroom) -> None:
        self._c = classroom
        self.device_id = classroom.device_id
        self.schema = HEAD
        self.name = f"{platform.node() or 'a laptop'} ({classroom.folder.name})"
        self.cache: Path | None = classroom.folder / CACHE_DIR

    def identity(self) -> bytes | None:
        found = self._c.setting(IDENTITY_KEY)
        if not isinstance(found, dict) or found.get("device") != self._c.device_id:
            return None
        private = found.get("private")
        try:
            return base64.b64decode(private) if isinstance(private, str) else None
        except ValueError:
            return None

    def become(self, device: str, private: bytes, state: dict[str, Any]) -> None:
        last = self._c.hlc.last
        with self._c.db.writing() as tx:
            change_log.restamp_unpublished(tx, device, int(state.get("published_changes", 0)))
            tx.set_meta("device_id", device)
            secret = base64.b64encode(private).decode("ascii")
            tx.set_meta(IDENTITY_KEY, {"device": device, "private": secret})
            tx.set_meta(STATE_KEY, state)
            if last is not None:
                tx.set_meta("hlc", Stamp(last.wall_ms, last.counter, device).encode())
        self._c.adopt_replica(device, None)
        self.device_id = device

    def reissue(self, changes: list[dict[str, Any]], state: dict[str, Any]) -> int:
        """Take ``changes`` (an earlier identity's, stamped far ahead) as new edits of this laptop."""
        fresh: dict[str, str] = {}
        stamped = []
        for c in sorted(changes, key=lambda c: str(c.get("hlc", ""))):
            old = str(c.get("hlc", ""))
            if old not in fresh:
                stamp = self._c.db.stamp
                assert stamp is not None
                fresh[old] = stamp()
            stamped.append({**c, "hlc": fresh[old], "device": self.device_id, "base": None})
        result = sync_apply.apply_changes(self._c.db, stamped, meta={STATE_KEY: state}, origin="local")
        last = self._c.hlc.last
        with self._c.db.writing() as tx:
            tx.set_meta("hlc", last.encode() if last else None)
        if result.changes:
            self._c.notify(result.changes)
        return result.received

    def holds_local(self, changes: list[dict[str, Any]]) -> bool:
        return change_log.holds_local(self._c.db, changes)

    def heal_clock(self, now_ms: int, ahead_ms: int) -> tuple[int, int]:
        """Re-issue own changes stamped far beyond both this clock and every stamp received."""
        limit_ms = now_ms + ahead_ms
        last = self._c.hlc.last
        if last is None or last.wall_ms <= limit_ms:
            return 0, limit_ms
        received = change_log.newest_remote_stamp(self._c.db)
        try:
            limit_ms = max(limit_ms, Stamp.decode(received).wall_ms + ahead_ms) if received else limit_ms
        except ValueError:
            pass
        if last.wall_ms <= limit_ms:
            return 0, limit_ms  # a clock behind the others' moved on by what it saw: nothing wrong
        newest = change_log.newest_stamp_before(self._c.db, limit_ms)
        try:
            restart = Stamp.decode(newest) if newest else Stamp(0, 0, self.device_id)
        except ValueError:
            restart = Stamp(0, 0, self.device_id)
        self._c.adopt_replica(self.device_id, restart)
        with self._c.db.writing() as tx:
            count = change_log.restamp_future(tx, limit_ms, self._c.db.stamp)
            now = self._c.hlc.last
            tx.set_meta("hlc", now.encode() if now else None)
        return count, limit_ms

    def load_state(self) -> dict[str, Any]:
        state = self._c.setting(STATE_KEY)
        return dict(state) if isinstance(state, dict) else {}

    def save_state(self, state: dict[str, Any]) -> None:
        with self._c.db.writing() as tx:
            tx.set_meta(STATE_KEY, state)

    def export(self, after_seq: int, limit: int) -> tuple[list[dict[str, Any]], int]:
        with self._c.db.writing() as tx:  # an edit made while this replica changed its id
            change_log.restamp_unpublished(tx, self.device_id, after_seq)
        return change_log.local_changes(self._c.db, after_seq, limit)

    def apply(self, changes: list[dict[str, Any]], state: dict[str, Any]) -> AppliedBatch:
        result = sync_apply.apply_changes(self._c.db, changes, meta={STATE_KEY: state})
        if result.changes:
            self._c.notify(result.changes)
        return AppliedBatch(result.received, result.conflicts, result.pending, result.refused)

    def mark_published(self, after_seq: int, upto_seq: int, bundle: str) -> None:
        with self._c.db.writing() as tx:
            change_log.mark_published(tx, after_seq, upto_seq, bundle)

    def trim_log(self, everywhere: set[str]) -> int:
        return change_log.trim(self._c.db, everywhere)

    def snapshot(self) -> list[dict[str, Any]]:
        return change_log.snapshot_changes(self._c.db)

    def observe(self, hlc: str) -> None:
        try:
            stamp = Stamp.decode(hlc)
        except ValueError:
            return
        self._c.observe_clock(stamp)


def _display(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return "; ".join(str(v.get("text", v)) if isinstance(v, dict) else str(v) for v in value)
    return str(value)


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

    # ---- the key file beside the database ------------------------------------------------
    @property
    def key_file(self) -> Path:
        return self._c.folder / KEY_FILE

    def _binding(self) -> dict[str, Any]:
        """What ties the key file to this database file (a restored or copied file differs)."""
        path = self._c.db_path
        try:
            st = path.stat()
        except OSError:
            return {}
        return {"db": str(path.resolve()), "dev": st.st_dev, "ino": st.st_ino}

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
        try:
            data = json.loads(self.key_file.read_text(encoding="utf-8"))
            keys = [base64.b64decode(k, validate=True) for k in data["keys"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if data.get("repo_id") != config.get("repo_id") or data.get("bound") != self._binding() or not keys:
            return None
        return keys

    def _store_key(self, keys: list[bytes], repo_id: str) -> None:
        data = {
            "repo_id": repo_id,
            "keys": [base64.b64encode(k).decode("ascii") for k in keys],
            "bound": self._binding(),
        }
        tmp = self.key_file.with_name(f".tmp-{KEY_FILE}")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.key_file)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise UserError(
                f"The sync key could not be saved in {self._c.folder} ({exc.strerror})."
            ) from exc
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
            ensure_identity(_Port(self._c))
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
        engine = SyncEngine(repo, keys, _Port(self._c), now_ms=self._now_ms)
        state = _Port(self._c).load_state()
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
                _Port(self._c),
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

    # ---- conflicts ------------------------------------------------------------------------
    def conflicts(self) -> list[ConflictView]:
        """Edits that clashed and have not been settled, newest first."""
        rows = conflicts.open_conflicts(self._c.db)
        with self._c.db.reading() as tx:
            return [
                ConflictView(
                    r.id,
                    self._describe(tx, r.entity, r.entity_id, r.field),
                    _display(r.kept_value),
                    _display(r.other_value),
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

    @staticmethod
    def _describe(tx: Any, entity: str, entity_id: str, field: str) -> str:
        label = field.replace("_", " ")
        student_id = entity_id if entity == "student" else None
        if entity == "learner_profile":
            profile = tx.get(LearnerProfile, entity_id)
            student_id = profile.student_id if profile else None
        if student_id:
            student = tx.scalars(select(Student).where(Student.id == student_id))
            if student:
                s = student[0]
                name = " ".join(p for p in (s.preferred_name or s.given_name, s.family_name) if p)
                part = "learner profile: " if entity == "learner_profile" else ""
                return f"{name} — {part}{label}"
        model = ENTITIES.get(entity)
        rows = tx.scalars(select(model).where(model.id == entity_id)) if model else []
        title = ""
        if rows:
            row = rows[0]
            title = str(getattr(row, "name", "") or getattr(row, "code", "") or getattr(row, "title", ""))
        kind = entity.replace("school_class", "class").replace("_", " ")
        return f"{kind.capitalize()} {title}".strip() + f" — {label}"


def sync_of(classroom: Classroom) -> SyncService:
    """The workspace's sync service (``classroom.sync`` once the lead attaches it)."""
    existing = getattr(classroom, "sync", None)
    return existing if isinstance(existing, SyncService) else SyncService(classroom)


NEW_PASSPHRASE_VARIABLE = "CLASSROOM_SYNC_NEW_PASSPHRASE"


def _ask(variable: str, prompt: str) -> str:
    """A passphrase from ``variable``, else typed at the terminal; a clear error without one."""
    value = os.environ.get(variable)
    if value:
        return value
    try:
        return getpass.getpass(prompt)
    except (EOFError, OSError) as exc:
        raise UserError(
            f"No passphrase given: set the {variable} variable or run this in a terminal."
        ) from exc


def sync_from_command_line(
    workspace: Path,
    folder: Path,
    create: bool = False,
    join: bool = False,
    change_passphrase: bool = False,
    remove_laptop: str | None = None,
    list_laptops: bool = False,
) -> str:
    """``classroom-desktop sync``: set up (``--create``/``--join``) if asked, then sync once.

    The passphrase comes from ``CLASSROOM_SYNC_PASSPHRASE``, else it is asked for (the new one for
    ``--change-passphrase`` and ``--remove-laptop`` from ``CLASSROOM_SYNC_NEW_PASSPHRASE``). Joining
    into a missing or empty workspace brings the whole class over; a join that fails leaves no
    empty workspace behind.

    Raises:
        UserError: bad folder or passphrase, or the sync did not complete.
    """
    from classroom_desktop.services.classroom import Classroom
    from classroom_desktop.store.engine import DB_NAME

    workspace = Path(workspace).expanduser()
    existed = (workspace / DB_NAME).exists()
    folder_existed = workspace.exists()
    classroom = Classroom.open(workspace, create=create or join)
    ok = False
    try:
        service = SyncService(classroom)
        if list_laptops or change_passphrase or remove_laptop:
            if not service.is_set_up():
                raise UserError("Sync is not set up for this workspace (or needs the passphrase again).")
            if list_laptops:
                ok = True
                return "\n".join(
                    f"{device}  {name or '(no name yet)'}  last sync {when or 'never'}"
                    + ("  (this laptop)" if device == classroom.device_id else "")
                    for device, name, when in service.laptops()
                )
            old = _ask(PASSPHRASE_VARIABLE, "Class sync passphrase: ")
            new = _ask(NEW_PASSPHRASE_VARIABLE, "New class sync passphrase: ")
            if remove_laptop:
                report = service.remove_laptop(remove_laptop, old, new)
                prefix = f"Removed laptop {remove_laptop}: the other laptops need the new passphrase. "
            else:
                service.change_passphrase(old, new)
                ok = True
                return "The sync passphrase was changed."
        elif create or join or not service.is_set_up():
            if not create and not join:
                join = SyncRepo(Path(folder)).exists()
                create = not join
            passphrase = _ask(PASSPHRASE_VARIABLE, "Class sync passphrase: ")
            report = service.setup(folder, passphrase, create=create)
            prefix = ""
        else:
            configured = Path(service.config()["folder"])
            if configured.resolve() != Path(folder).expanduser().resolve():
                raise UserError(
                    f"This workspace syncs with {configured}. Use --join to switch it to {folder}."
                )
            report = service.sync_now()
            prefix = ""
        ok = True
    except UserError:
        raise
    except Exception as exc:  # a bug: one line for the teacher, the traceback in the log
        import logging

        logging.getLogger(__name__).exception("sync failed")
        raise UserError(f"Sync failed unexpectedly ({type(exc).__name__}: {exc}); nothing was lost.") from exc
    finally:
        classroom.close()
        if not ok and not existed:
            import shutil

            if folder_existed:
                for name in (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", KEY_FILE, CACHE_DIR, "backups"):
                    target = workspace / name
                    if target.is_dir():
                        shutil.rmtree(target, ignore_errors=True)
                    else:
                        target.unlink(missing_ok=True)
            else:
                shutil.rmtree(workspace, ignore_errors=True)
    if report.status != "ok":
        raise UserError(prefix + " ".join(report.message.split()))
    return prefix + report.message
