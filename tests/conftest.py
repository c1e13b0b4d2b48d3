"""Shared fixtures: every test gets a fresh workspace in tmp_path, and no test touches the user's folders."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: The demo's "today" in tests, so dates in assertions do not move.
DEMO_TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _private_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    monkeypatch.setenv("MPLCONFIGDIR", str(home / "mpl"))


@pytest.fixture
def classroom(tmp_path: Path) -> Iterator[object]:
    """An empty workspace."""
    from classroom_desktop.services.classroom import Classroom

    c = Classroom.open(tmp_path / "workspace")
    yield c
    c.close()


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[object]:
    """A workspace holding the demo class, built for DEMO_TODAY."""
    from classroom_desktop.services.classroom import Classroom
    from classroom_desktop.services.demo import build_demo

    c = Classroom.open(tmp_path / "demo")
    build_demo(c, today=DEMO_TODAY)
    yield c
    c.close()
