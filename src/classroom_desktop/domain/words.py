"""How the domain says things to a teacher: in English by default, or in the program's language.

The domain imports nothing of ours, so it cannot load catalogues. Functions that write sentences
take a :class:`Words` (``i18n.Translator`` is one) and mark their texts with :func:`N_` so the
catalogue test finds them; :data:`ENGLISH` writes them as they are.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Mark ``message`` for translation; the :class:`Words` it is given to translates it."""
    return message


class Words(Protocol):
    """Texts, mastery values, levels and days in one language."""

    def gettext(self, message: str) -> str: ...

    def mastery(self, value: float | None) -> str: ...

    def level(self, value: float) -> str: ...

    def day_month(self, day: date) -> str: ...

    def isolate(self, text: str) -> str: ...


class English:
    """The domain's own words: English, "." as the decimal sign, days as "3 Oct"."""

    def gettext(self, message: str) -> str:
        return message

    def mastery(self, value: float | None) -> str:
        from classroom_desktop.domain.mastery import display

        return display(value)

    def level(self, value: float) -> str:
        """A level as entered: "4" for 4.0, "2.5" for 2.5."""
        from classroom_desktop.domain.mastery import shown

        rounded = shown(value)
        return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"

    def day_month(self, day: date) -> str:
        return f"{day.day} {_MONTHS[day.month - 1]}"

    def isolate(self, text: str) -> str:
        """English runs left to right: a code or a name needs no isolating."""
        return text


ENGLISH = English()
