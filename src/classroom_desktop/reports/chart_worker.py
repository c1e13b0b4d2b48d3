"""Loaded once by the chart workers' fork server, so that every worker forked from it starts warm.

A worker that had to register the fonts and load matplotlib's font cache itself would spend
about a second before its first chart; forked from a warm server it starts at once.
"""

from __future__ import annotations

from classroom_desktop.charts.figure import new_figure
from classroom_desktop.reports.fonts import register_fonts


def warm() -> None:
    """Register the PDF fonts and lay out one throw-away figure (fills matplotlib's caches)."""
    register_fonts()
    fig = new_figure(4, 2)
    ax = fig.add_subplot()
    ax.set_title("warm")
    ax.plot([0, 1], [1, 2])
    fig.get_tightbbox()  # text layout: loads matplotlib's font cache


warm()
