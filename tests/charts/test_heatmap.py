"""The matplotlib charts: the heatmap shows each cell's number and colour; charts export as PNG and SVG."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from classroom_desktop.charts import datawall_data as dw
from classroom_desktop.charts.distribution import distribution_figure
from classroom_desktop.charts.export import save_figure
from classroom_desktop.charts.growth import growth_figure
from classroom_desktop.charts.heatmap import heatmap_figure
from classroom_desktop.charts.palette import level_colour
from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.mastery import display

from .test_datawall_data import small_class


def _texts(fig) -> list[str]:  # type: ignore[no-untyped-def]
    ax = fig.axes[0]
    return [t.get_text() for t in ax.texts]


def test_heatmap_writes_every_value_and_colours_by_level(classroom) -> None:  # type: ignore[no-untyped-def]
    class_id, kids, std = small_class(classroom)
    table = classroom.evidence.mastery_table(class_id)
    data = dw.heatmap_matrix(table, highlighted={(kids["Ana"], std["G.1"])})
    fig = heatmap_figure(data, "4B")
    texts = _texts(fig)
    expected = [display(table.cell(sid, s).value) for sid in data.row_ids for s in data.column_ids]
    assert [t.rstrip("★") for t in texts[: len(expected)]] == expected
    assert "4.0★" in texts  # Ana's newly mastered G.1 is marked with a star as well as a frame
    assert {"N Number", "G Shapes"} <= set(texts) | {t.get_text() for t in fig.axes[0].texts}
    image = fig.axes[0].images[0].get_array()
    colour = level_colour(4.0, table.scale.values)
    assert tuple(round(float(v) * 255) for v in image[1][2][:3]) == tuple(
        int(colour[i : i + 2], 16) for i in (1, 3, 5)
    )
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["1 Beginning", "2 Developing", "3 Proficient", "4 Advanced", "– no evidence"]
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Zoë Adams", "Ana Brown", "Li Chen"]


def test_distribution_labels_each_segment_with_its_count() -> None:
    fig = distribution_figure(
        ["N.1", "N.2"],
        [[1, 0, 1, 0, 1], [0, 0, 1, 0, 2]],
        [1, 2, 3, 4],
        ["Beginning", "Developing", "Proficient", "Advanced"],
        3,
    )
    assert sorted(_texts(fig)) == ["1", "1", "1", "1", "2"]
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["N.1", "N.2"]


def test_growth_labels_each_week() -> None:
    fig = growth_figure([(date(2026, 11, 8), 3), (date(2026, 11, 15), 7)], 20)
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert "3" in labels and "7" in labels and "all 20" in labels
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["8 Nov", "15 Nov"]  # the window's days


def test_export_png_and_svg(tmp_path: Path) -> None:
    fig = growth_figure([(date(2026, 11, 8), 3)], 10)
    png = save_figure(fig, tmp_path / "growth.png")
    svg = save_figure(fig, tmp_path / "growth.svg")
    assert png.read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in svg.read_bytes()[:500]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["growth.png", "growth.svg"]  # no temp files left


def test_export_refuses_other_formats(tmp_path: Path) -> None:
    fig = growth_figure([], 0)
    with pytest.raises(UserError, match=r"\.png or \.svg"):
        save_figure(fig, tmp_path / "growth.jpg")
    assert list(tmp_path.iterdir()) == []
