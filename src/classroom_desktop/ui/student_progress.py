"""A student's progress: the mastery-over-time chart for one standard, and the evidence list."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop.domain.scale import ProficiencyScale
from classroom_desktop.domain.types import Evidence, MasteryConfig
from classroom_desktop.i18n import N_, _
from classroom_desktop.ui.context import AppContext
from classroom_desktop.ui.locale_format import isolated, level_text, short_day
from classroom_desktop.ui.widgets import show_whole_text


class ProgressChart(QWidget):
    """A standard picker and the mastery-over-time chart; matplotlib is imported when first drawn."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.student_id: str | None = None
        self.evidence: list[Evidence] = []
        self.canvas: Any = None
        self.figure: Any = None
        self.standard_combo = QComboBox()
        self.standard_combo.currentIndexChanged.connect(self.draw)
        self.empty_label = QLabel(_("Choose a student to see their progress."))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Progress on")))
        row.addWidget(self.standard_combo, 1)
        self._layout.addLayout(row)
        self._layout.addWidget(self.empty_label, 1)

    def set_student(self, student_id: str | None, evidence: list[Evidence]) -> None:
        self.student_id = student_id
        self.evidence = evidence
        previous = self.standard_combo.currentData()
        standards = self._standards()
        with_evidence = {e.standard_id for e in evidence}
        self.standard_combo.blockSignals(True)
        self.standard_combo.clear()
        for sid, code, statement in standards:
            mark = "" if sid in with_evidence else _("(no evidence)")
            label = isolated(f"{code} — {statement}")
            self.standard_combo.addItem(f"{label}  {mark}" if mark else label, sid)
        index = self.standard_combo.findData(previous)
        if index < 0:  # the most recently assessed standard
            latest = evidence[-1].standard_id if evidence else None
            index = max(0, self.standard_combo.findData(latest))
        self.standard_combo.setCurrentIndex(index)
        self.standard_combo.blockSignals(False)
        self.draw()

    def _standards(self) -> list[tuple[str, str, str]]:
        c = self.ctx.classroom
        class_id = self.ctx.current_class_id
        framework_id = c.classes.get(class_id).framework_id if class_id else None
        if framework_id:
            return [(s.id, s.code, s.statement) for s in c.curriculum.standards(framework_id)]
        seen = dict.fromkeys(e.standard_id for e in self.evidence)
        infos = [c.curriculum.standard(sid) for sid in seen]
        return [(s.id, s.code, s.statement) for s in infos]

    def _method(self) -> tuple[MasteryConfig, ProficiencyScale]:
        class_id = self.ctx.current_class_id
        if not class_id:
            return MasteryConfig(), ProficiencyScale.default()
        c = self.ctx.classroom
        return c.classes.get(class_id).mastery, c.classes.scale(class_id)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        self.draw()

    def draw(self) -> None:
        """Draw the chosen standard's chart (only while visible; the first time imports matplotlib)."""
        if not self.isVisible():
            return
        standard_id = self.standard_combo.currentData()
        if self.student_id is None or standard_id is None:
            self.empty_label.show()
            if self.canvas is not None:
                self.canvas.hide()
            return
        from classroom_desktop.charts.progress import evidence_points, mastery_over_time, mastery_series

        if self.canvas is None:
            from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

            from classroom_desktop.charts.figure import new_figure

            self.figure = new_figure(6.4, 3.2)
            self.canvas = FigureCanvasQTAgg(self.figure)
            self.canvas.setMinimumHeight(240)
            self._layout.addWidget(self.canvas, 1)
        self.empty_label.hide()
        self.canvas.show()
        config, scale = self._method()
        items = [e for e in self.evidence if e.standard_id == standard_id]
        title = self.standard_combo.currentText().replace("  " + _("(no evidence)"), "")
        title = title.replace("\u2068", "").replace("\u2069", "")  # the chart lays out its own text
        series = mastery_series(items, config, scale)
        mastery_over_time(evidence_points(items), series, scale, title, figure=self.figure)
        self.canvas.setAccessibleName(_("Mastery over time: {standard}").format(standard=title))
        self.canvas.setAccessibleDescription(self.summary(items))
        self.canvas.draw_idle()

    def summary(self, items: list[Evidence]) -> str:
        """The chart in words: how many pieces of evidence, the levels in date order."""
        if not items:
            return _("No evidence yet on this standard.")
        levels = ", ".join(level_text(e.level) for e in items if e.level is not None)
        return _("{count} pieces of evidence, levels in date order: {levels}").format(
            count=len(items), levels=levels
        )


class EvidenceList(QTableWidget):
    """The student's evidence, newest first: date, standard, kind, level, note."""

    HEADERS = (N_("Date"), N_("Standard"), N_("Kind"), N_("Level"), N_("Note"))

    def __init__(self) -> None:
        super().__init__(0, len(self.HEADERS))
        self.setHorizontalHeaderLabels([_(h) for h in self.HEADERS])
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        self.setAccessibleName(_("Evidence, newest first"))

    def show_evidence(self, evidence: list[Evidence], codes: dict[str, str]) -> None:
        rows = [e for e in reversed(evidence) if e.level is not None]
        self.setRowCount(len(rows))
        for r, e in enumerate(rows):
            values = (
                short_day(e.observed_on),
                isolated(codes.get(e.standard_id, "?")),
                _(e.kind),
                level_text(e.level),
                isolated(e.note),
            )
            for c, value in enumerate(values):
                self.setItem(r, c, QTableWidgetItem(value))
        self.resizeColumnsToContents()
        self.horizontalHeader().setStretchLastSection(True)
        show_whole_text(self)
