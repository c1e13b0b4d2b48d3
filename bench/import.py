"""Benchmark: importing a 10,000-row roster and a 2,000-item CASE framework vs. plain
``sqlite3.executemany`` of the same rows.

  (a) ours: ``import_file`` — read the file, judge its kind, decode, parse and check every row, match
      against the workspace (roster) or build the tree and check prerequisites for cycles (CASE), then
      write the rows and their change log in one transaction;
  (b) the baseline: the rows the workspace ended with (entity rows and change-log rows) inserted into
      a fresh workspace's same tables with plain ``sqlite3.executemany`` in one transaction.
Prints both for each file, then ``ratio: X`` (the larger of the two a / b). Aim: ratio <= 3.

Run: python bench/import.py [--students 10000] [--items 2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from classroom_desktop.services.classroom import Classroom  # noqa: E402
from classroom_desktop.services.importing import import_file  # noqa: E402

GIVEN = ["Begoña", "Zoë", "Wei", "Amara", "محمد", "Nguyễn An", "Łukasz", "Ana", "Søren", "Aiyana", "小明"]
FAMILY = ["Ruiz", "Kowalska", "Wang", "Okafor", "العلي", "Trần", "Nowak", "López", "Jensen", "Begay", "王"]


def roster_csv(path: Path, n: int) -> Path:
    rng = random.Random(7)
    lines = ["Given name,Family name,Preferred name,Student ID,Email"]
    for i in range(n):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        lines.append(f"{given},{family},,{100000 + i},s{100000 + i}@school.example")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def case_json(path: Path, n_items: int) -> Path:
    """A CFPackage: document → 10 domains → clusters of 10 → standards, chained by precedes."""
    doc = str(uuid.uuid4())
    items, assocs = [], []

    def item(code: str, statement: str, kind: str) -> str:
        ident = str(uuid.uuid4())
        items.append({"identifier": ident, "uri": f"https://x.example/{ident}", "humanCodingScheme": code,
                      "fullStatement": statement, "CFItemType": kind, "lastChangeDateTime": "2026-01-01"})
        return ident

    def link(kind: str, origin: str, dest: str, seq: int) -> None:
        assocs.append({"identifier": str(uuid.uuid4()), "associationType": kind, "sequenceNumber": seq,
                       "originNodeURI": {"identifier": origin}, "destinationNodeURI": {"identifier": dest}})

    domains = 10
    clusters_per = max(1, (n_items - domains) // domains // 11)
    made, previous = 0, None
    for d in range(domains):
        dom = item(f"D{d}", f"Domain {d}", "Domain")
        link("isChildOf", dom, doc, d)
        made += 1
        for c in range(clusters_per):
            clu = item("", f"Cluster {d}.{c}", "Cluster")
            link("isChildOf", clu, dom, c)
            made += 1
            for s in range(10):
                if made >= n_items:
                    break
                std = item(f"D{d}.{c}.{s}", f"I can do step {d}.{c}.{s} of the work.", "Standard")
                link("isChildOf", std, clu, s)
                if previous is not None:
                    link("precedes", previous, std, 0)
                previous = std
                made += 1
    package = {"CFDocument": {"identifier": doc, "title": "Bench framework", "subject": ["Mathematics"]},
               "CFItems": items, "CFAssociations": assocs}
    path.write_text(json.dumps(package), encoding="utf-8")
    return path


def baseline(source_db: Path, folder: Path, tables: list[str]) -> float:
    """Insert the source's rows of ``tables`` (and their change log) into a fresh workspace with plain
    executemany; returns seconds. The source's classes are copied first, untimed (ours made its class
    before the clock started too)."""
    fresh = Classroom.open(folder)
    path = fresh.db_path
    fresh.close()
    src = sqlite3.connect(source_db)
    src.row_factory = None
    classes = src.execute("SELECT id, created_at, modified_at, deleted, name, school_year, framework_id, "
                          "NULL, mastery_method, mastery_weight, mastery_n, archived, options "
                          "FROM school_class").fetchall()
    rows = {name: src.execute(f'SELECT * FROM "{name}"').fetchall() for name in tables}
    marks = ",".join("?" * len(tables))
    changes = src.execute(
        "SELECT hlc, device, entity, entity_id, field, value, origin FROM change "
        f"WHERE entity IN ({marks})", tables).fetchall()
    src.close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.executemany("INSERT INTO school_class (id, created_at, modified_at, deleted, name, school_year, "
                    "framework_id, scale_id, mastery_method, mastery_weight, mastery_n, archived, options) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", classes)
    con.commit()
    started = time.perf_counter()
    for name in tables:
        if rows[name]:
            marks = ", ".join("?" * len(rows[name][0]))
            con.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows[name])
    con.executemany(
        "INSERT INTO change (hlc, device, entity, entity_id, field, value, origin) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)", changes)
    con.commit()
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed


def run(root: Path, what: str, source: Path, tables: list[str], repeat: int, with_class: bool
        ) -> tuple[float, float, str]:
    ours, base, summary = [], [], ""
    for i in range(repeat):
        c = Classroom.open(root / f"{what}{i}")
        class_id = c.classes.create("Year 5").created_id if with_class else None
        started = time.perf_counter()
        summary = import_file(c, what, source, class_id)
        ours.append(time.perf_counter() - started)
        c.close()
        base.append(baseline(root / f"{what}{i}" / "classroom.sqlite3", root / f"{what}-base{i}", tables))
    return statistics.median(ours), statistics.median(base), summary


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ratios = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        roster = roster_csv(root / "roster.csv", args.students)
        mine, plain, summary = run(root, "roster", roster, ["student", "enrolment"],
                                   args.repeat, True)
        print(summary)
        print(f"roster import of {args.students:,} rows (read, check, match, write): {mine:.3f} s "
              f"({args.students / mine:,.0f} rows/s)")
        print(f"baseline sqlite3.executemany of the same rows: {plain:.3f} s")
        print(f"roster ratio: {mine / plain:.2f}")
        ratios.append(mine / plain)
        framework = case_json(root / "framework.json", args.items)
        mine, plain, summary = run(root, "standards", framework,
                                   ["framework", "strand", "standard", "prerequisite"], args.repeat, False)
        print(summary)
        print(f"CASE import of {args.items:,} items (read, tree, cycle check, write): {mine:.3f} s")
        print(f"baseline sqlite3.executemany of the same rows: {plain:.3f} s")
        print(f"CASE ratio: {mine / plain:.2f}")
        ratios.append(mine / plain)
    print(f"ratio: {max(ratios):.2f}")


if __name__ == "__main__":
    main()
