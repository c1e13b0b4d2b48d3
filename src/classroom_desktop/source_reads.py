"""Keep PySide6 from holding the source of every module the program imports (about 20 MB).

PySide6 (6.4 and later) looks at each module imported after it, to learn whether the module uses
PySide6 (for ``from __feature__ import …``), with ``inspect.getsource``; that reads the module's
file through :mod:`linecache`, which keeps every line for the rest of the run: SQLAlchemy, Babel,
cryptography and the program itself, some 220,000 lines, 21 MB of Python objects, a seventh of
the window's memory on a secondary workspace (bench/secondary.py, peak RSS). The check below gives
the same answer from the file read and let go; where the file cannot be read (a bundle), PySide6's
own check runs.

This module imports nothing of Qt: it changes PySide6's check only once PySide6 is imported.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

_FEATURE = "shibokensupport.feature"
_CHECK = "_mod_uses_pyside"


def _reads_the_file(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def uses_pyside(module: ModuleType) -> bool:
        """Whether ``module``'s source mentions PySide6, read from its file and not kept."""
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    uses_pyside.original = original  # type: ignore[attr-defined]
    return uses_pyside


def keep_sources_out_of_memory() -> bool:
    """Once PySide6 is imported, have its check read each module's file without keeping it.

    Returns whether PySide6's check reads files this way now (False before PySide6 is imported,
    or with a PySide6 that checks modules otherwise).
    """
    feature = sys.modules.get(_FEATURE)
    check = getattr(feature, _CHECK, None)
    if feature is None or not callable(check):
        return False
    if not hasattr(check, "original"):
        setattr(feature, _CHECK, _reads_the_file(check))
    return True
