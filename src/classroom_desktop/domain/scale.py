"""The proficiency scale: ordered levels and the cut-off that counts as mastered."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.words import N_


@dataclass(frozen=True)
class Level:
    """One step on a proficiency scale."""

    value: int
    label: str
    descriptor: str = ""


def as_shown(value: float) -> float:
    """A mastery value rounded half up to one decimal, the way every page and print shows it.

    Mastery is decided on this number (see :meth:`ProficiencyScale.is_mastered`), so the
    number, the level's label and colour and the word "mastered" always agree.
    """
    return math.floor(value * 10 + 0.5 + 1e-9) / 10


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@dataclass(frozen=True)
class ProficiencyScale:
    """Ordered levels with a mastery cut-off.

    Attributes:
        name: What the teacher calls the scale ("Default").
        levels: The levels, with distinct values in ascending order.
        cutoff: A mastery value at or above this counts as mastered. It lies above the
            lowest level and at or below the highest one.
    """

    name: str
    levels: tuple[Level, ...]
    cutoff: float

    def __post_init__(self) -> None:
        name = self.name.strip() if isinstance(self.name, str) else ""
        if not name:
            raise UserError(N_("The scale needs a name."))
        if len(self.levels) < 2:
            raise UserError(N_("The scale '{name}' needs at least two levels."), name=name)
        values = [level.value for level in self.levels]
        for level in self.levels:
            if isinstance(level.value, bool) or not isinstance(level.value, int):
                raise UserError(N_("Level values on the scale '{name}' must be whole numbers."), name=name)
            if not level.label.strip():
                raise UserError(
                    N_("Level {level} on the scale '{name}' needs a label."), level=level.value, name=name
                )
        if len(set(values)) != len(values):
            raise UserError(
                N_("Two levels on the scale '{name}' have the same value; each needs its own."), name=name
            )
        if values != sorted(values):
            raise UserError(N_("The levels on the scale '{name}' must go from lowest to highest."), name=name)
        cutoff = self.cutoff
        if isinstance(cutoff, bool) or not isinstance(cutoff, int | float) or math.isnan(cutoff):
            raise UserError(N_("The mastery cut-off on the scale '{name}' must be a number."), name=name)
        if not values[0] < self.cutoff <= values[-1]:
            raise UserError(
                N_(
                    "The mastery cut-off {cutoff} must be above the lowest level ({lowest}) and at most "
                    "the highest level ({highest}) on the scale '{name}'."
                ),
                cutoff=_number_text(self.cutoff),
                lowest=values[0],
                highest=values[-1],
                name=name,
            )

    @classmethod
    def default(cls) -> ProficiencyScale:
        """The four-level scale most schools use, with mastery at Proficient (3)."""
        return cls(
            name="Default",
            levels=(
                Level(1, N_("Beginning"),
                      N_("Can do parts of this with help, and is just starting to learn it.")),
                Level(2, N_("Developing"),
                      N_("Can do the simpler parts alone, but still makes important mistakes.")),
                Level(3, N_("Proficient"),
                      N_("Can do this correctly and independently; this is the goal.")),
                Level(4, N_("Advanced"),
                      N_("Can do this with ease, apply it in new situations and explain it.")),
            ),
            cutoff=3,
        )

    @property
    def minimum(self) -> int:
        return self.levels[0].value

    @property
    def maximum(self) -> int:
        return self.levels[-1].value

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(level.value for level in self.levels)

    def label_for(self, value: float) -> str:
        """The label of the highest level at or below ``value`` as shown (3.48 -> "Proficient").

        The value is first rounded as the teacher sees it (2.97 shows as 3.0: "Proficient").
        Values below the lowest level get the lowest label.
        """
        label = self.levels[0].label
        value = as_shown(value)
        for level in self.levels:
            if level.value <= value:
                label = level.label
            else:
                break
        return label

    def is_mastered(self, value: float | None) -> bool:
        """Whether a mastery value, as shown to one decimal, reaches the cut-off (no value: never).

        The decision is made on the number the teacher reads: 2.97 shows as "3.0" and is
        mastered at a cut-off of 3; 2.94 shows as "2.9" and is not.
        """
        return value is not None and as_shown(value) >= self.cutoff

    def highest_below_cutoff(self) -> int:
        """The highest level value strictly below the cut-off."""
        return max(v for v in self.values if v < self.cutoff)

    def validate_level(self, value: object) -> int:
        """Check a level a teacher typed or imported and return it as an int.

        Accepts ints, whole-number floats (3.0) and text holding a whole number (" 3 ").

        Raises:
            UserError: The value is blank, not a number, or not one of the scale's levels.
        """
        texts = [str(v) for v in self.values]
        where = {"scale": self.name, "levels": ", ".join(texts[:-1]), "last": texts[-1]}
        if value is None or (isinstance(value, str) and not value.strip()):
            raise UserError(
                N_("The level is blank; enter a level on the scale '{scale}' (use {levels} or {last})."),
                **where,
            )
        number: float | None = None
        shown = value.strip() if isinstance(value, str) else value
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int | float):
            number = float(value)
            shown = _number_text(value) if math.isfinite(value) else value
        elif isinstance(value, str):
            try:
                number = float(value.strip())
            except ValueError:
                number = None
        if number is None or not math.isfinite(number) or not number.is_integer():
            raise UserError(
                N_("{value} is not a level on the scale '{scale}' (use {levels} or {last})."),
                value=shown,
                **where,
            )
        level = int(number)
        if level not in self.values:
            raise UserError(
                N_("{value} is not a level on the scale '{scale}' (use {levels} or {last})."),
                value=level,
                **where,
            )
        return level

    def clamp(self, x: float) -> float:
        """``x`` limited to the range from the lowest to the highest level."""
        return float(min(max(x, self.minimum), self.maximum))

    def to_json(self) -> dict[str, Any]:
        """A plain dict for storage; :meth:`from_json` reads it back."""
        return {
            "name": self.name,
            "cutoff": self.cutoff,
            "levels": [
                {"value": lv.value, "label": lv.label, "descriptor": lv.descriptor} for lv in self.levels
            ],
        }

    @classmethod
    def from_json(cls, d: Any) -> ProficiencyScale:
        """Rebuild a scale from :meth:`to_json` output.

        Raises:
            UserError: The data is not a scale, or describes an invalid one.
        """
        try:
            levels = tuple(
                Level(
                    value=int(item["value"]),
                    label=str(item["label"]),
                    descriptor=str(item.get("descriptor", "")),
                )
                for item in d["levels"]
            )
            cutoff = d["cutoff"]
            if isinstance(cutoff, str):
                cutoff = float(cutoff)
            name = str(d["name"])
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise UserError(N_("The saved proficiency scale is damaged and cannot be read.")) from exc
        return cls(name=name, levels=levels, cutoff=cutoff)
