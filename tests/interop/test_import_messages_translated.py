"""What importing says to the teacher is in the teacher's language: a bad OneRoster export and a bad
CASE package, through ``import_path`` (the command line's import; the window's dialogs call the same
readers), give the Spanish message in Spanish and the Arabic one in Arabic."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import set_program_language
from classroom_desktop.services.importing import import_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(params=["en", "es", "ar"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    set_program_language(request.param)
    yield str(request.param)
    set_program_language(None)


def _zip(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


def _message(classroom: Any, what: str, path: Path, **kwargs: Any) -> str:
    with pytest.raises(UserError) as caught:
        import_path(classroom, what, path, **kwargs)
    return caught.value.message


ONEROSTER_NO_COLUMN = {
    "en": "users.csv has no column 'givenName': is it a OneRoster export?",
    "es": "users.csv no tiene la columna 'givenName': ¿es una exportación OneRoster?",
    "ar": "لا يحتوي users.csv على العمود 'givenName': هل هو تصدير OneRoster؟",
}
ONEROSTER_NO_CLASS = {
    "en": "The OneRoster file has no class called 'Physics 9'.",
    "es": "El archivo OneRoster no tiene ninguna clase llamada 'Physics 9'.",
    "ar": "لا يحتوي ملف OneRoster على صف باسم 'Physics 9'.",
}
CASE_NOT_JSON = {
    "en": "This JSON file could not be read (Expecting value at line 1); a framework should be",
    "es": "No se pudo leer este archivo JSON (Expecting value en la línea 1); un marco debe ser",
    "ar": "تعذّرت قراءة ملف JSON هذا (Expecting value في السطر 1)؛ يجب أن يكون الإطار",
}
CASE_NOT_CASE = {
    "en": "This JSON file is not a CASE package: it has no CFDocument and CFItems",
    "es": "Este archivo JSON no es un paquete CASE: no tiene CFDocument ni CFItems",
    "ar": "ملف JSON هذا ليس حزمة CASE: لا يحتوي على CFDocument وCFItems",
}


def test_a_bad_oneroster_export_is_refused_in_the_teachers_language(
    classroom: Any, language: str, tmp_path: Path
) -> None:
    broken = tmp_path / "oneroster.zip"
    broken.write_bytes(_zip({"manifest.csv": "propertyName,value\noneroster.version,1.1\n",
                             "users.csv": "sourcedId,status,role,familyName\nu1,active,student,Diaz\n",
                             "enrollments.csv": "sourcedId,classSourcedId,userSourcedId,role\n"}))
    assert ONEROSTER_NO_COLUMN[language] in _message(classroom, "roster", broken)
    said = _message(classroom, "roster", FIXTURES / "oneroster-1.2", class_name="Physics 9")
    assert ONEROSTER_NO_CLASS[language] in said


def test_a_bad_case_package_is_refused_in_the_teachers_language(
    classroom: Any, language: str, tmp_path: Path
) -> None:
    truncated = tmp_path / "framework.json"
    truncated.write_text("{\"CFDocument\": }", encoding="utf-8")
    assert CASE_NOT_JSON[language] in _message(classroom, "standards", truncated)
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"CFDocument": {"title": "Maths"}}), encoding="utf-8")
    assert CASE_NOT_CASE[language] in _message(classroom, "standards", other)


def test_a_roster_import_summary_is_in_the_teachers_language(classroom: Any, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("First name,Last name,Student ID\nAna,Díaz,1\nOmar,Haddad,2\n", encoding="utf-8")
    set_program_language("es")
    try:
        said = import_path(classroom, "roster", roster)
    finally:
        set_program_language(None)
    assert said.startswith("Se importaron 2 estudiantes: 2 nuevos, 0 actualizados, 0 sin cambios")


STANDARDS_SAME_CODE = {
    "en": "Line 3: the code 4.NF.1 is also used on line 2.",
    "es": "Línea 3: el código 4.NF.1 también se usa en la línea 2.",
    "ar": "السطر 3: الرمز 4.NF.1 مستخدم أيضًا في السطر 2.",
}


def test_a_standards_file_with_a_repeated_code_is_refused_in_the_teachers_language(
    classroom: Any, language: str, tmp_path: Path
) -> None:
    standards = tmp_path / "standards.csv"
    standards.write_text("Code,Statement\n4.NF.1,Fractions\n4.NF.1,Fractions again\n", encoding="utf-8")
    assert STANDARDS_SAME_CODE[language] in _message(classroom, "standards", standards)
