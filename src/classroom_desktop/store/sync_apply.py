"""The sync apply step: remote changes into the workspace database, in one transaction.

The only sync code that touches the database connection. Rules (DESIGN.md, "Sync"):

- every field of every row is last-writer-wins by its hybrid-clock stamp (which ends in the
  device id, so ties cannot happen); the winner is decided against the newest change known for
  that field, local or remote, in the change log;
- evidence and notes are insert-only (a union by UUID) and never give conflicts: a row is made
  from the changes stamped like its ``id`` (its creation); any later change to an existing
  evidence or note row, whoever sends it, is refused and not logged (only the ``deleted``
  tombstone of an undo may change);
- memberships, prerequisites and enrolments are rows with a ``deleted`` tombstone, so they
  merge as sets; a delete is just the tombstone field winning;
- when this laptop's own edit and another laptop's edit of the same field meet with different
  values, and the other laptop had not seen ours, the losing value goes to the conflict table;
- changes for entities or fields this version does not know are recorded (origin "remote",
  so snapshots pass them on) and not applied; the system-maintained ``modified_at`` is never
  taken from a change and never bumps a stamp (it is set from the winning change's time);
- a change whose row or referenced row has not arrived yet is kept pending (workspace meta
  ``sync_pending``) and retried with the next batch instead of failing the import.

Everything is set-based (temporary tables, ``executemany``), so 100,000 changes apply in about
the time of plain inserts.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Boolean

from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.database import SYSTEM_FIELDS, Database, Tx
from classroom_desktop.store.models import ENTITIES, INSERT_ONLY, TIMESTAMP_FIELDS, Base

PENDING_KEY = "sync_pending"
_CHUNK = 500
_TABLE_ORDER = [t.name for t in Base.metadata.sorted_tables if t.name in ENTITIES]


@dataclass(frozen=True)
class _Column:
    name: str
    kind: str  # "json", "bool" or "plain"
    default: Any
    fk: str | None
    required: bool  #: a new row cannot be made without it


def _columns(entity: str) -> dict[str, _Column]:
    out = {}
    for col in ENTITIES[entity].__table__.columns:
        kind = "json" if isinstance(col.type, JSON) else "bool" if isinstance(col.type, Boolean) else "plain"
        default = col.default.arg if col.default is not None else None  # type: ignore[attr-defined]
        fk = next(iter(col.foreign_keys)).column.table.name if col.foreign_keys else None
        stamped = col.key in TIMESTAMP_FIELDS  # filled from the clock when missing
        required = not col.nullable and col.default is None and not col.primary_key and not stamped
        out[col.key] = _Column(col.key, kind, default, fk, required)
    return out


COLUMNS: dict[str, dict[str, _Column]] = {name: _columns(name) for name in ENTITIES}


@dataclass
class ApplyResult:
    """What one apply did."""

    received: int = 0  #: changes new to this workspace and recorded
    applied: int = 0  #: field values written into rows
    conflicts: int = 0  #: conflicts listed for the teacher
    pending: int = 0  #: changes waiting for a row that has not arrived
    unknown: int = 0  #: changes for entities/fields this version does not know (kept, not applied)
    refused: int = 0  #: changes that would have altered an insert-only row (evidence, notes)
    malformed: int = 0  #: change records that were not understood at all
    max_hlc: str | None = None
    changes: ChangeSet = field(default_factory=ChangeSet)


@dataclass(slots=True)
class _In:
    hlc: str
    device: str
    entity: str
    entity_id: str
    field: str
    value: Any
    base: str | None

    def as_dict(self) -> dict[str, Any]:
        out = {
            "hlc": self.hlc,
            "device": self.device,
            "entity": self.entity,
            "entity_id": self.entity_id,
            "field": self.field,
            "value": self.value,
        }
        if self.base is not None:
            out["base"] = self.base
        return out


def _normalise(raw: Iterable[Any]) -> tuple[list[_In], int]:
    """Valid changes, de-duplicated by (entity, id, field, stamp), and the number dropped as malformed."""
    seen: dict[tuple[str, str, str, str], _In] = {}
    bad = 0
    for item in raw:
        try:
            hlc, device, entity = item["hlc"], item["device"], item["entity"]
            entity_id, name, base = item["entity_id"], item["field"], item.get("base")
        except (KeyError, TypeError, AttributeError):
            bad += 1
            continue
        if (
            type(hlc) is not str
            or type(device) is not str
            or type(entity) is not str
            or type(entity_id) is not str
            or type(name) is not str
            or not (hlc and entity_id and name)
            or (base is not None and type(base) is not str)
        ):
            bad += 1
            continue
        seen[(entity, entity_id, name, hlc)] = _In(
            hlc, device, entity, entity_id, name, item.get("value"), base
        )
    return list(seen.values()), bad


def _load(raw: Any) -> Any:
    """A JSON value as stored (the JSON column type has numeric affinity, so numbers come back as numbers)."""
    return json.loads(raw) if isinstance(raw, str | bytes) else raw


def _dbapi(tx: Tx) -> sqlite3.Connection:
    conn = tx._session.connection().connection.driver_connection  # noqa: SLF001 (store-internal)
    assert isinstance(conn, sqlite3.Connection)
    return conn


def _chunks(items: list[Any], size: int = _CHUNK) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _existing(conn: sqlite3.Connection, table: str, ids: Iterable[str]) -> set[str]:
    wanted = list(set(ids))
    found: set[str] = set()
    for part in _chunks(wanted):
        sql = f'SELECT id FROM "{table}" WHERE id IN ({",".join("?" * len(part))})'
        found.update(r[0] for r in conn.execute(sql, part))
    return found


def _to_column(col: _Column, value: Any) -> Any:
    if col.kind == "json":
        return json.dumps(value)
    if col.kind == "bool":
        return None if value is None else int(bool(value))
    return value


def _stamp_time(hlc: str, fallback: str) -> str:
    """The wall time of a clock stamp as ISO UTC (for ``modified_at``); ``fallback`` if unreadable."""
    try:
        ms = int(hlc[:16])
        return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="microseconds")
    except (ValueError, OverflowError, OSError):
        return fallback


def _default(col: _Column) -> Any:
    arg = col.default
    return arg(None) if callable(arg) else arg


def apply_changes(
    db: Database,
    changes: Iterable[dict[str, Any]],
    meta: dict[str, Any] | None = None,
    origin: str = "remote",
) -> ApplyResult:
    """Apply remote ``changes`` (plus any still pending) in one transaction.

    Idempotent and order-independent: applying the same changes again, or in another order or
    split differently, leaves the same rows. ``meta`` entries are written in the same transaction
    (the engine records which bundles it applied there, so a crash cannot separate the two).
    """
    with db.writing() as tx:
        conn = _dbapi(tx)
        previous = tx.meta(PENDING_KEY) or []
        batch, bad = _normalise([*previous, *changes])
        result = _Applier(conn, db.clock.utc_iso(), origin).run(batch)
        result.result.malformed = bad
        if previous or result.pending_changes:
            tx.set_meta(PENDING_KEY, result.pending_changes)
        for key, value in (meta or {}).items():
            tx.set_meta(key, value)
    out = result.result
    out.pending = len(result.pending_changes)
    return out


@dataclass
class _Outcome:
    result: ApplyResult
    pending_changes: list[dict[str, Any]]


class _Applier:
    def __init__(self, conn: sqlite3.Connection, now: str, origin: str = "remote") -> None:
        self.conn = conn
        self.origin = origin  #: "local" when this laptop re-issues changes as its own
        self.now = now  #: the workspace clock's time for this apply (UTC ISO)
        self.result = ApplyResult()

    def run(self, batch: list[_In]) -> _Outcome:
        conn = self.conn
        conn.execute("PRAGMA defer_foreign_keys = ON")
        known: list[_In] = []
        unknown: list[_In] = []
        for c in batch:
            if c.field in SYSTEM_FIELDS and c.entity in COLUMNS:
                continue  # system-derived: never taken from another laptop
            (known if c.entity in COLUMNS and c.field in COLUMNS[c.entity] else unknown).append(c)
        by_entity: dict[str, set[str]] = defaultdict(set)
        for c in known:
            by_entity[c.entity].add(c.entity_id)
        exists = {e: _existing(conn, e, ids) for e, ids in by_entity.items()}
        # Changes for rows we have (and unknown ones) may already be in the log: drop those.
        to_check = unknown + [c for c in known if c.entity_id in exists[c.entity]]
        already = self._already_logged(to_check)
        unknown = [c for c in unknown if (c.entity, c.entity_id, c.field, c.hlc) not in already]
        known = [c for c in known if (c.entity, c.entity_id, c.field, c.hlc) not in already]
        known = self._insert_only(known, exists)
        rows: dict[tuple[str, str], list[_In]] = defaultdict(list)
        for c in known:
            rows[(c.entity, c.entity_id)].append(c)
        deferred = self._defer(rows, exists)
        held = {i for ids in deferred.values() for i in ids}
        ready = [c for cs in rows.values() for c in cs if id(c) not in held]
        pending = [c for cs in rows.values() for c in cs if id(c) in held]
        self._write(ready, exists)
        self._log(ready + unknown)
        r = self.result
        r.received = len(ready) + len(unknown)
        r.unknown = len(unknown)
        stamps = [c.hlc for c in ready + unknown]
        r.max_hlc = max(stamps) if stamps else None
        return _Outcome(r, [c.as_dict() for c in pending])

    # ---- steps ----------------------------------------------------------------------------
    def _insert_only(self, known: list[_In], exists: dict[str, set[str]]) -> list[_In]:
        """Drop changes that would alter an evidence or note row after its creation."""
        creation: dict[tuple[str, str], str] = {}
        for c in known:
            if c.entity in INSERT_ONLY and c.field == "id" and c.entity_id not in exists[c.entity]:
                key = (c.entity, c.entity_id)
                creation[key] = min(creation.get(key, c.hlc), c.hlc)
        keep = []
        for c in known:
            if c.entity in INSERT_ONLY and c.field != "deleted" and (
                c.entity_id in exists[c.entity] or c.hlc != creation.get((c.entity, c.entity_id), c.hlc)
            ):
                self.result.refused += 1
                continue
            keep.append(c)
        return keep

    def _already_logged(self, changes: list[_In]) -> set[tuple[str, str, str, str]]:
        if not changes:
            return set()
        conn = self.conn
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS _sync_in (entity TEXT, entity_id TEXT, field TEXT, hlc TEXT)"
        )
        conn.execute("DELETE FROM _sync_in")
        conn.executemany(
            "INSERT INTO _sync_in VALUES (?, ?, ?, ?)",
            [(c.entity, c.entity_id, c.field, c.hlc) for c in changes],
        )
        found = conn.execute(
            "SELECT i.entity, i.entity_id, i.field, i.hlc FROM _sync_in i WHERE EXISTS "
            "(SELECT 1 FROM change c WHERE c.entity = i.entity AND c.entity_id = i.entity_id "
            "AND c.field = i.field AND c.hlc = i.hlc)"
        ).fetchall()
        conn.execute("DELETE FROM _sync_in")
        return {tuple(r) for r in found}  # type: ignore[misc]

    def _defer(
        self, rows: dict[tuple[str, str], list[_In]], exists: dict[str, set[str]]
    ) -> dict[tuple[str, str], set[int]]:
        """Changes that must wait: rows whose creation has not arrived, or that point at missing rows."""
        deferred: dict[tuple[str, str], set[int]] = {}
        creates = set()
        for (entity, entity_id), cs in rows.items():
            if entity_id in exists[entity]:
                continue
            given = {c.field for c in cs}
            if "id" in given and all(n in given for n, col in COLUMNS[entity].items() if col.required):
                creates.add((entity, entity_id))
            else:
                deferred[(entity, entity_id)] = {id(c) for c in cs}
        targets: dict[str, set[str]] = defaultdict(set)
        for (entity, _), cs in rows.items():
            for c in cs:
                fk = COLUMNS[entity][c.field].fk
                if fk and isinstance(c.value, str):
                    targets[fk].add(c.value)
        present = {t: _existing(self.conn, t, ids) for t, ids in targets.items()}
        changed = True
        while changed:
            changed = False
            for key, cs in rows.items():
                entity = key[0]
                whole_row = key in creates
                if whole_row and key in deferred:
                    continue
                for c in cs:
                    fk = COLUMNS[entity][c.field].fk
                    if (
                        not fk
                        or not isinstance(c.value, str)
                        or c.value in present[fk]
                        or id(c) in deferred.get(key, ())
                    ):
                        continue
                    if (fk, c.value) in creates and (fk, c.value) not in deferred:
                        continue
                    changed = True
                    if whole_row:
                        deferred[key] = {id(x) for x in cs}
                        break
                    deferred.setdefault(key, set()).add(id(c))
        return deferred

    def _newest_logged(self, keys: list[tuple[str, str, str]]) -> dict[tuple[str, str, str], tuple[Any, ...]]:
        """For each (entity, id, field): (hlc, value, device, origin) of the newest logged change."""
        if not keys:
            return {}
        conn = self.conn
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS _sync_keys (entity TEXT, entity_id TEXT, field TEXT)")
        conn.execute("DELETE FROM _sync_keys")
        conn.executemany("INSERT INTO _sync_keys VALUES (?, ?, ?)", keys)
        found = conn.execute(
            "SELECT k.entity, k.entity_id, k.field, c.hlc, c.value, c.device, c.origin FROM _sync_keys k "
            "JOIN change c ON c.seq = (SELECT c2.seq FROM change c2 WHERE c2.entity = k.entity AND "
            "c2.entity_id = k.entity_id AND c2.field = k.field ORDER BY c2.hlc DESC, c2.seq DESC LIMIT 1)"
        ).fetchall()
        conn.execute("DELETE FROM _sync_keys")
        return {(r[0], r[1], r[2]): (r[3], _load(r[4]), r[5], r[6]) for r in found}

    def _write(self, ready: list[_In], exists: dict[str, set[str]]) -> None:
        winners: dict[tuple[str, str, str], _In] = {}
        for c in ready:
            key = (c.entity, c.entity_id, c.field)
            best = winners.get(key)
            if best is None or c.hlc > best.hlc:
                winners[key] = c
        logged = self._newest_logged([k for k in winners if k[1] in exists[k[0]]])
        inserts: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        row_time: dict[tuple[str, str], str] = {}
        updates: dict[tuple[str, str], list[tuple[Any, str, str]]] = defaultdict(list)
        conflicts: list[tuple[Any, ...]] = []
        touched = self.result.changes
        for key, win in winners.items():
            entity, entity_id, name = key
            if entity_id not in exists[entity]:
                inserts[entity].setdefault(entity_id, {})[name] = win.value
                if win.hlc > row_time.get((entity, entity_id), ""):
                    row_time[(entity, entity_id)] = win.hlc
                continue
            old = logged.get(key)
            if old is None or win.hlc > old[0]:
                if name != "id":
                    updates[(entity, name)].append((win.value, entity_id, _stamp_time(win.hlc, self.now)))
                    touched.add(entity, entity_id)
                if old is not None and self._is_conflict(entity, old, win, incoming_wins=True):
                    conflicts.append((entity, entity_id, name, win.value, win.hlc, old[1], old[0]))
            elif old is not None and self._is_conflict(entity, old, win, incoming_wins=False):
                conflicts.append((entity, entity_id, name, old[1], old[0], win.value, win.hlc))
        conflicts += self._delete_vs_edit(winners, logged, exists)
        applied = sum(len(v) for v in updates.values())
        for entity in _TABLE_ORDER:
            if entity in inserts:
                applied += self._insert(entity, inserts[entity], row_time)
        for (entity, name), values in updates.items():
            col = COLUMNS[entity][name]
            self.conn.executemany(
                f'UPDATE "{entity}" SET "{name}" = ?, modified_at = ? WHERE id = ?',
                [(_to_column(col, v), when, eid) for v, eid, when in values],
            )
        if conflicts:
            from classroom_desktop.store.models import new_id

            now = self.now
            self.conn.executemany(
                "INSERT INTO conflict (id, entity, entity_id, field, kept_value, kept_hlc, other_value, "
                "other_hlc, detected_at, resolved) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                [
                    (new_id(), e, i, f, json.dumps(kv), kh, json.dumps(ov), oh, now)
                    for e, i, f, kv, kh, ov, oh in conflicts
                ],
            )
        self.result.applied = applied
        self.result.conflicts = len(conflicts)

    def _delete_vs_edit(
        self,
        winners: dict[tuple[str, str, str], _In],
        logged: dict[tuple[str, str, str], tuple[Any, ...]],
        exists: dict[str, set[str]],
    ) -> list[tuple[Any, ...]]:
        """A row deleted on one laptop while it was edited on another: listed, never hidden.

        The delete's ``base`` is the newest stamp its laptop knew for the row; a change to the row
        stamped after it was not seen by that laptop. An edit arriving for a row already deleted
        was made without seeing the delete (a laptop cannot edit a row it knows is deleted).
        The conflict is on ``deleted``: "take the other" brings the row back with the edit.
        """
        out: list[tuple[Any, ...]] = []
        rows: dict[tuple[str, str], list[_In]] = defaultdict(list)
        for (entity, entity_id, _name), win in winners.items():
            if entity_id in exists[entity] and entity not in INSERT_ONLY:
                rows[(entity, entity_id)].append(win)
        if not rows:
            return out
        skip = {"deleted", "id", *TIMESTAMP_FIELDS}
        for (entity, entity_id), wins in rows.items():
            delete = next((w for w in wins if w.field == "deleted" and w.value is True), None)
            if delete is not None:
                old = logged.get((entity, entity_id, "deleted"))
                if old is not None and delete.hlc <= old[0]:
                    delete = None
            if delete is not None:
                edits = self.conn.execute(
                    "SELECT field, value, hlc FROM change WHERE entity = ? AND entity_id = ? AND hlc > ? "
                    "ORDER BY hlc DESC",
                    (entity, entity_id, delete.base or ""),
                ).fetchall()
                edits = [e for e in edits if e[0] not in skip]
                since = delete.base or ""
                edits += [(w.field, w.value, w.hlc) for w in wins if w.field not in skip and w.hlc > since]
                if edits:
                    newest = max(e[2] for e in edits)
                    out.append((entity, entity_id, "deleted", True, delete.hlc, False, newest))
                continue
            state = self.conn.execute(
                f'SELECT deleted FROM "{entity}" WHERE id = ?', (entity_id,)
            ).fetchone()
            if state is None or not state[0]:
                continue
            gone = logged.get((entity, entity_id, "deleted"))
            late = [w for w in wins if w.field not in skip]  # nobody edits a row it knows is deleted
            if late:
                out.append((entity, entity_id, "deleted", True, gone[0] if gone else "", False, late[0].hlc))
        return out

    @staticmethod
    def _is_conflict(entity: str, old: tuple[Any, ...], win: _In, incoming_wins: bool) -> bool:
        """Our own edit met another laptop's edit of the same field, with a different value."""
        old_hlc, old_value, _device, origin = old
        if entity in INSERT_ONLY or origin != "local" or old_value == win.value:
            return False
        if win.field in TIMESTAMP_FIELDS:
            return False  # when each laptop made the row (one id everywhere): not the teacher's edit
        if incoming_wins:
            return win.base is None or win.base < old_hlc  # the other laptop had not seen our edit
        return True  # our edit is newer and was made without seeing theirs (we did not have it)

    def _insert(
        self, entity: str, rows: dict[str, dict[str, Any]], row_time: dict[tuple[str, str], str]
    ) -> int:
        cols = COLUMNS[entity]
        names = list(cols)
        defaults = {n: _default(c) for n, c in cols.items()}
        values = []
        touched = self.result.changes
        for entity_id, given in rows.items():
            full = dict(defaults)
            full.update(given)
            full["id"] = entity_id
            for name in TIMESTAMP_FIELDS:
                if name in full and full[name] is None:
                    full[name] = self.now
            full["modified_at"] = _stamp_time(row_time[(entity, entity_id)], self.now)
            values.append(tuple(_to_column(cols[n], full[n]) for n in names))
            touched.add(entity, entity_id)
        quoted = ", ".join(f'"{n}"' for n in names)
        marks = ", ".join("?" * len(names))
        self.conn.executemany(f'INSERT INTO "{entity}" ({quoted}) VALUES ({marks})', values)
        return sum(len(g) for g in rows.values())

    def _log(self, changes: list[_In]) -> None:
        self.conn.executemany(
            "INSERT INTO change (hlc, device, entity, entity_id, field, value, origin) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (c.hlc, c.device, c.entity, c.entity_id, c.field, json.dumps(c.value), self.origin)
                for c in changes
            ],
        )


# ---- the other direction: what this laptop publishes -------------------------------------------


def _change_dict(
    hlc: str, device: str, entity: str, entity_id: str, name: str, value: str | None, base: str | None = None
) -> dict[str, Any]:
    out = {
        "hlc": hlc,
        "device": device,
        "entity": entity,
        "entity_id": entity_id,
        "field": name,
        "value": _load(value),
    }
    if base is not None:
        out["base"] = base
    return out


def local_changes(db: Database, after_seq: int, limit: int) -> tuple[list[dict[str, Any]], int]:
    """This laptop's own changes logged after ``after_seq``, about ``limit`` of them.

    A batch never splits one row's fields of one write. Each change carries ``base``: the newest
    stamp this laptop knew for that field when it was written (how the receiver tells a
    deliberate overwrite from a conflict); for a delete, the newest stamp it knew for any field
    of the row (an edit the deleting laptop had not seen is listed as a conflict). Returns the
    changes and the last seq included (``after_seq`` when there is nothing new).
    """
    with db.reading() as tx:
        rows = tx.raw(
            "SELECT c.seq, c.hlc, c.device, c.entity, c.entity_id, c.field, c.value, "
            "CASE WHEN c.field = 'deleted' AND c.value IN ('true', '1', 1) THEN "
            "(SELECT max(p.hlc) FROM change p WHERE p.entity = c.entity AND p.entity_id = c.entity_id "
            "AND p.seq < c.seq) ELSE "
            "(SELECT max(p.hlc) FROM change p WHERE p.entity = c.entity AND p.entity_id = c.entity_id "
            "AND p.field = c.field AND p.seq < c.seq) END "
            "FROM change c WHERE c.origin = 'local' AND c.seq > ? ORDER BY c.seq LIMIT ?",
            (after_seq, limit + 2000),
        )
    if not rows:
        return [], after_seq
    cut = min(limit, len(rows))
    while cut < len(rows) and rows[cut][1] == rows[cut - 1][1] and rows[cut][4] == rows[cut - 1][4]:
        cut += 1
    rows = rows[:cut]
    by_key: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    for _seq, hlc, device, entity, entity_id, name, value, base in rows:  # the last write of a field wins
        change = _change_dict(hlc, device, entity, entity_id, name, value, base)
        by_key[(entity, entity_id, name, hlc)] = change
    return list(by_key.values()), int(rows[-1][0])


def holds_local(db: Database, changes: list[dict[str, Any]]) -> bool:
    """True when every one of ``changes`` is in this workspace's log as its own (same stamp)."""
    keys = {(c.get("entity"), c.get("entity_id"), c.get("field"), c.get("hlc")) for c in changes}
    if not keys:
        return True
    with db.writing() as tx:
        conn = _dbapi(tx)
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS _sync_in (entity TEXT, entity_id TEXT, field TEXT, hlc TEXT)"
        )
        conn.execute("DELETE FROM _sync_in")
        conn.executemany("INSERT INTO _sync_in VALUES (?, ?, ?, ?)", list(keys))
        found = conn.execute(
            "SELECT count(*) FROM _sync_in i WHERE EXISTS (SELECT 1 FROM change c WHERE "
            "c.entity = i.entity AND c.entity_id = i.entity_id AND c.field = i.field AND c.hlc = i.hlc "
            "AND c.origin = 'local')"
        ).fetchone()[0]
        conn.execute("DELETE FROM _sync_in")
    return int(found) == len(keys)


def restamp_unpublished(tx: Tx, new_device: str, after_seq: int) -> int:
    """Give this laptop's changes not yet published (seq > ``after_seq``) a new replica id.

    A fork takes a new identity before it publishes: its stamps keep their time and counter,
    and end in the new id, so they can never be mistaken for the other timeline's stamps.
    """
    conn = _dbapi(tx)
    cur = conn.execute(
        "UPDATE change SET device = ?, hlc = substr(hlc, 1, 24) || ? "
        "WHERE origin = 'local' AND seq > ? AND device != ?",
        (new_device, new_device, after_seq, new_device),
    )
    return int(cur.rowcount)


def restamp_future(tx: Tx, limit_ms: int, new_stamp: Any) -> int:
    """Re-issue this laptop's own changes stamped after ``limit_ms`` (its clock was far ahead).

    Each such change is logged again with a fresh stamp from ``new_stamp()`` (one per original
    stamp, in the original order) and the far-future entry is removed, so the change is
    published again with a time the other laptops accept. Returns how many were re-issued.
    """
    conn = _dbapi(tx)
    limit = f"{limit_ms:016d}~"
    rows = conn.execute(
        "SELECT seq, hlc, device, entity, entity_id, field, value FROM change "
        "WHERE origin = 'local' AND hlc > ? ORDER BY seq",
        (limit,),
    ).fetchall()
    if not rows:
        return 0
    fresh: dict[str, str] = {}
    out = []
    for _seq, hlc, _device, entity, entity_id, name, value in rows:
        if hlc not in fresh:
            fresh[hlc] = str(new_stamp())
        stamp = fresh[hlc]
        out.append((stamp, stamp.split("-", 2)[2], entity, entity_id, name, value))
    conn.executemany("DELETE FROM change WHERE seq = ?", [(r[0],) for r in rows])
    conn.executemany(
        "INSERT INTO change (hlc, device, entity, entity_id, field, value, origin) "
        "VALUES (?, ?, ?, ?, ?, ?, 'local')",
        out,
    )
    return len(out)


def newest_stamp_before(db: Database, limit_ms: int) -> str | None:
    """The newest stamp in the log no later than ``limit_ms`` (to restart a clock that ran ahead)."""
    with db.reading() as tx:
        found = tx.raw("SELECT max(hlc) FROM change WHERE hlc < ?", (f"{limit_ms:016d}~",))
    return found[0][0] if found and found[0][0] else None


def newest_remote_stamp(db: Database) -> str | None:
    """The newest stamp received from another laptop."""
    with db.reading() as tx:
        found = tx.raw("SELECT max(hlc) FROM change WHERE origin = 'remote'")
    return found[0][0] if found and found[0][0] else None


def last_local_seq(db: Database) -> int:
    with db.reading() as tx:
        found = tx.raw("SELECT max(seq) FROM change WHERE origin = 'local'")
    return int(found[0][0] or 0)


def count_local_after(db: Database, after_seq: int) -> int:
    """How many of this laptop's changes are waiting to be published."""
    with db.reading() as tx:
        found = tx.raw("SELECT count(*) FROM change WHERE origin = 'local' AND seq > ?", (after_seq,))
    return int(found[0][0])


def snapshot_changes(db: Database) -> list[dict[str, Any]]:
    """The whole current state as changes: the newest logged change of every field, plus pending ones."""
    with db.reading() as tx:
        rows = tx.raw(
            "SELECT max(hlc || '#' || printf('%012d', seq)), device, entity, entity_id, field, value "
            "FROM change GROUP BY entity, entity_id, field"
        )
        pending = tx.meta(PENDING_KEY) or []
    out = [
        _change_dict(top.rsplit("#", 1)[0], device, entity, entity_id, name, value)
        for top, device, entity, entity_id, name, value in rows
    ]
    return out + list(pending)


def pending_count(db: Database) -> int:
    with db.reading() as tx:
        return len(tx.meta(PENDING_KEY) or [])


# ---- conflicts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConflictRow:
    id: str
    entity: str
    entity_id: str
    field: str
    kept_value: Any
    kept_hlc: str
    other_value: Any
    other_hlc: str
    detected_at: str


def open_conflicts(db: Database) -> list[ConflictRow]:
    """Conflicts the teacher has not settled, newest first."""
    with db.reading() as tx:
        rows = tx.raw(
            "SELECT id, entity, entity_id, field, kept_value, kept_hlc, other_value, other_hlc, detected_at "
            "FROM conflict WHERE NOT resolved ORDER BY detected_at DESC, id"
        )
    return [
        ConflictRow(
            r[0],
            r[1],
            r[2],
            r[3],
            _load(r[4]),
            r[5],
            _load(r[6]),
            r[7],
            r[8],
        )
        for r in rows
    ]


def get_conflict(tx: Tx, conflict_id: str) -> ConflictRow | None:
    rows = tx.raw(
        "SELECT id, entity, entity_id, field, kept_value, kept_hlc, other_value, other_hlc, detected_at "
        "FROM conflict WHERE id = ? AND NOT resolved",
        (conflict_id,),
    )
    if not rows:
        return None
    r = rows[0]
    return ConflictRow(
        r[0],
        r[1],
        r[2],
        r[3],
        _load(r[4]),
        r[5],
        _load(r[6]),
        r[7],
        r[8],
    )


def resolve_conflict(tx: Tx, conflict_id: str) -> None:
    """Mark a conflict settled (inside the caller's write)."""
    _dbapi(tx).execute("UPDATE conflict SET resolved = 1 WHERE id = ?", (conflict_id,))
