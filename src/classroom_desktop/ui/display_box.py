"""Settings ▸ Display: the high-contrast theme (white on black, yellow selection and focus)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from classroom_desktop.i18n import _
from classroom_desktop.ui.theme import HIGH_CONTRAST_LABEL, apply_theme
from classroom_desktop.ui.widgets import hint

HIGH_CONTRAST_KEY = "view/high_contrast"


class DisplayBox(QWidget):
    """One switch, kept in the window's settings and applied at once (and at the next start)."""

    def __init__(self, window: Any = None) -> None:
        super().__init__()
        self.settings: QSettings = getattr(window, "settings", None) or QSettings()
        self.high_contrast = QCheckBox(_(HIGH_CONTRAST_LABEL))
        self.high_contrast.setChecked(self.settings.value(HIGH_CONTRAST_KEY, False, type=bool))
        self.high_contrast.toggled.connect(self.set_high_contrast)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.high_contrast)
        layout.addWidget(
            hint(_("For bright rooms, projectors and low vision. The default colours already meet WCAG AA."))
        )

    def set_high_contrast(self, on: bool) -> None:
        self.settings.setValue(HIGH_CONTRAST_KEY, on)
        apply_theme(on)
