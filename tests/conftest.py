"""Shared fixtures: every test gets a fresh workspace in tmp_path, and no test touches the user's folders.

Time is pinned: every test runs "on" ``TEST_TODAY`` (20 November 2026, a Friday, unless the
``CLASSROOM_DESKTOP_TODAY`` environment variable names another day, e.g.
``CLASSROOM_DESKTOP_TODAY=2028-02-29 python -m pytest -q``). The variable is set for every test,
so each workspace opened, each demo built and each program started in a subprocess agrees on it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _memory_temp_root() -> str | None:
    """A folder in memory (tmpfs) for the tests' workspaces, when the machine has room for them.

    SQLite waits for the disk at every commit; on a shared machine under load one wait can take
    tens of milliseconds, and the suite commits some hundred thousand times (on a busy CI machine
    it took 31 minutes instead of 9). In memory, a commit still survives a killed program, which is
    what the crash tests kill; only a power cut is not covered, and no test can cut the power.
    ``CLASSROOM_TESTS_ON_DISK=1`` keeps the workspaces in the usual temporary folder.
    """
    if os.environ.get("CLASSROOM_TESTS_ON_DISK") or os.environ.get("PYTEST_DEBUG_TEMPROOT"):
        return None
    shm = Path("/dev/shm")
    try:
        room = shutil.disk_usage(shm).free
    except OSError:
        return None
    return str(shm) if room > 4 * 2**30 and os.access(shm, os.W_OK) else None


if (_root := _memory_temp_root()) is not None:
    os.environ["PYTEST_DEBUG_TEMPROOT"] = _root

from classroom_desktop.clock import ENV_SINCE, ENV_TODAY, FixedClock, SystemClock, parse_day  # noqa: E402

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


@pytest.fixture(scope="session")
def _demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo class's database, built once per run for DEMO_TODAY (about 1.5 s a build, and
    some 300 tests start from it); each test opens its own copy of the file.

    It is built under the same pinned day and private folders every test gets, so its rows and
    stamps are those a build inside the test would make.
    """
    from classroom_desktop.services.classroom import Classroom
    from classroom_desktop.services.demo import build_demo
    from classroom_desktop.store.engine import DB_NAME

    folder = tmp_path_factory.mktemp("demo-template") / "demo"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENV_TODAY, TEST_TODAY.isoformat())
        patch.setenv(ENV_SINCE, _SINCE)
        home = tmp_path_factory.mktemp("demo-home")
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            patch.setenv(var, str(home / var.lower()))
        c = Classroom.open(folder)
        try:
            build_demo(c, today=DEMO_TODAY)
        finally:
            c.close()
    return folder / DB_NAME


@pytest.fixture
def demo(tmp_path: Path, _demo_file: Path) -> Iterator[object]:
    """A workspace holding the demo class, built for DEMO_TODAY (a copy of the run's one build)."""
    from classroom_desktop.services.classroom import Classroom
    from classroom_desktop.store.backup import BACKUP_DIR

    folder = tmp_path / "demo"
    folder.mkdir(mode=0o700)
    for part in _demo_file.parent.glob(_demo_file.name + "*"):  # with a -wal, should one be left
        shutil.copy2(part, folder / part.name)
    c = Classroom.open(folder)
    # A demo built in place has no backup yet; the copy's open made its daily one. Start as the
    # built demo does, so tests of backups count from nothing.
    shutil.rmtree(folder / BACKUP_DIR, ignore_errors=True)
    yield c
    c.close()
