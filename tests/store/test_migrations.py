"""Schema changes only through Alembic: an empty database and an old one both reach head intact."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import inspect

from classroom_desktop.services.classroom import Classroom
from classroom_desktop.store import migrate
from classroom_desktop.store.engine import DB_NAME, integrity_check, make_engine
from classroom_desktop.store.models import Base


def test_empty_database_upgrades_to_head_and_passes_integrity_check(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite3"
    engine = make_engine(db)
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    assert set(inspect(engine).get_table_names()) >= set(Base.metadata.tables)
    engine.dispose()
    assert integrity_check(db) == "ok"


def test_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    """Autogenerate finds nothing to do: the migrations describe exactly the models."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(tmp_path / "x.sqlite3")
    migrate.upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_database_from_an_older_version_keeps_its_rows(tmp_path: Path) -> None:
    """A workspace made at the first revision opens, is backed up first, keeps its rows, gains new fields."""
    folder = tmp_path / "ws"
    folder.mkdir()
    engine = make_engine(folder / DB_NAME)
    migrate.upgrade(engine, "0001")  # the schema the first version wrote
    engine.dispose()
    con = sqlite3.connect(folder / DB_NAME)
    now = "2026-11-20T09:00:00.000000+00:00"
    con.execute(
        "INSERT INTO student (id, given_name, family_name, preferred_name, student_number, email, "
        "display_code, archived, created_at, modified_at, deleted) "
        "VALUES ('s1', 'Zoë', 'Nguyễn', '', '', '', '', 0, ?, ?, 0)",
        (now, now),
    )
    con.execute(
        "INSERT INTO learner_profile (id, student_id, strengths, needs, interests, motivations, goals, "
        "learning_preferences, accommodations, languages, notes, created_at, modified_at, deleted) "
        "VALUES ('p1', 's1', 'Draws well', '', '', '', '[]', '', '', 'Vietnamese, English', '', ?, ?, 0)",
        (now, now),
    )
    con.execute("INSERT INTO meta (key, value) VALUES ('device_id', '\"old-laptop\"')")
    con.commit()
    con.close()

    reopened = Classroom.open(folder)
    try:
        assert [s.display_name for s in reopened.students.list()] == ["Zoë Nguyễn"]
        profile = reopened.students.profile("s1")
        assert (profile.strengths, profile.languages, profile.home_language) == (
            "Draws well", "Vietnamese, English", ""
        )
        assert reopened.backups(), "opening takes a backup copy before migrating"
        assert migrate.current_revision(reopened.db.engine) == migrate.head_revision()
    finally:
        reopened.close()
    assert integrity_check(folder / DB_NAME) == "ok"


def test_workspace_uses_wal_and_foreign_keys(classroom: Classroom) -> None:
    with classroom.db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_the_fast_head_constant_is_alembics_head() -> None:
    assert migrate.HEAD == migrate.head_revision()


def test_an_unchanged_workspace_is_not_backed_up_again_on_open(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    Classroom.open(folder).close()
    first = Classroom.open(folder)
    first.close()
    count = len(first.backups())
    second = Classroom.open(folder)
    second.close()
    assert len(second.backups()) == count
    assert count >= 1
