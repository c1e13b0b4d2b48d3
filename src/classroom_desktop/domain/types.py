"""Plain value types shared by the domain, the services and the views."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import NamedTuple

from classroom_desktop.domain.words import N_

EVIDENCE_KINDS: tuple[str, ...] = (
    "quiz",
    "observation",
    "conversation",
    "product",
    "self-assessment",
)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One observation of one student on one standard (insert-only).

    ``supersedes`` names the evidence this row corrects. A correction with ``level``
    None withdraws the evidence it supersedes (the teacher pressed Delete).
    """

    id: str
    student_id: str
    standard_id: str
    level: float | None
    observed_on: date
    entered_at: datetime
    kind: str = "observation"
    note: str = ""
    supersedes: str | None = None


class MasteryMethod(StrEnum):
    DECAYING_AVERAGE = "decaying_average"
    WEIGHTED_AVERAGE = "weighted_average"
    N_TIMES = "n_times"
    MOST_RECENT = "most_recent"
    HIGHEST = "highest"
    MEAN = "mean"
    MODE = "mode"
    POWER_LAW = "power_law"

    @property
    def label(self) -> str:
        return {
            "decaying_average": "Decaying average",
            "weighted_average": "Weighted average",
            "n_times": "n times at the cut-off",
            "most_recent": "Most recent",
            "highest": "Highest",
            "mean": "Mean",
            "mode": "Mode",
            "power_law": "Power law (trend)",
        }[self.value]


@dataclass(frozen=True, slots=True)
class MasteryConfig:
    """How a class turns evidence into mastery."""

    method: MasteryMethod = MasteryMethod.DECAYING_AVERAGE
    weight: float = 0.65
    n: int = 3


class MasteryCell(NamedTuple):
    """A student's mastery on one standard, as the gradebook shows it.

    A NamedTuple rather than a dataclass: a school's mastery table makes ~150,000 of them,
    and tuples are built several times faster.
    """

    student_id: str
    standard_id: str
    value: float | None  # None: no evidence yet
    mastered: bool
    count: int  # type: ignore[assignment]  # shadows tuple.count on purpose: the evidence count
    latest_level: float | None
    latest_date: date | None


class Readiness(StrEnum):
    FOUNDATIONS = "foundations"
    RETEACH = "reteach"
    PRACTICE = "practice"
    EXTEND = "extend"

    @property
    def label(self) -> str:
        """The category's name in English; the window shows it through ``_()``."""
        return {
            "foundations": N_("Needs foundations"),
            "reteach": N_("Reteach"),
            "practice": N_("Practice"),
            "extend": N_("Extend"),
        }[self.value]


@dataclass(frozen=True, slots=True)
class ReadinessResult:
    student_id: str
    standard_id: str
    readiness: Readiness
    reason: str
    missing_prerequisites: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StandardInfo:
    """A standard as the domain needs it for paths and readiness."""

    id: str
    code: str
    statement: str
    strand_position: int = 0
    position: int = 0
    prerequisites: tuple[str, ...] = field(default_factory=tuple)
    strand_id: str | None = None
    description: str = ""
