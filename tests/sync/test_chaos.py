"""Chaos: four or more laptops edit one class while everything that goes wrong in a school goes wrong.

A seeded random walk (in the spirit of Kolibri's ``test_chaos_sync``) mixes every kind of edit with
the accidents of issue #11: a backup restored on a syncing laptop, a workspace folder copied to a
new laptop, a share file deleted, truncated or with a flipped bit, a Dropbox-style "conflicted
copy", a sync killed half-way, a laptop clock set years ahead. Then the clocks are set right, the
share is left alone and every laptop syncs twice: all tables of all laptops must be equal, every
evidence row that reached the share must be on every laptop, and every sync must say "ok".

CI runs ``CHAOS_RUNS`` seeded walks (default 1) of ``CHAOS_STEPS`` steps (default 240);
``CLASSROOM_CHAOS_RUNS=20 CLASSROOM_CHAOS_STEPS=600 pytest tests/sync/test_chaos.py -s`` runs longer
and prints the figures.
"""

from __future__ import annotations

import os
import random
import shutil
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from classroom_desktop.clock import Clock
from classroom_desktop.domain.errors import UserError
from classroom_desktop.services.classroom import Classroom
from classroom_desktop.services.roster import NewStudent
from classroom_desktop.services.syncing import SyncService
from classroom_desktop.store.engine import integrity_check
from classroom_desktop.sync import repo as repo_module

from .conftest import CHEAP_KDF, PASSPHRASE, entity_rows

RUNS = int(os.environ.get("CLASSROOM_CHAOS_RUNS", "1"))
STEPS = int(os.environ.get("CLASSROOM_CHAOS_STEPS", "240"))
LAPTOPS = 4
MAX_LAPTOPS = 7
YEAR = timedelta(days=365)


class World:
    """The one real time; each laptop's clock is it plus the laptop's own error."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 20, 9, 0).astimezone()


class LaptopClock(Clock):
    def __init__(self, world: World) -> None:
        self.world = world
        self.offset = timedelta(0)

    def now(self) -> datetime:
        return self.world.now + self.offset


class Killed(BaseException):
    """A laptop switched off in the middle of a sync."""


class Laptop:
    def __init__(self, folder: Path, clock: LaptopClock) -> None:
        self.folder, self.clock = folder, clock
        self.classroom = Classroom.open(folder, clock=clock)
        self.service = SyncService(self.classroom, kdf_n=CHEAP_KDF, batch=25, snapshot_every=6)
        self.backups: list[Path] = []
        self.unsynced: set[str] = set()  #: evidence recorded here and not yet in a finished sync

    def reopen(self) -> None:
        self.classroom = Classroom.open(self.folder, clock=self.clock)
        self.service = SyncService(self.classroom, kdf_n=CHEAP_KDF, batch=25, snapshot_every=6)


class Chaos:
    def __init__(self, root: Path, seed: int) -> None:
        self.root, self.rng = root, random.Random(seed)
        self.share = root / "share"
        self.share.mkdir()
        self.world = World()
        self.laptops: list[Laptop] = []
        self.students: list[str] = []
        self.standards: list[str] = []
        self.evidence: list[str] = []
        self.durable: set[str] = set()  #: evidence a finished sync published: must survive
        self.counts: Counter[str] = Counter()
        first = self._new_laptop()
        c = first.classroom
        self.class_id = str(c.classes.create("Year 4 Maple").created_id)
        self.framework = str(c.curriculum.add_framework("Grade 4 Mathematics").created_id)
        c.classes.edit(self.class_id, framework_id=self.framework)
        first.service.setup(self.share, PASSPHRASE, create=True)
        for _ in range(LAPTOPS - 1):
            self._new_laptop().service.setup(self.share, PASSPHRASE, create=False)

    def _new_laptop(self, folder: Path | None = None) -> Laptop:
        laptop = Laptop(folder or self.root / f"laptop{len(self.laptops)}", LaptopClock(self.world))
        self.laptops.append(laptop)
        return laptop

    # ---- the walk ---------------------------------------------------------------------------
    def run(self, steps: int) -> None:
        actions = [
            (self.add_student, 6), (self.edit_profile, 6), (self.rename, 4), (self.enrol, 3),
            (self.add_standard, 3), (self.delete_standard, 1), (self.prerequisite, 2),
            (self.record, 12), (self.correct, 3), (self.withdraw, 2), (self.sync, 25),
            (self.backup, 3), (self.restore, 2), (self.copy_workspace, 1), (self.delete_file, 2),
            (self.truncate_file, 2), (self.flip_file, 2), (self.conflicted_copy, 2),
            (self.killed_sync, 3), (self.clock_ahead, 1), (self.clock_right, 2),
        ]
        fns, weights = zip(*actions, strict=True)
        for _ in range(steps):
            self.world.now += timedelta(seconds=self.rng.randint(1, 90))
            fn = self.rng.choices(fns, weights)[0]
            self.counts[fn.__name__] += 1
            try:
                fn(self.rng.choice(self.laptops))
            except UserError:
                self.counts["refused edit"] += 1  # a row not on this laptop yet, or deleted there

    def heal(self) -> None:
        for laptop in self.laptops:
            laptop.clock.offset = timedelta(0)
        for laptop in self.laptops:
            if laptop.service.needs_passphrase():
                laptop.service.setup(self.share, PASSPHRASE, create=False)
        for _ in range(2):
            for laptop in self.laptops:
                self._sync(laptop)
        for laptop in self.laptops:
            report = laptop.service.sync_now()
            assert report.status == "ok", report.message

    def check(self) -> int:
        rows = [entity_rows(laptop.classroom) for laptop in self.laptops]
        for other in rows[1:]:
            for table in rows[0]:
                assert other[table] == rows[0][table], table
        at = [c.key for c in _evidence_columns()].index("id")
        evidence_ids = {str(r[at]) for r in rows[0]["evidence"]}
        assert self.durable <= evidence_ids, len(self.durable - evidence_ids)
        return sum(len(t) for t in rows[0].values()) * len(rows)

    def close(self) -> None:
        for laptop in self.laptops:
            laptop.classroom.close()
            assert integrity_check(laptop.classroom.db_path) == "ok"

    # ---- edits ------------------------------------------------------------------------------
    def _pick(self, items: list[str]) -> str:
        return self.rng.choice(items)

    def add_student(self, laptop: Laptop) -> None:
        name = self.rng.choice(["Zoë", "Kofi", "Ana", "王", "محمد", "Nguyễn"])
        created = laptop.classroom.students.add(NewStudent(name, "Test"), self.class_id).created_id
        self.students.append(str(created))

    def edit_profile(self, laptop: Laptop) -> None:
        if self.students:
            text = self.rng.choice(["", "Fractions", "Drawing", "Needs quiet", "Zoë's idea"])
            laptop.classroom.students.edit_profile(self._pick(self.students), strengths=text)

    def rename(self, laptop: Laptop) -> None:
        if self.students:
            name = self.rng.choice(["", "Zo", "K", "Ana B"])
            laptop.classroom.students.edit(self._pick(self.students), preferred_name=name)

    def enrol(self, laptop: Laptop) -> None:
        if self.students:
            sid = self._pick(self.students)
            if self.rng.random() < 0.5:
                laptop.classroom.classes.enrol(self.class_id, [sid])
            else:
                laptop.classroom.classes.unenrol(self.class_id, sid)

    def add_standard(self, laptop: Laptop) -> None:
        code = f"4.NF.{self.rng.randint(1, 9)}"
        created = laptop.classroom.curriculum.add_standard(self.framework, code, f"I can {code}").created_id
        self.standards.append(str(created))

    def delete_standard(self, laptop: Laptop) -> None:
        if self.standards:
            laptop.classroom.curriculum.delete_standard(self._pick(self.standards))

    def prerequisite(self, laptop: Laptop) -> None:
        if len(self.standards) >= 2:
            first, second = self.rng.sample(self.standards, 2)
            on = self.rng.random() < 0.6
            laptop.classroom.curriculum.set_prerequisites(second, [first] if on else [])

    def record(self, laptop: Laptop) -> None:
        if self.students and self.standards:
            created = laptop.classroom.evidence.record(
                self._pick(self.students), self._pick(self.standards), self.rng.randint(1, 4),
                class_id=self.class_id, note=self.rng.choice(["", "quiz", "exit ticket"]),
            ).created_id
            self.evidence.append(str(created))
            laptop.unsynced.add(str(created))

    def correct(self, laptop: Laptop) -> None:
        if self.evidence:
            laptop.classroom.evidence.correct(self._pick(self.evidence), level=self.rng.randint(1, 4))

    def withdraw(self, laptop: Laptop) -> None:
        if self.evidence:
            laptop.classroom.evidence.withdraw([self._pick(self.evidence)])

    # ---- syncing ----------------------------------------------------------------------------
    def _sync(self, laptop: Laptop) -> None:
        if laptop.service.needs_passphrase():
            report = laptop.service.setup(self.share, PASSPHRASE, create=False)
            self.counts["passphrase asked again"] += 1
        else:
            report = laptop.service.sync_now()
        if report.forked:
            self.counts["forks detected"] += 1
        self.counts["files repaired"] += report.repaired
        if report.status != "update_app" and not report.held_back:
            self.durable |= laptop.unsynced
            laptop.unsynced.clear()

    def sync(self, laptop: Laptop) -> None:
        self._sync(laptop)

    def killed_sync(self, laptop: Laptop) -> None:
        calls = {"n": 0, "at": self.rng.randint(1, 6)}
        real_once, real_atomic = repo_module.write_once, repo_module.write_atomic

        def dying(real: Any) -> Any:
            def write(*args: Any, **kwargs: Any) -> Any:
                calls["n"] += 1
                if calls["n"] >= calls["at"]:
                    raise Killed
                return real(*args, **kwargs)

            return write

        with mock.patch.object(repo_module, "write_once", dying(real_once)), \
                mock.patch.object(repo_module, "write_atomic", dying(real_atomic)):
            try:
                self._sync(laptop)
            except Killed:
                self.counts["killed mid-sync"] += 1

    # ---- accidents --------------------------------------------------------------------------
    def backup(self, laptop: Laptop) -> None:
        laptop.backups.append(laptop.classroom.make_backup())

    def restore(self, laptop: Laptop) -> None:
        if not laptop.backups:
            return
        laptop.classroom.restore(self.rng.choice(laptop.backups))
        laptop.reopen()
        laptop.unsynced.clear()  # edits made after that backup and never synced are gone: the accident
        self.counts["backups restored"] += 1

    def copy_workspace(self, laptop: Laptop) -> None:
        if len(self.laptops) >= MAX_LAPTOPS:
            return
        laptop.classroom.db.checkpoint()
        folder = self.root / f"laptop{len(self.laptops)}"
        shutil.copytree(laptop.folder, folder, ignore=shutil.ignore_patterns("*-wal", "*-shm"))
        copy = self._new_laptop(folder)
        copy.backups = []
        self.counts["workspaces copied"] += 1

    def _share_files(self) -> list[Path]:
        return sorted(p for p in self.share.rglob("*") if p.is_file() and p.name != "repo.json"
                      and p.parent.name != "keys")

    def delete_file(self, _laptop: Laptop) -> None:
        files = self._share_files()
        if files:
            self.rng.choice(files).unlink()
            self.counts["share files deleted"] += 1

    def truncate_file(self, _laptop: Laptop) -> None:
        files = [p for p in self._share_files() if p.stat().st_size > 10]
        if files:
            path = self.rng.choice(files)
            data = path.read_bytes()
            path.write_bytes(data[: self.rng.randrange(len(data))])
            self.counts["share files truncated"] += 1

    def flip_file(self, _laptop: Laptop) -> None:
        files = [p for p in self._share_files() if p.stat().st_size > 0]
        if files:
            path = self.rng.choice(files)
            data = bytearray(path.read_bytes())
            data[self.rng.randrange(len(data))] ^= 1 << self.rng.randrange(8)
            path.write_bytes(bytes(data))
            self.counts["share files flipped"] += 1

    def conflicted_copy(self, _laptop: Laptop) -> None:
        files = [p for p in self._share_files() if p.suffix in (".bundle", ".snapshot")]
        if files:
            path = self.rng.choice(files)
            copy = path.with_name(f"{path.stem} (conflicted copy 2026-11-23){path.suffix}")
            shutil.copy(path, copy)
            self.counts["conflicted copies"] += 1

    def clock_ahead(self, laptop: Laptop) -> None:
        for other in self.laptops:  # one laptop with a wrong date at a time
            other.clock.offset = timedelta(0)
        laptop.clock.offset = YEAR * self.rng.randint(1, 80)
        self.counts["clocks set years ahead"] += 1

    def clock_right(self, laptop: Laptop) -> None:
        laptop.clock.offset = timedelta(0)


def _evidence_columns() -> list[Any]:
    from classroom_desktop.store.models import ENTITIES

    return [c for c in ENTITIES["evidence"].__table__.columns if c.key != "modified_at"]


@pytest.mark.parametrize("seed", range(RUNS))
def test_chaos(tmp_path: Path, seed: int) -> None:
    chaos = Chaos(tmp_path, 20261120 + seed)
    try:
        chaos.run(STEPS)
        chaos.heal()
        compared = chaos.check()
        print(
            f"\nchaos seed {seed}: {len(chaos.laptops)} laptops, {STEPS} steps, "
            f"{compared} rows compared, 0 differences; "
            + ", ".join(f"{k}: {v}" for k, v in sorted(chaos.counts.items()))
        )
    finally:
        chaos.close()
