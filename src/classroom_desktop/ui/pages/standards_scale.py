"""The class's proficiency scale and mastery method, with a live preview of how a sample series scores."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop.domain import mastery
from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.scale import Level, ProficiencyScale
from classroom_desktop.domain.types import MasteryConfig, MasteryMethod
from classroom_desktop.i18n import N_, _, program_translator
from classroom_desktop.ui.context import AppContext
from classroom_desktop.ui.locale_format import localize_number_box, mastery_text

DEFAULT_SAMPLE = "1 2 3 4"
#: The mastery methods' names (``MasteryMethod.label`` in the domain), translated where shown.
METHOD_LABELS: dict[MasteryMethod, str] = {
    MasteryMethod.DECAYING_AVERAGE: N_("Decaying average"),
    MasteryMethod.WEIGHTED_AVERAGE: N_("Weighted average"),
    MasteryMethod.N_TIMES: N_("n times at the cut-off"),
    MasteryMethod.MOST_RECENT: N_("Most recent"),
    MasteryMethod.HIGHEST: N_("Highest"),
    MasteryMethod.MEAN: N_("Mean"),
    MasteryMethod.MODE: N_("Mode"),
    MasteryMethod.POWER_LAW: N_("Power law (trend)"),
}


def method_label(method: MasteryMethod) -> str:
    """The method's name in the program's language."""
    return _(METHOD_LABELS.get(method, method.label))


def parse_sample(text: str) -> list[float]:
    """Scores from the sample box ("1 2 3 4", "1, 2.5, 3"); a UserError names what is not a number."""
    scores = []
    for part in text.replace(",", " ").replace(";", " ").split():
        try:
            scores.append(float(part))
        except ValueError as exc:
            message = _("'{value}' is not a number; type levels separated by spaces, like 1 2 3 4.")
            raise UserError(message.format(value=part)) from exc
    return scores


#: The teacher's example on the Standards page: six 3s with one dip to 2 (issue 14).
RULE_EXAMPLE = (3.0, 3.0, 2.0, 3.0, 3.0, 3.0)


def rule_text(scale: ProficiencyScale, config: MasteryConfig) -> str:
    """How the class's mastery is decided, with the six-3s example worked out by ``config``'s method."""
    example = mastery.compute(RULE_EXAMPLE, config, scale)
    verdict = _("mastered") if scale.is_mastered(example) else _("not yet mastered")
    number = program_translator().number
    return _(
        "<b>How mastery is decided.</b> Mastery is shown to one decimal and decided on the number "
        "shown: a value that reads {cutoff} or more counts as mastered (anything from "
        "{lowest} up reads {cutoff}). "
        "For example 3, 3, 2, 3, 3, 3 reads {example} with the "
        "{method}: {verdict}. Scores that fall, like 3, 3, 3, 2, 2, stay below."
    ).format(
        cutoff=number(scale.cutoff, 1),
        lowest=number(scale.cutoff - 0.05, 2),
        example=mastery_text(example),
        method=method_label(config.method).lower(),
        verdict=verdict,
    )


class ScalePanel(QWidget):
    """Edits one class's scale (Save scale) and mastery method (Use this method); both undoable."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.class_id: str | None = None

        self.levels_table = QTableWidget(0, 3)
        self.levels_table.setHorizontalHeaderLabels([_("Level"), _("Label"), _("Descriptor")])
        self.levels_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.levels_table.verticalHeader().hide()
        self.levels_table.itemChanged.connect(self.update_preview)
        self.cutoff = QDoubleSpinBox()
        localize_number_box(self.cutoff)
        self.cutoff.setDecimals(2)
        self.cutoff.setSingleStep(0.5)
        self.cutoff.setRange(-100, 100)
        self.cutoff.valueChanged.connect(self.update_preview)
        add, remove = QPushButton(_("Add level")), QPushButton(_("Remove level"))
        add.clicked.connect(self._add_level)
        remove.clicked.connect(lambda: self.levels_table.removeRow(self.levels_table.rowCount() - 1))
        self.save_scale_button = QPushButton(_("Save scale"))
        self.save_scale_button.clicked.connect(self.save_scale)
        scale_box = QGroupBox(_("Proficiency scale"))
        scale_layout = QVBoxLayout(scale_box)
        scale_layout.addWidget(self.levels_table)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Mastered at")))
        row.addWidget(self.cutoff)
        row.addStretch(1)
        for b in (add, remove, self.save_scale_button):
            row.addWidget(b)
        scale_layout.addLayout(row)

        self.method_combo = QComboBox()
        for method in MasteryMethod:
            self.method_combo.addItem(method_label(method), method.value)
        self.method_combo.currentIndexChanged.connect(self.update_preview)
        self.weight = QDoubleSpinBox()
        localize_number_box(self.weight)
        self.weight.setRange(0.01, 0.99)
        self.weight.setSingleStep(0.05)
        self.weight.valueChanged.connect(self.update_preview)
        self.n = QSpinBox()
        self.n.setRange(1, 20)
        self.n.valueChanged.connect(self.update_preview)
        self.sample = QLineEdit(DEFAULT_SAMPLE)
        self.sample.textChanged.connect(self.update_preview)
        self.use_method_button = QPushButton(_("Use this method"))
        self.use_method_button.clicked.connect(self.save_method)
        self.preview_table = QTableWidget(len(MasteryMethod), 3)
        self.preview_table.setHorizontalHeaderLabels([_("Method"), _("Mastery"), _("Level")])
        self.preview_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.preview_table.verticalHeader().hide()
        self.preview_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.rule.setAccessibleName(_("How mastery is decided"))
        method_box = QGroupBox(_("Mastery method"))
        form = QFormLayout(method_box)
        form.addRow(self.rule)
        form.addRow(_("Method"), self.method_combo)
        form.addRow(_("Weight of the newest score"), self.weight)
        form.addRow(_("'n times': how many scores"), self.n)
        form.addRow("", self.use_method_button)
        form.addRow(_("Try a series of scores"), self.sample)
        form.addRow(self.preview_table)
        form.addRow(self.message)

        layout = QVBoxLayout(self)
        self.no_class = QLabel(_("Choose a class to set its scale and mastery method."))
        layout.addWidget(self.no_class)
        layout.addWidget(scale_box)
        layout.addWidget(method_box, 1)

    # ---- loading ------------------------------------------------------------------------
    def load(self, class_id: str | None) -> None:
        self.class_id = class_id
        self.no_class.setVisible(class_id is None)
        for button in (self.save_scale_button, self.use_method_button):
            button.setEnabled(class_id is not None)
        c = self.ctx.classroom
        scale = c.classes.scale(class_id) if class_id else ProficiencyScale.default()
        config = c.classes.get(class_id).mastery if class_id else MasteryConfig()
        for w in (self.levels_table, self.cutoff, self.method_combo, self.weight, self.n):
            w.blockSignals(True)
        self.levels_table.setRowCount(len(scale.levels))
        for r, level in enumerate(scale.levels):
            for col, value in enumerate((str(level.value), level.label, level.descriptor)):
                self.levels_table.setItem(r, col, QTableWidgetItem(value))
        self.cutoff.setValue(scale.cutoff)
        self.method_combo.setCurrentIndex(self.method_combo.findData(config.method.value))
        self.weight.setValue(config.weight)
        self.n.setValue(config.n)
        for w in (self.levels_table, self.cutoff, self.method_combo, self.weight, self.n):
            w.blockSignals(False)
        self.update_preview()

    def _add_level(self) -> None:
        rows = self.levels_table.rowCount()
        last = self.levels_table.item(rows - 1, 0) if rows else None
        value = int(last.text()) + 1 if last is not None and last.text().strip().lstrip("-").isdigit() else 1
        self.levels_table.insertRow(rows)
        for col, text in enumerate((str(value), "", "")):
            self.levels_table.setItem(rows, col, QTableWidgetItem(text))

    def edited_scale(self) -> ProficiencyScale:
        """The scale as typed; a UserError says what is wrong with it."""
        levels = []
        for r in range(self.levels_table.rowCount()):
            cells = [self.levels_table.item(r, c) for c in range(3)]
            value, label, descriptor = (cell.text().strip() if cell else "" for cell in cells)
            try:
                number = int(value)
            except ValueError as exc:
                raise UserError(
                    _("Row {row}: the level '{value}' must be a whole number.").format(row=r + 1, value=value)
                ) from exc
            levels.append(Level(number, label, descriptor))
        name = "Default"
        if self.class_id:
            name = self.ctx.classroom.classes.scale(self.class_id).name
        return ProficiencyScale(name, tuple(levels), float(self.cutoff.value()))

    def config(self) -> MasteryConfig:
        method = MasteryMethod(self.method_combo.currentData())
        return MasteryConfig(method, round(self.weight.value(), 2), self.n.value())

    # ---- preview ------------------------------------------------------------------------
    def preview_values(self) -> dict[MasteryMethod, float | None]:
        """Each method's value for the sample series, with this panel's weight and n."""
        scale = self.edited_scale()
        scores = parse_sample(self.sample.text())
        values = mastery.preview(scores, scale)
        config = self.config()
        for method in (MasteryMethod.DECAYING_AVERAGE, MasteryMethod.WEIGHTED_AVERAGE, MasteryMethod.N_TIMES):
            values[method] = mastery.compute(scores, MasteryConfig(method, config.weight, config.n), scale)
        return values

    def update_preview(self, *_args: object) -> None:
        try:
            values = self.preview_values()
            scale = self.edited_scale()
        except UserError as exc:
            self.message.setText(exc.message)
            return
        self.message.clear()
        self.rule.setText(rule_text(scale, self.config()))
        chosen = MasteryMethod(self.method_combo.currentData())
        for r, method in enumerate(MasteryMethod):
            value = values[method]
            label = (
                "" if value is None else scale.label_for(value) + (" ✓" if scale.is_mastered(value) else "")
            )
            for col, text in enumerate((method_label(method), mastery_text(value), label)):
                item = QTableWidgetItem(text)
                font = QFont()
                font.setBold(method is chosen)
                item.setFont(font)
                self.preview_table.setItem(r, col, item)

    def preview_text(self, method: MasteryMethod) -> str:
        """The value shown for ``method`` (as the teacher reads it)."""
        item = self.preview_table.item(list(MasteryMethod).index(method), 1)
        return item.text() if item else ""

    # ---- saving -------------------------------------------------------------------------
    def save_scale(self) -> None:
        class_id = self.class_id
        if class_id is None:
            return
        try:
            new = self.edited_scale()
        except UserError as exc:
            self.message.setText(exc.message)
            return
        curriculum, classes = self.ctx.classroom.curriculum, self.ctx.classroom.classes
        old = classes.scale(class_id)
        self.ctx.edit(
            _("Change the proficiency scale"),
            lambda: curriculum.set_class_scale(class_id, new),
            lambda _r: curriculum.set_class_scale(class_id, old),
        )

    def save_method(self) -> None:
        class_id = self.class_id
        if class_id is None:
            return
        classes = self.ctx.classroom.classes
        old, new = classes.get(class_id).mastery, self.config()
        self.ctx.edit(
            _("Use {method} for mastery").format(method=method_label(new.method).lower()),
            lambda: classes.set_mastery(class_id, new),
            lambda _r: classes.set_mastery(class_id, old),
        )
