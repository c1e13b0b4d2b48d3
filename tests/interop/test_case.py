"""CASE 1.0 CFPackage import (tests/fixtures/case/mathematics-example.json, laid out as the spec's
example): the title names the framework, humanCodingScheme and fullStatement give each standard,
isChildOf the strands, precedes the prerequisites; a part of the tree can be picked; cycles refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from classroom_desktop.cli import main
from classroom_desktop.domain.errors import UserError
from classroom_desktop.interop.case import read_case, to_standards
from classroom_desktop.services.classroom import Classroom
from classroom_desktop.services.importing import import_file, import_path

CASE = Path(__file__).resolve().parents[1] / "fixtures" / "case" / "mathematics-example.json"


def _codes(classroom: Any, framework_id: str) -> dict[str, Any]:
    return {s.code: s for s in classroom.curriculum.standards(framework_id)}


def test_grade_4_of_a_case_package_becomes_a_framework_of_the_class(classroom: Any) -> None:
    class_id = classroom.classes.create("4B").created_id
    summary = import_path(classroom, "standards", CASE, "4B", part="Grade 4")
    assert summary == ("Imported 6 standards in 2 strands and 3 prerequisite links as the framework "
                       "'Mathematics Standards (example) — Grade 4' for 4B.")
    fw = classroom.classes.get(class_id).framework_id
    assert [s.name for s in classroom.curriculum.strands(fw)] == [
        "4.NF Number and Operations—Fractions", "4.OA Operations and Algebraic Thinking"]
    standards = _codes(classroom, fw)
    assert list(standards) == ["4.NF.A.1", "4.NF.A.2", "4.NF.B.3", "4.NF.B.3.a", "4.OA.A.1", "4.OA.A.2"]
    assert standards["4.NF.A.2"].statement == (
        "Compare two fractions with different numerators and different denominators.")
    assert standards["4.NF.A.1"].description == "Use visual fraction models."
    assert standards["4.NF.A.2"].prerequisites == (standards["4.NF.A.1"].id,)
    assert standards["4.NF.B.3"].prerequisites == (standards["4.NF.A.2"].id,)
    assert standards["4.OA.A.2"].prerequisites == (standards["4.OA.A.1"].id,)
    assert len(standards["4.NF.B.3"].prerequisites) == 1  # isPeerOf only on request
    assert classroom.curriculum.frameworks()[0].subject == "Mathematics"


def test_the_whole_document_and_peers_as_prerequisites(classroom: Any, tmp_path: Path) -> None:
    summary = import_file(classroom, "standards", CASE, None, peers_as_prerequisites=True)
    assert summary.startswith("Imported 7 standards in 2 strands and 5 prerequisite links as the framework "
                              "'Mathematics Standards (example)'.")
    fw = classroom.curriculum.frameworks()[0].id
    assert [s.name for s in classroom.curriculum.strands(fw)] == ["Grade 3", "Grade 4"]
    standards = _codes(classroom, fw)
    assert standards["4.NF.A.1"].prerequisites == (standards["3.NF.A.1"].id,)
    assert standards["4.NF.B.3"].prerequisites == tuple(
        sorted((standards["4.NF.A.2"].id, standards["4.OA.A.2"].id)))


def test_the_parts_a_teacher_can_pick() -> None:
    package = read_case(CASE.read_bytes())
    labels = [(label.strip(), n) for _, label, n in package.parts()]
    assert labels[0] == ("Mathematics Standards (example) (the whole document)", 14)
    assert ("Grade 4", 10) in labels
    assert any(label.startswith("4.NF.B.3 — Understand a fraction a/b") and n == 1 for label, n in labels)


def test_a_precedes_cycle_is_refused_naming_it(classroom: Any, tmp_path: Path) -> None:
    raw = json.loads(CASE.read_text(encoding="utf-8"))
    ids = {i["humanCodingScheme"]: i["identifier"] for i in raw["CFItems"] if "humanCodingScheme" in i}
    raw["CFAssociations"].append({
        "identifier": "loop", "associationType": "precedes",
        "originNodeURI": {"identifier": ids["4.NF.B.3"]},
        "destinationNodeURI": {"identifier": ids["4.NF.A.1"]},
    })
    path = tmp_path / "loop.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(UserError) as err:
        import_file(classroom, "standards", path, None)
    assert str(err.value) == ("These standards would depend on each other in a circle: "
                              "4.NF.A.1 → 4.NF.A.2 → 4.NF.B.3 → 4.NF.A.1. Remove one of these prerequisites.")
    assert classroom.curriculum.frameworks() == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"title": "x"}', "This JSON file is not a CASE package: it has no CFDocument and CFItems"),
        (b'{"CFDocument": {"title": "x"}, "CFItems": []}', "This CASE package has no items"),
    ],
)
def test_json_that_is_not_a_case_package_is_one_line(classroom: Any, tmp_path: Path, data: bytes,
                                                      message: str) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(data)
    with pytest.raises(UserError) as err:
        import_file(classroom, "standards", path, None)
    assert str(err.value).startswith(message) and "\n" not in str(err.value)


def test_an_unknown_part_names_what_there_is() -> None:
    package = read_case(CASE.read_bytes())
    with pytest.raises(UserError, match="has no item called 'Grade 9'"):
        package.find("Grade 9")
    assert [r.code for r in to_standards(package, package.find("3.NF")).standards] == ["3.NF.A.1"]


def test_the_command_line_attaches_a_case_framework_to_a_class(tmp_path: Path, capsys: Any) -> None:
    folder = tmp_path / "ws"
    c = Classroom.open(folder)
    c.classes.create("4B")
    c.close()
    args = ["import", "standards", str(CASE), "--workspace", str(folder), "--class", "4B", "--part", "4.NF"]
    assert main(args) == 0
    assert capsys.readouterr().out.strip() == (
        "Imported 4 standards in 2 strands and 2 prerequisite links as the framework "
        "'Mathematics Standards (example) — 4.NF' for 4B.")


def test_a_class_with_a_framework_keeps_it_and_says_so(classroom: Any) -> None:
    fw = classroom.curriculum.add_framework("Grade 4 (ours)").created_id
    class_id = classroom.classes.create("4B", framework_id=fw).created_id
    summary = import_path(classroom, "standards", CASE, "4B", part="Grade 3")
    assert summary == ("Imported 1 standard in 1 strand as the framework 'Mathematics Standards (example) "
                       "— Grade 3'; 4B keeps its framework 'Grade 4 (ours)'.")
    assert classroom.classes.get(class_id).framework_id == fw


def test_broken_json_says_where(classroom: Any, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(b'{"CFDocument": {"title": "x"},\n "CFItems": [}')
    with pytest.raises(UserError) as err:
        import_file(classroom, "standards", path, None)
    assert str(err.value) == ("This JSON file could not be read (Expecting value at line 2); a framework "
                              "should be a CASE JSON package (CFPackage).")
