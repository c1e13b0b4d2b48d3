"""What a sync round needs from the workspace (the port) and what it reports, in a teacher's words."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from classroom_desktop.i18n import _
from classroom_desktop.sync.crypto import DamagedFile

BATCH = 5_000
ROUND = 250_000
SNAPSHOT_EVERY = 50
FAR_BEHIND_MS = 365 * 24 * 3600 * 1000
HOLD_AHEAD_MS = 180 * 24 * 3600 * 1000
"""A laptop whose clock is this far ahead of every other laptop's last sync keeps its changes
until its date is set right (so a clock set years ahead never puts its stamps on the share)."""
MAX_AHEAD_MS = 24 * 3600 * 1000
"""A change stamped more than this far ahead of the receiver's clock is refused (and reported);
the laptop that made it re-issues it with a sane stamp once its clock is right again."""
Progress = Callable[[int, int, str], None]
SNAPSHOT = "snapshot"
"""The ``bundle`` a change read from a snapshot is logged with (see ``store/change_log.py``)."""


class Forged(DamagedFile):
    """A file that claims to come from a replica whose key did not sign it."""

    def __init__(self, message: str = "") -> None:
        super().__init__(
            message
            or "A file in the sync folder claims to come from another laptop but was not signed by it; "
            "it was refused."
        )


class Workspace(Protocol):
    """What the engine needs from the workspace (see ``services/syncing.py``)."""

    device_id: str
    schema: str
    name: str
    cache: Path | None

    def load_state(self) -> dict[str, Any]: ...
    def save_state(self, state: dict[str, Any]) -> None: ...
    def export(self, after_seq: int, limit: int) -> tuple[list[dict[str, Any]], int]: ...
    def apply(self, changes: list[dict[str, Any]], state: dict[str, Any]) -> AppliedBatch: ...
    def snapshot(self) -> list[dict[str, Any]]: ...
    def observe(self, hlc: str) -> None: ...
    def identity(self) -> bytes | None: ...
    def become(self, device: str, private: bytes, state: dict[str, Any]) -> None: ...
    def holds_local(self, changes: list[dict[str, Any]]) -> bool: ...
    def heal_clock(self, now_ms: int, ahead_ms: int) -> tuple[int, int]: ...
    def reissue(self, changes: list[dict[str, Any]], state: dict[str, Any]) -> int: ...
    def mark_published(self, after_seq: int, upto_seq: int, bundle: str) -> None: ...
    def trim_log(self, everywhere: set[str]) -> int: ...


@dataclass
class AppliedBatch:
    received: int = 0
    conflicts: int = 0
    pending: int = 0
    refused: int = 0


@dataclass
class SyncReport:
    """How a sync round went, in words a teacher can read (``message``)."""

    status: str  #: "ok", "incomplete" or "update_app"
    sent: int = 0
    received: int = 0
    devices_seen: int = 0
    conflicts: int = 0
    skew_warnings: list[str] = field(default_factory=list)
    skipped_files: list[str] = field(default_factory=list)
    message: str = ""
    pending: int = 0
    missing: dict[str, int] = field(default_factory=dict)  #: laptop name -> changes not here yet
    refused_files: list[str] = field(default_factory=list)  #: forged or unsigned files
    refused_changes: int = 0  #: changes refused (far-future stamps, edits of insert-only rows)
    repaired: int = 0  #: missing or damaged files this laptop put back on the share
    forked: bool = False  #: this workspace took a new replica identity in this round
    clock_reissued: int = 0  #: own changes re-stamped because this laptop's clock had run ahead
    held_back: bool = False  #: this laptop's clock is far ahead: its changes were kept back
    trimmed: int = 0  #: change-log entries every laptop had applied, removed in this round
    abandoned: list[str] = field(default_factory=list)  #: old copies that no longer hold back tidying



def canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def wall(hlc: Any) -> int:
    try:
        return int(str(hlc)[:16])
    except ValueError:
        return 0



def summary(report: SyncReport) -> str:
    """The report in words a teacher can read."""
    if report.status == "update_app":
        return report.message
    laptops = f"{report.devices_seen} laptop{'s' if report.devices_seen != 1 else ''}"
    text = (
        f"Sent {report.sent} change{'s' if report.sent != 1 else ''} and received {report.received} "
        f"({laptops} in this sync folder)."
    )
    if report.status == "incomplete":
        parts = [
            f"missing {n} change{'s' if n != 1 else ''} from {name}, waiting for it to sync"
            for name, n in sorted(report.missing.items())
        ]
        if report.skipped_files or not parts:
            parts.insert(0, "some files could not be read yet; they will be tried again")
        text = "Sync incomplete: " + "; ".join(parts) + ". " + text
    if report.forked:
        text += (
            " This class file is a copy or a restored backup of another one: it now syncs as a "
            "laptop of its own, and nothing was lost."
        )
    if report.abandoned:
        text += " " + _(
            "{names}: an old copy of a class file that was restored from a backup or copied; it has not "
            "synced since, so it no longer holds back tidying the sync folder."
        ).format(names=", ".join(report.abandoned))
    if report.repaired:
        n = report.repaired
        text += f" Put back {n} missing or damaged file{'s' if n != 1 else ''}."
    if report.refused_files:
        n = len(report.refused_files)
        text += (
            f" Refused {n} file{'s' if n != 1 else ''} in the sync folder that claimed to come from "
            "another laptop without its signature."
        )
    if report.held_back:
        text += (
            " This laptop's date seems to be far ahead of the other laptops': its changes are kept "
            "here until the date and time are set right, then they are sent."
        )
    if report.clock_reissued:
        text += (
            f" This laptop's clock had been set far ahead: {report.clock_reissued} of its changes were "
            "sent again with the right time."
        )
    for warning in report.skew_warnings:
        text += " " + warning
    if report.conflicts:
        text += f" {report.conflicts} edit{'s' if report.conflicts != 1 else ''} clashed: see Conflicts."
    if report.pending:
        text += (
            f" {report.pending} change{'s' if report.pending != 1 else ''} wait for files still arriving."
        )
    return text
