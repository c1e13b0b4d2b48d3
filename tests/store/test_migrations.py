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
    """A workspace stamped at the first revision opens, is backed up first, and keeps every row."""
    folder = tmp_path / "ws"
    classroom = Classroom.open(folder)
    from classroom_desktop.services.roster import NewStudent

    classroom.students.add(NewStudent("Zoë", "Nguyễn"))
    classroom.close()
    con = sqlite3.connect(folder / DB_NAME)
    con.execute("UPDATE alembic_version SET version_num = '0001'")
    con.commit()
    con.close()

    reopened = Classroom.open(folder)
    try:
        assert [s.display_name for s in reopened.students.list()] == ["Zoë Nguyễn"]
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
