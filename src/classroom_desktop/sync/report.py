"""What a sync round needs from the workspace (the port) and what it reports, in a teacher's words."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from classroom_desktop.i18n import N_, _, ngettext
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
            or N_(
                "A file in the sync folder claims to come from another laptop but was not signed by it; "
                "it was refused."
            )
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
    """The report in words a teacher can read: whole sentences, each in the program's language."""
    if report.status == "update_app":
        return report.message
    sentences: list[str] = []
    if report.status == "incomplete":
        sentences.append(_("Sync incomplete."))
        if report.skipped_files or not report.missing:
            sentences.append(_("Some files could not be read yet; they will be tried again."))
        for name, n in sorted(report.missing.items()):
            sentences.append(
                ngettext(
                    "{count} change from {laptop} is missing; waiting for it to sync.",
                    "{count} changes from {laptop} are missing; waiting for it to sync.",
                    n,
                ).format(count=n, laptop=name)
            )
    sentences.append(
        ngettext("Sent {count} change.", "Sent {count} changes.", report.sent).format(count=report.sent)
    )
    sentences.append(
        ngettext("Received {count} change.", "Received {count} changes.", report.received).format(
            count=report.received
        )
    )
    sentences.append(
        ngettext(
            "{count} laptop is in this sync folder.",
            "{count} laptops are in this sync folder.",
            report.devices_seen,
        ).format(count=report.devices_seen)
    )
    if report.forked:
        sentences.append(
            _(
                "This class file is a copy or a restored backup of another one: it now syncs as a "
                "laptop of its own, and nothing was lost."
            )
        )
    if report.abandoned:
        sentences.append(
            _(
                "{names}: an old copy of a class file that was restored from a backup or copied; it has not "
                "synced since, so it no longer holds back tidying the sync folder."
            ).format(names=", ".join(report.abandoned))
        )
    if report.repaired:
        sentences.append(
            ngettext(
                "Put back {count} missing or damaged file.",
                "Put back {count} missing or damaged files.",
                report.repaired,
            ).format(count=report.repaired)
        )
    if report.refused_files:
        n = len(report.refused_files)
        sentences.append(
            ngettext(
                "Refused {count} file in the sync folder that claimed to come from another laptop without "
                "its signature.",
                "Refused {count} files in the sync folder that claimed to come from another laptop without "
                "their signature.",
                n,
            ).format(count=n)
        )
    if report.held_back:
        sentences.append(
            _(
                "This laptop's date seems to be far ahead of the other laptops': its changes are kept "
                "here until the date and time are set right, then they are sent."
            )
        )
    if report.clock_reissued:
        sentences.append(
            ngettext(
                "This laptop's clock had been set far ahead: {count} of its changes was sent again with "
                "the right time.",
                "This laptop's clock had been set far ahead: {count} of its changes were sent again with "
                "the right time.",
                report.clock_reissued,
            ).format(count=report.clock_reissued)
        )
    sentences.extend(report.skew_warnings)
    if report.conflicts:
        sentences.append(
            ngettext(
                "{count} edit clashed: see Conflicts.",
                "{count} edits clashed: see Conflicts.",
                report.conflicts,
            ).format(count=report.conflicts)
        )
    if report.pending:
        sentences.append(
            ngettext(
                "{count} change waits for files still arriving.",
                "{count} changes wait for files still arriving.",
                report.pending,
            ).format(count=report.pending)
        )
    return " ".join(sentences)
