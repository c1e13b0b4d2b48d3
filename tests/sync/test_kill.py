"""A laptop killed (SIGKILL) mid-sync leaves only whole bundles or temp files, and loses nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from classroom_desktop.services.classroom import Classroom
from classroom_desktop.services.syncing import SyncService
from classroom_desktop.store.engine import integrity_check
from classroom_desktop.sync.atomic import TEMP_PREFIX
from classroom_desktop.sync.bundle import decode_bundle, parse_bundle_name, parse_snapshot_name
from classroom_desktop.sync.repo import SyncRepo

from .conftest import CHEAP_KDF, PASSPHRASE

WRITER = """
import sys
from classroom_desktop.services.classroom import Classroom
from classroom_desktop.services.roster import NewStudent
from classroom_desktop.services.syncing import SyncService

classroom = Classroom.open(sys.argv[1], create=False)
service = SyncService(classroom, batch=7)
round_ = sys.argv[2]
for i in range(10_000):
    sid = classroom.students.add(NewStudent(f"Kid{round_}x{i}", "Killed")).created_id
    print(sid, flush=True)  # committed
    service.sync_now()
"""


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_sigkill_at_random_points(tmp_path: Path, share: Path) -> None:
    workspace = tmp_path / "writer"
    writer = Classroom.open(workspace)
    SyncService(writer, kdf_n=CHEAP_KDF).setup(share, PASSPHRASE, create=True)
    device = writer.device_id
    writer.close()
    rng = random.Random(20261123)
    committed: list[str] = []
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    for round_ in range(5):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(workspace), str(round_)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert proc.stdout is not None
        first = proc.stdout.readline()  # wait until it is really working
        time.sleep(rng.uniform(0.0, 0.4))
        proc.send_signal(signal.SIGKILL)
        rest, _ = proc.communicate()
        committed += [line for line in (first + rest).split() if line]
        assert proc.returncode == -signal.SIGKILL
        repo = SyncRepo(share)
        key = repo.open_key(PASSPHRASE, device)
        for path in repo.device_dir(device).rglob("*"):
            if path.is_dir() or path.name == "state.json":
                continue
            if path.name.startswith(TEMP_PREFIX):
                continue  # a write the kill interrupted: readers ignore it
            # Only whole bundles, or whole snapshots (one is written every so many bundles).
            assert parse_bundle_name(path.name) or parse_snapshot_name(path.name), path.name
            decode_bundle(key, repo.read_file(path))
    assert integrity_check(workspace / "classroom.sqlite3") == "ok"
    writer = Classroom.open(workspace, create=False)
    try:
        kept = {s.id for s in writer.students.list(include_archived=True)}
        assert set(committed) <= kept
        assert SyncService(writer).sync_now().status == "ok"
    finally:
        writer.close()
    reader = Classroom.open(tmp_path / "reader")
    try:
        SyncService(reader, kdf_n=CHEAP_KDF).setup(share, PASSPHRASE, create=False)
        assert set(committed) <= {s.id for s in reader.students.list(include_archived=True)}
    finally:
        reader.close()
    assert integrity_check(tmp_path / "reader" / "classroom.sqlite3") == "ok"
