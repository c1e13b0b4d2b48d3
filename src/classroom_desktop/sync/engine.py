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

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from classroom_desktop.i18n import N_, _
from classroom_desktop.sync.atomic import ShareUnavailable, share_errors
from classroom_desktop.sync.bundle import (
    BundleHeader,
    NewerFormat,
    decode_bundle,
    encode_bundle,
    signer_of,
)
from classroom_desktop.sync.clock import Stamp, system_now_ms
from classroom_desktop.sync.crypto import (
    DamagedFile,
    b64,
    device_for,
    key_id,
    new_signing_key,
    public_of,
)
from classroom_desktop.sync.reading import Reading
from classroom_desktop.sync.repo import SyncRepo
from classroom_desktop.sync.report import (
    BATCH,
    HOLD_AHEAD_MS,
    MAX_AHEAD_MS,
    SNAPSHOT_EVERY,
    AppliedBatch,
    Forged,
    Progress,
    SyncReport,
    Workspace,
    summary,
    wall,
)
from classroom_desktop.sync.upkeep import Upkeep

__all__ = [
    "BATCH",
    "SNAPSHOT_EVERY",
    "AppliedBatch",
    "Forged",
    "Progress",
    "SyncEngine",
    "SyncReport",
    "Workspace",
    "ensure_identity",
]


class SyncEngine(Reading, Upkeep):
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
            early = self._manifests(state)  # read before importing: what they had applied is here too
            note(0, 4, _("Reading the other laptops' changes…"))
            complete = self._import(state, report, stop)
            note(1, 4, _("Sending this laptop's changes…"))
            if not stop() and not self._clock_far_ahead(state, report):
                self._publish(state, repo_id, report)
            note(2, 4, _("Mending the sync folder…"))
            manifests = self._manifests(state)
            if not stop():
                self._repair(state, manifests, report)
            missing = self._missing(state, manifests)
            report.missing = {name: n for name, n in missing.items() if n}
            self._share_state(state, manifests)
            note(3, 4, _("Tidying the sync folder…"))
            if not stop():
                self._snapshot_and_compact(state, repo_id, manifests, report)
                self._trim_log(state, early, report)
            report.devices_seen = len(set(self.repo.list_devices()) | {self.device})
            if (stop() or not complete or report.missing or report.held_back) and report.status == "ok":
                report.status = "incomplete"
        except NewerFormat as exc:
            report.status, report.message = "update_app", exc.message
            return report
        except ShareUnavailable as exc:
            report.status = "incomplete"
            report.message = _("Sync incomplete. {reason}").format(reason=exc.message)
            return report
        report.message = summary(report)
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
            if not any(wall(c.get("hlc")) > limit for c in changes):
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
        when = datetime.fromtimestamp(self.now_ms() / 1000, UTC).isoformat(timespec="milliseconds")
        state.setdefault("forked_from", {})[old] = when  # the old id's folder is abandoned unless
        # the other copy goes on syncing under it (see Upkeep._abandoned)
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
            raise Forged(
                N_("A file in the sync folder comes from a laptop that was removed; it was refused.")
            )
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
            self.ws.mark_published(after, upto, sha)
            state["own"][sha] = {"device": self.device, "seq": seq, "count": len(changes)}
            state["published_changes"], state["next_bundle"] = upto, seq + 1
            state["snapshots_since"] = int(state.get("snapshots_since", 0)) + 1
            self.ws.save_state(state)
            report.sent += len(changes)


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
