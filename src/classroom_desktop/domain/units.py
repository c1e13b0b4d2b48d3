"""Units as problems (issue 17.1): progress toward a unit's end task, and peer helpers (17.2).

A unit is a unit-long problem: a driving problem, an end task and an ordered set of standards.
With each standard a student masters they are one step closer to the end task; a student is
ready for it when every standard of the unit is mastered. Pure functions: data in, data out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from classroom_desktop.domain.paths import all_prerequisites, path_order
from classroom_desktop.domain.types import StandardInfo


@dataclass(frozen=True)
class UnitProgress:
    """One student's progress toward a unit's end task."""

    mastered: tuple[str, ...]  #: ids of the unit's standards mastered, in unit order
    missing: tuple[str, ...]  #: ids of the unit's standards not mastered yet, in unit order

    @property
    def total(self) -> int:
        return len(self.mastered) + len(self.missing)

    @property
    def ready(self) -> bool:
        """Ready for the end task: every standard of the unit mastered (a unit needs at least one)."""
        return self.total > 0 and not self.missing


@dataclass(frozen=True)
class GroupProgress:
    """A group's progress: how many members mastered each standard, and who is ready."""

    members: tuple[str, ...]
    by_standard: tuple[tuple[str, int], ...]  #: (standard id, members who mastered it), unit order
    ready: tuple[str, ...]  #: members ready for the end task

    @property
    def all_mastered(self) -> int:
        """Standards every member of the group has mastered."""
        return sum(1 for _, count in self.by_standard if self.members and count == len(self.members))

    @property
    def missing(self) -> tuple[tuple[str, int], ...]:
        """(standard id, members who still need it), in unit order."""
        return tuple(
            (sid, len(self.members) - count) for sid, count in self.by_standard if count < len(self.members)
        )


def unit_order(standards: Sequence[StandardInfo], chosen: Iterable[str]) -> list[str]:
    """The chosen standards in learning-path order (each prerequisite before what needs it).

    Ids that are not among ``standards`` (deleted since) are dropped.
    """
    wanted = set(chosen)
    return [s.id for s in path_order(standards) if s.id in wanted]


def foundations(standards: Sequence[StandardInfo], unit_ids: Sequence[str]) -> list[str]:
    """Prerequisites of the unit's standards that are outside the unit, in learning-path order:
    what a student needs before starting the unit."""
    inside = set(unit_ids)
    needed: set[str] = set()
    for sid in unit_ids:
        needed |= all_prerequisites(standards, sid)
    return [s.id for s in path_order(standards) if s.id in needed - inside]


def progress(unit_ids: Sequence[str], mastered: Mapping[str, bool]) -> UnitProgress:
    """A student's progress: ``mastered`` maps a standard id to whether the student mastered it."""
    done = tuple(sid for sid in unit_ids if mastered.get(sid, False))
    return UnitProgress(done, tuple(sid for sid in unit_ids if not mastered.get(sid, False)))


def group_progress(unit_ids: Sequence[str], members: Mapping[str, UnitProgress]) -> GroupProgress:
    """A group's progress from its members' progress (``members``: student id → progress)."""
    counts = tuple((sid, sum(1 for p in members.values() if sid in p.mastered)) for sid in unit_ids)
    return GroupProgress(tuple(members), counts, tuple(m for m, p in members.items() if p.ready))


@dataclass(frozen=True)
class HelperPair:
    """A peer helper and the classmates who could ask them."""

    helper_id: str
    learner_ids: tuple[str, ...]


def pair_helpers(helpers: Sequence[str], learners: Sequence[str], most: int = 3) -> list[HelperPair]:
    """Pair each learner with a helper, in turn, most recent helpers first.

    No helper gets more than ``most`` learners unless there are too few helpers for everyone,
    in which case the learners are shared out as evenly as possible. A learner is never their
    own helper; helpers with no one to help are still listed (they can be asked).
    """
    helpers = [h for h in dict.fromkeys(helpers)]
    learners = [s for s in dict.fromkeys(learners) if s not in set(helpers)]
    if not helpers:
        return []
    per_helper = max(most, -(-len(learners) // len(helpers)))
    assigned: dict[str, list[str]] = {h: [] for h in helpers}
    turn = 0
    for learner in learners:
        for _ in range(len(helpers)):
            helper = helpers[turn % len(helpers)]
            turn += 1
            if len(assigned[helper]) < per_helper:
                assigned[helper].append(learner)
                break
    return [HelperPair(h, tuple(assigned[h])) for h in helpers]
