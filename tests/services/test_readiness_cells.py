"""Readiness read from the focus and its prerequisites only gives the same lists and reasons as
from every student's whole row, in English and in Spanish."""

from __future__ import annotations

from typing import Any

import pytest

from classroom_desktop.domain import readiness
from classroom_desktop.i18n import set_program_language, translator


@pytest.mark.parametrize("language", [None, "es"])
def test_readiness_on_every_standard_matches_the_whole_rows(demo: Any, language: str | None) -> None:
    set_program_language(language)
    try:
        class_id = demo.classes.list()[0].id
        table = demo.evidence.mastery_table(class_id)
        by_id = {s.id: s for s in table.standards}
        rows = {s.id: table.for_student(s.id) for s in table.students}
        say = translator(language)
        reasons = set()
        for focus in table.standards:
            got = demo.evidence.readiness(class_id, focus.id, table)
            expected = [
                readiness.readiness_for(
                    s.id, focus, rows[s.id], by_id, table.scale.cutoff, table.scale.maximum, say=say
                )
                for s in table.students
            ]
            assert got == expected
            reasons.update(r.reason for r in got)
        assert any(" on " in r or " de " in r or " el " in r for r in reasons)  # days written out
        assert len({r.readiness for r in got}) >= 1 and len(reasons) > 20
    finally:
        set_program_language(None)


def test_days_follow_the_language_when_it_changes(demo: Any) -> None:
    class_id = demo.classes.list()[0].id
    table = demo.evidence.mastery_table(class_id)
    focus = next(s for s in table.standards if not s.prerequisites and any(
        table.cell(st.id, s.id).latest_date for st in table.students))
    seen: dict[str | None, list[str]] = {}
    try:
        for language in (None, "es", None, "fr"):
            set_program_language(language)
            seen[language] = [r.reason for r in demo.evidence.readiness(class_id, focus.id, table)]
            say = translator(language)
            days = {say.day_month(c.latest_date) for st in table.students
                    if (c := table.cell(st.id, focus.id)).latest_date}
            assert any(day in reason for reason in seen[language] for day in days)
    finally:
        set_program_language(None)
    assert seen[None] != seen["es"] != seen["fr"]
