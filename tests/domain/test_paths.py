"""Learning-path order, prerequisite cycles and transitive prerequisites."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.paths import (
    all_prerequisites,
    check_acyclic,
    find_cycle,
    path_order,
    would_create_cycle,
)
from classroom_desktop.domain.types import StandardInfo


def std(sid: str, strand: int = 0, pos: int = 0, prereqs: tuple[str, ...] = (), code: str | None = None
        ) -> StandardInfo:
    return StandardInfo(id=sid, code=code or sid, statement=f"Statement {sid}", strand_position=strand,
                        position=pos, prerequisites=prereqs)


def codes(standards: list[StandardInfo]) -> list[str]:
    return [s.code for s in standards]


def test_path_order_puts_prerequisites_first_and_breaks_ties_by_strand_then_position() -> None:
    standards = [
        std("4.NF.2", strand=1, pos=2, prereqs=("4.NF.1",)),
        std("4.OA.1", strand=0, pos=1),
        std("4.NF.1", strand=1, pos=1, prereqs=("4.OA.2",)),
        std("4.OA.2", strand=0, pos=2),
        std("4.MD.1", strand=2, pos=0),
    ]
    assert codes(path_order(standards)) == ["4.OA.1", "4.OA.2", "4.NF.1", "4.NF.2", "4.MD.1"]


def test_a_prerequisite_in_a_later_strand_pulls_ahead_only_what_it_must() -> None:
    standards = [
        std("A1", strand=0, pos=1, prereqs=("B1",)),
        std("A2", strand=0, pos=2),
        std("B1", strand=1, pos=1),
    ]
    # A2 is ready at once and comes first among ready standards; B1 must precede A1.
    assert codes(path_order(standards)) == ["A2", "B1", "A1"]


def test_code_breaks_ties_when_strand_and_position_are_equal() -> None:
    standards = [std("x", code="4.G.2"), std("y", code="4.G.1"), std("z", code="4.G.10")]
    assert codes(path_order(standards)) == ["4.G.1", "4.G.10", "4.G.2"]


def test_prerequisites_outside_the_list_are_ignored() -> None:
    standards = [std("4.NF.2", pos=1, prereqs=("3.NF.1", "4.NF.1")), std("4.NF.1", pos=2)]
    assert codes(path_order(standards)) == ["4.NF.1", "4.NF.2"]
    assert all_prerequisites(standards, "4.NF.2") == {"4.NF.1"}


def test_cycle_is_refused_with_the_standards_named_in_order() -> None:
    standards = [
        std("a", pos=1, code="4.NF.1", prereqs=("b",)),
        std("b", pos=2, code="4.NF.2", prereqs=("a",)),
        std("c", pos=3, code="4.NF.3"),
    ]
    expected = ("These standards would depend on each other in a circle: 4.NF.1 → 4.NF.2 → 4.NF.1. "
                "Remove one of these prerequisites.")
    with pytest.raises(UserError) as caught:
        path_order(standards)
    assert str(caught.value) == expected
    with pytest.raises(UserError) as again:
        check_acyclic(standards)
    assert str(again.value) == expected
    cycle = find_cycle(standards)
    assert cycle is not None and codes(cycle) == ["4.NF.1", "4.NF.2"]


def test_three_standard_cycle_is_named_in_learning_order() -> None:
    standards = [
        std("a", pos=1, prereqs=("c",)),
        std("b", pos=2, prereqs=("a",)),
        std("c", pos=3, prereqs=("b",)),
        std("d", pos=0),
    ]
    with pytest.raises(UserError, match="a circle: a → b → c → a\\."):
        path_order(standards)


def test_acyclic_standards_have_no_cycle() -> None:
    standards = [std("a"), std("b", prereqs=("a",)), std("c", prereqs=("a", "b"))]
    assert find_cycle(standards) is None
    check_acyclic(standards)


def test_would_create_cycle_names_the_circle_for_the_picker() -> None:
    standards = [
        std("a", code="4.NF.1"),
        std("b", code="4.NF.2", prereqs=("a",)),
        std("c", code="4.NF.3", prereqs=("b",)),
    ]
    assert would_create_cycle(standards, "a", "b") == ["4.NF.1", "4.NF.2", "4.NF.1"]
    assert would_create_cycle(standards, "a", "c") == ["4.NF.1", "4.NF.2", "4.NF.3", "4.NF.1"]
    assert would_create_cycle(standards, "c", "a") is None


def test_a_standard_cannot_be_its_own_prerequisite() -> None:
    with pytest.raises(UserError, match="4.NF.1 cannot be a prerequisite of itself"):
        would_create_cycle([std("a", code="4.NF.1")], "a", "a")


def test_all_prerequisites_is_transitive() -> None:
    standards = [
        std("a"),
        std("b", prereqs=("a",)),
        std("c", prereqs=("b",)),
        std("d", prereqs=("c", "a")),
        std("e"),
    ]
    assert all_prerequisites(standards, "d") == {"a", "b", "c"}
    assert all_prerequisites(standards, "a") == set()
    assert all_prerequisites(standards, "unknown") == set()


@st.composite
def random_dags(draw: st.DrawFn) -> list[StandardInfo]:
    count = draw(st.integers(min_value=1, max_value=12))
    # Edges only from an earlier index to a later one make a DAG; then shuffle the list and the
    # tie-break fields so the order has to come from the prerequisites, not the input.
    standards = []
    for i in range(count):
        prereqs = draw(st.lists(st.integers(min_value=0, max_value=max(i - 1, 0)), max_size=3)) if i else []
        outside = draw(st.sampled_from([(), ("gone",)]))
        standards.append(std(f"s{i}", strand=draw(st.integers(0, 3)), pos=draw(st.integers(0, 5)),
                             prereqs=tuple(f"s{p}" for p in prereqs) + outside))
    return draw(st.permutations(standards))


@given(random_dags())
def test_path_order_always_respects_prerequisites(standards: list[StandardInfo]) -> None:
    ordered = path_order(standards)
    assert sorted(s.id for s in ordered) == sorted(s.id for s in standards)
    where = {s.id: i for i, s in enumerate(ordered)}
    for s in standards:
        for p in s.prerequisites:
            if p in where:
                assert where[p] < where[s.id], f"{p} must come before {s.id}"
    assert path_order(list(reversed(standards))) == ordered
    assert find_cycle(standards) is None
