"""Printing group cards and the lesson summary, for a saved plan or for suggested groups.

With no plan named, the groups are the suggestion for the class's next focus: the first
standard, in learning-path order, that fewer than 80% of the class have mastered.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import N_, _
from classroom_desktop.reports.group_cards import CardGroup, Lesson, cards_pdf, summary_pdf
from classroom_desktop.services.groups import groups_of
from classroom_desktop.services.printing import Cancelled, PrintOptions, Progress
from classroom_desktop.sync.atomic import write_atomic

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom

CANCELLED_MESSAGE = N_("Printing was cancelled; no file was written.")


def lesson_groups(classroom: Classroom, options: PrintOptions) -> tuple[Lesson, list[CardGroup]]:
    """The lesson and its groups as they print (a saved plan, or suggested groups for the next focus)."""
    service = groups_of(classroom)
    names = {s.id: s.display_name for s in classroom.students.list(options.class_id, include_archived=True)}
    klass = classroom.classes.get(options.class_id)
    if options.plan_id:
        plan = service.plan(options.plan_id)
        if plan.class_id != options.class_id:
            klass = classroom.classes.get(plan.class_id)
            names = {
                s.id: s.display_name for s in classroom.students.list(plan.class_id, include_archived=True)
            }
        focus = [classroom.curriculum.standard(fid) for fid in plan.focus_ids]
        groups = [
            CardGroup(
                g.name,
                [names.get(s, classroom.students.get(s).display_name) for s in g.student_ids],
                g.activity,
                g.materials,
                g.teacher_led,
            )
            for g in plan.groups
        ]
        return Lesson(klass.name, plan.plan_date, plan.lesson, [(f.code, f.statement) for f in focus]), groups
    standard = service.next_focus(options.class_id)
    if standard is None:
        raise UserError(
            _(
                "Every standard is mastered by at least 80% of {class_name}, so there is no next focus "
                "to suggest groups for. Save a group plan and print that one instead."
            ).format(class_name=klass.name)
        )
    suggestion = service.suggest(options.class_id, [standard.id])
    groups = [
        CardGroup(g.name, [names[s] for s in g.student_ids], g.activity, "", g.teacher_led)
        for g in suggestion.groups
    ]
    focus_line = [(standard.code, standard.statement)]
    return Lesson(klass.name, classroom.clock.today(), "Suggested groups", focus_line), groups


def _write(out: Path, data: bytes, cancelled: Cancelled) -> Path:
    if cancelled():
        raise UserError(_(CANCELLED_MESSAGE))
    out = Path(out)
    if not out.parent.exists():
        raise UserError(
            _("The folder {folder} does not exist; choose another place for the PDF.").format(
                folder=out.parent
            )
        )
    write_atomic(out, data)
    return out


def print_cards(
    classroom: Classroom, options: PrintOptions, progress: Progress, cancelled: Cancelled
) -> Path:
    """One card per group, four to a page with cut lines."""
    progress(0, 1, _("Reading the groups…"))
    lesson, groups = lesson_groups(classroom, options)

    def on_card(done: int, total: int) -> None:
        if cancelled():
            raise UserError(_(CANCELLED_MESSAGE))
        progress(done, total + 1, _("Card {done} of {total}").format(done=done, total=total))

    data = cards_pdf(lesson, groups, options.paper, on_card)
    path = _write(options.out, data, cancelled)
    progress(1, 1, _("Done"))
    return path


def print_summary(
    classroom: Classroom, options: PrintOptions, progress: Progress, cancelled: Cancelled
) -> Path:
    """The one-page lesson summary: date, focus, and every group with members and activity."""
    progress(0, 1, _("Reading the groups…"))
    lesson, groups = lesson_groups(classroom, options)
    data = summary_pdf(lesson, groups, options.paper)
    path = _write(options.out, data, cancelled)
    progress(1, 1, _("Done"))
    return path
