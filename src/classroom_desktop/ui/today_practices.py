"""Today's panel for the focus standard: its unit's progress (17.1), peer helpers paired with who
needs them (17.2), and the students ready to be re-assessed (17.5). Every change is undoable."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop.i18n import _
from classroom_desktop.services import ChangeSet
from classroom_desktop.ui.context import AppContext
from classroom_desktop.ui.dialogs.reassessment import MarkReadyDialog, ResultDialog
from classroom_desktop.ui.practice_printing import print_practice

_ID = Qt.ItemDataRole.UserRole
_OUT = Qt.ItemDataRole.UserRole + 1
#: The tables this panel shows (besides evidence and students, which Today already follows).
CONCERNS = ("unit", "helper_setting", "reassessment", "evidence", "student", "enrolment")


def practices_tabs(readiness: QWidget, practices: PracticesPanel) -> QTabWidget:
    """Today's top area: readiness on the focus standard, and beside it (a tab) the focus standard's
    unit, its peer helpers and who is ready to be re-assessed — the board below keeps its room."""
    tabs = QTabWidget()
    tabs.setDocumentMode(True)
    tabs.addTab(readiness, _("Readiness"))
    tabs.addTab(practices, _("Unit, helpers and re-assessment"))
    practices.tabs = tabs
    return tabs


def _isolated(name: str) -> str:
    """A name kept in its own direction inside a sentence (Arabic or Hebrew names among English)."""
    return f"\u2068{name}\u2069"


def _button(label: str, layout: QHBoxLayout | QVBoxLayout, action: object, ctx: AppContext) -> QPushButton:
    button = QPushButton(label)
    button.clicked.connect(lambda _on=False: ctx.guard(action))  # type: ignore[arg-type]
    layout.addWidget(button)
    return button


class PracticesPanel(QWidget):
    """The unit line, the helpers and the re-assessment list for Today's focus standard."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.class_id: str | None = None
        self.standard_id: str | None = None
        self._stale = True
        self.tabs: QTabWidget | None = None  #: the tab widget it sits in on Today
        self.unit_line = QLabel("")
        self.unit_line.setWordWrap(True)
        self.unit_line.setAccessibleName(_("The focus standard's unit"))
        self.helpers = QListWidget()
        self.helpers.setAccessibleName(_("Peer helpers"))
        self.helpers.setWordWrap(True)
        self.helpers.currentItemChanged.connect(lambda *_a: self._name_opt_button())
        self.ready = QListWidget()
        self.ready.setAccessibleName(_("Ready to be re-assessed"))
        self.ready.setWordWrap(True)
        helpers_box, ready_box = QGroupBox(_("Peer helpers")), QGroupBox(_("Ready to be re-assessed"))
        column = QVBoxLayout(helpers_box)
        column.addWidget(self.helpers)
        bar = QHBoxLayout()
        self.opt_button = _button(_("Not a helper"), bar, self.toggle_helper, ctx)
        _button(_("Print helper cards…"), bar, self.print_cards, ctx)
        column.addLayout(bar)
        column2 = QVBoxLayout(ready_box)
        column2.addWidget(self.ready)
        bar2 = QHBoxLayout()
        _button(_("Mark ready…"), bar2, self.mark_ready, ctx)
        _button(_("Not ready after all"), bar2, self.unmark, ctx)
        _button(_("Record result…"), bar2, self.record_result, ctx)
        _button(_("Print slips…"), bar2, self.print_slips, ctx)
        column2.addLayout(bar2)
        row = QHBoxLayout()
        row.addWidget(helpers_box, 1)
        row.addWidget(ready_box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.unit_line)
        layout.addLayout(row, 1)
        ctx.changed.connect(self._on_changes)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        """No taller than it must be: the readiness lists beside it set the tabs' height."""
        return QSize(super().sizeHint().width(), self.minimumSizeHint().height())

    def _on_changes(self, changes: ChangeSet) -> None:
        if self.class_id and changes.concerns(*CONCERNS):
            self._refresh_if_seen()

    def show_for(self, class_id: str | None, standard_id: str | None) -> None:
        self.class_id, self.standard_id = class_id, standard_id
        self._refresh_if_seen()

    def _refresh_if_seen(self) -> None:
        """Redraw now when the tab is in view, else when it is next shown."""
        self._stale = True
        if self.isVisible():
            self._stale = False
            self.ctx.guard(self.refresh)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.ctx.guard(self.refresh)

    # ---- reading ------------------------------------------------------------------------
    def refresh(self) -> None:
        self.helpers.clear()
        self.ready.clear()
        self.unit_line.setText("")
        self.unit_line.setToolTip("")
        if self.class_id is None:
            return
        classroom = self.ctx.classroom
        for m in classroom.reassessment.ready(self.class_id):
            who = _("asked by the student") if m.marked_by == "student" else _("marked by the teacher")
            line = _("{name} — {code} (ready since {day}, {who})").format(
                name=_isolated(m.name), code=m.code, day=m.marked_on.isoformat(), who=who)
            last = _("since the last attempt: {what}").format(what=m.since[-1])
            item = QListWidgetItem(f"{line}\n   {last}" + (f"\n   “{m.note}”" if m.note else ""))
            item.setToolTip("\n".join([line, _("Since the last attempt:"), *m.since]))
            item.setData(_ID, m.id)
            self.ready.addItem(item)
        if self.standard_id is None:
            return
        unit = classroom.units.for_standard(self.class_id, self.standard_id)
        if unit is not None:
            report = classroom.units.report(unit.id)
            ready = sum(1 for s in report.students if s.progress.ready)
            step = next((i for i, s in enumerate(report.standards, start=1) if s.id == self.standard_id), 0)
            self.unit_line.setText(_(
                "<b>Unit “{unit}”</b>: this is skill {step} of {total}; {ready} of {count} students are "
                "ready for the end task.").format(unit=unit.name, step=step, total=len(report.standards),
                                                  ready=ready, count=len(report.students)))
            groups = [f"{g.name}: {g.summary}" for g in report.groups]
            self.unit_line.setToolTip("\n".join([report.plan_label, *groups]))
        board = classroom.peer_help.board(self.class_id, self.standard_id)
        for h in board.helpers:
            learners = ", ".join(_isolated(name) for _sid, name in h.learners) or _("no one yet")
            item = QListWidgetItem(_("{name} can help with {code} → {learners}").format(
                name=_isolated(h.name), code=board.code, learners=learners))
            item.setData(_ID, h.student_id)
            item.setData(_OUT, False)
            self.helpers.addItem(item)
        for student_id, name in board.opted_out:
            item = QListWidgetItem(_("{name} — not offered as a helper").format(name=_isolated(name)))
            item.setData(_ID, student_id)
            item.setData(_OUT, True)
            item.setForeground(Qt.GlobalColor.gray)
            self.helpers.addItem(item)
        if not self.helpers.count():
            self.helpers.addItem(_("No one has mastered {code} yet.").format(code=board.code))
        self._name_opt_button()

    def _name_opt_button(self) -> None:
        item = self.helpers.currentItem()
        out = bool(item is not None and item.data(_OUT))
        self.opt_button.setText(_("Helper again") if out else _("Not a helper"))
        self.opt_button.setEnabled(item is not None and item.data(_ID) is not None)

    # ---- actions ------------------------------------------------------------------------
    def toggle_helper(self) -> None:
        item = self.helpers.currentItem()
        if item is None or item.data(_ID) is None:
            return
        student_id, out = str(item.data(_ID)), not bool(item.data(_OUT))
        service = self.ctx.classroom.peer_help
        text = _("Not a helper") if out else _("Helper again")
        self.ctx.edit(text, lambda: service.set_opted_out(student_id, out),
                      lambda _c: service.set_opted_out(student_id, not out))

    def mark_ready(self) -> None:
        if self.class_id is None or self.standard_id is None:
            return
        class_id, standard_id = self.class_id, self.standard_id
        classroom = self.ctx.classroom
        table = classroom.evidence.mastery_table(class_id)
        code = next(s.code for s in table.standards if s.id == standard_id)
        students = [(s.id, s.display_name) for s in table.students
                    if not table.cell(s.id, standard_id).mastered]
        dialog = MarkReadyDialog(self, code, students)
        if not dialog.exec():
            return
        student_id, note, by = dialog.values()
        service = classroom.reassessment
        self.ctx.edit(_("Ready to be re-assessed"),
                      lambda: service.mark(student_id, standard_id, class_id, note, by).created_id,
                      lambda mark_id: service.unmark(mark_id))

    def unmark(self) -> None:
        item = self.ready.currentItem()
        if item is None:
            return
        mark_id, service = str(item.data(_ID)), self.ctx.classroom.reassessment
        self.ctx.edit(_("Not ready after all"), lambda: service.unmark(mark_id),
                      lambda _c: service.reopen(mark_id))

    def record_result(self) -> None:
        if self.class_id is None:
            return
        classroom = self.ctx.classroom
        marks = classroom.reassessment.ready(self.class_id)
        if not marks:
            self.ctx.status.emit(_("No student is marked ready to be re-assessed."))
            return
        item = self.ready.currentItem()
        scale = classroom.evidence.mastery_table(self.class_id).scale
        dialog = ResultDialog(self, marks, scale, classroom.evidence.kinds(), self.ctx.today(),
                              str(item.data(_ID)) if item is not None else None)
        if not dialog.exec():
            return
        mark_id, level, day, kind, note = dialog.values()
        service = classroom.reassessment
        self.ctx.edit(_("Record a re-assessment"),
                      lambda: service.record_result(mark_id, level, day, kind, note),
                      lambda _c: service.undo_result(mark_id))

    def print_cards(self) -> None:
        if self.standard_id is not None:
            print_practice(self, self.ctx, "helpers", _("Helper cards"), standard_id=self.standard_id)

    def print_slips(self) -> None:
        print_practice(self, self.ctx, "reassessment", _("Re-assessment slips"))
