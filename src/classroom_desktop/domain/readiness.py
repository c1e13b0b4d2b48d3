"""Readiness of a student for a focus standard: foundations, reteach, practice or extend."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from classroom_desktop.domain.mastery import display, shown
from classroom_desktop.domain.types import MasteryCell, Readiness, ReadinessResult, StandardInfo

__all__ = ["class_readiness", "format_day", "readiness_for"]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_day(day: date) -> str:
    """A date as a teacher reads it in a reason, e.g. "3 Oct" (no locale involved)."""
    return f"{day.day} {_MONTHS[day.month - 1]}"


def _level(level: float) -> str:
    """A level as entered: "4" for 4.0, "2.5" for 2.5."""
    rounded = shown(level)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"


def _latest(cell: MasteryCell) -> str:
    """ "latest 4 on 3 Oct" (or without the date when it is unknown)."""
    if cell.latest_level is None:
        return "no latest level"
    text = f"latest {_level(cell.latest_level)}"
    if cell.latest_date is not None:
        text += f" on {format_day(cell.latest_date)}"
    return text


def _is_mastered(cell: MasteryCell | None, cutoff: float) -> bool:
    """Mastered when there is evidence and the value as shown reaches the cut-off (or the method says so)."""
    return cell is not None and cell.value is not None and (shown(cell.value) >= cutoff or cell.mastered)


def _join_codes(codes: Sequence[str]) -> str:
    return ", ".join(codes)


def _foundations_reason(low: list[tuple[str, float]], unassessed: list[str]) -> str:
    parts: list[str] = []
    if len(low) == 1:
        code, value = low[0]
        parts.append(f"Prerequisite {code} not mastered ({display(value)})")
    elif low:
        listed = ", ".join(f"{code} ({display(value)})" for code, value in low)
        parts.append(f"Prerequisites {listed} not mastered")
    if unassessed:
        word = "Prerequisite" if len(unassessed) == 1 else "Prerequisites"
        if parts:
            word = word.lower()
        parts.append(f"{word} {_join_codes(unassessed)} not yet assessed")
    return "; ".join(parts)


def readiness_for(
    student_id: str,
    focus: StandardInfo,
    cells: Mapping[str, MasteryCell],
    standards_by_id: Mapping[str, StandardInfo],
    cutoff: float,
    top_level: float,
    extend_at: float | None = None,
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
        return ReadinessResult(
            student_id, focus.id, Readiness.FOUNDATIONS, _foundations_reason(low, unassessed), tuple(missing)
        )

    cell = cells.get(focus.id)
    if cell is None or cell.value is None:
        return ReadinessResult(student_id, focus.id, Readiness.RETEACH, f"No evidence yet on {focus.code}")
    value = cell.value
    latest_ok = cell.latest_level is not None and cell.latest_level >= cutoff
    if shown(value) >= threshold and latest_ok:
        reason = f"Mastered ({display(value)}); {_latest(cell)}"
        return ReadinessResult(student_id, focus.id, Readiness.EXTEND, reason)
    if _is_mastered(cell, cutoff):
        reason = f"Mastered ({display(value)}); {_latest(cell)}"
        return ReadinessResult(student_id, focus.id, Readiness.PRACTICE, reason)
    if shown(value) >= cutoff - 1:
        reason = f"Close: {display(value)}, {_latest(cell)}"
        return ReadinessResult(student_id, focus.id, Readiness.PRACTICE, reason)
    latest = _latest(cell)
    reason = f"{latest[0].upper()}{latest[1:]} ({display(value)})"
    return ReadinessResult(student_id, focus.id, Readiness.RETEACH, reason)


def class_readiness(
    student_ids: Sequence[str],
    focus: StandardInfo,
    cells_by_student: Mapping[str, Mapping[str, MasteryCell]],
    standards_by_id: Mapping[str, StandardInfo],
    cutoff: float,
    top_level: float,
) -> list[ReadinessResult]:
    """Readiness of every student on the focus standard, in the order of ``student_ids``.

    A student missing from ``cells_by_student`` has no evidence on anything.
    """
    return [
        readiness_for(sid, focus, cells_by_student.get(sid, {}), standards_by_id, cutoff, top_level)
        for sid in student_ids
    ]
