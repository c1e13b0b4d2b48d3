"""The board's cards: each student's level on the focus standard(s), profile marks and why they are there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from classroom_desktop.i18n import _, program_translator
from classroom_desktop.services.groups import PlanView, groups_of
from classroom_desktop.services.views import MasteryTable
from classroom_desktop.ui.board_parts import BoardGroup, BoardStudent


def student_cards(
    classroom: Any, table: MasteryTable, focus_ids: list[str], reasons: dict[str, str] | None = None
) -> dict[str, BoardStudent]:
    """The board's cards for a class, in class order: level on the focus standard(s), profile marks and
    why each student is where they are (``reasons``; else their readiness on a single focus standard).
    """
    from classroom_desktop.charts.palette import NO_EVIDENCE, level_colour

    if reasons is None and len(focus_ids) == 1 and any(s.id == focus_ids[0] for s in table.standards):
        reasons = {
            r.student_id: f"{_(r.readiness.label)}: {r.reason}"
            for r in classroom.evidence.readiness(table.class_id, focus_ids[0], table)
        }

    say = program_translator()
    codes = {s.id: s.code for s in table.standards}
    marks = groups_of(classroom).profile_marks([s.id for s in table.students])
    cards: dict[str, BoardStudent] = {}
    for student in table.students:
        parts, colour = [], NO_EVIDENCE
        for index, fid in enumerate(focus_ids):
            value = table.cell(student.id, fid).value
            label = "" if value is None else _(table.scale.label_for(value))
            text = _("no evidence") if value is None else f"{say.mastery(value)} {label}"
            one = _("Level {level}").format(level=text)
            parts.append(f"{codes.get(fid, '?')}: {text}" if len(focus_ids) > 1 else one)
            if index == 0 and value is not None:
                colour = level_colour(value, table.scale.values)
        accommodations, interests = marks[student.id]
        level = " · ".join(parts)
        if level in ("", _("Level {level}").format(level=_("no evidence"))):
            level = _("No evidence yet")
        cards[student.id] = BoardStudent(
            student.id,
            student.display_name,
            level,
            colour,
            accommodations,
            interests,
            (reasons or {}).get(student.id, ""),
        )
    return cards


def plan_groups(plan: PlanView) -> list[BoardGroup]:
    return [
        BoardGroup(g.id, g.name, g.activity, g.teacher_led, g.materials, list(g.student_ids))
        for g in plan.groups
    ]


def unit_lines(
    classroom: Any, class_id: str, focus_ids: list[str], table: MasteryTable | None = None
) -> Callable[[list[BoardGroup]], dict[str, tuple[str, str]]]:
    """What each group's column says about the focus standard's unit (nothing outside a unit): the
    skills everyone in the group mastered and who is ready for the end task, for the board's members,
    and what the group still needs (the tooltip).
    """
    if not focus_ids:
        return lambda _groups: {}
    return lambda groups: classroom.units.group_lines(
        class_id, focus_ids[0], {g.key: g.members for g in groups}, table
    )
