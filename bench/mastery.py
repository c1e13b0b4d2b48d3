"""Benchmark: the mastery table of a whole school through services.Classroom vs. plain sqlite3.

Builds a school-size workspace (1,500 students in 50 classes, 100 standards, 300,000 evidence
rows), then times
  (a) ``classroom.evidence.mastery_table`` for every class (read, order, supersede, compute), and
  (b) the baseline: plain ``sqlite3`` reading the same evidence rows ordered by student, standard
      and date into Python tuples.
Prints both and ends with ``ratio: X`` (a / b). Aim: ratio <= 2.

Run: python bench/mastery.py [--students 1500] [--standards 100] [--evidence 300000] [--repeat 5]
"""

from __future__ import annotations

import argparse
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
from classroom_desktop.store.models import new_id  # noqa: E402

CLASS_SIZE = 30


def build(folder: Path, n_students: int, n_standards: int, n_evidence: int) -> tuple[Classroom, list[str]]:
    rng = random.Random(7)
    c = Classroom.open(folder)
    fw = c.curriculum.add_framework("School framework").created_id
    assert fw
    strands = [c.curriculum.add_strand(fw, f"Strand {i + 1}").created_id for i in range(5)]
    standards = [
        c.curriculum.add_standard(fw, f"S.{i + 1}", f"I can do thing {i + 1}.", strands[i % 5]).created_id
        for i in range(n_standards)
    ]
    class_ids: list[str] = []
    students: list[str] = []
    for k in range(0, n_students, CLASS_SIZE):
        cid = c.classes.create(f"Class {k // CLASS_SIZE + 1}", framework_id=fw).created_id
        assert cid
        class_ids.append(cid)
        c.students.add_many(
            [NewStudent(f"Given{i}", f"Family{i}") for i in range(k, min(k + CLASS_SIZE, n_students))], cid
        )
        students += c.classes.student_ids(cid)
    # Evidence straight into the table (setup only, not timed): the change log is irrelevant to reads.
    start = date(2026, 9, 1)
    rows = []
    for i in range(n_evidence):
        day = start + timedelta(days=rng.randrange(80))
        rows.append(
            (
                new_id(),
                rng.choice(students),
                rng.choice(standards),
                float(rng.randint(1, 4)),
                day.isoformat(),
                f"{day.isoformat()}T10:{i % 60:02d}:00.000000+00:00",
                "quiz",
                "",
                None,
            )
        )
    con = sqlite3.connect(c.db_path)
    con.executemany(
        "INSERT INTO evidence (id, student_id, standard_id, level, observed_on, entered_at, kind, note, "
        "supersedes_id, class_id, assessment_id, created_at, modified_at, deleted) "
        "VALUES (?,?,?,?,?,?,?,?,?,NULL,NULL,'','',0)",
        rows,
    )
    con.commit()
    con.execute("ANALYZE")
    con.close()
    return c, class_ids


def time_services(c: Classroom, class_ids: list[str]) -> tuple[float, int]:
    t = time.perf_counter()
    cells = 0
    for cid in class_ids:
        cells += len(c.evidence.mastery_table(cid).cells)
    return time.perf_counter() - t, cells


def time_baseline(db: Path) -> tuple[float, int]:
    t = time.perf_counter()
    con = sqlite3.connect(db)
    rows = con.execute(
        "SELECT student_id, standard_id, level, observed_on FROM evidence "
        "ORDER BY student_id, standard_id, observed_on"
    ).fetchall()
    con.close()
    return time.perf_counter() - t, len(rows)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--students", type=int, default=1500)
    ap.add_argument("--standards", type=int, default=100)
    ap.add_argument("--evidence", type=int, default=300_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        c, class_ids = build(Path(tmp) / "school", args.students, args.standards, args.evidence)
        print(
            f"built {args.students} students, {args.standards} standards, {args.evidence} evidence rows, "
            f"{len(class_ids)} classes in {time.perf_counter() - t:.1f} s"
        )
        time_services(c, class_ids)  # warm the page cache and the imports once
        ours = [time_services(c, class_ids) for _ in range(args.repeat)]
        base = [time_baseline(c.db_path) for _ in range(args.repeat)]
        a = statistics.median(x[0] for x in ours)
        b = statistics.median(x[0] for x in base)
        print(f"(a) mastery table of every class through services.Classroom: {a:.3f} s ({ours[0][1]} cells)")
        print(f"(b) baseline, plain sqlite3 ordered read into tuples:        {b:.3f} s ({base[0][1]} rows)")
        c.close()
        print(f"ratio: {a / b:.2f}")


if __name__ == "__main__":
    main()
