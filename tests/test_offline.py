"""Offline by construction: the program (from source) opens no network connection when it starts,
prints or syncs to a folder. Each command runs in its own process with socket creation patched to fail
(a ``sitecustomize`` on ``PYTHONPATH``, so the chart workers' fork server and its workers are watched
too); every attempt is written to a file, and the test asserts that file stays empty.

The bundle gets the same check from ``installers/smoke.py`` (strace and a network namespace).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

GUARD = """
import os, socket

_LOG = os.environ["CLASSROOM_TEST_NETWORK_LOG"]
with open(os.environ["CLASSROOM_TEST_GUARD_LOADED"], "a") as _fh:
    _fh.write(f"{os.getpid()}\\n")


def _refuse(what):
    with open(_LOG, "a") as fh:
        fh.write(f"{os.getpid()} {what}\\n")
    raise OSError(101, f"network use refused by the offline test: {what}")


_init = socket.socket.__init__


def _socket_init(self, family=-1, type=-1, proto=0, fileno=None):
    if fileno is None and (family == -1 or family in (socket.AF_INET, socket.AF_INET6)):
        _refuse(f"socket(family={family})")
    _init(self, family, type, proto, fileno)


def _getaddrinfo(host, *args, **kwargs):
    _refuse(f"getaddrinfo({host!r})")


socket.socket.__init__ = _socket_init
socket.getaddrinfo = _getaddrinfo
socket.gethostbyname = lambda host: _refuse(f"gethostbyname({host!r})")
"""


@pytest.fixture
def offline(tmp_path: Path) -> dict[str, str]:
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    home = tmp_path / "home"
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("CLASSROOM_", "XDG_"))},
        "PYTHONPATH": os.pathsep.join([str(guard), str(ROOT / "src")]),
        "CLASSROOM_TEST_NETWORK_LOG": str(tmp_path / "network.log"),
        "CLASSROOM_TEST_GUARD_LOADED": str(tmp_path / "loaded.log"),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "MPLCONFIGDIR": str(home / "mpl"),
        "QT_QPA_PLATFORM": "offscreen",
        "CLASSROOM_DESKTOP_TODAY": "2026-03-16",
        "CLASSROOM_SYNC_PASSPHRASE": "offline test passphrase",
    }


def _run(env: dict[str, str], *args: str, extra: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "classroom_desktop", *args],
        env={**env, **(extra or {})},
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, f"{args}: {done.stderr[-3000:]}"
    return done.stdout


def _attempts(env: dict[str, str]) -> list[str]:
    log = Path(env["CLASSROOM_TEST_NETWORK_LOG"])
    return log.read_text().splitlines() if log.exists() else []


def test_the_guard_sees_a_connection_attempt(offline: dict[str, str]) -> None:
    code = (
        "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9), timeout=1)\n"
        "except OSError:\n    pass\n"
    )
    subprocess.run([sys.executable, "-c", code], env=offline, check=True, timeout=60)
    assert _attempts(offline), "the patched socket did not record a connection attempt"


def test_start_print_and_sync_make_no_network_connection(offline: dict[str, str], tmp_path: Path) -> None:
    workspace, share, joined = tmp_path / "ws", tmp_path / "share", tmp_path / "joined"
    share.mkdir()
    _run(offline, "demo", "--out", str(workspace))
    _run(offline, "--workspace", str(workspace), extra={"CLASSROOM_DESKTOP_QUIT_AFTER": "gradebook"})
    _run(offline, "print", "plans", "--workspace", str(workspace), "--out", str(tmp_path / "plans.pdf"))
    _run(offline, "print", "cards", "--workspace", str(workspace), "--out", str(tmp_path / "cards.pdf"))
    _run(offline, "sync", "--workspace", str(workspace), "--folder", str(share), "--create")
    _run(offline, "sync", "--workspace", str(joined), "--folder", str(share), "--join")

    assert _attempts(offline) == []
    loaded = Path(offline["CLASSROOM_TEST_GUARD_LOADED"]).read_text().split()
    assert len(set(loaded)) >= 6  # the guard was in every command's process (and the chart workers')
    from pypdf import PdfReader

    assert "My learning plan" in PdfReader(str(tmp_path / "plans.pdf")).pages[0].extract_text()
    assert (joined / "classroom.sqlite3").exists()
