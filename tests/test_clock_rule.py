"""Time is an input: nothing but ``classroom_desktop/clock.py`` reads the system's date or time.

Durations (``time.monotonic``, ``time.perf_counter``) are fine anywhere; what is refused is any
way of asking the calendar or the wall clock, in the program, its tests and its benchmarks.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CLOCK_MODULE = ROOT / "src" / "classroom_desktop" / "clock.py"

#: attribute -> the names it may hang off (``None``: any), e.g. ``date.today``.
FORBIDDEN = {
    "today": {"date", "datetime"},
    "now": {"datetime"},
    "utcnow": {"datetime"},
    "time": {"time"},
    "time_ns": {"time"},
    "localtime": {"time"},
    "gmtime": {"time"},
    "ctime": {"time"},
    "currentDate": None,
    "currentDateTime": None,
    "currentDateTimeUtc": None,
    "currentTime": None,
    "currentMSecsSinceEpoch": None,
    "currentSecsSinceEpoch": None,
}


def _owner(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def clock_reads(source: str) -> list[tuple[int, str]]:
    """(line, what) for every read of the system clock in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in FORBIDDEN:
            owners = FORBIDDEN[node.attr]
            owner = _owner(node.value)
            if owners is None or owner in owners:
                found.append((node.lineno, f"{owner}.{node.attr}"))
        if isinstance(node, ast.ImportFrom) and node.module == "time":
            for alias in node.names:
                if alias.name in {"time", "time_ns", "localtime", "gmtime", "ctime"}:
                    found.append((node.lineno, f"from time import {alias.name}"))
    return found


def _files() -> list[Path]:
    return [
        p
        for folder in ("src", "tests", "bench")
        for p in sorted((ROOT / folder).rglob("*.py"))
        if p != CLOCK_MODULE
    ]


def test_only_the_clock_module_reads_the_system_clock() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in _files()
        for line, what in clock_reads(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "read the time from the workspace's clock instead:\n" + "\n".join(offenders)


@pytest.mark.parametrize(
    "code",
    [
        "from datetime import date\nx = date.today()",
        "import datetime\nx = datetime.datetime.now()",
        "from datetime import datetime, UTC\nx = datetime.now(UTC)",
        "import time\nx = time.time()",
        "from time import time_ns",
        "from PySide6.QtCore import QDate\nx = QDate.currentDate()",
        "f = date.today  # passed along, read later",
    ],
)
def test_the_rule_sees_every_way_of_asking(code: str) -> None:
    assert clock_reads(code)


def test_the_rule_leaves_durations_and_the_clock_alone() -> None:
    code = "import time\nt = time.perf_counter()\nm = time.monotonic()\nday = self.clock.today()\n"
    assert clock_reads(code) == []
