"""The Students, Plans, Groups, Standards and Data wall pages and their dialogs in the teacher's language:
Spanish words, dates and decimal commas, nothing clipped at 1366×768, and Arabic laid out right to left."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from classroom_desktop.i18n import set_program_language
from classroom_desktop.services.syncing import SyncStatus


@pytest.fixture
def spanish() -> Iterator[None]:
    """The program speaks Spanish for one test, and English again afterwards."""
    set_program_language("es")
    yield
    set_program_language(None)


@pytest.fixture
def arabic() -> Iterator[None]:
    """The program speaks Arabic, laid out right to left, for one test."""
    set_program_language("ar")
    QApplication.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    yield
    QApplication.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    set_program_language(None)


def _shown(qtbot: Any, page: QWidget) -> QWidget:
    qtbot.addWidget(page)
    page.resize(1366, 700)  # the window's page area on a 1366×768 screen
    page.show()
    qtbot.waitExposed(page)
    return page


def _texts(widget: QWidget) -> set[str]:
    """Every visible text of the widget's buttons and labels."""
    found = {b.text() for b in widget.findChildren(QAbstractButton) if b.isVisible()}
    return found | {label.text() for label in widget.findChildren(QLabel) if label.isVisible()}


def _clipped(widget: QWidget) -> list[str]:
    """Visible buttons narrower than their text needs (once the layouts have caught up)."""
    QApplication.processEvents()
    return [
        b.text()
        for b in widget.findChildren(QAbstractButton)
        if b.isVisible() and b.text() and b.width() < b.minimumSizeHint().width()
    ]


def _headers(table: Any) -> list[str]:
    model = table.model()
    return [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]


def _record(ctx: Any, level: float, day: date) -> str:
    c, class_id = ctx.classroom, ctx.current_class_id
    student = c.students.list(class_id)[0]
    standard = c.curriculum.standards(c.classes.get(class_id).framework_id)[0]
    c.evidence.record(student.id, standard.id, level, day, kind="quiz", class_id=class_id)
    return student.id


def test_the_students_page_speaks_spanish(spanish: None, ctx: Any, qtbot: Any) -> None:
    from classroom_desktop.ui.pages.students import StudentsPage

    sid = _record(ctx, 3, date(2026, 10, 1))
    page = _shown(qtbot, StudentsPage(ctx))
    assert page.search.placeholderText() == "Buscar estudiantes"
    assert {"Añadir…", "Editar…", "Archivar", "Importar lista de la clase…"} <= _texts(page)
    assert page.name_label.text().endswith("estudiantes en esta clase")
    page.select_student(sid)
    assert page.details_label.text().startswith("Nombre: ")
    assert page.tabs.tabText(0) == "Perfil y progreso" and page.tabs.tabText(1) == "Plan de aprendizaje"
    assert _headers(page.evidence_list) == ["Fecha", "Estándar", "Tipo", "Nivel", "Nota"]
    dates = [page.evidence_list.item(r, 0).text() for r in range(page.evidence_list.rowCount())]
    assert "1 oct 2026" in dates
    assert "prueba" in [page.evidence_list.item(r, 2).text() for r in range(page.evidence_list.rowCount())]
    assert page.profile.home_language.itemText(0) == "La misma que el docente"
    assert _clipped(page) == []


def test_the_plans_page_and_its_editor_speak_spanish(spanish: None, ctx: Any, qtbot: Any) -> None:
    from classroom_desktop.ui.pages.plans import PlansPage

    page = _shown(qtbot, PlansPage(ctx))
    assert {"Preparar los planes de la clase", "Banco de actividades…", "Imprimir planes…"} <= _texts(page)
    assert [page.kind.itemText(i) for i in range(page.kind.count())] == [
        "Planes de aprendizaje", "Carpetas de datos", "Informes de progreso"
    ]
    assert page.paper.itemText(1) == "Carta" and page.paper.itemData(1) == "Letter"
    editor = page.editor
    sid = page.selected_student()
    assert sid is not None
    editor.draft()
    assert editor.title.text().startswith("Plan de aprendizaje: ")
    assert _headers(editor.view)[1:4] == ["Estándar", "Para", "Estado"]
    first = editor.model.steps[0]
    assert editor.model.data(editor.model.index(0, 3)) in (
        "Sin empezar", "Trabajando en ello", "Listo para ser evaluado", "Dominado"
    )
    day = first.target_on
    assert day is not None
    months = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic")
    assert editor.model.data(editor.model.index(0, 2)) == f"{day.day} {months[day.month - 1]} {day.year}"
    assert editor.start_edit.displayFormat() == "d MMM yyyy"
    assert _clipped(page) == []


def test_the_groups_page_speaks_spanish(spanish: None, ctx: Any, qtbot: Any) -> None:
    from classroom_desktop.services.groups import groups_of
    from classroom_desktop.ui.pages.groups import GroupsPage

    class_id = ctx.current_class_id
    groups = groups_of(ctx.classroom)
    focus = groups.next_focus(class_id)
    assert focus is not None
    suggestion = groups.suggest(class_id, [focus.id])
    groups.save_plan(class_id, date(2026, 11, 3), "", [focus.id], suggestion.groups)
    page = _shown(qtbot, GroupsPage(ctx))
    assert _headers(page.table) == ["Fecha", "Guardado a las", "Clase", "Enfoque", "Grupos", "Estudiantes"]
    assert {"Copiar a hoy", "Imprimir tarjetas…", "Imprimir resumen…", "Papel"} <= _texts(page)
    dates = [page.table.item(r, 0).text() for r in range(page.table.rowCount())]
    assert "3 nov 2026" in dates  # the short date of the language, not "2026-11-03"
    assert page.table.item(dates.index("3 nov 2026"), 2).text() == "(clase sin nombre)"
    said: list[str] = []
    ctx.status.connect(said.append)
    page.table.clearSelection()
    page.copy_selected(date(2026, 11, 20))
    assert said == ["Elija primero un plan para copiar."]
    assert _clipped(page) == []


def test_the_standards_page_speaks_spanish_with_decimal_commas(spanish: None, ctx: Any, qtbot: Any) -> None:
    from classroom_desktop.domain.types import MasteryMethod
    from classroom_desktop.ui.pages.standards import StandardsPage

    page = _shown(qtbot, StandardsPage(ctx))
    assert {"Nuevo marco…", "Nuevo eje…", "Nuevo estándar…", "Importar…"} <= _texts(page)
    assert [page.side_tabs.tabText(i) for i in range(2)] == ["Selección", "Escala y dominio"]
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "Marco / eje / código"
    panel = page.scale_panel
    panel.sample.setText("1 2 3 4")
    assert panel.preview_text(MasteryMethod.MEAN) == "2,5"
    assert panel.weight.text() == "0,65"  # the number boxes write the decimal comma too
    assert "Cómo se decide el dominio." in panel.rule.text() and "se lee 3,0" in panel.rule.text()
    panel.sample.setText("1 2 tres")
    assert panel.message.text() == (
        "«tres» no es un número; escriba niveles separados por espacios, así: 1 2 3 4."
    )
    page.side_tabs.setCurrentIndex(1)
    assert _clipped(page) == []


def test_the_data_wall_speaks_spanish_with_decimal_commas(spanish: None, ctx: Any, qtbot: Any) -> None:
    from classroom_desktop.ui.pages.datawall import DataWallPage

    page = _shown(qtbot, DataWallPage(ctx))
    assert [page.tabs.tabText(i) for i in range(3)] == ["Mapa de calor", "Distribución", "Crecimiento"]
    assert page.sort.itemText(0) == "Nombre" and page.strand.itemText(0) == "Todos los ejes"
    data = page.heatmap_data()
    assert data is not None
    row, col = next(
        (r, c) for r, values in enumerate(data.values) for c, v in enumerate(values) if v is not None
    )
    text = page.tooltip((data.row_ids[row], data.column_ids[col]))
    assert text.startswith("Dominio ") and "evidencias" in text and "Última: nivel " in text
    assert "," in text.split()[1]  # the mastery value with a decimal comma: "Dominio 2,8 a partir de …"
    assert "<b>Novedades de esta semana:</b>" in page.celebrate.text()
    page.tabs.setCurrentIndex(2)  # the growth chart: its title is Spanish
    figure = page.chart("growth")
    assert "estándares dominados hasta ahora" in figure.get_suptitle()
    page.tabs.setCurrentIndex(0)
    assert _clipped(page) == []


def test_the_student_and_import_dialogs_speak_spanish(
    spanish: None, ctx: Any, qtbot: Any, tmp_path: Path
) -> None:
    from classroom_desktop.ui.dialogs.roster_import import RosterImportDialog
    from classroom_desktop.ui.dialogs.standards_import import StandardsImportDialog
    from classroom_desktop.ui.dialogs.student_dialog import StudentDialog

    dialog = StudentDialog()
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Añadir estudiante"
    dialog.edits["email"].setText("ana at school")
    assert dialog.problem() == "Dé un nombre al estudiante: nombre, apellidos o ambos."
    dialog.edits["given_name"].setText("Ana")
    assert dialog.problem() == "«ana at school» no parece una dirección de correo electrónico."

    roster = tmp_path / "lista.csv"
    roster.write_text("Nombre,Apellidos\nAna,López\nLuis,Pérez\n", encoding="utf-8")
    importer = RosterImportDialog(ctx, ctx.current_class_id)
    qtbot.addWidget(importer)
    assert importer.windowTitle() == "Importar una lista de clase"
    assert importer.load_file(roster)
    assert importer.file_label.text() == "lista.csv: 2 filas, UTF-8, separadas por comas."
    assert importer.header_check.text() == "La primera fila contiene los nombres de las columnas"
    assert importer.import_button.text() == "Importar"
    bad = tmp_path / "correos.csv"
    bad.write_text("Nombre,Apellidos,Email\nAna,López,ana@school.org\n,,luis at school\n", encoding="utf-8")
    assert importer.load_file(bad)
    assert importer.summary_label.text() == "Línea 3: sin nombre; ponga un nombre o unos apellidos."
    pdf = tmp_path / "lista.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n")
    assert not importer.load_file(pdf)
    assert importer.error_label.text() == (
        "Este archivo es un documento PDF; una lista de clase debe ser un archivo CSV o Excel (.xlsx), "
        "o un zip o carpeta de OneRoster."
    )

    standards = StandardsImportDialog(ctx, ctx.current_class_id)
    qtbot.addWidget(standards)
    assert standards.windowTitle() == "Importar estándares"
    standards.accept()
    assert standards.summary_label.text() == "Elija primero un archivo de estándares."


def test_sync_first_run_library_and_calendar_speak_spanish(spanish: None, ctx: Any, qtbot: Any) -> None:
    from classroom_desktop.ui.activity_library import ActivityLibraryDialog
    from classroom_desktop.ui.dialogs.poster_dialog import PosterDialog
    from classroom_desktop.ui.first_run import FirstRunDialog
    from classroom_desktop.ui.school_calendar_box import SchoolCalendarBox
    from classroom_desktop.ui.sync_panel import SetupDialog, status_text

    setup = SetupDialog()
    qtbot.addWidget(setup)
    assert setup.windowTitle() == "Configurar la sincronización"
    assert setup.problem() == "Elija primero la carpeta compartida."
    status = SyncStatus(True, "/share", last_sync="2026-11-20T09:30:00+00:00", devices_seen=2, waiting=1)
    text = status_text(status)
    assert text.startswith("Sincronizado 20 nov 2026 ")
    assert text.endswith("· 2 portátiles · 1 cambio pendiente")

    welcome = FirstRunDialog()
    qtbot.addWidget(welcome)
    assert welcome.windowTitle().startswith("Bienvenido a ")
    welcome._create()
    assert welcome.error.text() == "Escriba primero el nombre de la clase."

    library = ActivityLibraryDialog(ctx, ctx.current_class_id)
    qtbot.addWidget(library)
    assert _headers(library.table)[:3] == ["Título", "Estándares", "Niveles"]

    poster = PosterDialog(None, anonymous=True)
    qtbot.addWidget(poster)
    assert poster.orientation.itemText(0) == "Horizontal" and poster.tile.itemText(1).startswith("Dividir en")
    assert poster.options(Path("p.pdf"), "c").landscape

    calendar = SchoolCalendarBox(ctx)
    qtbot.addWidget(calendar)
    assert calendar.days[0].text() == "lun" and calendar.days[0].accessibleName() == "lunes"
    assert calendar.save_button.text() == "Guardar el calendario"


def test_pages_go_back_to_english_after_the_spanish_tests(ctx: Any, qtbot: Any) -> None:
    from classroom_desktop.ui.pages.students import StudentsPage

    page = _shown(qtbot, StudentsPage(ctx))
    assert page.search.placeholderText() == "Search students"


def test_the_arabic_students_page_reads_right_to_left(arabic: None, ctx: Any, qtbot: Any) -> None:
    from classroom_desktop.ui.pages.students import StudentsPage

    sid = _record(ctx, 3, date(2026, 10, 1))
    page = _shown(qtbot, StudentsPage(ctx))
    page.select_student(sid)
    code = page.evidence_list.item(0, 1).text()
    # a Latin code keeps its own order inside the Arabic table ("4.NBT.1", not "NBT.1.4")
    assert code.startswith("\u2068") and code.endswith("\u2069") and code[1].isdigit()
    assert page.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert page.search.placeholderText() == "البحث عن الطلاب"
    assert page.tabs.tabText(0) == "الملف والتقدّم"
    roster_x = page.roster.mapTo(page, QPoint(0, 0)).x()
    detail_x = page.name_label.mapTo(page, QPoint(0, 0)).x()
    assert roster_x > detail_x  # the class list stands on the right, the student's page on its left
    buttons = [page.add_button, page.edit_button, page.archive_button]
    xs = [b.mapTo(page, QPoint(0, 0)).x() for b in buttons]
    assert xs == sorted(xs, reverse=True)  # Add, Edit, Archive read from right to left
    assert _clipped(page) == []


def test_the_arabic_plans_page_reads_right_to_left(arabic: None, ctx: Any, qtbot: Any) -> None:
    from classroom_desktop.ui.pages.plans import PlansPage

    page = _shown(qtbot, PlansPage(ctx))
    assert page.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert page.students.mapTo(page, QPoint(0, 0)).x() > page.editor.mapTo(page, QPoint(0, 0)).x()
    assert "إعداد خطط الصف" in _texts(page)
    assert _clipped(page) == []
