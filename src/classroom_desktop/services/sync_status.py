"""What the status bar and Settings ▸ Sync say about sync: set up or not, last sync, what waits."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from classroom_desktop.i18n import _
from classroom_desktop.services.sync_config import LAST_KEY, SyncConfig
from classroom_desktop.services.sync_port import STATE_KEY
from classroom_desktop.store import change_log, conflicts

__all__ = ["SyncStatus", "SyncStatusReports"]


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar and the Settings page show."""

    configured: bool
    folder: str = ""
    last_sync: str = ""  #: ISO time of the last sync, "" if never
    last_status: str = ""  #: "ok", "incomplete" or "update_app"
    message: str = ""
    devices_seen: int = 0
    waiting: int = 0  #: this laptop's changes not yet in the sync folder
    conflicts: int = 0
    pending: int = 0  #: received changes waiting for files still arriving
    needs_passphrase: bool = False  #: set up, but this copy of the class file must be given the passphrase


class SyncStatusReports(SyncConfig):
    """The status of sync, in data and in words (mixed into ``SyncService``)."""

    def folder_reachable(self) -> bool:
        folder = self.config().get("folder")
        return isinstance(folder, str) and bool(folder) and Path(folder).is_dir()

    def status(self) -> SyncStatus:
        config = self.config()
        if not config.get("repo_id"):
            return SyncStatus(False)
        if self._key() is None:
            return SyncStatus(
                True,
                str(config.get("folder", "")),
                message=_("This class file was restored or copied: set up sync again with the passphrase."),
                needs_passphrase=True,
            )
        last = self._c.setting(LAST_KEY) or {}
        assert isinstance(last, dict)
        state = self._c.setting(STATE_KEY) or {}
        assert isinstance(state, dict)
        waiting = change_log.count_local_after(self._c.db, int(state.get("published_changes", 0)))
        return SyncStatus(
            True,
            str(config.get("folder", "")),
            str(last.get("at", "")),
            str(last.get("status", "")),
            str(last.get("message", "")),
            int(last.get("devices_seen", 0)),
            waiting,
            len(conflicts.open_conflicts(self._c.db)),
            change_log.pending_count(self._c.db),
        )

    def housekeeping(self) -> str:
        """Where the sync key is kept and how much of the change log is kept, in words.

        Slower than :meth:`status` (it counts the log): for Settings ▸ Sync and ``sync --status``.
        """
        size = change_log.log_size(self._c.db)
        megabytes = size.file_bytes / 1_000_000
        text = _(
            "The change log keeps {changes} entries for {fields} fields (older ones are removed once "
            "every laptop has them); the class file uses {size} MB."
        ).format(changes=size.changes, fields=size.fields, size=f"{megabytes:.1f}")
        if self.config().get("repo_id"):
            place = self.keys.place()
            where = place.where if place.in_credential_store else _(
                "the file {path}, readable only by you"
            ).format(path=place.where)
            said = _("The sync key is kept in {where}, never in the class file or its backups.")
            text += " " + said.format(where=where)
        return text
