"""Readiness categories and the reasons a teacher reads next to them."""

from __future__ import annotations

from datetime import date

from classroom_desktop.domain.readiness import class_readiness, format_day, readiness_for
from classroom_desktop.domain.types import MasteryCell, Readiness, ReadinessResult, StandardInfo

NF1 = StandardInfo(id="nf1", code="4.NF.1", statement="Equivalent fractions")
NF2 = StandardInfo(id="nf2", code="4.NF.2", statement="Compare fractions")
NF3 = StandardInfo(id="nf3", code="4.NF.3", statement="Add fractions", prerequisites=("nf1", "nf2", "old"))
BY_ID = {s.id: s for s in (NF1, NF2, NF3)}
OCT3 = date(2024, 10, 3)


def cell(standard_id: str, value: float | None, latest: float | None = None, day: date | None = OCT3,
         student: str = "ana") -> MasteryCell:
    return MasteryCell(student_id=student, standard_id=standard_id, value=value,
                       mastered=value is not None and value >= 3, count=0 if value is None else 3,
                       latest_level=latest, latest_date=None if value is None else day)


def ready(cells: list[MasteryCell], extend_at: float | None = None) -> ReadinessResult:
    return readiness_for("ana", NF3, {c.standard_id: c for c in cells}, BY_ID, cutoff=3, top_level=4,
                         extend_at=extend_at)


MASTERED_PREREQS = [cell("nf1", 3.2, 3), cell("nf2", 3.0, 3)]


def test_unmastered_prerequisite_means_foundations_with_its_value() -> None:
    result = ready([cell("nf1", 2.0, 2), cell("nf2", 3.4, 4), cell("nf3", 3.8, 4)])
    assert result.readiness is Readiness.FOUNDATIONS
    assert result.reason == "Prerequisite 4.NF.1 not mastered (2.0)"
    assert result.missing_prerequisites == ("nf1",)
    assert result.student_id == "ana" and result.standard_id == "nf3"


def test_unassessed_prerequisites_are_named_together() -> None:
    result = ready([])
    assert result.readiness is Readiness.FOUNDATIONS
    assert result.reason == "Prerequisites 4.NF.1, 4.NF.2 not yet assessed"
    assert result.missing_prerequisites == ("nf1", "nf2")


def test_low_and_unassessed_prerequisites_are_both_reported() -> None:
    result = ready([cell("nf1", 1.5, 1)])
    assert result.reason == "Prerequisite 4.NF.1 not mastered (1.5); prerequisite 4.NF.2 not yet assessed"


def test_high_mastery_with_a_strong_latest_level_means_extend() -> None:
    result = ready([*MASTERED_PREREQS, cell("nf3", 3.72, 4)])
    assert result.readiness is Readiness.EXTEND
    assert result.reason == "Mastered (3.7); latest 4 on 3 Oct"
    assert result.missing_prerequisites == ()


def test_high_mastery_with_a_weak_latest_level_stays_in_practice() -> None:
    result = ready([*MASTERED_PREREQS, cell("nf3", 3.6, 2, day=date(2024, 9, 14))])
    assert result.readiness is Readiness.PRACTICE
    assert result.reason == "Mastered (3.6); latest 2 on 14 Sep"


def test_extend_threshold_can_be_chosen() -> None:
    assert ready([*MASTERED_PREREQS, cell("nf3", 3.2, 3)]).readiness is Readiness.PRACTICE
    assert ready([*MASTERED_PREREQS, cell("nf3", 3.2, 3)], extend_at=3.0).readiness is Readiness.EXTEND


def test_close_to_the_cutoff_means_practice() -> None:
    result = ready([*MASTERED_PREREQS, cell("nf3", 2.6, 3)])
    assert result.readiness is Readiness.PRACTICE
    assert result.reason == "Close: 2.6, latest 3 on 3 Oct"


def test_far_below_the_cutoff_means_reteach() -> None:
    result = ready([*MASTERED_PREREQS, cell("nf3", 1.4, 1)])
    assert result.readiness is Readiness.RETEACH
    assert result.reason == "Latest 1 on 3 Oct (1.4)"


def test_no_evidence_on_the_focus_means_reteach() -> None:
    result = ready(MASTERED_PREREQS)
    assert result.readiness is Readiness.RETEACH
    assert result.reason == "No evidence yet on 4.NF.3"


def test_half_levels_and_dates_print_without_padding_or_locale() -> None:
    result = ready([*MASTERED_PREREQS, cell("nf3", 2.34, 2.5, day=date(2025, 1, 9))])
    assert result.reason == "Close: 2.3, latest 2.5 on 9 Jan"
    assert format_day(date(2024, 12, 25)) == "25 Dec"


def test_class_readiness_keeps_the_given_student_order() -> None:
    cells = {
        "bo": {c.standard_id: c for c in [*MASTERED_PREREQS, cell("nf3", 3.9, 4, student="bo")]},
        "ana": {c.standard_id: c for c in MASTERED_PREREQS},
    }
    results = class_readiness(["cy", "bo", "ana"], NF3, cells, BY_ID, cutoff=3, top_level=4)
    assert [(r.student_id, r.readiness) for r in results] == [
        ("cy", Readiness.FOUNDATIONS),
        ("bo", Readiness.EXTEND),
        ("ana", Readiness.RETEACH),
    ]
    assert results[0].reason == "Prerequisites 4.NF.1, 4.NF.2 not yet assessed"
