"""Printing choice boards, student trackers and mastery certificates (issue 17's practices).

Each prints in the student's family language and goes through the same safe writing as plans
(one PDF, or one file per student in a folder, never half-written).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.reports import certificates, choice_board_pdf, tracker_pdf
from classroom_desktop.reports.choice_board_pdf import ChoiceBoardDoc, ChoiceOptionRow, ChoiceStepRow
from classroom_desktop.services.celebrations import this_week, week_start
from classroom_desktop.services.choices import choices_of
from classroom_desktop.services.plan_printing import _Batch, _run, report_languages
from classroom_desktop.services.printing import Cancelled, PrintOptions, Progress
from classroom_desktop.services.trackers import trackers_of

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom


def choice_board_doc(classroom: Classroom, student_id: str, name: str, class_id: str, class_name: str,
                     language: str, batch: _Batch) -> ChoiceBoardDoc:
    """One student's choice board as it prints."""
    steps = choices_of(classroom).board(student_id, class_id, batch.table)
    rows = tuple(
        ChoiceStepRow(s.code, s.statement, s.target_on, tuple(
            ChoiceOptionRow(a.title, a.materials or a.link, matched, a.id == s.chosen_id)
            for a, matched in zip(s.options, s.matched, strict=True)
        ))
        for s in steps
    )
    return ChoiceBoardDoc(name, class_name, rows, language)


def _board(classroom: Classroom, options: PrintOptions, batch: _Batch, i: int) -> ChoiceBoardDoc:
    student = batch.students[i]
    return choice_board_doc(classroom, student.id, student.display_name, options.class_id, batch.class_name,
                            batch.languages[student.id], batch)


def print_plans_with_boards(
    classroom: Classroom, options: PrintOptions, progress: Progress, cancelled: Cancelled
) -> Path:
    """Learning plans, each followed by the student's choice board."""
    batch = _Batch(classroom, options)

    def build(out: io.BytesIO, which: list[int], report: Progress, stop: Cancelled) -> None:
        choice_board_pdf.build_plans_with_boards(out, [batch.plan_doc(i) for i in which],
                                                 [_board(classroom, options, batch, i) for i in which],
                                                 options.paper, report, stop)

    names = [s.display_name for s in batch.students]
    return _run(options, "Learning plan", len(names), names, build, progress, cancelled)


def print_choice_boards(
    classroom: Classroom, options: PrintOptions, progress: Progress, cancelled: Cancelled
) -> Path:
    """Choice boards for one student (``options.student_id``) or the whole class."""
    batch = _Batch(classroom, options)

    def build(out: io.BytesIO, which: list[int], report: Progress, stop: Cancelled) -> None:
        docs = [_board(classroom, options, batch, i) for i in which]
        choice_board_pdf.build_choice_boards(out, docs, options.paper, report, stop)

    names = [s.display_name for s in batch.students]
    return _run(options, "Choice board", len(names), names, build, progress, cancelled)


def tracker_doc(classroom: Classroom, batch: _Batch, i: int) -> tracker_pdf.TrackerDoc:
    student = batch.students[i]
    return trackers_of(classroom).tracker_doc(student.id, batch.class_name, batch.table,
                                              batch.languages[student.id])


def print_trackers(
    classroom: Classroom, options: PrintOptions, progress: Progress, cancelled: Cancelled
) -> Path:
    """Student trackers (a page per strand, goal setting, reflections) for one student or the class."""
    batch = _Batch(classroom, options)

    def build(out: io.BytesIO, which: list[int], report: Progress, stop: Cancelled) -> None:
        tracker_pdf.build_trackers(out, [tracker_doc(classroom, batch, i) for i in which], options.paper,
                                   report, stop)

    names = [s.display_name for s in batch.students]
    return _run(options, "My tracker", len(names), names, build, progress, cancelled)


def print_certificates(
    classroom: Classroom, options: PrintOptions, progress: Progress, cancelled: Cancelled
) -> Path:
    """A certificate for each standard newly mastered this week (one student's, or the class's).

    Raises:
        UserError: nobody (or not that student) mastered a new standard this week.
    """
    class_name = classroom.classes.get(options.class_id).name
    today = classroom.clock.today()
    found = [c for c in this_week(classroom, options.class_id, today)
             if options.student_id is None or c.student_id == options.student_id]
    if not found:
        raise UserError(_("No standard was newly mastered this week (since {day}), so there is no "
                          "certificate to print.").format(day=week_start(today).isoformat()))
    languages = report_languages(classroom, sorted({c.student_id for c in found}), options.language)
    docs = [certificates.CertificateDoc(c.student_name, class_name, c.code, c.statement, week_start(today),
                                        languages[c.student_id]) for c in found]
    names = [d.student_name for d in docs]

    def build(out: io.BytesIO, which: list[int], report: Progress, stop: Cancelled) -> None:
        certificates.build_certificates(out, [docs[i] for i in which], options.paper, report, stop)

    return _run(options, "Certificate", len(docs), names, build, progress, cancelled)
