"""The proficiency scale: labels, mastery cut-off, level checks and storage."""

from __future__ import annotations

import pytest

from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.scale import Level, ProficiencyScale


@pytest.fixture
def scale() -> ProficiencyScale:
    return ProficiencyScale.default()


def test_default_scale_levels_and_descriptors(scale: ProficiencyScale) -> None:
    assert scale.name == "Default"
    assert [(lv.value, lv.label) for lv in scale.levels] == [
        (1, "Beginning"), (2, "Developing"), (3, "Proficient"), (4, "Advanced"),
    ]
    assert scale.cutoff == 3
    assert (scale.minimum, scale.maximum, scale.values) == (1, 4, (1, 2, 3, 4))
    for level in scale.levels:
        assert level.descriptor.endswith(".") and level.descriptor.count(".") == 1


@pytest.mark.parametrize(
    ("value", "label"),
    [(3.48, "Proficient"), (3.0, "Proficient"), (2.94, "Developing"), (2.97, "Proficient"), (4.0, "Advanced"),
     (1.0, "Beginning"), (0.5, "Beginning"), (9, "Advanced")],
)
def test_label_is_the_level_at_or_below(scale: ProficiencyScale, value: float, label: str) -> None:
    assert scale.label_for(value) == label


def test_is_mastered_at_the_cutoff(scale: ProficiencyScale) -> None:
    assert scale.is_mastered(3.0)
    assert scale.is_mastered(3.48)
    assert scale.is_mastered(2.99)  # shown as 3.0: decided on the value as shown (issue 14.4)
    assert not scale.is_mastered(2.94)
    assert not scale.is_mastered(None)


@pytest.mark.parametrize(("raw", "level"), [(3, 3), ("3", 3), (" 4 ", 4), (2.0, 2), ("1.0", 1)])
def test_validate_level_accepts_whole_levels(scale: ProficiencyScale, raw: object, level: int) -> None:
    assert scale.validate_level(raw) == level


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (4.5, "4.5 is not a level on the scale 'Default' (use 1, 2, 3 or 4)."),
        (5, "5 is not a level on the scale 'Default' (use 1, 2, 3 or 4)."),
        ("0", "0 is not a level on the scale 'Default' (use 1, 2, 3 or 4)."),
        ("three", "three is not a level on the scale 'Default' (use 1, 2, 3 or 4)."),
        ("", "The level is blank; enter a level on the scale 'Default' (use 1, 2, 3 or 4)."),
        (True, "True is not a level on the scale 'Default' (use 1, 2, 3 or 4)."),
    ],
)
def test_validate_level_explains_bad_values(scale: ProficiencyScale, raw: object, message: str) -> None:
    with pytest.raises(UserError) as info:
        scale.validate_level(raw)
    assert str(info.value) == message


def test_clamp_keeps_values_on_the_scale(scale: ProficiencyScale) -> None:
    assert scale.clamp(0.2) == 1.0
    assert scale.clamp(4.7) == 4.0
    assert scale.clamp(2.5) == 2.5


def test_json_round_trip(scale: ProficiencyScale) -> None:
    custom = ProficiencyScale("Five step", tuple(Level(v, f"L{v}", f"Step {v}.") for v in range(5)), 2.5)
    for s in (scale, custom):
        assert ProficiencyScale.from_json(s.to_json()) == s


def test_damaged_json_is_a_user_error() -> None:
    with pytest.raises(UserError, match="damaged"):
        ProficiencyScale.from_json({"name": "X", "cutoff": 2})


@pytest.mark.parametrize(
    ("levels", "cutoff", "message"),
    [
        ((Level(1, "Only"),), 1, "at least two levels"),
        ((Level(1, "A"), Level(1, "B")), 1.5, "same value"),
        ((Level(2, "A"), Level(1, "B")), 1.5, "lowest to highest"),
        ((Level(1, "A"), Level(2, "B")), 3, "cut-off 3 must be above the lowest level (1)"),
        ((Level(1, "A"), Level(2, "B")), 1, "cut-off 1 must be above"),
        ((Level(1, "A"), Level(2, " ")), 2, "Level 2 on the scale 'Mine' needs a label"),
    ],
)
def test_invalid_scales_are_refused(levels: tuple[Level, ...], cutoff: float, message: str) -> None:
    with pytest.raises(UserError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ProficiencyScale("Mine", levels, cutoff)
