"""Reading a sync round's input: snapshots for new or returning laptops, the other laptops' bundles."""


from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from classroom_desktop.i18n import ngettext
from classroom_desktop.sync.atomic import share_errors
from classroom_desktop.sync.bundle import (
    BundleHeader,
    NewerFormat,
    UnknownKey,
)
from classroom_desktop.sync.clock import skew_warning
from classroom_desktop.sync.crypto import (
    DamagedFile,
)
from classroom_desktop.sync.repo import SyncRepo
from classroom_desktop.sync.report import (
    FAR_BEHIND_MS,
    MAX_AHEAD_MS,
    ROUND,
    SNAPSHOT,
    Forged,
    SyncReport,
    Workspace,
    wall,
)


class Reading:
    """The reading half of :class:`~classroom_desktop.sync.engine.SyncEngine` (a mixin)."""

    repo: SyncRepo
    ws: Workspace
    device: str
    keys: dict[str, bytes]
    revoked: set[str]
    now_ms: Callable[[], int]
    _damaged: set[tuple[str, str]]

    # ---- reading ------------------------------------------------------------------------------
    def _bootstrap(self, state: dict[str, Any], report: SyncReport) -> None:
        """A new laptop starts from the newest snapshot, then reads only the bundles it does not cover."""
        found = self.repo.latest_snapshot()
        if found is None:
            return
        try:
            header, changes, _ = self._open(found[2], found[0], state)
        except NewerFormat:
            raise
        except DamagedFile:
            report.skipped_files.append(found[2].name)
            return
        covers = header.extra.get("covers", {})
        new_state = copy.deepcopy(state)
        accepted, refused = self._split_future(_from_snapshot(changes), report)
        if isinstance(covers, dict) and not refused:
            self._mark_applied(new_state, covers)
        result = self.ws.apply(accepted, new_state)
        state.clear()
        state.update(new_state)
        report.received += result.received
        report.pending = result.pending
        report.refused_changes += result.refused
        self._observe(accepted)

    def _mark_applied(self, state: dict[str, Any], covers: dict[str, Any]) -> None:
        """Note every other laptop's bundle (by hash) that a snapshot or bundle says it covers as applied."""
        for device, shas in covers.items():
            if device != self.device and isinstance(shas, list):
                entry = state["applied"].setdefault(device, [])
                entry.extend(sorted({s for s in shas if isinstance(s, str)} - set(entry)))

    def _catch_up(self, state: dict[str, Any], report: SyncReport) -> None:
        """Apply a snapshot covering bundles we never applied and that are gone from the share.

        A laptop back from a long absence, a restored backup or an old copy may lack bundles their
        writers removed once every laptop they knew of had applied them: the snapshot has them.
        """
        seen = state.setdefault("snapshots", [])
        for device in self.repo.list_devices():
            snaps = self.repo.list_snapshots(device)
            if not snaps or snaps[-1][1] in seen:
                continue
            _seq, sha, path = snaps[-1]
            try:
                header, changes, _ = self._open(path, device, state)
            except NewerFormat:
                raise
            except DamagedFile:
                continue
            covers = header.extra.get("covers", {})
            if not isinstance(covers, dict):
                continue
            lacking: dict[str, set[str]] = {}
            for dev, shas in covers.items():
                if dev == self.device or not isinstance(shas, list):
                    continue
                have = set(state["applied"].get(dev, []))
                gone = {s for s in shas if isinstance(s, str) and s not in have and s not in state["own"]}
                if gone:
                    gone -= {s for _, s, _ in self.repo.list_bundles(dev)}
                if gone:
                    lacking[dev] = gone
            if not lacking:
                seen.append(sha)
                self.ws.save_state(state)
                continue
            accepted, refused = self._split_future(_from_snapshot(changes), report)
            new_state = copy.deepcopy(state)
            if not refused:  # else read again later, once its writer has set its clock right
                new_state.setdefault("snapshots", []).append(sha)
                self._mark_applied(new_state, covers)
            result = self.ws.apply(accepted, new_state)
            state.clear()
            state.update(new_state)
            report.received += result.received
            report.conflicts += result.conflicts
            report.pending = result.pending
            self._observe(accepted)

    def _import(self, state: dict[str, Any], report: SyncReport, stop: Callable[[], bool]) -> bool:
        """Apply every readable bundle not applied yet; False if some could not be read."""
        complete = True
        queue: list[tuple[str, int, str, Path]] = []
        for device in self.repo.list_devices():
            if device == self.device:
                continue
            have = set(state["applied"].get(device, []))
            for seq, sha, path in self.repo.list_bundles(device):
                if sha not in have and sha not in state["refused"] and sha not in state["own"]:
                    queue.append((device, seq, sha, path))
        changes: list[dict[str, Any]] = []
        marks: list[tuple[str, str]] = []
        skew: dict[str, str] = {}
        for manifest in self._manifests(state).values():
            gone = manifest.get("revoked", [])
            if isinstance(gone, list):
                self.revoked |= {d for d in gone if isinstance(d, str) and d != self.device}
        times = self._laptop_times(state) if queue else {}
        earlier = {str(info.get("device")) for info in state["own"].values()} - {self.device}
        for device, _seq, sha, path in queue:
            if stop():
                return False
            try:
                header, body, data = self._open(path, device, state)
            except NewerFormat as exc:
                report.status, report.message = "update_app", exc.message
                report.skipped_files.append(path.name)
                continue
            except Forged:
                state["refused"].append(sha)
                report.refused_files.append(path.name)
                continue
            except UnknownKey as exc:
                report.skipped_files.append(path.name)
                if exc.message not in report.skew_warnings:
                    report.skew_warnings.append(exc.message)
                complete = False
                continue
            except DamagedFile:
                report.skipped_files.append(path.name)  # still arriving, or damaged: retried next time
                self._damaged.add((device, sha))
                complete = False
                continue
            if header.extra.get("kind") == "snapshot":
                continue
            warning = self._skew(header)
            if warning:
                skew[device] = warning
            self._cache(device, path.name, data)
            accepted, refused = self._split_future(body, report, self._limit(times, device))
            for change in accepted:
                change["bundle"] = sha  # the log is trimmed once every laptop has applied it
            changes.extend(accepted)
            if not refused:
                marks.append((device, sha))
            elif device in earlier:
                # Written under an id this workspace had before a fork (a backup restored after its
                # clock had run ahead): nobody else will re-issue them, so we do, and take it back.
                limit = self._limit(times, device)
                future = [c for c in body if wall(c.get("hlc")) > limit]
                report.clock_reissued += self.ws.reissue(future, state)
                marks.append((device, sha))
                with share_errors(self.repo.share):
                    path.unlink(missing_ok=True)
            else:
                complete = False  # read again next time: by then the sender may have re-issued them
            if len(changes) >= ROUND:
                self._apply(state, changes, marks, report)
                changes, marks = [], []
        if changes or marks:
            self._apply(state, changes, marks, report)
        report.skew_warnings = sorted(set(skew.values()) | set(report.skew_warnings))
        return complete

    def _laptop_times(self, state: dict[str, Any]) -> dict[str, int]:
        """When each other laptop last synced, by its own clock (from its signed manifest)."""
        out = {}
        for device, manifest in self._manifests(state).items():
            try:
                when = datetime.fromisoformat(str(manifest.get("synced_at", "")))
            except ValueError:
                continue
            out[device] = int(when.timestamp() * 1000)
        return out

    def _limit(self, times: dict[str, int], sender: str) -> int:
        """The latest stamp accepted from ``sender``: our clock, or (when ours is behind) what most
        other laptops say the time is, never the sender's own word, plus the allowed skew."""
        others = sorted(t for d, t in times.items() if d != sender)
        median = others[(len(others) - 1) // 2] if others else 0
        return max(self.now_ms(), median) + MAX_AHEAD_MS

    def _split_future(
        self, changes: list[dict[str, Any]], report: SyncReport, limit: int | None = None
    ) -> tuple[list[dict[str, Any]], int]:
        """Changes stamped too far ahead of the time are refused (the sender re-issues them)."""
        if limit is None:
            limit = self.now_ms() + MAX_AHEAD_MS
        accepted = [c for c in changes if wall(c.get("hlc")) <= limit]
        refused = len(changes) - len(accepted)
        if refused:
            report.refused_changes += refused
            report.skew_warnings.append(
                ngettext(
                    "{count} change from a laptop whose clock is set far in the future was refused. "
                    "Set that laptop's date and time right and sync it: its changes will then come again.",
                    "{count} changes from a laptop whose clock is set far in the future were refused. "
                    "Set that laptop's date and time right and sync it: its changes will then come again.",
                    refused,
                ).format(count=refused)
            )
        return accepted, refused

    def _apply(
        self,
        state: dict[str, Any],
        changes: list[dict[str, Any]],
        marks: list[tuple[str, str]],
        report: SyncReport,
    ) -> None:
        new_state = copy.deepcopy(state)
        for device, sha in marks:
            entry = new_state["applied"].setdefault(device, [])
            if sha not in entry:
                entry.append(sha)
        changes.sort(key=lambda c: str(c.get("hlc", "")))
        result = self.ws.apply(changes, new_state)
        state.clear()
        state.update(new_state)
        report.received += result.received
        report.conflicts += result.conflicts
        report.pending = result.pending
        report.refused_changes += result.refused
        self._observe(changes)

    def _observe(self, changes: list[dict[str, Any]]) -> None:
        stamps = [c["hlc"] for c in changes if isinstance(c.get("hlc"), str)]
        if stamps:
            self.ws.observe(max(stamps))

    def _skew(self, header: BundleHeader) -> str | None:
        try:
            wall = int(datetime.fromisoformat(header.created).timestamp() * 1000)
        except ValueError:
            return None
        now = self.now_ms()
        ahead = skew_warning(wall, now)
        if ahead:
            return ahead
        if now - wall > FAR_BEHIND_MS:
            years = (now - wall) // (365 * 24 * 3600 * 1000)
            return ngettext(
                "Another laptop's clock seems to be about {count} year behind this one. Its changes were "
                "synced, but check the date and time settings on both laptops.",
                "Another laptop's clock seems to be about {count} years behind this one. Its changes were "
                "synced, but check the date and time settings on both laptops.",
                years,
            ).format(count=years)
        return None


def _from_snapshot(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Changes read from a snapshot, marked as such (a snapshot from before bases were kept: as seen)."""
    for change in changes:
        change["bundle"] = SNAPSHOT
        change.setdefault("base", "~")
        change.setdefault("row_base", change["base"])
    return changes
