"""The files a teacher chooses: their bytes, or a OneRoster export's files from a zip or a folder."""

from __future__ import annotations

from pathlib import Path

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.interop import filekind, oneroster, roster_csv


def read_bytes(path: Path | str, wants: str = roster_csv.ROSTER_WANTS) -> bytes:
    """The bytes of a file the teacher chose, or a UserError saying why it cannot be read
    (a file too large to be a class list or a framework is refused before it is read)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.is_file() and size > filekind.MAX_BYTES:
            raise filekind.too_large(size, wants)
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise UserError(_("There is no file {path}.").format(path=path)) from exc
    except IsADirectoryError as exc:
        raise UserError(_("{path} is a folder, not a file.").format(path=path)) from exc
    except OSError as exc:
        raise UserError(_("{path} could not be read ({reason}).").format(
            path=path, reason=exc.strerror)) from exc


def oneroster_files(path: Path | str) -> dict[str, bytes] | None:
    """The OneRoster files of a zip or a folder, or None when ``path`` is neither."""
    path = Path(path)
    if path.is_dir():
        files = {}
        for child in path.iterdir():
            if child.is_file() and child.name.lower() in oneroster.FILES:
                files[child.name.lower()] = read_bytes(child)
        if "users.csv" not in files:
            raise UserError(_("The folder {folder} holds no OneRoster export (no users.csv); "
                              "{wants}.").format(folder=path.name, wants=_(roster_csv.ROSTER_WANTS)))
        return files
    data = read_bytes(path)
    kind = filekind.sniff(data)
    if kind.kind == "zip":
        if not kind.is_oneroster:
            raise UserError(_("This zip archive holds no OneRoster users.csv; {wants}.").format(
                wants=_(roster_csv.ROSTER_WANTS)))
        return oneroster.files_from_zip(data)
    return None
