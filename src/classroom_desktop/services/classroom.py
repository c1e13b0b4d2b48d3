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

from classroom_desktop.clock import Clock, default_clock
from classroom_desktop.domain.errors import UserError
from classroom_desktop.store import backup, migrate
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.database import Database, Tx
from classroom_desktop.store.engine import DB_NAME
from classroom_desktop.store.models import new_id
from classroom_desktop.sync.clock import HybridClock, Stamp

log = logging.getLogger(__name__)

Listener = Callable[[ChangeSet], None]


class Classroom:
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
        from classroom_desktop.services.plans import Plans
        from classroom_desktop.services.roster import Roster
        from classroom_desktop.services.syncing import SyncService

        self.classes = Classes(self)
        self.students = Roster(self)
        self.curriculum = Curriculum(self)
        self.evidence = EvidenceService(self)
        self.datawall = DataWall(self)
        self.groups = Groups(self)
        self.plans = Plans(self)
        self.sync = SyncService(self)

    # ---- opening ----------------------------------------------------------------------
    @classmethod
    def open(cls, folder: Path | str, create: bool = True, clock: Clock | None = None) -> Classroom:
        """Open the workspace in ``folder``: back it up, migrate it to the newest schema.

        ``clock`` says what day and time it is (the system's unless a test or demo pins it).

        Raises:
            UserError: the folder is missing (and ``create`` is False), or cannot be written.
        """
        folder = Path(folder).expanduser()
        clock = clock or default_clock()
        db_path = folder / DB_NAME
        if not db_path.exists() and not create:
            raise UserError(f"There is no class workspace in {folder}.")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"The folder {folder} could not be created ({exc.strerror}).") from exc
        existed = db_path.exists() and db_path.stat().st_size > 0
        stamped = migrate.stamped_revision(db_path) if existed else None
        if existed and (stamped != migrate.HEAD or backup.changed_since_last_backup(db_path)):
            backup.make_backup(db_path, "open" if stamped == migrate.HEAD else "before-update", clock.now())
        db = Database(db_path, clock=clock)
        try:
            if stamped != migrate.HEAD:
                migrate.upgrade(db.engine)
        except Exception as exc:
            db.close()
            raise UserError(
                f"The class file in {folder} could not be opened ({exc}). "
                "A backup copy is in its backups folder."
            ) from exc
        with db.writing() as tx:
            if tx.meta("device_id") is None:
                tx.set_meta("device_id", new_id())
        classroom = cls(folder, db)
        if not existed:
            classroom.curriculum.ensure_default_scale()
        return classroom

    def close(self) -> None:
        self.db.close()

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

    # ---- backups ----------------------------------------------------------------------
    def make_backup(self) -> Path:
        self.db.checkpoint()
        return backup.make_backup(self.db_path, "manual", self.clock.now())

    def backups(self) -> list[backup.BackupInfo]:
        return backup.list_backups(self.db_path)

    def restore(self, backup_file: Path) -> None:
        """Replace this workspace's data with a backup (the current data is backed up first).

        Closes this Classroom: open the folder again afterwards.
        """
        self.close()
        backup.restore_backup(backup_file, self.db_path, self.clock.now())

    @staticmethod
    def restore_into(folder: Path, backup_file: Path, clock: Clock | None = None) -> None:
        """Restore a backup into a workspace folder that is not open (the first-run screen)."""
        Path(folder).mkdir(parents=True, exist_ok=True)
        backup.restore_backup(backup_file, Path(folder) / DB_NAME, (clock or default_clock()).now())

    def setting(self, key: str, default: object = None) -> object:
        with self.db.reading() as tx:
            return tx.meta(key, default)

    def set_setting(self, key: str, value: object) -> ChangeSet:
        with self.write() as tx:
            tx.set_meta(key, value)
            tx.changes.add("meta", key)
        return tx.changes
