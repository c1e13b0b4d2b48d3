"""``Classroom``: the one door to a workspace (like Anki's Collection).

Reads return plain values (see :mod:`views`); writes go through here, record their changes
for sync in the same transaction, and return a :class:`ChangeSet` that is also sent to every
listener, so each view refreshes only when the change concerns it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from classroom_desktop.clock import Clock, default_clock
from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.services.classroom_backups import BackupActions, daily_backup
from classroom_desktop.store import backup, early_table, migrate, private
from classroom_desktop.store.backup import BackupInfo, WorkspaceDamaged
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.early_table import EarlyTable
from classroom_desktop.store.lock import WorkspaceBusy, WorkspaceLock
from classroom_desktop.store.migrate import WorkspaceTooNew
from classroom_desktop.store.private import DB_NAME
from classroom_desktop.sync.clock import HybridClock, Stamp

if TYPE_CHECKING:  # SQLAlchemy loads when a workspace opens, not with this module (see early_table)
    from classroom_desktop.store.database import Database, Tx

log = logging.getLogger(__name__)

Listener = Callable[[ChangeSet], None]

__all__ = [
    "BackupInfo", "Classroom", "EarlyTable", "WorkspaceBusy", "WorkspaceDamaged", "WorkspaceTooNew",
]


class Classroom(BackupActions):
    """A workspace folder opened for reading and writing.

    Sub-services hold the operations by area: ``classes``, ``students``, ``curriculum``,
    ``evidence``. Use :meth:`open` to get one.
    """

    def __init__(self, folder: Path, db: Database) -> None:
        self.folder = folder
        self.db = db
        #: The program's clock: every "today" and "now" of this workspace comes from it.
        self.clock: Clock = db.clock
        self._listeners: list[Listener] = []
        self._clock_lock = threading.Lock()
        #: The workspace's one-writer lock, held from :meth:`open` until :meth:`close`.
        self._lock: WorkspaceLock | None = None
        with db.reading() as tx:
            device = tx.meta("device_id")
            last = tx.meta("hlc")
        self.device_id: str = device
        #: The hybrid logical clock that stamps changes for sync (wall time from ``clock``).
        self.hlc = HybridClock(device, now_ms=self.clock.now_ms, last=Stamp.decode(last) if last else None)
        db.device = device
        db.stamp = self._next_stamp

        from classroom_desktop.services.classes import Classes
        from classroom_desktop.services.curriculum import Curriculum
        from classroom_desktop.services.datawall import DataWall
        from classroom_desktop.services.evidence import EvidenceService
        from classroom_desktop.services.groups import Groups
        from classroom_desktop.services.peer_help import PeerHelp
        from classroom_desktop.services.plans import Plans
        from classroom_desktop.services.reassessment import Reassessments
        from classroom_desktop.services.roster import Roster
        from classroom_desktop.services.syncing import SyncService
        from classroom_desktop.services.units import Units

        self.classes = Classes(self)
        self.students = Roster(self)
        self.curriculum = Curriculum(self)
        self.evidence = EvidenceService(self)
        self.datawall = DataWall(self)
        self.groups = Groups(self)
        self.plans = Plans(self)
        self.sync = SyncService(self)
        self.units = Units(self)
        self.peer_help = PeerHelp(self)
        self.reassessment = Reassessments(self)

    # ---- opening ----------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        folder: Path | str,
        create: bool = True,
        clock: Clock | None = None,
        wait: float = 0.0,
        read_only: bool = False,
    ) -> Classroom:
        """Open the workspace in ``folder``: lock it, check it, back it up once a day, migrate it.

        ``clock`` says what day and time it is (the system's unless a test or demo pins it);
        ``wait`` is how many seconds to wait for another window or program to let go of it.
        ``read_only`` opens it only to read, beside the window that holds it (printing and
        exporting from the command line): checked, but not locked, backed up, migrated or changed;
        every write is refused.

        Raises:
            WorkspaceBusy: another window or program has it open (after ``wait`` seconds).
            WorkspaceDamaged: its file fails ``PRAGMA quick_check`` (nothing is backed up or changed;
                the error names the newest good backup).
            WorkspaceTooNew: a newer Classroom Desktop saved it (nothing is changed).
            UserError: the folder is missing (and ``create`` is False), or cannot be written.
        """
        folder = Path(folder).expanduser()
        clock = clock or default_clock()
        db_path = folder / DB_NAME
        if not db_path.exists() and (not create or read_only):
            raise UserError(_("There is no class workspace in {folder}.").format(folder=folder))
        if read_only:
            return cls._open_to_read(folder, db_path, clock)
        try:
            private.private_dir(folder)
        except OSError as exc:
            raise UserError(
                _("The folder {folder} could not be created ({reason}).").format(
                    folder=folder, reason=exc.strerror
                )
            ) from exc
        workspace_lock = WorkspaceLock.acquire(folder, wait=wait)
        try:
            db, created = cls._open_locked(folder, db_path, clock)
            try:
                classroom = cls(folder, db)
            except BaseException:
                db.close()
                raise
        except BaseException:
            workspace_lock.release()
            raise
        classroom._lock = workspace_lock
        if created:
            classroom.curriculum.ensure_default_scale()
        return classroom

    @classmethod
    def _open_to_read(cls, folder: Path, db_path: Path, clock: Clock) -> Classroom:
        if not backup.quick_check(db_path):
            raise backup.WorkspaceDamaged(folder, backup.newest_good_backup(db_path, clock.now()))
        stamped = migrate.stamped_revision(db_path)
        if stamped != migrate.HEAD:
            if not migrate.is_known_revision(stamped):
                raise migrate.WorkspaceTooNew(folder, str(stamped))
            raise UserError(
                _(
                    "The class in {folder} needs updating before it can be read; close the window that has "
                    "it open, then open it again."
                ).format(folder=folder)
            )
        from classroom_desktop.store.database import Database

        db = Database(db_path, clock=clock, read_only=True)
        try:
            return cls(folder, db)
        except BaseException:
            db.close()
            raise

    @property
    def read_only(self) -> bool:
        """True when opened only to read (another window holds the workspace)."""
        return self.db.read_only

    @staticmethod
    def _open_locked(folder: Path, db_path: Path, clock: Clock) -> tuple[Database, bool]:
        """Check, back up and migrate the database while the caller holds the workspace's lock."""
        existed = db_path.exists() and db_path.stat().st_size > 0
        stamped = None
        if existed:
            if not backup.quick_check(db_path):
                raise backup.WorkspaceDamaged(folder, backup.newest_good_backup(db_path, clock.now()))
            stamped = migrate.stamped_revision(db_path)
            if not migrate.is_known_revision(stamped):
                raise migrate.WorkspaceTooNew(folder, str(stamped))
        else:
            private.create_private_file(db_path)
        private.make_workspace_private(folder)
        backup.remove_stale_temps(folder)
        if existed:
            if stamped != migrate.HEAD:
                backup.make_backup(db_path, "before-update", clock.now())
            else:
                daily_backup(db_path, clock)
        from classroom_desktop.store.database import Database
        from classroom_desktop.store.models import new_id

        db = Database(db_path, clock=clock)
        try:
            if stamped != migrate.HEAD:
                migrate.upgrade(db.engine)
            with db.writing() as tx:
                if tx.meta("device_id") is None:
                    tx.set_meta("device_id", new_id())
        except UserError:
            db.close()
            raise
        except Exception as exc:
            db.close()
            raise UserError(
                _(
                    "The class file in {folder} could not be opened ({reason}); "
                    "a backup copy made just before is in its backups folder."
                ).format(folder=folder, reason=str(exc).splitlines()[0])
            ) from exc
        return db, not existed

    def close(self, keep_table_of: str | None = None, day: str = "") -> None:
        """Close the workspace (and let go of its lock).

        ``keep_table_of``: a class whose gradebook the next start shows at once, before the
        workspace is open (see :meth:`early_table`); kept only while the data stays as it is now.
        ``day``: the day that copy describes, for data that moves with the calendar (the demo).
        """
        early = None
        if keep_table_of and not self.read_only and self._lock is not None:
            try:
                early = self._early(keep_table_of, day)
            except Exception:  # noqa: BLE001 - a speed-up only: closing must not fail for it
                log.warning("the gradebook was not kept for the next start", exc_info=True)
        self.db.close()
        if self._lock is not None:
            if early is not None:
                early_table.save(self.folder, self.db_path, early)
            elif not self.read_only:
                early_table.drop(self.folder)
            self._lock.release()

    def _early(self, class_id: str, day: str) -> EarlyTable:
        classes = [
            (f"{c.name} ({c.school_year})" if c.school_year else c.name, c.id) for c in self.classes.list()
        ]
        return EarlyTable(class_id, classes, self.evidence.mastery_table(class_id), day)

    @staticmethod
    def early_table(folder: Path | str, class_id: str = "", day: str = "") -> EarlyTable | None:
        """The gradebook kept when the workspace in ``folder`` was last closed, if its data has not
        changed since (else None): read with plain ``sqlite3``, before the workspace is opened or
        SQLAlchemy is imported, so the window can show it at once. Read-only; the real table
        (``evidence.mastery_table``) replaces it once the workspace is open.
        """
        folder = Path(folder).expanduser()
        return early_table.load(folder, folder / DB_NAME, class_id, day)

    @property
    def db_path(self) -> Path:
        return self.db.path

    # ---- writes and notifications -----------------------------------------------------
    def _next_stamp(self) -> str:
        with self._clock_lock:
            return self.hlc.now().encode()

    def observe_clock(self, stamp: Stamp) -> Stamp:
        """Move this workspace's clock past a stamp seen on another laptop (sync) and save it."""
        with self._clock_lock:
            last = self.hlc.observe(stamp)
        with self.db.writing() as tx:
            tx.set_meta("hlc", last.encode())
        return last

    def adopt_replica(self, device: str, last: Stamp | None) -> Stamp | None:
        """Stamp from now on as replica ``device`` (sync gave a fork its own identity), with the
        hybrid clock restarted after ``last`` (or kept, re-labelled, when ``last`` is None).

        The caller writes ``device_id`` and ``hlc`` to the database in its own transaction."""
        with self._clock_lock:
            self.hlc.relabel(device, last)
            self.device_id = device
            self.db.device = device
            return self.hlc.last

    @contextmanager
    def write(self) -> Iterator[Tx]:
        """A write transaction for the sub-services; listeners hear of it after it commits."""
        with self.db.writing() as tx:
            yield tx
            if tx.changes:
                tx.set_meta("hlc", self.hlc.last.encode() if self.hlc.last else None)
        if tx.changes:
            self.notify(tx.changes)

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def notify(self, changes: ChangeSet) -> None:
        for listener in list(self._listeners):
            try:
                listener(changes)
            except Exception:  # a broken view must not undo a committed write
                log.exception("change listener failed")

    def setting(self, key: str, default: object = None) -> object:
        with self.db.reading() as tx:
            return tx.meta(key, default)

    def set_setting(self, key: str, value: object) -> ChangeSet:
        with self.write() as tx:
            tx.set_meta(key, value)
            tx.changes.add("meta", key)
        return tx.changes
