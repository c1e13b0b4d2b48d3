"""The demo class: a Grade 4 mathematics class with six weeks of evidence, built the same way every time.

``build_demo`` fills an empty workspace through the services (and one write for activities, which
have no service yet); ``open_demo`` opens the demo's own folder, building it on first use;
``prepare_demo`` builds it there beforehand (on a worker thread, with progress, for the window);
``write_demo`` writes the demo into a folder the teacher names (``classroom-desktop demo --out DIR``).

The demo keeps up with the calendar: opened a week or more after its last school day, every date
in it (evidence, plans, goals, group plans, notes) moves forward by whole weeks, so its newest
evidence is from this week and weekdays stay weekdays, and what the teacher tried in it is kept.
A demo that syncs with a shared folder is never moved (other laptops would not follow).
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from classroom_desktop.clock import Clock
from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.school_calendar import Closure, SchoolCalendar
from classroom_desktop.domain.types import EVIDENCE_KINDS, StandardInfo
from classroom_desktop.i18n import _, ngettext
from classroom_desktop.services import demo_content as content
from classroom_desktop.services.classroom import Classroom
from classroom_desktop.services.demo_practices import build_practices
from classroom_desktop.services.plans import CALENDAR_OPTION
from classroom_desktop.services.roster import NewStudent
from classroom_desktop.services.views import Goal
from classroom_desktop.services.workspace import demo_workspace_dir
from classroom_desktop.store.date_shift import shift_dates
from classroom_desktop.store.engine import DB_NAME
from classroom_desktop.store.models import new_id
from classroom_desktop.store.private import private_dir

#: ``progress(done, total, message)``: how far building the demo has come.
Progress = Callable[[int, int, str], None]
#: Steps of building the demo, out of this many: the framework 10, the students 20, the evidence 5,
#: the activities and calendar 5, and the learning plans the remaining 60 (the slowest part).
BUILD_STEPS = 100

SEED = 2026
#: Meta key: the demo's last school day (ISO), the day its dates were built or last moved for.
DEMO_DAY_KEY = "demo_last_school_day"
SCHOOL_DAYS = 30  # six weeks of five school days
#: trajectory -> (lowest start, highest start, growth per week)
_TRAJECTORIES: dict[str, tuple[float, float, float]] = {
    "steady": (1.9, 2.5, 0.10),
    "struggles": (1.2, 1.7, 0.06),
    "races": (2.9, 3.3, 0.10),
}
_KIND_WEIGHTS = (4, 3, 2, 2, 1)  # quiz, observation, conversation, product, self-assessment


def _school_days(today: date, count: int = SCHOOL_DAYS) -> list[date]:
    """The last ``count`` weekdays up to and including ``today``, oldest first."""
    days: list[date] = []
    day = today
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return days[::-1]


def _framework(classroom: Classroom) -> tuple[str, list[StandardInfo]]:
    """Add the framework, its strands, standards and prerequisites; return its id and learning path."""
    cur = classroom.curriculum
    framework_id = str(cur.add_framework(content.FRAMEWORK_NAME, subject="Mathematics", grade="4",
                                         description=content.FRAMEWORK_DESCRIPTION).created_id)
    rows: list[tuple[str, str, str | None, str]] = []
    for strand_code, strand_name, standards in content.STRANDS:
        strand_id = str(cur.add_strand(framework_id, strand_name, strand_code).created_id)
        rows += [(code, statement, strand_id, description) for code, statement, description in standards]
    cur.add_standards(framework_id, rows)  # one transaction each, not one per standard and link
    ids = {s.code: s.id for s in cur.standards(framework_id)}
    cur.set_many_prerequisites({ids[code]: [ids[p] for p in prerequisites]
                                for code, prerequisites in content.PREREQUISITES.items()})
    return framework_id, cur.learning_path(framework_id)


def _students(
    classroom: Classroom, class_id: str, rng: random.Random, today: date, progress: Progress | None = None
) -> list[str]:
    """Add and enrol the students, give them numbers, anonymous codes and learner profiles."""
    seeds = content.STUDENTS
    numbers = rng.sample(range(104_000, 109_999), len(seeds))
    new = [NewStudent(s.given, s.family, s.preferred, student_number=str(n))
           for s, n in zip(seeds, numbers, strict=True)]
    classroom.students.add_many(new, class_id)
    by_name = {(v.given_name, v.family_name): v.id for v in classroom.students.list(class_id)}
    ids = [by_name[(s.given, s.family)] for s in seeds]
    codes = [f"{word} {n}" for word in content.ANONYMOUS_WORDS for n in range(1, 13)]
    for sid, code in zip(ids, rng.sample(codes, len(ids)), strict=True):
        classroom.students.edit(sid, display_code=code)
    for done, (sid, seed) in enumerate(zip(ids, seeds, strict=True)):
        if progress is not None:
            progress(10 + 20 * done // len(ids), BUILD_STEPS, _("Writing the learner profiles"))
        goals = [Goal(text, today + timedelta(weeks=rng.randint(3, 10)))
                 for text in rng.sample(content.GOALS[seed.trajectory], rng.randint(1, 2))]
        classroom.students.edit_profile(
            sid, goals=goals, strengths=seed.strengths, needs=seed.needs, interests=seed.interests,
            motivations=rng.choice(content.MOTIVATIONS[seed.trajectory]),
            learning_preferences=" ".join(rng.sample(content.PREFERENCES, rng.randint(1, 2))),
            accommodations=seed.accommodations, languages=seed.languages,
            home_language=seed.home_language)
    return ids


def _note(rng: random.Random, kind: str, level: int) -> str:
    if rng.random() > 0.25:
        return ""
    low, high = content.NOTES[kind]
    return rng.choice(high if level >= 3 else low)


def _evidence(rng: random.Random, class_id: str, student_ids: list[str], path: list[StandardInfo],
              days: list[date]) -> list[dict[str, Any]]:
    """Six weeks of evidence: standards introduced in path order, levels rising with practice."""
    last = len(path) - 1
    intro = [round(i * (len(days) - 3) / last) for i in range(len(path))]  # school-day index each is taught
    out: list[tuple[int, str, str, int, str, str]] = []  # (day index, student, standard, level, kind, note)
    for sid, seed in zip(student_ids, content.STUDENTS, strict=True):
        low, high, growth = _TRAJECTORIES[seed.trajectory]
        start = rng.uniform(low, high)
        for week in range(len(days) // 5):
            first, final = week * 5, week * 5 + 4
            taught = [i for i in range(len(path)) if intro[i] <= final]
            # Earlier standards keep coming back; the week's new standards get the most attention.
            weights = [1.0 + 0.08 * (final - intro[i]) + (2.5 if intro[i] >= first else 0.0) for i in taught]
            for _piece in range(rng.randint(8, 12)):
                i = rng.choices(taught, weights)[0]
                day = rng.randint(max(first, intro[i]), final)
                kind = rng.choices(EVIDENCE_KINDS, _KIND_WEIGHTS)[0]
                practice = 0.3 * min((day - intro[i]) / 5, 3.0)
                p = start + growth * day / 5 + practice - 0.02 * i + rng.gauss(0, 0.5)
                p += 0.3 if kind == "self-assessment" else 0.0
                level = min(4, max(1, round(p)))
                out.append((day, sid, path[i].id, level, kind, _note(rng, kind, level)))
    out.sort(key=lambda r: r[0])
    rows: list[dict[str, Any]] = []
    for n, (day, sid, std, level, kind, note) in enumerate(out):
        entered = datetime.combine(days[day], time(7, 0), UTC) + timedelta(seconds=n)
        rows.append({"id": new_id(), "student_id": sid, "standard_id": std, "class_id": class_id,
                     "level": float(level), "observed_on": days[day].isoformat(),
                     "entered_at": entered.isoformat(timespec="microseconds"), "kind": kind, "note": note,
                     "supersedes_id": None})
    return rows + _corrections(rng, rows, days)


def _corrections(rng: random.Random, rows: list[dict[str, Any]], days: list[date]) -> list[dict[str, Any]]:
    """A handful of corrections (and one withdrawal), entered a day after the evidence they fix."""
    early = [r for r in rows if r["observed_on"] < days[-6].isoformat()]
    fixes: list[dict[str, Any]] = []
    for n, old in enumerate(rng.sample(early, 7)):
        entered = datetime.fromisoformat(old["entered_at"]) + timedelta(days=1, hours=1)
        if n == 0:
            level, note = None, "Entered twice by mistake."
        else:
            level = old["level"] + 1 if old["level"] < 3 else old["level"] - 1
            note = rng.choice(content.CORRECTION_NOTES)
        fixes.append({**old, "id": new_id(), "level": level, "note": note, "supersedes_id": old["id"],
                      "entered_at": entered.isoformat(timespec="microseconds")})
    return fixes


def _activities(classroom: Classroom, class_id: str, path: list[StandardInfo]) -> None:
    ids = {s.code: s.id for s in path}
    classroom.plans.add_activities(class_id, [
        {"title": title, "standard_ids": [ids[c] for c in codes], "level_min": level_min,
         "level_max": level_max, "tags": tags, "materials": materials}
        for title, codes, level_min, level_max, tags, materials in content.ACTIVITIES
    ])


def build_demo(classroom: Classroom, today: date | None = None, progress: Progress | None = None) -> str:
    """Fill an empty workspace with the demo class; return the class's id.

    The same ``today`` always gives the same names, codes, profiles and evidence (only ids differ).
    ``progress(done, total, message)`` hears how far it has come (``total`` is :data:`BUILD_STEPS`).

    Raises:
        UserError: the workspace already has a class.
    """
    if classroom.classes.list(include_archived=True):
        raise UserError(
            _("The demo class can only be added to an empty workspace; this one already has classes.")
        )
    today = today or classroom.clock.today()
    tell = progress or (lambda _done, _total, _message: None)
    rng = random.Random(SEED)
    tell(0, BUILD_STEPS, _("Writing the standards"))
    framework_id, path = _framework(classroom)
    class_id = str(classroom.classes.create(content.CLASS_NAME, content.SCHOOL_YEAR, framework_id).created_id)
    tell(10, BUILD_STEPS, _("Adding the students"))
    student_ids = _students(classroom, class_id, rng, today, progress)
    tell(30, BUILD_STEPS, _("Writing six weeks of evidence"))
    rows = _evidence(rng, class_id, student_ids, path, _school_days(today))
    classroom.evidence.import_rows(sorted(rows, key=lambda r: str(r["entered_at"])))
    tell(35, BUILD_STEPS, _("Adding the activities"))
    _activities(classroom, class_id, path)
    # only when building: it loads the trackers' PDF code (reportlab, matplotlib), which opening
    # the demo does not need (bench/startup.py)
    from classroom_desktop.services import demo_choices

    demo_choices.add_choice_activities(classroom, class_id, path)
    # The school's winter break, so no plan step falls due on 25 December or 1 January.
    autumn = today.year if today.month >= 8 else today.year - 1
    winter = SchoolCalendar(closures=(Closure(date(autumn, 12, 21), date(autumn + 1, 1, 1), "Winter break"),))
    classroom.classes.set_option(class_id, CALENDAR_OPTION, winter.to_json())
    # Learning plans drafted from the evidence, running from the last school day for eight weeks.
    last_day = _school_days(today)[-1]

    def drafting(done: int, total: int, _message: str) -> None:
        tell(40 + 55 * done // max(total, 1), BUILD_STEPS, _("Drafting the learning plans"))

    classroom.plans.draft_class(class_id, last_day, last_day + timedelta(weeks=8), progress=drafting)
    tell(95, BUILD_STEPS, _("Adding units, helpers and choices"))
    build_practices(classroom, class_id, path)
    demo_choices.add_choices_and_self_assessments(classroom, class_id, last_day)
    classroom.set_setting(DEMO_DAY_KEY, last_day.isoformat())
    tell(BUILD_STEPS, BUILD_STEPS, _("The demo class is ready"))
    return class_id


def keep_demo_current(classroom: Classroom) -> int:
    """Move the demo's dates forward by whole weeks when it was built a week or more ago.

    Returns the number of days moved (0 when it is current, is not a demo, or syncs).
    """
    built = classroom.setting(DEMO_DAY_KEY)
    if not isinstance(built, str) or classroom.sync.is_set_up():
        return 0
    last_day = _school_days(classroom.clock.today(), 1)[-1]
    days = (last_day - date.fromisoformat(built)).days // 7 * 7
    if days <= 0:
        return 0
    with classroom.write() as tx:
        shift_dates(tx, days)
        tx.set_meta(DEMO_DAY_KEY, (date.fromisoformat(built) + timedelta(days=days)).isoformat())
        tx.changes.add("meta", DEMO_DAY_KEY)  # opened before any view: nothing to refresh
    return days


def open_demo(clock: Clock | None = None) -> Classroom:
    """Open the demo's own workspace, building the demo class there on first use.

    A demo built a week or more ago has its dates moved up to this week (:func:`keep_demo_current`).
    """
    prepare_demo(clock=clock)
    classroom = Classroom.open(demo_workspace_dir(), clock=clock)
    try:
        if not classroom.classes.list(include_archived=True):
            build_demo(classroom)
        else:
            keep_demo_current(classroom)
    except BaseException:
        classroom.close()
        raise
    return classroom


def demo_is_built() -> bool:
    """True when the demo's own folder already holds its workspace."""
    return (demo_workspace_dir() / DB_NAME).exists()


def prepare_demo(progress: Progress | None = None, clock: Clock | None = None) -> bool:
    """Build the demo class in its own folder unless it is there; True when it was built now.

    It is built in a folder of its own beside the demo's and moved into place only once whole, so
    a program stopped halfway (the window closed, the laptop off) leaves no half-made demo: the
    next start simply builds it again. Safe to run on a worker thread (it opens its own workspace).
    """
    if demo_is_built():
        return False
    target = demo_workspace_dir()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".demo-building-", dir=target.parent))
    try:
        classroom = Classroom.open(staging, clock=clock)
        try:
            build_demo(classroom, progress=progress)
        finally:
            classroom.close()  # the last connection: SQLite folds its journal into the file
        private_dir(target)
        if demo_is_built():  # another start built it meanwhile: keep theirs
            return False
        journal = staging / f"{DB_NAME}-wal"
        if journal.exists():  # not folded in (another reader was open): it goes along, first
            os.replace(journal, target / journal.name)
        os.replace(staging / DB_NAME, target / DB_NAME)
        return True
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_demo(out: Path) -> str:
    """Write the demo workspace into ``out`` and return a short summary for the teacher.

    Raises:
        UserError: ``out`` already holds a workspace with classes.
    """
    out = Path(out).expanduser()
    if out.exists() and not out.is_dir():
        raise UserError(
            _("{file} is a file, not a folder. Choose an empty folder for the demo.").format(file=out)
        )
    if (out / DB_NAME).exists():
        existing = Classroom.open(out, create=False)
        try:
            names = [c.name for c in existing.classes.list(include_archived=True)]
        finally:
            existing.close()
        if names:
            raise UserError(
                _(
                    "The folder {folder} already holds a class workspace ({classes}). "
                    "Choose an empty folder for the demo."
                ).format(folder=out, classes=", ".join(names))
            )
    classroom = Classroom.open(out)
    try:
        class_id = build_demo(classroom)
        cls = classroom.classes.get(class_id)
        strands = classroom.curriculum.strands(str(cls.framework_id))
        standards = classroom.curriculum.standards(str(cls.framework_id))
        with classroom.db.reading() as tx:
            evidence, corrections = tx.raw(
                "SELECT count(*) - count(supersedes_id), count(supersedes_id) FROM evidence "
                "WHERE class_id = ?",
                (class_id,))[0]
            activities = tx.raw("SELECT count(*) FROM activity WHERE class_id = ?", (class_id,))[0][0]
        students = len(classroom.classes.student_ids(class_id))
    finally:
        classroom.close()
    return "\n".join([
        _("Demo class: {name} ({year})").format(name=cls.name, year=cls.school_year),
        _("Students: {count}").format(count=students),
        ngettext(
            "Standards: {count} in {strands} strand", "Standards: {count} in {strands} strands", len(strands)
        ).format(count=len(standards), strands=len(strands)),
        ngettext(
            "Evidence: {count} piece over six weeks ({corrected} corrected later)",
            "Evidence: {count} pieces over six weeks ({corrected} corrected later)",
            evidence,
        ).format(count=evidence, corrected=corrections),
        _("Activities: {count}").format(count=activities),
        _("Folder: {folder}").format(folder=out.resolve()),
    ])
