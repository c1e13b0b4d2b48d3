"""Printing unit trackers, helper cards and re-assessment slips (issue 17, points 1, 2 and 5):
the services read the class, the reports draw it. Used by the window and the command line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.scale import as_shown
from classroom_desktop.i18n import _
from classroom_desktop.reports.helper_cards import HelperCard, helper_cards_pdf
from classroom_desktop.reports.reassessment_slips import Slip, reassessment_slips_pdf
from classroom_desktop.reports.unit_tracker import TrackerGroup, TrackerRow, UnitSheet, unit_tracker_pdf
from classroom_desktop.services.printing import Cancelled, PrintOptions, Progress
from classroom_desktop.sync.atomic import write_atomic

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom
    from classroom_desktop.services.reassessment import ReadyMark


def _step(progress: Progress, cancelled: Cancelled) -> Callable[[int, int], None]:
    def on_part(done: int, total: int) -> None:
        if cancelled():
            raise UserError(_("Printing was cancelled; no file was written."))
        progress(done, total + 1, _("Page part {done} of {total}").format(done=done, total=total))

    return on_part


def _write(out: Path, data: bytes, cancelled: Cancelled, progress: Progress) -> Path:
    if cancelled():
        raise UserError(_("Printing was cancelled; no file was written."))
    out = Path(out)
    if not out.parent.exists():
        raise UserError(_("The folder {folder} does not exist; choose another place for the PDF.").format(
            folder=out.parent))
    write_atomic(out, data)
    progress(1, 1, _("Done"))
    return out


def print_unit_tracker(classroom: Classroom, options: PrintOptions, progress: Progress,
                       cancelled: Cancelled) -> Path:
    """One page per group: the unit's problem and end task, and each member's skills."""
    progress(0, 1, _("Reading the unit…"))
    units = classroom.units.list(options.class_id)
    if not units:
        raise UserError(_("This class has no unit yet. Make one on the Units page first."))
    unit_id = options.unit_id or units[0].id
    table = classroom.evidence.mastery_table(options.class_id)
    report = classroom.units.report(unit_id, table, options.plan_id)
    by_student = {s.student_id: s for s in report.students}
    groups = []
    for line in report.groups:
        rows = []
        for sid in line.progress.members:
            cells = [table.cell(sid, s.id) for s in report.standards]
            rows.append(TrackerRow(
                by_student[sid].name,
                [f"{as_shown(c.value):.1f}" if c.value is not None else "" for c in cells],
                [c.mastered for c in cells],
                by_student[sid].summary,
            ))
        groups.append(TrackerGroup(line.name, line.summary, rows))
    sheet = UnitSheet(classroom.classes.get(options.class_id).name, report.unit.name,
                      report.unit.driving_problem, report.unit.end_task,
                      [(s.code, s.statement) for s in report.standards], [s.code for s in report.foundations])
    data = unit_tracker_pdf(sheet, groups, options.paper, _step(progress, cancelled))
    return _write(options.out, data, cancelled, progress)


def print_helpers(classroom: Classroom, options: PrintOptions, progress: Progress,
                  cancelled: Cancelled) -> Path:
    """"Ask me about …" cards for the standard's helpers (default: the class's next focus)."""
    progress(0, 1, _("Finding the helpers…"))
    standard_id = options.standard_id
    if standard_id is None:
        focus = classroom.groups.next_focus(options.class_id)
        if focus is None:
            raise UserError(_("Say which standard the helper cards are for."))
        standard_id = focus.id
    board = classroom.peer_help.board(options.class_id, standard_id)
    cards = [HelperCard(h.code if options.anonymous else h.name, board.code, board.statement,
                        [] if options.anonymous else [name for _sid, name in h.learners])
             for h in board.helpers]
    data = helper_cards_pdf(classroom.classes.get(options.class_id).name, cards, options.paper,
                            _step(progress, cancelled))
    return _write(options.out, data, cancelled, progress)


def _marked(mark: ReadyMark) -> str:
    who = _("the student said so") if mark.marked_by == "student" else _("the teacher said so")
    return _("Ready since {day} ({who})").format(day=mark.marked_on.isoformat(), who=who)


def print_reassessment(classroom: Classroom, options: PrintOptions, progress: Progress,
                       cancelled: Cancelled) -> Path:
    """A slip for each student marked ready to be re-assessed (or for one student)."""
    progress(0, 1, _("Reading who is ready…"))
    marks = classroom.reassessment.ready(options.class_id, options.student_id)
    scale = classroom.evidence.mastery_table(options.class_id).scale
    levels = [f"{level.value} {level.label}" for level in scale.levels]
    slips = [
        Slip(n, m.name, m.code, m.statement, _marked(m), m.note,
             [(a.observed_on.isoformat(), a.kind, a.label) for a in m.attempts], m.since, levels)
        for n, m in enumerate(marks, start=1)
    ]
    data = reassessment_slips_pdf(classroom.classes.get(options.class_id).name, slips, options.paper,
                                  _step(progress, cancelled))
    return _write(options.out, data, cancelled, progress)
