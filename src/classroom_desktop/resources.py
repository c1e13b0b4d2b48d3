"""Locate files shipped in ``resources/`` wherever the program runs from.

Three layouts are supported, looked at in this order:

1. a PyInstaller bundle: ``sys._MEIPASS/resources``;
2. an installed wheel: ``<prefix>/share/classroom-desktop/resources`` (the wheel's data files);
3. a source checkout or editable install: ``<repo root>/resources``.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def resource_roots() -> list[Path]:
    """Return the folders that may hold the resources, most specific first."""
    roots: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        roots.append(Path(bundle) / "resources")
    roots.append(Path(sys.prefix) / "share" / "classroom-desktop" / "resources")
    roots.append(_PACKAGE_DIR.parent.parent / "resources")
    return roots


def resource_path(*parts: str) -> Path:
    """Return the path of a shipped resource, e.g. ``resource_path("fonts", "NotoSans-Regular.ttf")``.

    Raises:
        FileNotFoundError: when no resource folder holds the file; the message names every place looked in.
    """
    roots = resource_roots()
    for root in roots:
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate
    wanted = "/".join(parts) or "resources"
    looked = ", ".join(str(root) for root in roots)
    raise FileNotFoundError(
        f"The program's file '{wanted}' is missing. It was looked for in: {looked}. "
        "Reinstalling Classroom Desktop should bring it back."
    )
