"""Benchmark: importing 100,000 synced changes vs. plain ``sqlite3.executemany`` of the same rows.

Laptop A builds a class (students, profiles, a framework and evidence) until its change log holds
``--changes`` changes, and publishes them to a sync folder as sealed bundles. Then
  (a) laptop B, a fresh workspace that has joined the folder, syncs: it reads every bundle,
      checks and decrypts it, decides every field by its clock stamp and writes the rows and the
      change log in one transaction (``SyncService.sync_now``);
  (b) the baseline: the rows B ended up with (entity rows and change-log rows) inserted into a
      fresh workspace's same tables with plain ``sqlite3.executemany`` in one transaction.
Prints both and ends with ``ratio: X`` (a / b). Aim: ratio <= 3.

Run: python bench/sync.py [--changes 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import base64
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from classroom_desktop.services.classroom import Classroom  # noqa: E402
from classroom_desktop.services.roster import NewStudent  # noqa: E402
from classroom_desktop.services.syncing import CONFIG_KEY, SyncService  # noqa: E402
from classroom_desktop.store.models import ENTITIES, new_id  # noqa: E402
from classroom_desktop.sync.repo import SyncRepo  # noqa: E402

PASSPHRASE = "bench passphrase"


def build_source(folder: Path, n_changes: int) -> Classroom:
    rng = random.Random(11)
    c = Classroom.open(folder)
    class_id = c.classes.create("Year 5 Oak").created_id
    fw = c.curriculum.add_framework("Grade 5 Mathematics").created_id
    assert class_id and fw
    c.classes.edit(class_id, framework_id=fw)
    standards = [
        c.curriculum.add_standard(fw, f"5.M.{i + 1}", f"I can do step {i + 1}").created_id for i in range(40)
    ]
    students = list(
        c.students.add_many([NewStudent(f"Student{i}", f"Family{i}") for i in range(150)], class_id).ids(
            "student"
        )
    )
    for sid in students[:60]:
        c.students.edit_profile(sid, strengths="Persistent", interests="Football", needs="Visuals")
    start = date(2026, 9, 1)
    while _count(c) < n_changes:
        rows: list[dict[str, object]] = [
            {
                "id": new_id(),
                "student_id": rng.choice(students),
                "standard_id": rng.choice(standards),
                "class_id": class_id,
                "level": float(rng.randint(1, 4)),
                "observed_on": (start + timedelta(days=rng.randrange(80))).isoformat(),
                "kind": "quiz",
                "note": "",
            }
            for _ in range(500)
        ]
        c.evidence.import_rows(rows)
    return c


def _count(c: Classroom) -> int:
    con = sqlite3.connect(c.db_path)
    try:
        return int(con.execute("SELECT count(*) FROM change").fetchone()[0])
    finally:
        con.close()


def joined_workspace(folder: Path, share: Path) -> tuple[Classroom, SyncService]:
    """A fresh laptop that has joined the sync folder but not synced yet."""
    b = Classroom.open(folder)
    repo = SyncRepo(share)
    key = repo.join(PASSPHRASE, b.device_id)
    with b.write() as tx:
        tx.set_meta(
            CONFIG_KEY,
            {"folder": str(share), "repo_id": repo.repo_id(), "key": base64.b64encode(key).decode("ascii")},
        )
    return b, SyncService(b)


def baseline(source_db: Path, folder: Path) -> float:
    """Insert B's rows into a fresh workspace with plain executemany; returns seconds."""
    fresh = Classroom.open(folder)
    path = fresh.db_path
    fresh.close()
    src = sqlite3.connect(source_db)
    tables = {
        name: src.execute(
            f'SELECT * FROM "{name}" WHERE id NOT IN (SELECT id FROM "{name}" LIMIT 0)'
        ).fetchall()
        for name in ENTITIES
    }
    own_scale = {r[0] for r in sqlite3.connect(path).execute("SELECT id FROM scale")}
    at = [d[0] for d in src.execute('SELECT * FROM "scale" LIMIT 0').description].index("id")
    tables["scale"] = [r for r in tables["scale"] if r[at] not in own_scale]
    changes = src.execute(  # with each change's base and bundle (migration 0004), as B keeps them
        "SELECT hlc, device, entity, entity_id, field, value, origin, base, row_base, bundle FROM change "
        "WHERE origin = 'remote'"
    ).fetchall()
    src.close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    started = time.perf_counter()
    for name in ENTITIES:
        rows = tables[name]
        if rows:
            con.executemany(f'INSERT INTO "{name}" VALUES ({", ".join("?" * len(rows[0]))})', rows)
    con.executemany(
        "INSERT INTO change (hlc, device, entity, entity_id, field, value, origin, base, row_base, bundle) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        changes,
    )
    con.commit()
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--changes", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        share = root / "share"
        share.mkdir()
        print(f"building a class with {args.changes:,} changes…", flush=True)
        a = build_source(root / "a", args.changes)
        service = SyncService(a)
        report = service.setup(share, PASSPHRASE, create=True)
        bundles = sum(1 for _ in share.rglob("*.bundle"))
        print(f"published {report.sent:,} changes in {bundles} bundles")
        ours, base = [], []
        for i in range(args.repeat):
            b, sync_b = joined_workspace(root / f"b{i}", share)
            started = time.perf_counter()
            result = sync_b.sync_now()
            ours.append(time.perf_counter() - started)
            assert result.status == "ok" and result.received >= report.sent, result
            b.close()
            base.append(baseline(root / f"b{i}" / "classroom.sqlite3", root / f"base{i}"))
        a.close()
    mine, plain = statistics.median(ours), statistics.median(base)
    print(f"sync import (read, decrypt, merge, write): {mine:.3f} s  ({report.sent / mine:,.0f} changes/s)")
    print(f"baseline sqlite3.executemany of the same rows: {plain:.3f} s")
    print(f"ratio: {mine / plain:.2f}")


if __name__ == "__main__":
    main()
