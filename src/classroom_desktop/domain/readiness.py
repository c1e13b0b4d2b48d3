"""Readiness of a student for a focus standard: foundations, reteach, practice or extend."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from classroom_desktop.domain.mastery import shown
from classroom_desktop.domain.types import MasteryCell, Readiness, ReadinessResult, StandardInfo
from classroom_desktop.domain.words import ENGLISH, N_, Words

__all__ = ["class_readiness", "format_day", "readiness_for"]


def format_day(day: date) -> str:
    """A date as a teacher reads it in a reason, e.g. "3 Oct" (in English)."""
    return ENGLISH.day_month(day)


def _latest(cell: MasteryCell, say: Words) -> str:
    """ "latest 4 on 3 Oct" (or without the date when it is unknown)."""
    if cell.latest_level is None:
        return say.gettext(N_("no latest level"))
    level = say.level(cell.latest_level)
    if cell.latest_date is None:
        return say.gettext(N_("latest {level}")).format(level=level)
    return say.gettext(N_("latest {level} on {day}")).format(level=level, day=say.day_month(cell.latest_date))


def _is_mastered(cell: MasteryCell | None, cutoff: float) -> bool:
    """Mastered when there is evidence and the value as shown reaches the cut-off (or the method says so)."""
    return cell is not None and cell.value is not None and (shown(cell.value) >= cutoff or cell.mastered)


def _join_codes(codes: Sequence[str]) -> str:
    return ", ".join(codes)


def _foundations_reason(low: list[tuple[str, float]], unassessed: list[str], say: Words) -> str:
    parts: list[str] = []
    if len(low) == 1:
        code, value = low[0]
        text = say.gettext(N_("Prerequisite {code} not mastered ({value})"))
        parts.append(text.format(code=say.isolate(code), value=say.mastery(value)))
    elif low:
        listed = ", ".join(f"{say.isolate(code)} ({say.mastery(value)})" for code, value in low)
        parts.append(say.gettext(N_("Prerequisites {codes} not mastered")).format(codes=listed))
    if unassessed:
        if len(unassessed) == 1:
            text = N_("Prerequisite {codes} not yet assessed")
            if parts:
                text = N_("prerequisite {codes} not yet assessed")
        else:
            text = N_("Prerequisites {codes} not yet assessed")
            if parts:
                text = N_("prerequisites {codes} not yet assessed")
        parts.append(say.gettext(text).format(codes=_join_codes([say.isolate(c) for c in unassessed])))
    return "; ".join(parts)


def readiness_for(
    student_id: str,
    focus: StandardInfo,
    cells: Mapping[str, MasteryCell],
    standards_by_id: Mapping[str, StandardInfo],
    cutoff: float,
    top_level: float,
    extend_at: float | None = None,
    say: Words = ENGLISH,
) -> ReadinessResult:
    """Decide where one student stands on the focus standard, with a reason a teacher can read.

    Args:
        student_id: The student.
        focus: The day's focus standard.
        cells: This student's mastery by standard id; a missing standard means no evidence.
        standards_by_id: Standards by id, used to name prerequisites. Prerequisite ids that are
            not in it are ignored.
        cutoff: The mastery cut-off of the scale (e.g. 3 on a 1–4 scale).
        top_level: The highest level of the scale (e.g. 4).
        extend_at: Mastery at which a student is ready to extend; by default the midpoint between
            the cut-off and the top level (3.5 on a 1–4 scale with cut-off 3).
        say: The language the reason is written in (English by default).

    Returns:
        FOUNDATIONS when a direct prerequisite is not mastered; otherwise EXTEND when the focus
        mastery reaches ``extend_at`` and the latest level reaches the cut-off; PRACTICE when the
        focus is mastered or within one level of the cut-off; RETEACH otherwise (including no
        evidence on the focus).
    """
    threshold = (cutoff + top_level) / 2 if extend_at is None else extend_at
    low: list[tuple[str, float]] = []
    unassessed: list[str] = []
    missing: list[str] = []
    for prereq_id in dict.fromkeys(focus.prerequisites):
        prereq = standards_by_id.get(prereq_id)
        if prereq is None or prereq_id == focus.id:
            continue
        cell = cells.get(prereq_id)
        if _is_mastered(cell, cutoff):
            continue
        missing.append(prereq_id)
        if cell is None or cell.value is None:
            unassessed.append(prereq.code)
        else:
            low.append((prereq.code, cell.value))
    if missing:
        reason = _foundations_reason(low, unassessed, say)
        return ReadinessResult(student_id, focus.id, Readiness.FOUNDATIONS, reason, tuple(missing))

    cell = cells.get(focus.id)
    if cell is None or cell.value is None:
        reason = say.gettext(N_("No evidence yet on {code}")).format(code=say.isolate(focus.code))
        return ReadinessResult(student_id, focus.id, Readiness.RETEACH, reason)
    value = cell.value
    latest_ok = cell.latest_level is not None and cell.latest_level >= cutoff
    mastered = say.gettext(N_("Mastered ({value}); {latest}"))
    if shown(value) >= threshold and latest_ok:
        reason = mastered.format(value=say.mastery(value), latest=_latest(cell, say))
        return ReadinessResult(student_id, focus.id, Readiness.EXTEND, reason)
    if _is_mastered(cell, cutoff):
        reason = mastered.format(value=say.mastery(value), latest=_latest(cell, say))
        return ReadinessResult(student_id, focus.id, Readiness.PRACTICE, reason)
    if shown(value) >= cutoff - 1:
        close = say.gettext(N_("Close: {value}, {latest}"))
        reason = close.format(value=say.mastery(value), latest=_latest(cell, say))
        return ReadinessResult(student_id, focus.id, Readiness.PRACTICE, reason)
    latest = _latest(cell, say)
    reason = f"{latest[0].upper()}{latest[1:]} ({say.mastery(value)})"
    return ReadinessResult(student_id, focus.id, Readiness.RETEACH, reason)


class _Remembered:
    """``say``, remembering each level and day written out: a class's latest levels fall on a few
    values and a school year's days, and writing one out takes babel ~60 µs (Today's readiness)."""

    #: the most it remembers of each (a school year has some 200 days; levels are a few)
    LIMIT = 2048

    def __init__(self, say: Words) -> None:
        self._say = say
        self._levels: dict[float, str] = {}
        self._days: dict[date, str] = {}
        self.gettext, self.mastery, self.isolate = say.gettext, say.mastery, say.isolate

    def level(self, value: float) -> str:
        found = self._levels.get(value)
        if found is None:
            if len(self._levels) >= self.LIMIT:
                self._levels.clear()
            found = self._levels[value] = self._say.level(value)
        return found

    def day_month(self, day: date) -> str:
        found = self._days.get(day)
        if found is None:
            if len(self._days) >= self.LIMIT:
                self._days.clear()
            found = self._days[day] = self._say.day_month(day)
        return found


#: the words last remembered (one language at a time: the program's)
_remembered: list[_Remembered] = []


def _remembering(say: Words) -> _Remembered:
    if not _remembered or _remembered[0]._say is not say:
        _remembered[:] = [_Remembered(say)]
    return _remembered[0]


def class_readiness(
    student_ids: Sequence[str],
    focus: StandardInfo,
    cells_by_student: Mapping[str, Mapping[str, MasteryCell]],
    standards_by_id: Mapping[str, StandardInfo],
    cutoff: float,
    top_level: float,
    say: Words = ENGLISH,
) -> list[ReadinessResult]:
    """Readiness of every student on the focus standard, in the order of ``student_ids``.

    A student missing from ``cells_by_student`` has no evidence on anything.
    """
    w: Words = _remembering(say)
    return [
        readiness_for(sid, focus, cells_by_student.get(sid, {}), standards_by_id, cutoff, top_level, say=w)
        for sid in student_ids
    ]
