"""What a teacher reads when a row they act on is gone: one whole sentence per kind of row.

Callers name the row in English (``tx.require(Student, sid, "student")``); the sentence is looked
up here and translated when it is raised, so no sentence is pieced together from a noun.
"""

from __future__ import annotations

from classroom_desktop.i18n import N_, _

#: The kind of row a caller names -> the sentence that says it could not be found.
NOT_FOUND: dict[str, str] = {
    "activity": N_("That activity could not be found. It may have been deleted on another laptop."),
    "class": N_("That class could not be found. It may have been deleted on another laptop."),
    "enrolment": N_("That enrolment could not be found. It may have been deleted on another laptop."),
    "focus standard": N_(
        "That focus standard could not be found. It may have been deleted on another laptop."
    ),
    "framework": N_("That framework could not be found. It may have been deleted on another laptop."),
    "group": N_("That group could not be found. It may have been deleted on another laptop."),
    "group plan": N_("That group plan could not be found. It may have been deleted on another laptop."),
    "learning plan": N_("That learning plan could not be found. It may have been deleted on another laptop."),
    "piece of evidence": N_(
        "That piece of evidence could not be found. It may have been deleted on another laptop."
    ),
    "plan step": N_("That plan step could not be found. It may have been deleted on another laptop."),
    "ready mark": N_("That ready mark could not be found. It may have been deleted on another laptop."),
    "self-assessment": N_(
        "That self-assessment could not be found. It may have been deleted on another laptop."
    ),
    "standard": N_("That standard could not be found. It may have been deleted on another laptop."),
    "strand": N_("That strand could not be found. It may have been deleted on another laptop."),
    "student": N_("That student could not be found. It may have been deleted on another laptop."),
    "unit": N_("That unit could not be found. It may have been deleted on another laptop."),
}
#: For a kind of row not listed above.
SOMETHING_NOT_FOUND = N_("What you chose could not be found. It may have been deleted on another laptop.")

#: The kind of thing a teacher names -> the sentence asking for its name.
NEEDS_A_NAME: dict[str, str] = {
    "class": N_("The class needs a name."),
    "framework": N_("The framework needs a name."),
    "group": N_("The group needs a name."),
    "strand": N_("The strand needs a name."),
}
SOMETHING_NEEDS_A_NAME = N_("Give it a name.")


def not_found_message(what: str) -> str:
    """The sentence, in the program's language, saying the ``what`` a teacher acted on is gone."""
    return _(NOT_FOUND.get(what, SOMETHING_NOT_FOUND))


def needs_a_name_message(what: str) -> str:
    """The sentence, in the program's language, asking for the name of a ``what``."""
    return _(NEEDS_A_NAME.get(what, SOMETHING_NEEDS_A_NAME))
