"""What a teacher is told about backups: a damaged class file, and what putting a copy back loses."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from classroom_desktop.domain.errors import UserError
from classroom_desktop.store.backup_rotation import BackupInfo

__all__ = ["WorkspaceDamaged", "describe_time", "restore_consequences"]


class WorkspaceDamaged(UserError):
    """The workspace's database failed its check on open; nothing was opened or backed up.

    ``good_backup`` is the newest backup that passed a check just now (None if there is none).
    """

    def __init__(self, folder: Path, good_backup: BackupInfo | None) -> None:
        self.folder = folder
        self.good_backup = good_backup
        if good_backup is None:
            hint = "there is no good backup of it in its backups folder"
        else:
            hint = (
                f"the newest good backup is from {describe_time(good_backup.made_at)}, "
                "and Classroom Desktop offers to put it back when it opens the class"
            )
        super().__init__(
            f"The class file in {folder} is damaged, so it was not opened and nothing was changed; {hint}."
        )

    def restore_question(self) -> str:
        """What the window asks before restoring ``good_backup`` (say what would be lost)."""
        assert self.good_backup is not None
        when = describe_time(self.good_backup.made_at)
        return (
            f"The class file is damaged and cannot be opened.\n\n"
            f"Put back the newest good backup, from {when}?\n\n"
            f"{restore_consequences(when)}\n\nThe damaged file is kept in the backups folder."
        )


def _changes(n: int) -> str:
    return f"{n} change{'s' if n != 1 else ''}"


def restore_consequences(when: str, syncs: bool | None = None, never_synced: int | None = None) -> str:
    """What putting back a backup made ``when`` does to the changes made after it, in plain words.

    ``syncs``: whether this class syncs with other laptops (None: not known, e.g. its file is
    damaged); ``never_synced``: how many changes made on this laptop after the backup were never
    synced (None: not known).
    """
    if syncs is False:
        if never_synced == 0:
            return f"Nothing was changed on this laptop after {when}, so nothing will be lost."
        lost = f" ({_changes(never_synced)})" if never_synced else ""
        return (
            f"This class does not sync with other laptops, so everything entered on this laptop after {when} "
            f"will be lost{lost}."
        )
    back = (
        f"Changes made after {when} that were already synced to other laptops will come back at the next "
        "sync"
    )
    if never_synced is None:
        return f"{back}; changes that were never synced will be lost."
    if never_synced == 0:
        return f"{back}; every change made on this laptop since then was synced, so none will be lost."
    were = "was" if never_synced == 1 else "were"
    return (
        f"{back}; the {_changes(never_synced)} made on this laptop since then that {were} never synced "
        "will be lost."
    )


def describe_time(moment: datetime) -> str:
    """A moment as a teacher reads it: "Friday 20 November 2026 at 09:00"."""
    return f"{moment:%A} {moment.day} {moment:%B %Y} at {moment:%H:%M}"
