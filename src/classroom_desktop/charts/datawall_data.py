"""Pure computations behind the data wall: the heatmap matrix, level counts, growth and sorting.

Everything here takes a mastery table (students × standards with each cell's mastery) and, where
history matters, the class's evidence, and returns plain values. No matplotlib, no Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from classroom_desktop.domain.mastery import mastery_cell
from classroom_desktop.domain.types import Evidence, StandardInfo

if TYPE_CHECKING:
    from classroom_desktop.services.views import MasteryTable

SORT_NAME = "name"
SORT_OVERALL = "overall"

Cell = tuple[str, str]  # (student_id, standard_id)


@dataclass(frozen=True)
class StrandGroup:
    """A run of neighbouring heatmap columns that belong to one strand."""

    label: str
    start: int  # first column index
    stop: int  # one past the last column index


@dataclass(frozen=True)
class HeatmapData:
    """The numbers a heatmap shows: one row per student, one column per standard."""

    row_ids: list[str]
    row_labels: list[str]
    column_ids: list[str]
    column_labels: list[str]
    values: list[list[float | None]]
    groups: list[StrandGroup]
    level_values: list[int]
    level_labels: list[str]
    cutoff: float
    highlighted: set[Cell] = field(default_factory=set)

    def value(self, row: int, column: int) -> float | None:
        return self.values[row][column]


def standards_in(table: MasteryTable, strand_id: str | None = None) -> list[StandardInfo]:
    """The table's standards, all of them or only one strand's, in framework order."""
    if strand_id is None:
        return list(table.standards)
    return [s for s in table.standards if s.strand_id == strand_id]


def strand_groups(table: MasteryTable, standards: Sequence[StandardInfo]) -> list[StrandGroup]:
    """Runs of neighbouring standards in the same strand, labelled with the strand's name."""
    names = {s.id: (f"{s.code} {s.name}".strip() if s.code and s.code != s.name else s.name)
             for s in table.strands}
    groups: list[StrandGroup] = []
    for i, standard in enumerate(standards):
        label = names.get(standard.strand_id or "", "Other")
        if groups and groups[-1].label == label and groups[-1].stop == i:
            groups[-1] = StrandGroup(label, groups[-1].start, i + 1)
        else:
            groups.append(StrandGroup(label, i, i + 1))
    return groups


def overall_mastery(table: MasteryTable, student_id: str, standards: Sequence[StandardInfo] | None = None
                    ) -> tuple[int, float]:
    """How far a student is overall: (standards mastered, mean mastery value over assessed ones)."""
    standards = table.standards if standards is None else standards
    cells = [table.cell(student_id, s.id) for s in standards]
    values = [c.value for c in cells if c.value is not None]
    mean = sum(values) / len(values) if values else 0.0
    return sum(1 for c in cells if c.mastered), mean


def sort_students(table: MasteryTable, by: str = SORT_NAME, labels: Mapping[str, str] | None = None,
                  standards: Sequence[StandardInfo] | None = None) -> list[str]:
    """Student ids in display order.

    Args:
        table: The class's mastery table.
        by: ``"name"`` (by the label shown, else family name), ``"overall"`` (most standards
            mastered first, then highest mean) or a standard id (highest mastery on it first,
            students without evidence last).
        labels: What each row shows (names or display codes); sorting by name sorts these.
        standards: The standards that count for ``"overall"`` (e.g. one strand's).
    """
    students = list(table.students)
    if by == SORT_NAME:
        if labels is not None:
            students.sort(key=lambda s: (labels.get(s.id, "").casefold(), s.sort_key))
        else:
            students.sort(key=lambda s: s.sort_key)
        return [s.id for s in students]
    if by == SORT_OVERALL:
        def overall_key(s: object) -> tuple[int, float]:
            count, mean = overall_mastery(table, s.id, standards)  # type: ignore[attr-defined]
            return -count, -mean
        students.sort(key=lambda s: s.sort_key)
        students.sort(key=overall_key)
        return [s.id for s in students]
    if by not in {s.id for s in table.standards}:
        raise ValueError(f"cannot sort by {by!r}")
    students.sort(key=lambda s: s.sort_key)
    students.sort(key=lambda s: (table.cell(s.id, by).value is None, -(table.cell(s.id, by).value or 0.0)))
    return [s.id for s in students]


def heatmap_matrix(table: MasteryTable, labels: Mapping[str, str] | None = None,
                   order: Sequence[str] | None = None, strand_id: str | None = None,
                   highlighted: Iterable[Cell] = ()) -> HeatmapData:
    """The heatmap's rows (students, in ``order``), columns (standards) and mastery values."""
    standards = standards_in(table, strand_id)
    by_id = {s.id: s for s in table.students}
    row_ids = list(order) if order is not None else [s.id for s in table.students]
    row_labels = [labels[sid] if labels and sid in labels else by_id[sid].display_name for sid in row_ids]
    values = [[table.cell(sid, s.id).value for s in standards] for sid in row_ids]
    return HeatmapData(
        row_ids=row_ids, row_labels=row_labels, column_ids=[s.id for s in standards],
        column_labels=[s.code for s in standards], values=values, groups=strand_groups(table, standards),
        level_values=list(table.scale.values), level_labels=[lv.label for lv in table.scale.levels],
        cutoff=float(table.scale.cutoff), highlighted=set(highlighted),
    )


def level_index(value: float | None, level_values: Sequence[int]) -> int | None:
    """The index of the highest level at or below ``value`` (None for no evidence)."""
    if value is None:
        return None
    index = 0
    for i, level in enumerate(level_values):
        if value + 1e-9 >= level:
            index = i
    return index


def level_counts(table: MasteryTable, standards: Sequence[StandardInfo] | None = None
                 ) -> dict[str, list[int]]:
    """For each standard: how many students are at each level (lowest first), then how many have none."""
    standards = table.standards if standards is None else standards
    levels = table.scale.values
    out: dict[str, list[int]] = {}
    for standard in standards:
        counts = [0] * (len(levels) + 1)
        for student in table.students:
            index = level_index(table.cell(student.id, standard.id).value, levels)
            counts[len(levels) if index is None else index] += 1
        out[standard.id] = counts
    return out


def _by_cell(evidence: Iterable[Evidence], students: set[str], standards: set[str]
             ) -> dict[Cell, list[Evidence]]:
    out: dict[Cell, list[Evidence]] = {}
    for e in evidence:
        if e.student_id in students and e.standard_id in standards:
            out.setdefault((e.student_id, e.standard_id), []).append(e)
    return out


def mastered_as_of(table: MasteryTable, evidence: Iterable[Evidence], day: date) -> set[Cell]:
    """The cells that were mastered on ``day``, recomputed from the evidence observed up to then."""
    students = {s.id for s in table.students}
    standards = {s.id for s in table.standards}
    out: set[Cell] = set()
    for key, items in _by_cell(evidence, students, standards).items():
        upto = [e for e in items if e.observed_on <= day]
        if upto and mastery_cell(key[0], key[1], upto, table.config, table.scale).mastered:
            out.add(key)
    return out


def newly_mastered(table: MasteryTable, evidence: Iterable[Evidence], today: date,
                   days: int = 7) -> set[Cell]:
    """Cells mastered now but not ``days`` days ago: the week's celebrations."""
    since = today - timedelta(days=days)
    evidence = list(evidence)
    now = {key for key, cell in table.cells.items() if cell.mastered}
    # A cell with no evidence observed since then was, then, what it is now: only the others are
    # worked out again (on two years of evidence, a week touches few cells; bench/secondary.py).
    recent = {(e.student_id, e.standard_id) for e in evidence if e.observed_on > since} & now
    if not recent:
        return set()
    before = mastered_as_of(table, [e for e in evidence if (e.student_id, e.standard_id) in recent], since)
    return recent - before


def week_ends(first: date, today: date) -> list[date]:
    """Sundays from the week of ``first`` to the week of ``today``; the last one is ``today`` itself."""
    end = first + timedelta(days=6 - first.weekday())
    out: list[date] = []
    while end < today:
        out.append(end)
        end += timedelta(days=7)
    out.append(today)
    return out


def growth_per_week(table: MasteryTable, evidence: Iterable[Evidence], today: date) -> list[tuple[date, int]]:
    """(end of week, cells mastered by then) for every week from the first evidence to ``today``.

    Each cell's history is replayed once: its mastery is recomputed only at the weeks where new
    evidence arrived, with the class's own method, on the evidence observed up to that week.
    """
    students = {s.id for s in table.students}
    standards = {s.id for s in table.standards}
    cells = _by_cell(evidence, students, standards)
    dates = [e.observed_on for items in cells.values() for e in items if e.observed_on <= today]
    if not dates:
        return []
    ends = week_ends(min(dates), today)
    mastered_from: list[int] = [0] * (len(ends) + 1)  # difference array over the weeks
    for key, items in cells.items():
        state = False
        for w, end in enumerate(ends):
            upto = [e for e in items if e.observed_on <= end]
            if not upto:
                continue
            if w > 0 and not any(ends[w - 1] < e.observed_on <= end for e in items):
                continue  # nothing new this week: same as last week
            now = mastery_cell(key[0], key[1], upto, table.config, table.scale).mastered
            if now != state:
                mastered_from[w] += 1 if now else -1
                state = now
    out: list[tuple[date, int]] = []
    running = 0
    for w, end in enumerate(ends):
        running += mastered_from[w]
        out.append((end, running))
    return out
