"""The mastery-over-time chart builder."""

from __future__ import annotations

import sys
from datetime import date, datetime

import pytest

from classroom_desktop.charts.figure import new_figure
from classroom_desktop.charts.progress import evidence_points, mastery_over_time, mastery_series
from classroom_desktop.domain.scale import ProficiencyScale
from classroom_desktop.domain.types import Evidence, MasteryConfig, MasteryMethod

SCALE = ProficiencyScale.default()


def _ev(i: int, level: float | None, day: int, supersedes: str | None = None) -> Evidence:
    return Evidence(
        f"e{i}", "s", "std", level, date(2026, 9, day), datetime(2026, 9, day, 12, i), "quiz", "", supersedes
    )


EVIDENCE = [_ev(1, 1, 1), _ev(2, 2, 8), _ev(3, 3, 15), _ev(4, 4, 22)]


def test_series_is_the_running_mastery_after_each_piece_of_evidence() -> None:
    series = mastery_series(EVIDENCE, MasteryConfig(), SCALE)
    assert [d.day for d, _ in series] == [1, 8, 15, 22]
    assert [round(v, 2) for _, v in series] == [1.0, 1.65, 2.53, 3.48]
    mean = mastery_series(EVIDENCE, MasteryConfig(MasteryMethod.MEAN), SCALE)
    assert [v for _, v in mean] == [1.0, 1.5, 2.0, 2.5]


def test_corrections_and_withdrawals_are_applied() -> None:
    items = [*EVIDENCE, _ev(5, 2, 22, supersedes="e4"), _ev(6, None, 15, supersedes="e3")]
    assert evidence_points(items) == [
        (date(2026, 9, 1), 1.0),
        (date(2026, 9, 8), 2.0),
        (date(2026, 9, 22), 2.0),
    ]
    assert [v for _, v in mastery_series(items, MasteryConfig(MasteryMethod.MOST_RECENT), SCALE)] == [1, 2, 2]


def test_chart_has_the_points_the_line_and_the_cutoff() -> None:
    points = evidence_points(EVIDENCE)
    figure = mastery_over_time(
        points, mastery_series(EVIDENCE, MasteryConfig(), SCALE), SCALE, "4.NF.1 Fractions"
    )
    ax = figure.axes[0]
    cutoff = next(line for line in ax.lines if line.get_gid() == "cutoff")
    assert cutoff.get_label() == "Mastery" and cutoff.get_linestyle() == "--"
    assert list(cutoff.get_ydata()) == [3, 3]
    assert "Mastery" in [t.get_text() for t in ax.texts]
    markers = next(c for c in ax.collections if c.get_gid() == "evidence")
    assert len(markers.get_offsets()) == 4
    assert [t.get_text() for t in ax.texts if t.get_text() != "Mastery"] == ["1", "2", "3", "4"]
    line = next(line for line in ax.lines if line.get_gid() == "mastery")
    assert len(line.get_xdata()) == 4 and round(line.get_ydata()[-1], 2) == 3.48
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "1 Beginning",
        "2 Developing",
        "3 Proficient",
        "4 Advanced",
    ]
    assert ax.get_title(loc="left") == "4.NF.1 Fractions"


def test_chart_draws_into_a_given_figure_and_handles_no_evidence() -> None:
    figure = new_figure(4, 2.5)
    same = mastery_over_time([], [], SCALE, "4.NF.2", figure=figure)
    assert same is figure
    assert "No evidence yet" in [t.get_text() for t in figure.axes[0].texts]
    mastery_over_time(evidence_points(EVIDENCE[:1]), [], SCALE, "4.NF.2", figure=figure)
    assert len(figure.axes) == 1  # redrawn, not stacked


def test_long_titles_are_shortened_and_the_figure_renders_to_pdf(tmp_path: pytest.TempPathFactory) -> None:
    import io

    figure = mastery_over_time(evidence_points(EVIDENCE), [], SCALE, "4.NF.1 " + "very long statement " * 10)
    title = figure.axes[0].get_title(loc="left")
    assert title.endswith("…") and len(title) < 80
    out = io.BytesIO()
    figure.savefig(out, format="pdf")
    assert out.getvalue().startswith(b"%PDF")


def test_charts_do_not_load_qt_or_pyplot() -> None:
    assert "matplotlib.pyplot" not in sys.modules
    assert not any(name.startswith("PySide6") for name in sys.modules if "charts" in name)
