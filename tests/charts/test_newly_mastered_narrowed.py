"""This week's newly mastered cells, worked out only for cells with new evidence, equal the
definition: mastered now and not when the week began (every cell recomputed)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from classroom_desktop.charts import datawall_data as dw


def test_newly_mastered_equals_every_cell_recomputed(demo: Any) -> None:
    class_id = demo.classes.list()[0].id
    table = demo.evidence.mastery_table(class_id)
    evidence = demo.datawall.class_evidence(table)
    now = {key for key, cell in table.cells.items() if cell.mastered}
    found_some = False
    for day in sorted({e.observed_on for e in evidence})[-15:]:
        for days in (1, 7, 21):
            expected = now - dw.mastered_as_of(table, evidence, day - timedelta(days=days))
            assert dw.newly_mastered(table, evidence, day, days) == expected, (day, days)
            found_some |= bool(expected)
    assert found_some  # the demo's last weeks do master cells
