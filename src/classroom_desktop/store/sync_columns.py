"""The synced tables' columns as the apply step sees them, and the small helpers it writes rows with."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Boolean

from classroom_desktop.store.models import ENTITIES, TIMESTAMP_FIELDS

_CHUNK = 500


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "json", "bool" or "plain"
    default: Any
    fk: str | None
    required: bool  #: a new row cannot be made without it


def columns_of(entity: str) -> dict[str, Column]:
    out = {}
    for col in ENTITIES[entity].__table__.columns:
        kind = "json" if isinstance(col.type, JSON) else "bool" if isinstance(col.type, Boolean) else "plain"
        default = col.default.arg if col.default is not None else None  # type: ignore[attr-defined]
        fk = next(iter(col.foreign_keys)).column.table.name if col.foreign_keys else None
        stamped = col.key in TIMESTAMP_FIELDS  # filled from the clock when missing
        required = not col.nullable and col.default is None and not col.primary_key and not stamped
        out[col.key] = Column(col.key, kind, default, fk, required)
    return out


COLUMNS: dict[str, dict[str, Column]] = {name: columns_of(name) for name in ENTITIES}


def chunks(items: list[Any], size: int = _CHUNK) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def existing(conn: sqlite3.Connection, table: str, ids: Iterable[str]) -> set[str]:
    wanted = list(set(ids))
    found: set[str] = set()
    for part in chunks(wanted):
        sql = f'SELECT id FROM "{table}" WHERE id IN ({",".join("?" * len(part))})'
        found.update(r[0] for r in conn.execute(sql, part))
    return found


def to_column(col: Column, value: Any) -> Any:
    if col.kind == "json":
        return json.dumps(value)
    if col.kind == "bool":
        return None if value is None else int(bool(value))
    return value


def stamp_time(hlc: str, fallback: str) -> str:
    """The wall time of a clock stamp as ISO UTC (for ``modified_at``); ``fallback`` if unreadable."""
    try:
        ms = int(hlc[:16])
        return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="microseconds")
    except (ValueError, OverflowError, OSError):
        return fallback


def default_of(col: Column) -> Any:
    arg = col.default
    return arg(None) if callable(arg) else arg
