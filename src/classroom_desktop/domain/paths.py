"""Learning-path order over standards and their prerequisites.

A standard's ``prerequisites`` name other standards by id. Prerequisite ids that are not in the
list handed to a function are ignored, so a path can be built for part of a framework.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.types import StandardInfo
from classroom_desktop.domain.words import N_

__all__ = [
    "all_prerequisites",
    "check_acyclic",
    "find_cycle",
    "path_order",
    "would_create_cycle",
]


def _sort_key(standard: StandardInfo) -> tuple[int, int, str, str]:
    return (standard.strand_position, standard.position, standard.code, standard.id)


def _by_id(standards: Sequence[StandardInfo]) -> dict[str, StandardInfo]:
    return {s.id: s for s in standards}


def _known_prerequisites(standard: StandardInfo, by_id: dict[str, StandardInfo]) -> list[str]:
    """Prerequisite ids present in ``by_id``, without duplicates, in the order written."""
    return [p for p in dict.fromkeys(standard.prerequisites) if p in by_id]


def _cycle_error(codes: Sequence[str]) -> UserError:
    return UserError(
        N_(
            "These standards would depend on each other in a circle: {chain}. "
            "Remove one of these prerequisites."
        ),
        chain=" → ".join(codes),
    )


def find_cycle(standards: Sequence[StandardInfo]) -> list[StandardInfo] | None:
    """Find one prerequisite cycle, if any.

    Returns:
        The standards of the cycle in dependency order (each one is a prerequisite of the next
        and the last is a prerequisite of the first; the first is not repeated), or None.
        The search visits standards in path order (strand, position, code), so the answer is
        the same for the same input.
    """
    by_id = _by_id(standards)
    # Edges go from a standard to what depends on it, so a cycle reads in learning order.
    dependents: dict[str, list[str]] = {sid: [] for sid in by_id}
    for standard in sorted(by_id.values(), key=_sort_key):
        for prereq in _known_prerequisites(standard, by_id):
            dependents[prereq].append(standard.id)
    state: dict[str, int] = {}  # 1: on the current walk, 2: finished
    for root in sorted(by_id.values(), key=_sort_key):
        if root.id in state:
            continue
        stack: list[tuple[str, int]] = [(root.id, 0)]
        walk: list[str] = [root.id]
        state[root.id] = 1
        while stack:
            node, next_child = stack[-1]
            children = dependents[node]
            if next_child >= len(children):
                stack.pop()
                walk.pop()
                state[node] = 2
                continue
            stack[-1] = (node, next_child + 1)
            child = children[next_child]
            if state.get(child) == 1:
                start = walk.index(child)
                return [by_id[sid] for sid in walk[start:]]
            if child not in state:
                state[child] = 1
                stack.append((child, 0))
                walk.append(child)
    return None


def check_acyclic(standards: Sequence[StandardInfo]) -> None:
    """Raise a UserError naming the standards of a prerequisite cycle, if there is one."""
    cycle = find_cycle(standards)
    if cycle is not None:
        codes = [s.code for s in cycle]
        raise _cycle_error([*codes, codes[0]])


def path_order(standards: Sequence[StandardInfo]) -> list[StandardInfo]:
    """Order standards so that every prerequisite comes before the standards that need it.

    Among standards that are ready at the same time, the one earlier by (strand position,
    position, code) comes first.

    Raises:
        UserError: if the prerequisites form a cycle.
    """
    by_id = _by_id(standards)
    waiting: dict[str, int] = {}
    dependents: dict[str, list[str]] = {sid: [] for sid in by_id}
    for standard in by_id.values():
        prereqs = _known_prerequisites(standard, by_id)
        waiting[standard.id] = len(prereqs)
        for prereq in prereqs:
            dependents[prereq].append(standard.id)
    heap = [(_sort_key(s), s.id) for s in by_id.values() if waiting[s.id] == 0]
    heapq.heapify(heap)
    ordered: list[StandardInfo] = []
    while heap:
        _, sid = heapq.heappop(heap)
        ordered.append(by_id[sid])
        for dependent in dependents[sid]:
            waiting[dependent] -= 1
            if waiting[dependent] == 0:
                heapq.heappush(heap, (_sort_key(by_id[dependent]), dependent))
    if len(ordered) < len(by_id):
        check_acyclic(standards)
    return ordered


def all_prerequisites(standards: Sequence[StandardInfo], standard_id: str) -> set[str]:
    """Ids of every standard that ``standard_id`` depends on, directly or through others.

    The standard itself is included only if it depends on itself through a cycle. An id that
    is not in ``standards`` has no prerequisites.
    """
    by_id = _by_id(standards)
    if standard_id not in by_id:
        return set()
    found: set[str] = set()
    todo = _known_prerequisites(by_id[standard_id], by_id)
    while todo:
        sid = todo.pop()
        if sid in found:
            continue
        found.add(sid)
        todo.extend(_known_prerequisites(by_id[sid], by_id))
    return found


def _prerequisite_chain(by_id: dict[str, StandardInfo], start: str, goal: str) -> list[str] | None:
    """Ids from ``start`` to ``goal`` following prerequisite links (breadth first), or None."""
    previous: dict[str, str | None] = {start: None}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for sid in frontier:
            for prereq in _known_prerequisites(by_id[sid], by_id):
                if prereq in previous:
                    continue
                previous[prereq] = sid
                if prereq == goal:
                    chain = [goal]
                    step = previous[goal]
                    while step is not None:
                        chain.append(step)
                        step = previous[step]
                    return chain[::-1]
                following.append(prereq)
        frontier = following
    return None


def would_create_cycle(
    standards: Sequence[StandardInfo], standard_id: str, new_prerequisite_id: str
) -> list[str] | None:
    """Check a prerequisite before the teacher adds it.

    Returns:
        None if making ``new_prerequisite_id`` a prerequisite of ``standard_id`` is fine;
        otherwise the codes of the circle it would close, starting and ending with the
        standard being edited, in learning order (e.g. ``["4.NF.1", "4.NF.2", "4.NF.1"]`` when
        4.NF.1 is already a prerequisite of 4.NF.2).

    Raises:
        UserError: if either standard is unknown, or a standard is made its own prerequisite.
    """
    by_id = _by_id(standards)
    for sid in (standard_id, new_prerequisite_id):
        if sid not in by_id:
            raise UserError(
                N_("That standard is no longer in this framework. Refresh the list and try again.")
            )
    standard = by_id[standard_id]
    if standard_id == new_prerequisite_id:
        raise UserError(
            N_("{code} cannot be a prerequisite of itself. Choose a different standard."), code=standard.code
        )
    chain = _prerequisite_chain(by_id, new_prerequisite_id, standard_id)
    if chain is None:
        return None
    # chain runs new_prerequisite → … → standard along prerequisite links (against learning order).
    learning_order = [*chain[::-1], standard_id]
    return [by_id[sid].code for sid in learning_order]
