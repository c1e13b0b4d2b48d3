"""The sync panel: shared-folder sync state and controls for the main window.

A colleague fills this in; until then :func:`install` adds nothing to the window.
"""

from __future__ import annotations

from typing import Any


def install(window: Any, ctx: Any) -> None:
    """Add the sync controls to ``window`` (a MainWindow) for the workspace open in ``ctx``.

    Called by the window each time a workspace is attached. Does nothing yet.
    """
