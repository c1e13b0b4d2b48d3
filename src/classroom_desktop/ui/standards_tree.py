"""The frameworks → strands → standards tree as a Qt item model; a standard dragged (or moved with
Alt+↑/↓) asks to be put at a new place in a strand."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from classroom_desktop.i18n import _
from classroom_desktop.ui.context import AppContext
from classroom_desktop.ui.locale_format import isolated

MIME = "application/x-classroom-standard"
Index = QModelIndex | QPersistentModelIndex


@dataclass(eq=False)
class Node:
    kind: str  # "framework", "strand" or "standard"
    id: str | None  # None: the "No strand" group
    framework_id: str
    text: str
    statement: str = ""
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0


class StandardsTreeModel(QAbstractItemModel):
    """Frameworks, their strands, and the strands' standards; standards can be dragged."""

    move_requested = Signal(str, object, int)  # standard id, strand id (or None), index in the strand

    def __init__(self) -> None:
        super().__init__()
        self.root = Node("root", None, "", "")

    def load(self, ctx: AppContext) -> None:
        c = ctx.classroom
        self.beginResetModel()
        self.root.children = []
        for fw in c.curriculum.frameworks():
            fnode = Node("framework", fw.id, fw.id, fw.name, parent=self.root)
            self.root.children.append(fnode)
            standards = c.curriculum.standards(fw.id)
            groups = [
                (s.id, s.name if not s.code else f"{s.code} {s.name}") for s in c.curriculum.strands(fw.id)
            ]
            if any(s.strand_id is None for s in standards):
                groups.append((None, _("No strand")))  # type: ignore[arg-type]
            for strand_id, title in groups:
                snode = Node("strand", strand_id, fw.id, title, parent=fnode)
                fnode.children.append(snode)
                snode.children = [
                    Node("standard", s.id, fw.id, s.code, s.statement, parent=snode)
                    for s in standards
                    if s.strand_id == strand_id
                ]
        self.endResetModel()

    def node(self, index: Index) -> Node:
        return index.internalPointer() if index.isValid() else self.root  # type: ignore[no-any-return]

    def find(self, node_id: str) -> QModelIndex:
        def walk(node: Node) -> Node | None:
            for child in node.children:
                if child.id == node_id:
                    return child
                found = walk(child)
                if found is not None:
                    return found
            return None

        found = walk(self.root)
        return self.createIndex(found.row(), 0, found) if found else QModelIndex()

    # ---- the model interface ------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        node = self.node(parent)
        if 0 <= row < len(node.children) and 0 <= column < 2:
            return self.createIndex(row, column, node.children[row])
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        node = self.node(index)
        up = node.parent
        if up is None or up is self.root:
            return QModelIndex()
        return self.createIndex(up.row(), 0, up)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.column() > 0 else len(self.node(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 2

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self.node(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return isolated(node.text if index.column() == 0 else node.statement)
        if role == Qt.ItemDataRole.ToolTipRole and node.kind == "standard":
            return f"{node.text}: {node.statement}"
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Framework / strand / code"), _("I can"))[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        kind = self.node(index).kind
        if kind == "standard":
            return base | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        if kind == "strand":
            return base | Qt.ItemFlag.ItemIsDropEnabled
        return base

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]  # noqa: N802
        data = QMimeData()
        ids = [
            n.id for n in (self.node(i) for i in indexes if i.column() == 0) if n.kind == "standard" and n.id
        ]
        data.setData(MIME, "\n".join(ids[:1]).encode())
        return data

    def drop_target(self, row: int, parent: Index) -> tuple[Node, int] | None:
        """The strand and the index in it where a drop at (``row``, ``parent``) puts a standard."""
        target = self.node(parent)
        if target.kind == "standard" and target.parent is not None:  # dropped onto a standard: before it
            return target.parent, target.row()
        if target.kind == "strand":
            return target, len(target.children) if row < 0 else row
        return None

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,  # noqa: N802
        parent: Index,
    ) -> bool:
        if action != Qt.DropAction.MoveAction or not data.hasFormat(MIME):
            return False
        standard_id = bytes(data.data(MIME).data()).decode()
        found = self.drop_target(row, parent)
        source = self.find(standard_id)
        if not standard_id or found is None or not source.isValid():
            return False
        strand, index = found
        moving = self.node(source)
        if strand.framework_id != moving.framework_id:
            return False
        if moving.parent is strand and moving.row() < index:
            index -= 1  # the standard leaves its old place first
        QTimer.singleShot(0, lambda: self.move_requested.emit(standard_id, strand.id, index))
        return True
