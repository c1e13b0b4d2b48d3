"""Fixtures for the sync tests: laptops (workspaces with a sync service) sharing one folder.

Every workspace a test opens through ``laptops`` is closed afterwards and must pass
``PRAGMA integrity_check``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from classroom_desktop.services.classroom import Classroom
from classroom_desktop.services.syncing import SyncService
from classroom_desktop.store.engine import integrity_check
from classroom_desktop.store.models import ENTITIES

CHEAP_KDF = 2**10
PASSPHRASE = "Maple room 12"

Laptop = tuple[Classroom, SyncService]


@pytest.fixture
def laptops(tmp_path: Path) -> Iterator[Callable[..., Laptop]]:
    """``laptops(name, now_ms=None, **kwargs)``: workspace ``tmp_path/name`` and its sync service."""
    opened: list[Classroom] = []

    def make(name: str, now_ms: Callable[[], int] | None = None, **kwargs: Any) -> Laptop:
        classroom = Classroom.open(tmp_path / name)
        opened.append(classroom)
        extra: dict[str, Any] = {"kdf_n": CHEAP_KDF, **kwargs}
        if now_ms is not None:
            extra["now_ms"] = now_ms
        return classroom, SyncService(classroom, **extra)

    yield make
    for classroom in opened:
        path = classroom.db_path
        classroom.close()
        assert integrity_check(path) == "ok"


@pytest.fixture
def share(tmp_path: Path) -> Path:
    folder = tmp_path / "share"
    folder.mkdir()
    return folder


def entity_rows(classroom: Classroom) -> dict[str, list[tuple[Any, ...]]]:
    """Every synced table row for row (sorted, ``modified_at`` left out, JSON decoded)."""
    con = sqlite3.connect(classroom.db_path)
    try:
        out = {}
        for name, model in ENTITIES.items():
            cols = [c.key for c in model.__table__.columns if c.key != "modified_at"]
            rows = con.execute(f'SELECT {", ".join(cols)} FROM "{name}"').fetchall()
            out[name] = sorted((tuple(_plain(v) for v in r) for r in rows), key=repr)
        return out
    finally:
        con.close()


def _plain(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.dumps(json.loads(value), sort_keys=True)
        except ValueError:
            return value
    return value


@pytest.fixture
def rows_of() -> Callable[[Classroom], dict[str, list[tuple[Any, ...]]]]:
    """The function comparing workspaces: every synced table, row for row."""
    return entity_rows
