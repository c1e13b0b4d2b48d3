"""One builder for every batch of family documents: each student's pages in that family's language."""

from __future__ import annotations

import io
import unicodedata

from pypdf import PdfReader
from reportlab.platypus import Flowable

from classroom_desktop.i18n import N_, translator
from classroom_desktop.reports.batch_pdf import build_family_batch
from classroom_desktop.reports.page_parts import Styles

STUDENTS = [("Zoë Laurent", "fr"), ("Kenji Watanabe", "es"), ("محمد العلي", "ar")]


def _pages(students: list[tuple[str, str]], directions: list[bool]) -> list[str]:
    def story(i: int, st: Styles, width: float) -> list[Flowable]:
        directions.append(st.right_to_left)
        t = translator(students[i][1])
        return [st.p(t.gettext("How to read this report"), st.heading), st.p(students[i][0], st.name)]

    out = io.BytesIO()
    build_family_batch(out, "Progress report", N_("Progress report"), students, story)
    return [" ".join(unicodedata.normalize("NFKC", p.extract_text()).split()) for p in PdfReader(out).pages]


def test_two_students_with_different_family_languages_get_each_page_in_its_language() -> None:
    directions: list[bool] = []
    french, spanish = _pages(STUDENTS[:2], directions)
    assert "Zoë Laurent" in french and "Kenji Watanabe" not in french
    assert "Bulletin de progrès" in french and "Comment lire ce bulletin" in french and "Page 1" in french
    assert "Informe de progreso" not in french
    assert "Kenji Watanabe" in spanish and "Zoë Laurent" not in spanish
    assert "Informe de progreso" in spanish and "Cómo leer este informe" in spanish and "Página 1" in spanish
    assert "Bulletin de progrès" not in spanish
    assert directions == [False, False]


def test_a_right_to_left_family_language_sets_only_that_students_pages_from_the_right() -> None:
    directions: list[bool] = []
    pages = _pages([STUDENTS[0], STUDENTS[2]], directions)
    assert len(pages) == 2
    assert directions == [False, True]
    assert "Bulletin de progrès" in pages[0]
    assert "Bulletin de progrès" not in pages[1] and "Page 1" not in pages[1]
