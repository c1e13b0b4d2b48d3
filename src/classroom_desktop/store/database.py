"""The one place that holds SQLAlchemy sessions: read and write transactions over a workspace.

Services never see a ``Session``; they get a :class:`Tx` whose writes record, in the same
transaction, one change-log row per changed field (entity, id, field, value, hybrid logical
clock stamp, device) for sync.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import JSON, Select, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from classroom_desktop.clock import Clock, default_clock
from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.engine import make_engine, make_session_factory
from classroom_desktop.store.models import TIMESTAMP_FIELDS, Change, Entity, Meta, new_id
from classroom_desktop.store.not_found import not_found_message

E = TypeVar("E", bound=Entity)

#: Columns the system maintains; changing them never records a change or bumps a stamp.
SYSTEM_FIELDS = frozenset({"modified_at"})


def row_fields(row: Entity) -> dict[str, Any]:
    """Every column of ``row`` by name (system-maintained columns left out)."""
    return {c.key: getattr(row, c.key) for c in row.__table__.columns if c.key not in SYSTEM_FIELDS}


class Tx:
    """One transaction. Writes record their changes; ``changes`` says what they touched."""

    def __init__(
        self, session: Session, stamp: Callable[[], str] | None, device: str, clock: Clock
    ) -> None:
        self._session = session
        self.clock = clock
        self._stamp = stamp
        self._hlc: str | None = None
        self._device = device
        self.changes = ChangeSet()

    # ---- reads -------------------------------------------------------------------------
    def get(self, model: type[E], entity_id: str) -> E | None:
        row = self._session.get(model, entity_id)
        return None if row is None or row.deleted else row

    def get_tombstoned(self, model: type[E], entity_id: str) -> E | None:
        """The row with this id even if it was deleted (to bring it back on undo)."""
        return self._session.get(model, entity_id)

    def require(self, model: type[E], entity_id: str | None, what: str) -> E:
        """The live row with this id, or a :class:`UserError` naming ``what`` was not found."""
        row = self.get(model, entity_id) if entity_id else None
        if row is None:
            raise UserError(not_found_message(what))
        return row

    def all(self, model: type[E], *where: Any, order_by: Sequence[Any] = ()) -> list[E]:
        stmt = select(model).where(model.deleted.is_(False), *where).order_by(*order_by)
        return list(self._session.scalars(stmt))

    def scalars(self, stmt: Select[Any]) -> list[Any]:
        return list(self._session.scalars(stmt))

    def execute(self, stmt: Any) -> list[Any]:
        return list(self._session.execute(stmt))

    def raw(self, sql: str, params: dict[str, Any] | Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Plain tuples from SQL, for hot paths that must not build objects per row."""
        conn = self._session.connection().connection.driver_connection
        assert conn is not None
        return conn.execute(sql, params).fetchall()

    def meta(self, key: str, default: Any = None) -> Any:
        row = self._session.get(Meta, key)
        return default if row is None else row.value

    # ---- writes ------------------------------------------------------------------------
    def set_meta(self, key: str, value: Any) -> None:
        row = self._session.get(Meta, key)
        if row is None:
            self._session.add(Meta(key=key, value=value))
        else:
            row.value = value

    def _hlc_now(self) -> str:
        if self._stamp is None:
            raise RuntimeError("this transaction was opened for reading")
        if self._hlc is None:
            self._hlc = self._stamp()
        return self._hlc

    def _record(self, entity: str, entity_id: str, fields: dict[str, Any]) -> None:
        hlc = self._hlc_now()
        for name, value in fields.items():
            self._session.add(
                Change(
                    hlc=hlc, device=self._device, entity=entity, entity_id=entity_id, field=name, value=value
                )
            )
        self.changes.add(entity, entity_id)

    def add(self, model: type[E], **fields: Any) -> E:
        if "id" not in fields:  # (setdefault would make an id even when one is given)
            fields["id"] = new_id()
        now = self.clock.utc_iso()
        columns = model.__table__.columns
        for name in TIMESTAMP_FIELDS:
            if name in columns and name != "modified_at":
                fields.setdefault(name, now)
        row = model(**fields)
        row.modified_at = now
        # Fill column defaults now so the change log carries the whole row.
        for column in model.__table__.columns:
            if column.key not in fields and column.default is not None and getattr(row, column.key) is None:
                arg = column.default.arg  # type: ignore[attr-defined]
                setattr(row, column.key, arg(None) if callable(arg) else arg)
        self._session.add(row)
        self._session.flush()
        self._record(model.__tablename__, row.id, row_fields(row))
        return row

    def add_many(self, model: type[Entity], rows: list[dict[str, Any]]) -> None:
        """Insert many rows in one statement (bulk evidence, imports), recording their changes in bulk.

        Plain ``executemany`` on the transaction's own connection: the ORM's bulk insert spends most of
        its time building parameters (an import of 10,000 students writes 180,000 change-log rows).
        Values are stored exactly as the ORM would store them (JSON columns as JSON text, None as null).
        """
        if not rows:
            return
        now = self.clock.utc_iso()
        hlc = self._hlc_now()
        entity = model.__tablename__
        columns = list(model.__table__.columns)
        defaults: dict[str, Any] = {}
        for column in columns:
            if column.default is not None:
                arg = column.default.arg  # type: ignore[attr-defined]
                defaults[column.key] = arg if not callable(arg) else None
        callable_defaults = [c.key for c in columns
                             if c.default is not None and callable(c.default.arg)]  # type: ignore[attr-defined]
        json_columns = {c.key for c in columns if isinstance(c.type, JSON)}
        keys = [c.key for c in columns]
        logged = [k for k in keys if k not in SYSTEM_FIELDS]
        complete = []
        for fields in rows:
            full: dict[str, Any] = dict.fromkeys(keys)
            full.update(defaults)
            for key in callable_defaults:
                if key not in fields:
                    full[key] = model.__table__.columns[key].default.arg(None)  # type: ignore[union-attr]
            full.update(fields)
            for name in TIMESTAMP_FIELDS:
                if name in full and full[name] is None:
                    full[name] = now
            full["modified_at"] = now
            complete.append(full)

        def stored(key: str, value: Any) -> Any:
            return json.dumps(value) if key in json_columns else value

        self._session.flush()  # what the ORM holds goes first, as it would have
        conn = self._session.connection().connection.driver_connection
        assert conn is not None
        names = ", ".join(f'"{c.name}"' for c in columns)
        conn.executemany(
            f'INSERT INTO "{entity}" ({names}) VALUES ({", ".join("?" * len(columns))})',
            [tuple(stored(k, full[k]) for k in keys) for full in complete],
        )
        conn.executemany(
            "INSERT INTO change (hlc, device, entity, entity_id, field, value, origin) "
            "VALUES (?, ?, ?, ?, ?, ?, 'local')",
            [(hlc, self._device, entity, full["id"], k, json.dumps(full[k]))
             for full in complete for k in logged],
        )
        for full in complete:
            self.changes.add(entity, full["id"])

    def update(self, row: Entity, **fields: Any) -> bool:
        """Set fields that differ; record one change per changed field. True if anything changed."""
        changed = {k: v for k, v in fields.items() if getattr(row, k) != v}
        if not changed:
            return False
        for key, value in changed.items():
            setattr(row, key, value)
        row.modified_at = self.clock.utc_iso()
        self._record(row.__tablename__, row.id, changed)
        return True

    def delete(self, row: Entity) -> None:
        """A tombstone: the row stays (sync needs it) but is gone for every read."""
        self.update(row, deleted=True)

    def flush(self) -> None:
        self._session.flush()


def dbapi(tx: Tx) -> sqlite3.Connection:
    """The write transaction's own ``sqlite3`` connection (set-based sync and bulk work)."""
    conn = tx._session.connection().connection.driver_connection  # noqa: SLF001 (store-internal)
    assert isinstance(conn, sqlite3.Connection)
    return conn


def storage_error(exc: BaseException, path: Path, writing: bool) -> BaseException:
    """The teacher's words for a problem SQLite met with the file (or ``exc`` itself if it is a bug)."""
    text = str(getattr(exc, "orig", exc)).lower()
    if "disk is full" in text or "disk full" in text or "no space" in text:
        if writing:
            message = _(
                "The change was not saved because the disk is full; everything saved before is safe. "
                "Free some space on this computer and try again."
            )
        else:
            message = _(
                "The class could not be read because the disk is full; everything saved before is safe. "
                "Free some space on this computer and try again."
            )
    elif "malformed" in text or "not a database" in text or "disk i/o error" in text:
        if writing:
            message = _(
                "The change was not saved because the class file in {folder} is damaged; "
                "close Classroom Desktop and open it again to restore a good backup."
            )
        else:
            message = _(
                "The class could not be read because the class file in {folder} is damaged; "
                "close Classroom Desktop and open it again to restore a good backup."
            )
    elif "locked" in text or "busy" in text:
        if writing:
            message = _(
                "The change was not saved because another program is using the class file; "
                "try again in a moment."
            )
        else:
            message = _(
                "The class could not be read because another program is using the class file; "
                "try again in a moment."
            )
    elif "readonly" in text or "read-only" in text:
        if writing:
            message = _("The change was not saved because the class file in {folder} cannot be written to.")
        else:
            message = _(
                "The class could not be read because the class file in {folder} cannot be written to."
            )
    else:
        return exc
    return UserError(message.format(folder=path.parent))


class Database:
    """A workspace database file with its engine and a lock that serialises writes."""

    def __init__(
        self,
        path: Path,
        device: str = "",
        stamp: Callable[[], str] | None = None,
        clock: Clock | None = None,
        read_only: bool = False,
    ) -> None:
        self.path = path
        self.clock = clock or default_clock()
        #: Opened only to read (another window holds the workspace): every write is refused.
        self.read_only = read_only
        self.engine = make_engine(path, query_only=read_only)
        self._sessions = make_session_factory(self.engine)
        self._write_lock = threading.RLock()
        self.device = device
        self.stamp = stamp

    @contextmanager
    def reading(self) -> Iterator[Tx]:
        try:
            with self._sessions() as session:
                yield Tx(session, None, self.device, self.clock)
        except (DBAPIError, sqlite3.Error) as exc:  # raw executemany (bulk writes) raises sqlite3's own
            error = storage_error(exc, self.path, writing=False)
            if error is exc:
                raise
            raise error from exc

    @contextmanager
    def writing(self) -> Iterator[Tx]:
        """A write transaction: everything in it commits together or not at all.

        Raises:
            UserError: the disk is full, the file is damaged or busy (nothing of it was saved).
        """
        if self.read_only:
            raise UserError(
                _(
                    "The class in {folder} is open in another window, so it can only be read here; "
                    "make the change there."
                ).format(folder=self.path.parent)
            )
        try:
            with self._write_lock, self._sessions() as session, session.begin():
                yield Tx(session, self.stamp, self.device, self.clock)
        except (DBAPIError, sqlite3.Error) as exc:  # raw executemany (bulk writes) raises sqlite3's own
            error = storage_error(exc, self.path, writing=True)
            if error is exc:
                raise
            raise error from exc

    def vacuum(self) -> None:
        """Give the file's free pages back to the disk (after a large trim of the change log)."""
        with self._write_lock, self.engine.connect() as conn:
            conn.exec_driver_sql("VACUUM")

    def checkpoint(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))

    def close(self) -> None:
        self.engine.dispose()
