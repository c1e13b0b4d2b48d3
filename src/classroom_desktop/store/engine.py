"""The SQLite engine for a workspace: WAL, foreign keys, and migration to head on open."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from classroom_desktop.store.private import DB_NAME

__all__ = ["DB_NAME", "integrity_check", "make_engine", "make_session_factory"]


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _query_only(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute("PRAGMA query_only=ON")


def make_engine(db_path: Path, query_only: bool = False) -> Engine:
    """An engine on ``db_path`` with the workspace's pragmas on every connection.

    ``query_only``: its connections cannot write (a workspace opened only to read).
    """
    engine = create_engine(f"sqlite:///{db_path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _on_connect)
    if query_only:
        event.listen(engine, "connect", _query_only)
    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, future=True)


def integrity_check(db_path: Path) -> str:
    """``PRAGMA integrity_check`` of a database file ("ok" when sound)."""
    con = sqlite3.connect(db_path)
    try:
        return str(con.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        con.close()
