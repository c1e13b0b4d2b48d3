"""Conflicts: edits made on different laptops without seeing each other, listed on every laptop.

Every change in the log carries its *base*: the newest stamp its laptop knew for the field when
it wrote it (``row_base``: for any field of the row). Two changes ``p`` and ``q`` of one field,
``p`` older, clash when ``q``'s laptop had not seen ``p`` (``q.base < p.hlc``) and their values
differ: ``q`` is kept (last writer wins), ``p`` is listed. A delete ``d`` and an edit ``e`` of the
same row clash when neither had seen the other (``d.row_base < e.hlc`` and ``e.row_base < d.hlc``).

These are properties of the set of changes, not of the order they arrived in, so every laptop
that holds both changes lists the same conflict -- the two laptops that made them and any other.
A conflict is identified by the stamps of its two sides and listed once; settling it on one
laptop is that laptop's business (the settling edit then syncs like any other).
"""

from __future__ import annotations

import bisect
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from classroom_desktop.store.database import Tx, dbapi
from classroom_desktop.store.models import INSERT_ONLY, TIMESTAMP_FIELDS, new_id

#: Fields whose differing values are never a teacher's clash.
_NOT_EDITS = frozenset({"id", *TIMESTAMP_FIELDS})


def _load(raw: Any) -> Any:
    return json.loads(raw) if isinstance(raw, str | bytes) else raw


@dataclass(frozen=True)
class _Logged:
    hlc: str
    value: Any
    base: str
    row_base: str


def _rows_of(
    conn: sqlite3.Connection, rows: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], dict[str, list[_Logged]]]:
    """Every logged change of each ``(entity, id)`` row, by field, oldest first."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS _sync_rows (entity TEXT, entity_id TEXT)")
    conn.execute("DELETE FROM _sync_rows")
    conn.executemany("INSERT INTO _sync_rows VALUES (?, ?)", list(rows))
    # only rows with a field changed more than once can hold a clash (a new row has one change a field)
    conn.execute(
        "DELETE FROM _sync_rows WHERE NOT EXISTS (SELECT 1 FROM change c WHERE c.entity = _sync_rows.entity "
        "AND c.entity_id = _sync_rows.entity_id GROUP BY c.field HAVING count(*) > 1)"
    )
    found = conn.execute(
        "SELECT c.entity, c.entity_id, c.field, c.hlc, c.value, coalesce(c.base, '~'), "
        "coalesce(c.row_base, '~') FROM _sync_rows r JOIN change c ON c.entity = r.entity "
        "AND c.entity_id = r.entity_id ORDER BY c.hlc"
    ).fetchall()
    conn.execute("DELETE FROM _sync_rows")
    out: dict[tuple[str, str], dict[str, list[_Logged]]] = defaultdict(lambda: defaultdict(list))
    for entity, entity_id, name, hlc, value, base, row_base in found:
        out[(entity, entity_id)][name].append(_Logged(hlc, _load(value), base, row_base))
    return out


def _field_clashes(changes: list[_Logged]) -> list[tuple[_Logged, _Logged]]:
    """(kept, lost) pairs of one field: the lost one is the newest its rival had not seen."""
    stamps = [c.hlc for c in changes]
    out: list[tuple[_Logged, _Logged]] = []
    for q in changes:
        start = bisect.bisect_right(stamps, q.base)
        end = bisect.bisect_left(stamps, q.hlc)
        unseen = changes[start:end]
        # the heads among them: changes no other unseen change overwrote knowingly
        heads = [p for p in unseen if not any(o.hlc > p.hlc and o.base >= p.hlc for o in unseen)]
        out.extend((q, p) for p in heads if p.value != q.value)
    return out


def _delete_clashes(fields: dict[str, list[_Logged]]) -> list[tuple[_Logged, _Logged]]:
    """(delete, newest edit it clashed with): a row deleted on one laptop while edited on another."""
    deletes = [d for d in fields.get("deleted", []) if d.value is True]
    out = []
    for d in deletes:
        unseen = [
            e
            for name, changes in fields.items()
            if name != "deleted" and name not in _NOT_EDITS
            for e in changes
            if e.hlc > d.row_base and e.row_base < d.hlc
        ]
        if unseen:
            out.append((d, max(unseen, key=lambda e: e.hlc)))
    return out


def list_clashes(tx_conn: sqlite3.Connection, rows: Iterable[tuple[str, str]], now: str) -> int:
    """List every clash among the logged changes of ``rows`` not listed yet; returns how many.

    Args:
        tx_conn: the write transaction's connection (after the new changes were logged).
        rows: ``(entity, id)`` of the rows the new changes touched.
        now: the detection time (the workspace clock, UTC ISO).
    """
    wanted = {(e, i) for e, i in rows if e not in INSERT_ONLY}
    if not wanted:
        return 0
    found: list[tuple[Any, ...]] = []
    for (entity, entity_id), fields in _rows_of(tx_conn, sorted(wanted)).items():
        for name, changes in fields.items():
            if name in _NOT_EDITS or len(changes) < 2:
                continue
            for kept, lost in _field_clashes(changes):
                found.append((entity, entity_id, name, kept.value, kept.hlc, lost.value, lost.hlc))
        for d, e in _delete_clashes(fields):
            found.append((entity, entity_id, "deleted", True, d.hlc, False, e.hlc))
    if not found:
        return 0
    ids = sorted({f[1] for f in found})
    listed: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        for r in tx_conn.execute(
            "SELECT entity, entity_id, field, kept_hlc, other_hlc FROM conflict "
            f"WHERE entity_id IN ({','.join('?' * len(part))})",
            part,
        ):
            listed[(r[0], r[1], r[2], r[3])].add(r[4])
    new = []
    for entity, entity_id, name, kept_value, kept_hlc, other_value, other_hlc in found:
        key = (entity, entity_id, name, kept_hlc)
        if name == "deleted" and kept_value is True and listed.get(key):
            newest = max(listed[key])
            if newest < other_hlc:  # a later edit the delete had not seen: name the newest
                tx_conn.execute(
                    "UPDATE conflict SET other_hlc = ? WHERE entity = ? AND entity_id = ? AND field = ? "
                    "AND kept_hlc = ?",
                    (other_hlc, *key),
                )
                listed[key] = {other_hlc}
            continue
        if other_hlc in listed.get(key, ()):
            continue
        listed[key].add(other_hlc)
        new.append((entity, entity_id, name, kept_value, kept_hlc, other_value, other_hlc))
    tx_conn.executemany(
        "INSERT INTO conflict (id, entity, entity_id, field, kept_value, kept_hlc, other_value, "
        "other_hlc, detected_at, resolved) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        [(new_id(), e, i, f, json.dumps(kv), kh, json.dumps(ov), oh, now) for e, i, f, kv, kh, ov, oh in new],
    )
    return len(new)


# ---- the teacher's list ------------------------------------------------------------------------


@dataclass(frozen=True)
class Named:
    """A value that is another row's id, shown by that row's name (an activity by its title)."""

    id: str
    name: str

    def __str__(self) -> str:
        return self.name


#: Fields holding another row's id (or a list of ids): ``(entity, field)`` -> ``(table, column)``
#: of the name a teacher knows it by.
REFERENCES: dict[tuple[str, str], tuple[str, str]] = {
    ("plan_step", "chosen_activity_id"): ("activity", "title"),
    ("plan_step", "activity_ids"): ("activity", "title"),
    ("plan_step", "standard_id"): ("standard", "code"),
}


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


_SELECT = (
    "SELECT id, entity, entity_id, field, kept_value, kept_hlc, other_value, other_hlc, detected_at "
    "FROM conflict "
)


def _row(r: tuple[Any, ...]) -> ConflictRow:
    return ConflictRow(r[0], r[1], r[2], r[3], _load(r[4]), r[5], _load(r[6]), r[7], r[8])


def open_conflicts(db: Any) -> list[ConflictRow]:
    """Conflicts the teacher has not settled, newest first.

    A value that is another row's id (see ``REFERENCES``) comes as :class:`Named`, by the name
    the teacher knows (a deleted row keeps its name; an id no row has stays as it is).
    """
    with db.reading() as tx:
        rows = [_row(r) for r in tx.raw(_SELECT + "WHERE NOT resolved ORDER BY detected_at DESC, id")]
        return [_named(tx, r) for r in rows]


def _named(tx: Tx, row: ConflictRow) -> ConflictRow:
    target = REFERENCES.get((row.entity, row.field))
    if target is None:
        return row
    table, column = target
    values = [row.kept_value, row.other_value]
    ids = sorted({i for v in values for i in (v if isinstance(v, list) else [v]) if isinstance(i, str) and i})
    names = {
        str(r[0]): str(r[1])
        for r in tx.raw(f'SELECT id, "{column}" FROM "{table}" WHERE id IN ({",".join("?" * len(ids))})', ids)
    } if ids else {}

    def shown(value: Any) -> Any:
        if isinstance(value, list):
            return [shown(v) for v in value]
        return Named(value, names[value]) if isinstance(value, str) and value in names else value

    return replace(row, kept_value=shown(row.kept_value), other_value=shown(row.other_value))


def get_conflict(tx: Tx, conflict_id: str) -> ConflictRow | None:
    rows = tx.raw(_SELECT + "WHERE id = ? AND NOT resolved", (conflict_id,))
    return _row(rows[0]) if rows else None


def resolve_conflict(tx: Tx, conflict_id: str) -> None:
    """Mark a conflict settled (inside the caller's write)."""
    dbapi(tx).execute("UPDATE conflict SET resolved = 1 WHERE id = ?", (conflict_id,))
