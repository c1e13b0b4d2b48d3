"""Tx.add_many stores rows and change-log rows exactly as Tx.add does (it bypasses the ORM for speed)."""

from __future__ import annotations

import sqlite3
from typing import Any

from classroom_desktop.store.models import SchoolClass, Student


def _rows(classroom: Any, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(classroom.db_path)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def test_add_many_stores_what_add_stores(classroom: Any) -> None:
    fields = {"name": "4B", "options": {"a": [1, None]}, "mastery_weight": 0.5}
    with classroom.write() as tx:
        one = tx.add(SchoolClass, **fields).id
        tx.add_many(SchoolClass, [{"id": "bulk-class", **fields}])
        tx.add(Student, id="s1", given_name="Zoë", archived=True)
        tx.add_many(Student, [{"id": "s2", "given_name": "Zoë", "archived": True}])
    cols = ("name, school_year, framework_id, scale_id, mastery_method, mastery_weight, mastery_n, "
            "archived, options, deleted")
    a = _rows(classroom, f"SELECT {cols} FROM school_class WHERE id = ?", (one,))
    b = _rows(classroom, f"SELECT {cols} FROM school_class WHERE id = ?", ("bulk-class",))
    assert a == b and a[0][8] == '{"a": [1, null]}'
    log = ("SELECT field, value, origin, hlc FROM change WHERE entity_id = ? "
           "AND field NOT IN ('created_at', 'id') ORDER BY field")
    assert _rows(classroom, log, (one,)) == _rows(classroom, log, ("bulk-class",))
    assert _rows(classroom, log, ("s1",)) == _rows(classroom, log, ("s2",))
    s = "SELECT given_name, family_name, archived, deleted FROM student WHERE id = ?"
    assert _rows(classroom, s, ("s1",)) == _rows(classroom, s, ("s2",)) == [("Zoë", "", 1, 0)]
    assert {s.id for s in classroom.students.list(include_archived=True)} == {"s1", "s2"}
