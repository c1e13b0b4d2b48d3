"""One sync round against the shared folder: read the other laptops' bundles, publish ours.

The engine knows the share (``SyncRepo``), the bundle format and the clock; it reaches the
workspace only through the small :class:`Workspace` port (implemented by
``services/syncing.py`` over ``store/sync_apply.py``), so it never touches the database itself.

Local state (kept in the workspace, written in the same transaction as what it describes)::

    {"published_changes": last local change seq put in a bundle,
     "next_bundle": the number of this laptop's next bundle,
     "applied": {device: {"upto": n, "above": [seqs > n]}},  # bundles applied, by number
     "snapshots_since": bundles published since this laptop's last snapshot}
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from classroom_desktop.sync.atomic import ShareUnavailable, share_errors
from classroom_desktop.sync.bundle import BundleHeader, NewerFormat, decode_bundle, encode_bundle
from classroom_desktop.sync.clock import Stamp, skew_warning, system_now_ms
from classroom_desktop.sync.crypto import DamagedFile
from classroom_desktop.sync.repo import SyncRepo

BATCH = 5_000
ROUND = 250_000
SNAPSHOT_EVERY = 50
FAR_BEHIND_MS = 365 * 24 * 3600 * 1000
Progress = Callable[[int, int, str], None]


class Workspace(Protocol):
    """What the engine needs from the workspace (see ``services/syncing.py``)."""

    device_id: str
    schema: str

    def load_state(self) -> dict[str, Any]: ...
    def save_state(self, state: dict[str, Any]) -> None: ...
    def export(self, after_seq: int, limit: int) -> tuple[list[dict[str, Any]], int]: ...
    def apply(self, changes: list[dict[str, Any]], state: dict[str, Any]) -> AppliedBatch: ...
    def snapshot(self) -> list[dict[str, Any]]: ...
    def observe(self, hlc: str) -> None: ...


@dataclass
class AppliedBatch:
    received: int = 0
    conflicts: int = 0
    pending: int = 0


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


def _done(entry: dict[str, Any], seq: int) -> bool:
    return seq <= int(entry.get("upto", 0)) or seq in entry.get("above", [])


def _mark(entry: dict[str, Any], seq: int) -> None:
    above = set(entry.get("above", [])) | {seq}
    upto = int(entry.get("upto", 0))
    while upto + 1 in above:
        upto += 1
        above.discard(upto)
    entry["upto"], entry["above"] = upto, sorted(s for s in above if s > upto)


class SyncEngine:
    """Sync one workspace with one sync folder.

    Args:
        repo: the sync folder.
        key: the repository key (from the passphrase, or stored in the workspace).
        workspace: the port to the workspace.
        now_ms: the wall clock (injectable for tests of clock skew).
    """

    def __init__(
        self,
        repo: SyncRepo,
        key: bytes,
        workspace: Workspace,
        now_ms: Callable[[], int] = system_now_ms,
        batch: int = BATCH,
        snapshot_every: int = SNAPSHOT_EVERY,
    ) -> None:
        self.repo, self.key, self.ws, self.now_ms = repo, key, workspace, now_ms
        self.device = workspace.device_id
        self.batch, self.snapshot_every = batch, snapshot_every

    def sync(
        self, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None
    ) -> SyncReport:
        """Read, apply and publish; never raises for an unreachable share (status "incomplete")."""
        report = SyncReport("ok")
        note = progress or (lambda d, t, m: None)
        stop = cancelled or (lambda: False)
        try:
            self.repo.repo_format()
            repo_id = self.repo.repo_id()
            state = self.ws.load_state()
            state.setdefault("applied", {})
            self._recover(state)
            if not state["applied"] and state.get("published_changes", 0) == 0:
                self._bootstrap(state, report)
            note(0, 3, "Reading the other laptops' changes…")
            complete = self._import(state, report, stop)
            note(1, 3, "Sending this laptop's changes…")
            if not stop():
                self._publish(state, repo_id, report)
            note(2, 3, "Tidying the sync folder…")
            self._share_state(state)
            if not stop():
                self._snapshot_and_compact(state, repo_id)
            report.devices_seen = len(set(self.repo.list_devices()) | {self.device})
            if (stop() or not complete) and report.status == "ok":
                report.status = "incomplete"
        except NewerFormat as exc:
            report.status, report.message = "update_app", exc.message
            return report
        except ShareUnavailable as exc:
            report.status = "incomplete"
            report.message = f"Sync incomplete. {exc.message}"
            return report
        report.message = self._summary(report)
        return report

    # ---- steps ------------------------------------------------------------------------------
    def _recover(self, state: dict[str, Any]) -> None:
        """Bundles of ours on the share that the workspace did not record (killed after writing)."""
        next_bundle = int(state.get("next_bundle", 1))
        for seq, _sha, path in self.repo.list_bundles(self.device):
            if seq < next_bundle:
                continue
            try:
                header, _ = decode_bundle(self.key, self.repo.read_file(path))
            except DamagedFile:
                continue
            upto = int(header.extra.get("changes_to", 0))
            state["published_changes"] = max(int(state.get("published_changes", 0)), upto)
            state["next_bundle"] = next_bundle = seq + 1
            self.ws.save_state(state)

    def _bootstrap(self, state: dict[str, Any], report: SyncReport) -> None:
        """A new laptop starts from the newest snapshot, then reads only the bundles after it."""
        found = self.repo.latest_snapshot()
        if found is None:
            return
        try:
            header, changes = decode_bundle(self.key, self.repo.read_file(found[2]))
        except NewerFormat:
            raise
        except DamagedFile:
            report.skipped_files.append(found[2].name)
            return
        covers = header.extra.get("covers", {})
        new_state = copy.deepcopy(state)
        for device, upto in covers.items():
            if device != self.device and isinstance(upto, int):
                entry = new_state["applied"].setdefault(device, {"upto": 0, "above": []})
                entry["upto"] = max(int(entry.get("upto", 0)), upto)
        result = self.ws.apply(changes, new_state)
        state.clear()
        state.update(new_state)
        report.received += result.received
        report.pending = result.pending
        self._observe(changes)

    def _import(self, state: dict[str, Any], report: SyncReport, stop: Callable[[], bool]) -> bool:
        """Apply every readable new bundle of every other laptop; False if some could not be read."""
        complete = True
        queue: list[tuple[str, int, Any]] = []
        for device in self.repo.list_devices():
            if device == self.device:
                continue
            entry = state["applied"].get(device, {"upto": 0, "above": []})
            for seq, _sha, path in self.repo.list_bundles(device):
                if not _done(entry, seq):
                    queue.append((device, seq, path))
        changes: list[dict[str, Any]] = []
        marks: list[tuple[str, int]] = []
        skew: dict[str, str] = {}
        for device, seq, path in queue:
            if stop():
                return False
            try:
                header, body = decode_bundle(self.key, self.repo.read_file(path))
            except NewerFormat as exc:
                report.status, report.message = "update_app", exc.message
                report.skipped_files.append(path.name)
                continue
            except DamagedFile:
                report.skipped_files.append(path.name)  # still arriving, or damaged: retried next time
                complete = False
                continue
            if header.device != device:
                report.skipped_files.append(path.name)
                complete = False
                continue
            warning = self._skew(header)
            if warning:
                skew[device] = warning
            changes.extend(body)
            marks.append((device, seq))
            if len(changes) >= ROUND:
                self._apply(state, changes, marks, report)
                changes, marks = [], []
        if changes or marks:
            self._apply(state, changes, marks, report)
        report.skew_warnings = sorted(set(skew.values()))
        return complete

    def _apply(
        self,
        state: dict[str, Any],
        changes: list[dict[str, Any]],
        marks: list[tuple[str, int]],
        report: SyncReport,
    ) -> None:
        new_state = copy.deepcopy(state)
        for device, seq in marks:
            _mark(new_state["applied"].setdefault(device, {"upto": 0, "above": []}), seq)
        changes.sort(key=lambda c: str(c.get("hlc", "")))
        result = self.ws.apply(changes, new_state)
        state.clear()
        state.update(new_state)
        report.received += result.received
        report.conflicts += result.conflicts
        report.pending = result.pending
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
            return (
                f"Another laptop's clock seems to be about {years} year{'s' if years != 1 else ''} behind "
                "this one. Its changes were synced, but check the date and time settings on both laptops."
            )
        return None

    def _header(self, repo_id: str, seq: int, changes: list[dict[str, Any]], **extra: Any) -> BundleHeader:
        stamps = sorted(str(c["hlc"]) for c in changes) or [Stamp(self.now_ms(), 0, self.device).encode()]
        created = datetime.fromtimestamp(self.now_ms() / 1000, UTC).isoformat(timespec="milliseconds")
        return BundleHeader(
            schema=self.ws.schema,
            repo_id=repo_id,
            device=self.device,
            seq_from=seq,
            seq_to=seq,
            clock_min=stamps[0],
            clock_max=stamps[-1],
            created=created,
            extra=extra,
        )

    def _publish(self, state: dict[str, Any], repo_id: str, report: SyncReport) -> None:
        while True:
            after = int(state.get("published_changes", 0))
            changes, upto = self.ws.export(after, self.batch)
            if not changes:
                if upto > after:
                    state["published_changes"] = upto
                    self.ws.save_state(state)
                return
            seq = int(state.get("next_bundle", 1))
            header = self._header(repo_id, seq, changes, changes_from=after + 1, changes_to=upto)
            self.repo.write_bundle(self.device, seq, encode_bundle(self.key, header, changes))
            state["published_changes"], state["next_bundle"] = upto, seq + 1
            state["snapshots_since"] = int(state.get("snapshots_since", 0)) + 1
            self.ws.save_state(state)
            report.sent += len(changes)

    def _share_state(self, state: dict[str, Any]) -> None:
        applied = {d: int(e.get("upto", 0)) for d, e in state["applied"].items()}
        applied[self.device] = int(state.get("next_bundle", 1)) - 1
        when = datetime.fromtimestamp(self.now_ms() / 1000, UTC).isoformat(timespec="seconds")
        self.repo.write_state(self.device, {"applied": applied, "synced_at": when})

    def _snapshot_and_compact(self, state: dict[str, Any], repo_id: str) -> None:
        if int(state.get("snapshots_since", 0)) >= self.snapshot_every:
            covers = {d: int(e.get("upto", 0)) for d, e in state["applied"].items()}
            published = int(state.get("next_bundle", 1)) - 1
            covers[self.device] = published
            changes = self.ws.snapshot()
            header = self._header(repo_id, published, changes, kind="snapshot", covers=covers)
            self.repo.write_snapshot(self.device, published, encode_bundle(self.key, header, changes))
            state["snapshots_since"], state["compact_due"] = 0, True
            self.ws.save_state(state)
        if state.get("compact_due") and self._compact():
            state["compact_due"] = False
            self.ws.save_state(state)

    def _compact(self) -> bool:
        """Remove our bundles every known laptop has applied and the newest snapshot covers.

        Returns True when nothing of ours is left to remove (all covered bundles are gone).
        """
        newest = self.repo.latest_snapshot()
        if newest is None:
            return False
        try:
            header, _ = decode_bundle(self.key, self.repo.read_file(newest[2]))
        except DamagedFile:
            return False
        published = int(self.ws.load_state().get("next_bundle", 1)) - 1
        covered = int(header.extra.get("covers", {}).get(self.device, 0))
        others = [d for d in self.repo.list_devices() if d != self.device]
        for device in others:
            try:
                applied = self.repo.read_state(device).get("applied", {})
            except DamagedFile:
                return False
            covered = min(covered, int(applied.get(self.device, 0)) if isinstance(applied, dict) else 0)
        with share_errors(self.repo.share):
            for seq, _sha, path in self.repo.list_bundles(self.device):
                if seq <= covered:
                    path.unlink(missing_ok=True)
            own = sorted(self.repo.device_dir(self.device).glob("snap/*.snapshot"))
            for path in own[:-1]:
                if path != newest[2]:
                    path.unlink(missing_ok=True)
        return covered >= published

    @staticmethod
    def _summary(report: SyncReport) -> str:
        if report.status == "update_app":
            return report.message
        laptops = f"{report.devices_seen} laptop{'s' if report.devices_seen != 1 else ''}"
        text = (
            f"Sent {report.sent} change{'s' if report.sent != 1 else ''} and received {report.received} "
            f"({laptops} in this sync folder)."
        )
        if report.status == "incomplete":
            text = "Sync incomplete: some files could not be read yet; they will be tried again. " + text
        if report.conflicts:
            text += f" {report.conflicts} edit{'s' if report.conflicts != 1 else ''} clashed: see Conflicts."
        if report.pending:
            text += (
                f" {report.pending} change{'s' if report.pending != 1 else ''} wait for files still arriving."
            )
        return text
