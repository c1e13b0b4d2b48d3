"""The Standards page through its widgets: tree, moving standards, prerequisites, scale, method preview."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QMessageBox

from classroom_desktop.domain.types import MasteryMethod
from classroom_desktop.ui.context import AppContext
from classroom_desktop.ui.pages.standards import StandardsPage


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def record(_parent: Any, _title: str, text: str, *_a: Any, **_k: Any) -> QMessageBox.StandardButton:
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", record)
    monkeypatch.setattr(QMessageBox, "critical", record)
    return shown


@pytest.fixture
def setup(
    classroom: Any, qtbot: Any, warnings: list[str]
) -> Iterator[tuple[AppContext, StandardsPage, dict[str, str]]]:
    c = classroom
    fw = c.curriculum.add_framework("Grade 4 Mathematics").created_id
    nf = c.curriculum.add_strand(fw, "Fractions").created_id
    oa = c.curriculum.add_strand(fw, "Operations").created_id
    ids = {"fw": fw, "nf": nf, "oa": oa}
    for code, strand in (("4.NF.1", nf), ("4.NF.2", nf), ("4.NF.3", nf), ("4.OA.1", oa)):
        ids[code] = c.curriculum.add_standard(fw, code, f"I can do {code}.", strand).created_id
    class_id = c.classes.create("4B", framework_id=fw).created_id
    ctx = AppContext(c)
    ctx.set_class(class_id)
    page = StandardsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitExposed(page)
    yield ctx, page, ids
    ctx.detach()


def _codes_under(page: StandardsPage, strand_name: str) -> list[str]:
    model = page.model
    fw = model.index(0, 0)
    for r in range(model.rowCount(fw)):
        strand = model.index(r, 0, fw)
        if model.data(strand) == strand_name:
            return [model.data(model.index(i, 0, strand)) for i in range(model.rowCount(strand))]
    raise AssertionError(strand_name)


def _strand_index(page: StandardsPage, name: str) -> QModelIndex:
    model = page.model
    fw = model.index(0, 0)
    return next(
        model.index(r, 0, fw) for r in range(model.rowCount(fw)) if model.data(model.index(r, 0, fw)) == name
    )


def test_tree_shows_frameworks_strands_and_standards(setup: Any) -> None:
    _ctx, page, _ids = setup
    assert page.model.data(page.model.index(0, 0)) == "Grade 4 Mathematics"
    assert _codes_under(page, "Fractions") == ["4.NF.1", "4.NF.2", "4.NF.3"]
    assert _codes_under(page, "Operations") == ["4.OA.1"]
    first = page.model.index(0, 1, _strand_index(page, "Fractions"))
    assert page.model.data(first) == "I can do 4.NF.1."


def test_add_a_standard_in_the_selected_strand_and_edit_it(setup: Any) -> None:
    ctx, page, ids = setup
    page.select(ids["oa"])
    sid = page.add_standard("4.OA.2")
    assert sid is not None
    assert _codes_under(page, "Operations") == ["4.OA.1", "4.OA.2"]
    assert page.selected().id == sid
    page.statement_edit.setText("I can solve multistep word problems.")
    page.save_button.click()
    assert ctx.classroom.curriculum.standard(sid).statement == "I can solve multistep word problems."
    ctx.undo_stack.undo()  # the edit
    ctx.undo_stack.undo()  # the add
    assert [s.code for s in ctx.classroom.curriculum.standards(ids["fw"])] == [
        "4.NF.1",
        "4.NF.2",
        "4.NF.3",
        "4.OA.1",
    ]


def test_drag_and_drop_moves_a_standard_within_and_between_strands(setup: Any, qtbot: Any) -> None:
    ctx, page, ids = setup
    model = page.model
    fractions = _strand_index(page, "Fractions")
    # drag 4.NF.3 to the top of its strand
    data = model.mimeData([model.index(2, 0, fractions)])
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, fractions)
    qtbot.waitUntil(lambda: _codes_under(page, "Fractions") == ["4.NF.3", "4.NF.1", "4.NF.2"])
    # drag 4.NF.1 onto 4.OA.1 (it goes before it, in Operations)
    fractions = _strand_index(page, "Fractions")
    operations = _strand_index(page, "Operations")
    data = model.mimeData([model.index(1, 0, fractions)])
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, model.index(0, 0, operations))
    qtbot.waitUntil(lambda: _codes_under(page, "Operations") == ["4.NF.1", "4.OA.1"])
    assert ctx.classroom.curriculum.standard(ids["4.NF.1"]).strand_id == ids["oa"]
    ctx.undo_stack.undo()
    qtbot.waitUntil(lambda: _codes_under(page, "Fractions") == ["4.NF.3", "4.NF.1", "4.NF.2"])
    assert _codes_under(page, "Operations") == ["4.OA.1"]


def _tick(page: StandardsPage, code: str) -> None:
    for i in range(page.prereq_list.count()):
        item = page.prereq_list.item(i)
        if item.text().startswith(code + " "):
            item.setCheckState(Qt.CheckState.Checked)
            return
    raise AssertionError(code)


def test_prerequisites_are_set_and_a_cycle_is_refused_by_name(setup: Any) -> None:
    ctx, page, ids = setup
    page.select(ids["4.NF.2"])
    _tick(page, "4.NF.1")
    assert ctx.classroom.curriculum.standard(ids["4.NF.2"]).prerequisites == (ids["4.NF.1"],)
    page.select(ids["4.NF.3"])
    _tick(page, "4.NF.2")
    page.select(ids["4.NF.1"])
    _tick(page, "4.NF.3")  # 4.NF.1 → 4.NF.2 → 4.NF.3 → 4.NF.1 would be a circle
    message = page.prereq_message.text()
    assert "circle" in message and "4.NF.1 → 4.NF.2 → 4.NF.3 → 4.NF.1" in message
    assert ctx.classroom.curriculum.standard(ids["4.NF.1"]).prerequisites == ()
    ticked = [
        page.prereq_list.item(i).text()
        for i in range(page.prereq_list.count())
        if page.prereq_list.item(i).checkState() == Qt.CheckState.Checked
    ]
    assert ticked == []


def test_method_preview_for_the_sample_series(setup: Any) -> None:
    _ctx, page, _ids = setup
    panel = page.scale_panel
    assert panel.sample.text() == "1 2 3 4"
    assert panel.preview_text(MasteryMethod.DECAYING_AVERAGE) == "3.5"
    assert panel.preview_text(MasteryMethod.MEAN) == "2.5"
    assert panel.preview_text(MasteryMethod.MOST_RECENT) == "4.0"
    assert panel.preview_text(MasteryMethod.HIGHEST) == "4.0"
    panel.sample.setText("4 4 1")
    assert panel.preview_text(MasteryMethod.MEAN) == "3.0"
    assert panel.preview_text(MasteryMethod.MOST_RECENT) == "1.0"
    panel.weight.setValue(0.5)  # live: the decaying average follows the weight
    assert panel.preview_text(MasteryMethod.DECAYING_AVERAGE) == "2.5"
    panel.sample.setText("1 two 3")
    assert "'two' is not a number" in panel.message.text()


def test_set_the_mastery_method_and_scale_undoably(setup: Any) -> None:
    ctx, page, _ids = setup
    panel = page.scale_panel
    class_id = ctx.current_class_id
    panel.method_combo.setCurrentIndex(panel.method_combo.findData(MasteryMethod.MOST_RECENT.value))
    panel.use_method_button.click()
    assert ctx.classroom.classes.get(class_id).mastery.method is MasteryMethod.MOST_RECENT
    panel.levels_table.item(3, 1).setText("Extending")
    panel.cutoff.setValue(2.5)
    panel.save_scale_button.click()
    scale = ctx.classroom.classes.scale(class_id)
    assert scale.levels[3].label == "Extending" and scale.cutoff == 2.5
    ctx.undo_stack.undo()
    assert ctx.classroom.classes.scale(class_id).levels[3].label == "Advanced"
    ctx.undo_stack.undo()
    assert ctx.classroom.classes.get(class_id).mastery.method is MasteryMethod.DECAYING_AVERAGE


def test_a_bad_scale_is_refused_with_the_reason(setup: Any) -> None:
    ctx, page, _ids = setup
    panel = page.scale_panel
    panel.cutoff.setValue(9)
    panel.save_scale_button.click()
    assert (
        "cut-off 9 must be above the lowest level (1) and at most the highest level (4)"
        in panel.message.text()
    )
    assert ctx.classroom.classes.scale(ctx.current_class_id).cutoff == 3


def test_the_standards_page_explains_how_mastery_is_decided(ctx: Any, window: Any) -> None:
    """Issue 14.4: the page says mastery is decided on the number shown, with six 3s and a dip as example."""
    page = window.show_page("Standards")
    page.side_tabs.setCurrentWidget(page.scale_panel)
    text = page.scale_panel.rule.text()
    assert "decided on the number shown" in text
    assert "3, 3, 2, 3, 3, 3 reads 3.0 with the decaying average: mastered" in text
    page.scale_panel.method_combo.setCurrentIndex(
        page.scale_panel.method_combo.findData(MasteryMethod.MEAN.value)
    )
    assert "reads 2.8 with the mean: not yet mastered" in page.scale_panel.rule.text()
