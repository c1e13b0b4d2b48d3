"""Three laptops edit one class offline; bundles arrive late, out of order, twice or as conflict copies.

After everything has arrived and every laptop has synced, all three databases hold the same rows.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from classroom_desktop.domain.errors import UserError
from classroom_desktop.services.classroom import Classroom
from classroom_desktop.services.roster import NewStudent
from classroom_desktop.services.syncing import SyncService
from classroom_desktop.store.engine import integrity_check

from .conftest import CHEAP_KDF, PASSPHRASE, entity_rows

DEVICES = 3
texts = st.sampled_from(["", "Fractions", "Drawing", "Needs quiet", "Zoë's idea", "محمد"])
device = st.integers(0, DEVICES - 1)
COPY_NAMES = (
    "{stem}.sync-conflict-20261123-101010-ABCDEF.bundle",
    "{stem} (conflicted copy 2026-11-23).bundle",
)


class ThreeLaptops(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="converge-"))
        self.share = self.root / "share"
        self.share.mkdir()
        self.laptops: list[tuple[Classroom, SyncService]] = []
        self.held: list[tuple[Path, bytes]] = []  # bundles written but not yet delivered
        self.delivered: set[Path] = set()
        self.students: list[str] = []
        self.standards: list[str] = []

    @initialize()
    def set_up(self) -> None:
        for i in range(DEVICES):
            classroom = Classroom.open(self.root / f"laptop{i}")
            self.laptops.append((classroom, SyncService(classroom, kdf_n=CHEAP_KDF)))
        first = self.laptops[0][0]
        self.class_id = str(first.classes.create("Year 4 Maple").created_id)
        self.framework = str(first.curriculum.add_framework("Grade 4 Mathematics").created_id)
        for i, (_, service) in enumerate(self.laptops):
            service.setup(self.share, PASSPHRASE, create=i == 0)
            self._hold()

    # ---- delivery ---------------------------------------------------------------------------
    def _hold(self) -> None:
        for path in sorted(self.share.rglob("*.bundle")):
            if path not in self.delivered:
                self.held.append((path, path.read_bytes()))
                path.unlink()

    @precondition(lambda self: self.held)
    @rule(pick=st.integers(0, 10**6), how=st.sampled_from(["plain", "copy0", "copy1", "twice"]))
    def deliver(self, pick: int, how: str) -> None:
        path, data = self.held.pop(pick % len(self.held))
        stem = path.name[: -len(".bundle")]
        names = {
            "plain": [path.name],
            "copy0": [COPY_NAMES[0].format(stem=stem)],
            "copy1": [COPY_NAMES[1].format(stem=stem)],
            "twice": [path.name, COPY_NAMES[0].format(stem=stem)],
        }
        for name in names[how]:
            (path.parent / name).write_bytes(data)
            self.delivered.add(path.parent / name)

    @rule(i=device)
    def sync(self, i: int) -> None:
        report = self.laptops[i][1].sync_now()
        # Held-back bundles are "missing, waiting for it to sync", never silently "ok".
        assert report.status == "ok" or (report.missing and not report.skipped_files), report.message
        self._hold()

    # ---- edits ------------------------------------------------------------------------------
    def _try(self, fn: Any) -> Any:
        try:
            return fn()
        except UserError:
            return None  # that row has not reached this laptop yet, or was deleted there

    @rule(i=device, given=st.sampled_from(["Zoë", "Kofi", "Ana", "王"]))
    def add_student(self, i: int, given: str) -> None:
        c = self.laptops[i][0]
        changes = self._try(lambda: c.students.add(NewStudent(given, "Test"), self.class_id))
        if changes is not None:
            self.students.append(str(changes.created_id))

    @precondition(lambda self: self.students)
    @rule(i=device, k=st.integers(0, 50), text=texts)
    def edit_profile(self, i: int, k: int, text: str) -> None:
        c = self.laptops[i][0]
        self._try(lambda: c.students.edit_profile(self.students[k % len(self.students)], strengths=text))

    @precondition(lambda self: self.students)
    @rule(i=device, k=st.integers(0, 50), text=texts)
    def rename(self, i: int, k: int, text: str) -> None:
        c = self.laptops[i][0]
        self._try(lambda: c.students.edit(self.students[k % len(self.students)], preferred_name=text))

    @precondition(lambda self: self.students)
    @rule(i=device, k=st.integers(0, 50), enrolled=st.booleans())
    def enrolment(self, i: int, k: int, enrolled: bool) -> None:
        c, sid = self.laptops[i][0], self.students[k % len(self.students)]
        if enrolled:
            self._try(lambda: c.classes.enrol(self.class_id, [sid]))
        else:
            self._try(lambda: c.classes.unenrol(self.class_id, sid))

    @rule(i=device, code=st.sampled_from(["4.NF.1", "4.NF.2", "4.OA.1"]))
    def add_standard(self, i: int, code: str) -> None:
        c = self.laptops[i][0]
        changes = self._try(lambda: c.curriculum.add_standard(self.framework, code, f"I can {code}"))
        if changes is not None:
            self.standards.append(str(changes.created_id))

    @precondition(lambda self: self.standards)
    @rule(i=device, k=st.integers(0, 50))
    def delete_standard(self, i: int, k: int) -> None:
        c = self.laptops[i][0]
        self._try(lambda: c.curriculum.delete_standard(self.standards[k % len(self.standards)]))

    @precondition(lambda self: len(self.standards) >= 2)
    @rule(i=device, k=st.integers(0, 50), on=st.booleans())
    def prerequisite(self, i: int, k: int, on: bool) -> None:
        c = self.laptops[i][0]
        first, second = self.standards[k % len(self.standards)], self.standards[(k + 1) % len(self.standards)]
        self._try(lambda: c.curriculum.set_prerequisites(second, [first] if on else []))

    @precondition(lambda self: self.students and self.standards)
    @rule(i=device, k=st.integers(0, 50), level=st.sampled_from([1, 2, 3, 4]))
    def evidence(self, i: int, k: int, level: int) -> None:
        c = self.laptops[i][0]
        sid, std = self.students[k % len(self.students)], self.standards[k % len(self.standards)]
        self._try(lambda: c.evidence.record(sid, std, level, class_id=self.class_id))

    @invariant()
    def nothing_on_the_share_but_sealed_files(self) -> None:
        for path in self.share.rglob("*"):
            assert not path.name.startswith(".tmp-")

    def teardown(self) -> None:
        try:
            if len(self.laptops) == DEVICES:
                for path, data in self.held:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(data)
                for _ in range(2):
                    for _, service in self.laptops:
                        assert service.sync_now().status == "ok"
                rows = [entity_rows(c) for c, _ in self.laptops]
                assert rows[0] == rows[1] == rows[2]
                for c, _ in self.laptops:
                    enrolled = self.laptops[0][0].classes.student_ids(self.class_id)
                    assert sorted(c.classes.student_ids(self.class_id)) == sorted(enrolled)
        finally:
            for c, _ in self.laptops:
                c.close()
                assert integrity_check(c.db_path) == "ok"
            shutil.rmtree(self.root, ignore_errors=True)


ThreeLaptops.TestCase.settings = settings(
    max_examples=25, stateful_step_count=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
test_three_laptops_converge = ThreeLaptops.TestCase
