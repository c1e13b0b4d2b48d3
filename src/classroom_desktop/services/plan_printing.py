"""Printing learning plans, data binders and family reports, for one student or the whole class.

A batch is one PDF, or one file per student in a folder (``options.one_file_per_student``;
``options.out`` is then the folder). Either way nothing half-written is left behind: a PDF is
built in memory and written atomically; a folder batch is written into a temporary folder
that is moved into place only when every file is done.
"""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from classroom_desktop.charts.progress import evidence_points, mastery_series
from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.types import Evidence
from classroom_desktop.i18n import LANGUAGES, N_, SOURCE_LANGUAGE, _, language_code
from classroom_desktop.reports import binder_pdf, family_report, plan_pdf
from classroom_desktop.reports.batch_pdf import PrintCancelled
from classroom_desktop.reports.plan_pdf import ChartData, PlanDoc, StepRow
from classroom_desktop.services.plans import PlanView, plans_of
from classroom_desktop.services.printing import Cancelled, PrintOptions, Progress
from classroom_desktop.services.trackers import trackers_of
from classroom_desktop.services.views import PROFILE_TEXT_FIELDS, MasteryTable, StudentView
from classroom_desktop.sync.atomic import write_atomic

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom

CANCELLED_MESSAGE = N_("Printing was cancelled; no file was written.")
Builder = Callable[[io.BytesIO, list[int], Progress, Cancelled], None]


def _chart(plan: PlanView, evidence: Sequence[Evidence], table: MasteryTable) -> ChartData | None:
    """The standard the student is working on now that has evidence (else their latest evidence)."""
    by_standard: dict[str, list[Evidence]] = {}
    for e in evidence:
        by_standard.setdefault(e.standard_id, []).append(e)
    codes = {s.id: s.code for s in table.standards}
    chosen = next(
        (s.standard_id for s in plan.steps if s.status != "mastered" and s.standard_id in by_standard), None
    )
    if chosen is None:
        dated = [e for e in evidence if e.standard_id in codes and e.level is not None]
        if not dated:
            return None
        chosen = max(dated, key=lambda e: (e.observed_on, e.entered_at)).standard_id
    items = by_standard[chosen]
    return ChartData(
        codes.get(chosen, "?"), evidence_points(items), mastery_series(items, table.config, table.scale)
    )


def plan_doc(
    plan: PlanView, student: StudentView, class_name: str, table: MasteryTable, evidence: Sequence[Evidence]
) -> PlanDoc:
    steps = tuple(
        StepRow(
            s.code,
            s.statement,
            s.target_on,
            s.status,
            tuple((a.title, a.materials or a.link) for a in s.activities),
            s.waiting_on,
        )
        for s in plan.steps
    )
    return PlanDoc(
        student.display_name,
        class_name,
        table.scale,
        plan.start_on,
        plan.end_on,
        tuple((g.text, g.target) for g in plan.goals),
        steps,
        plan.reflection,
        _chart(plan, evidence, table),
    )


class _Batch:
    """What every document of a batch needs, read once."""

    def __init__(self, classroom: Classroom, options: PrintOptions) -> None:
        self.classroom = classroom
        self.options = options
        self.table = classroom.evidence.mastery_table(options.class_id)
        self.class_name = classroom.classes.get(options.class_id).name
        students = self.table.students
        if options.student_id:
            students = [s for s in students if s.id == options.student_id]
            if not students:
                name = classroom.students.get(options.student_id).display_name
                raise UserError(
                    _("{student} is not in the class {class_name}.").format(
                        student=name, class_name=self.class_name
                    )
                )
        if not students:
            raise UserError(
                _("The class {class_name} has no students to print for.").format(class_name=self.class_name)
            )
        self.students: list[StudentView] = students
        self.plans = plans_of(classroom)
        #: Each student's pages print in their family's language (or the one the teacher chose).
        self.languages = report_languages(classroom, [s.id for s in students], options.language)

    def plan_doc(self, i: int) -> PlanDoc:
        student = self.students[i]
        plan = self.plans.plan(student.id, self.options.class_id, self.table) or self.plans.preview(
            student.id, self.options.class_id, self.classroom.clock.today(), None, self.table
        )
        doc = plan_doc(
            plan, student, self.class_name, self.table, self.classroom.evidence.for_student(student.id)
        )
        return dataclasses.replace(doc, language=self.languages[student.id])


def plan_docs(classroom: Classroom, options: PrintOptions) -> list[PlanDoc]:
    """The plans as they print, for one student or the whole class (benchmarks and previews)."""
    batch = _Batch(classroom, options)
    return [batch.plan_doc(i) for i in range(len(batch.students))]


def _safe_name(text: str) -> str:
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "", text).strip(" .")
    return cleaned or "student"


def _run(
    options: PrintOptions,
    kind: str,
    count: int,
    names: Sequence[str],
    build: Builder,
    progress: Progress,
    cancelled: Cancelled,
) -> Path:
    out = Path(options.out)
    try:
        if not options.one_file_per_student:
            buffer = io.BytesIO()
            build(buffer, list(range(count)), progress, cancelled)
            if cancelled():
                raise PrintCancelled
            write_atomic(out, buffer.getvalue())
            return out
        return _run_folder(out, kind, names, build, progress, cancelled)
    except PrintCancelled:
        raise UserError(_(CANCELLED_MESSAGE)) from None
    except OSError as exc:
        raise UserError(
            _("The PDF could not be written to {file} ({reason}).").format(
                file=out, reason=exc.strerror or exc
            )
        ) from exc


def _run_folder(
    out: Path, kind: str, names: Sequence[str], build: Builder, progress: Progress, cancelled: Cancelled
) -> Path:
    if out.exists() and not out.is_dir():
        raise UserError(_("{file} is a file. Choose a folder for one file per student.").format(file=out))
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".tmp-{out.name}-", dir=out.parent))
    try:
        used: set[str] = set()
        for i, name in enumerate(names):
            if cancelled():
                raise PrintCancelled
            progress(i, len(names), name)
            base = f"{kind} - {_safe_name(name)}"
            file_name, n = f"{base}.pdf", 2
            while file_name.casefold() in used:
                file_name, n = f"{base} ({n}).pdf", n + 1
            used.add(file_name.casefold())
            buffer = io.BytesIO()
            build(buffer, [i], lambda *_: None, cancelled)
            (staging / file_name).write_bytes(buffer.getvalue())
        if cancelled():
            raise PrintCancelled
        if not out.exists():
            os.replace(staging, out)
        else:
            for item in staging.iterdir():
                os.replace(item, out / item.name)
            staging.rmdir()
        progress(len(names), len(names), _("Done"))
        return out
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def print_plans(
    classroom: Classroom, options: PrintOptions, progress: Progress, cancelled: Cancelled
) -> Path:
    """Learning plans for one student (``options.student_id``) or the whole class."""
    batch = _Batch(classroom, options)

    def build(out: io.BytesIO, which: list[int], report: Progress, stop: Cancelled) -> None:
        plan_pdf.build_plans(out, [batch.plan_doc(i) for i in which], options.paper, True, report, stop)

    names = [s.display_name for s in batch.students]
    return _run(options, "Learning plan", len(names), names, build, progress, cancelled)


def print_binder(
    classroom: Classroom, options: PrintOptions, progress: Progress, cancelled: Cancelled
) -> Path:
    """The data binder: profile, evidence table, plan and the student's own tracker, per student."""
    batch = _Batch(classroom, options)
    codes = {s.id: s.code for s in batch.table.standards}

    def binder_doc(i: int) -> binder_pdf.BinderDoc:
        student = batch.students[i]
        profile = classroom.students.profile(student.id)
        fields = tuple(
            (binder_pdf.PROFILE_LABELS[f], getattr(profile, f))
            for f in PROFILE_TEXT_FIELDS
            if f != "notes" and getattr(profile, f)
        )
        evidence = tuple(
            binder_pdf.EvidenceLine(e.observed_on, codes.get(e.standard_id, "?"), e.level, e.kind, e.note)
            for e in classroom.evidence.for_student(student.id)
            if e.level is not None and e.standard_id in codes
        )
        tracker = trackers_of(classroom).tracker_doc(student.id, batch.class_name, batch.table,
                                                     batch.languages[student.id])
        return binder_pdf.BinderDoc(batch.plan_doc(i), fields, evidence, tracker)

    def build(out: io.BytesIO, which: list[int], report: Progress, stop: Cancelled) -> None:
        binder_pdf.build_binders(out, [binder_doc(i) for i in which], options.paper, report, stop)

    names = [s.display_name for s in batch.students]
    return _run(options, "Data binder", len(names), names, build, progress, cancelled)


def report_languages(classroom: Classroom, student_ids: list[str], forced: str | None) -> dict[str, str]:
    """The language each student's family report prints in: ``forced``, else the family's home
    language, else the teacher's (Settings), else English."""
    teacher = language_code(str(classroom.setting("language") or "")) or SOURCE_LANGUAGE
    if forced:
        code = language_code(forced)
        if code is None:
            names = ", ".join(f"{k} ({v})" for k, v in LANGUAGES.items())
            raise UserError(
                _("Reports can be printed in {languages}, not \"{given}\".").format(
                    languages=names, given=forced
                )
            )
        return dict.fromkeys(student_ids, code)
    profiles = classroom.students.profiles(student_ids)
    return {sid: language_code(profiles[sid].home_language) or teacher for sid in student_ids}


def print_report(
    classroom: Classroom, options: PrintOptions, progress: Progress, cancelled: Cancelled
) -> Path:
    """The family progress report: standards-based, with the scale explained in plain words."""
    batch = _Batch(classroom, options)
    table = batch.table
    strands = {s.id: s.name for s in table.strands}
    languages = batch.languages

    def report_doc(i: int) -> family_report.ReportDoc:
        student = batch.students[i]
        cells = table.for_student(student.id)
        rows = tuple(
            family_report.ReportRow(
                strands.get(s.strand_id or "", ""),
                s.code,
                s.statement,
                cells[s.id].value,
                table.scale.is_mastered(cells[s.id].value) or cells[s.id].mastered,
                cells[s.id].count,
            )
            for s in table.standards
        )
        today = classroom.clock.today()
        return family_report.ReportDoc(
            batch.plan_doc(i), table.config.method.label, today, rows, languages[student.id]
        )

    def build(out: io.BytesIO, which: list[int], report: Progress, stop: Cancelled) -> None:
        family_report.build_reports(out, [report_doc(i) for i in which], options.paper, report, stop)

    names = [s.display_name for s in batch.students]
    return _run(options, "Progress report", len(names), names, build, progress, cancelled)
