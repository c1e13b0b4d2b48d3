"""Shared fixtures: every test gets a fresh workspace in tmp_path, and no test touches the user's folders.

Time is pinned: every test runs "on" ``TEST_TODAY`` (20 November 2026, a Friday, unless the
``CLASSROOM_DESKTOP_TODAY`` environment variable names another day, e.g.
``CLASSROOM_DESKTOP_TODAY=2028-02-29 python -m pytest -q``). The variable is set for every test,
so each workspace opened, each demo built and each program started in a subprocess agrees on it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from classroom_desktop.clock import ENV_SINCE, ENV_TODAY, FixedClock, SystemClock, parse_day

#: The day every test runs on (the demo's and the program's "today"), so dates do not move.
TEST_TODAY = parse_day(os.environ.get(ENV_TODAY) or "2026-11-20")
DEMO_TODAY = TEST_TODAY
#: The moment that counts as 08:00 on TEST_TODAY, for this process and every program a test starts.
_SINCE = str(SystemClock().now().timestamp())


@pytest.fixture(autouse=True)
def _pinned_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_TODAY, TEST_TODAY.isoformat())
    monkeypatch.setenv(ENV_SINCE, _SINCE)


@pytest.fixture(autouse=True)
def _no_real_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads or writes the user's credential store: no keyring backend, unless a test sets one."""
    import keyring
    from keyring.backends import fail

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture
def today() -> date:
    """The day the test runs on (``TEST_TODAY``)."""
    return TEST_TODAY


@pytest.fixture
def clock() -> FixedClock:
    """A clock standing still at 09:00 on ``TEST_TODAY``; tests move it with ``advance``."""
    return FixedClock(TEST_TODAY)


@pytest.fixture(autouse=True)
def _private_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    monkeypatch.setenv("MPLCONFIGDIR", str(home / "mpl"))
    # The default paper follows the computer's country; tests print on A4 unless they say otherwise.
    monkeypatch.setenv("LC_PAPER", "C.UTF-8")
    if os.environ.get("LC_ALL"):
        monkeypatch.setenv("LC_ALL", "C.UTF-8")


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
