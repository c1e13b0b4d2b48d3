"""Going back to a class paints from the cells worked out before: what the teacher sees is the same
as a table read afresh, follows an edit, and follows a change of language (bench/secondary.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from classroom_desktop.i18n import set_program_language
from classroom_desktop.ui.gradebook_model import SHOWN_ROLE, GradebookModel

ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.AccessibleDescriptionRole,
)


def seen(model: GradebookModel) -> list[tuple[Any, ...]]:
    """Every cell as the teacher sees it: text, fill, ink, count, tick, tooltip and spoken text."""
    out = []
    for row in range(model.rowCount()):
        for col in range(model.columnCount()):
            index = model.index(row, col)
            shown = index.data(SHOWN_ROLE)
            texts = tuple(model.data(index, role) for role in ROLES)
            out.append((shown.text, shown.fill.name(), shown.ink.name(), shown.count, shown.mastered, *texts))
    return out


def fresh(ctx: Any, class_id: str) -> list[tuple[Any, ...]]:
    model = GradebookModel()
    model.set_table(ctx.classroom.evidence.mastery_table(class_id))
    return seen(model)


def another_class(ctx: Any) -> str:
    framework = ctx.classroom.classes.get(ctx.current_class_id).framework_id
    return str(ctx.classroom.classes.create("4C", "2026", framework).created_id)


@pytest.fixture
def page(window: Any) -> Iterator[Any]:
    yield window.show_page("Gradebook")
    set_program_language(None)


def test_back_to_a_class_shows_the_same_cells_as_a_fresh_read(page: Any, ctx: Any) -> None:
    first = ctx.current_class_id
    other = another_class(ctx)
    before = seen(page.model)
    assert before == fresh(ctx, first)
    assert any(cell[3] for cell in before) and len({cell[1] for cell in before}) > 2  # levels, colours
    ctx.set_class(other)
    ctx.set_class(first)
    assert seen(page.model) == before


def test_an_edit_shows_after_going_away_and_back(page: Any, ctx: Any, qtbot: Any) -> None:
    first = ctx.current_class_id
    other = another_class(ctx)
    index = page.model.index(0, 0)
    page.view.setFocus()
    page.view.setCurrentIndex(index)
    count = index.data(SHOWN_ROLE).count
    qtbot.keyClicks(page.view, "1")
    assert page.model.index(0, 0).data(SHOWN_ROLE).count == count + 1
    after = seen(page.model)
    assert after == fresh(ctx, first)
    ctx.set_class(other)
    ctx.set_class(first)
    assert seen(page.model) == after == fresh(ctx, first)


def test_the_same_table_in_another_language_is_written_in_it(page: Any, ctx: Any) -> None:
    table = page.model.table
    english = seen(page.model)
    assert any("." in cell[0] for cell in english)
    set_program_language("es")
    page.model.set_table(table)
    spanish = seen(page.model)
    assert spanish == fresh(ctx, ctx.current_class_id)
    assert [c[0].replace(",", ".") for c in spanish] == [c[0] for c in english]
    assert any("," in cell[0] for cell in spanish)


def test_a_table_no_longer_read_anywhere_is_not_kept_by_the_grid(ctx: Any) -> None:
    import gc
    import weakref

    model = GradebookModel()
    old = ctx.classroom.evidence.mastery_table(ctx.current_class_id)
    model.set_table(old)
    before = seen(model)
    gone = weakref.ref(old)
    model.set_table(ctx.classroom.evidence.mastery_table(ctx.current_class_id))  # read again (a write)
    del old
    gc.collect()
    assert gone() is None
    assert seen(model) == before
