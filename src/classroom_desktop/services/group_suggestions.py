"""Suggesting a lesson's groups: the focus a teacher is most likely planning, readiness groups,
kept keep-apart/keep-together constraints, and the students ready to be assessed.

Part of :class:`classroom_desktop.services.groups.Groups` (mixed in), split off along its seam:
this side only reads (constraints are kept as a class option); plans are saved in ``groups.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.grouping import (
    DEFAULT_MAX_SIZE,
    GroupingOptions,
    SuggestedGroup,
    suggest_groups,
)
from classroom_desktop.domain.types import Readiness, ReadinessResult, StandardInfo
from classroom_desktop.i18n import _, program_translator
from classroom_desktop.services.datawall import KeptTables
from classroom_desktop.services.views import MasteryTable
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.models import GroupPlan, LearnerProfile, LearningPlan, PlanStep, Standard

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom

#: The class option that keeps the teacher's keep-apart pairs and keep-together sets.
CONSTRAINTS_OPTION = "grouping_constraints"
#: The learning-plan step status of a student who is ready to be assessed.
READY_STATUS = "ready_to_assess"
#: The next focus is the first standard (in learning-path order) mastered by fewer than this share.
NEXT_FOCUS_SHARE = 0.8


@dataclass(frozen=True)
class Constraints:
    """The teacher's kept grouping constraints for a class (student ids)."""

    keep_apart: tuple[tuple[str, str], ...] = ()
    keep_together: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class FocusCount:
    """How many of the class have mastered a standard, and how many are ready to learn it."""

    standard: StandardInfo
    mastered: int
    ready: int
    total: int

    @property
    def label(self) -> str:
        """ "mastered by 17 of 28" """
        return _("mastered by {count} of {total}").format(count=self.mastered, total=self.total)


@dataclass(frozen=True)
class Suggestion:
    """Suggested groups with what they were made from; ``unmet``: requests that could not be honoured."""

    focus_ids: tuple[str, ...]
    groups: list[SuggestedGroup]
    unmet: list[str]
    readiness: dict[str, list[ReadinessResult]] = field(default_factory=dict)
    table: MasteryTable | None = None
    #: What the teacher should know (a student alone at a level placed with the nearest group).
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ReadyStudent:
    student_id: str
    name: str
    standard_id: str
    code: str
    statement: str


class GroupSuggestions:
    """Suggestions for a class's lesson (mixed into ``Groups``, which sets ``self._c``)."""

    _c: Classroom
    _tables: KeptTables | None = None

    def mastery_table(self, class_id: str) -> MasteryTable:
        """The class's mastery table; the one read last is given again while no write was made since
        (each Suggest groups read it afresh: a third of its time on a secondary class)."""
        if self._tables is None:
            self._tables = KeptTables(self._c, classes=1)
        return self._tables.table(class_id)

    # ---- constraints --------------------------------------------------------------------
    def constraints(self, class_id: str) -> Constraints:
        raw = self._c.classes.options(class_id).get(CONSTRAINTS_OPTION) or {}
        apart = tuple((str(p[0]), str(p[1])) for p in raw.get("keep_apart", []) if len(p) == 2)
        together = tuple(
            tuple(str(s) for s in group) for group in raw.get("keep_together", []) if len(group) >= 2
        )
        return Constraints(apart, together)

    def set_constraints(
        self, class_id: str, keep_apart: Sequence[tuple[str, str]], keep_together: Sequence[Sequence[str]]
    ) -> ChangeSet:
        """Keep the teacher's constraints for the class (pairs of one student are refused)."""
        for a, b in keep_apart:
            if a == b:
                raise UserError(
                    _("A student cannot be kept apart from themselves; choose two different students.")
                )
        sets = [list(dict.fromkeys(s)) for s in keep_together]
        if any(len(s) < 2 for s in sets):
            raise UserError(_("A keep-together set needs at least two different students."))
        value = {"keep_apart": [list(p) for p in keep_apart], "keep_together": sets}
        return self._c.classes.set_option(class_id, CONSTRAINTS_OPTION, value)

    # ---- suggestions --------------------------------------------------------------------
    def suggest(
        self, class_id: str, focus_ids: Sequence[str], options: GroupingOptions | None = None
    ) -> Suggestion:
        """Groups by readiness on one focus standard, or by mastery on several, honouring kept constraints."""
        focus = list(dict.fromkeys(focus_ids))
        if not focus:
            raise UserError(_("Choose at least one focus standard for the lesson."))
        # Without the teacher's own choice, groups are small enough to run (the Today page's default).
        options = options or GroupingOptions(max_size=DEFAULT_MAX_SIZE)
        table = self.mastery_table(class_id)
        readiness = {fid: self._c.evidence.readiness(class_id, fid, table) for fid in focus}
        kept = self.constraints(class_id)
        merged = GroupingOptions(
            group_count=options.group_count,
            max_size=options.max_size,
            balanced=options.balanced,
            keep_apart=list(dict.fromkeys([*options.keep_apart, *kept.keep_apart])),
            keep_together=[*options.keep_together, *(frozenset(s) for s in kept.keep_together)],
            spread_accommodations=options.spread_accommodations,
        )
        students = [(s.id, s.display_name) for s in table.students]
        mastery = None
        if len(focus) > 1:
            mastery = {s.id: [table.cell(s.id, fid).value for fid in focus] for s in table.students}
        result = suggest_groups(
            students,
            {r.student_id: r for r in readiness[focus[0]]},
            merged,
            self.with_accommodations([sid for sid, _ in students]),
            mastery,
            say=program_translator(),
        )
        return Suggestion(tuple(focus), result.groups, result.unmet, readiness, table, result.notes)

    def with_accommodations(self, student_ids: Sequence[str]) -> set[str]:
        return {sid for sid, text in self.profile_marks(student_ids).items() if text[0]}

    def profile_marks(self, student_ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        """(accommodations, interests) text by student id, for the small marks on student cards."""
        with self._c.db.reading() as tx:
            rows = tx.all(
                LearnerProfile,
                LearnerProfile.student_id.in_(list(student_ids)),
                order_by=[LearnerProfile.created_at],
            )
        marks: dict[str, tuple[str, str]] = {}
        for row in rows:
            marks.setdefault(
                row.student_id, ((row.accommodations or "").strip(), (row.interests or "").strip())
            )
        return {sid: marks.get(sid, ("", "")) for sid in student_ids}

    def next_focus(self, class_id: str, table: MasteryTable | None = None) -> StandardInfo | None:
        """The first standard in learning-path order that fewer than 80% of the class have mastered."""
        klass = self._c.classes.get(class_id)
        if not klass.framework_id:
            return None
        table = table or self.mastery_table(class_id)
        count = len(table.students)
        for standard in self._c.curriculum.learning_path(klass.framework_id):
            mastered = 0
            for s in table.students:
                cell = table.cell(s.id, standard.id)
                mastered += cell.value is not None and (cell.mastered or table.scale.is_mastered(cell.value))
            if count and mastered < NEXT_FOCUS_SHARE * count:
                return standard
        return None

    def ready_to_assess(self, class_id: str) -> list[ReadyStudent]:
        """Students of the class whose learning-plan step is ready to be assessed, by name."""
        names = {s.id: s for s in self._c.students.list(class_id)}
        with self._c.db.reading() as tx:
            plans = {
                p.id: p.student_id
                for p in tx.all(LearningPlan, LearningPlan.student_id.in_(list(names)))
                if p.class_id in (None, class_id)
            }
            steps = (
                tx.all(
                    PlanStep,
                    PlanStep.plan_id.in_(list(plans)),
                    PlanStep.status == READY_STATUS,
                    order_by=[PlanStep.position],
                )
                if plans
                else []
            )
            standards = {s.id: s for s in tx.all(Standard, Standard.id.in_([st.standard_id for st in steps]))}
        found = [
            ReadyStudent(
                plans[st.plan_id],
                names[plans[st.plan_id]].display_name,
                st.standard_id,
                standards[st.standard_id].code,
                standards[st.standard_id].statement,
            )
            for st in steps
            if st.standard_id in standards
        ]
        return sorted(found, key=lambda r: (names[r.student_id].sort_key, r.code))

    # ---- the lesson's focus ---------------------------------------------------------------
    def focus_counts(self, class_id: str, table: MasteryTable | None = None) -> list[FocusCount]:
        """Every standard of the class's learning path with "mastered by N of M" and how many are ready.

        Ready: neither mastered nor held back by a prerequisite (readiness other than foundations).
        """
        klass = self._c.classes.get(class_id)
        if not klass.framework_id:
            return []
        table = table or self.mastery_table(class_id)
        total = len(table.students)
        counts = []
        for standard in self._c.curriculum.learning_path(klass.framework_id):
            mastered = sum(
                1
                for s in table.students
                if (cell := table.cell(s.id, standard.id)).value is not None
                and (cell.mastered or table.scale.is_mastered(cell.value))
            )
            ready = total - mastered
            if standard.prerequisites:
                held = sum(
                    1
                    for r in self._c.evidence.readiness(class_id, standard.id, table)
                    if r.readiness is Readiness.FOUNDATIONS
                )
                ready = max(0, ready - held)
            counts.append(FocusCount(standard, mastered, ready, total))
        return counts

    def last_plan_focus(self, class_id: str, before: date | None = None) -> str | None:
        """The first focus standard of the class's latest saved plan (on or before ``before``)."""
        day = (before or self._c.clock.today()).isoformat()
        with self._c.db.reading() as tx:
            rows = tx.all(GroupPlan, GroupPlan.class_id == class_id, GroupPlan.plan_date <= day)
        rows = [r for r in rows if r.focus_standard_ids]
        if not rows:
            return None
        latest = max(rows, key=lambda r: (r.plan_date, r.created_at))
        return str(latest.focus_standard_ids[0])

    def suggested_focus(self, class_id: str, table: MasteryTable | None = None) -> StandardInfo | None:
        """The lesson the teacher is most likely planning.

        The last lesson's focus while it is not yet mastered by most of the class (more than half);
        otherwise the first standard in learning-path order that most are ready for and fewer than
        half have mastered; otherwise the first not yet mastered by 80% (:meth:`next_focus`).
        """
        counts = self.focus_counts(class_id, table)
        by_id = {c.standard.id: c for c in counts}
        last = self.last_plan_focus(class_id)
        if last in by_id and by_id[last].mastered * 2 <= by_id[last].total:
            return by_id[last].standard
        for c in counts:
            if c.total and c.mastered * 2 <= c.total and c.ready * 2 > c.total:
                return c.standard
        return self.next_focus(class_id, table)

