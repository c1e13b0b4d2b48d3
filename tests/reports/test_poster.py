"""The data-wall poster PDF: what a teacher would read on it, on every paper size and tiled."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from classroom_desktop import cli
from classroom_desktop.domain.errors import UserError
from classroom_desktop.reports.poster import build_poster, paper_size
from classroom_desktop.services.datawall import DataWall
from classroom_desktop.services.printing import PrintOptions, print_document


def _text(pdf: bytes | Path) -> str:
    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf))
    return unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in reader.pages))


def _printed(word: str, text: str) -> bool:
    """Whether a name's word is in the extracted text (right-to-left words may come out reversed;
    Devanagari conjuncts come out as private-use glyphs, so its first letter stands for the word)."""
    if any("\u0900" <= ch <= "\u097f" for ch in word):
        return word[0] in text
    return word in text or word[::-1] in text


def _fonts(pdf: Path) -> set[str]:
    names = set()
    for page in PdfReader(str(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def _squash(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("paper", ["A4", "Letter", "A3", "A2", "Tabloid"])
def test_poster_holds_the_standards_and_every_name(demo, paper: str) -> None:  # type: ignore[no-untyped-def]
    class_id = demo.classes.list()[0].id
    data = DataWall(demo).poster_data(class_id)
    pdf = build_poster(data, paper=paper)
    text = _squash(_text(pdf))
    table = demo.evidence.mastery_table(class_id)
    for standard in table.standards:
        assert standard.code in text
    for student in table.students:
        for word in student.display_name.split():
            assert _printed(word, text), student.display_name
    assert "Newthisweek" in text and "Classdistribution" in text
    width, height = PdfReader(io.BytesIO(pdf)).pages[0].mediabox.upper_right
    assert (float(width), float(height)) == pytest.approx(paper_size(paper, True), abs=0.5)


def test_anonymous_poster_has_no_names_anywhere(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    class_id = demo.classes.list()[0].id
    students = demo.students.list(class_id)
    out = tmp_path / "anon.pdf"
    print_document(demo, "poster", PrintOptions(out=out, class_id=class_id, paper="A3", anonymous=True))
    reader = PdfReader(str(out))
    text = _text(out)
    meta = " ".join(str(v) for v in (reader.metadata or {}).values())
    for s in students:
        for part in (s.given_name, s.family_name, s.preferred_name):
            if part:
                assert part not in text and part not in meta, part
        assert s.display_code in text
    assert "anonymous" in meta
    # codes are Latin: no Arabic, Hebrew, Devanagari or CJK font was even needed
    assert all("Arabic" not in f and "Devanagari" not in f and "Hebrew" not in f and "Droid" not in f
               for f in _fonts(out)), _fonts(out)


def test_big_class_continues_on_more_sheets_with_repeated_headers() -> None:
    from classroom_desktop.charts.datawall_data import HeatmapData, StrandGroup
    from classroom_desktop.reports.poster import PosterData

    rows, cols = 150, 40
    heat = HeatmapData([f"s{i}" for i in range(rows)], [f"Pupil {i:03d}" for i in range(rows)],
                       [f"k{j}" for j in range(cols)], [f"STD.{j}" for j in range(cols)],
                       [[(i + j) % 4 + 1.0 for j in range(cols)] for i in range(rows)],
                       [StrandGroup("Number", 0, 20), StrandGroup("Shapes", 20, 40)], [1, 2, 3, 4],
                       ["Beginning", "Developing", "Proficient", "Advanced"], 3.0)
    data = PosterData("Data wall: Big class", "150 students", heat, [[37, 38, 37, 38, 0]] * cols)
    reader = PdfReader(io.BytesIO(build_poster(data, paper="A3")))
    assert len(reader.pages) > 1
    for page in reader.pages:
        text = _squash(page.extract_text())
        assert "STD.0" in text and "STD.39" in text and "Number" in text  # headers repeated on every sheet
    everything = _squash(_text(build_poster(data, paper="A3")))
    assert all(f"Pupil{i:03d}" in everything for i in range(rows))


def test_tiled_a2_on_a4_from_the_command_line(tmp_path: Path) -> None:
    from classroom_desktop.services.demo import write_demo

    folder = tmp_path / "workspace"
    write_demo(folder)
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "poster.pdf"
    code = cli.main(["print", "poster", "--workspace", str(folder), "--paper", "A2", "--tile", "A4",
                     "--anonymous", "--out", str(out)])
    assert code == 0
    reader = PdfReader(str(out))
    assert len(reader.pages) == 1 + 8  # how-to page, then 2 rows x 4 columns of A4 sheets
    first = reader.pages[1].mediabox
    assert (float(first.width), float(first.height)) == pytest.approx(paper_size("A4", False), abs=0.5)
    cover = reader.pages[0].extract_text()
    assert "8 A4 sheets" in cover and "B4" in cover and "10 cm" in cover
    sheets = [reader.pages[i].extract_text() for i in range(1, 9)]
    assert "Sheet A1" in sheets[0] and "Sheet B4" in sheets[7]
    assert "cut along this edge" in sheets[1] and "cut along this edge" not in sheets[0]
    assert "glue: sheet A2" in sheets[0] and "glue: sheet B1" in sheets[0]
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["poster.pdf"]  # no temp files left


def test_a_cancelled_poster_leaves_no_file(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    class_id = demo.classes.list()[0].id
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "poster.pdf"
    with pytest.raises(UserError, match="cancelled"):
        print_document(demo, "poster", PrintOptions(out=out, class_id=class_id, paper="A3"),
                       cancelled=lambda: True)
    assert list((tmp_path / "out").iterdir()) == []


def test_unknown_paper_is_refused_in_plain_words(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    class_id = demo.classes.list()[0].id
    with pytest.raises(UserError, match="'B5' is not a paper size"):
        print_document(demo, "poster", PrintOptions(out=tmp_path / "p.pdf", class_id=class_id, paper="B5"))


def test_the_poster_title_says_data_wall_once(demo) -> None:  # type: ignore[no-untyped-def]
    """Issue 14.14: not "Data wall: Data wall: Grade 4 — Room 12" (the PDF's title, on screen and page)."""
    class_id = demo.classes.list()[0].id
    pdf = build_poster(DataWall(demo).poster_data(class_id), paper="A4")
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata is not None and reader.metadata.title == "Data wall: Grade 4 — Room 12"
    text = _text(pdf)
    assert "Data wall: Grade 4 — Room 12" in text and text.count("Data wall:") == 1
