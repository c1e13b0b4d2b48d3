"""Suggested groups for a lesson, from readiness on one focus standard or mastery on several.

The result is deterministic: the same input always gives the same groups. Planning happens in
two steps: first a plan (which groups, how large, who belongs where by readiness or mastery),
then placement of students, keep-together sets as one unit, honouring keep-apart pairs, the
size limit and the spreading of students with accommodations.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field

from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.types import Readiness, ReadinessResult
from classroom_desktop.domain.words import ENGLISH, N_, Words

__all__ = ["DEFAULT_MAX_SIZE", "GroupingOptions", "GroupingResult", "SuggestedGroup", "suggest_groups"]

#: The largest group a teacher gets unless they choose another limit (small groups a teacher can run).
DEFAULT_MAX_SIZE = 6


@dataclass
class GroupingOptions:
    """What the teacher asked for. ``group_count`` None: one group per readiness category."""

    group_count: int | None = None
    max_size: int | None = None
    balanced: bool = True
    keep_apart: Sequence[tuple[str, str]] = ()
    keep_together: Sequence[frozenset[str] | set[str] | tuple[str, ...]] = ()
    spread_accommodations: bool = False


@dataclass
class SuggestedGroup:
    name: str
    readiness: Readiness | None
    student_ids: list[str]
    activity: str
    teacher_led: bool
    #: Why each student is in this group, in words a teacher reads on the card.
    reasons: dict[str, str] = field(default_factory=dict)


@dataclass
class GroupingResult:
    """The groups, and a sentence for each request that could not be honoured."""

    groups: list[SuggestedGroup]
    unmet: list[str] = field(default_factory=list)
    #: What the teacher should know about the groups (a student placed alone-at-a-level, …).
    notes: list[str] = field(default_factory=list)


_CATEGORY_ORDER = (Readiness.FOUNDATIONS, Readiness.RETEACH, Readiness.PRACTICE, Readiness.EXTEND)
_CATEGORY_TEXT: dict[Readiness, tuple[str, str, bool]] = {
    Readiness.FOUNDATIONS: (N_("Foundations"), N_("Prerequisite work with the teacher"), True),
    Readiness.RETEACH: (N_("Reteach"), N_("Small-group reteach with the teacher"), True),
    Readiness.PRACTICE: (N_("Practice"), N_("Independent practice"), False),
    Readiness.EXTEND: (N_("Extend"), N_("Extension task"), False),
}


@dataclass(frozen=True)
class _PlannedGroup:
    """A group the plan wants; students whose home is ``home`` belong in it."""

    name: str
    readiness: Readiness | None
    activity: str
    teacher_led: bool
    target: int
    center: tuple[float, ...]
    home: int


@dataclass
class _Plan:
    groups: list[_PlannedGroup]
    positions: dict[str, tuple[float, ...]]
    homes: dict[str, int]
    forced_by_size: bool
    number_always: bool = False
    #: Students alone in their readiness category, placed with the nearest group: sid -> its name.
    lone: dict[str, str] = field(default_factory=dict)

    def distance(self, sid: str, group: _PlannedGroup) -> float:
        """0 for the student's own group, else how far the group's centre is from the student."""
        if self.homes[sid] == group.home:
            return 0.0
        return max(math.dist(self.positions[sid], group.center), 1e-6)


def _split(total: int, parts: int, max_size: int | None, balanced: bool) -> list[int]:
    """Sizes of ``parts`` groups holding ``total`` students: even, or filled up to ``max_size``."""
    if balanced or max_size is None:
        return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]
    sizes: list[int] = []
    left = total
    for i in range(parts):
        size = min(max_size, left - (parts - i - 1))
        sizes.append(size)
        left -= size
    return sizes


def _plan_by_readiness(ids: list[str], readiness: Mapping[str, ReadinessResult], group_count: int | None,
                       max_size: int | None, balanced: bool, say: Words = ENGLISH) -> _Plan:
    rank = {sid: _CATEGORY_ORDER.index(readiness[sid].readiness if sid in readiness else Readiness.RETEACH)
            for sid in ids}
    present = sorted({r for r in rank.values()})
    # With a size limit, in a class larger than one group, a student alone in a category joins the
    # nearest category (the more supported one on a tie) and is flagged for one-to-one time,
    # rather than making a group of one.
    lone: dict[str, int] = {}
    for c in present:
        alone = [sid for sid in ids if rank[sid] == c]
        others = [o for o in present if o != c and o not in lone.values()]
        if len(alone) == 1 and others and max_size is not None and len(ids) > max_size:
            lone[alone[0]] = min(others, key=lambda o: (abs(o - c), o))
    home_rank = {sid: lone.get(sid, r) for sid, r in rank.items()}
    blocks = [[c] for c in range(4) if any(r == c for r in home_rank.values())]
    if group_count is not None:
        while len(blocks) > max(group_count, 1):
            sizes = [sum(1 for r in home_rank.values() if r in b) for b in blocks]
            i = min(range(len(blocks) - 1), key=lambda j: (sizes[j] + sizes[j + 1], j))
            blocks[i:i + 2] = [blocks[i] + blocks[i + 1]]
    members = [[sid for sid in ids if home_rank[sid] in block] for block in blocks]
    parts = [math.ceil(len(m) / max_size) if max_size else 1 for m in members]
    forced = group_count is not None and sum(parts) > group_count
    while group_count is not None and sum(parts) < group_count:
        open_blocks = [i for i in range(len(blocks)) if parts[i] < len(members[i])]
        if not open_blocks:
            break
        i = max(open_blocks, key=lambda j: (len(members[j]) / parts[j], -j))
        parts[i] += 1
    groups: list[_PlannedGroup] = []
    homes: dict[str, int] = {}
    names: dict[int, str] = {}
    for home, (block, people) in enumerate(zip(blocks, members, strict=True)):
        texts = [(say.gettext(name), say.gettext(activity), led)
                 for name, activity, led in (_CATEGORY_TEXT[_CATEGORY_ORDER[c]] for c in block)]
        center = (sum(home_rank[sid] for sid in people) / len(people),)
        name = " & ".join(t[0] for t in texts)
        if len(texts) > 2:
            name = say.gettext(N_("{first} to {last}")).format(first=texts[0][0], last=texts[-1][0])
        for size in _split(len(people), parts[home], max_size, balanced):
            groups.append(_PlannedGroup(
                name=name,
                readiness=_CATEGORY_ORDER[block[0]] if len(block) == 1 else None,
                activity="; ".join(t[1] for t in texts),
                teacher_led=any(t[2] for t in texts),
                target=size, center=center, home=home))
        homes.update({sid: home for sid in people})
        names.update({c: name for c in block})
    return _Plan(groups, {sid: (float(home_rank[sid]),) for sid in ids}, homes, forced,
                 lone={sid: names[host] for sid, host in lone.items()})


def _kmeans(points: dict[str, tuple[float, ...]], k: int) -> list[list[str]]:
    """Deterministic k-means: farthest-point start from the lowest mean, ties by id."""
    by_id = sorted(points)
    first = min(by_id, key=lambda s: (sum(points[s]) / len(points[s]), s))
    centers = [points[first]]
    while len(centers) < k:
        far = max(by_id, key=lambda s: (min(math.dist(points[s], c) for c in centers), -by_id.index(s)))
        centers.append(points[far])
    assignment: dict[str, int] = {}
    for _ in range(100):
        new = {s: min(range(k), key=lambda c: (math.dist(points[s], centers[c]), c)) for s in by_id}
        if new == assignment:
            break
        assignment = new
        for c in range(k):
            mine = [points[s] for s in by_id if assignment[s] == c]
            if mine:
                centers[c] = tuple(sum(axis) / len(mine) for axis in zip(*mine, strict=True))
    return [[s for s in by_id if assignment[s] == c] for c in range(k)]


def _plan_by_mastery(ids: list[str], mastery: Mapping[str, Sequence[float | None]], group_count: int | None,
                     max_size: int | None, balanced: bool, say: Words = ENGLISH) -> _Plan:
    dim = max((len(mastery.get(sid, ())) for sid in ids), default=1) or 1
    points: dict[str, tuple[float, ...]] = {}
    for sid in ids:
        values = list(mastery.get(sid, ()))
        values += [None] * (dim - len(values))
        points[sid] = tuple(1.0 if v is None else float(v) for v in values)
    n = len(ids)
    k = group_count if group_count is not None else (math.ceil(n / max_size) if max_size else min(4, n))
    forced = False
    if max_size is not None and k < math.ceil(n / max_size):
        k = math.ceil(n / max_size)
        forced = group_count is not None
    k = max(1, min(k, n))
    if balanced:
        ordered = sorted(ids, key=lambda s: (sum(points[s]) / dim, s))
        clusters, start = [], 0
        for size in _split(n, k, max_size, True):
            clusters.append(ordered[start:start + size])
            start += size
    else:
        clusters = [c for c in _kmeans(points, k) if c]

    def centroid(cluster: list[str]) -> tuple[float, ...]:
        return tuple(sum(points[s][d] for s in cluster) / len(cluster) for d in range(dim))

    clusters.sort(key=lambda c: (sum(centroid(c)) / dim, min(c)))
    groups: list[_PlannedGroup] = []
    homes: dict[str, int] = {}
    for home, cluster in enumerate(clusters):
        if home == 0 and len(clusters) >= 2:
            activity, led = _CATEGORY_TEXT[Readiness.RETEACH][1:]
        elif home == len(clusters) - 1 and len(clusters) >= 3:
            activity, led = _CATEGORY_TEXT[Readiness.EXTEND][1:]
        else:
            activity, led = _CATEGORY_TEXT[Readiness.PRACTICE][1:]
        groups.append(_PlannedGroup(say.gettext(N_("Group")), None, say.gettext(activity), led, len(cluster),
                                    centroid(cluster), home))
        homes.update({sid: home for sid in cluster})
    return _Plan(groups, points, homes, forced, number_always=True)


def _names(names: Sequence[str], say: Words = ENGLISH) -> str:
    """ "Ana", "Ana and Bo", "Ana, Bo and Cy"."""
    if len(names) <= 1:
        return "".join(names)
    return say.gettext(N_("{names} and {last}")).format(names=", ".join(names[:-1]), last=names[-1])


@dataclass(eq=False)
class _Group:
    planned: _PlannedGroup
    members: list[str] = field(default_factory=list)


class _Placer:
    """Places units (lists of student ids) into the planned groups, one at a time."""

    def __init__(self, plan: _Plan, max_size: int | None, apart: dict[str, set[str]],
                 accommodations: Set[str], spread: bool) -> None:
        self.plan = plan
        self.groups = [_Group(g) for g in plan.groups]
        self.max_size = max_size
        self.apart = apart
        self.accommodations = accommodations
        self.spread = spread
        self.extra_for_apart: list[tuple[list[str], list[str]]] = []
        self.extra_for_size = 0

    def _cost(self, unit: list[str], group: _Group) -> tuple[float, int, float, int]:
        distance = sum(self.plan.distance(sid, group.planned) for sid in unit)
        accommodated = 0
        if self.spread and any(sid in self.accommodations for sid in unit):
            accommodated = sum(1 for sid in group.members if sid in self.accommodations)
        fill = len(group.members) / max(group.planned.target, 1)
        return (round(distance, 9), accommodated, fill, self.groups.index(group))

    def _clone(self, unit: list[str]) -> _Group:
        best = min(self.groups, key=lambda g: (round(sum(self.plan.distance(s, g.planned) for s in unit), 9),
                                               self.groups.index(g)))
        clone = _Group(best.planned)
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


def _build_units(order: dict[str, int], options: GroupingOptions, apart: dict[str, set[str]],
                 name_of: dict[str, str], unmet: list[str], say: Words = ENGLISH) -> list[list[str]]:
    """Union keep-together sets into units, skipping a set that would join a keep-apart pair."""
    parent = {sid: sid for sid in order}

    def root(sid: str) -> str:
        while parent[sid] != sid:
            parent[sid] = parent[parent[sid]]
            sid = parent[sid]
        return sid

    for wanted in options.keep_together:
        members = sorted((sid for sid in set(wanted) if sid in order), key=order.__getitem__)
        if len(members) < 2:
            continue
        roots = {root(sid) for sid in members}
        joined = [sid for sid in order if root(sid) in roots]
        clash = next(((a, b) for a in joined for b in joined if b in apart.get(a, ())), None)
        if clash is not None:
            text = say.gettext(N_("Could not keep {names} together: {pair} must be kept apart."))
            unmet.append(text.format(names=_names([name_of[s] for s in members], say),
                                     pair=_names([name_of[clash[0]], name_of[clash[1]]], say)))
            continue
        first = root(members[0])
        for sid in members[1:]:
            parent[root(sid)] = first
    units: dict[str, list[str]] = {}
    for sid in order:
        units.setdefault(root(sid), []).append(sid)
    return list(units.values())


def suggest_groups(
    students: Sequence[tuple[str, str]],
    readiness: Mapping[str, ReadinessResult],
    options: GroupingOptions,
    accommodations: Set[str] = frozenset(),
    mastery: Mapping[str, Sequence[float | None]] | None = None,
    say: Words = ENGLISH,
) -> GroupingResult:
    """Suggest groups for a lesson.

    Args:
        students: (id, display name) of every student to place, in class order.
        readiness: Readiness on the single focus standard by student id (a student without one
            counts as Reteach). Not used when ``mastery`` is given.
        options: Group count, size limit and the teacher's constraints.
        accommodations: Ids of students with accommodations (spread out if asked).
        mastery: For several focus standards: mastery values per focus standard by student id
            (None, or a missing student, counts as the scale minimum 1). Students are grouped by
            similar mastery, "Group 1" being the lowest.
        say: The language of the groups' names, activities, reasons and notes (English by default).

    Raises:
        UserError: for a group count or size limit below 1.
    """
    if options.group_count is not None and options.group_count < 1:
        raise UserError("The number of groups must be at least 1.")
    if options.max_size is not None and options.max_size < 1:
        raise UserError("The largest group size must be at least 1.")
    name_of: dict[str, str] = {}
    for sid, name in students:
        name_of.setdefault(sid, name)
    order = {sid: index for index, sid in enumerate(name_of)}
    if not order:
        return GroupingResult([], [])
    apart: dict[str, set[str]] = {}
    for a, b in options.keep_apart:
        if a in order and b in order and a != b:
            apart.setdefault(a, set()).add(b)
            apart.setdefault(b, set()).add(a)

    unmet: list[str] = []
    units = _build_units(order, options, apart, name_of, unmet, say)
    ids = list(order)
    if mastery is not None:
        plan = _plan_by_mastery(ids, mastery, options.group_count, options.max_size, options.balanced, say)
    else:
        plan = _plan_by_readiness(ids, readiness, options.group_count, options.max_size, options.balanced,
                                  say)

    placer = _Placer(plan, options.max_size, apart, accommodations, options.spread_accommodations)
    spread_first = options.spread_accommodations
    units.sort(key=lambda u: (-len(u), not (spread_first and any(s in accommodations for s in u)),
                              order[u[0]]))
    for unit in units:
        if options.max_size is not None and len(unit) > options.max_size:
            text = say.gettext(N_("Kept {names} together as asked, so their group has more than {size} "
                                  "students."))
            unmet.append(text.format(names=_names([name_of[s] for s in unit], say), size=options.max_size))
        placer.place(unit)
    for unit, partners in placer.extra_for_apart:
        who = [name_of[s] for s in unit]
        text = N_("Made an extra group so that {names} are not in the same group as {others}.")
        if len(who) == 1:
            text = N_("Made an extra group so that {names} is not in the same group as {others}.")
        others = _names([name_of[s] for s in sorted(partners, key=order.__getitem__)], say)
        unmet.append(say.gettext(text).format(names=_names(who, say), others=others))

    groups = [g for g in placer.groups if g.members]
    wanted = options.group_count
    if wanted is not None and len(groups) != wanted:
        if len(order) < wanted:
            text = say.gettext(N_("Made {made} groups instead of {wanted}: there are only {count} students."))
            unmet.append(text.format(made=len(groups), wanted=wanted, count=len(order)))
        elif options.max_size is not None and (plan.forced_by_size or placer.extra_for_size):
            text = say.gettext(N_("Made {made} groups instead of {wanted} so that no group is larger than "
                                  "{size}."))
            unmet.append(text.format(made=len(groups), wanted=wanted, size=options.max_size))
    named = _named(groups, order, plan.number_always)
    for group, suggested in zip(groups, named, strict=True):
        for sid in suggested.student_ids:
            suggested.reasons[sid] = _reason(sid, group, plan, readiness, mastery is not None, say)
    notes = []
    for sid, host in plan.lone.items():
        own = say.gettext(readiness[sid].readiness.label if sid in readiness else Readiness.RETEACH.label)
        text = say.gettext(N_("{name} is the only one at {level}: placed with {group}, the nearest group. "
                              "Plan some one-to-one time."))
        notes.append(text.format(name=name_of[sid], level=own, group=host))
    return GroupingResult(named, unmet, notes)


def _reason(sid: str, group: _Group, plan: _Plan, readiness: Mapping[str, ReadinessResult],
            by_mastery: bool, say: Words = ENGLISH) -> str:
    """Why ``sid`` is in ``group``: its readiness and the reason for it, or what moved it there."""
    if by_mastery:
        why = say.gettext(N_("Similar mastery on the focus standards"))
    elif sid in readiness:
        why = f"{say.gettext(readiness[sid].readiness.label)}: {readiness[sid].reason}"
    else:
        why = say.gettext(N_("No readiness yet (counts as Reteach)"))
    if sid in plan.lone:
        lone = say.gettext(N_("The only one at this level: with the nearest group; one-to-one time"))
        return f"{why}. {lone}"
    if plan.homes[sid] != group.planned.home:
        moved = say.gettext(N_("Placed here to honour keep apart / keep together or the size limit"))
        return f"{why}. {moved}"
    return why


def _named(groups: list[_Group], order: dict[str, int], number_always: bool) -> list[SuggestedGroup]:
    """Number groups that share a name ("Practice 1", "Practice 2"); members in class order."""
    totals: dict[str, int] = {}
    for group in groups:
        totals[group.planned.name] = totals.get(group.planned.name, 0) + 1
    seen: dict[str, int] = {}
    result: list[SuggestedGroup] = []
    for group in groups:
        base = group.planned.name
        seen[base] = seen.get(base, 0) + 1
        name = f"{base} {seen[base]}" if totals[base] > 1 or number_always else base
        p = group.planned
        members = sorted(group.members, key=order.__getitem__)
        result.append(SuggestedGroup(name, p.readiness, members, p.activity, p.teacher_led))
    return result

