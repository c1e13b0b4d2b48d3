"""Every module the program loads by name (not by an ``import`` statement) exists under that name.

PyInstaller cannot see these, so the bundle's spec collects every submodule of ``classroom_desktop``
and ``installers/smoke.py`` checks they are in the bundle; this test checks the names themselves,
so a renamed module fails here rather than as a placeholder page or a failed print in a school.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "classroom_desktop"


def test_every_printed_document_resolves() -> None:
    from classroom_desktop.services.printing import DOCUMENTS

    for kind, target in DOCUMENTS.items():
        module_name, func_name = target.split(":")
        assert callable(getattr(importlib.import_module(module_name), func_name)), kind


def _unmarked(node: ast.expr) -> ast.expr:
    """The table with its ``N_("…")`` marks (strings for translation) taken off: plain literals."""

    class Unmark(ast.NodeTransformer):
        def visit_Call(self, call: ast.Call) -> ast.AST:  # noqa: N802 (ast's name)
            if isinstance(call.func, ast.Name) and call.func.id == "N_" and len(call.args) == 1:
                return call.args[0]
            return self.generic_visit(call)

    return Unmark().visit(node)  # type: ignore[no-any-return]


def test_every_page_module_is_named_as_it_is() -> None:
    # Read the table from the source: importing ui/ here would load PySide6 into the test process.
    tree = ast.parse((SRC / "ui" / "window_pages.py").read_text(encoding="utf-8"))
    table = next(
        node.value
        for node in tree.body
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "PAGES"
    )
    pages = ast.literal_eval(_unmarked(table))
    assert sum((SRC / "ui" / "pages" / f"{t.split(':')[0]}.py").is_file() for _, t, _ in pages) >= 5
    for title, target, _description in pages:
        module_name, class_name = target.split(":")
        source = SRC / "ui" / "pages" / f"{module_name}.py"
        if not source.is_file():
            continue  # a page still to be written shows a placeholder, by design
        classes = {
            n.name for n in ast.parse(source.read_text(encoding="utf-8")).body if isinstance(n, ast.ClassDef)
        }
        assert class_name in classes, title


def test_the_chart_workers_preload_exists() -> None:
    text = (SRC / "reports" / "chart_pool.py").read_text(encoding="utf-8")
    assert '"classroom_desktop.reports.chart_worker"' in text
    assert (SRC / "reports" / "chart_worker.py").is_file()
