"""The layer rule of DESIGN.md: only ui/ imports PySide6; domain/ imports nothing of ours outside domain/."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "classroom_desktop"


def _modules(exclude_ui: bool) -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if exclude_ui and "ui" in parts[1:2]:
            continue
        if "migrations" in parts:
            continue
        names.append(".".join(parts))
    return names


def test_every_module_outside_ui_imports_without_pyside6() -> None:
    modules = [m for m in _modules(exclude_ui=True) if m != "classroom_desktop.__main__"]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_domain_imports_nothing_of_ours_outside_domain() -> None:
    for path in (PACKAGE / "domain").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("classroom_desktop")
            ):
                assert node.module.startswith("classroom_desktop.domain"), (
                    f"{path.name} imports {node.module}"
                )
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert alias.name.split(".")[0] not in {
                        "sqlalchemy",
                        "PySide6",
                        "matplotlib",
                        "reportlab",
                    }, f"{path.name} imports {alias.name}"


def test_only_ui_imports_pyside6() -> None:
    for path in PACKAGE.rglob("*.py"):
        if "ui" in path.relative_to(PACKAGE).parts[:1]:
            continue
        text = path.read_text(encoding="utf-8")
        assert "import PySide6" not in text and "from PySide6" not in text, path


def test_the_window_reaches_data_only_through_services() -> None:
    for path in (PACKAGE / "ui").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(("classroom_desktop.store", "classroom_desktop.sync")), (
                    f"ui/{path.name} imports {node.module}"
                )
