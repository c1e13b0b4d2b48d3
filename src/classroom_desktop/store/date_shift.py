"""Moving every date of a workspace forward by whole days (the demo class keeps up with the calendar).

Rows and their change-log values move together, so what the workspace would publish to a sync
folder says the same as its tables. Only for a workspace that does not sync (the caller checks).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from classroom_desktop.store.database import Tx

#: Columns holding a day (``YYYY-MM-DD``), by table.
DAY_COLUMNS: dict[str, tuple[str, ...]] = {
    "evidence": ("observed_on",),
    "assessment": ("held_on",),
    "group_plan": ("plan_date",),
    "learning_plan": ("start_on", "end_on"),
    "plan_step": ("target_on",),
    "note": ("written_on",),
    "reassessment": ("marked_on", "closed_on"),
    "self_assessment": ("assessed_on",),
}
#: Columns holding a moment (ISO 8601) that says when the teacher did something, by table.
MOMENT_COLUMNS: dict[str, tuple[str, ...]] = {"evidence": ("entered_at",)}
#: JSON lists of goals (``{"text": …, "target": "YYYY-MM-DD"}``), by table.
GOAL_COLUMNS: dict[str, tuple[str, ...]] = {"learner_profile": ("goals",), "learning_plan": ("goals",)}


def _day(value: Any, delta: timedelta) -> Any:
    if not isinstance(value, str) or not value:
        return value
    try:
        return (date.fromisoformat(value) + delta).isoformat()
    except ValueError:
        return value


def _moment(value: Any, delta: timedelta) -> Any:
    if not isinstance(value, str) or not value:
        return value
    try:
        return (datetime.fromisoformat(value) + delta).isoformat(timespec="microseconds")
    except ValueError:
        return value


def _goals(value: Any, delta: timedelta) -> Any:
    if not isinstance(value, list):
        return value
    return [
        {**g, "target": _day(g.get("target"), delta)} if isinstance(g, dict) else g for g in value
    ]


def _conn(tx: Tx) -> sqlite3.Connection:
    conn = tx._session.connection().connection.driver_connection  # noqa: SLF001 (store-internal)
    assert isinstance(conn, sqlite3.Connection)
    return conn


Move = Callable[[Any, timedelta], Any]


def _shift_column(
    conn: sqlite3.Connection, table: str, column: str, move: Move, delta: timedelta, as_json: bool
) -> int:
    def load(v: Any) -> Any:
        return json.loads(v) if as_json and v is not None else v

    def dump(v: Any) -> Any:
        return json.dumps(v) if as_json and v is not None else v

    rows = conn.execute(f'SELECT id, "{column}" FROM "{table}"').fetchall()
    moved = [(dump(move(load(v), delta)), i) for i, v in rows]
    conn.executemany(f'UPDATE "{table}" SET "{column}" = ? WHERE id = ?', moved)
    log = conn.execute(
        "SELECT seq, value FROM change WHERE entity = ? AND field = ?", (table, column)
    ).fetchall()
    conn.executemany(
        "UPDATE change SET value = ? WHERE seq = ?",
        [(json.dumps(move(json.loads(v), delta)), seq) for seq, v in log if v is not None],
    )
    return len(rows)


def shift_dates(tx: Tx, days: int) -> int:
    """Move every day, goal target and evidence entry time forward by ``days``; returns rows touched."""
    conn = _conn(tx)
    delta = timedelta(days=days)
    touched = 0
    for columns, move, as_json in (
        (DAY_COLUMNS, _day, False),
        (MOMENT_COLUMNS, _moment, False),
        (GOAL_COLUMNS, _goals, True),
    ):
        for table, names in columns.items():
            for column in names:
                touched += _shift_column(conn, table, column, move, delta, as_json)
    return touched
