"""The end of a sync round: manifests, repair, what is missing, snapshots and compaction."""


from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from classroom_desktop.sync.atomic import share_errors, write_atomic
from classroom_desktop.sync.bundle import (
    encode_bundle,
    parse_bundle_name,
)
from classroom_desktop.sync.crypto import (
    DamagedFile,
    b64,
    device_for,
    public_of,
    sign,
    unb64,
    verify,
)
from classroom_desktop.sync.repo import SyncRepo
from classroom_desktop.sync.report import (
    SyncReport,
    Workspace,
    canonical,
)


class Upkeep:
    """The tidying half of :class:`~classroom_desktop.sync.engine.SyncEngine` (a mixin)."""

    repo: SyncRepo
    ws: Workspace
    device: str
    key: bytes
    keys: dict[str, bytes]
    signer: bytes
    revoked: set[str]
    now_ms: Callable[[], int]
    snapshot_every: int
    _damaged: set[tuple[str, str]]

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
        if device_for(public) != device or not verify(public, signature, canonical(body)):
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
        when = datetime.fromtimestamp(self.now_ms() / 1000, UTC).isoformat(timespec="milliseconds")
        body = {
            "name": self.ws.name,
            "bundles": sorted(bundles),
            "applied": {d: sorted(shas) for d, shas in state["applied"].items()},
            "missing": [list(item) for item in wanted],
            "revoked": sorted(self.revoked),
            "forked_from": dict(state.get("forked_from", {})),
            "synced_at": when,
        }
        signature = sign(self.signer, canonical(body))
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
        self, state: dict[str, Any], repo_id: str, manifests: dict[str, dict[str, Any]], report: SyncReport
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
        abandoned = self._abandoned(state, manifests)
        report.abandoned = sorted(
            str(manifests.get(d, {}).get("name") or f"laptop {d[:8]}") for d in abandoned
        )
        if state.get("compact_due") and self._compact(state, manifests, abandoned):
            state["compact_due"] = False
            self.ws.save_state(state)

    def _compact(
        self, state: dict[str, Any], manifests: dict[str, dict[str, Any]], abandoned: set[str]
    ) -> bool:
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
            if device == self.device or device in abandoned or device in self.revoked:
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

    # ---- abandoned copies and the change log ----------------------------------------------------
    def _abandoned(self, state: dict[str, Any], manifests: dict[str, dict[str, Any]]) -> set[str]:
        """Replica ids whose workspace went on as a fork and that have not synced since.

        A restored backup, a copied folder or a reinstalled laptop takes a new id and says in its
        manifest when it left the old one (``forked_from``). If nobody has synced under the old id
        since then, that timeline is over (the file it lived in was replaced) and its folder no
        longer holds back compaction. Should the other copy come back after all, it syncs again
        under its id (so it counts again) and catches up from a snapshot.
        """
        claims: dict[str, datetime] = {}
        for source in [state, *manifests.values()]:
            forked = source.get("forked_from", {})
            if isinstance(forked, dict):
                for old, when in forked.items():
                    left = _time(when)
                    if isinstance(old, str) and left is not None:
                        claims[old] = max(claims.get(old, left), left)
        out = set()
        for old, left in claims.items():
            last = _time(manifests.get(old, {}).get("synced_at"))
            if old != self.device and (last is None or last < left):
                out.add(old)
        return out

    def _everywhere(self, state: dict[str, Any], manifests: dict[str, dict[str, Any]]) -> set[str] | None:
        """Hashes of the bundles every known laptop has (None: some laptop's manifest is missing).

        A laptop has a bundle when it wrote it or its signed manifest lists it as applied;
        folders of abandoned copies and of removed laptops are not waited for.
        """
        writer = {sha: device for device, shas in state["applied"].items() for sha in shas}
        writer.update({sha: str(info.get("device")) for sha, info in state["own"].items()})
        abandoned = self._abandoned(state, manifests)
        holders: dict[str, set[str]] = {}
        for device in self.repo.list_devices():
            if device == self.device or device in abandoned or device in self.revoked:
                continue
            manifest = manifests.get(device)
            if manifest is None:
                return None
            theirs = {b[2] for b in manifest.get("bundles", []) if isinstance(b, list) and len(b) == 4}
            applied = manifest.get("applied", {})
            if isinstance(applied, dict):
                for shas in applied.values():
                    if isinstance(shas, list):
                        theirs.update(s for s in shas if isinstance(s, str))
            holders[device] = theirs
        return {
            sha
            for sha, wrote in writer.items()
            if all(wrote == device or sha in theirs for device, theirs in holders.items())
        }

    def _trim_log(
        self, state: dict[str, Any], manifests: dict[str, dict[str, Any]], report: SyncReport
    ) -> None:
        """Trim the change log of what every known laptop has applied.

        ``manifests`` were read before this round's import, so every change a laptop wrote
        before vouching for a bundle is already here when that bundle's changes are trimmed.
        """
        everywhere = self._everywhere(state, manifests)
        if everywhere is not None:
            report.trimmed = self.ws.trim_log(everywhere)


def _time(value: Any) -> datetime | None:
    """An ISO time from a manifest (aware, UTC when it says nothing), or None."""
    try:
        when = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)
