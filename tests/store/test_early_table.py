"""The gradebook kept at closing for the next start: the real table, and never a stale one."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from classroom_desktop.services.classroom import Classroom
from classroom_desktop.store import early_table
from classroom_desktop.store.engine import DB_NAME
from classroom_desktop.store.models import new_id


def _first_class(classroom: Any) -> str:
    return str(classroom.classes.list()[0].id)


def _kept(demo: Any) -> tuple[Path, str]:
    folder, class_id = demo.folder, _first_class(demo)
    demo.close(keep_table_of=class_id)
    return folder, class_id


def test_the_kept_table_is_the_real_one_with_the_class_box(demo: Any) -> None:
    folder, class_id = _kept(demo)
    early = Classroom.early_table(folder, class_id)
    assert early is not None
    classroom = Classroom.open(folder, create=False)
    try:
        real = classroom.evidence.mastery_table(class_id)
        assert early.table == real
        assert len(early.table.students) == 28 and early.table.cells
        assert [cid for _label, cid in early.classes] == [c.id for c in classroom.classes.list()]
        assert early.classes[0][0].startswith(classroom.classes.list()[0].name)
    finally:
        classroom.close()


def test_an_edit_since_makes_it_stale(demo: Any) -> None:
    folder, class_id = _kept(demo)
    classroom = Classroom.open(folder, create=False)
    table = classroom.evidence.mastery_table(class_id)
    student, standard = table.students[0].id, table.standards[0].id
    classroom.evidence.record(student, standard, 1, date(2026, 11, 20), class_id=class_id)
    classroom.close()  # closed without keeping a table: the old copy must not come back
    assert Classroom.early_table(folder, class_id) is None


def test_a_write_by_another_program_makes_it_stale(demo: Any) -> None:
    """An evidence row written straight into the file (not through the services, no change logged)."""
    folder, class_id = _kept(demo)
    con = sqlite3.connect(folder / DB_NAME)
    row = con.execute("SELECT * FROM evidence LIMIT 1").fetchone()
    columns = [d[0] for d in con.execute("SELECT * FROM evidence LIMIT 1").description]
    values = dict(zip(columns, row, strict=True))
    values["id"] = new_id()
    values["level"] = 1 if values["level"] != 1 else 2
    con.execute(
        f"INSERT INTO evidence ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
        list(values.values()),
    )
    con.commit()
    con.close()
    assert Classroom.early_table(folder, class_id) is None


def test_the_kept_table_is_for_its_class_and_its_day_only(demo: Any) -> None:
    folder, class_id = _kept(demo)
    assert Classroom.early_table(folder, "another-class") is None
    assert Classroom.early_table(folder, class_id, day="2026-11-20") is None
    assert Classroom.early_table(folder, class_id) is not None


def test_it_is_kept_for_the_next_close_only_when_asked(demo: Any) -> None:
    folder, class_id = _kept(demo)
    classroom = Classroom.open(folder, create=False)
    classroom.close(keep_table_of=class_id, day="2026-11-20")
    assert Classroom.early_table(folder, class_id, day="2026-11-20") is not None
    classroom = Classroom.open(folder, create=False)
    classroom.close()
    assert not early_table.cache_file(folder).exists()


def test_a_damaged_copy_is_not_used(demo: Any) -> None:
    folder, class_id = _kept(demo)
    early_table.cache_file(folder).write_bytes(b"not a pickle at all")
    assert Classroom.early_table(folder, class_id) is None


def test_no_copy_while_the_class_is_open_with_unsaved_log(demo: Any) -> None:
    """A write-ahead log holding changes: the file alone does not say what the data is."""
    folder, class_id = _kept(demo)
    classroom = Classroom.open(folder, create=False)
    try:
        table = classroom.evidence.mastery_table(class_id)
        classroom.evidence.record(
            table.students[0].id, table.standards[0].id, 4, date(2026, 11, 20), class_id=class_id
        )
        assert Classroom.early_table(folder, class_id) is None
    finally:
        classroom.close()


def test_the_services_module_loads_without_sqlalchemy() -> None:
    """The window reads the kept table before SQLAlchemy is imported (a second saved at start)."""
    import subprocess
    import sys

    code = (
        "import sys; import classroom_desktop.services.classroom as c; "
        "assert 'sqlalchemy' not in sys.modules, 'sqlalchemy loaded'; "
        "assert c.Classroom.early_table(sys.argv[1]) is None"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(Path(__file__).parent / "no-such-workspace")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


class _Runs:
    """Pickles as a call of ``os.system``: a foreign copy that would run a command when read."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        import os

        return (os.system, (f"touch {self.marker}",))


def test_a_kept_gradebook_that_would_run_code_is_refused_unread(demo: Any, tmp_path: Path) -> None:
    import pickle

    folder, class_id = _kept(demo)
    real = early_table.load(folder, folder / DB_NAME)
    assert real is not None  # the program's own copy reads back
    stamp = early_table.data_stamp(folder / DB_NAME)
    marker = tmp_path / "it-ran"
    early_table.cache_file(folder).write_bytes(
        pickle.dumps((early_table.FORMAT, stamp, _Runs(marker)))
    )
    assert Classroom.early_table(folder, class_id) is None
    assert not marker.exists()
