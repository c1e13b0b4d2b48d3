"""Turning evidence into mastery: every method the class can pick, and the fast path for big tables.

Scores are always used in the order of the date they describe (``observed_on``), with entry time
and then id breaking ties, after corrections and withdrawals have been applied.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.scale import ProficiencyScale, as_shown
from classroom_desktop.domain.types import Evidence, MasteryCell, MasteryConfig, MasteryMethod
from classroom_desktop.domain.words import N_

Row = tuple[str, str, float | None, Any, Any, str, str | None]


def effective_evidence(items: Iterable[Evidence]) -> list[Evidence]:
    """The evidence that counts, in date order.

    Every item that another item supersedes is dropped; since each link of a chain of
    corrections is superseded by the next, only the last correction survives. A correction keeps
    its own ``observed_on`` (the teacher may have fixed the date). Withdrawals (level None) are
    dropped too. The rest is ordered by (observed_on, entered_at, id).
    """
    items = list(items)
    superseded = {e.supersedes for e in items if e.supersedes is not None}
    kept = [e for e in items if e.level is not None and e.id not in superseded]
    kept.sort(key=lambda e: (e.observed_on, e.entered_at, e.id))
    return kept


def _check_weight(weight: float) -> float:
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0.01 <= weight <= 0.99:
        raise UserError(
            N_("The weight for the newest evidence must be between 0.01 and 0.99 (it is {weight})."),
            weight=weight,
        )
    return float(weight)


def _check_n(n: int) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise UserError(N_("'n times' needs a whole number of 1 or more (it is {n})."), n=n)
    return n


def _decaying(scores: Sequence[float], w: float) -> float:
    d = float(scores[0])
    keep = 1.0 - w
    for s in scores[1:]:
        d = keep * d + w * s
    return d


def _n_times(scores: Sequence[float], n: int, scale: ProficiencyScale) -> float:
    at_or_above = sorted((s for s in scores if s >= scale.cutoff), reverse=True)
    if len(at_or_above) >= n:
        return float(at_or_above[n - 1])
    return float(min(scores[-1], scale.highest_below_cutoff()))


def _mode(scores: Sequence[float]) -> float:
    counts: dict[float, int] = {}
    last_seen: dict[float, int] = {}
    for i, s in enumerate(scores):
        counts[s] = counts.get(s, 0) + 1
        last_seen[s] = i
    return float(max(counts, key=lambda s: (counts[s], last_seen[s])))


def _power_law(scores: Sequence[float], days: Sequence[float] | None) -> float:
    k = len(scores)
    if k == 1:
        return float(scores[0])
    if days is not None:
        if len(days) != k:
            raise ValueError("days must have one entry per score")
        ts = [float(d) - float(days[0]) + 1.0 for d in days]
    else:
        ts = [float(i) for i in range(1, k + 1)]
    low = min(scores)
    if low == max(scores):
        return float(low)
    shift = 1.0 - low if low <= 0 else 0.0
    xs = [math.log(t) for t in ts]
    ys = [math.log(s + shift) for s in scores]
    mx = sum(xs) / k
    my = sum(ys) / k
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx <= 1e-12:  # every score on the same day: no trend to fit
        return sum(scores) / k
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    ln_a = my - b * mx
    return math.exp(ln_a + b * xs[-1]) - shift


def compute(
    scores: Sequence[float],
    config: MasteryConfig,
    scale: ProficiencyScale,
    days: Sequence[float] | None = None,
) -> float | None:
    """A mastery value from scores already in date order (None when there are none).

    Methods:
        decaying average: d = s0, then d = (1-w)*d + w*s for each later score.
        weighted average: w*latest + (1-w)*mean(earlier); a single score is itself.
        n times: if at least n scores are at or above the cut-off, the n-th highest of them (so it
            is mastered); otherwise the latest score capped at the highest level below the
            cut-off, so it is never shown as mastered.
        most recent, highest, mean: as named.
        mode: the most frequent score; on a tie, the tied value seen most recently.
        power law (Marzano): least squares fit of y = a*t^b (as ln y = ln a + b ln t) with
            t = 1..k, or ``days`` shifted so the first is 1; the value at the latest t. One score
            gives itself, equal scores give that value, scores all on one day give their mean.
            If any score is <= 0, all are shifted up so the lowest is 1 for the fit, and the
            result is shifted back.

    Every result is clamped to the scale's range.

    Raises:
        UserError: The weight is outside 0.01-0.99 or n is not a whole number of 1 or more.
    """
    if not scores:
        return None
    method = config.method
    if method is MasteryMethod.DECAYING_AVERAGE:
        value = _decaying(scores, _check_weight(config.weight))
    elif method is MasteryMethod.WEIGHTED_AVERAGE:
        w = _check_weight(config.weight)
        if len(scores) == 1:
            value = float(scores[0])
        else:
            earlier = scores[:-1]
            value = w * scores[-1] + (1.0 - w) * (sum(earlier) / len(earlier))
    elif method is MasteryMethod.N_TIMES:
        value = _n_times(scores, _check_n(config.n), scale)
    elif method is MasteryMethod.MOST_RECENT:
        value = float(scores[-1])
    elif method is MasteryMethod.HIGHEST:
        value = float(max(scores))
    elif method is MasteryMethod.MEAN:
        value = sum(scores) / len(scores)
    elif method is MasteryMethod.MODE:
        value = _mode(scores)
    elif method is MasteryMethod.POWER_LAW:
        value = _power_law(scores, days)
    else:  # pragma: no cover - the enum is closed
        raise UserError(N_("Unknown mastery method: {method}."), method=method)
    return scale.clamp(value)


def shown(value: float) -> float:
    """A mastery value rounded half up to one decimal (2.97 shows as 3.0, 2.94 as 2.9).

    Mastery is decided on this shown number (``ProficiencyScale.is_mastered``), so a student
    whose value reads "3.0" has mastered a standard with a cut-off of 3: six 3s with one 2
    (decaying average 2.97) read "3.0 Proficient, mastered", as a teacher expects.
    """
    return as_shown(value)


def display(value: float | None) -> str:
    """A mastery value as the gradebook shows it: one decimal ("3.5"), or "–" for none."""
    return "–" if value is None else f"{shown(value):.1f}"


def mastery_cell(
    student_id: str,
    standard_id: str,
    items: Iterable[Evidence],
    config: MasteryConfig,
    scale: ProficiencyScale,
) -> MasteryCell:
    """The gradebook cell for one student and standard from all of that pair's evidence rows."""
    effective = effective_evidence(items)
    scores = [float(e.level) for e in effective if e.level is not None]
    days = [float(e.observed_on.toordinal()) for e in effective]
    value = compute(scores, config, scale, days)
    last = effective[-1] if effective else None
    return MasteryCell(
        student_id=student_id,
        standard_id=standard_id,
        value=value,
        mastered=scale.is_mastered(value),
        count=len(effective),
        latest_level=None if last is None or last.level is None else float(last.level),
        latest_date=None if last is None else last.observed_on,
    )


def _as_date(value: Any) -> date:
    if isinstance(value, date):
        return value if type(value) is date else date(value.year, value.month, value.day)
    return date.fromisoformat(str(value)[:10])


def _cached_date(raw: Any, dates: dict[Any, date]) -> date:
    found = dates.get(raw)
    if found is None:
        found = dates[raw] = _as_date(raw)
    return found


def _finish(
    key: tuple[str, str],
    group: list[Row],
    has_corrections: bool,
    config: MasteryConfig,
    scale: ProficiencyScale,
    decaying_w: float | None,
    dates: dict[Any, date],
) -> MasteryCell:
    """One pair's cell from its rows (in order), dropping superseded rows and withdrawals."""
    if has_corrections:
        superseded = {r[6] for r in group if r[6] is not None}
        group = [r for r in group if r[2] is not None and r[5] not in superseded]
    else:
        group = [r for r in group if r[2] is not None]
    first = group[0] if group else None
    if first is None:
        value: float | None = None
    elif decaying_w is not None:
        keep = 1.0 - decaying_w
        d = float(first[2])  # type: ignore[arg-type]
        for i in range(1, len(group)):
            d = keep * d + decaying_w * group[i][2]  # type: ignore[operator]
        lo, hi = scale.levels[0].value, scale.levels[-1].value
        value = float(lo if d < lo else hi if d > hi else d)
    else:
        scores = [float(r[2]) for r in group]  # type: ignore[arg-type]
        days = None
        if config.method is MasteryMethod.POWER_LAW:
            days = [float(_as_date(r[3]).toordinal()) for r in group]
        value = compute(scores, config, scale, days)
    last = group[-1] if group else None
    return MasteryCell(
        student_id=key[0],
        standard_id=key[1],
        value=value,
        mastered=scale.is_mastered(value),
        count=len(group),
        latest_level=None if last is None else float(last[2]),  # type: ignore[arg-type]
        latest_date=None if last is None else _cached_date(last[3], dates),
    )


def compute_sorted_rows(
    rows: Iterable[Row], config: MasteryConfig, scale: ProficiencyScale
) -> dict[tuple[str, str], MasteryCell]:
    """Mastery cells for a whole table of evidence rows in one pass.

    Args:
        rows: ``(student_id, standard_id, level, observed_on_iso, entered_at_iso, evidence_id,
            supersedes_id_or_None)`` tuples ALREADY ordered by (student_id, standard_id,
            observed_on, entered_at, id). A correction must belong to the same student and
            standard as what it corrects (it is applied within that pair's rows).
        config: The class's mastery method.
        scale: The class's proficiency scale.

    Returns:
        One cell per (student_id, standard_id) pair seen, equal to :func:`mastery_cell` on the
        same evidence. Pairs whose evidence was all withdrawn get a cell with no value.
    """
    decaying_w: float | None = None
    if config.method is MasteryMethod.DECAYING_AVERAGE:
        decaying_w = _check_weight(config.weight)
    elif config.method is MasteryMethod.WEIGHTED_AVERAGE:
        _check_weight(config.weight)
    elif config.method is MasteryMethod.N_TIMES:
        _check_n(config.n)
    out: dict[tuple[str, str], MasteryCell] = {}
    dates: dict[Any, date] = {}
    cur_student = cur_standard = ""  # a first row with these ids simply joins the empty group
    group: list[Row] = []
    append = group.append
    has_corrections = False
    for row in rows:
        if row[1] != cur_standard or row[0] != cur_student:
            if group:
                key = (cur_student, cur_standard)
                out[key] = _finish(key, group, has_corrections, config, scale, decaying_w, dates)
            cur_student, cur_standard = row[0], row[1]
            group = [row]
            append = group.append
            has_corrections = row[6] is not None
            continue
        append(row)
        if row[6] is not None:
            has_corrections = True
    if group:
        key = (cur_student, cur_standard)
        out[key] = _finish(key, group, has_corrections, config, scale, decaying_w, dates)
    return out


def compute_effective_rows(
    rows: Iterable[tuple[str, str, float, Any]], config: MasteryConfig, scale: ProficiencyScale
) -> dict[tuple[str, str], MasteryCell]:
    """Mastery cells from rows that are already effective (corrections applied, withdrawals gone).

    The fast path for the mastery table: the store resolves supersession in SQL and hands over
    ``(student_id, standard_id, level, observed_on)`` ordered by (student_id, standard_id,
    observed_on, entered_at, id). Decaying average is folded row by row without grouping.
    Equal to :func:`compute_sorted_rows` on the same evidence.
    """
    if config.method is not MasteryMethod.DECAYING_AVERAGE:
        return compute_sorted_rows(((r[0], r[1], r[2], r[3], "", "", None) for r in rows), config, scale)
    w = _check_weight(config.weight)
    keep = 1.0 - w
    lo, hi, cutoff = float(scale.levels[0].value), float(scale.levels[-1].value), scale.cutoff
    # A school's table folds ~300,000 rows into ~150,000 cells: the loop keeps to local names,
    # compares the two ids as plain strings, builds each cell with tuple.__new__ (not the named
    # tuple's Python-level __new__) and rounds as :func:`as_shown` does, inline. The collector is
    # paused meanwhile: the cells are tuples of strings and numbers, and would otherwise make it
    # walk the growing table again every few hundred cells.
    out: dict[tuple[str, str], MasteryCell] = {}
    dates: dict[Any, date] = {}
    new, cell, floor = tuple.__new__, MasteryCell, math.floor
    cur_student: Any = None
    cur_standard: Any = None
    d = last_level = 0.0
    count = 0
    last_day: Any = None
    paused = gc.isenabled()
    gc.disable()
    try:
        for student, standard, level, day in rows:
            if standard == cur_standard and student == cur_student:
                d = keep * d + w * level
                count += 1
                last_level, last_day = level, day
                continue
            if cur_student is not None:
                v = lo if d < lo else hi if d > hi else d
                latest = dates.get(last_day)
                if latest is None:
                    latest = dates[last_day] = _as_date(last_day)
                out[cur_student, cur_standard] = new(  # type: ignore[call-overload]
                    cell,
                    (
                        cur_student, cur_standard, v, floor(v * 10 + 0.5 + 1e-9) / 10 >= cutoff, count,
                        float(last_level), latest,
                    ),
                )
            cur_student, cur_standard = student, standard
            d = float(level)
            count = 1
            last_level, last_day = level, day
        if cur_student is not None:
            v = lo if d < lo else hi if d > hi else d
            out[cur_student, cur_standard] = MasteryCell(
                cur_student, cur_standard, v, as_shown(v) >= cutoff, count, float(last_level),
                _cached_date(last_day, dates),
            )
    finally:
        if paused:
            gc.enable()
    return out


def preview(scores: Sequence[float], scale: ProficiencyScale) -> dict[MasteryMethod, float | None]:
    """What each method (with its default settings) makes of the same scores, for the settings page."""
    return {method: compute(scores, MasteryConfig(method=method), scale) for method in MasteryMethod}
