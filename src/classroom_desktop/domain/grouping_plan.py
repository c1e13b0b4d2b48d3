"""The first step of suggesting groups: a plan of which groups there are, how large, and who
belongs where, by readiness on one focus standard or by mastery on several."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from classroom_desktop.domain.types import Readiness, ReadinessResult
from classroom_desktop.domain.words import ENGLISH, N_, Words

__all__ = ["CATEGORY_ORDER", "CATEGORY_TEXT", "Plan", "PlannedGroup", "plan_by_mastery", "plan_by_readiness"]

CATEGORY_ORDER = (Readiness.FOUNDATIONS, Readiness.RETEACH, Readiness.PRACTICE, Readiness.EXTEND)
CATEGORY_TEXT: dict[Readiness, tuple[str, str, bool]] = {
    Readiness.FOUNDATIONS: (N_("Foundations"), N_("Prerequisite work with the teacher"), True),
    Readiness.RETEACH: (N_("Reteach"), N_("Small-group reteach with the teacher"), True),
    Readiness.PRACTICE: (N_("Practice"), N_("Independent practice"), False),
    Readiness.EXTEND: (N_("Extend"), N_("Extension task"), False),
}


@dataclass(frozen=True)
class PlannedGroup:
    """A group the plan wants; students whose home is ``home`` belong in it."""

    name: str
    readiness: Readiness | None
    activity: str
    teacher_led: bool
    target: int
    center: tuple[float, ...]
    home: int


@dataclass
class Plan:
    groups: list[PlannedGroup]
    positions: dict[str, tuple[float, ...]]
    homes: dict[str, int]
    forced_by_size: bool
    number_always: bool = False
    #: Students alone in their readiness category, placed with the nearest group: sid -> its name.
    lone: dict[str, str] = field(default_factory=dict)

    def distance(self, sid: str, group: PlannedGroup) -> float:
        """0 for the student's own group, else how far the group's centre is from the student."""
        if self.homes[sid] == group.home:
            return 0.0
        return max(math.dist(self.positions[sid], group.center), 1e-6)


def split_sizes(total: int, parts: int, max_size: int | None, balanced: bool) -> list[int]:
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


def plan_by_readiness(ids: list[str], readiness: Mapping[str, ReadinessResult], group_count: int | None,
                       max_size: int | None, balanced: bool, say: Words = ENGLISH) -> Plan:
    rank = {sid: CATEGORY_ORDER.index(readiness[sid].readiness if sid in readiness else Readiness.RETEACH)
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
    groups: list[PlannedGroup] = []
    homes: dict[str, int] = {}
    names: dict[int, str] = {}
    for home, (block, people) in enumerate(zip(blocks, members, strict=True)):
        texts = [(say.gettext(name), say.gettext(activity), led)
                 for name, activity, led in (CATEGORY_TEXT[CATEGORY_ORDER[c]] for c in block)]
        center = (sum(home_rank[sid] for sid in people) / len(people),)
        name = " & ".join(t[0] for t in texts)
        if len(texts) > 2:
            name = say.gettext(N_("{first} to {last}")).format(first=texts[0][0], last=texts[-1][0])
        for size in split_sizes(len(people), parts[home], max_size, balanced):
            groups.append(PlannedGroup(
                name=name,
                readiness=CATEGORY_ORDER[block[0]] if len(block) == 1 else None,
                activity="; ".join(t[1] for t in texts),
                teacher_led=any(t[2] for t in texts),
                target=size, center=center, home=home))
        homes.update({sid: home for sid in people})
        names.update({c: name for c in block})
    return Plan(groups, {sid: (float(home_rank[sid]),) for sid in ids}, homes, forced,
                 lone={sid: names[host] for sid, host in lone.items()})


def kmeans(points: dict[str, tuple[float, ...]], k: int) -> list[list[str]]:
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


def plan_by_mastery(ids: list[str], mastery: Mapping[str, Sequence[float | None]], group_count: int | None,
                     max_size: int | None, balanced: bool, say: Words = ENGLISH) -> Plan:
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
        for size in split_sizes(n, k, max_size, True):
            clusters.append(ordered[start:start + size])
            start += size
    else:
        clusters = [c for c in kmeans(points, k) if c]

    def centroid(cluster: list[str]) -> tuple[float, ...]:
        return tuple(sum(points[s][d] for s in cluster) / len(cluster) for d in range(dim))

    clusters.sort(key=lambda c: (sum(centroid(c)) / dim, min(c)))
    groups: list[PlannedGroup] = []
    homes: dict[str, int] = {}
    for home, cluster in enumerate(clusters):
        if home == 0 and len(clusters) >= 2:
            activity, led = CATEGORY_TEXT[Readiness.RETEACH][1:]
        elif home == len(clusters) - 1 and len(clusters) >= 3:
            activity, led = CATEGORY_TEXT[Readiness.EXTEND][1:]
        else:
            activity, led = CATEGORY_TEXT[Readiness.PRACTICE][1:]
        groups.append(PlannedGroup(say.gettext(N_("Group")), None, say.gettext(activity), led, len(cluster),
                                    centroid(cluster), home))
        homes.update({sid: home for sid in cluster})
    return Plan(groups, points, homes, forced, number_always=True)
