"""Settings ▸ School calendar: the class's school days and holidays, used for plan dates."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop.domain.school_calendar import DAY_NAMES, SchoolCalendar, parse_closures
from classroom_desktop.i18n import _, program_translator
from classroom_desktop.services.plans import CALENDAR_OPTION, school_calendar
from classroom_desktop.ui.context import AppContext
from classroom_desktop.ui.widgets import hint


class SchoolCalendarBox(QWidget):
    """School days of the week and the holidays (one a line) of the class chosen in the window."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(
            hint(
                _(
                    "Learning-plan steps fall due on school days only. Tick the days the class meets and "
                    "list the holidays, one a line: 2026-12-21 to 2027-01-01 Winter break, or 2027-01-18 "
                    "MLK Day."
                )
            )
        )
        days = QHBoxLayout()
        names = program_translator().locale.days["format"]  # Monday is 0, as in DAY_NAMES
        self.days = [QCheckBox(names["abbreviated"][n]) for n in range(len(DAY_NAMES))]
        for n, box in enumerate(self.days):
            box.setAccessibleName(names["wide"][n])
            days.addWidget(box)
        days.addStretch(1)
        layout.addLayout(days)
        self.holidays = QPlainTextEdit()
        self.holidays.setAccessibleName(_("Holidays"))
        self.holidays.setMaximumHeight(110)
        layout.addWidget(self.holidays)
        row = QHBoxLayout()
        self.save_button = QPushButton(_("Save the calendar"))
        self.save_button.clicked.connect(lambda: self.ctx.guard(self.save))
        self.message = QLabel("")
        row.addWidget(self.save_button)
        row.addWidget(self.message, 1)
        layout.addLayout(row)

    def load(self) -> None:
        class_id = self.ctx.current_class_id
        self.setEnabled(class_id is not None)
        options = self.ctx.classroom.classes.options(class_id) if class_id else {}
        calendar = school_calendar(options)
        for number, box in enumerate(self.days):
            box.setChecked(number in calendar.weekdays)
        self.holidays.setPlainText("\n".join(c.text() for c in calendar.closures))

    def calendar(self) -> SchoolCalendar:
        weekdays = frozenset(n for n, box in enumerate(self.days) if box.isChecked())
        if not weekdays:
            from classroom_desktop.domain.errors import UserError

            raise UserError(_("Tick at least one school day of the week."))
        return SchoolCalendar(weekdays, parse_closures(self.holidays.toPlainText().splitlines()))

    def save(self) -> None:
        class_id = self.ctx.current_class_id
        if class_id is None:
            return
        classes = self.ctx.classroom.classes
        old = classes.options(class_id).get(CALENDAR_OPTION)
        new = self.calendar().to_json()
        self.ctx.edit(
            _("Change the school calendar"),
            lambda: classes.set_option(class_id, CALENDAR_OPTION, new),
            lambda _r: classes.set_option(class_id, CALENDAR_OPTION, old),
        )
        saved = _("Saved: {count} holidays; plans drafted from now on use them.")
        self.message.setText(saved.format(count=len(new["closures"])))
