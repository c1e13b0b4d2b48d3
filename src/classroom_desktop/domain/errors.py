"""The one error type for problems a teacher can fix."""

from collections.abc import Callable


def _as_written(message: str) -> str:
    return message


#: How a message reaches the program's language: ``classroom_desktop.i18n`` puts its ``_`` here
#: when it loads (the domain imports nothing of ours); until then messages stay as written.
_translate: list[Callable[[str], str]] = [_as_written]


def translate_messages_with(gettext: Callable[[str], str]) -> None:
    """Say every :class:`UserError` message through ``gettext`` (set once, by ``i18n``)."""
    _translate[0] = gettext


class UserError(Exception):
    """An expected problem, with a message written for the teacher.

    Raised for bad input (an unknown student, a level outside the scale, an empty name,
    a prerequisite cycle, a malformed file). Anything else that escapes is a bug.

    ``message`` is said in the program's language: layers that import ``i18n`` pass it through
    ``_()`` themselves; the domain passes an English sentence marked with ``N_`` and its
    ``values`` (``UserError(N_("The scale '{name}' needs a name."), name=name)``), filled in after
    the sentence is translated, so no sentence is pieced together.
    """

    def __init__(self, message: str, **values: object) -> None:
        message = _translate[0](message)
        if values:
            message = message.format(**values)
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
