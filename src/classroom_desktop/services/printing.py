"""One entry point for every printed document, used by the window and the command line.

Each kind of document lives in its own module; this table names them so the command line
and the window stay in step.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom

PAPERS = ("A4", "Letter", "A3", "A2", "Tabloid")
TILE_PAPERS = ("A4", "Letter")


@dataclass(frozen=True)
class PrintOptions:
    """What the teacher asked for. ``class_id`` is resolved before a document is built."""

    out: Path
    class_id: str
    student_id: str | None = None
    paper: str = "A4"
    tile: str | None = None
    anonymous: bool = False
    landscape: bool | None = None  # None: the document's own choice
    plan_id: str | None = None
    one_file_per_student: bool = False
    #: Family reports: print every report in this language; None: each in its family's language.
    language: str | None = None
    #: Unit trackers: the unit (None: the class's first unit).
    unit_id: str | None = None
    #: Helper cards: the standard (None: the class's next focus).
    standard_id: str | None = None


Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]

#: kind → "module:function"; each function is (classroom, options, progress, cancelled) -> Path
DOCUMENTS: dict[str, str] = {
    "cards": "classroom_desktop.services.group_printing:print_cards",
    "summary": "classroom_desktop.services.group_printing:print_summary",
    "poster": "classroom_desktop.services.poster_printing:print_poster",
    "plans": "classroom_desktop.services.choice_printing:print_plans_with_boards",
    "binder": "classroom_desktop.services.plan_printing:print_binder",
    "report": "classroom_desktop.services.plan_printing:print_report",
    "unit-tracker": "classroom_desktop.services.practice_printing:print_unit_tracker",
    "helpers": "classroom_desktop.services.practice_printing:print_helpers",
    "reassessment": "classroom_desktop.services.practice_printing:print_reassessment",
    "choice-board": "classroom_desktop.services.choice_printing:print_choice_boards",
    "tracker": "classroom_desktop.services.choice_printing:print_trackers",
    "certificates": "classroom_desktop.services.choice_printing:print_certificates",
}


def print_document(
    classroom: Classroom,
    kind: str,
    options: PrintOptions,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """Build the PDF of ``kind`` into ``options.out`` and return its path."""
    if options.paper not in PAPERS:
        raise UserError(
            _("'{paper}' is not a paper size here. Use one of: {papers}.").format(
                paper=options.paper, papers=", ".join(PAPERS)
            )
        )
    if options.tile is not None and options.tile not in TILE_PAPERS:
        raise UserError(
            _("Posters can be tiled onto {papers} sheets, not '{paper}'.").format(
                papers=" / ".join(TILE_PAPERS), paper=options.tile
            )
        )
    target = DOCUMENTS.get(kind)
    if target is None:
        raise UserError(
            _("'{kind}' is not something Classroom Desktop prints. Choose: {kinds}.").format(
                kind=kind, kinds=", ".join(DOCUMENTS)
            )
        )
    module_name, func_name = target.split(":")
    builder: Any = getattr(importlib.import_module(module_name), func_name)
    return Path(builder(classroom, options, progress or (lambda *_: None), cancelled or (lambda: False)))
