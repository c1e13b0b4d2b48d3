"""More grouping properties: keep-together honoured, the group count kept when possible, no needless notes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from classroom_desktop.domain.grouping import GroupingOptions, suggest_groups
from classroom_desktop.domain.types import Readiness, ReadinessResult

LEVELS = st.sampled_from(list(Readiness))


def klass(levels: list[Readiness]) -> tuple[list[tuple[str, str]], dict[str, ReadinessResult]]:
    students = [(f"s{i:02d}", f"Student {i}") for i in range(len(levels))]
    return students, {sid: ReadinessResult(sid, "focus", lv, "") for (sid, _), lv in zip(students, levels,
                                                                                         strict=True)}


@settings(max_examples=120, deadline=None)
@given(st.lists(LEVELS, min_size=2, max_size=30), st.data())
def test_keep_together_sets_are_never_split(levels: list[Readiness], data: st.DataObject) -> None:
    students, readiness = klass(levels)
    ids = data.draw(st.permutations([sid for sid, _ in students]))
    size = data.draw(st.integers(min_value=2, max_value=min(4, len(ids))))
    together = [frozenset(ids[:size])]
    rest = ids[size:]
    apart = [(rest[0], rest[1])] if len(rest) >= 2 else []
    options = GroupingOptions(group_count=data.draw(st.none() | st.integers(1, 5)), keep_together=together,
                              keep_apart=apart, balanced=data.draw(st.booleans()))
    result = suggest_groups(students, readiness, options)
    group_of = {sid: i for i, g in enumerate(result.groups) for sid in g.student_ids}
    assert len({group_of[sid] for sid in together[0]}) == 1
    assert not any(m.startswith("Could not keep") for m in result.unmet)


@settings(max_examples=120, deadline=None)
@given(st.lists(LEVELS, min_size=1, max_size=30), st.integers(min_value=1, max_value=8))
def test_the_group_count_is_kept_when_there_are_enough_students(levels: list[Readiness], count: int) -> None:
    students, readiness = klass(levels)
    result = suggest_groups(students, readiness, GroupingOptions(group_count=count))
    if count <= len(students):
        assert len(result.groups) == count
        assert result.unmet == []
    else:
        assert result.unmet == [f"Made {len(result.groups)} groups instead of {count}: "
                                f"there are only {len(students)} students."]


@settings(max_examples=120, deadline=None)
@given(st.lists(LEVELS, min_size=1, max_size=30), st.integers(min_value=2, max_value=8))
def test_a_size_limit_alone_is_always_met_and_balanced_sizes_differ_by_at_most_one_per_category(
        levels: list[Readiness], limit: int) -> None:
    students, readiness = klass(levels)
    result = suggest_groups(students, readiness, GroupingOptions(max_size=limit, balanced=True))
    assert result.unmet == []
    assert all(1 <= len(g.student_ids) <= limit for g in result.groups)
    by_category: dict[Readiness | None, list[int]] = {}
    for g in result.groups:
        by_category.setdefault(g.readiness, []).append(len(g.student_ids))
    assert all(max(sizes) - min(sizes) <= 1 for sizes in by_category.values())


def test_a_keep_apart_pair_of_the_only_two_students_makes_two_groups() -> None:
    students, readiness = klass([Readiness.PRACTICE, Readiness.PRACTICE])
    result = suggest_groups(students, readiness, GroupingOptions(group_count=1, keep_apart=[("s00", "s01")]))
    assert [g.student_ids for g in result.groups] == [["s00"], ["s01"]]
    assert result.unmet == ["Made an extra group so that Student 1 is not in the same group as Student 0."]


def test_spreading_accommodations_never_breaks_a_keep_apart_pair() -> None:
    students, readiness = klass([Readiness.PRACTICE] * 6)
    options = GroupingOptions(group_count=2, spread_accommodations=True, keep_apart=[("s00", "s01")])
    result = suggest_groups(students, readiness, options, accommodations={"s00", "s01", "s02"})
    group_of = {sid: i for i, g in enumerate(result.groups) for sid in g.student_ids}
    assert group_of["s00"] != group_of["s01"]
    needs = {"s00", "s01", "s02"}
    assert sorted(sum(1 for s in g.student_ids if s in needs) for g in result.groups) == [1, 2]
