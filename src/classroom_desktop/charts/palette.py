"""Colour-blind-safe colours for mastery levels (ColorBrewer RdYlBu), usable without matplotlib.

Colour is never the only signal: every place that paints a level also writes its number or label.
"""

from __future__ import annotations

from collections.abc import Sequence

from classroom_desktop.domain.scale import as_shown

#: 4-class RdYlBu, marked colour-blind safe by ColorBrewer; low → high.
LEVEL_COLOURS: tuple[str, ...] = ("#d7191c", "#fdae61", "#abd9e9", "#2c7bb6")
NO_EVIDENCE = "#eeeeee"
CUTOFF_LINE = "#333333"


def _spread(n: int) -> list[str]:
    if n <= len(LEVEL_COLOURS):
        picks = [round(i * (len(LEVEL_COLOURS) - 1) / max(n - 1, 1)) for i in range(n)]
        return [LEVEL_COLOURS[i] for i in picks]
    return [LEVEL_COLOURS[min(len(LEVEL_COLOURS) - 1, i * len(LEVEL_COLOURS) // n)] for i in range(n)]


def level_colour(value: float | None, levels: Sequence[float]) -> str:
    """The fill for a mastery value, as shown to one decimal, on a scale with these level values.

    2.97 shows as "3.0" and is painted as level 3, so colour and number agree.
    """
    if value is None:
        return NO_EVIDENCE
    value = as_shown(value)
    colours = _spread(len(levels))
    index = 0
    for i, level in enumerate(levels):
        if value + 1e-9 >= level:
            index = i
    return colours[index]


def text_colour(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (WCAG relative luminance)."""
    r, g, b = (int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return "#000000" if lum > 0.179 else "#ffffff"


#: fill patterns, lowest level first: levels differ in print and in greyscale, not only by colour
LEVEL_HATCHES: tuple[str, ...] = ("//", "..", "\\\\", "")


def level_hatches(levels: Sequence[float]) -> list[str]:
    """One fill pattern per level, lowest first (the top level solid)."""
    n = len(levels)
    if n <= len(LEVEL_HATCHES):
        return list(LEVEL_HATCHES[len(LEVEL_HATCHES) - n :]) if n else []
    return [LEVEL_HATCHES[min(len(LEVEL_HATCHES) - 1, i * len(LEVEL_HATCHES) // n)] for i in range(n)]


def level_colours(levels: Sequence[float]) -> list[str]:
    """One colour per level, lowest first (for legends)."""
    return _spread(len(levels))
