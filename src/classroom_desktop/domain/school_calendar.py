"""The school calendar: which days are school days (weekdays, term dates, holidays).

Plan steps fall due on school days only: never on 25 December or 1 January when the teacher has
said the school is closed then. Pure data; kept as a class option by the services.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.words import N_

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Closure:
    """Days the school is closed, ``first`` to ``last`` inclusive (a holiday or a break)."""

    first: date
    last: date
    name: str = ""

    def text(self) -> str:
        days = self.first.isoformat() if self.first == self.last else f"{self.first} to {self.last}"
        return f"{days} {self.name}".strip()


@dataclass(frozen=True)
class SchoolCalendar:
    """School days of the week (0 = Monday) and the closures; the default is Monday to Friday."""

    weekdays: frozenset[int] = frozenset(range(5))
    closures: tuple[Closure, ...] = ()

    def is_school_day(self, day: date) -> bool:
        return day.weekday() in self.weekdays and not any(c.first <= day <= c.last for c in self.closures)

    def school_day_near(self, day: date, earliest: date, latest: date) -> date:
        """The last school day on or before ``day`` (not before ``earliest``), else the first one after
        it (not after ``latest``); ``day`` itself when there is none in the range."""
        for back in range((day - earliest).days + 1):
            candidate = day - timedelta(days=back)
            if self.is_school_day(candidate):
                return candidate
        for forward in range(1, (latest - day).days + 1):
            candidate = day + timedelta(days=forward)
            if self.is_school_day(candidate):
                return candidate
        return day

    def to_json(self) -> dict[str, Any]:
        return {
            "weekdays": sorted(self.weekdays),
            "closures": [[c.first.isoformat(), c.last.isoformat(), c.name] for c in self.closures],
        }

    @classmethod
    def from_json(cls, data: Any) -> SchoolCalendar:
        """The calendar kept in a class option (the default for anything missing or unreadable)."""
        if not isinstance(data, dict):
            return cls()
        try:
            weekdays = frozenset(int(d) for d in data.get("weekdays", range(5)) if 0 <= int(d) <= 6)
            closures = tuple(
                Closure(date.fromisoformat(c[0]), date.fromisoformat(c[1]), str(c[2]) if len(c) > 2 else "")
                for c in data.get("closures", [])
            )
        except (TypeError, ValueError, IndexError):
            return cls()
        return cls(weekdays or frozenset(range(5)), closures)


def parse_closures(lines: Iterable[str]) -> tuple[Closure, ...]:
    """Closures typed one a line: "2026-12-21 to 2027-01-01 Winter break" or "2026-11-26 Thanksgiving".

    Raises:
        UserError: naming the line that is not a date or a range of dates.
    """
    found: list[Closure] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        words = line.split()
        try:
            first = date.fromisoformat(words[0])
            if len(words) >= 3 and words[1].lower() in ("to", "-", "–", "until"):
                last, name = date.fromisoformat(words[2]), " ".join(words[3:])
            else:
                last, name = first, " ".join(words[1:])
        except ValueError:
            raise UserError(
                N_(
                    "Line {number} of the holidays, '{line}', does not start with a date. Write one closure "
                    "a line, like 2026-12-21 to 2027-01-01 Winter break, or 2026-11-26 Thanksgiving."
                ),
                number=number,
                line=line,
            ) from None
        if last < first:
            raise UserError(
                N_("Line {number} of the holidays ends ({last}) before it starts ({first})."),
                number=number,
                last=last,
                first=first,
            )
        found.append(Closure(first, last, name))
    return tuple(sorted(found, key=lambda c: c.first))
