"""The change log seen from the sync side: what this laptop publishes, its bases, and trimming.

One row per changed field (``models.Change``). Besides the value and its hybrid-clock stamp, each
row keeps its *base* (what it replaced, see ``store/conflicts.py``) and the *bundle* that
published or brought it. Trimming (:func:`trim`) removes a row once a newer change of the same
field is logged and every known laptop has applied the bundle that carried it: the newest change
of every field always stays (last writer wins, snapshots for new laptops), so the log stops
growing under repeated edits and holds about one row per field of the class.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from classroom_desktop.store.database import Database, Tx, dbapi

PENDING_KEY = "sync_pending"
#: ``bundle`` of changes that came in a snapshot, and of those logged before revision 0004.
SNAPSHOT = "snapshot"
BEFORE_0004 = "before-0004"
#: A bundle is named in the log by the first characters of its hash (64 bits: enough to tell a
#: workspace's bundles apart, and half the bytes per change).
BUNDLE_ID = 16


def bundle_id(sha: str) -> str:
    return sha[:BUNDLE_ID]

_FILL_BASES = (
    "UPDATE change SET row_base = coalesce((SELECT max(p.hlc) FROM change p WHERE p.entity = change.entity "
    "AND p.entity_id = change.entity_id AND p.seq < change.seq), ''), "
    "base = CASE WHEN change.field = 'deleted' AND change.value IN ('true', '1', 1) THEN "
    "coalesce((SELECT max(p.hlc) FROM change p WHERE p.entity = change.entity "
    "AND p.entity_id = change.entity_id AND p.seq < change.seq), '') ELSE "
    "coalesce((SELECT max(p.hlc) FROM change p WHERE p.entity = change.entity "
    "AND p.entity_id = change.entity_id AND p.field = change.field AND p.seq < change.seq), '') END "
    "WHERE base IS NULL"
)


def _load(raw: Any) -> Any:
    """A JSON value as stored (the JSON column type has numeric affinity, so numbers come back as numbers)."""
    return json.loads(raw) if isinstance(raw, str | bytes) else raw


def fill_bases(tx: Tx) -> None:
    """Give this laptop's newly logged changes their bases: the newest stamps logged before them.

    Called before the bases are read (publishing, conflicts, trimming), in the caller's write.
    For a delete, ``base`` is the newest stamp of the whole row (an edit the deleting laptop had
    not seen is a conflict); for any other change, of its field.
    """
    dbapi(tx).execute(_FILL_BASES)


def change_dict(
    hlc: str,
    device: str,
    entity: str,
    entity_id: str,
    name: str,
    value: str | None,
    base: str | None = None,
    row_base: str | None = None,
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
    if row_base is not None:
        out["row_base"] = row_base
    return out


def local_changes(db: Database, after_seq: int, limit: int) -> tuple[list[dict[str, Any]], int]:
    """This laptop's own changes logged after ``after_seq``, about ``limit`` of them.

    A batch never splits one row's fields of one write. Each change carries its ``base`` and
    ``row_base`` (how the receiver tells a deliberate overwrite from a conflict). Returns the
    changes and the last seq included (``after_seq`` when there is nothing new).
    """
    with db.writing() as tx:
        fill_bases(tx)
        rows = tx.raw(
            "SELECT seq, hlc, device, entity, entity_id, field, value, base, row_base FROM change "
            "WHERE origin = 'local' AND seq > ? ORDER BY seq LIMIT ?",
            (after_seq, limit + 2000),
        )
    if not rows:
        return [], after_seq
    cut = min(limit, len(rows))
    while cut < len(rows) and rows[cut][1] == rows[cut - 1][1] and rows[cut][4] == rows[cut - 1][4]:
        cut += 1
    rows = rows[:cut]
    by_key: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    for _seq, hlc, device, entity, entity_id, name, value, base, row_base in rows:  # last write wins
        by_key[(entity, entity_id, name, hlc)] = change_dict(
            hlc, device, entity, entity_id, name, value, base or None, row_base or None
        )
    return list(by_key.values()), int(rows[-1][0])


def mark_published(tx: Tx, after_seq: int, upto_seq: int, bundle: str) -> None:
    """Note that this laptop's changes ``after_seq < seq <= upto_seq`` went out in ``bundle``."""
    dbapi(tx).execute(
        "UPDATE change SET bundle = ? WHERE origin = 'local' AND seq > ? AND seq <= ?",
        (bundle_id(bundle), after_seq, upto_seq),
    )


def holds_local(db: Database, changes: list[dict[str, Any]]) -> bool:
    """True when every one of ``changes`` is in this workspace's log as its own (same stamp)."""
    keys = {(c.get("entity"), c.get("entity_id"), c.get("field"), c.get("hlc")) for c in changes}
    if not keys:
        return True
    with db.writing() as tx:
        conn = dbapi(tx)
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
    cur = dbapi(tx).execute(
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
    conn = dbapi(tx)
    rows = conn.execute(
        "SELECT seq, hlc, device, entity, entity_id, field, value FROM change "
        "WHERE origin = 'local' AND hlc > ? ORDER BY seq",
        (f"{limit_ms:016d}~",),
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


def _one(db: Database, sql: str, params: tuple[Any, ...] = ()) -> Any:
    with db.reading() as tx:
        found = tx.raw(sql, params)
    return found[0][0] if found else None


def newest_stamp_before(db: Database, limit_ms: int) -> str | None:
    """The newest stamp in the log no later than ``limit_ms`` (to restart a clock that ran ahead)."""
    return _one(db, "SELECT max(hlc) FROM change WHERE hlc < ?", (f"{limit_ms:016d}~",)) or None


def newest_remote_stamp(db: Database) -> str | None:
    """The newest stamp received from another laptop."""
    return _one(db, "SELECT max(hlc) FROM change WHERE origin = 'remote'") or None


def last_local_seq(db: Database) -> int:
    return int(_one(db, "SELECT max(seq) FROM change WHERE origin = 'local'") or 0)


def count_local_after(db: Database, after_seq: int) -> int:
    """How many of this laptop's changes are waiting to be published."""
    return int(_one(db, "SELECT count(*) FROM change WHERE origin = 'local' AND seq > ?", (after_seq,)))


def snapshot_changes(db: Database) -> list[dict[str, Any]]:
    """The whole current state as changes: the newest logged change of every field, plus pending ones."""
    with db.reading() as tx:
        rows = tx.raw(
            "SELECT max(hlc || '#' || printf('%012d', seq)), device, entity, entity_id, field, value, "
            "base, row_base FROM change GROUP BY entity, entity_id, field"
        )
        pending = tx.meta(PENDING_KEY) or []
    out = [
        change_dict(top.rsplit("#", 1)[0], device, entity, entity_id, name, value, base, row_base)
        for top, device, entity, entity_id, name, value, base, row_base in rows
    ]
    return out + list(pending)


def pending_count(db: Database) -> int:
    with db.reading() as tx:
        return len(tx.meta(PENDING_KEY) or [])


# ---- trimming ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LogSize:
    """How much of the change log is kept (Settings ▸ Sync and ``sync --status`` show it)."""

    changes: int  #: rows in the change log
    fields: int  #: distinct fields they describe (the least the log can hold)
    file_bytes: int  #: the size of the database file's pages in use


def trim(db: Database, everywhere: Iterable[str]) -> int:
    """Remove changes every known laptop has applied and a newer change of their field replaced.

    Args:
        everywhere: hashes of the bundles every known laptop has applied (or wrote). Changes that
            came in a snapshot, or were logged before revision 0004, count as applied everywhere.

    Returns:
        How many changes were removed.
    """
    with db.writing() as tx:
        fill_bases(tx)
        conn = dbapi(tx)
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS _sync_everywhere (sha TEXT PRIMARY KEY)")
        conn.execute("DELETE FROM _sync_everywhere")
        conn.executemany(
            "INSERT OR IGNORE INTO _sync_everywhere VALUES (?)",
            [(bundle_id(s),) for s in (*everywhere, SNAPSHOT, BEFORE_0004)],
        )
        cur = conn.execute(
            "DELETE FROM change WHERE bundle IN (SELECT sha FROM _sync_everywhere) AND EXISTS "
            "(SELECT 1 FROM change n WHERE n.entity = change.entity AND n.entity_id = change.entity_id "
            "AND n.field = change.field AND (n.hlc > change.hlc OR "
            "(n.hlc = change.hlc AND n.seq > change.seq)))"
        )
        conn.execute("DELETE FROM _sync_everywhere")
        return int(cur.rowcount)


def shrink_if_mostly_free(db: Database, least_bytes: int = 4_000_000) -> bool:
    """VACUUM when more than half the file (and at least ``least_bytes``) is free pages.

    Trimming frees pages that later writes reuse, so the file stops growing; a first trim of a
    log that grew for months frees most of the file, and this gives that space back (backups copy
    every page, free or not).
    """
    with db.reading() as tx:
        pages = tx.raw("PRAGMA page_count")[0][0]
        free = tx.raw("PRAGMA freelist_count")[0][0]
        size = tx.raw("PRAGMA page_size")[0][0]
    if free * 2 <= pages or free * size < least_bytes:
        return False
    db.vacuum()
    return True


def log_size(db: Database) -> LogSize:
    with db.reading() as tx:
        changes, fields = tx.raw(
            "SELECT count(*), (SELECT count(*) FROM (SELECT 1 FROM change GROUP BY entity, entity_id, "
            "field)) FROM change"
        )[0]
        pages = tx.raw("PRAGMA page_count")[0][0] - tx.raw("PRAGMA freelist_count")[0][0]
        size = tx.raw("PRAGMA page_size")[0][0]
    return LogSize(int(changes), int(fields), int(pages) * int(size))
