"""Choice boards: two to four activities a student may choose from for one step of a plan.

Pure functions. The options of a step are the activities the plan already names for it (the
draft's or the teacher's), then the library's other activities for the standard, ranked by how
well their level range fits the student's readiness and how many of their tags match the learner
profile's interests. Activities far from the student's level (more than one level away) are
only offered when nothing closer exists.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from classroom_desktop.domain.plans import ActivityInfo, interest_words

#: A choice board offers at least this many activities when the library has them.
MIN_CHOICES = 2
#: … and never more than this many (more is a menu, not a choice).
MAX_CHOICES = 4
#: How far (in levels) an activity's range may be from the student's level and still be offered.
REACH = 1.0


@dataclass(frozen=True)
class ChoiceOption:
    """One activity on a choice board, with the interests it matches (shown to the student)."""

    activity_id: str
    matched: tuple[str, ...] = ()


def distance(activity: ActivityInfo, level: float) -> float:
    """How far ``level`` lies outside the activity's level range (0 inside it)."""
    if activity.level_min <= level <= activity.level_max:
        return 0.0
    return min(abs(level - activity.level_min), abs(level - activity.level_max))


def matched_interests(activity: ActivityInfo, interests: str) -> tuple[str, ...]:
    """The activity's tags that the learner's interests mention, as the activity spells them."""
    words = interest_words(interests)
    return tuple(tag for tag in activity.tags if tag.strip().casefold() in words)


def readiness_level(own: float | None, prerequisites: Iterable[float | None], floor: float) -> float:
    """The level a step's activities should fit: the student's mastery, else their weakest prerequisite."""
    if own is not None:
        return own
    known = [v for v in prerequisites if v is not None]
    return min(known) if known else floor


def choice_options(
    activities: Sequence[ActivityInfo],
    standard_id: str,
    level: float,
    interests: str,
    planned: Sequence[str] = (),
) -> tuple[ChoiceOption, ...]:
    """The step's choice board: ``planned`` activities first, topped up to :data:`MAX_CHOICES`.

    Args:
        activities: The class's activity library.
        standard_id: The step's standard; only activities for it are added.
        level: The student's readiness level for the step (see :func:`readiness_level`).
        interests: The learner profile's interests, as written.
        planned: Activity ids the plan already names for the step (kept first, in order).
    """
    by_id = {a.id: a for a in activities}
    words = interest_words(interests)
    chosen = [by_id[a] for a in dict.fromkeys(planned) if a in by_id][:MAX_CHOICES]

    def rank(a: ActivityInfo) -> tuple[float, int, str, str]:
        return (distance(a, level), -sum(1 for t in a.tags if t.strip().casefold() in words),
                a.title.casefold(), a.id)

    others = sorted((a for a in activities if standard_id in a.standard_ids and a not in chosen), key=rank)
    near = [a for a in others if distance(a, level) <= REACH]
    far = [a for a in others if distance(a, level) > REACH]
    for pool, goal in ((near, MAX_CHOICES), (far, MIN_CHOICES)):
        for a in pool:
            if len(chosen) >= goal:
                break
            chosen.append(a)
    return tuple(ChoiceOption(a.id, matched_interests(a, interests)) for a in chosen)


def choice_counts(chosen: Iterable[str]) -> dict[str, int]:
    """How many steps chose each activity (empty picks ignored)."""
    return dict(Counter(a for a in chosen if a))

