"""Students and their learner profiles."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.ids import derived_id
from classroom_desktop.i18n import LANGUAGES, _, language_code, ngettext
from classroom_desktop.services.classes import active_student_ids, enrol_in
from classroom_desktop.services.views import PROFILE_TEXT_FIELDS, Goal, ProfileView, StudentView
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.database import Tx
from classroom_desktop.store.models import LearnerProfile, SchoolClass, Student, new_id

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom

STUDENT_FIELDS = ("given_name", "family_name", "preferred_name", "student_number", "email", "display_code")
NEW_STUDENT_FIELDS = ("given_name", "family_name", "preferred_name", "student_number", "email")


@dataclass(frozen=True)
class NewStudent:
    """A student to add (from the roster form or an imported file)."""

    given_name: str
    family_name: str = ""
    preferred_name: str = ""
    student_number: str = ""
    email: str = ""


def student_view(row: Student) -> StudentView:
    return StudentView(
        row.id,
        row.given_name,
        row.family_name,
        row.preferred_name,
        row.student_number,
        row.email,
        row.display_code,
        row.archived,
    )


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    out = {k: " ".join(str(v or "").split()) for k, v in fields.items()}
    if "given_name" in out and not out["given_name"] and not out.get("family_name"):
        raise UserError(_("A student needs a name (a given name, a family name, or both)."))
    if out.get("email") and "@" not in out["email"]:
        raise UserError(_("'{email}' does not look like an email address.").format(email=out["email"]))
    return out


def goals_to_json(goals: Sequence[Goal]) -> list[dict[str, str]]:
    return [
        {"text": g.text, "target": g.target.isoformat() if g.target else ""} for g in goals if g.text.strip()
    ]


def goals_from_json(raw: list[Any] | None) -> tuple[Goal, ...]:
    goals = []
    for item in raw or []:
        if isinstance(item, dict):
            target = item.get("target") or ""
            try:
                when = date.fromisoformat(target) if target else None
            except ValueError:
                when = None
            goals.append(Goal(str(item.get("text", "")), when))
    return tuple(goals)


class Roster:
    def __init__(self, classroom: Classroom) -> None:
        self._c = classroom

    def list(
        self, class_id: str | None = None, include_archived: bool = False, search: str = ""
    ) -> list[StudentView]:
        """Students (of one class, or all), by family then given name; ``search`` matches any name part."""
        with self._c.db.reading() as tx:
            rows = tx.all(Student)
            if class_id:
                wanted = set(active_student_ids(tx, class_id))
                if include_archived:
                    wanted |= {
                        r[0]
                        for r in tx.raw(
                            "SELECT student_id FROM enrolment WHERE class_id = ? AND active AND NOT deleted",
                            (class_id,),
                        )
                    }
                rows = [r for r in rows if r.id in wanted]
        views = [student_view(r) for r in rows if include_archived or not r.archived]
        needle = search.casefold().strip()
        if needle:
            views = [
                v
                for v in views
                if needle
                in " ".join(
                    (v.given_name, v.family_name, v.preferred_name, v.student_number, v.email)
                ).casefold()
            ]
        return sorted(views, key=lambda v: v.sort_key)

    def get(self, student_id: str) -> StudentView:
        with self._c.db.reading() as tx:
            return student_view(tx.require(Student, student_id, "student"))

    def find(self, name: str) -> StudentView:
        """The one student called ``name`` (display name or given + family name, or the Student ID),
        compared after Unicode NFC normalisation and case folding.

        Raises:
            UserError: nobody is called that, or several are (the message lists them with their IDs).
        """
        needle = name_key(name)
        views = self.list(include_archived=True)
        matches = [v for v in views
                   if needle in (name_key(v.display_name), name_key(f"{v.given_name} {v.family_name}"))]
        if not matches:
            matches = [v for v in views if v.student_number and name_key(v.student_number) == needle]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise UserError(_("There is no student called '{name}'.").format(name=name))
        listed = "; ".join(
            _("{name} (ID {number})").format(name=v.display_name, number=v.student_number or _("none"))
            for v in matches
        )
        raise UserError(
            ngettext(
                "{count} student is called '{name}': {listed}. Give the Student ID instead.",
                "{count} students are called '{name}': {listed}. Give the Student ID instead.",
                len(matches),
            ).format(count=len(matches), name=name, listed=listed)
        )

    def add(self, student: NewStudent, class_id: str | None = None) -> ChangeSet:
        changes = self.add_many([student], class_id)
        changes.created_id = next(iter(changes.ids("student")))
        return changes

    def add_many(self, students: Sequence[NewStudent], class_id: str | None = None) -> ChangeSet:
        """Add students (and enrol them in ``class_id``) all together, or none if one is bad.

        One bulk insert, not one flush per student: a district roster has thousands of rows.
        """
        rows = [{"id": new_id(), **_clean({k: getattr(s, k) for k in NEW_STUDENT_FIELDS})} for s in students]
        with self._c.write() as tx:
            if class_id:
                tx.require(SchoolClass, class_id, "class")
            tx.add_many(Student, rows)
            if class_id:
                enrol_in(tx, class_id, [r["id"] for r in rows])
        return tx.changes

    def edit(self, student_id: str, **fields: Any) -> ChangeSet:
        unknown = set(fields) - set(STUDENT_FIELDS)
        if unknown:
            raise ValueError(f"unknown student fields: {sorted(unknown)}")
        with self._c.write() as tx:
            row = tx.require(Student, student_id, "student")
            merged = _clean({"given_name": row.given_name, "family_name": row.family_name, **fields})
            tx.update(row, **{k: merged[k] for k in fields})
        return tx.changes

    def archive(self, student_id: str, archived: bool = True) -> ChangeSet:
        with self._c.write() as tx:
            tx.update(tx.require(Student, student_id, "student"), archived=archived)
        return tx.changes

    # ---- learner profile --------------------------------------------------------------
    def profile(self, student_id: str) -> ProfileView:
        with self._c.db.reading() as tx:
            tx.require(Student, student_id, "student")
            rows = tx.all(
                LearnerProfile, LearnerProfile.student_id == student_id, order_by=[LearnerProfile.created_at]
            )
        if not rows:
            return ProfileView(student_id)
        row = rows[0]
        return ProfileView(
            student_id,
            goals=goals_from_json(row.goals),
            home_language=row.home_language or "",
            **{f: getattr(row, f) or "" for f in PROFILE_TEXT_FIELDS},
        )

    def profiles(self, student_ids: Sequence[str]) -> dict[str, ProfileView]:
        return {sid: self.profile(sid) for sid in student_ids}

    def edit_profile(self, student_id: str, goals: Sequence[Goal] | None = None, **fields: str) -> ChangeSet:
        """Change learner-profile fields (each synced on its own, last writer wins).

        ``home_language`` is the family's language for reports: a code of
        :data:`classroom_desktop.i18n.LANGUAGES` (or its name), or "" for the teacher's.
        """
        unknown = set(fields) - set(PROFILE_TEXT_FIELDS) - {"home_language"}
        if unknown:
            raise ValueError(f"unknown profile fields: {sorted(unknown)}")
        values: dict[str, Any] = {k: (v or "").strip() for k, v in fields.items()}
        if values.get("home_language"):
            code = language_code(values["home_language"])
            if code is None:
                given, names = values["home_language"], ", ".join(LANGUAGES.values())
                raise UserError(
                    _("Reports can be printed in {languages}; \"{given}\" is not one.").format(
                        languages=names, given=given
                    )
                )
            values["home_language"] = code
        if goals is not None:
            values["goals"] = goals_to_json(goals)
        with self._c.write() as tx:
            tx.require(Student, student_id, "student")
            rows = tx.all(
                LearnerProfile, LearnerProfile.student_id == student_id, order_by=[LearnerProfile.created_at]
            )
            if rows:
                tx.update(rows[0], **values)
            else:  # one id on every laptop: two first edits offline merge into one profile
                pid = derived_id("learner_profile", student_id)
                old = tx.get_tombstoned(LearnerProfile, pid)
                if old is not None:
                    tx.update(old, deleted=False, **values)
                else:
                    tx.add(LearnerProfile, id=pid, student_id=student_id, **values)
        return tx.changes


def name_key(text: str) -> str:
    """A name as compared: Unicode NFC (so a decomposed "Zoë" matches a composed one), case folded,
    spaces collapsed."""
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()


def add_student(tx: Tx, student: NewStudent) -> str:
    fields = _clean(
        {
            k: getattr(student, k)
            for k in ("given_name", "family_name", "preferred_name", "student_number", "email")
        }
    )
    return tx.add(Student, **fields).id
