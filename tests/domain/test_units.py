"""Progress toward a unit's end task, and pairing peer helpers, as pure functions."""

from __future__ import annotations

from classroom_desktop.domain.types import StandardInfo
from classroom_desktop.domain.units import foundations, group_progress, pair_helpers, progress, unit_order

PATH = [
    StandardInfo("a", "4.NBT.7", "factor pairs", 0, 0),
    StandardInfo("b", "4.NF.1", "equal fractions", 1, 0, ("a",)),
    StandardInfo("c", "4.NF.2", "compare fractions", 1, 1, ("b",)),
    StandardInfo("d", "4.NF.3", "add fractions", 1, 2, ("b",)),
]


def test_a_units_skills_follow_the_learning_path_and_name_what_comes_before() -> None:
    assert unit_order(PATH, ["d", "c", "b", "gone"]) == ["b", "c", "d"]
    assert foundations(PATH, ["c", "d"]) == ["a", "b"]


def test_a_student_is_ready_for_the_end_task_only_with_every_skill_mastered() -> None:
    p = progress(["b", "c", "d"], {"b": True, "c": False, "d": True})
    assert (p.mastered, p.missing, p.total, p.ready) == (("b", "d"), ("c",), 3, False)
    assert progress(["b", "c"], {"b": True, "c": True}).ready
    assert not progress([], {}).ready  # a unit without skills has no end task to be ready for


def test_a_groups_progress_counts_each_skill_and_who_is_ready() -> None:
    members = {
        "zoe": progress(["b", "c"], {"b": True, "c": True}),
        "ana": progress(["b", "c"], {"b": True}),
        "mo": progress(["b", "c"], {}),
    }
    g = group_progress(["b", "c"], members)
    assert g.by_standard == (("b", 2), ("c", 1))
    assert g.ready == ("zoe",) and g.all_mastered == 0
    assert g.missing == (("b", 1), ("c", 2))


def test_helpers_are_paired_in_turn_most_recent_first_and_shared_when_few() -> None:
    pairs = pair_helpers(["h1", "h2"], ["l1", "l2", "l3"], most=3)
    assert [(p.helper_id, p.learner_ids) for p in pairs] == [("h1", ("l1", "l3")), ("h2", ("l2",))]
    crowded = pair_helpers(["h1"], ["l1", "l2", "l3", "l4"], most=3)
    assert crowded[0].learner_ids == ("l1", "l2", "l3", "l4")  # nobody is left without a helper
    assert pair_helpers([], ["l1"]) == []
    assert pair_helpers(["h1"], ["h1", "l1"])[0].learner_ids == ("l1",)  # never their own helper
