"""Alembic, driven from code: upgrade a workspace database to the newest schema.

Alembic is imported only when a database really needs migrating: opening an up-to-date
workspace reads its stamped revision with plain ``sqlite3`` and compares it with :data:`HEAD`
(``tests/store/test_migrations.py`` keeps that constant equal to Alembic's own head).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

MIGRATIONS = Path(__file__).with_name("migrations")

#: The newest revision in migrations/versions. Update it with every new migration.

HEAD = "0005"


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    """Alembic's own idea of the newest revision (slow: loads every migration script)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


class WorkspaceTooNew(UserError):
    """The workspace was saved by a newer Classroom Desktop (its schema revision is unknown here)."""

    def __init__(self, folder: Path, revision: str) -> None:
        self.folder = folder
        self.revision = revision
        super().__init__(
            _(
                "The class in {folder} was saved by a newer version of Classroom Desktop; "
                "update the app to open it (nothing was changed)."
            ).format(folder=folder)
        )


def is_known_revision(revision: str | None) -> bool:
    """True when this version's migrations know ``revision`` (None: an unstamped database).

    Fast for :data:`HEAD`; otherwise loads the migration scripts (only when migrating anyway).
    """
    if revision is None or revision == HEAD:
        return True
    from alembic.script import ScriptDirectory

    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except Exception:  # alembic's ResolutionError/CommandError: a revision this version never had
        return False


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def stamped_revision(db_path: Path) -> str | None:
    """The revision a database file is stamped with, read without Alembic (None: not stamped)."""
    from classroom_desktop.store.backup import connect_query_only

    try:
        con = connect_query_only(db_path)
    except sqlite3.Error:
        return None
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    finally:
        con.close()
    return None if row is None else str(row[0])


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database behind ``engine`` to ``revision`` (default: the newest)."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)
