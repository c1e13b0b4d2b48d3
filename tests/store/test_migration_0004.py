"""Migration 0004: each change's base and bundle, added to a change log written by an older version."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from classroom_desktop.services.classroom import Classroom
from classroom_desktop.store import change_log, migrate
from classroom_desktop.store.engine import DB_NAME, integrity_check, make_engine

NOW = "2026-11-20T09:00:00.000000+00:00"


def _stamp(ms: int, device: str) -> str:
    return f"{ms:016d}-000000-{device}"


def test_an_old_change_log_gains_bases_and_is_trimmed_without_inventing_conflicts(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    folder.mkdir()
    engine = make_engine(folder / DB_NAME)
    migrate.upgrade(engine, "0002")  # the schema before bases were kept
    engine.dispose()
    con = sqlite3.connect(folder / DB_NAME)
    con.execute(
        "INSERT INTO student (id, given_name, family_name, preferred_name, student_number, email, "
        "display_code, archived, created_at, modified_at, deleted) "
        "VALUES ('s1', 'Zoë', 'Nguyễn', 'Zo3', '', '', '', 0, ?, ?, 0)",
        (NOW, NOW),
    )
    me, other = "laptop-a", "laptop-b"
    rows = [  # (hlc, device, value, origin): three edits here, one that came from b in between
        (_stamp(1000, me), me, "Zo1", "local"),
        (_stamp(2000, me), me, "Zo2", "local"),
        (_stamp(2500, other), other, "Zoe-b", "remote"),
        (_stamp(3000, me), me, "Zo3", "local"),
    ]
    con.executemany(
        "INSERT INTO change (hlc, device, entity, entity_id, field, value, origin) "
        "VALUES (?, ?, 'student', 's1', 'preferred_name', ?, ?)",
        [(h, d, json.dumps(v), o) for h, d, v, o in rows],
    )
    con.execute("INSERT INTO meta (key, value) VALUES ('device_id', ?)", (json.dumps(me),))
    state = json.dumps({"published_changes": 2})
    con.execute("INSERT INTO meta (key, value) VALUES ('sync_state', ?)", (state,))
    con.commit()
    con.close()

    reopened = Classroom.open(folder)
    try:
        assert migrate.current_revision(reopened.db.engine) == migrate.HEAD
        with reopened.db.reading() as tx:
            logged = tx.raw("SELECT value, base, bundle FROM change ORDER BY seq")
        # b's change: base unknown ("~", seen everything); published local ones: before-0004
        assert [(json.loads(v), b, bundle) for v, b, bundle in logged] == [
            ("Zo1", None, "before-0004"),
            ("Zo2", None, "before-0004"),
            ("Zoe-b", "~", "before-0004"),
            ("Zo3", None, None),  # not published yet: it keeps its place in the log
        ]
        published, _ = change_log.local_changes(reopened.db, 2, 100)
        assert [(c["value"], c["base"]) for c in published] == [("Zo3", _stamp(2500, other))]
        assert change_log.trim(reopened.db, set()) == 3  # what came before, superseded
        assert change_log.log_size(reopened.db).changes == 1
        assert reopened.students.get("s1").preferred_name == "Zo3"
        with reopened.db.reading() as tx:
            assert tx.raw("SELECT count(*) FROM conflict")[0][0] == 0
    finally:
        reopened.close()
    assert integrity_check(folder / DB_NAME) == "ok"
