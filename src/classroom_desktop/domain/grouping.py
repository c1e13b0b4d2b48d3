"""Suggested groups for a lesson, from readiness on one focus standard or mastery on several.

The result is deterministic: the same input always gives the same groups. Planning happens in
two steps: first a plan (which groups, how large, who belongs where by readiness or mastery),
then placement of students, keep-together sets as one unit, honouring keep-apart pairs, the
size limit and the spreading of students with accommodations (:mod:`grouping_plan` and
:mod:`grouping_placement`). This module holds what the teacher asks and gets, and the reasons.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field

from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.grouping_placement import PlacedGroup, Placer, build_units, join_names
from classroom_desktop.domain.grouping_plan import Plan, plan_by_mastery, plan_by_readiness
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
        raise UserError(N_("The number of groups must be at least 1."))
    if options.max_size is not None and options.max_size < 1:
        raise UserError(N_("The largest group size must be at least 1."))
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
    units = build_units(order, options.keep_together, apart, name_of, unmet, say)
    ids = list(order)
    if mastery is not None:
        plan = plan_by_mastery(ids, mastery, options.group_count, options.max_size, options.balanced, say)
    else:
        plan = plan_by_readiness(ids, readiness, options.group_count, options.max_size, options.balanced,
                                  say)

    placer = Placer(plan, options.max_size, apart, accommodations, options.spread_accommodations)
    spread_first = options.spread_accommodations
    units.sort(key=lambda u: (-len(u), not (spread_first and any(s in accommodations for s in u)),
                              order[u[0]]))
    for unit in units:
        if options.max_size is not None and len(unit) > options.max_size:
            text = say.gettext(N_("Kept {names} together as asked, so their group has more than {size} "
                                  "students."))
            kept = join_names([name_of[s] for s in unit], say)
            unmet.append(text.format(names=kept, size=options.max_size))
        placer.place(unit)
    for unit, partners in placer.extra_for_apart:
        who = [name_of[s] for s in unit]
        text = N_("Made an extra group so that {names} are not in the same group as {others}.")
        if len(who) == 1:
            text = N_("Made an extra group so that {names} is not in the same group as {others}.")
        others = join_names([name_of[s] for s in sorted(partners, key=order.__getitem__)], say)
        unmet.append(say.gettext(text).format(names=join_names(who, say), others=others))

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


def _reason(sid: str, group: PlacedGroup, plan: Plan, readiness: Mapping[str, ReadinessResult],
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


def _named(groups: list[PlacedGroup], order: dict[str, int], number_always: bool) -> list[SuggestedGroup]:
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
