"""Mastery methods, evidence ordering and corrections, and the fast path for big tables."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.mastery import (
    compute,
    compute_effective_rows,
    compute_sorted_rows,
    display,
    effective_evidence,
    mastery_cell,
    preview,
)
from classroom_desktop.domain.scale import ProficiencyScale
from classroom_desktop.domain.types import Evidence, MasteryConfig, MasteryMethod

SCALE = ProficiencyScale.default()
M = MasteryMethod
D0 = date(2024, 9, 2)
T0 = datetime(2024, 9, 2, 8, 0)


def value(scores: list[float], method: MasteryMethod, **kw: float) -> float | None:
    return compute(scores, MasteryConfig(method=method, **kw), SCALE)  # type: ignore[arg-type]


def ev(eid: str, level: float | None, day: int, minute: int, supersedes: str | None = None,
       student: str = "s1", standard: str = "k1") -> Evidence:
    return Evidence(eid, student, standard, level, D0 + timedelta(days=day), T0 + timedelta(minutes=minute),
                    supersedes=supersedes)


def test_required_vectors() -> None:
    rising = [1.0, 2.0, 3.0, 4.0]
    assert value(rising, M.DECAYING_AVERAGE) == pytest.approx(3.48, abs=0.005)
    assert value(rising, M.WEIGHTED_AVERAGE) == pytest.approx(3.30, abs=1e-9)
    assert value(rising, M.MOST_RECENT) == 4
    assert value(rising, M.HIGHEST) == 4
    assert value(rising, M.MEAN) == 2.5
    assert value([2, 3, 3, 4], M.MODE) == 3
    assert SCALE.is_mastered(value([3, 2, 3, 4], M.N_TIMES, n=3))
    assert not SCALE.is_mastered(value([3, 2, 3], M.N_TIMES, n=3))
    trend = value(rising, M.POWER_LAW)
    assert trend is not None and 2.5 < trend <= 4


def test_display_and_label_of_decaying_average() -> None:
    v = value([1, 2, 3, 4], M.DECAYING_AVERAGE)
    assert display(v) == "3.5"
    assert SCALE.label_for(v or 0) == "Proficient"
    assert display(None) == "–"
    assert display(3.0) == "3.0"


def test_no_scores_means_no_value() -> None:
    for method in MasteryMethod:
        assert value([], method) is None


def test_n_times_details() -> None:
    assert value([3, 4, 4, 4], M.N_TIMES, n=3) == 4  # third highest at/above the cut-off
    assert value([4, 4, 3, 2], M.N_TIMES, n=3) == 3
    assert value([4, 4], M.N_TIMES, n=3) == 2  # latest 4, capped below the cut-off
    assert value([4, 1], M.N_TIMES, n=3) == 1


def test_mode_tie_goes_to_most_recent_value() -> None:
    assert value([2, 3, 3, 2], M.MODE) == 2
    assert value([3, 2, 2, 3], M.MODE) == 3
    assert value([4, 1], M.MODE) == 1


def test_power_law_special_cases() -> None:
    assert value([2], M.POWER_LAW) == 2
    assert value([3, 3, 3], M.POWER_LAW) == 3
    falling = value([4, 3, 2, 1], M.POWER_LAW)
    assert falling is not None and 1 <= falling < 2.5
    # Scores of 0 or below are shifted for the fit; the result is still on the scale.
    wide = ProficiencyScale.from_json({"name": "Zero", "cutoff": 2, "levels": [
        {"value": v, "label": str(v)} for v in range(4)]})
    rising = compute([0, 1, 2, 3], MasteryConfig(M.POWER_LAW), wide)
    assert rising is not None and 1.5 < rising <= 3
    # Real dates: a long gap before the last score changes the fitted value.
    spaced = compute([1, 2, 3], MasteryConfig(M.POWER_LAW), SCALE, days=[10, 11, 40])
    even = compute([1, 2, 3], MasteryConfig(M.POWER_LAW), SCALE)
    assert spaced is not None and even is not None and spaced != pytest.approx(even)
    assert compute([2, 4], MasteryConfig(M.POWER_LAW), SCALE, days=[5, 5]) == 3  # same day: mean


@pytest.mark.parametrize("weight", [0.0, 1.0, 1.5, -0.2])
def test_bad_weight_is_a_readable_user_error(weight: float) -> None:
    for method in (M.DECAYING_AVERAGE, M.WEIGHTED_AVERAGE):
        with pytest.raises(UserError) as info:
            value([1, 2], method, weight=weight)
        expected = f"The weight for the newest evidence must be between 0.01 and 0.99 (it is {weight})."
        assert str(info.value) == expected


def test_bad_n_is_a_readable_user_error() -> None:
    with pytest.raises(UserError, match="'n times' needs a whole number of 1 or more"):
        value([3], M.N_TIMES, n=0)


def test_order_by_observed_date_then_entry_time() -> None:
    items = [ev("a", 3, day=5, minute=0), ev("b", 2, day=1, minute=90), ev("c", 4, day=5, minute=-10)]
    assert [e.id for e in effective_evidence(items)] == ["b", "c", "a"]
    cell = mastery_cell("s1", "k1", items, MasteryConfig(M.MOST_RECENT), SCALE)
    assert (cell.value, cell.latest_level, cell.latest_date, cell.count) == (3, 3, D0 + timedelta(days=5), 3)


def test_correction_replaces_and_chain_of_corrections() -> None:
    items = [ev("a", 1, 0, 0), ev("b", 2, 1, 1), ev("b2", 4, 1, 50, supersedes="b")]
    assert [(e.id, e.level) for e in effective_evidence(items)] == [("a", 1), ("b2", 4)]
    chain = [*items, ev("b3", 3, 1, 60, supersedes="b2"), ev("b4", 2, 2, 70, supersedes="b3")]
    assert [(e.id, e.level) for e in effective_evidence(chain)] == [("a", 1), ("b4", 2)]
    # A correction that moves the date earlier takes its new place in the order.
    moved = [ev("a", 1, 3, 0), ev("b", 2, 5, 1), ev("b2", 4, 0, 50, supersedes="b")]
    assert [e.id for e in effective_evidence(moved)] == ["b2", "a"]


def test_withdrawal_removes_evidence() -> None:
    items = [ev("a", 1, 0, 0), ev("b", 4, 1, 1), ev("w", None, 1, 5, supersedes="b")]
    assert [e.id for e in effective_evidence(items)] == ["a"]
    cell = mastery_cell("s1", "k1", items, MasteryConfig(), SCALE)
    assert (cell.value, cell.count, cell.mastered) == (1, 1, False)
    empty = mastery_cell("s1", "k1", [ev("a", 3, 0, 0), ev("w", None, 0, 1, "a")], MasteryConfig(), SCALE)
    assert (empty.value, empty.count, empty.latest_level, empty.latest_date, empty.mastered) == (
        None, 0, None, None, False)


def test_preview_shows_every_method() -> None:
    shown = preview([1, 2, 3, 4], SCALE)
    assert set(shown) == set(MasteryMethod)
    assert shown[M.MEAN] == 2.5 and shown[M.MOST_RECENT] == 4
    assert shown[M.N_TIMES] == 2  # only two scores reach the cut-off; default n is 3


levels = st.lists(st.sampled_from([1.0, 2.0, 3.0, 4.0]), min_size=1, max_size=12)


@given(levels, st.sampled_from(list(MasteryMethod)), st.floats(0.01, 0.99), st.integers(1, 5))
def test_every_method_stays_on_the_scale(
    scores: list[float], method: MasteryMethod, w: float, n: int
) -> None:
    days = [float(i * 3) for i in range(len(scores))]
    v = compute(scores, MasteryConfig(method, w, n), SCALE, days)
    assert v is not None and 1.0 <= v <= 4.0


@given(levels, st.floats(0.01, 0.99))
def test_top_score_never_lowers_decaying_average(scores: list[float], w: float) -> None:
    config = MasteryConfig(M.DECAYING_AVERAGE, w)
    before = compute(scores, config, SCALE)
    after = compute([*scores, 4.0], config, SCALE)
    assert before is not None and after is not None and after >= before - 1e-12


@st.composite
def evidence_tables(draw: st.DrawFn) -> list[Evidence]:
    items: list[Evidence] = []
    for i in range(draw(st.integers(0, 25))):
        student = draw(st.sampled_from(["s1", "s2"]))
        standard = draw(st.sampled_from(["k1", "k2"]))
        same_pair = [e for e in items if (e.student_id, e.standard_id) == (student, standard)]
        target = draw(st.sampled_from([None, *[e.id for e in same_pair]]))
        level = draw(st.sampled_from([1.0, 2.0, 3.0, 4.0] + ([None] if target else [])))
        items.append(Evidence(
            f"e{i:02d}", student, standard, level, D0 + timedelta(days=draw(st.integers(0, 6))),
            T0 + timedelta(minutes=i, microseconds=draw(st.sampled_from([0, 500]))), supersedes=target))
    return items


@settings(max_examples=150)
@given(evidence_tables(), st.sampled_from(list(MasteryMethod)))
def test_fast_path_equals_slow_path(items: list[Evidence], method: MasteryMethod) -> None:
    config = MasteryConfig(method)
    rows = sorted(
        ((e.student_id, e.standard_id, e.level, e.observed_on.isoformat(), e.entered_at.isoformat(), e.id,
          e.supersedes) for e in items),
        key=lambda r: (r[0], r[1], r[3], r[4], r[5]),
    )
    fast = compute_sorted_rows(rows, config, SCALE)
    pairs = {(e.student_id, e.standard_id) for e in items}
    assert set(fast) == pairs
    for student, standard in pairs:
        mine = [e for e in items if (e.student_id, e.standard_id) == (student, standard)]
        slow = mastery_cell(student, standard, mine, config, SCALE)
        got = fast[(student, standard)]
        assert got.value == pytest.approx(slow.value) if slow.value is not None else got.value is None
        assert (got.mastered, got.count, got.latest_level, got.latest_date) == (
            slow.mastered, slow.count, slow.latest_level, slow.latest_date)
        assert (got.student_id, got.standard_id) == (student, standard)


def test_fast_path_handles_a_big_sorted_table() -> None:
    rows = [(f"s{s:03d}", f"k{k:02d}", float(1 + (s + k + i) % 4), f"2024-09-{1 + i:02d}",
             f"2024-09-{1 + i:02d}T08:00:00", f"e{s}-{k}-{i}", None)
            for s in range(30) for k in range(10) for i in range(5)]
    cells = compute_sorted_rows(rows, MasteryConfig(), SCALE)
    assert len(cells) == 300
    cell = cells[("s000", "k00")]
    assert cell.count == 5 and cell.latest_date == date(2024, 9, 5) and cell.latest_level == 1.0
    assert cell.value == compute([1, 2, 3, 4, 1], MasteryConfig(), SCALE)


def test_values_are_shown_to_one_decimal_and_mastery_is_decided_on_what_is_shown() -> None:
    """Issue 14.4: the number, the label, the colour and "mastered" agree: 2.97 reads 3.0, mastered."""
    from classroom_desktop.charts.palette import level_colour
    from classroom_desktop.domain.mastery import display

    assert display(2.97) == "3.0" and SCALE.is_mastered(2.97) and SCALE.label_for(2.97) == "Proficient"
    assert display(2.95) == "3.0" and SCALE.is_mastered(2.95)
    assert display(2.94) == "2.9" and not SCALE.is_mastered(2.94) and SCALE.label_for(2.94) == "Developing"
    assert level_colour(2.97, SCALE.values) == level_colour(3.0, SCALE.values)
    assert display(1.95) == "2.0"
    assert display(3.48) == "3.5"
    assert display(3.0) == "3.0"
    assert display(None) == "–"


def test_six_threes_with_one_dip_are_mastered_under_the_default_but_a_downward_trend_is_not() -> None:
    """Issue 14.4: Rohan's 3,3,2,3,3,3 on 4.NBT.1 reads "3.0", mastered; 3,3,3,2,2 or 4,4,3,3,2 do not."""
    from classroom_desktop.domain.mastery import display

    default = MasteryConfig()
    assert default.method is MasteryMethod.DECAYING_AVERAGE
    rohan = compute([3, 3, 2, 3, 3, 3], default, SCALE)
    assert rohan is not None and display(rohan) == "3.0" and SCALE.is_mastered(rohan)
    for falling in ([3, 3, 3, 2, 2], [4, 4, 3, 3, 2], [3, 3, 3, 3, 2]):
        value = compute(falling, default, SCALE)
        assert value is not None and not SCALE.is_mastered(value), (falling, value)
    rows = [("s", "k", float(v), f"2026-11-{d:02d}", f"2026-11-{d:02d}", f"e{d}", None)
            for d, v in enumerate([3, 3, 2, 3, 3, 3], start=1)]
    assert compute_sorted_rows(rows, default, SCALE)[("s", "k")].mastered
    fast = compute_effective_rows([(r[0], r[1], r[2], r[3]) for r in rows], default, SCALE)
    assert fast[("s", "k")].mastered
