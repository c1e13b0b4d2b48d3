"""What the importing modules share: the progress callback, NFC text, counted nouns, a class by name."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom


Progress = Callable[[int, int], None]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def counted(n: int, one: str, many: str) -> str:
    """``one`` (already translated) when ``n`` is 1, else ``many`` with ``{count}`` filled in."""
    return one if n == 1 else many.format(count=n)


def class_by_name(classroom: Classroom, name: str | None) -> str | None:
    return str(classroom.classes.find(name).id) if name else None
