"""The services door: writes record their changes, bad input writes nothing, reads are plain values."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.types import MasteryConfig, MasteryMethod, Readiness
from classroom_desktop.services.classroom import Classroom
from classroom_desktop.services.roster import NewStudent
from classroom_desktop.services.views import Goal


def _counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()


@pytest.fixture
def fractions(classroom: Classroom) -> dict[str, str]:
    fw = classroom.curriculum.add_framework("Grade 4 Mathematics").created_id
    strand = classroom.curriculum.add_strand(fw, "Fractions").created_id
    nf1 = classroom.curriculum.add_standard(
        fw, "4.NF.1", "I can find equivalent fractions.", strand
    ).created_id
    nf2 = classroom.curriculum.add_standard(fw, "4.NF.2", "I can compare fractions.", strand).created_id
    classroom.curriculum.set_prerequisites(nf2, [nf1])
    cls = classroom.classes.create("4B", "2026–27", framework_id=fw).created_id
    classroom.students.add_many([NewStudent("Zoë", "Laurent"), NewStudent("محمد", "العلي")], cls)
    ids = {s.given_name: s.id for s in classroom.students.list(cls)}
    assert fw and strand and nf1 and nf2 and cls
    return {"fw": fw, "nf1": nf1, "nf2": nf2, "class": cls, "zoe": ids["Zoë"], "mo": ids["محمد"]}


def test_each_changed_field_is_one_change_row_in_the_same_transaction(
    classroom: Classroom, fractions: dict[str, str]
) -> None:
    before = _counts(classroom.db_path)["change"]
    changes = classroom.students.edit(fractions["zoe"], preferred_name="Zo", email="zoe@school.example")
    assert changes.ids("student") == {fractions["zoe"]}
    con = sqlite3.connect(classroom.db_path)
    rows = con.execute(
        "SELECT entity, entity_id, field, value, hlc, device FROM change ORDER BY seq"
    ).fetchall()
    con.close()
    new = rows[before:]
    assert [(r[0], r[2]) for r in new] == [("student", "preferred_name"), ("student", "email")]
    assert {r[1] for r in new} == {fractions["zoe"]}
    assert new[0][4] == new[1][4], "one write, one clock stamp"
    assert new[0][5] == classroom.device_id
    assert all(earlier[4] < new[0][4] for earlier in rows[:before]), "stamps only move forward"


def test_editing_a_field_to_its_own_value_records_nothing(
    classroom: Classroom, fractions: dict[str, str]
) -> None:
    before = _counts(classroom.db_path)
    changes = classroom.students.edit(fractions["zoe"], given_name="Zoë")
    assert not changes
    assert _counts(classroom.db_path) == before


@pytest.mark.parametrize(
    "bad_write, message",
    [
        (
            lambda c, f: c.evidence.record(f["zoe"], f["nf1"], 5, class_id=f["class"]),
            "not a level on the scale",
        ),
        (
            lambda c, f: c.evidence.record("no-such-student", f["nf1"], 3, class_id=f["class"]),
            "could not be found",
        ),
        (lambda c, f: c.students.add(NewStudent("  ", "")), "needs a name"),
        (lambda c, f: c.classes.create(""), "needs a name"),
        (lambda c, f: c.curriculum.set_prerequisites(f["nf1"], [f["nf2"]]), "4.NF.1 → 4.NF.2 → 4.NF.1"),
        (lambda c, f: c.curriculum.set_prerequisites(f["nf1"], [f["nf1"]]), "prerequisite of itself"),
        (
            lambda c, f: c.evidence.record_many([(f["zoe"], f["nf1"]), (f["mo"], "gone")], 3),
            "could not be found",
        ),
        (lambda c, f: c.classes.set_mastery(f["class"], MasteryConfig(weight=1.5)), "between 0.01 and 0.99"),
    ],
)
def test_bad_input_is_refused_in_plain_words_and_writes_nothing(
    classroom: Classroom, fractions: dict[str, str], bad_write, message: str
) -> None:  # type: ignore[no-untyped-def]
    before = _counts(classroom.db_path)
    with pytest.raises(UserError, match=message):
        bad_write(classroom, fractions)
    assert _counts(classroom.db_path) == before


def test_evidence_drives_the_mastery_table(classroom: Classroom, fractions: dict[str, str]) -> None:
    for day, level in zip((1, 2, 3, 4), (1, 2, 3, 4), strict=True):
        classroom.evidence.record(
            fractions["zoe"],
            fractions["nf1"],
            level,
            date(2026, 10, day),
            "quiz",
            class_id=fractions["class"],
        )
    table = classroom.evidence.mastery_table(fractions["class"])
    assert [s.display_name for s in table.students] == ["Zoë Laurent", "محمد العلي"]  # by family name
    cell = table.cell(fractions["zoe"], fractions["nf1"])
    assert round(cell.value or 0, 2) == 3.48 and cell.mastered and cell.count == 4
    assert cell.latest_date == date(2026, 10, 4) and cell.latest_level == 4
    assert table.cell(fractions["mo"], fractions["nf1"]).value is None

    classroom.classes.set_mastery(fractions["class"], MasteryConfig(MasteryMethod.MEAN))
    assert (
        classroom.evidence.mastery_table(fractions["class"]).cell(fractions["zoe"], fractions["nf1"]).value
        == 2.5
    )


def test_evidence_for_an_earlier_date_entered_later_is_ordered_by_its_date(
    classroom: Classroom, fractions: dict[str, str]
) -> None:
    ids = fractions
    classroom.evidence.record(ids["zoe"], ids["nf1"], 4, date(2026, 10, 10), class_id=ids["class"])
    classroom.evidence.record(ids["zoe"], ids["nf1"], 1, date(2026, 10, 1), class_id=ids["class"])
    cell = classroom.evidence.mastery_table(ids["class"]).cell(ids["zoe"], ids["nf1"])
    assert cell.latest_level == 4 and cell.latest_date == date(2026, 10, 10)


def test_a_correction_replaces_and_a_withdrawal_removes(
    classroom: Classroom, fractions: dict[str, str]
) -> None:
    ids = fractions
    first = classroom.evidence.record(
        ids["zoe"], ids["nf1"], 2, date(2026, 10, 1), class_id=ids["class"]
    ).created_id
    assert first
    classroom.evidence.correct(first, level=3, note="Misread the rubric")
    history = classroom.evidence.history(ids["zoe"], ids["nf1"])
    assert [(e.level, e.note) for e in history] == [(3.0, "Misread the rubric")]
    classroom.evidence.withdraw_latest([(ids["zoe"], ids["nf1"])])
    assert classroom.evidence.history(ids["zoe"], ids["nf1"]) == []
    assert classroom.evidence.mastery_table(ids["class"]).cell(ids["zoe"], ids["nf1"]).count == 0
    con = sqlite3.connect(classroom.db_path)
    assert con.execute("SELECT count(*) FROM evidence").fetchone()[0] == 3, "evidence is insert-only"
    con.close()


def test_readiness_names_the_missing_prerequisite(classroom: Classroom, fractions: dict[str, str]) -> None:
    ids = fractions
    for level in (3, 4, 4):
        classroom.evidence.record(ids["zoe"], ids["nf1"], level, date(2026, 10, 2), class_id=ids["class"])
    classroom.evidence.record(ids["mo"], ids["nf1"], 1, date(2026, 10, 3), class_id=ids["class"])
    results = {r.student_id: r for r in classroom.evidence.readiness(ids["class"], ids["nf2"])}
    assert results[ids["mo"]].readiness is Readiness.FOUNDATIONS
    assert "4.NF.1" in results[ids["mo"]].reason
    assert results[ids["zoe"]].readiness is Readiness.RETEACH
    assert results[ids["zoe"]].reason == "No evidence yet on 4.NF.2"


def test_learning_path_and_profile_round_trip(classroom: Classroom, fractions: dict[str, str]) -> None:
    assert [s.code for s in classroom.curriculum.learning_path(fractions["fw"])] == ["4.NF.1", "4.NF.2"]
    classroom.students.edit_profile(
        fractions["mo"],
        interests="football, drawing",
        goals=[Goal("Learn my 7 times table", date(2026, 12, 18))],
    )
    profile = classroom.students.profile(fractions["mo"])
    assert profile.interests == "football, drawing"
    assert profile.goals == (Goal("Learn my 7 times table", date(2026, 12, 18)),)


def test_listeners_hear_what_changed(classroom: Classroom, fractions: dict[str, str]) -> None:
    heard = []
    classroom.subscribe(heard.append)
    classroom.evidence.record(fractions["zoe"], fractions["nf1"], 3, class_id=fractions["class"])
    assert len(heard) == 1 and heard[0].concerns("evidence") and not heard[0].concerns("student")


def test_archived_students_leave_the_class_lists_but_keep_their_evidence(
    classroom: Classroom, fractions: dict[str, str]
) -> None:
    classroom.evidence.record(fractions["mo"], fractions["nf1"], 2, class_id=fractions["class"])
    classroom.students.archive(fractions["mo"])
    assert [s.given_name for s in classroom.students.list(fractions["class"])] == ["Zoë"]
    assert len(classroom.evidence.for_student(fractions["mo"])) == 1
    classroom.students.archive(fractions["mo"], archived=False)
    assert len(classroom.students.list(fractions["class"])) == 2


def test_opening_a_missing_workspace_without_create_says_so(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="There is no class workspace"):
        Classroom.open(tmp_path / "nowhere", create=False)


def test_chinese_names_read_family_name_first(classroom: Classroom) -> None:
    classroom.students.add_many([NewStudent("小明", "王"), NewStudent("Zoë", "Laurent")])
    assert sorted(s.display_name for s in classroom.students.list()) == ["Zoë Laurent", "王小明"]


def test_deleting_a_standard_can_be_undone_with_its_evidence_and_links(
    classroom: Classroom, fractions: dict[str, str]
) -> None:
    ids = fractions
    classroom.evidence.record(ids["zoe"], ids["nf1"], 3, class_id=ids["class"])
    deleted = classroom.curriculum.delete_standard(ids["nf1"])
    assert [s.code for s in classroom.curriculum.standards(ids["fw"])] == ["4.NF.2"]
    assert classroom.curriculum.standard(ids["nf2"]).prerequisites == ()

    classroom.curriculum.restore_standard(deleted)
    assert [s.code for s in classroom.curriculum.standards(ids["fw"])] == ["4.NF.1", "4.NF.2"]
    assert classroom.curriculum.standard(ids["nf2"]).prerequisites == (ids["nf1"],)
    assert classroom.evidence.mastery_table(ids["class"]).cell(ids["zoe"], ids["nf1"]).count == 1
