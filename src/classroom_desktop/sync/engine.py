"""One sync round against the shared folder: read the other replicas' bundles, publish ours, repair.

The engine knows the share (``SyncRepo``), the bundle format and the clock; it reaches the
workspace only through the small :class:`Workspace` port (implemented by
``services/syncing.py`` over ``store/sync_apply.py``), so it never touches the database itself.
The design (replicas, forks, manifests, repair, signatures) is explained in :mod:`classroom_desktop.sync`.

Local state (kept in the workspace, written in the same transaction as what it describes)::

    {"published_changes": last local change seq put in a bundle,
     "next_bundle": the number of this replica's next bundle in its own folder,
     "own": {sha: {"device", "seq", "count", "compacted"}},  # every bundle this workspace wrote,
                                                             # under its current or an earlier id
     "applied": {device: [sha, ...]},                       # bundles applied (or covered), by hash
     "pins": {device: public key},                          # pinned on first sight
     "refused": [sha, ...],                                 # forged files, reported once
     "snapshots_since": bundles published since this replica's last snapshot}
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from classroom_desktop.sync.atomic import ShareUnavailable, share_errors, write_atomic
from classroom_desktop.sync.bundle import (
    BundleHeader,
    NewerFormat,
    UnknownKey,
    decode_bundle,
    encode_bundle,
    parse_bundle_name,
    signer_of,
)
from classroom_desktop.sync.clock import Stamp, skew_warning, system_now_ms
from classroom_desktop.sync.crypto import (
    DamagedFile,
    b64,
    device_for,
    key_id,
    new_signing_key,
    public_of,
    sign,
    unb64,
    verify,
)
from classroom_desktop.sync.repo import SyncRepo

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


def _canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _wall(hlc: Any) -> int:
    try:
        return int(str(hlc)[:16])
    except ValueError:
        return 0


class SyncEngine:
    """Sync one workspace with one sync folder.

    Args:
        repo: the sync folder.
        key: the repository key, or every key the class has had (newest last; from the
            passphrase, kept beside the workspace). New files are sealed with the newest.
        revoked: replica ids removed from the class ("Remove a laptop"): their new files are refused.
        workspace: the port to the workspace.
        now_ms: the wall clock (injectable for tests of clock skew).
    """

    def __init__(
        self,
        repo: SyncRepo,
        key: bytes | list[bytes],
        workspace: Workspace,
        now_ms: Callable[[], int] = system_now_ms,
        batch: int = BATCH,
        snapshot_every: int = SNAPSHOT_EVERY,
        revoked: set[str] | None = None,
    ) -> None:
        keys = key if isinstance(key, list) else [key]
        self.key = keys[-1]
        self.keys = {key_id(k): k for k in keys}
        self.revoked = set(revoked or ())
        self.repo, self.ws, self.now_ms = repo, workspace, now_ms
        self.device = workspace.device_id
        self.signer = b""
        self.batch, self.snapshot_every = batch, snapshot_every
        self._damaged: set[tuple[str, str]] = set()

    def sync(
        self, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None
    ) -> SyncReport:
        """Read, apply, publish and repair; never raises for an unreachable share ("incomplete")."""
        report = SyncReport("ok")
        note = progress or (lambda d, t, m: None)
        stop = cancelled or (lambda: False)
        try:
            self.repo.repo_format()
            repo_id = self.repo.repo_id()
            state = self.ws.load_state()
            for name, empty in (("applied", {}), ("own", {}), ("pins", {}), ("refused", [])):
                state.setdefault(name, empty)
            self._identity(state, report)
            self._own_folder(state, report)
            if not state["applied"] and not state["own"] and state.get("published_changes", 0) == 0:
                self._bootstrap(state, report)
            else:
                self._catch_up(state, report)
            note(0, 4, "Reading the other laptops' changes…")
            complete = self._import(state, report, stop)
            note(1, 4, "Sending this laptop's changes…")
            if not stop() and not self._clock_far_ahead(state, report):
                self._publish(state, repo_id, report)
            note(2, 4, "Mending the sync folder…")
            manifests = self._manifests(state)
            if not stop():
                self._repair(state, manifests, report)
            missing = self._missing(state, manifests)
            report.missing = {name: n for name, n in missing.items() if n}
            self._share_state(state, manifests)
            note(3, 4, "Tidying the sync folder…")
            if not stop():
                self._snapshot_and_compact(state, repo_id, manifests)
            report.devices_seen = len(set(self.repo.list_devices()) | {self.device})
            if (stop() or not complete or report.missing or report.held_back) and report.status == "ok":
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

    # ---- identity and forks -------------------------------------------------------------------
    def _identity(self, state: dict[str, Any], report: SyncReport) -> None:
        """Make sure this workspace signs as the replica its id says; heal a clock that ran ahead."""
        private = self.ws.identity()
        if private is None or device_for(public_of(private)) != self.ws.device_id:
            self._become_new(state)
        else:
            self.signer, self.device = private, self.ws.device_id
        report.clock_reissued, limit = self.ws.heal_clock(self.now_ms(), MAX_AHEAD_MS)
        if report.clock_reissued:
            self._withdraw_future(state, limit)

    def _withdraw_future(self, state: dict[str, Any], limit: int) -> None:
        """Our clock ran far ahead and is right again: take back our bundles the others refused.

        Their far-future changes were re-issued with sane stamps (``heal_clock``); the rest of
        those bundles is published again (applying twice changes nothing).
        """
        republish_from: int | None = None
        for _seq, sha, path in self.repo.list_bundles(self.device):
            info = state["own"].get(sha)
            if info is None or info.get("compacted"):
                continue
            try:
                header, changes = decode_bundle(self.keys, self.repo.read_file(path))
            except DamagedFile:
                continue
            if not any(_wall(c.get("hlc")) > limit for c in changes):
                continue
            start = header.extra.get("changes_from")
            if isinstance(start, int):
                republish_from = start if republish_from is None else min(republish_from, start)
            with share_errors(self.repo.share):
                path.unlink(missing_ok=True)
            info["compacted"] = True
        if republish_from is not None:
            state["published_changes"] = min(int(state.get("published_changes", 0)), republish_from - 1)
        with share_errors(self.repo.share):
            for _seq, _sha, path in self.repo.list_snapshots(self.device):
                path.unlink(missing_ok=True)  # they hold the far-future stamps too
        state["snapshots_since"] = self.snapshot_every
        self.ws.save_state(state)

    def _become_new(self, state: dict[str, Any], report: SyncReport | None = None) -> None:
        """Take a new replica identity: a fresh key, a fresh folder; unpublished changes move with us."""
        old = self.ws.device_id
        mine = [sha for sha, info in state["own"].items() if info.get("device") == old]
        if mine:
            applied = state["applied"].setdefault(old, [])
            applied.extend(sorted(set(mine) - set(applied)))
        private = _new_key()
        device = device_for(public_of(private))
        state["next_bundle"], state["snapshots_since"], state["compact_due"] = 1, 0, False
        self.ws.become(device, private, state)
        self.signer, self.device = private, device
        if report is not None:
            report.forked = True

    def _own_folder(self, state: dict[str, Any], report: SyncReport) -> None:
        """Bundles in our folder that we did not record: ours (killed before recording), or a fork's."""
        fork = False
        own = state["own"]
        for seq, sha, path in self.repo.list_bundles(self.device):
            if sha in own or sha in state["refused"]:
                continue
            try:
                header, changes, _ = self._open(path, self.device, state)
            except NewerFormat:
                raise
            except Forged:
                state["refused"].append(sha)
                report.refused_files.append(path.name)
                continue
            except DamagedFile:
                continue  # still arriving or damaged: looked at again next time
            if header.extra.get("kind") != "snapshot" and self.ws.holds_local(changes):
                upto = header.extra.get("changes_to")
                if isinstance(upto, int) and upto > int(state.get("published_changes", 0)):
                    state["published_changes"] = upto
                own[sha] = {"device": self.device, "seq": seq, "count": len(changes)}
                state["next_bundle"] = max(int(state.get("next_bundle", 1)), seq + 1)
                self.ws.save_state(state)
            else:
                fork = True  # another copy of this workspace wrote here: we are a fork of it
        if not fork:
            manifest = self._manifest(self.device, state)
            listed = {b[2] for b in manifest.get("bundles", []) if isinstance(b, list) and len(b) == 4}
            on_share = {sha for _, sha, _ in self.repo.list_bundles(self.device)}
            fork = bool(listed - set(own) - on_share)  # a copy published bundles we never saw
        if fork:
            self._become_new(state, report)

    def _open(
        self, path: Path, device: str, state: dict[str, Any]
    ) -> tuple[BundleHeader, list[dict[str, Any]], bytes]:
        """Read, check and decode a bundle from ``device``'s folder.

        Raises:
            Forged: not signed by the replica the folder and header name.
            DamagedFile: truncated, changed, or still arriving.
            NewerFormat: written by a newer app.
        """
        data = self.repo.read_file(path)
        header, changes = decode_bundle(self.keys, data)
        public = signer_of(header)
        if public is None or header.device != device or device_for(public) != device:
            raise Forged()
        if device in self.revoked:
            raise Forged("A file in the sync folder comes from a laptop that was removed; it was refused.")
        pinned = state["pins"].get(device)
        if pinned is not None and pinned != b64(public):
            raise Forged()
        state["pins"][device] = b64(public)
        if header.extra.get("kind") != "snapshot":
            tail = "-" + device
            for c in changes:
                if c.get("device") != device or not str(c.get("hlc", "")).endswith(tail):
                    raise Forged()
        return header, changes, data

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
        accepted, refused = self._split_future(changes, report)
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
            accepted, refused = self._split_future(changes, report)
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
            changes.extend(accepted)
            if not refused:
                marks.append((device, sha))
            elif device in earlier:
                # Written under an id this workspace had before a fork (a backup restored after its
                # clock had run ahead): nobody else will re-issue them, so we do, and take it back.
                limit = self._limit(times, device)
                future = [c for c in body if _wall(c.get("hlc")) > limit]
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
        accepted = [c for c in changes if _wall(c.get("hlc")) <= limit]
        refused = len(changes) - len(accepted)
        if refused:
            report.refused_changes += refused
            report.skew_warnings.append(
                f"{refused} change{'s' if refused != 1 else ''} from a laptop whose clock is set far in "
                "the future were refused. Set that laptop's date and time right and sync it: its "
                "changes will then come again."
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
            return (
                f"Another laptop's clock seems to be about {years} year{'s' if years != 1 else ''} behind "
                "this one. Its changes were synced, but check the date and time settings on both laptops."
            )
        return None

    # ---- writing ------------------------------------------------------------------------------
    def _header(self, repo_id: str, seq: int, changes: list[dict[str, Any]], **extra: Any) -> BundleHeader:
        stamps = sorted(str(c["hlc"]) for c in changes) or [Stamp(self.now_ms(), 0, self.device).encode()]
        created = datetime.fromtimestamp(self.now_ms() / 1000, UTC).isoformat(timespec="milliseconds")
        extra = {**extra, "key_id": key_id(self.key)}
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

    def _clock_far_ahead(self, state: dict[str, Any], report: SyncReport) -> bool:
        """True (and said so) when this laptop's clock is far ahead of every other laptop's."""
        times = self._laptop_times(state)
        if not times or self.now_ms() <= max(times.values()) + HOLD_AHEAD_MS:
            return False
        report.held_back = True
        return True

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
            data = encode_bundle(self.key, header, changes, self.signer)
            path = self.repo.write_bundle(self.device, seq, data)
            self._cache(self.device, path.name, data)
            sha = hashlib.sha256(data).hexdigest()
            state["own"][sha] = {"device": self.device, "seq": seq, "count": len(changes)}
            state["published_changes"], state["next_bundle"] = upto, seq + 1
            state["snapshots_since"] = int(state.get("snapshots_since", 0)) + 1
            self.ws.save_state(state)
            report.sent += len(changes)

    # ---- manifests, repair, missing -------------------------------------------------------------
    def _manifest(self, device: str, state: dict[str, Any]) -> dict[str, Any]:
        """A replica's signed manifest (its state.json), or {} when absent, damaged or forged."""
        try:
            raw = self.repo.read_state(device)
        except DamagedFile:
            return {}
        body, public, signature = raw.get("body"), unb64(raw.get("signer")), unb64(raw.get("sig"))
        if not isinstance(body, dict) or public is None or signature is None or len(public) != 32:
            return {}
        if device_for(public) != device or not verify(public, signature, _canonical(body)):
            return {}
        pinned = state["pins"].get(device)
        if pinned is not None and pinned != b64(public):
            return {}
        return body

    def _manifests(self, state: dict[str, Any]) -> dict[str, dict[str, Any]]:
        found = {d: self._manifest(d, state) for d in self.repo.list_devices() if d != self.device}
        return {d: m for d, m in found.items() if m}

    def _expected(self, manifests: dict[str, dict[str, Any]]) -> dict[tuple[str, str], tuple[int, int, str]]:
        """(device, sha) -> (seq, count, vouching laptop's name) for every bundle some manifest lists."""
        out: dict[tuple[str, str], tuple[int, int, str]] = {}
        for writer, manifest in manifests.items():
            name = str(manifest.get("name") or writer[:8])
            for item in manifest.get("bundles", []):
                if not (isinstance(item, list) and len(item) == 4):
                    continue
                device, seq, sha, count = item
                if isinstance(device, str) and isinstance(sha, str) and isinstance(seq, int) \
                        and isinstance(count, int):
                    out.setdefault((device, sha), (seq, count, name))
        return out

    def _missing(self, state: dict[str, Any], manifests: dict[str, dict[str, Any]]) -> dict[str, int]:
        """Changes other laptops say they published that this workspace does not hold, by laptop name."""
        missing: dict[str, int] = {}
        applied = {d: set(shas) for d, shas in state["applied"].items()}
        for (device, sha), (_seq, count, name) in self._expected(manifests).items():
            if sha in state["own"] or sha in applied.get(device, ()):
                continue
            missing[name] = missing.get(name, 0) + count
        return missing

    def _repair(
        self, state: dict[str, Any], manifests: dict[str, dict[str, Any]], report: SyncReport
    ) -> None:
        """Put back bundles another laptop is waiting for, when this laptop still has their bytes."""
        if self.ws.cache is None:
            return
        wanted: set[tuple[str, str]] = set(self._damaged)
        for manifest in manifests.values():
            for item in manifest.get("missing", []):
                if isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item):
                    wanted.add((item[0], item[1]))
        expected = self._expected(manifests)
        for sha, info in state["own"].items():
            if not info.get("compacted"):
                expected.setdefault((str(info["device"]), sha), (int(info["seq"]), int(info["count"]), ""))
        listing: dict[str, dict[str, Path]] = {}
        for device, sha in sorted(wanted):
            cached = self._cached(device, sha)
            if cached is None:
                continue
            if device not in listing:
                listing[device] = {s: p for _, s, p in self.repo.list_bundles(device)}
            path = listing[device].get(sha)
            if path is None and (device, sha) not in expected:
                continue  # gone, and no manifest lists it any more: its writer withdrew it
            if path is not None:
                try:
                    self.repo.read_file(path)
                    continue  # whole on the share: the other laptop has not synced since
                except DamagedFile:
                    pass
            with share_errors(self.repo.share):
                target = self.repo.device_dir(device) / "ops" / cached.name
                target.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(target, cached.read_bytes(), share=self.repo.share)
            report.repaired += 1

    def _share_state(self, state: dict[str, Any], manifests: dict[str, dict[str, Any]]) -> None:
        """Publish our signed manifest: what we wrote, what we applied, what we are missing."""
        bundles = [
            [str(info["device"]), int(info["seq"]), sha, int(info["count"])]
            for sha, info in state["own"].items()
            if not info.get("compacted")
        ]
        applied = {d: set(shas) for d, shas in state["applied"].items()}
        wanted = sorted(
            {
                (d, s)
                for (d, s) in self._expected(manifests)
                if s not in state["own"] and s not in applied.get(d, ())
            }
            | self._damaged
        )
        when = datetime.fromtimestamp(self.now_ms() / 1000, UTC).isoformat(timespec="seconds")
        body = {
            "name": self.ws.name,
            "bundles": sorted(bundles),
            "applied": {d: sorted(shas) for d, shas in state["applied"].items()},
            "missing": [list(item) for item in wanted],
            "revoked": sorted(self.revoked),
            "synced_at": when,
        }
        signature = sign(self.signer, _canonical(body))
        self.repo.write_state(
            self.device, {"body": body, "signer": b64(public_of(self.signer)), "sig": b64(signature)}
        )

    # ---- the local cache of bundles (for repair) -------------------------------------------------
    def _cache(self, device: str, name: str, data: bytes) -> None:
        if self.ws.cache is None:
            return
        folder = self.ws.cache / device
        target = folder / name
        if target.exists():
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / (name + ".part")
            tmp.write_bytes(data)
            tmp.replace(target)
        except OSError:
            pass  # the cache only helps repair; a full disk must not stop sync

    def _cached(self, device: str, sha: str) -> Path | None:
        if self.ws.cache is None:
            return None
        folder = self.ws.cache / device
        try:
            for path in folder.glob(f"*-{sha}.bundle"):
                parsed = parse_bundle_name(path.name)
                if parsed and hashlib.sha256(path.read_bytes()).hexdigest() == sha:
                    return path
        except OSError:
            return None
        return None

    # ---- snapshots and compaction ------------------------------------------------------------
    def _snapshot_and_compact(
        self, state: dict[str, Any], repo_id: str, manifests: dict[str, dict[str, Any]]
    ) -> None:
        if int(state.get("snapshots_since", 0)) >= self.snapshot_every:
            covers: dict[str, list[str]] = {d: sorted(shas) for d, shas in state["applied"].items()}
            for sha, info in state["own"].items():
                covers.setdefault(str(info["device"]), []).append(sha)
            published = int(state.get("next_bundle", 1)) - 1
            changes = self.ws.snapshot()
            header = self._header(repo_id, published, changes, kind="snapshot", covers=covers)
            data = encode_bundle(self.key, header, changes, self.signer)
            self.repo.write_snapshot(self.device, published, data)
            state["snapshots_since"], state["compact_due"] = 0, True
            self.ws.save_state(state)
        if state.get("compact_due") and self._compact(state, manifests):
            state["compact_due"] = False
            self.ws.save_state(state)

    def _compact(self, state: dict[str, Any], manifests: dict[str, dict[str, Any]]) -> bool:
        """Remove our bundles every known laptop has applied and the newest snapshot covers.

        Returns True when nothing of ours is left to remove.
        """
        newest = self.repo.latest_snapshot()
        if newest is None:
            return False
        try:
            header, _, _ = self._open(newest[2], newest[0], state)
        except DamagedFile:
            return False
        covers = header.extra.get("covers", {})
        covered = set(covers.get(self.device, [])) if isinstance(covers, dict) else set()
        for device in self.repo.list_devices():
            if device == self.device:
                continue
            manifest = manifests.get(device)
            if manifest is None:
                return False
            applied = manifest.get("applied", {})
            seen = applied.get(self.device, []) if isinstance(applied, dict) else []
            covered &= set(seen) if isinstance(seen, list) else set()
        done = True
        with share_errors(self.repo.share):
            for _seq, sha, path in self.repo.list_bundles(self.device):
                if sha in covered:
                    path.unlink(missing_ok=True)
                    if sha in state["own"]:
                        state["own"][sha]["compacted"] = True
                else:
                    done = False
            own = sorted(self.repo.device_dir(self.device).glob("snap/*.snapshot"))
            for path in own[:-1]:
                if path != newest[2]:
                    path.unlink(missing_ok=True)
        self.ws.save_state(state)
        return done

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


def _new_key() -> bytes:
    return new_signing_key()


def ensure_identity(workspace: Workspace) -> str:
    """Give a workspace that has never synced its replica identity (before it joins a folder)."""
    private = workspace.identity()
    if private is None or device_for(public_of(private)) != workspace.device_id:
        state = workspace.load_state()
        private = _new_key()
        device = device_for(public_of(private))
        workspace.become(device, private, state)
    return workspace.device_id
