"""Qt's own buttons (OK, Cancel, Yes, No) speak the program's language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from classroom_desktop.ui.language import apply_language


@pytest.fixture
def restore_english(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    apply_language(qapp, "en")


@pytest.mark.parametrize(
    ("language", "cancel"), [("es", "Cancelar"), ("fr", "Annuler"), ("pt", "Cancelar"), ("en", "Cancel")]
)
def test_standard_buttons_follow_the_program_language(
    restore_english: QApplication, language: str, cancel: str
) -> None:
    apply_language(restore_english, language)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == cancel
