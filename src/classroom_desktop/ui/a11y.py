"""Keyboard and screen-reader care applied to every page: no Tab traps, labels tied to fields.

:func:`prepare` is called on each page when it is built and again when it is shown (pages build
some widgets late), so every table lets Tab leave, every multi-line field lets Tab move on,
Return presses a focused button, and a label standing before a field names it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAccessible, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTextEdit,
    QWidget,
)

FIELDS = (
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QTextEdit,
    QPlainTextEdit,
    QAbstractItemView,
    QAbstractSlider,
)


def label_name(label: QLabel) -> str:
    """A label's text as a name: no mnemonic ampersand, no trailing colon, no markup."""
    text = label.text()
    if label.textFormat() != Qt.TextFormat.PlainText and "<" in text:
        import re

        text = re.sub(r"<[^>]+>", "", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip().rstrip(":").strip()


def _first_field(item_widget: QWidget | None, item_layout: QLayout | None) -> QWidget | None:
    if item_widget is not None:
        if isinstance(item_widget, FIELDS):
            return item_widget
        return _first_field(None, item_widget.layout()) if item_widget.layout() is not None else None
    if item_layout is not None:
        for i in range(item_layout.count()):
            sub = item_layout.itemAt(i)
            if sub is not None and sub.widget() is not None:
                return _first_field(sub.widget(), None)
    return None


def tie(label: QLabel, field: QWidget) -> None:
    """Tie ``label`` to ``field``: its mnemonic focuses the field and it names the field."""
    if label.buddy() is None:
        label.setBuddy(field)
    name = label_name(label)
    if name and not field.accessibleName():
        field.setAccessibleName(name)


def _pairs(layout: QLayout) -> list[tuple[QLabel, QWidget]]:
    found: list[tuple[QLabel, QWidget]] = []
    if isinstance(layout, QFormLayout):
        for row in range(layout.rowCount()):
            label_item = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field_item = layout.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label_item is None or field_item is None:
                continue
            label = label_item.widget()
            field = _first_field(field_item.widget(), field_item.layout())
            if isinstance(label, QLabel) and field is not None:
                found.append((label, field))
        return found
    items = [layout.itemAt(i) for i in range(layout.count())]
    for here, after in zip(items, items[1:], strict=False):
        if here is None or after is None:
            continue
        label = here.widget()
        if not isinstance(label, QLabel) or label.wordWrap() or not label_name(label):
            continue
        field = _first_field(after.widget(), after.layout())
        if field is not None:
            found.append((label, field))
    return found


def tie_labels(root: QWidget) -> None:
    """Tie each label to the field that follows it in its layout (or sits beside it in a form);
    a search box with no label is named by its placeholder ("Search students")."""
    for layout in root.findChildren(QLayout):
        for label, field in _pairs(layout):
            tie(label, field)
    for edit in root.findChildren(QLineEdit):
        if not edit.accessibleName() and edit.placeholderText():
            edit.setAccessibleName(edit.placeholderText())


def _next_stop(widget: QWidget, forward: bool) -> QWidget | None:
    step = QWidget.nextInFocusChain if forward else QWidget.previousInFocusChain
    other = step(widget)
    while other is not None and other is not widget:
        if (
            other.isVisible()
            and other.isEnabled()
            and other.focusPolicy() & Qt.FocusPolicy.TabFocus
            and other.focusProxy() is None
            and not _inside(other, widget)
        ):
            return other
        other = step(other)
    return None


def _inside(widget: QWidget | None, container: QWidget) -> bool:
    while widget is not None:
        if widget is container:
            return True
        widget = widget.parentWidget()
    return False


class _TabLeaves(QObject):
    """Tab and Shift+Tab leave a date field at once (its day, month and year take the arrow keys)."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.KeyPress and isinstance(obj, QWidget):
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                forward = key == Qt.Key.Key_Tab and not (
                    event.modifiers() & Qt.KeyboardModifier.ShiftModifier  # type: ignore[attr-defined]
                )
                target = _next_stop(obj, forward)
                if target is not None:
                    target.setFocus(
                        Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
                    )
                    return True
        return False


_tab_leaves: list[_TabLeaves] = []


def no_tab_traps(root: QWidget) -> None:
    """Tables move with the arrows and let Tab leave; multi-line fields let Tab move on."""
    for view in root.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)
    for edit in root.findChildren(QTextEdit):
        edit.setTabChangesFocus(True)
    for plain in root.findChildren(QPlainTextEdit):
        plain.setTabChangesFocus(True)
    if not _tab_leaves:
        _tab_leaves.append(_TabLeaves())
    for dates in root.findChildren(QDateTimeEdit):
        dates.removeEventFilter(_tab_leaves[0])
        dates.installEventFilter(_tab_leaves[0])
    for scroll in root.findChildren(QScrollArea):
        inner = scroll.widget()
        if inner is not None and any(
            w.focusPolicy() & Qt.FocusPolicy.TabFocus for w in inner.findChildren(QWidget)
        ):
            scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to what it holds, and it follows
    for button in root.findChildren(QPushButton):
        button.setAutoDefault(True)  # Return (not only Space) presses the focused button


def tab_chain(*widgets: QWidget) -> None:
    """Make Tab visit ``widgets`` in this order (the order a teacher reads them)."""
    for first, second in zip(widgets, widgets[1:], strict=False):
        QWidget.setTabOrder(first, second)


def keyboard_reorder(view: QWidget, move: Callable[[int], None]) -> None:
    """Alt+Up and Alt+Down on ``view`` call ``move(-1)`` and ``move(+1)``: the keyboard's drag."""
    for keys, by in (("Alt+Up", -1), ("Alt+Down", 1)):
        shortcut = QShortcut(QKeySequence(keys), view)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(lambda by=by: move(by))


def prepare(root: QWidget, name: str = "") -> None:
    """Everything this module does, on one page (or dialog) called ``name``."""
    if name and not root.accessibleName():
        root.setAccessibleName(name)
    no_tab_traps(root)
    tie_labels(root)


def focus_home(page: QWidget) -> None:
    """Put the focus on the page's ``keyboard_home`` (its main control), else its first control."""
    home = getattr(page, "keyboard_home", None)
    if not isinstance(home, QWidget) or not home.isVisibleTo(page):
        stops = sorted(reachable(page), key=lambda w: (w.mapTo(page, w.rect().topLeft()).y(), w.x()))
        home = stops[0] if stops else None
    if home is not None:
        home.setFocus(Qt.FocusReason.ShortcutFocusReason)


def reachable(root: QWidget) -> list[QWidget]:
    """The widgets under ``root`` that Tab stops at now (shown, enabled, taking Tab focus)."""
    return [
        w
        for w in root.findChildren(QWidget)
        if w.isVisibleTo(root)
        and w.isEnabled()
        and bool(w.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and w.focusProxy() is None
    ]


def spoken_name(widget: QWidget) -> str:
    """What a screen reader announces as the widget's name (Qt's accessibility interface).

    Fields must carry a name of their own: without one a combo box is announced by its value.
    """
    if isinstance(widget, (QComboBox, QAbstractSpinBox, QLineEdit)):
        return widget.accessibleName()
    iface = QAccessible.queryAccessibleInterface(widget)
    name = iface.text(QAccessible.Text.Name) if iface is not None else ""
    return name or widget.accessibleName()
