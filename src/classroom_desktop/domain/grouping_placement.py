"""The second step of suggesting groups: placing students into the planned groups, keep-together
sets as one unit, honouring keep-apart pairs, the size limit and the spreading of accommodations."""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass, field

from classroom_desktop.domain.grouping_plan import Plan, PlannedGroup
from classroom_desktop.domain.words import ENGLISH, N_, Words

__all__ = ["PlacedGroup", "Placer", "build_units", "join_names"]


def join_names(names: Sequence[str], say: Words = ENGLISH) -> str:
    """ "Ana", "Ana and Bo", "Ana, Bo and Cy"."""
    if len(names) <= 1:
        return "".join(names)
    return say.gettext(N_("{names} and {last}")).format(names=", ".join(names[:-1]), last=names[-1])


@dataclass(eq=False)
class PlacedGroup:
    planned: PlannedGroup
    members: list[str] = field(default_factory=list)


class Placer:
    """Places units (lists of student ids) into the planned groups, one at a time."""

    def __init__(self, plan: Plan, max_size: int | None, apart: dict[str, set[str]],
                 accommodations: Set[str], spread: bool) -> None:
        self.plan = plan
        self.groups = [PlacedGroup(g) for g in plan.groups]
        self.max_size = max_size
        self.apart = apart
        self.accommodations = accommodations
        self.spread = spread
        self.extra_for_apart: list[tuple[list[str], list[str]]] = []
        self.extra_for_size = 0

    def _cost(self, unit: list[str], group: PlacedGroup) -> tuple[float, int, float, int]:
        distance = sum(self.plan.distance(sid, group.planned) for sid in unit)
        accommodated = 0
        if self.spread and any(sid in self.accommodations for sid in unit):
            accommodated = sum(1 for sid in group.members if sid in self.accommodations)
        fill = len(group.members) / max(group.planned.target, 1)
        return (round(distance, 9), accommodated, fill, self.groups.index(group))

    def _clone(self, unit: list[str]) -> PlacedGroup:
        best = min(self.groups, key=lambda g: (round(sum(self.plan.distance(s, g.planned) for s in unit), 9),
                                               self.groups.index(g)))
        clone = PlacedGroup(best.planned)
        self.groups.insert(self.groups.index(best) + 1, clone)
        return clone

    def place(self, unit: list[str]) -> None:
        allowed = [g for g in self.groups
                   if not any(other in self.apart.get(sid, ()) for sid in unit for other in g.members)]
        limit = self.max_size
        if limit is not None and len(unit) > limit:
            fitting = [g for g in allowed if not g.members]
        else:
            fitting = [g for g in allowed if limit is None or len(g.members) + len(unit) <= limit]
        if fitting:
            target = min(fitting, key=lambda g: self._cost(unit, g))
        else:
            target = self._clone(unit)
            if allowed:
                self.extra_for_size += 1
            else:
                partners = [other for g in self.groups for other in g.members
                            if any(other in self.apart.get(sid, ()) for sid in unit)]
                self.extra_for_apart.append((unit, partners))
        target.members.extend(unit)


def build_units(order: dict[str, int], keep_together: Sequence[Set[str] | tuple[str, ...]],
                apart: dict[str, set[str]],
                 name_of: dict[str, str], unmet: list[str], say: Words = ENGLISH) -> list[list[str]]:
    """Union keep-together sets into units, skipping a set that would join a keep-apart pair."""
    parent = {sid: sid for sid in order}

    def root(sid: str) -> str:
        while parent[sid] != sid:
            parent[sid] = parent[parent[sid]]
            sid = parent[sid]
        return sid

    for wanted in keep_together:
        members = sorted((sid for sid in set(wanted) if sid in order), key=order.__getitem__)
        if len(members) < 2:
            continue
        roots = {root(sid) for sid in members}
        joined = [sid for sid in order if root(sid) in roots]
        clash = next(((a, b) for a in joined for b in joined if b in apart.get(a, ())), None)
        if clash is not None:
            text = say.gettext(N_("Could not keep {names} together: {pair} must be kept apart."))
            unmet.append(text.format(names=join_names([name_of[s] for s in members], say),
                                     pair=join_names([name_of[clash[0]], name_of[clash[1]]], say)))
            continue
        first = root(members[0])
        for sid in members[1:]:
            parent[root(sid)] = first
    units: dict[str, list[str]] = {}
    for sid in order:
        units.setdefault(root(sid), []).append(sid)
    return list(units.values())
