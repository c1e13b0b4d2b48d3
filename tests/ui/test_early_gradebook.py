"""The gradebook kept from the last time: shown at once, the same as the real one, then replaced."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from classroom_desktop.services.classroom import Classroom
from classroom_desktop.ui.app import Starter
from classroom_desktop.ui.app_early import EarlyGradebook, show_early
from classroom_desktop.ui.main_window import MainWindow


def _grid(model: Any) -> list[list[Any]]:
    """What the teacher reads: the header names and every cell's text."""
    rows = [[model.headerData(c, _horizontal()) for c in range(model.columnCount())]]
    for r in range(model.rowCount()):
        rows.append([model.headerData(r, _vertical())] + [
            model.data(model.index(r, c)) for c in range(model.columnCount())
        ])
    return rows


def _horizontal() -> Any:
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def _vertical() -> Any:
    from PySide6.QtCore import Qt

    return Qt.Orientation.Vertical


def _window(settings_file: Path, class_id: str, qtbot: Any) -> MainWindow:
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    settings.setValue("window/class", class_id)
    settings.setValue("window/page", "Gradebook")
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_kept_gradebook_is_the_real_one_and_gives_way_to_it(
    demo: Any, qtbot: Any, settings_file: Path
) -> None:
    folder, class_id = demo.folder, demo.classes.list()[0].id
    demo.close(keep_table_of=class_id)
    window = _window(settings_file, class_id, qtbot)
    shown = show_early(window, folder)
    assert isinstance(shown, EarlyGradebook)
    assert window.stack.currentWidget() is shown
    assert window.class_box.currentData() == class_id
    early = _grid(shown.model)
    assert len(early) == 29 and any(cell for row in early[1:] for cell in row[1:])

    starter = Starter(window, folder, demo=False)
    starter._early = shown
    starter.attach(Classroom.open(folder, create=False))
    try:
        page = window.page("Gradebook")
        assert window.stack.currentWidget() is page
        assert window.stack.indexOf(shown) == -1  # the kept copy is gone
        assert _grid(page.model) == early
    finally:
        starter.close()
    assert Classroom.early_table(folder, class_id) is not None  # kept again for the next start


def test_nothing_is_shown_once_the_class_changed(demo: Any, qtbot: Any, settings_file: Path) -> None:
    from datetime import date

    folder, class_id = demo.folder, demo.classes.list()[0].id
    table = demo.evidence.mastery_table(class_id)
    demo.close(keep_table_of=class_id)
    classroom = Classroom.open(folder, create=False)
    classroom.evidence.record(table.students[0].id, table.standards[0].id, 1, date(2026, 11, 20))
    classroom.close()
    window = _window(settings_file, class_id, qtbot)
    assert show_early(window, folder) is None
    assert not any(isinstance(window.stack.widget(i), EarlyGradebook) for i in range(window.stack.count()))
