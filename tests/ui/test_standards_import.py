"""The standards import dialog: a CASE package's part is picked in a preview, then imported (undoable)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from classroom_desktop.ui.context import AppContext
from classroom_desktop.ui.pages.standards import StandardsPage

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def page(classroom: Any, qtbot: Any) -> Iterator[tuple[AppContext, StandardsPage, str]]:
    class_id = classroom.classes.create("4B").created_id
    ctx = AppContext(classroom)
    ctx.set_class(class_id)
    p = StandardsPage(ctx)
    qtbot.addWidget(p)
    yield ctx, p, class_id
    ctx.detach()


def test_a_case_part_is_previewed_and_imported_for_the_class(page: Any, qtbot: Any) -> None:
    ctx, p, class_id = page
    dialog = p.import_standards(FIXTURES / "case" / "mathematics-example.json")
    qtbot.addWidget(dialog)
    assert dialog.file_label.text() == (
        "mathematics-example.json: a CASE package, 'Mathematics Standards (example)', 14 items.")
    assert dialog.case_box.isVisibleTo(dialog)
    assert dialog.summary_label.text() == "7 standards in 2 strands, 4 prerequisite links."
    labels = [dialog.part_combo.itemText(i) for i in range(dialog.part_combo.count())]
    grade4 = next(i for i, label in enumerate(labels) if label.startswith("Grade 4"))
    dialog.part_combo.setCurrentIndex(grade4)
    assert dialog.summary_label.text() == "6 standards in 2 strands, 3 prerequisite links."
    dialog.peers_check.setChecked(True)
    assert dialog.summary_label.text() == "6 standards in 2 strands, 4 prerequisite links."
    assert dialog.name_edit.text() == "Mathematics Standards (example) — Grade 4"
    assert [dialog.preview_table.item(r, 1).text() for r in range(dialog.preview_table.rowCount())] == [
        "4.NF.A.1", "4.NF.A.2", "4.NF.B.3", "4.NF.B.3.a", "4.OA.A.1", "4.OA.A.2"]
    assert dialog.preview_table.item(2, 3).text() == "4.NF.A.2, 4.OA.A.2"
    assert dialog.attach_check.isChecked() and dialog.attach_check.text() == "Use it for 4B"
    dialog.import_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    fw = ctx.classroom.classes.get(class_id).framework_id
    assert fw == dialog.framework_id
    assert len(ctx.classroom.curriculum.standards(fw)) == 6
    ctx.undo_stack.undo()
    assert ctx.classroom.classes.get(class_id).framework_id is None
    assert ctx.classroom.curriculum.frameworks() == []


def test_a_csv_with_problems_lists_them_all(page: Any, qtbot: Any, tmp_path: Path) -> None:
    _ctx, p, _class_id = page
    path = tmp_path / "bad.csv"
    path.write_text("strand,code,statement,description,prerequisites\nF,,x,,\nF,B.1,y,,B.9\n",
                    encoding="utf-8")
    dialog = p.import_standards(path)
    qtbot.addWidget(dialog)
    assert dialog.summary_label.text().splitlines() == [
        "Line 2: no code — every standard needs a code (for example 4.NF.1).",
        "Line 3: the prerequisite B.9 is not a standard in this file.",
    ]
    assert not dialog.import_button.isEnabled()


def test_a_big_case_framework_imports_behind_a_progress_bar(page: Any, qtbot: Any, tmp_path: Path) -> None:
    import json

    ctx, p, class_id = page
    doc = "doc-1"
    items = [{"identifier": f"i{n}", "humanCodingScheme": f"S.{n}", "fullStatement": f"I can {n}."}
             for n in range(1600)]
    links = [{"associationType": "isChildOf", "originNodeURI": {"identifier": f"i{n}"},
              "destinationNodeURI": {"identifier": doc}, "sequenceNumber": n} for n in range(1600)]
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"CFDocument": {"identifier": doc, "title": "Big"}, "CFItems": items,
                                "CFAssociations": links}), encoding="utf-8")
    dialog = p.import_standards(path)
    qtbot.addWidget(dialog)
    assert dialog.summary_label.text() == "1600 standards in 0 strands, 0 prerequisite links."
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=30000)
    fw = ctx.classroom.classes.get(class_id).framework_id
    assert fw == dialog.framework_id and len(ctx.classroom.curriculum.standards(fw)) == 1600
    ctx.undo_stack.undo()
    assert ctx.classroom.curriculum.frameworks() == []
    ctx.undo_stack.redo()
    assert len(ctx.classroom.curriculum.frameworks()) == 1


def test_a_canvas_file_imported_for_the_class_brings_its_ratings_as_the_scale(
    page: Any, qtbot: Any, tmp_path: Path
) -> None:
    ctx, p, class_id = page
    path = tmp_path / "outcomes.csv"
    path.write_text(
        "vendor_guid,object_type,title,description,display_name,calculation_method,calculation_int,"
        "workflow_state,parent_guids,mastery_points,ratings,,,,,,,\n"
        "g,group,Grade 4 Maths (LMS),,,,,active,,,,,,,,,,\n"
        "o1,outcome,4.NF.1,,I can explain equivalent fractions.,decaying_average,65,active,g,2,"
        "3,Exceeds,2,Meets,1,Approaching,0,Not yet\n", encoding="utf-8")
    dialog = p.import_standards(path)
    qtbot.addWidget(dialog)
    assert dialog.attach_check.isChecked()
    dialog.import_button.click()
    assert dialog.scale_note == ("4B now uses the file's ratings as its scale: 0 Not yet, 1 Approaching, "
                                 "2 Meets, 3 Exceeds; mastery at 2.")
    scale = ctx.classroom.classes.scale(class_id)
    assert [(lv.value, lv.label) for lv in scale.levels] == [
        (0, "Not yet"), (1, "Approaching"), (2, "Meets"), (3, "Exceeds")] and scale.cutoff == 2
    ctx.undo_stack.undo()
    scale = ctx.classroom.classes.scale(class_id)
    assert [lv.label for lv in scale.levels] == ["Beginning", "Developing", "Proficient", "Advanced"]
    assert ctx.classroom.classes.get(class_id).framework_id is None
    ctx.undo_stack.redo()
    assert ctx.classroom.classes.scale(class_id).cutoff == 2


def test_a_csv_title_row_fills_in_the_framework_name(page: Any, qtbot: Any, tmp_path: Path) -> None:
    _ctx, p, _class_id = page
    path = tmp_path / "download (3).csv"
    path.write_text("Grade 4 Mathematics\nCode,I can\n4.NF.1,I can explain equivalent fractions.\n",
                    encoding="utf-8")
    dialog = p.import_standards(path)
    qtbot.addWidget(dialog)
    assert dialog.name_edit.text() == "Grade 4 Mathematics"
    assert dialog.summary_label.text() == "1 standards in 0 strands, 0 prerequisite links."
