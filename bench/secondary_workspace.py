"""A secondary teacher's workspace for ``bench/secondary.py``: 5 classes × 30 students × 60 standards.

One framework of 60 standards in 6 strands (each standard after the first of its strand has the
one before it as a prerequisite), five sections of 30 students, and two school years of evidence
(September 2024 to 20 November 2026): every student is assessed on every standard several times,
their levels rising with practice, with a few corrections. The structure goes in through the
services; the evidence rows straight into the table (setup, not timed), as in ``bench/mastery.py``.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path

from classroom_desktop.clock import FixedClock
from classroom_desktop.services.classroom import Classroom
from classroom_desktop.services.roster import NewStudent
from classroom_desktop.store.models import new_id

TODAY = date(2026, 11, 20)
CLASSES = 5
CLASS_SIZE = 30
STRANDS = 6
PER_STRAND = 10
#: (first day, last day) of each school year the evidence spans
TERMS = (
    (date(2024, 9, 2), date(2025, 6, 27)),
    (date(2025, 9, 1), date(2026, 6, 26)),
    (date(2026, 9, 1), TODAY),
)
ROW_SQL = (
    "INSERT INTO evidence (id, student_id, standard_id, level, observed_on, entered_at, kind, note, "
    "supersedes_id, class_id, assessment_id, created_at, modified_at, deleted) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,NULL,'','',0)"
)


def _school_days() -> list[date]:
    days: list[date] = []
    for first, last in TERMS:
        day = first
        while day <= last:
            if day.weekday() < 5:
                days.append(day)
            day += timedelta(days=1)
    return days


def build_secondary(folder: Path, per_cell: int = 7) -> tuple[list[str], int]:
    """Write the workspace into ``folder``; returns its class ids and the number of evidence rows."""
    rng = random.Random(18)
    c = Classroom.open(folder, clock=FixedClock(TODAY))
    try:
        cur = c.curriculum
        fw = str(cur.add_framework("Mathematics 10", subject="Mathematics", grade="10").created_id)
        standards: list[str] = []
        for s in range(STRANDS):
            strand = str(cur.add_strand(fw, f"Strand {s + 1}", f"M{s + 1}").created_id)
            previous: str | None = None
            for k in range(PER_STRAND):
                code = f"M{s + 1}.{k + 1}"
                std = str(cur.add_standard(fw, code, f"I can do {code}.", strand).created_id)
                if previous is not None:
                    cur.set_prerequisites(std, [previous])
                previous = std
                standards.append(std)
        class_ids: list[str] = []
        students: list[tuple[str, str]] = []  # (student id, class id)
        for k in range(CLASSES):
            cid = str(c.classes.create(f"Maths 10{'ABCDE'[k]}", "2026-27", framework_id=fw).created_id)
            class_ids.append(cid)
            first = k * CLASS_SIZE
            c.students.add_many(
                [NewStudent(f"Given{i:03d}", f"Family{i:03d}") for i in range(first, first + CLASS_SIZE)], cid
            )
            students += [(sid, cid) for sid in c.classes.student_ids(cid)]
    finally:
        c.close()
    days = _school_days()
    rows: list[tuple[object, ...]] = []
    for sid, cid in students:
        ability = rng.uniform(-0.8, 0.8)
        for n, std in enumerate(standards):
            taught = int(len(days) * n / len(standards) * 0.85)  # standards come in order over two years
            level = 1.6 + ability
            for _ in range(rng.randint(per_cell - 2, per_cell + 2)):
                i = rng.randrange(taught, len(days))
                level = min(4.0, level + rng.uniform(0.0, 0.5))
                shown = float(min(4, max(1, round(level + rng.gauss(0, 0.4)))))
                rows.append(
                    (new_id(), sid, std, shown, days[i].isoformat(),
                     f"{days[i].isoformat()}T09:{len(rows) % 60:02d}:00.000000+00:00", "quiz", "", None, cid)
                )
    fixes = [
        (new_id(), r[1], r[2], float(min(4.0, float(r[3]) + 1)), r[4], str(r[5]).replace("T09", "T15"),
         "quiz", "corrected", r[0], r[9])  # fmt: skip
        for r in rng.sample(rows, len(rows) // 200)
    ]
    con = sqlite3.connect(folder / "classroom.sqlite3")
    con.executemany(ROW_SQL, rows + fixes)
    con.commit()
    con.execute("ANALYZE")
    con.close()
    return class_ids, len(rows) + len(fixes)
