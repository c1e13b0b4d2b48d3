"""The data wall's computations on a small class whose every value is worked out by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classroom_desktop.charts import datawall_data as dw
from classroom_desktop.domain.mastery import mastery_cell
from classroom_desktop.domain.types import MasteryConfig, MasteryMethod
from classroom_desktop.services.datawall import DataWall
from classroom_desktop.services.roster import NewStudent

TODAY = date(2026, 11, 20)  # a Friday


def small_class(classroom) -> tuple[str, dict[str, str], dict[str, str]]:  # type: ignore[no-untyped-def]
    """Three students, two strands with three standards; most-recent mastery so values are the levels."""
    cur = classroom.curriculum
    fw = cur.add_framework("Grade 4 Maths").created_id
    number = cur.add_strand(fw, "Number", "N").created_id
    shapes = cur.add_strand(fw, "Shapes", "G").created_id
    std = {
        code: cur.add_standard(fw, code, f"I can {code}", strand).created_id
        for code, strand in (("N.1", number), ("N.2", number), ("G.1", shapes))
    }
    class_id = classroom.classes.create("4B", "2026", fw).created_id
    classroom.classes.set_mastery(class_id, MasteryConfig(MasteryMethod.MOST_RECENT))
    kids = {}
    for first, family in (("Zoë", "Adams"), ("Ana", "Brown"), ("Li", "Chen")):
        kids[first] = classroom.students.add(NewStudent(first, family), class_id).created_id
    ev = classroom.evidence
    week_ago = TODAY - timedelta(days=7)
    # Zoë: N.1 mastered a month ago; N.2 went 2 -> 3 this week (newly mastered).
    ev.record(kids["Zoë"], std["N.1"], 3, TODAY - timedelta(days=30), class_id=class_id)
    ev.record(kids["Zoë"], std["N.2"], 2, week_ago - timedelta(days=3), class_id=class_id)
    ev.record(kids["Zoë"], std["N.2"], 3, TODAY - timedelta(days=2), class_id=class_id)
    # Ana: G.1 at 4 this week (newly mastered), N.1 at 1.
    ev.record(kids["Ana"], std["G.1"], 4, TODAY - timedelta(days=1), class_id=class_id)
    ev.record(kids["Ana"], std["N.1"], 1, TODAY - timedelta(days=20), class_id=class_id)
    # Li: nothing at all.
    return class_id, kids, std


def test_heatmap_values_equal_the_mastery_table(classroom) -> None:  # type: ignore[no-untyped-def]
    class_id, kids, std = small_class(classroom)
    table = classroom.evidence.mastery_table(class_id)
    heat = dw.heatmap_matrix(table)
    assert heat.column_labels == ["N.1", "N.2", "G.1"]
    assert heat.row_labels == ["Zoë Adams", "Ana Brown", "Li Chen"]
    for r, sid in enumerate(heat.row_ids):
        for c, std_id in enumerate(heat.column_ids):
            assert heat.value(r, c) == table.cell(sid, std_id).value
    assert heat.values[0] == [3.0, 3.0, None]
    assert heat.values[1] == [1.0, None, 4.0]
    assert [(g.label, g.start, g.stop) for g in heat.groups] == [("N Number", 0, 2), ("G Shapes", 2, 3)]


def test_strand_filter_keeps_only_that_strands_standards(classroom) -> None:  # type: ignore[no-untyped-def]
    class_id, _, _ = small_class(classroom)
    table = classroom.evidence.mastery_table(class_id)
    shapes = next(s.id for s in table.strands if s.name == "Shapes")
    heat = dw.heatmap_matrix(table, strand_id=shapes)
    assert heat.column_labels == ["G.1"]
    assert [g.label for g in heat.groups] == ["G Shapes"]


def test_sorting_by_name_overall_and_one_standard(classroom) -> None:  # type: ignore[no-untyped-def]
    class_id, kids, std = small_class(classroom)
    table = classroom.evidence.mastery_table(class_id)
    assert dw.sort_students(table, dw.SORT_NAME) == [kids["Zoë"], kids["Ana"], kids["Li"]]  # by family name
    assert dw.sort_students(table, dw.SORT_OVERALL) == [
        kids["Zoë"],
        kids["Ana"],
        kids["Li"],
    ]  # 2, 1, 0 mastered
    assert dw.sort_students(table, std["G.1"]) == [kids["Ana"], kids["Zoë"], kids["Li"]]
    codes = {kids["Zoë"]: "Owl", kids["Ana"]: "Cat", kids["Li"]: "Fox"}
    assert dw.sort_students(table, dw.SORT_NAME, codes) == [kids["Ana"], kids["Li"], kids["Zoë"]]


def test_level_counts_per_standard(classroom) -> None:  # type: ignore[no-untyped-def]
    class_id, _, std = small_class(classroom)
    counts = dw.level_counts(classroom.evidence.mastery_table(class_id))
    # levels 1, 2, 3, 4, then no evidence
    assert counts[std["N.1"]] == [1, 0, 1, 0, 1]
    assert counts[std["N.2"]] == [0, 0, 1, 0, 2]
    assert counts[std["G.1"]] == [0, 0, 0, 1, 2]


def test_newly_mastered_this_week(classroom) -> None:  # type: ignore[no-untyped-def]
    class_id, kids, std = small_class(classroom)
    wall = DataWall(classroom).load(class_id, TODAY)
    assert wall.newly == {(kids["Zoë"], std["N.2"]), (kids["Ana"], std["G.1"])}
    assert wall.celebrations() == [("Zoë Adams", ["N.2"]), ("Ana Brown", ["G.1"])]


def test_growth_per_week_counts_mastered_cells(classroom) -> None:  # type: ignore[no-untyped-def]
    class_id, _, _ = small_class(classroom)
    wall = DataWall(classroom).load(class_id, TODAY)
    points = dw.growth_per_week(wall.table, wall.evidence, TODAY)
    assert points[0] == (date(2026, 10, 25), 1)  # Zoë's N.1 on 21 October, a Wednesday
    assert points[-1] == (TODAY, 3)
    assert [d.weekday() for d, _ in points[:-1]] == [6] * (len(points) - 1)  # Sundays
    assert [v for _, v in points] == sorted(v for _, v in points)


def test_week_ends_run_sunday_to_sunday_and_end_today() -> None:
    assert dw.week_ends(date(2026, 11, 4), TODAY) == [date(2026, 11, 8), date(2026, 11, 15), TODAY]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.sampled_from([1, 2, 3, 4])), min_size=1, max_size=8))
def test_growth_matches_recomputing_each_week(days_levels: list[tuple[int, int]]) -> None:
    """Replaying one cell week by week agrees with mastery recomputed on the evidence up to each week."""
    from datetime import datetime

    from classroom_desktop.domain.scale import ProficiencyScale
    from classroom_desktop.domain.types import Evidence, MasteryCell, StandardInfo
    from classroom_desktop.services.views import MasteryTable, StudentView

    start = date(2026, 9, 1)
    evidence = [
        Evidence(f"e{i}", "s", "k", float(level), start + timedelta(days=d), datetime(2026, 1, 1, 0, 0, i))
        for i, (d, level) in enumerate(days_levels)
    ]
    scale, config = ProficiencyScale.default(), MasteryConfig()
    table = MasteryTable(
        "c",
        scale,
        config,
        [StudentView("s", "A", "B", "", "", "", "", False)],
        [StandardInfo("k", "K.1", "")],
        [],
        {("s", "k"): MasteryCell("s", "k", None, False, 0, None, None)},
    )
    today = start + timedelta(days=70)
    for end, count in dw.growth_per_week(table, evidence, today):
        upto = [e for e in evidence if e.observed_on <= end]
        expected = bool(upto) and mastery_cell("s", "k", upto, config, scale).mastered
        assert count == int(expected)


def test_sorting_by_an_unknown_standard_is_refused(classroom) -> None:  # type: ignore[no-untyped-def]
    class_id, _, _ = small_class(classroom)
    with pytest.raises(ValueError):
        dw.sort_students(classroom.evidence.mastery_table(class_id), "no-such-standard")
