"""Celebrations: certificates for the week's newly mastered standards, in each family's language."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from classroom_desktop import cli
from classroom_desktop.domain.errors import UserError
from classroom_desktop.services.celebrations import this_week, week_start
from classroom_desktop.services.printing import PrintOptions, print_document

from .conftest import pdf_text, pdf_words
from .test_trackers import small_class


def test_only_standards_mastered_since_monday_are_celebrated(classroom: Any, today: date) -> None:
    class_id, (zoe, mo), (s1, s2) = small_class(classroom, today)  # Zoë mastered 4.NF.1 weeks ago
    monday = week_start(today)
    classroom.evidence.record(mo, s1, 4, monday, kind="quiz", class_id=class_id)
    classroom.evidence.record(mo, s1, 4, monday, kind="quiz", class_id=class_id)
    classroom.evidence.record(zoe, s2, 4, monday - timedelta(days=1), kind="quiz", class_id=class_id)
    found = [(c.student_id, c.code) for c in this_week(classroom, class_id)]
    assert found == [(mo, "4.NF.1")]  # Zoë's 4.NF.2 was last week (Sunday)


def test_certificates_print_in_the_students_script_and_language(
    classroom: Any, today: date, tmp_path: Path
) -> None:
    class_id, (zoe, mo), (s1, s2) = small_class(classroom, today)
    classroom.students.edit_profile(zoe, home_language="es")
    for sid, std in ((zoe, s2), (mo, s1), (mo, s1)):
        classroom.evidence.record(sid, std, 4, today, kind="quiz", class_id=class_id)
    out = print_document(classroom, "certificates", PrintOptions(tmp_path / "c.pdf", class_id))
    text = pdf_words(out)
    assert "Certificado de dominio" in text and "Zoë Nguyễn" in text and "4.NF.2" in text
    assert "شهادة إتقان" in text and "محمد" in text
    assert "Certificate of mastery" not in text


def test_no_certificate_this_week_is_said_plainly(classroom: Any, today: date, tmp_path: Path) -> None:
    class_id, _ids, _std = small_class(classroom, today)
    with pytest.raises(UserError, match="No standard was newly mastered this week"):
        print_document(classroom, "certificates", PrintOptions(tmp_path / "c.pdf", class_id))
    assert not (tmp_path / "c.pdf").exists()


def test_print_certificates_from_the_command_line(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    assert cli.main(["demo", "--out", str(folder)]) == 0
    out = tmp_path / "certificates.pdf"
    assert cli.main(["print", "certificates", "--workspace", str(folder), "--out", str(out)]) == 0
    assert "Certificate of mastery" in pdf_text(out, 1, 1)


def test_the_poster_carries_a_celebration_strip_with_names_or_codes(
    classroom: Any, today: date, tmp_path: Path
) -> None:
    class_id, (zoe, mo), (s1, s2) = small_class(classroom, today)
    classroom.students.edit(zoe, display_code="Comet 7")
    classroom.evidence.record(zoe, s2, 4, today, kind="quiz", class_id=class_id)
    named = print_document(classroom, "poster", PrintOptions(tmp_path / "p.pdf", class_id, paper="A3"))
    strip = pdf_text(named).split("We celebrate this week:")[1]
    assert "Zoë Nguyễn: 4.NF.2" in strip and "4.NF.1" not in strip  # 4.NF.1 was mastered weeks ago
    anonymous = print_document(classroom, "poster",
                               PrintOptions(tmp_path / "a.pdf", class_id, paper="A3", anonymous=True))
    text = pdf_text(anonymous)
    assert "Comet 7: 4.NF.2" in text.split("We celebrate this week:")[1] and "Zoë" not in text


def test_a_week_without_news_prints_no_strip(classroom: Any, today: date, tmp_path: Path) -> None:
    class_id, _ids, _std = small_class(classroom, today)
    out = print_document(classroom, "poster", PrintOptions(tmp_path / "p.pdf", class_id, paper="A3"))
    assert "We celebrate this week" not in pdf_text(out)
