"""What a teacher is told about backups: a damaged class file, and what putting a copy back loses."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _, ngettext, program_translator
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
            message = _(
                "The class file in {folder} is damaged, so it was not opened and nothing was changed; "
                "there is no good backup of it in its backups folder."
            ).format(folder=folder)
        else:
            message = _(
                "The class file in {folder} is damaged, so it was not opened and nothing was changed; "
                "the newest good backup is from {when}, and Classroom Desktop offers to put it back "
                "when it opens the class."
            ).format(folder=folder, when=describe_time(good_backup.made_at))
        super().__init__(message)

    def restore_question(self) -> str:
        """What the window asks before restoring ``good_backup`` (say what would be lost)."""
        assert self.good_backup is not None
        when = describe_time(self.good_backup.made_at)
        return "\n\n".join(
            (
                _("The class file is damaged and cannot be opened."),
                _("Put back the newest good backup, from {when}?").format(when=when),
                restore_consequences(when),
                _("The damaged file is kept in the backups folder."),
            )
        )


def restore_consequences(when: str, syncs: bool | None = None, never_synced: int | None = None) -> str:
    """What putting back a backup made ``when`` does to the changes made after it, in plain words.

    ``syncs``: whether this class syncs with other laptops (None: not known, e.g. its file is
    damaged); ``never_synced``: how many changes made on this laptop after the backup were never
    synced (None: not known).
    """
    if syncs is False:
        if never_synced == 0:
            return _("Nothing was changed on this laptop after {when}, so nothing will be lost.").format(
                when=when
            )
        if not never_synced:
            return _(
                "This class does not sync with other laptops, so everything entered on this laptop after "
                "{when} will be lost."
            ).format(when=when)
        return ngettext(
            "This class does not sync with other laptops, so everything entered on this laptop after "
            "{when} will be lost ({count} change).",
            "This class does not sync with other laptops, so everything entered on this laptop after "
            "{when} will be lost ({count} changes).",
            never_synced,
        ).format(when=when, count=never_synced)
    if never_synced is None:
        return _(
            "Changes made after {when} that were already synced to other laptops will come back at the next "
            "sync; changes that were never synced will be lost."
        ).format(when=when)
    if never_synced == 0:
        return _(
            "Changes made after {when} that were already synced to other laptops will come back at the next "
            "sync; every change made on this laptop since then was synced, so none will be lost."
        ).format(when=when)
    return ngettext(
        "Changes made after {when} that were already synced to other laptops will come back at the next "
        "sync; the {count} change made on this laptop since then that was never synced will be lost.",
        "Changes made after {when} that were already synced to other laptops will come back at the next "
        "sync; the {count} changes made on this laptop since then that were never synced will be lost.",
        never_synced,
    ).format(when=when, count=never_synced)


def describe_time(moment: datetime) -> str:
    """A moment as a teacher reads it: "Friday 20 November 2026 at 09:00" (in the program's language)."""
    from babel.dates import format_date

    words = program_translator()
    weekday = format_date(moment.date(), "EEEE", locale=words.date_locale)
    return _("{weekday} {date} at {time}").format(
        weekday=weekday, date=words.date(moment.date()), time=f"{moment:%H:%M}"
    )
