"""Plain values the services return: what the views and reports read. Never ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from classroom_desktop.domain.scale import ProficiencyScale
from classroom_desktop.domain.types import MasteryCell, MasteryConfig, StandardInfo
from classroom_desktop.i18n import N_


def _is_cjk(text: str) -> bool:
    """True when every letter is Han, kana or Hangul."""
    return all(
        0x3040 <= ord(ch) <= 0x30FF or 0x3400 <= ord(ch) <= 0x9FFF or 0xAC00 <= ord(ch) <= 0xD7AF
        or 0x20000 <= ord(ch) <= 0x2FA1F
        for ch in text if not ch.isspace()
    )


@dataclass(frozen=True)
class ClassView:
    id: str
    name: str
    school_year: str
    framework_id: str | None
    mastery: MasteryConfig
    archived: bool
    student_count: int = 0


@dataclass(frozen=True)
class StudentView:
    id: str
    given_name: str
    family_name: str
    preferred_name: str
    student_number: str
    email: str
    display_code: str
    archived: bool

    @property
    def display_name(self) -> str:
        """The name as the class says it; Chinese, Japanese and Korean names family name first."""
        first = self.preferred_name or self.given_name
        if self.family_name and _is_cjk(self.family_name) and _is_cjk(first):
            return f"{self.family_name}{first}"
        return f"{first} {self.family_name}".strip()

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.family_name.casefold(), (self.preferred_name or self.given_name).casefold())


@dataclass(frozen=True)
class Goal:
    text: str
    target: date | None = None


@dataclass(frozen=True)
class ProfileView:
    student_id: str
    strengths: str = ""
    needs: str = ""
    interests: str = ""
    motivations: str = ""
    goals: tuple[Goal, ...] = ()
    learning_preferences: str = ""
    accommodations: str = ""
    languages: str = ""
    notes: str = ""
    home_language: str = ""  #: the family's language code ("es"), or "" for the teacher's


PROFILE_TEXT_FIELDS: tuple[str, ...] = (
    "strengths",
    "needs",
    "interests",
    "motivations",
    "learning_preferences",
    "accommodations",
    "languages",
    "notes",
)
#: How each profile field is named to the teacher (its form label; a conflict over it says the same).
PROFILE_LABELS: dict[str, str] = {
    "strengths": N_("Strengths"),
    "needs": N_("Needs"),
    "interests": N_("Interests"),
    "motivations": N_("Motivations"),
    "learning_preferences": N_("Learning preferences"),
    "accommodations": N_("Accommodations"),
    "languages": N_("Languages"),
    "notes": N_("Notes"),
}


@dataclass(frozen=True)
class FrameworkView:
    id: str
    name: str
    subject: str
    grade: str
    description: str


@dataclass(frozen=True)
class StrandView:
    id: str
    framework_id: str
    code: str
    name: str
    position: int


@dataclass(frozen=True)
class MasteryTable:
    """A class's students × standards, with each cell's mastery."""

    class_id: str
    scale: ProficiencyScale
    config: MasteryConfig
    students: list[StudentView]
    standards: list[StandardInfo]
    strands: list[StrandView]
    cells: dict[tuple[str, str], MasteryCell] = field(default_factory=dict)

    def cell(self, student_id: str, standard_id: str) -> MasteryCell:
        found = self.cells.get((student_id, standard_id))
        if found is None:
            return MasteryCell(student_id, standard_id, None, False, 0, None, None)
        return found

    def for_student(self, student_id: str) -> dict[str, MasteryCell]:
        return {s.id: self.cell(student_id, s.id) for s in self.standards}
