"""The class's activity library: title, standards, level range, tags, materials and a page or link."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop.i18n import N_, _
from classroom_desktop.services.choices import choices_of
from classroom_desktop.services.plans import ActivityView, plans_of
from classroom_desktop.ui.context import AppContext
from classroom_desktop.ui.locale_format import isolated, level_text, localize_number_box
from classroom_desktop.ui.widgets import ok_cancel

_ID = Qt.ItemDataRole.UserRole
HEADERS = (N_("Title"), N_("Standards"), N_("Levels"), N_("Tags"), N_("Materials"), N_("Page or link"))


class ActivityForm(QDialog):
    """Add or change one activity."""

    def __init__(
        self,
        ctx: AppContext,
        class_id: str,
        activity: ActivityView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Change activity") if activity else _("New activity"))
        form = QFormLayout(self)
        self.title = QLineEdit(activity.title if activity else "")
        self.standards = QListWidget()
        self.standards.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        framework = ctx.classroom.classes.get(class_id).framework_id
        chosen = set(activity.standard_ids) if activity else set()
        for standard in ctx.classroom.curriculum.standards(framework) if framework else []:
            item = QListWidgetItem(f"{standard.code}  {standard.statement}")
            item.setData(_ID, standard.id)
            self.standards.addItem(item)
            item.setSelected(standard.id in chosen)
        scale = ctx.classroom.classes.scale(class_id)
        self.level_min, self.level_max = QDoubleSpinBox(), QDoubleSpinBox()
        for spin, value in (
            (self.level_min, activity.level_min if activity else scale.minimum),
            (self.level_max, activity.level_max if activity else scale.maximum),
        ):
            localize_number_box(spin)
            spin.setRange(scale.minimum, scale.maximum)
            spin.setSingleStep(0.5)
            spin.setValue(value)
        self.tags = QLineEdit(", ".join(activity.tags) if activity else "")
        self.tags.setPlaceholderText(_("football, drawing, hands-on"))
        self.materials = QLineEdit(activity.materials if activity else "")
        self.link = QLineEdit(activity.link if activity else "")
        levels = QHBoxLayout()
        levels.addWidget(self.level_min)
        levels.addWidget(self.level_max)
        for label, widget in (
            (_("Title"), self.title),
            (_("Standards"), self.standards),
            (_("Materials"), self.materials),
            (_("Tags (matched with interests)"), self.tags),
            (_("Page or link"), self.link),
        ):
            form.addRow(label, widget)
        form.addRow(_("For levels (from, to)"), levels)
        buttons = ok_cancel(self)
        form.addRow(buttons)

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.text(),
            "standard_ids": [i.data(_ID) for i in self.standards.selectedItems()],
            "level_min": self.level_min.value(),
            "level_max": self.level_max.value(),
            "tags": [t.strip() for t in self.tags.text().split(",") if t.strip()],
            "materials": self.materials.text(),
            "link": self.link.text(),
        }


def _fields(a: ActivityView) -> dict[str, Any]:
    return {
        "title": a.title,
        "standard_ids": list(a.standard_ids),
        "level_min": a.level_min,
        "level_max": a.level_max,
        "tags": list(a.tags),
        "materials": a.materials,
        "link": a.link,
    }


class ActivityLibraryDialog(QDialog):
    """The class's activities in a table, with add, change and delete (each undoable)."""

    def __init__(self, ctx: AppContext, class_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.class_id = ctx, class_id
        self.plans = plans_of(ctx.classroom)
        self.setWindowTitle(_("Activity library"))
        self.resize(900, 480)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, len(HEADERS) + 1)
        self.table.setHorizontalHeaderLabels([*(_(h) for h in HEADERS), _("Times chosen")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.change())
        layout.addWidget(self.table)
        bar = QHBoxLayout()
        for text, slot in ((_("Add…"), self.add), (_("Change…"), self.change), (_("Delete"), self.delete)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            bar.addWidget(button)
        bar.addStretch(1)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        bar.addWidget(close)
        layout.addLayout(bar)
        ctx.changed.connect(
            lambda changes: self.reload() if changes.concerns("activity", "plan_step") else None
        )
        self.reload()

    def reload(self) -> None:
        codes = {s.id: s.code for s in self.ctx.classroom.evidence.mastery_table(self.class_id).standards}
        self.activities = self.plans.activities(self.class_id)
        chosen = choices_of(self.ctx.classroom).counts(self.class_id)  # how often students pick each
        self.table.setRowCount(len(self.activities))
        for row, a in enumerate(self.activities):
            values = (
                a.title,
                ", ".join(codes.get(s, "?") for s in a.standard_ids),
                f"{level_text(a.level_min)}–{level_text(a.level_max)}",
                ", ".join(a.tags),
                a.materials,
                a.link,
            )
            for col, text in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(isolated(text)))
            self.table.setItem(row, len(HEADERS), QTableWidgetItem(str(chosen.get(a.id, 0))))
        self.table.resizeColumnsToContents()

    def selected(self) -> ActivityView | None:
        row = self.table.currentRow()
        return self.activities[row] if 0 <= row < len(self.activities) else None

    def add(self) -> None:
        form = ActivityForm(self.ctx, self.class_id, None, self)
        if form.exec() == QDialog.DialogCode.Accepted:
            self.add_activity(form.values())

    def add_activity(self, values: dict[str, Any]) -> None:
        self.ctx.edit(
            _("add an activity"),
            lambda: self.plans.add_activity(self.class_id, **values).created_id,
            lambda created: self.plans.delete_activity(created),
        )

    def change(self) -> None:
        current = self.selected()
        if current is None:
            return
        form = ActivityForm(self.ctx, self.class_id, current, self)
        if form.exec() == QDialog.DialogCode.Accepted:
            values, old = form.values(), _fields(current)
            self.ctx.edit(
                _("change an activity"),
                lambda: self.plans.edit_activity(current.id, **values),
                lambda _c: self.plans.edit_activity(current.id, **old),
            )

    def delete(self) -> None:
        current = self.selected()
        if current is None:
            return
        holder = {"id": current.id}
        fields = _fields(current)

        def do() -> None:
            self.plans.delete_activity(holder["id"])

        def undo(_result: object) -> None:  # comes back as a new activity with the same fields
            holder["id"] = str(self.plans.add_activity(self.class_id, **fields).created_id)

        self.ctx.edit(_("delete an activity"), do, undo)
