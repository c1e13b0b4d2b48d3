"""The demo class's units, peer helpers and re-assessment marks (issue 17), so a newcomer sees them.

Built after the demo's evidence, through the services like the rest of the demo.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from classroom_desktop.domain.types import StandardInfo

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom

#: (name, driving problem, end task, standard codes)
UNITS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "Fair shares in the school garden",
        "The class garden has 24 beds and four classes want a fair share of them. "
        "How do we split the beds, the seeds and the water so that every class agrees it is fair?",
        "A garden plan for the principal: each class's share as a fraction, compared and explained, "
        "with the seed and water amounts worked out.",
        ("4.NF.1", "4.NF.2", "4.NF.3", "4.NF.4", "4.NF.5"),
    ),
    (
        "Measure the schoolyard",
        "The school wants a new play area. Where does it fit, and how much fence and turf do we need?",
        "A scale drawing of the play area with its area, perimeter and the cost of the materials.",
        ("4.MD.1", "4.MD.2", "4.MD.3"),
    ),
)
#: The student the demo's teacher does not offer as a peer helper (by position in the class list).
OPTED_OUT = 2
#: (standard code, note, marked by): given to students who tried the standard and have not mastered it.
READY: tuple[tuple[str, str, str], ...] = (
    ("4.NF.2", "Practised with fraction strips all week and explained it to me.", "teacher"),
    ("4.NF.1", "Says she is ready: made her own equal-fractions poster.", "student"),
    ("4.NBT.5", "", "teacher"),
)


def build_practices(classroom: Classroom, class_id: str, path: list[StandardInfo]) -> None:
    """Add the demo's units, one helper opt-out and a few students marked ready to be re-assessed."""
    ids = {s.code: s.id for s in path}
    for name, problem, task, codes in UNITS:
        classroom.units.create(class_id, name, problem, task, [ids[c] for c in codes])
    students = [s.id for s in classroom.students.list(class_id)]
    classroom.peer_help.set_opted_out(students[OPTED_OUT], True)
    table = classroom.evidence.mastery_table(class_id)
    taken: set[str] = set()
    for code, note, by in READY:
        tried = [sid for sid in students if sid not in taken and table.cell(sid, ids[code]).count >= 2
                 and not table.cell(sid, ids[code]).mastered]
        if tried:
            taken.add(tried[0])
            classroom.reassessment.mark(tried[0], ids[code], class_id, note, by)
