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


def font_licences() -> list[tuple[str, str, Path | None]]:
    """The shipped fonts and their licences, from ``resources/fonts/README.md``'s table.

    Returns ``(font files, licence, licence text file or None)`` rows, e.g.
    ``("NotoSans-Regular.ttf, NotoSans-Bold.ttf", "SIL OFL 1.1", Path(".../LICENSE-OFL-1.1.txt"))``;
    an empty list when the README is missing.
    """
    try:
        readme = resource_path("fonts", "README.md")
    except FileNotFoundError:
        return []
    rows: list[tuple[str, str, Path | None]] = []
    for line in readme.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 5 or ".ttf" not in cells[0]:
            continue
        files = cells[0].split(" (")[0]
        licence, _, text_file = cells[-1].partition(",")
        name = text_file.strip().strip("`")
        licence_path = readme.parent / name if name and (readme.parent / name).is_file() else None
        rows.append((files, licence.strip(), licence_path))
    return rows


def app_icon_files() -> list[Path]:
    """The icon's PNG renderings (``resources/icons/classroom-desktop-<size>.png``), small first."""
    try:
        folder = resource_path("icons")
    except FileNotFoundError:
        return []
    found = [(int(p.stem.rsplit("-", 1)[1]), p) for p in folder.glob("classroom-desktop-*.png")]
    return [path for _size, path in sorted(found)]
