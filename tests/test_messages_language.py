"""What a teacher reads when something goes wrong, in Spanish and Arabic: the errors that come up
from the store, the services and sync (a busy, damaged or too-new class file, a student deleted on
another laptop, a wrong sync passphrase) and the sync report's counts in the language's plural forms.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from classroom_desktop.clock import FixedClock
from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import set_program_language
from classroom_desktop.services.classroom import Classroom, WorkspaceBusy, WorkspaceDamaged, WorkspaceTooNew
from classroom_desktop.services.roster import NewStudent
from classroom_desktop.services.syncing import SyncService
from classroom_desktop.store.engine import DB_NAME
from classroom_desktop.sync.crypto import WrongPassphrase
from classroom_desktop.sync.report import SyncReport, summary

CHEAP_KDF = 2**10


@pytest.fixture(params=["es", "ar"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    set_program_language(request.param)
    yield request.param
    set_program_language(None)


def _used_on_three_days(folder: Path) -> None:
    """A workspace opened on 2, 3 and 4 November 2026 (09:00): three good daily backups."""
    for n in range(3):
        c = Classroom.open(folder, clock=FixedClock(date(2026, 11, 2) + timedelta(days=n)))
        c.students.add(NewStudent(f"Kid{n}", "Nguyễn"))
        c.close()


def test_a_busy_workspace(tmp_path: Path, language: str) -> None:
    folder = tmp_path / "ws"
    first = Classroom.open(folder)
    try:
        with pytest.raises(WorkspaceBusy) as caught:
            Classroom.open(folder)
    finally:
        first.close()
    expected = {
        "es": f"La clase de {folder} ya está abierta en otra ventana o programa de Classroom Desktop; "
        "ciérrela allí e inténtelo de nuevo.",
        "ar": f"الفصل في {folder} مفتوح بالفعل في نافذة أو برنامج آخر من Classroom Desktop؛ "
        "أغلقه هناك وحاول مجددًا.",
    }
    assert str(caught.value) == expected[language]


def test_a_damaged_workspace_names_its_good_backup_in_the_language(tmp_path: Path, language: str) -> None:
    folder = tmp_path / "ws"
    _used_on_three_days(folder)
    data = bytearray((folder / DB_NAME).read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = bytes(random.Random(12).randrange(256) for _ in range(8192))
    (folder / DB_NAME).write_bytes(bytes(data))
    with pytest.raises(WorkspaceDamaged) as caught:
        Classroom.open(folder, clock=FixedClock(date(2026, 11, 5)))
    expected = {
        "es": f"El archivo de la clase en {folder} está dañado, así que no se abrió y no se cambió nada; "
        "la copia de seguridad buena más reciente es del miércoles 4 de noviembre de 2026 a las 09:00, "
        "y Classroom Desktop ofrece restaurarla al abrir la clase.",
        "ar": f"ملف الفصل في {folder} تالف، فلم يُفتح ولم يتغيّر شيء؛ أحدث نسخة احتياطية سليمة من "
        "الأربعاء 4 نوفمبر 2026 الساعة 09:00، ويعرض Classroom Desktop استعادتها عند فتح الفصل.",
    }
    assert str(caught.value) == expected[language]
    question = caught.value.restore_question()
    asks = {
        "es": "¿Restaurar la copia de seguridad buena más reciente, "
        "del miércoles 4 de noviembre de 2026 a las 09:00?",
        "ar": "هل تريد استعادة أحدث نسخة احتياطية سليمة، من الأربعاء 4 نوفمبر 2026 الساعة 09:00؟",
    }
    assert asks[language] in question.split("\n\n")
    assert "synced" not in question and "backup" not in question


def test_a_workspace_from_a_newer_version(tmp_path: Path, language: str) -> None:
    folder = tmp_path / "ws"
    Classroom.open(folder).close()
    con = sqlite3.connect(folder / DB_NAME)
    con.execute("UPDATE alembic_version SET version_num = '9f9f'")
    con.commit()
    con.close()
    with pytest.raises(WorkspaceTooNew) as caught:
        Classroom.open(folder)
    expected = {
        "es": f"La clase de {folder} se guardó con una versión más reciente de Classroom Desktop; "
        "actualice la aplicación para abrirla (no se cambió nada).",
        "ar": f"حُفظ الفصل في {folder} بإصدار أحدث من Classroom Desktop؛ حدّث التطبيق لفتحه (لم يتغيّر شيء).",
    }
    assert str(caught.value) == expected[language]


def test_a_student_deleted_on_another_laptop(classroom: Classroom, language: str) -> None:
    with pytest.raises(UserError) as caught:
        classroom.students.get("0f0f0f0f-0000-4000-8000-000000000000")
    expected = {
        "es": "No se encontró a ese estudiante. Puede que se haya borrado en otro portátil.",
        "ar": "تعذّر العثور على هذا الطالب. ربما حُذف على حاسوب محمول آخر.",
    }
    assert str(caught.value) == expected[language]


def test_every_kind_of_row_a_teacher_acts_on_has_its_own_sentence(
    classroom: Classroom, language: str
) -> None:
    """A plan step that is gone is not "That student…", nor an English noun in a Spanish sentence."""
    from classroom_desktop.store.models import PlanStep

    with classroom.db.reading() as tx, pytest.raises(UserError) as caught:
        tx.require(PlanStep, "nope", "plan step")
    expected = {
        "es": "No se encontró ese paso del plan. Puede que se haya borrado en otro portátil.",
        "ar": "تعذّر العثور على خطوة الخطة هذه. ربما حُذفت على حاسوب محمول آخر.",
    }
    assert str(caught.value) == expected[language]


def test_a_wrong_sync_passphrase(tmp_path: Path, language: str) -> None:
    share = tmp_path / "share"
    share.mkdir()
    a, b = Classroom.open(tmp_path / "a"), Classroom.open(tmp_path / "b")
    try:
        SyncService(a, kdf_n=CHEAP_KDF).setup(share, "Maple room 12", create=True)
        with pytest.raises(WrongPassphrase) as caught:
            SyncService(b, kdf_n=CHEAP_KDF).setup(share, "maple room 12", create=False)
    finally:
        a.close()
        b.close()
    expected = {
        "es": "Esa frase de contraseña no abre la carpeta de sincronización de esta clase. "
        "Compruébela con el docente que configuró la sincronización.",
        "ar": "عبارة المرور هذه لا تفتح مجلد مزامنة هذا الفصل. تحقّق منها مع المعلّم الذي أعدّ المزامنة.",
    }
    assert str(caught.value) == expected[language]


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        (1, "أُرسل تغيير واحد (1)."),
        (2, "أُرسل تغييران (2)."),
        (5, "أُرسلت 5 تغييرات."),
        (11, "أُرسل 11 تغييرًا."),
        (100, "أُرسل 100 تغيير."),
    ],
)
def test_the_sync_report_counts_in_arabics_plural_forms(sent: int, expected: str) -> None:
    set_program_language("ar")
    try:
        text = summary(SyncReport(status="ok", sent=sent, received=0, devices_seen=2))
    finally:
        set_program_language(None)
    assert text.startswith(expected + " ")
    assert "في مجلد المزامنة هذا حاسوبان (2)." in text


def test_the_sync_report_counts_in_spanish() -> None:
    set_program_language("es")
    try:
        one = summary(
            SyncReport(status="incomplete", sent=1, received=3, devices_seen=2, missing={"Aula 12": 1})
        )
    finally:
        set_program_language(None)
    assert one == (
        "Sincronización incompleta. Falta 1 cambio de Aula 12; esperando a que se sincronice. "
        "Se envió 1 cambio. Se recibieron 3 cambios. Hay 2 portátiles en esta carpeta de sincronización."
    )


def test_english_keeps_its_singular_and_plural() -> None:
    text = summary(SyncReport(status="ok", sent=1, received=2, devices_seen=1, conflicts=1))
    assert text == (
        "Sent 1 change. Received 2 changes. 1 laptop is in this sync folder. 1 edit clashed: see Conflicts."
    )


def test_the_domains_errors_speak_the_language_too(language: str) -> None:
    """The domain imports nothing of ours; its sentences are marked and translated by UserError."""
    from classroom_desktop.domain.paths import path_order
    from classroom_desktop.domain.scale import Level, ProficiencyScale
    from classroom_desktop.domain.types import StandardInfo

    scale = ProficiencyScale("Escala", (Level(1, "A"), Level(2, "B"), Level(3, "C"), Level(4, "D")), 3)
    with pytest.raises(UserError) as caught:
        scale.validate_level("5")
    expected = {
        "es": "5 no es un nivel de la escala «Escala» (use 1, 2, 3 o 4).",
        "ar": "5 ليس مستوى في المقياس «Escala» (استخدم 1, 2, 3 أو 4).",
    }
    assert str(caught.value) == expected[language]
    a = StandardInfo(id="a", code="4.NF.1", statement="", prerequisites=("b",))
    b = StandardInfo(id="b", code="4.NF.2", statement="", prerequisites=("a",))
    with pytest.raises(UserError) as caught:
        path_order([a, b])
    circle = {
        "es": "Estos estándares dependerían unos de otros en círculo",
        "ar": "ستعتمد هذه المعايير بعضها على بعض في حلقة",
    }
    assert str(caught.value).startswith(circle[language])
