"""The sync engine's view of a workspace (``sync.engine.Workspace``), over ``store/``."""

from __future__ import annotations

import base64
import platform
from pathlib import Path
from typing import TYPE_CHECKING, Any

from classroom_desktop.store import change_log, sync_apply
from classroom_desktop.store.migrate import HEAD
from classroom_desktop.sync.clock import Stamp
from classroom_desktop.sync.engine import AppliedBatch

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom

STATE_KEY = "sync_state"
IDENTITY_KEY = "sync_identity"
CACHE_DIR = "sync-cache"


class SyncPort:
    """The engine's view of the workspace."""

    def __init__(self, classroom: Classroom) -> None:
        self._c = classroom
        self.device_id = classroom.device_id
        self.schema = HEAD
        self.name = f"{platform.node() or 'a laptop'} ({classroom.folder.name})"
        self.cache: Path | None = classroom.folder / CACHE_DIR

    def identity(self) -> bytes | None:
        found = self._c.setting(IDENTITY_KEY)
        if not isinstance(found, dict) or found.get("device") != self._c.device_id:
            return None
        private = found.get("private")
        try:
            return base64.b64decode(private) if isinstance(private, str) else None
        except ValueError:
            return None

    def become(self, device: str, private: bytes, state: dict[str, Any]) -> None:
        last = self._c.hlc.last
        with self._c.db.writing() as tx:
            change_log.restamp_unpublished(tx, device, int(state.get("published_changes", 0)))
            tx.set_meta("device_id", device)
            secret = base64.b64encode(private).decode("ascii")
            tx.set_meta(IDENTITY_KEY, {"device": device, "private": secret})
            tx.set_meta(STATE_KEY, state)
            if last is not None:
                tx.set_meta("hlc", Stamp(last.wall_ms, last.counter, device).encode())
        self._c.adopt_replica(device, None)
        self.device_id = device

    def reissue(self, changes: list[dict[str, Any]], state: dict[str, Any]) -> int:
        """Take ``changes`` (an earlier identity's, stamped far ahead) as new edits of this laptop."""
        fresh: dict[str, str] = {}
        stamped = []
        for c in sorted(changes, key=lambda c: str(c.get("hlc", ""))):
            old = str(c.get("hlc", ""))
            if old not in fresh:
                stamp = self._c.db.stamp
                assert stamp is not None
                fresh[old] = stamp()
            stamped.append({**c, "hlc": fresh[old], "device": self.device_id, "base": None})
        result = sync_apply.apply_changes(self._c.db, stamped, meta={STATE_KEY: state}, origin="local")
        last = self._c.hlc.last
        with self._c.db.writing() as tx:
            tx.set_meta("hlc", last.encode() if last else None)
        if result.changes:
            self._c.notify(result.changes)
        return result.received

    def holds_local(self, changes: list[dict[str, Any]]) -> bool:
        return change_log.holds_local(self._c.db, changes)

    def heal_clock(self, now_ms: int, ahead_ms: int) -> tuple[int, int]:
        """Re-issue own changes stamped far beyond both this clock and every stamp received."""
        limit_ms = now_ms + ahead_ms
        last = self._c.hlc.last
        if last is None or last.wall_ms <= limit_ms:
            return 0, limit_ms
        received = change_log.newest_remote_stamp(self._c.db)
        try:
            limit_ms = max(limit_ms, Stamp.decode(received).wall_ms + ahead_ms) if received else limit_ms
        except ValueError:
            pass
        if last.wall_ms <= limit_ms:
            return 0, limit_ms  # a clock behind the others' moved on by what it saw: nothing wrong
        newest = change_log.newest_stamp_before(self._c.db, limit_ms)
        try:
            restart = Stamp.decode(newest) if newest else Stamp(0, 0, self.device_id)
        except ValueError:
            restart = Stamp(0, 0, self.device_id)
        self._c.adopt_replica(self.device_id, restart)
        with self._c.db.writing() as tx:
            count = change_log.restamp_future(tx, limit_ms, self._c.db.stamp)
            now = self._c.hlc.last
            tx.set_meta("hlc", now.encode() if now else None)
        return count, limit_ms

    def load_state(self) -> dict[str, Any]:
        state = self._c.setting(STATE_KEY)
        return dict(state) if isinstance(state, dict) else {}

    def save_state(self, state: dict[str, Any]) -> None:
        with self._c.db.writing() as tx:
            tx.set_meta(STATE_KEY, state)

    def export(self, after_seq: int, limit: int) -> tuple[list[dict[str, Any]], int]:
        with self._c.db.writing() as tx:  # an edit made while this replica changed its id
            change_log.restamp_unpublished(tx, self.device_id, after_seq)
        return change_log.local_changes(self._c.db, after_seq, limit)

    def apply(self, changes: list[dict[str, Any]], state: dict[str, Any]) -> AppliedBatch:
        result = sync_apply.apply_changes(self._c.db, changes, meta={STATE_KEY: state})
        if result.changes:
            self._c.notify(result.changes)
        return AppliedBatch(result.received, result.conflicts, result.pending, result.refused)

    def mark_published(self, after_seq: int, upto_seq: int, bundle: str) -> None:
        with self._c.db.writing() as tx:
            change_log.mark_published(tx, after_seq, upto_seq, bundle)

    def trim_log(self, everywhere: set[str]) -> int:
        trimmed = change_log.trim(self._c.db, everywhere)
        if trimmed:
            change_log.shrink_if_mostly_free(self._c.db)
        return trimmed

    def snapshot(self) -> list[dict[str, Any]]:
        return change_log.snapshot_changes(self._c.db)

    def observe(self, hlc: str) -> None:
        try:
            stamp = Stamp.decode(hlc)
        except ValueError:
            return
        self._c.observe_clock(stamp)
