"""Standards: the frameworks → strands → standards tree (drag standards to reorder or move them between
strands), a standard's code, "I can" statement and description, its prerequisites (a cycle is refused and
named), and the class's proficiency scale and mastery method with a live preview.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.types import StandardInfo
from classroom_desktop.i18n import _
from classroom_desktop.ui.a11y import keyboard_reorder
from classroom_desktop.ui.context import AppContext
from classroom_desktop.ui.locale_format import isolated
from classroom_desktop.ui.pages.base import Page
from classroom_desktop.ui.pages.standards_scale import ScalePanel
from classroom_desktop.ui.standards_tree import MIME, Index, Node, StandardsTreeModel  # noqa: F401 (re-exported)


class StandardsPage(Page):
    title = "Standards"
    shortcut = "Ctrl+7"
    concerns = ("framework", "strand", "standard", "prerequisite", "scale")

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.model = StandardsTreeModel()
        self.model.move_requested.connect(self.move_standard)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setDragEnabled(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.selectionModel().currentChanged.connect(lambda *_: self._show_selected())
        self.tree.setAccessibleName(_("Frameworks, strands and standards"))
        self.tree.setAccessibleDescription(
            _("Alt+Up and Alt+Down move the chosen standard within its strand.")
        )
        keyboard_reorder(self.tree, self.move_selected)
        buttons = QHBoxLayout()
        for text, slot in (
            (_("New framework…"), self.add_framework),
            (_("New strand…"), self.add_strand),
            (_("New standard…"), self.add_standard),
            (_("Delete standard"), self.delete_standard),
            (_("Import…"), self.import_standards),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _checked=False, s=slot: s())
            buttons.addWidget(button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.tree, 1)
        left_layout.addWidget(QLabel(_("Drag a standard to change its order or move it to another strand.")))

        self.kind_label = QLabel(_("Choose a framework, strand or standard."))
        self.kind_label.setWordWrap(True)
        self.kind_label.setStyleSheet("font-weight: 600;")
        self.name_edit = QLineEdit()
        self.code_edit = QLineEdit()
        self.statement_edit = QLineEdit()
        self.statement_edit.setPlaceholderText(_("I can …"))
        self.description_edit = QPlainTextEdit()
        self.description_edit.setFixedHeight(70)
        self.save_button = QPushButton(_("Save"))
        self.save_button.clicked.connect(self.save_selected)
        self.prereq_list = QListWidget()
        self.prereq_list.itemChanged.connect(self._prerequisite_toggled)
        self.prereq_message = QLabel()
        self.prereq_message.setWordWrap(True)
        self.prereq_message.setStyleSheet("color: #b00020;")
        self.form = QFormLayout()
        self.form.addRow(_("Name"), self.name_edit)
        self.form.addRow(_("Code"), self.code_edit)
        self.form.addRow(_("I can"), self.statement_edit)
        self.form.addRow(_("Description"), self.description_edit)
        self.form.addRow("", self.save_button)
        self.form.addRow(_("Prerequisites"), self.prereq_list)
        self.form.addRow("", self.prereq_message)
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.addWidget(self.kind_label)
        editor_layout.addLayout(self.form)
        self.scale_panel = ScalePanel(ctx)
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(editor, _("Selected"))
        self.side_tabs.addTab(self.scale_panel, _("Scale and mastery"))

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.side_tabs)
        split.setSizes([560, 520])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)
        self._show_selected()

    # ---- reading ------------------------------------------------------------------------
    def refresh(self) -> None:
        keep = self.selected()
        self.model.load(self.ctx)
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        if keep is not None and keep.id:
            self.select(keep.id)
        self._show_selected()
        self.scale_panel.load(self.class_id)

    def selected(self) -> Node | None:
        index = self.tree.currentIndex()
        return self.model.node(index) if index.isValid() else None

    def select(self, node_id: str) -> None:
        index = self.model.find(node_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)

    def _framework_id(self) -> str | None:
        node = self.selected()
        if node is not None:
            return node.framework_id
        class_id = self.class_id
        fw = self.ctx.classroom.classes.get(class_id).framework_id if class_id else None
        if fw:
            return fw
        frameworks = self.ctx.classroom.curriculum.frameworks()
        return frameworks[0].id if frameworks else None

    def _show_selected(self) -> None:
        node = self.selected()
        kind = node.kind if node else ""
        self.kind_label.setText(
            {"framework": _("Framework"), "strand": _("Strand"), "standard": _("Standard")}.get(
                kind, _("Choose a framework, strand or standard.")
            )
        )
        for widget, visible in (
            (self.name_edit, kind in ("framework", "strand") and node and node.id),
            (self.code_edit, kind == "standard"),
            (self.statement_edit, kind == "standard"),
            (self.description_edit, kind == "standard"),
            (self.prereq_list, kind == "standard"),
            (self.save_button, bool(node and node.id)),
        ):
            widget.setVisible(bool(visible))
            label = self.form.labelForField(widget)
            if label is not None:
                label.setVisible(bool(visible))
        self.prereq_message.clear()
        if node is None or not node.id:
            return
        c = self.ctx.classroom
        if kind == "framework":
            self.name_edit.setText(node.text)
        elif kind == "strand":
            self.name_edit.setText(
                next(s.name for s in c.curriculum.strands(node.framework_id) if s.id == node.id)
            )
        else:
            info = c.curriculum.standard(node.id)
            self.code_edit.setText(info.code)
            self.statement_edit.setText(info.statement)
            self.description_edit.setPlainText(info.description)
            self._fill_prerequisites(info)

    def _fill_prerequisites(self, info: StandardInfo) -> None:
        self.prereq_list.blockSignals(True)
        self.prereq_list.clear()
        for other in self.ctx.classroom.curriculum.standards(self._framework_id() or ""):
            if other.id == info.id:
                continue
            item = QListWidgetItem(isolated(f"{other.code} — {other.statement}"))
            item.setData(Qt.ItemDataRole.UserRole, other.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if other.id in info.prerequisites else Qt.CheckState.Unchecked
            )
            self.prereq_list.addItem(item)
        self.prereq_list.blockSignals(False)

    # ---- editing ------------------------------------------------------------------------
    def _prerequisite_toggled(self, item: QListWidgetItem) -> None:
        node = self.selected()
        if node is None or node.kind != "standard" or not node.id:
            return
        sid = node.id
        checked = [
            self.prereq_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.prereq_list.count())
            if self.prereq_list.item(i).checkState() == Qt.CheckState.Checked
        ]
        curriculum = self.ctx.classroom.curriculum
        old = list(curriculum.standard(sid).prerequisites)
        try:
            curriculum.check_prerequisites(sid, checked)
        except UserError as exc:  # refuse it here, with the circle named, and untick the box
            self.prereq_message.setText(exc.message)
            self.prereq_list.blockSignals(True)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.prereq_list.blockSignals(False)
            return
        self.prereq_message.clear()
        self.ctx.edit(
            _("Prerequisites of {code}").format(code=node.text),
            lambda: curriculum.set_prerequisites(sid, checked),
            lambda _r: curriculum.set_prerequisites(sid, old),
        )

    def save_selected(self) -> None:
        node = self.selected()
        if node is None or not node.id:
            return
        nid = node.id
        c = self.ctx.classroom.curriculum
        if node.kind == "framework":
            old_name, name = node.text, self.name_edit.text()
            self.ctx.edit(
                _("Rename {name}").format(name=old_name),
                lambda: c.edit_framework(nid, name=name),
                lambda _r: c.edit_framework(nid, name=old_name),
            )
        elif node.kind == "strand":
            old_name = next(s.name for s in c.strands(node.framework_id) if s.id == nid)
            name = self.name_edit.text()
            self.ctx.edit(
                _("Rename {name}").format(name=old_name),
                lambda: c.edit_strand(nid, name=name),
                lambda _r: c.edit_strand(nid, name=old_name),
            )
        else:
            info = c.standard(nid)
            new = {
                "code": self.code_edit.text(),
                "statement": self.statement_edit.text(),
                "description": self.description_edit.toPlainText(),
            }
            old = {"code": info.code, "statement": info.statement, "description": info.description}
            self.ctx.edit(
                _("Edit {name}").format(name=info.code),
                lambda: c.edit_standard(nid, **new),
                lambda _r: c.edit_standard(nid, **old),
            )

    def move_selected(self, by: int) -> None:
        """Alt+↑/↓: move the chosen standard ``by`` places within its strand, as a drag would."""
        node = self.selected()
        if node is None or node.kind != "standard" or node.id is None or node.parent is None:
            return
        index = node.row() + by
        if 0 <= index < len(node.parent.children):
            self.move_standard(node.id, node.parent.id, index)
            self.tree.setFocus()

    def move_standard(self, standard_id: str, strand_id: str | None, index: int) -> None:
        """Put a standard at ``index`` in a strand (what a drag and drop does); undo puts it back."""
        c = self.ctx.classroom.curriculum
        info = c.standard(standard_id)
        fw = self.model.node(self.model.find(standard_id)).framework_id
        old_index = [s.id for s in c.standards(fw) if s.strand_id == info.strand_id].index(standard_id)
        self.ctx.edit(
            _("Move {code}").format(code=info.code),
            lambda: c.move_standard(standard_id, strand_id, index),
            lambda _r: c.move_standard(standard_id, info.strand_id, old_index),
        )
        self.select(standard_id)

    def _ask(self, title: str, label: str, given: str | None) -> str | None:
        if given is not None:
            return given
        text, ok = QInputDialog.getText(self, title, label)
        return text if ok else None

    def _created(self, text: str, make: Any, remove: Any) -> str | None:
        """An undoable create: undo removes it, redo makes it again."""
        made: list[str] = []

        def do() -> str:
            made.append(make().created_id)
            return made[-1]

        created = self.ctx.edit(text, do, lambda _r: remove(made[-1]))
        if created:
            self.refresh()
            self.select(created)
        return created

    def import_standards(self, path: Any = None) -> Any:
        """Open the standards import dialog (CSV, Excel, Canvas outcomes or CASE, with a preview); with
        ``path`` the file is preloaded and the dialog returned without running it (tests)."""
        from classroom_desktop.ui.dialogs.standards_import import StandardsImportDialog

        dialog = StandardsImportDialog(self.ctx, self.ctx.current_class_id, self)
        if path is not None:
            dialog.load_file(path)
            return dialog
        if dialog.exec() and dialog.framework_id:
            self.refresh()
            self.select(dialog.framework_id)
        return None

    def add_framework(self, name: str | None = None) -> str | None:
        name = self._ask(_("New framework"), _("Name of the framework (e.g. Grade 4 Mathematics):"), name)
        if name is None:
            return None
        c = self.ctx.classroom.curriculum
        return self._created(
            _("Add framework {name}").format(name=name),
            lambda: c.add_framework(name),
            lambda fid: c.edit_framework(fid, deleted=True),
        )

    def add_strand(self, name: str | None = None) -> str | None:
        fw = self._framework_id()
        if fw is None:
            self.ctx.show_error(UserError(_("Make a framework first, then add strands to it.")))
            return None
        name = self._ask(_("New strand"), _("Name of the strand or unit (e.g. Fractions):"), name)
        if name is None:
            return None
        c = self.ctx.classroom.curriculum
        return self._created(
            _("Add strand {name}").format(name=name),
            lambda: c.add_strand(fw, name),
            lambda sid: c.edit_strand(sid, deleted=True),
        )

    def add_standard(self, code: str | None = None, statement: str = "") -> str | None:
        fw = self._framework_id()
        if fw is None:
            self.ctx.show_error(UserError(_("Make a framework first, then add standards to it.")))
            return None
        node = self.selected()
        strand_id = None
        if node is not None and node.kind in ("strand", "standard"):
            strand_id = node.id if node.kind == "strand" else (node.parent.id if node.parent else None)
        code = self._ask(_("New standard"), _("Code of the standard (e.g. 4.NF.1):"), code)
        if code is None:
            return None
        c = self.ctx.classroom.curriculum
        return self._created(
            _("Add standard {code}").format(code=code),
            lambda: c.add_standard(fw, code, statement, strand_id),
            c.delete_standard,
        )

    def delete_standard(self) -> None:
        """Delete the chosen standard (undoable: undo restores it with its evidence and prerequisites)."""
        node = self.selected()
        if node is None or node.kind != "standard" or not node.id:
            return
        c = self.ctx.classroom.curriculum
        info = c.standard(node.id)
        # Undo brings back the same standard (same id), so its evidence and links count again.
        self.ctx.edit(
            _("Delete {code}").format(code=info.code), lambda: c.delete_standard(info.id), c.restore_standard
        )
