"""The group board: one column per group and an "Unassigned" tray; student cards move by drag and drop.

A drag is the board's own (no QDrag), so it works the same with a real mouse, under test and on
every platform: pressing on a card and moving starts it, releasing over a column drops the
selected cards there. Alt+Right / Alt+Left move the selected cards to the next / previous
column, and the context menu (or Ctrl+M) offers "Move to…". Every move is undoable; when the
board shows a saved plan, each change is written at once through the Groups service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop.domain.ids import new_id
from classroom_desktop.i18n import _
from classroom_desktop.services.groups import groups_of
from classroom_desktop.ui.a11y import tab_chain
from classroom_desktop.ui.board_cards import plan_groups, student_cards
from classroom_desktop.ui.board_parts import (
    ACCOMMODATION_MARK,
    COLUMN_WIDTH,
    INTEREST_MARK,
    UNASSIGNED,
    BoardGroup,
    BoardStudent,
    GroupColumn,
    GroupDialog,
    StudentList,
)
from classroom_desktop.ui.context import AppContext

_ID = Qt.ItemDataRole.UserRole


class Board(QWidget):
    """The board. ``changed`` is emitted after every change to groups or members."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan_id: str | None = None
        self._groups: list[BoardGroup] = []
        self._tray: list[str] = []
        self._students: dict[str, BoardStudent] = {}
        self._order: dict[str, int] = {}
        self._columns: list[GroupColumn] = []
        self._drag: list[str] = []
        self._hover: GroupColumn | None = None
        self._ghost = QLabel(None, Qt.WindowType.ToolTip)
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.add_button = QPushButton(_("Add group"))
        self.add_button.clicked.connect(self.add_with_dialog)
        bar.addWidget(self.add_button)
        bar.addStretch(1)
        bar.addWidget(
            QLabel(
                f"{ACCOMMODATION_MARK} " + _("accommodations") + f"   {INTEREST_MARK} " + _("interests")
                + "   " + _("Alt+→ / Alt+← move selected cards")
            )
        )
        outer.addLayout(bar)
        # Columns wrap onto as many rows as the width needs, and the board scrolls both ways,
        # so every group and the Unassigned tray can be reached on a 1366×768 laptop.
        self._row = QGridLayout()
        self._row.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        holder = QWidget()
        holder.setLayout(self._row)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setWidget(holder)
        self._scroll.viewport().installEventFilter(self)
        self._per_row = 0
        outer.addWidget(self._scroll, 1)
        #: the widgets Tab reaches after the board (the page's bar below it), in order
        self.tab_after: list[QWidget] = []
        #: each group's line under its name (Today: progress toward the unit's end task), by group key
        self.group_lines: Callable[[list[BoardGroup]], dict[str, tuple[str, str]]] = lambda _groups: {}

    # ---- content ------------------------------------------------------------------------
    def set_content(
        self,
        groups: list[BoardGroup],
        students: dict[str, BoardStudent],
        unassigned: list[str],
        plan_id: str | None = None,
    ) -> None:
        self._students = dict(students)
        self._order = {sid: i for i, sid in enumerate(students)}
        self._groups = [replace(g, members=list(g.members)) for g in groups]
        self._tray = list(unassigned)
        self.plan_id = plan_id
        self._rebuild()

    def groups(self) -> list[BoardGroup]:
        return [replace(g, members=list(g.members)) for g in self._groups]

    def unassigned(self) -> list[str]:
        return list(self._tray)

    def column(self, key: str) -> GroupColumn:
        return next(c for c in self._columns if c.key == key)

    def _group(self, key: str) -> BoardGroup:
        return next(g for g in self._groups if g.key == key)

    def _members(self, key: str) -> list[str]:
        return self._tray if key == UNASSIGNED else self._group(key).members

    def _rebuild(self, select: tuple[str, list[str]] | None = None) -> None:
        scrolled = self._scroll.horizontalScrollBar().value()
        for column in self._columns:
            column.hide()
            column.deleteLater()  # a column may be inside its own mouse handler
        tray = BoardGroup(UNASSIGNED, _("Unassigned"), members=self._tray)
        lines = self.group_lines(self._groups)
        self._columns = [GroupColumn(self, g, self._students, lines.get(g.key, ("", "")))
                         for g in [*self._groups, tray]]
        self._per_row = 0
        self._reflow()
        for column in self._columns:
            column.show()  # a layout shows new children only later, from the event loop
        self._row.activate()
        self._scroll.horizontalScrollBar().setValue(scrolled)
        self._order_tabs()
        if select is not None:
            view = self.column(select[0]).list
            for i in range(view.count()):
                item = view.item(i)
                if str(item.data(_ID)) in select[1]:
                    view.setCurrentItem(item, QItemSelectionModel.SelectionFlag.NoUpdate)
                    item.setSelected(True)
            view.setFocus()
        self.changed.emit()

    def focus_first_card(self) -> None:
        """Give the keyboard to the first group with students, its first card chosen."""
        for column in self._columns:
            if column.list.count():
                column.list.setFocus(Qt.FocusReason.OtherFocusReason)
                column.list.choose_current()
                self._scroll.ensureWidgetVisible(column.list)
                return

    def _order_tabs(self) -> None:
        """Tab in reading order: Add group, each column's buttons and cards, then what follows."""
        chain: list[QWidget] = [self.add_button]
        for column in self._columns:
            chain += [b for b in column.findChildren(QPushButton)] + [column.list]
        tab_chain(*chain, *self.tab_after)

    def columns_per_row(self) -> int:
        """How many group columns fit side by side in the board's width (at least one)."""
        spacing = max(self._row.horizontalSpacing(), 0)
        margins = self._row.contentsMargins()
        width = self._scroll.viewport().width() - margins.left() - margins.right()
        return max(1, (width + spacing) // (COLUMN_WIDTH + spacing))

    def _reflow(self) -> None:
        """Put the columns in rows that fit the width (again only when the fit changed)."""
        per_row = self.columns_per_row()
        if per_row == self._per_row:
            return
        self._per_row = per_row
        for column in self._columns:
            self._row.removeWidget(column)
        for i, column in enumerate(self._columns):
            self._row.addWidget(column, i // per_row, i % per_row)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if obj is self._scroll.viewport() and event.type() == QEvent.Type.Resize:
            self._reflow()
        return False

    def _where(self) -> dict[str, str]:
        where = {sid: g.key for g in self._groups for sid in g.members}
        where.update({sid: UNASSIGNED for sid in self._tray})
        return where

    def _place(self, placement: dict[str, str]) -> None:
        """Put each student in the group named by its key (in memory), keeping class order."""
        for sid, key in placement.items():
            for members in [self._tray, *(g.members for g in self._groups)]:
                if sid in members:
                    members.remove(sid)
            target = self._members(key)
            target.append(sid)
            target.sort(key=lambda s: self._order.get(s, len(self._order)))

    def _save_placement(self, placement: dict[str, str]) -> None:
        if self.plan_id is None:
            return
        by_key: dict[str, list[str]] = {}
        for sid, key in placement.items():
            by_key.setdefault(key, []).append(sid)
        service = groups_of(self.ctx.classroom)
        for key, ids in by_key.items():
            service.move_students(self.plan_id, ids, key or None)

    # ---- moves (undoable) ---------------------------------------------------------------
    def move_students(self, student_ids: list[str], to_key: str) -> None:
        """Move students to a group (UNASSIGNED: the tray); one step on the undo stack."""
        where = self._where()
        ids = [sid for sid in student_ids if sid in where and where[sid] != to_key]
        if not ids:
            return
        target = _("Unassigned") if to_key == UNASSIGNED else self._group(to_key).name
        who = self._students[ids[0]].name if len(ids) == 1 else _("{count} students").format(count=len(ids))

        def do() -> dict[str, str]:
            before = {sid: where[sid] for sid in ids}
            self._save_placement(dict.fromkeys(ids, to_key))
            self._place(dict.fromkeys(ids, to_key))
            self._rebuild((to_key, ids))
            return before

        def undo(before: dict[str, str]) -> None:
            self._save_placement(before)
            self._place(before)
            self._rebuild()

        self.ctx.edit(_("Move {who} to {group}").format(who=who, group=target), do, undo)

    def move_by_keyboard(self, view: StudentList, step: int) -> None:
        keys = [c.key for c in self._columns]
        index = keys.index(view.key) + step
        if view.selected_ids() and 0 <= index < len(keys):
            self.move_students(view.selected_ids(), keys[index])

    def move_menu(self, view: StudentList) -> QMenu:
        menu = QMenu(view)
        ids = view.selected_ids()
        for column in self._columns:
            if column.key != view.key:
                name = _("Unassigned") if column.key == UNASSIGNED else self._group(column.key).name
                label = _("Move to {group}").format(group=name)
                action = menu.addAction(label, partial(self.move_students, ids, column.key))
                action.setEnabled(bool(ids))
        if view.key != UNASSIGNED:
            menu.addSeparator()
            menu.addAction(_("Edit group…"), lambda: self.edit_with_dialog(view.key))
            menu.addAction(_("Remove group"), lambda: self.remove_group(view.key))
        return menu

    # ---- the mouse drag -----------------------------------------------------------------
    @property
    def dragging(self) -> bool:
        return bool(self._drag)

    def begin_drag(self, student_ids: list[str]) -> None:
        if not student_ids:
            return
        self._drag = student_ids
        first = self._students[student_ids[0]].name
        more = _("{name} and {count} more").format(name=first, count=len(student_ids) - 1)
        self._ghost.setText(first if len(student_ids) == 1 else more)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.ClosedHandCursor)
        self.drag_to(QCursor.pos())

    def column_at(self, global_pos: QPoint) -> GroupColumn | None:
        for column in self._columns:
            if column.isVisible() and column.rect().contains(column.mapFromGlobal(global_pos)):
                return column
        return None

    def drag_to(self, global_pos: QPoint) -> None:
        self._ghost.move(global_pos + QPoint(12, 12))
        self._ghost.show()
        hover = self.column_at(global_pos)
        if hover is not self._hover:
            if self._hover is not None:
                self._hover.set_highlight(False)
            if hover is not None:
                hover.set_highlight(True)
            self._hover = hover

    def drop_at(self, global_pos: QPoint) -> None:
        ids, self._drag = self._drag, []
        self._ghost.hide()
        QGuiApplication.restoreOverrideCursor()
        if self._hover is not None:
            self._hover.set_highlight(False)
            self._hover = None
        target = self.column_at(global_pos)
        if target is not None:
            self.move_students(ids, target.key)

    # ---- groups (undoable) --------------------------------------------------------------
    def add_group(self, name: str, activity: str = "", teacher_led: bool = False, materials: str = "") -> str:
        key = new_id()
        group = BoardGroup(key, name.strip() or _("New group"), activity, teacher_led, materials)

        saved: list[str] = []  # the plan the group was written to (redo brings it back there)

        def do() -> None:
            service = groups_of(self.ctx.classroom)
            if saved and saved[0] == self.plan_id:
                service.restore_group(key)
            elif self.plan_id is not None:
                service.add_group(self.plan_id, group.name, activity, teacher_led, materials, group_id=key)
                saved[:] = [self.plan_id]
            self._groups.append(replace(group, members=[]))
            self._rebuild()

        def undo(_: None) -> None:
            self._remove(key)

        self.ctx.edit(_("Add group {name}").format(name=group.name), do, undo)
        return key

    def _remove(self, key: str) -> None:
        group = self._group(key)
        if self.plan_id is not None:
            groups_of(self.ctx.classroom).remove_group(key)
        self._groups.remove(group)
        self._tray.extend(group.members)
        self._tray.sort(key=lambda s: self._order.get(s, len(self._order)))
        self._rebuild()

    def remove_group(self, key: str) -> None:
        """Remove a group; its students go to the Unassigned tray (undo brings the group back)."""

        def do() -> tuple[int, BoardGroup]:
            index, group = self._groups.index(self._group(key)), replace(self._group(key))
            self._remove(key)
            return index, group

        def undo(saved: tuple[int, BoardGroup]) -> None:
            index, group = saved
            if self.plan_id is not None:
                groups_of(self.ctx.classroom).restore_group(key, group.members)
            self._tray = [s for s in self._tray if s not in group.members]
            self._groups.insert(index, replace(group, members=list(group.members)))
            self._rebuild()

        self.ctx.edit(_("Remove group {name}").format(name=self._group(key).name), do, undo)

    def edit_group(self, key: str, edited: BoardGroup) -> None:
        """Change a group's name, activity, materials and teacher-led (one undo step)."""

        def apply(values: BoardGroup) -> BoardGroup:
            group = self._group(key)
            before = replace(group)
            if self.plan_id is not None:
                groups_of(self.ctx.classroom).edit_group(
                    key,
                    name=values.name,
                    activity=values.activity,
                    materials=values.materials,
                    teacher_led=values.teacher_led,
                )
            group.name, group.activity = values.name.strip() or group.name, values.activity.strip()
            group.materials, group.teacher_led = values.materials.strip(), values.teacher_led
            self._rebuild()
            return before

        self.ctx.edit(_("Edit group {name}").format(name=edited.name), lambda: apply(edited), apply)

    def edit_with_dialog(self, key: str) -> None:
        dialog = GroupDialog(self, self._group(key))
        if dialog.exec():
            self.edit_group(key, dialog.result_group(self._group(key)))

    def add_with_dialog(self) -> None:
        dialog = GroupDialog(self, BoardGroup("", _("Group {number}").format(number=len(self._groups) + 1)))
        if dialog.exec():
            g = dialog.result_group(BoardGroup("", ""))
            self.add_group(g.name, g.activity, g.teacher_led, g.materials)


__all__ = [
    "ACCOMMODATION_MARK",
    "INTEREST_MARK",
    "UNASSIGNED",
    "Board",
    "BoardGroup",
    "BoardStudent",
    "GroupColumn",
    "plan_groups",
    "student_cards",
]
