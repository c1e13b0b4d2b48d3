"""Benchmark: the A3 data-wall poster for a 35-student and a 150-student class (~40 standards),
against a baseline in the same run: plain reportlab drawing the same number of coloured table
cells (rectangle + number) with no chart. Ends with ``ratio: X`` (150-student poster / baseline).

Run: PYTHONPATH=src python bench/poster.py
"""

from __future__ import annotations

import io
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from reportlab.lib.pagesizes import A3, landscape
from reportlab.pdfgen.canvas import Canvas

from classroom_desktop.charts.palette import level_colour, text_colour
from classroom_desktop.reports.fonts import BASE_FONT, register_fonts
from classroom_desktop.reports.poster import build_poster
from classroom_desktop.services.classroom import Classroom
from classroom_desktop.services.datawall import DataWall
from classroom_desktop.services.roster import NewStudent
from classroom_desktop.store.models import new_id

TODAY = date(2026, 11, 20)
GIVEN = ["Zoë", "Nguyễn", "Amani", "Kenji", "Olena", "Rohan", "Saia", "Øystein", "Majo", "Kwame"]
FAMILY = [
    "Adams",
    "Trần",
    "Wanjiru",
    "Watanabe",
    "Kovalenko",
    "Gupta",
    "Tupou",
    "Bjørnstad",
    "Peña",
    "Mensah",
]


def make_class(folder: Path, students: int, standards: int = 40, per_cell: int = 4) -> tuple[Classroom, str]:
    """A synthetic workspace built through the services."""
    rng = random.Random(students)
    c = Classroom.open(folder)
    fw = str(c.curriculum.add_framework("Benchmark maths").created_id)
    strands = [
        str(c.curriculum.add_strand(fw, name, code).created_id)
        for code, name in (("N", "Number"), ("F", "Fractions"), ("M", "Measurement"), ("G", "Geometry"))
    ]
    std_ids = [
        str(
            c.curriculum.add_standard(
                fw, f"{'NFMG'[i % 4]}.{i + 1}", f"I can do skill {i + 1}", strands[i % 4]
            ).created_id
        )
        for i in range(standards)
    ]
    class_id = str(c.classes.create(f"Bench {students}", "2026", fw).created_id)
    c.students.add_many(
        [NewStudent(f"{GIVEN[i % 10]}{i}", FAMILY[(i // 10) % 10]) for i in range(students)], class_id
    )
    rows = []
    for sid in c.classes.student_ids(class_id):
        for std in std_ids:
            for k in range(rng.randint(0, per_cell)):
                day = TODAY - timedelta(days=rng.randint(0, 70))
                rows.append(
                    {
                        "id": new_id(),
                        "student_id": sid,
                        "standard_id": std,
                        "class_id": class_id,
                        "level": float(rng.randint(1, 4)),
                        "observed_on": day.isoformat(),
                        "entered_at": f"{day.isoformat()}T10:00:{k:02d}+00:00",
                        "kind": "quiz",
                        "note": "",
                    }
                )
    c.evidence.import_rows(rows)
    return c, class_id


def baseline(rows: int, cols: int, values: list[list[float | None]]) -> bytes:
    """Plain reportlab: the same number of coloured cells, each with its number, on A3 pages."""
    size = landscape(A3)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, pageCompression=1)
    from reportlab.lib.colors import HexColor

    colours: dict[str, object] = {}  # parsed once, as the poster does
    per_page = 45
    cw, ch = 19.0, 12.0
    for start in range(0, rows, per_page):
        canvas.setFont(BASE_FONT, 6.5)
        for r in range(start, min(rows, start + per_page)):
            y = size[1] - 100 - (r - start + 1) * ch
            for j in range(cols):
                value = values[r][j]
                fill = level_colour(value, [1, 2, 3, 4])
                canvas.setFillColor(colours.setdefault(fill, HexColor(fill)))
                canvas.rect(140 + j * cw, y, cw, ch, fill=1, stroke=0)
                ink = text_colour(fill)
                canvas.setFillColor(colours.setdefault(ink, HexColor(ink)))
                canvas.drawCentredString(
                    140 + j * cw + cw / 2, y + 3, "–" if value is None else f"{value:.1f}"
                )
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def best(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> int:
    register_fonts()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in (35, 150):
            classroom, class_id = make_class(Path(tmp) / f"ws{n}", n)
            try:
                wall = DataWall(classroom)
                t_data = best(lambda: wall.poster_data(class_id, today=TODAY), 3)  # noqa: B023
                data = wall.poster_data(class_id, today=TODAY)
                build_poster(data, paper="A3")  # warm up fonts and caches
                t_poster = best(lambda: build_poster(data, paper="A3"))  # noqa: B023
                values = data.heatmap.values
                t_base = best(lambda: baseline(len(values), len(values[0]), values))  # noqa: B023
                pages = build_poster(data, paper="A3").count(b"/Type /Page\n")
                results[n] = (t_poster, t_base)
                print(
                    f"{n:>3} students × {len(values[0])} standards: data {t_data * 1000:7.1f} ms, "
                    f"poster {t_poster * 1000:7.1f} ms, baseline cells {t_base * 1000:7.1f} ms, "
                    f"poster/baseline {t_poster / t_base:.2f}, end to end {(t_data + t_poster) * 1000:.1f} ms"
                    f" ({pages} A3 sheets)"
                )
            finally:
                classroom.close()
    poster, base = results[150]
    print(f"ratio: {poster / base:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
