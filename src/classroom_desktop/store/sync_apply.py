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
- every change is logged with its base and the bundle that brought it; edits made without seeing
  each other are listed as conflicts on every laptop that holds both (``store/conflicts.py``);
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
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from classroom_desktop.store.change_log import PENDING_KEY, bundle_id, fill_bases
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.conflicts import list_clashes
from classroom_desktop.store.database import SYSTEM_FIELDS, Database, dbapi
from classroom_desktop.store.models import ENTITIES, INSERT_ONLY, TIMESTAMP_FIELDS, Base
from classroom_desktop.store.sync_columns import COLUMNS, default_of, existing, stamp_time, to_column

_TABLE_ORDER = [t.name for t in Base.metadata.sorted_tables if t.name in ENTITIES]


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
    row_base: str | None = None
    bundle: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out = {
            "hlc": self.hlc,
            "device": self.device,
            "entity": self.entity,
            "entity_id": self.entity_id,
            "field": self.field,
            "value": self.value,
        }
        for name in ("base", "row_base", "bundle"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        return out


def _normalise(raw: Iterable[Any]) -> tuple[list[_In], int]:
    """Valid changes, de-duplicated by (entity, id, field, stamp), and the number dropped as malformed."""
    seen: dict[tuple[str, str, str, str], _In] = {}
    bad = 0
    for item in raw:
        try:
            hlc, device, entity = item["hlc"], item["device"], item["entity"]
            entity_id, name, base = item["entity_id"], item["field"], item.get("base")
            row_base, bundle = item.get("row_base"), item.get("bundle")
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
            or (row_base is not None and type(row_base) is not str)
            or (bundle is not None and type(bundle) is not str)
        ):
            bad += 1
            continue
        seen[(entity, entity_id, name, hlc)] = _In(
            hlc, device, entity, entity_id, name, item.get("value"), base, row_base, bundle
        )
    return list(seen.values()), bad


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
        conn = dbapi(tx)
        fill_bases(tx)  # this laptop's own changes get their bases before any is compared
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
        exists = {e: existing(conn, e, ids) for e, ids in by_entity.items()}
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
        r.conflicts = list_clashes(conn, {(c.entity, c.entity_id) for c in ready}, self.now)
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
        present = {t: existing(self.conn, t, ids) for t, ids in targets.items()}
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

    def _newest_logged(self, keys: list[tuple[str, str, str]]) -> dict[tuple[str, str, str], str]:
        """For each (entity, id, field): the stamp of the newest logged change."""
        if not keys:
            return {}
        conn = self.conn
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS _sync_keys (entity TEXT, entity_id TEXT, field TEXT)")
        conn.execute("DELETE FROM _sync_keys")
        conn.executemany("INSERT INTO _sync_keys VALUES (?, ?, ?)", keys)
        found = conn.execute(
            "SELECT k.entity, k.entity_id, k.field, (SELECT max(c.hlc) FROM change c WHERE "
            "c.entity = k.entity AND c.entity_id = k.entity_id AND c.field = k.field) FROM _sync_keys k"
        ).fetchall()
        conn.execute("DELETE FROM _sync_keys")
        return {(r[0], r[1], r[2]): r[3] for r in found if r[3] is not None}

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
        touched = self.result.changes
        for key, win in winners.items():
            entity, entity_id, name = key
            if entity_id not in exists[entity]:
                inserts[entity].setdefault(entity_id, {})[name] = win.value
                if win.hlc > row_time.get((entity, entity_id), ""):
                    row_time[(entity, entity_id)] = win.hlc
                continue
            old = logged.get(key)
            if (old is None or win.hlc > old) and name != "id":
                updates[(entity, name)].append((win.value, entity_id, stamp_time(win.hlc, self.now)))
                touched.add(entity, entity_id)
        applied = sum(len(v) for v in updates.values())
        for entity in _TABLE_ORDER:
            if entity in inserts:
                applied += self._insert(entity, inserts[entity], row_time)
        for (entity, name), values in updates.items():
            col = COLUMNS[entity][name]
            self.conn.executemany(
                f'UPDATE "{entity}" SET "{name}" = ?, modified_at = ? WHERE id = ?',
                [(to_column(col, v), when, eid) for v, eid, when in values],
            )
        self.result.applied = applied

    def _insert(
        self, entity: str, rows: dict[str, dict[str, Any]], row_time: dict[tuple[str, str], str]
    ) -> int:
        cols = COLUMNS[entity]
        names = list(cols)
        defaults = {n: default_of(c) for n, c in cols.items()}
        values = []
        touched = self.result.changes
        for entity_id, given in rows.items():
            full = dict(defaults)
            full.update(given)
            full["id"] = entity_id
            for name in TIMESTAMP_FIELDS:
                if name in full and full[name] is None:
                    full[name] = self.now
            full["modified_at"] = stamp_time(row_time[(entity, entity_id)], self.now)
            values.append(tuple(to_column(cols[n], full[n]) for n in names))
            touched.add(entity, entity_id)
        quoted = ", ".join(f'"{n}"' for n in names)
        marks = ", ".join("?" * len(names))
        self.conn.executemany(f'INSERT INTO "{entity}" ({quoted}) VALUES ({marks})', values)
        return sum(len(g) for g in rows.values())

    def _log(self, changes: list[_In]) -> None:
        rows: list[tuple[Any, ...]]
        if self.origin == "local":  # re-issued own changes: bases come from the log's order
            rows = [
                (c.hlc, c.device, c.entity, c.entity_id, c.field, json.dumps(c.value), "local")
                + (None, None, None)
                for c in changes
            ]
        else:
            rows = [
                (
                    c.hlc, c.device, c.entity, c.entity_id, c.field, json.dumps(c.value), self.origin,
                    c.base or "",
                    c.row_base if c.row_base is not None
                    else (c.base or "") if c.field == "deleted" and c.value is True else "",
                    c.bundle and bundle_id(c.bundle),
                )
                for c in changes
            ]
        self.conn.executemany(
            "INSERT INTO change (hlc, device, entity, entity_id, field, value, origin, base, row_base, "
            "bundle) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
