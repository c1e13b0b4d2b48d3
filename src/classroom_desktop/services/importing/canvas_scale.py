"""A Canvas file's ratings and a class's proficiency scale: adopted, or the difference said."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.scale import Level, ProficiencyScale
from classroom_desktop.i18n import _
from classroom_desktop.interop import canvas, filekind, roster_csv

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom


@dataclass(frozen=True)
class ScaleCheck:
    """What a Canvas file's ratings did to a class's scale: a sentence for the teacher, and the scale
    the class had when the import replaced it (for an undo)."""

    message: str = ""
    before: ProficiencyScale | None = None


def _levels_text(scale: ProficiencyScale) -> str:
    levels = ", ".join(f"{lv.value} {lv.label}" for lv in scale.levels)
    return _("{levels}; mastery at {cutoff}").format(levels=levels, cutoff=f"{scale.cutoff:g}")


def scale_from_ratings(ratings: canvas.CanvasRatings, name: str) -> ProficiencyScale:
    """A proficiency scale from a Canvas file's ratings (points become levels, lowest first).

    Raises:
        UserError: the ratings cannot be a scale here (points that are not whole numbers, no
            mastery_points, fewer than two levels …).
    """
    if ratings.mastery_points is None:
        raise UserError(_("its outcomes have ratings but no mastery_points"))
    broken = [p for p, _ in ratings.ratings if not float(p).is_integer()]
    if broken:
        raise UserError(_("its ratings have points that are not whole numbers ({points})").format(
            points=f"{broken[0]:g}"))
    levels = tuple(Level(int(p), label.strip() or _("Level {value}").format(value=int(p)))
                   for p, label in sorted(ratings.ratings, key=lambda pl: pl[0]))
    cutoff = ratings.mastery_points
    return ProficiencyScale(name, levels, int(cutoff) if float(cutoff).is_integer() else cutoff)


def _same_scale(a: ProficiencyScale, b: ProficiencyScale) -> bool:
    return [(lv.value, lv.label) for lv in a.levels] == [(lv.value, lv.label) for lv in b.levels] \
        and float(a.cutoff) == float(b.cutoff)


def _class_has_evidence(classroom: Classroom, class_id: str) -> bool:
    with classroom.db.reading() as tx:
        return bool(tx.raw("SELECT 1 FROM evidence WHERE class_id = ? AND deleted = 0 LIMIT 1", (class_id,)))


def check_canvas_scale(classroom: Classroom, class_id: str, data: bytes, framework: str,
                       adopt: bool = True) -> ScaleCheck:
    """Give a class the proficiency scale of the Canvas outcomes file just imported for it.

    The file's ratings and mastery_points become the class's scale when ``adopt`` (the framework became
    the class's) and the class has no evidence yet (levels a teacher recorded keep their meaning);
    otherwise, or when the ratings cannot be a scale, the class keeps its scale and the difference is
    one sentence. Nothing is said when they agree.
    """
    if filekind.sniff(data).kind == "json":
        return ScaleCheck()
    first = roster_csv.read_table(data, roster_csv.STANDARDS_WANTS).records[0]
    ratings = canvas.read_ratings(data) if canvas.is_outcomes_csv(first) else None
    if ratings is None:
        return ScaleCheck()
    school_class = classroom.classes.get(class_id)
    current = classroom.classes.scale(class_id)
    try:
        wanted = scale_from_ratings(ratings, f"{framework} (Canvas)"[:120])
    except UserError as exc:
        return ScaleCheck(_("The file's ratings cannot be a scale ({problem}); {class_name} keeps its scale "
                            "({levels}).").format(problem=exc.message, class_name=school_class.name,
                                                  levels=_levels_text(current)))
    if _same_scale(current, wanted):
        return ScaleCheck()
    evidence = _class_has_evidence(classroom, class_id)
    if evidence or not adopt:
        if evidence:
            differs = _("The file's ratings ({wanted}) differ from {class_name}'s scale ({current}); "
                        "{class_name} keeps its scale because it has evidence recorded on it.")
        else:
            differs = _("The file's ratings ({wanted}) differ from {class_name}'s scale ({current}); "
                        "{class_name} keeps its scale.")
        return ScaleCheck(differs.format(wanted=_levels_text(wanted), class_name=school_class.name,
                                         current=_levels_text(current)))
    classroom.curriculum.set_class_scale(class_id, wanted)
    if ratings.others == 1:
        adopted = _("{class_name} now uses the file's ratings as its scale: {levels} (1 outcome with other "
                    "ratings left aside).")
    elif ratings.others:
        adopted = _("{class_name} now uses the file's ratings as its scale: {levels} ({count} outcomes with "
                    "other ratings left aside).")
    else:
        adopted = _("{class_name} now uses the file's ratings as its scale: {levels}.")
    return ScaleCheck(adopted.format(class_name=school_class.name, levels=_levels_text(wanted),
                                     count=ratings.others), current)
