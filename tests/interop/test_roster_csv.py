"""Roster CSV reading: encodings, delimiters, header names in several languages, line-numbered errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from classroom_desktop.domain.errors import UserError
from classroom_desktop.interop.roster_csv import FileProblems, load_roster, parse_roster, preview
from classroom_desktop.services.importing import import_file

ROWS = "Begoña,Ruiz,,1001,bego@school.org\nZoë,Kowalska,Zo,1002,\n"
HEADER = "Given name,Family name,Preferred name,Student ID,Email\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ((HEADER + ROWS).encode("utf-8"), "utf-8"),
        ((HEADER + ROWS).encode("utf-8-sig"), "utf-8-sig"),
        ((HEADER + ROWS).encode("cp1252"), "cp1252"),
    ],
)
def test_encodings_give_the_same_names(data: bytes, encoding: str) -> None:
    roster = load_roster(data)
    assert roster.table.encoding == encoding
    rows = parse_roster(roster)
    assert [(r.given_name, r.family_name, r.preferred_name, r.student_number, r.email) for r in rows] == [
        ("Begoña", "Ruiz", "", "1001", "bego@school.org"),
        ("Zoë", "Kowalska", "Zo", "1002", ""),
    ]
    assert [r.line for r in rows] == [2, 3]


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_delimiters_are_sniffed(delimiter: str) -> None:
    data = (HEADER + ROWS).replace(",", delimiter).encode()
    roster = load_roster(data)
    assert roster.table.delimiter == delimiter
    assert parse_roster(roster)[1].given_name == "Zoë"


@pytest.mark.parametrize(
    ("header", "given", "family"),
    [
        ("Vorname;Nachname;E-Mail", "Vorname", "Nachname"),
        ("Prénom;Nom;Courriel", "Prénom", "Nom"),
        ("Nombre;Apellidos;Correo", "Nombre", "Apellidos"),
        ("Last Name,First Name,Email Address", "First Name", "Last Name"),
    ],
)
def test_header_names_in_other_languages_are_recognised(header: str, given: str, family: str) -> None:
    delim = ";" if ";" in header else ","
    data = f"{header}\nAmara{delim}Okafor{delim}a@x.org\n".encode()
    roster = load_roster(data)
    assert roster.has_header
    names = roster.header
    assert names[roster.mapping["given_name"]] == given
    assert names[roster.mapping["family_name"]] == family
    assert names[roster.mapping["email"]] in ("E-Mail", "Courriel", "Correo", "Email Address")


def test_a_file_without_header_is_guessed_from_its_values() -> None:
    roster = load_roster(b"Wei,Wang,w.wang@school.org,5521\nAmara,Okafor,a.okafor@school.org,5522\n")
    assert not roster.has_header
    assert roster.mapping["email"] == 2 and roster.mapping["student_number"] == 3
    header, rows = preview(roster)
    assert header == ["Column 1", "Column 2", "Column 3", "Column 4"]
    assert rows[0] == ["Wei", "Wang", "w.wang@school.org", "5521"]
    assert [(r.given_name, r.family_name) for r in parse_roster(roster)] == [
        ("Wei", "Wang"),
        ("Amara", "Okafor"),
    ]


def test_blank_lines_are_skipped_but_line_numbers_stay_true() -> None:
    data = (HEADER + "\nWei,Wang,,,\n\n,,,77,\n").encode()
    with pytest.raises(UserError) as err:
        parse_roster(load_roster(data))
    assert str(err.value).startswith("Line 5: no name — give a given name or a family name.")
    assert "Nothing was imported" in str(err.value)


def test_every_bad_row_is_named() -> None:
    data = (HEADER + ",,,1,\nAna,López,,2,ana-at-school\nBo,Li,,5,\nMo,Ng,,5,\n").encode()
    with pytest.raises(FileProblems) as err:
        parse_roster(load_roster(data))
    assert err.value.problems == [
        "Line 2: no name — give a given name or a family name.",
        "Line 3: 'ana-at-school' does not look like an email address.",
        "Line 5: the student ID 5 is also on line 4.",
    ]
    assert str(err.value) == (
        "Line 2: no name — give a given name or a family name. …and 2 more problems. "
        "Nothing was imported; fix the file and try again."
    )


def test_mapping_must_name_a_name_column_and_not_reuse_a_column() -> None:
    roster = load_roster((HEADER + ROWS).encode())
    with pytest.raises(UserError, match="given name or the family name"):
        parse_roster(roster, {"given_name": None, "family_name": None})
    with pytest.raises(UserError, match="Column 1 is chosen for both given name and family name"):
        parse_roster(roster, {"given_name": 0, "family_name": 0})


def test_empty_file_is_refused() -> None:
    with pytest.raises(UserError, match="empty"):
        load_roster(b"\r\n  \r\n")


def test_import_file_is_all_or_nothing(classroom: Any, tmp_path: Path) -> None:
    class_id = classroom.classes.create("4B").created_id
    good = tmp_path / "good.csv"
    good.write_bytes((HEADER + ROWS).encode("cp1252"))
    assert import_file(classroom, "roster", good, class_id) == (
        "Imported 2 students into 4B: 2 new, 0 updated, 0 unchanged, 0 not in the file (archive?).")
    assert {s.display_name for s in classroom.students.list(class_id)} == {"Begoña Ruiz", "Zo Kowalska"}
    bad = tmp_path / "bad.csv"
    bad.write_bytes((HEADER + "Tomás,Silva,,,\n,,,,x@y.org\n").encode())
    with pytest.raises(UserError, match="Line 3: no name"):
        import_file(classroom, "roster", bad, class_id)
    assert len(classroom.students.list(class_id)) == 2
    with pytest.raises(UserError, match="There is no file"):
        import_file(classroom, "roster", tmp_path / "missing.csv", class_id)
