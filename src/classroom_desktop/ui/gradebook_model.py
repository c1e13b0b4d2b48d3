"""The gradebook's item model: students (rows) × standards (columns) of one class.

``data()`` answers from a table computed once per load; an edit replaces only the cells it
touched (:meth:`GradebookModel.update_cells`) and signals just those, so a 150 × 60 class
scrolls and edits smoothly. Student names are the vertical header (a frozen column); each
column's strand is given by :data:`STRAND_ROLE` for the two-row header.
"""

from __future__ import annotations

import unicodedata
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QGuiApplication

from classroom_desktop.charts.palette import level_colour, text_colour
from classroom_desktop.domain.scale import as_shown
from classroom_desktop.domain.types import MasteryCell, StandardInfo
from classroom_desktop.i18n import Translator, _, program_translator
from classroom_desktop.services.views import MasteryTable, StudentView

STRAND_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # header: the strand's name
SHOWN_ROLE = int(Qt.ItemDataRole.UserRole) + 2  # cell: a _Shown
CELL_ROLE = int(Qt.ItemDataRole.UserRole) + 3  # cell: the MasteryCell

AnyIndex = QModelIndex | QPersistentModelIndex
_COLOURS: dict[str, QColor] = {}
#: Qt's flags and roles as plain values, worked out once (each enum operation is a Python call,
#: and the view asks every visible cell for its flags and several roles at each paint).
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_SPOKEN = int(Qt.ItemDataRole.AccessibleTextRole)
_DESCRIPTION = int(Qt.ItemDataRole.AccessibleDescriptionRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_VERTICAL = Qt.Orientation.Vertical
#: How many tables' worked-out cells a model keeps (going back to a class paints from them).
KEPT_TABLES = 8


def _colour(hex_code: str) -> QColor:
    found = _COLOURS.get(hex_code)
    if found is None:
        found = _COLOURS[hex_code] = QColor(hex_code)
    return found


def spoken_cell(name: str, code: str, value: float | None, level: str, mastered: bool, count: int) -> str:
    """One mastery cell in words, for screen readers (the gradebook and the data wall)."""
    if value is None:
        return _("{name}, {code}: no evidence yet").format(name=name, code=code)
    state = _("mastered") if mastered else _("not yet mastered")
    pieces = (_("{count} piece of evidence") if count == 1 else _("{count} pieces of evidence")).format(
        count=count
    )
    return _("{name}, {code}: {value} {level}, {state}, {pieces}").format(
        name=name, code=code, value=program_translator().mastery(value), level=_(level), state=state,
        pieces=pieces,
    )


def fold(text: str) -> str:
    """Lower-case without accents, so "nguyen" finds "Nguyễn"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True, slots=True)
class _Shown:
    text: str
    count: int
    fill: QColor
    ink: QColor
    mastered: bool


_Cells = dict[tuple[str, str], _Shown]


class GradebookModel(QAbstractTableModel):
    """Mastery of the shown students on the shown standards."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.table: MasteryTable | None = None
        self._students: list[StudentView] = []
        self._standards: list[StandardInfo] = []
        self._strand_names: dict[str | None, str] = {}
        self._shown: dict[tuple[str, str], _Shown] = {}
        #: id(table) -> (the table, weakly, the language, its cells as shown): the cells worked out
        #: for the tables shown lately. A table read again after a write is another object, so a
        #: kept one is never stale (and one no longer read anywhere is let go); edits through
        #: :meth:`update_cells` drop the cells they change.
        self._kept: dict[int, tuple[weakref.ref[MasteryTable], Translator, _Cells]] = {}
        #: (value as shown, the scale's level values) -> (text, fill, ink), in ``_looks_in``
        self._looks: dict[tuple[float | None, tuple[float, ...]], tuple[str, QColor, QColor]] = {}
        self._looks_in: Translator | None = None
        self._search = ""
        self._strand_id: str | None = None
        self._sort: tuple[str | None, bool] = (None, False)  # (standard id or None for name, descending)

    # ---- loading and views of the table -----------------------------------------------
    def set_table(self, table: MasteryTable | None) -> None:
        """Show ``table`` (keeping the filter and sort)."""
        self.beginResetModel()
        self.table = table
        self._shown = self._shown_of(table)
        self._strand_names = {s.id: s.name for s in table.strands} if table else {}
        self._arrange()
        self.endResetModel()

    def set_filter(self, strand_id: str | None = None, search: str = "") -> None:
        self.beginResetModel()
        self._strand_id, self._search = strand_id, fold(search.strip())
        self._arrange()
        self.endResetModel()

    def sort_by_name(self) -> None:
        self.beginResetModel()
        self._sort = (None, False)
        self._arrange()
        self.endResetModel()

    def sort_by_standard(self, standard_id: str, descending: bool = False) -> None:
        """Rows ordered by mastery on one standard (no evidence last), ties by name."""
        self.beginResetModel()
        self._sort = (standard_id, descending)
        self._arrange()
        self.endResetModel()

    @property
    def sort_key(self) -> tuple[str | None, bool]:
        return self._sort

    def _arrange(self) -> None:
        table = self.table
        if table is None:
            self._students, self._standards = [], []
            return
        self._standards = [s for s in table.standards if self._strand_id in (None, s.strand_id)]
        wanted = self._search
        students = [
            s
            for s in table.students
            if not wanted or wanted in fold(f"{s.display_name} {s.given_name} {s.student_number}")
        ]
        standard_id, descending = self._sort
        if standard_id is not None:

            def key(s: StudentView) -> tuple[bool, float]:
                value = table.cell(s.id, standard_id).value
                return (value is None, -value if descending and value is not None else (value or 0.0))

            students.sort(key=key)
        self._students = students

    def _shown_of(self, table: MasteryTable | None) -> dict[tuple[str, str], _Shown]:
        """The cells of ``table`` worked out when it was shown before (in this language), else none yet."""
        if table is None:
            return {}
        say = program_translator()
        kept = self._kept.pop(id(table), None)
        shown = kept[2] if kept is not None and kept[0]() is table and kept[1] is say else {}
        self._kept = {k: v for k, v in self._kept.items() if v[0]() is not None}
        self._kept[id(table)] = (weakref.ref(table), say, shown)  # newest last
        while len(self._kept) > KEPT_TABLES:
            del self._kept[next(iter(self._kept))]
        return shown

    # ---- lookups ------------------------------------------------------------------------
    def student(self, row: int) -> StudentView:
        return self._students[row]

    def standard(self, column: int) -> StandardInfo:
        return self._standards[column]

    def cell_ids(self, index: AnyIndex) -> tuple[str, str]:
        return self._students[index.row()].id, self._standards[index.column()].id

    def column_of(self, standard_id: str) -> int:
        return next((i for i, s in enumerate(self._standards) if s.id == standard_id), -1)

    def row_of(self, student_id: str) -> int:
        return next((i for i, s in enumerate(self._students) if s.id == student_id), -1)

    def strand_name(self, column: int) -> str:
        return self._strand_names.get(self._standards[column].strand_id, "")

    # ---- Qt model API -------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._students)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._standards)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return _FLAGS

    def _shown_for(self, key: tuple[str, str]) -> _Shown:
        found = self._shown.get(key)
        if found is None:
            assert self.table is not None
            cell = self.table.cell(*key)
            text, fill, ink = self._look(cell.value)
            found = self._shown[key] = _Shown(text, cell.count, fill, ink, cell.mastered)
        return found

    def _look(self, value: float | None) -> tuple[str, QColor, QColor]:
        """(text, fill, ink) of a mastery value: they depend only on the value as shown (one decimal)."""
        assert self.table is not None
        say = program_translator()
        if self._looks_in is not say:
            self._looks_in, self._looks = say, {}
        key = (None if value is None else as_shown(value), tuple(self.table.scale.values))
        found = self._looks.get(key)
        if found is None:
            fill = level_colour(value, key[1])
            found = self._looks[key] = (say.mastery(value), _colour(fill), _colour(text_colour(fill)))
        return found

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.table is None:
            return None
        key = (self._students[index.row()].id, self._standards[index.column()].id)
        if role == SHOWN_ROLE:
            return self._shown_for(key)
        if role == _DISPLAY:
            return self._shown_for(key).text
        if role == _BACKGROUND:
            return self._shown_for(key).fill
        if role == _FOREGROUND:
            return self._shown_for(key).ink
        if role == CELL_ROLE:
            return self.table.cell(*key)
        if role == _TOOLTIP:
            return self._tooltip(index.row(), index.column())
        if role == _SPOKEN:
            return self.spoken(index.row(), index.column())
        if role == _DESCRIPTION:
            return self._tooltip(index.row(), index.column()).split("\n", 1)[-1]
        if role == _ALIGNMENT:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def spoken(self, row: int, column: int) -> str:
        """What a screen reader says for a cell: "Rohan Gupta, 4.NBT.1: 2.9 Developing, not yet
        mastered, 6 pieces of evidence"."""
        assert self.table is not None
        student, standard = self._students[row], self._standards[column]
        cell = self.table.cell(student.id, standard.id)
        return spoken_cell(
            student.display_name,
            standard.code,
            cell.value,
            self.table.scale.label_for(cell.value) if cell.value is not None else "",
            cell.mastered,
            cell.count,
        )

    def _tooltip(self, row: int, column: int) -> str:
        assert self.table is not None
        student, standard = self._students[row], self._standards[column]
        cell = self.table.cell(student.id, standard.id)
        head = f"\u2068{student.display_name}\u2069 — {standard.code}: {standard.statement}"
        if cell.value is None:
            return f"{head}\n" + _("No evidence yet.")
        say = program_translator()
        pieces = _("1 piece of evidence") if cell.count == 1 else _("{count} pieces of evidence")
        latest = (
            _("latest {level} on {day}").format(
                level=say.level(cell.latest_level), day=say.short_date(cell.latest_date)
            )
            if cell.latest_level is not None
            else ""
        )
        mastery = _("Mastery {value} ({label}, {state})").format(
            value=say.mastery(cell.value),
            label=_(self.table.scale.label_for(cell.value)),
            state=_("mastered") if cell.mastered else _("not yet mastered"),
        )
        return f"{head}\n{mastery}; {pieces.format(count=cell.count)}; {latest}"

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == _VERTICAL:
            if not 0 <= section < len(self._students):
                return None
            if role == _DISPLAY:
                return self._students[section].display_name
            if role == _ALIGNMENT:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return None
        if not 0 <= section < len(self._standards):
            return None
        standard = self._standards[section]
        if role == Qt.ItemDataRole.DisplayRole:
            # "4.NBT.1" must not be reordered to "NBT.1.4" in a right-to-left window: isolate it left to right
            return f"\u2066{standard.code}\u2069" if QGuiApplication.isRightToLeft() else standard.code
        if role == Qt.ItemDataRole.ToolTipRole:
            hint = _("Click to select the column and sort by mastery.")
            return f"{standard.code}: {standard.statement}\n{hint}"
        if role == STRAND_ROLE:
            return self.strand_name(section)
        return None

    # ---- partial refresh ----------------------------------------------------------------
    def update_cells(self, cells: Mapping[tuple[str, str], MasteryCell]) -> None:
        """Replace these cells' mastery and repaint only them (rows and columns not shown are kept too)."""
        if self.table is None or not cells:
            return
        self.table.cells.update(cells)
        for key in cells:
            self._shown.pop(key, None)
        rows = [r for r in (self.row_of(sid) for sid in {k[0] for k in cells}) if r >= 0]
        columns = [c for c in (self.column_of(std) for std in {k[1] for k in cells}) if c >= 0]
        if rows and columns:
            self.dataChanged.emit(
                self.index(min(rows), min(columns)),
                self.index(max(rows), max(columns)),
                [Qt.ItemDataRole.DisplayRole, SHOWN_ROLE],
            )

    def keys(self, indexes: Iterable[AnyIndex]) -> list[tuple[str, str]]:
        """(student id, standard id) for each index, each once, in the order given."""
        return list(dict.fromkeys(self.cell_ids(i) for i in indexes if i.isValid()))
