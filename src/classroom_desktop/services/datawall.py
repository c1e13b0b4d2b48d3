"""The data wall: a class's mastery by standard, the week's celebrations, growth, and anonymous codes.

Anonymous displays use each student's display code (chosen by the teacher). A student without
one gets a stable made-up code such as "Student 07": numbered in the order students joined the
class, ties broken by a hash of their id (never by name), skipping codes the teacher already uses.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING

from classroom_desktop.charts import datawall_data as dw
from classroom_desktop.domain.mastery import effective_evidence
from classroom_desktop.domain.types import Evidence
from classroom_desktop.i18n import _, ngettext, program_translator
from classroom_desktop.services.views import MasteryTable
from classroom_desktop.store.models import SchoolClass

if TYPE_CHECKING:
    from classroom_desktop.reports.poster import PosterData
    from classroom_desktop.services.classroom import Classroom

_EVIDENCE_SQL = (
    "SELECT id, student_id, standard_id, level, observed_on, entered_at, kind, note, supersedes_id "
    "FROM evidence WHERE deleted = 0 AND student_id IN ({students})"
)
#: The evidence of the cells that have some observed after a day (the week's celebrations).
_RECENT_SQL = (
    "WITH recent AS (SELECT DISTINCT student_id, standard_id FROM evidence "
    "WHERE deleted = 0 AND student_id IN ({students}) AND observed_on > ?) "
    "SELECT e.id, e.student_id, e.standard_id, e.level, e.observed_on, e.entered_at, e.kind, e.note, "
    "e.supersedes_id FROM recent r JOIN evidence e "
    "ON e.student_id = r.student_id AND e.standard_id = r.standard_id WHERE e.deleted = 0"
)
#: How far back ``WallData.recent`` reaches: the week's celebrations and the week since Monday.
RECENT_DAYS = 7
_CLASS_STUDENTS_SQL = (
    "SELECT s.id, s.created_at, s.display_code FROM enrolment e JOIN student s ON s.id = e.student_id "
    "WHERE e.class_id = ? AND NOT e.deleted AND NOT s.deleted"
)


@dataclass(frozen=True)
class WallData:
    """Everything the data-wall page shows for one class on one day."""

    class_name: str
    today: date
    table: MasteryTable
    #: The evidence of the cells with some evidence observed in the week before ``today``: all
    #: that this week's (and since Monday's) newly mastered cells are worked out from.
    recent: list[Evidence]
    names: dict[str, str]  # student id -> display name
    codes: dict[str, str]  # student id -> display code (teacher's, or made up)
    newly: set[tuple[str, str]]  # (student id, standard id) mastered this week
    #: Reads all the class's evidence (``evidence``), when first asked for.
    read_evidence: Callable[[], list[Evidence]] = field(compare=False, repr=False, default=list)

    @cached_property
    def evidence(self) -> list[Evidence]:
        """All evidence rows of the class's students (corrections and withdrawals included), read
        when first asked for (the growth chart): 12,000 rows of two school years take longer to read
        than the rest of the wall."""
        return self.read_evidence()

    @property
    def evidence_read(self) -> bool:
        return "evidence" in self.__dict__

    @cached_property
    def evidence_by_cell(self) -> dict[tuple[str, str], list[Evidence]]:
        """The evidence grouped by (student id, standard id), made once when first asked for."""
        out: dict[tuple[str, str], list[Evidence]] = {}
        for e in self.evidence:
            out.setdefault((e.student_id, e.standard_id), []).append(e)
        return out

    def labels(self, anonymous: bool) -> dict[str, str]:
        return self.codes if anonymous else self.names

    def celebrations(self, anonymous: bool = False) -> list[tuple[str, list[str]]]:
        """(who, codes of standards newly mastered) for each student with something to celebrate."""
        codes = {s.id: s.code for s in self.table.standards}
        order = [s.id for s in self.table.standards]
        labels = self.labels(anonymous)
        out = []
        for sid in dw.sort_students(self.table, dw.SORT_NAME, labels if anonymous else None):
            mine = sorted((std for who, std in self.newly if who == sid), key=order.index)
            if mine:
                out.append((labels[sid], [codes[s] for s in mine]))
        return out


def _evidence(row: tuple[object, ...], days: dict[object, date] | None = None) -> Evidence:
    """An evidence row as read by ``_EVIDENCE_SQL``; ``days`` keeps the dates already read
    (a class's two years of evidence fall on a few hundred days)."""
    eid, sid, std, level, observed, entered, kind, note, supersedes = row
    day = None if days is None else days.get(observed)
    if day is None:
        day = date.fromisoformat(str(observed)[:10])
        if days is not None:
            days[observed] = day
    return Evidence(str(eid), str(sid), str(std), None if level is None else float(level),  # type: ignore[arg-type]
                    day, datetime.fromisoformat(str(entered)), str(kind),
                    str(note or ""), None if supersedes is None else str(supersedes))


def data_version(classroom: Classroom) -> int:
    """A number that grows with every write to the workspace, its own or one a sync brought.

    Every write logs its changes in the ``change`` table in the same transaction, and trimming
    that log never removes its newest row, so the log's last sequence number is the version:
    what was read at one version can be given again while the version stays the same.
    """
    with classroom.db.reading() as tx:
        found = tx.raw("SELECT max(seq) FROM change")
    return int(found[0][0] or 0) if found else 0


class KeptTables:
    """Classes' mastery tables, each read once and given again while no write was made since.

    Reading a table afresh takes tens of milliseconds on a secondary class (two years of
    evidence); a page that goes back to a class, or reads it again for the same view, keeps it here.
    """

    def __init__(self, classroom: Classroom, classes: int = 8) -> None:
        self._c = classroom
        self._classes = classes
        self._kept: dict[str, tuple[int, MasteryTable]] = {}  # class id -> (data version, table)

    def table(self, class_id: str) -> MasteryTable:
        version = data_version(self._c)
        kept = self._kept.get(class_id)
        if kept is not None and kept[0] == version:
            return kept[1]
        table = self._c.evidence.mastery_table(class_id)
        kept_now = [(k, v) for k, v in self._kept.items() if v[0] == version and k != class_id]
        self._kept = dict(kept_now[-(self._classes - 1):]) if self._classes > 1 else {}
        self._kept[class_id] = (version, table)
        return table


def made_up_codes(students: list[tuple[str, str, str]]) -> dict[str, str]:
    """Display codes for (id, created_at, teacher's code) rows: the teacher's, else "Student NN"."""
    taken = {code.strip().casefold() for _, _, code in students if code and code.strip()}
    ordered = sorted(students, key=lambda s: (s[1], hashlib.sha256(s[0].encode()).hexdigest()))
    width = max(2, len(str(len(students))))
    out: dict[str, str] = {}
    number = 0
    for sid, _name, code in ordered:
        if code and code.strip():
            out[sid] = code.strip()
            continue
        while True:
            number += 1
            candidate = f"Student {number:0{width}d}"
            if candidate.casefold() not in taken:
                break
        out[sid] = candidate
    return out


class DataWall:
    """Data for the data-wall page and the poster."""

    def __init__(self, classroom: Classroom) -> None:
        self._c = classroom
        #: (class id, day) -> (data version, the wall loaded then): what :meth:`load` read last.
        self._kept: dict[tuple[str, date], tuple[int, WallData]] = {}

    def data_version(self) -> int:
        return data_version(self._c)

    def display_codes(self, class_id: str) -> dict[str, str]:
        """Every student of the class (past ones too, so codes do not shift) -> their display code."""
        with self._c.db.reading() as tx:
            rows = tx.raw(_CLASS_STUDENTS_SQL, (class_id,))
        unique = {str(r[0]): (str(r[0]), str(r[1]), str(r[2] or "")) for r in rows}
        return made_up_codes(list(unique.values()))

    def class_evidence(self, table: MasteryTable, since: date | None = None) -> list[Evidence]:
        """All evidence rows (corrections and withdrawals included) of the table's students; with
        ``since``, only those of the cells with some evidence observed after that day."""
        ids = [s.id for s in table.students]
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        with self._c.db.reading() as tx:
            if since is None:
                rows = tx.raw(_EVIDENCE_SQL.format(students=marks), ids)
            else:
                rows = tx.raw(_RECENT_SQL.format(students=marks), [*ids, since.isoformat()])
        days: dict[object, date] = {}
        return [_evidence(r, days) for r in rows]

    def load(self, class_id: str, today: date | None = None) -> WallData:
        """The class's table, evidence, names, codes and this week's newly mastered cells.

        The wall read last for the class and day is given again while no write has been made
        since (see :meth:`data_version`): reading it afresh takes a class's whole mastery table and
        evidence (a tenth of a second for a secondary class; bench/secondary.py data wall).
        """
        today = today or self._c.clock.today()
        version = self.data_version()
        kept = self._kept.get((class_id, today))
        if kept is not None and kept[0] == version:
            return kept[1]
        wall = self._read(class_id, today)
        self._kept = {(class_id, today): (version, wall)}  # one class at a time: memory stays flat
        return wall

    def _read(self, class_id: str, today: date) -> WallData:
        table = self._c.evidence.mastery_table(class_id)
        with self._c.db.reading() as tx:
            class_name = tx.require(SchoolClass, class_id, "class").name
        # Only the cells with evidence this week can be newly mastered (dw.newly_mastered): their
        # evidence is read now, the rest when the growth chart asks for it.
        recent = self.class_evidence(table, today - timedelta(days=RECENT_DAYS))
        codes = self.display_codes(class_id)
        return WallData(
            class_name=class_name, today=today, table=table, recent=recent,
            names={s.id: s.display_name for s in table.students},
            codes={s.id: codes.get(s.id, "Student") for s in table.students},
            newly=dw.newly_mastered(table, recent, today, days=RECENT_DAYS),
            read_evidence=lambda: self.class_evidence(table),
        )

    def latest_evidence(self, student_id: str, standard_id: str,
                        wall: WallData | None = None) -> Evidence | None:
        """The newest evidence that counts for one cell (for the heatmap's tooltip)."""
        if wall is not None and wall.evidence_read:
            kept = effective_evidence(wall.evidence_by_cell.get((student_id, standard_id), []))
        else:
            kept = self._c.evidence.history(student_id, standard_id)
        return kept[-1] if kept else None

    def poster_data(self, class_id: str, anonymous: bool = False, today: date | None = None) -> PosterData:
        """What the poster prints. Anonymous posters hold display codes only, sorted by code."""
        from classroom_desktop.reports.poster import PosterData

        wall = self.load(class_id, today)
        labels = wall.labels(anonymous)
        order = dw.sort_students(wall.table, dw.SORT_NAME, labels if anonymous else None)
        heat = dw.heatmap_matrix(wall.table, labels, order, highlighted=wall.newly)
        counts = dw.level_counts(wall.table)
        codes = {s.id: s.code for s in wall.table.standards}
        position = {s.id: i for i, s in enumerate(wall.table.standards)}
        celebrations: dict[str, list[str]] = {}
        for sid, std in sorted(wall.newly, key=lambda k: position.get(k[1], 0)):
            celebrations.setdefault(sid, []).append(codes[std])
        since_monday = dw.newly_mastered(wall.table, wall.recent, wall.today, days=wall.today.weekday() + 1)
        strip = [(labels[sid], [codes[std] for std in sorted((b for a, b in since_monday if a == sid),
                                                              key=lambda k: position.get(k, 0))])
                 for sid in order if any(a == sid for a, _b in since_monday)]
        when = program_translator().date(wall.today)
        return PosterData(
            title=_("Data wall: {name}").format(name=wall.class_name),
            subtitle=ngettext(
                "Mastery by standard on {date} · {count} student",
                "Mastery by standard on {date} · {count} students",
                len(wall.table.students),
            ).format(date=when, count=len(wall.table.students)),
            heatmap=heat, counts=[counts[s.id] for s in wall.table.standards], celebrations=celebrations,
            statements=[s.statement for s in wall.table.standards], anonymous=anonymous, strip=strip,
        )


def datawall_of(classroom: Classroom) -> DataWall:
    """The classroom's DataWall (``classroom.datawall`` once the lead attaches it)."""
    found = getattr(classroom, "datawall", None)
    return found if isinstance(found, DataWall) else DataWall(classroom)
