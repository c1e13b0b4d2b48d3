"""The demo class's choice boards and student trackers, so a newcomer sees them at once.

More activities (every standard gets two or more to choose from), the choices about two thirds
of the students already made on their plans, and self-assessments beside the teacher's levels.
"""

from __future__ import annotations

import random
from datetime import date
from typing import TYPE_CHECKING

from classroom_desktop.domain.types import StandardInfo
from classroom_desktop.services.choices import choices_of
from classroom_desktop.services.trackers import trackers_of

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom

SEED = 17

#: (title, standard codes, lowest level, highest level, tags, materials)
CHOICE_ACTIVITIES: list[tuple[str, list[str], float, float, list[str], str]] = [
    ("Number detectives: place-value riddles", ["4.NBT.2", "4.NBT.3"], 1, 3, ["stories", "game"],
     "Riddle cards, place-value chart"),
    ("Market stall: add and subtract the day's takings", ["4.NBT.4", "4.NBT.3"], 1, 3,
     ["cooking", "game", "hands-on"], "Play money, price tags"),
    ("Array garden: plant rows and multiply", ["4.NBT.5", "4.NBT.7"], 1, 3, ["hands-on", "animals"],
     "Squared paper, counters, seed packets"),
    ("Football tournament: share the teams and the leftovers", ["4.NBT.6", "4.NBT.5"], 2, 4,
     ["football", "sport"], "Fixture sheets, counters"),
    ("Fraction wall memory game", ["4.NF.1", "4.NF.3"], 1, 3, ["game", "hands-on"],
     "Fraction wall cards"),
    ("Smoothie bar: fractions of a cup times a whole number", ["4.NF.4", "4.NF.3"], 1, 3,
     ["cooking"], "Recipe cards, measuring cups"),
    ("Money decimals shop", ["4.NF.5", "4.NF.6"], 1, 3, ["game", "hands-on"], "Price lists, coins"),
    ("Space mission logbook: convert and solve", ["4.MD.2", "4.MD.1"], 2, 4, ["space", "stories"],
     "Logbook sheets, conversion chart"),
    ("Playground planner: area and perimeter", ["4.MD.3", "4.MD.2"], 1, 3, ["sport", "building", "movement"],
     "Trundle wheel, grid paper"),
    ("Jump and measure: a line plot of long jumps", ["4.MD.4", "4.MD.2"], 2, 4, ["sport", "movement", "data"],
     "Tape measures, line-plot template"),
    ("Clock-face angles", ["4.MD.5", "4.MD.6"], 1, 3, ["hands-on", "game"], "Paper clocks, protractors"),
    ("Street-map geometry walk", ["4.G.1", "4.G.5"], 1, 3, ["movement", "drawing"],
     "Town maps, coloured pencils"),
    ("Shape sorting game with riddles", ["4.G.2", "4.G.3"], 1, 3, ["game", "stories"], "Shape cards"),
    ("Robot moves on a grid", ["4.G.5", "4.G.4"], 1, 3, ["game", "building", "challenge"],
     "Grid mats, direction cards"),
]


def add_choice_activities(classroom: Classroom, class_id: str, path: list[StandardInfo]) -> None:
    """Add the demo's extra activities to the class's library (before plans are drafted)."""
    ids = {s.code: s.id for s in path}
    classroom.plans.add_activities(class_id, [
        {"title": title, "standard_ids": [ids[c] for c in codes], "level_min": low, "level_max": high,
         "tags": tags, "materials": materials}
        for title, codes, low, high, tags, materials in CHOICE_ACTIVITIES
    ])


def add_choices_and_self_assessments(classroom: Classroom, class_id: str, today: date) -> None:
    """Two thirds of the students picked an activity for their first steps; half assessed themselves."""
    rng = random.Random(SEED)
    table = classroom.evidence.mastery_table(class_id)
    boards, trackers = choices_of(classroom), trackers_of(classroom)
    levels = list(table.scale.values)
    picks: list[tuple[str, str]] = []
    own_levels: list[tuple[str, str, object]] = []
    everyone = boards.class_boards(class_id, table)
    for k, student in enumerate(table.students):
        steps = everyone.get(student.id, [])
        if k % 3 != 2:
            for step in steps[:2]:
                if step.options:
                    picks.append((step.step_id, rng.choice(step.options).id))
        if k % 2 == 0:
            for step in steps[:3]:
                standard = next(s for s in table.standards if s.code == step.code)
                cell = table.cell(student.id, standard.id)
                guess = round(cell.value) if cell.value is not None else levels[0]
                own = min(max(guess + rng.choice((-1, 0, 0, 1)), levels[0]), levels[-1])
                own_levels.append((student.id, standard.id, own))
    boards.choose_many(picks)  # each in one transaction: the same rows as one write per choice
    trackers.record_many(own_levels, class_id, on=today)
