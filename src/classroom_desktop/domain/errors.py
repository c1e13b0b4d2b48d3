"""The one error type for problems a teacher can fix."""


class UserError(Exception):
    """An expected problem, with a message written for the teacher.

    Raised for bad input (an unknown student, a level outside the scale, an empty name,
    a prerequisite cycle, a malformed file). Anything else that escapes is a bug.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
