"""Drafting a student's learning plan: which standards next, by when, through which activities.

Pure functions over plain values. A draft lists the standards the student has not mastered:
first those whose prerequisites are all mastered (ready now), in learning-path order, then those
still waiting on a prerequisite (marked with what they wait on). Target dates are spread between
a start and an end date at the class's pace; activities come from the class's library, chosen by
the student's readiness (their level on the standard falls in the activity's level range) and
interests (tag matches). Re-drafting keeps every field the teacher changed and proposes the rest.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.paths import path_order
from classroom_desktop.domain.scale import as_shown
from classroom_desktop.domain.school_calendar import SchoolCalendar
from classroom_desktop.domain.types import StandardInfo
from classroom_desktop.domain.words import N_

__all__ = [
    "STATUSES",
    "STATUS_LABELS",
    "ActivityInfo",
    "DraftStep",
    "choose_activities",
    "draft_steps",
    "effective_status",
    "interest_words",
    "next_standards",
    "spread_dates",
]

#: Step statuses in the order a student moves through them.
STATUSES: tuple[str, ...] = ("not_started", "working", "ready", "mastered")
STATUS_LABELS: dict[str, str] = {
    "not_started": "Not started",
    "working": "Working on it",
    "ready": "Ready to be assessed",
    "mastered": "Mastered",
}
#: Fields of a step the teacher can change; an edited one is kept when the plan is drafted again.
EDITABLE_FIELDS: tuple[str, ...] = ("target_on", "status", "activity_ids", "notes", "position")
#: Marks a step the teacher added by hand (kept on re-draft even if the draft would not propose it).
ADDED = "added"


@dataclass(frozen=True)
class ActivityInfo:
    """An activity from the class's library."""

    id: str
    title: str
    standard_ids: tuple[str, ...] = ()
    level_min: float = 1.0
    level_max: float = 4.0
    tags: tuple[str, ...] = ()
    materials: str = ""
    link: str = ""


@dataclass(frozen=True)
class DraftStep:
    """One step of a plan. ``step_id`` is None for a newly proposed step.

    ``waiting_on`` names prerequisites (by id) not mastered yet; ``edited_fields`` the fields the
    teacher changed (plus ``"added"`` for a step the teacher added).
    """

    standard_id: str
    target_on: date | None
    activity_ids: tuple[str, ...] = ()
    waiting_on: tuple[str, ...] = ()
    status: str = "not_started"
    notes: str = ""
    edited_fields: tuple[str, ...] = ()
    step_id: str | None = None


def effective_status(stored: str, mastered: bool) -> str:
    """The status a plan shows: "mastered" once the evidence says so, else what was set."""
    if mastered:
        return "mastered"
    return stored if stored in STATUSES else "not_started"


def next_standards(
    standards: Sequence[StandardInfo], mastered: Mapping[str, bool]
) -> list[tuple[StandardInfo, tuple[str, ...]]]:
    """Standards not yet mastered, each with the prerequisites it still waits on.

    Ready standards (nothing to wait on) come first in path order, then the waiting ones in
    path order. Prerequisites outside ``standards`` are ignored.
    """
    known = {s.id for s in standards}
    ready: list[tuple[StandardInfo, tuple[str, ...]]] = []
    waiting: list[tuple[StandardInfo, tuple[str, ...]]] = []
    for standard in path_order(standards):
        if mastered.get(standard.id, False):
            continue
        missing = tuple(
            p
            for p in dict.fromkeys(standard.prerequisites)
            if p in known and p != standard.id and not mastered.get(p, False)
        )
        (waiting if missing else ready).append((standard, missing))
    return ready + waiting


def spread_dates(
    start: date,
    end: date,
    count: int,
    steps_per_week: float | None = None,
    calendar: SchoolCalendar | None = None,
) -> list[date]:
    """Target dates for ``count`` steps, all between ``start`` and ``end`` (inclusive).

    With a pace (steps per week) the steps are that many days apart; if they would run past
    ``end`` they are squeezed evenly into the range instead. Without a pace they are spread evenly.
    A date that is not a school day (a weekend, or a holiday of the school ``calendar``) moves to
    the school day before, or else the one after, within the range.

    Raises:
        UserError: ``end`` is before ``start`` or the pace is not a positive number.
    """
    if end < start:
        raise UserError(
            N_("The plan ends ({end}) before it starts ({start}). Choose an end date after the start date."),
            end=end.isoformat(),
            start=start.isoformat(),
        )
    if steps_per_week is not None and not steps_per_week > 0:
        raise UserError(
            N_("The pace must be more than 0 steps a week (it was {pace})."), pace=f"{steps_per_week:g}"
        )
    if count <= 0:
        return []
    span = (end - start).days
    even = span / count
    gap = min(7 / steps_per_week, even) if steps_per_week else even
    dates = []
    calendar = calendar or SchoolCalendar()
    if calendar.closures:  # spread over the school days themselves, so a break does not pile steps up
        days = [start + timedelta(days=d) for d in range(1, span + 1)]
        days = [d for d in days if calendar.is_school_day(d)]
        if days:
            per_week = max(len(calendar.weekdays), 1)
            gap = len(days) / count
            if steps_per_week:
                gap = min(per_week / steps_per_week, gap)
            return [days[min(len(days) - 1, max(0, round(gap * (i + 1)) - 1))] for i in range(count)]
    for i in range(count):
        day = start + timedelta(days=round(gap * (i + 1)))
        day = min(day, end)
        dates.append(calendar.school_day_near(day, start, end))
    return dates


_WORDS = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)


def interest_words(interests: str) -> set[str]:
    """Words and comma-separated phrases of a learner's interests, case-folded."""
    text = interests.casefold()
    phrases = {p.strip() for p in re.split(r"[,;/\n]", text) if p.strip()}
    return phrases | set(_WORDS.findall(text))


def _tag_matches(activity: ActivityInfo, interests: set[str]) -> int:
    return sum(1 for tag in activity.tags if tag.strip().casefold() in interests)


def _distance(activity: ActivityInfo, level: float) -> float:
    if activity.level_min <= level <= activity.level_max:
        return 0.0
    return min(abs(level - activity.level_min), abs(level - activity.level_max))


def choose_activities(
    activities: Sequence[ActivityInfo], standard_id: str, level: float, interests: set[str], limit: int = 2
) -> tuple[str, ...]:
    """Up to ``limit`` activities for a standard at the student's level, their interests first.

    Activities whose level range holds ``level`` come first; among them those with more tags
    matching the interests. When none fits the level the closest ranges are used.
    """
    candidates = [a for a in activities if standard_id in a.standard_ids]
    ranked = sorted(
        candidates, key=lambda a: (_distance(a, level), -_tag_matches(a, interests), a.title.casefold(), a.id)
    )
    return tuple(a.id for a in ranked[:limit])


def _readiness_level(standard: StandardInfo, values: Mapping[str, float | None], floor: float) -> float:
    """The student's level for choosing activities: their mastery, or their prerequisites' lowest."""
    own = values.get(standard.id)
    if own is not None:
        return own
    prereq = [v for p in standard.prerequisites if (v := values.get(p)) is not None]
    return min(prereq) if prereq else floor


def _merge(proposal: DraftStep, old: DraftStep) -> DraftStep:
    """The proposal with every field the teacher edited taken from the old step."""
    kept = {
        f: getattr(old, f) for f in ("target_on", "status", "activity_ids", "notes") if f in old.edited_fields
    }
    return replace(proposal, step_id=old.step_id, edited_fields=old.edited_fields, **kept)


def draft_steps(
    standards: Sequence[StandardInfo],
    values: Mapping[str, float | None],
    cutoff: float,
    activities: Sequence[ActivityInfo],
    interests: str,
    start: date,
    end: date,
    steps_per_week: float | None = None,
    existing: Sequence[DraftStep] = (),
    lowest_level: float = 1.0,
    calendar: SchoolCalendar | None = None,
) -> list[DraftStep]:
    """Draft (or re-draft) a plan's steps.

    Args:
        standards: The class framework's standards with prerequisites.
        values: The student's mastery by standard id (None or missing: no evidence).
        cutoff: Mastery at or above this counts as mastered.
        activities: The class's activity library.
        interests: The learner profile's interests, as written.
        start, end: The plan's date range.
        steps_per_week: The class's pace (None: spread evenly over the range).
        existing: The plan's current steps, in their order. Steps with edits are kept (edited
            fields unchanged, the rest proposed again); steps without edits are replaced.
        lowest_level: The scale's lowest level (readiness when nothing is known).

    Returns:
        The steps in plan order.
    """
    mastered = {sid: v is not None and as_shown(v) >= cutoff for sid, v in values.items()}
    words = interest_words(interests)
    by_id = {s.id: s for s in standards}
    proposals: dict[str, DraftStep] = {}
    for standard, waiting in next_standards(standards, mastered):
        level = _readiness_level(standard, values, lowest_level)
        proposals[standard.id] = DraftStep(
            standard.id, None, choose_activities(activities, standard.id, level, words), waiting
        )
    rank = {sid: i for i, sid in enumerate(proposals)}
    kept_ids = {old.standard_id for old in existing if old.edited_fields}
    order: list[DraftStep] = [p for sid, p in proposals.items() if sid not in kept_ids]
    pinned: list[tuple[int, DraftStep]] = []
    for index, old in enumerate(existing):
        if not old.edited_fields:
            continue
        proposal = proposals.get(old.standard_id)
        if proposal is None:  # not proposed any more (mastered, or not in the framework): keep as it was
            waiting = ()
            if old.standard_id in by_id:
                waiting = tuple(
                    p
                    for p in by_id[old.standard_id].prerequisites
                    if not mastered.get(p, False) and p in by_id
                )
            proposal = replace(old, waiting_on=waiting)
        merged = _merge(proposal, old)
        if "position" in old.edited_fields:
            pinned.append((index, merged))
        else:
            # an edited step keeps its place among the proposals by path order
            mine = rank.get(old.standard_id, len(rank))
            at = sum(1 for p in order if rank.get(p.standard_id, -1) < mine)
            order.insert(at, merged)
    for index, step in sorted(pinned, key=lambda item: item[0]):
        order.insert(min(index, len(order)), step)
    dates = spread_dates(start, end, len(order), steps_per_week, calendar)
    return [
        step if "target_on" in step.edited_fields else replace(step, target_on=day)
        for step, day in zip(order, dates, strict=True)
    ]
