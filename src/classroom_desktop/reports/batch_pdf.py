"""Batch documents: one PDF holding a story per student, each from a new page, with progress,
cancel, and a footer naming the student whose page it is. :func:`build_family_batch` sets each
student's pages in the family's language (words, footer and direction)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import IO, Any

from reportlab.lib.pagesizes import A3, A4, LETTER, TABLOID
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import N_, _, translator
from classroom_desktop.reports.page_parts import GREY, Styles
from classroom_desktop.reports.text import draw_string

__all__ = ["PAPER_SIZES", "Marker", "PrintCancelled", "build_batch", "build_family_batch", "page_size"]

PAPER_SIZES: dict[str, tuple[float, float]] = {"A4": A4, "Letter": LETTER, "A3": A3, "Tabloid": TABLOID}
#: The page number in a footer, translated into the language of the student's pages.
PAGE_LABEL = N_("Page {page}")


class PrintCancelled(Exception):
    """The teacher cancelled a batch while it was being built."""


class Marker(Flowable):
    """Zero-size: when drawn it reports progress, checks for cancel and names the page's student."""

    def __init__(
        self,
        index: int,
        total: int,
        name: str,
        progress: Callable[[int, int, str], None],
        cancelled: Callable[[], bool],
        footer: tuple[str, str, bool] | None = None,
    ) -> None:
        super().__init__()
        self.index, self.total, self.name = index, total, name
        self._progress, self._cancelled = progress, cancelled
        self.footer = footer  #: (title, "Page {page}", right to left) in the language of the student's pages
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        if self._cancelled():
            raise PrintCancelled
        self._progress(self.index, self.total, self.name)
        self.canv._student_name = self.name  # type: ignore[attr-defined]
        self.canv._student_first_page = self.canv.getPageNumber()  # type: ignore[attr-defined]
        self.canv._student_footer = self.footer  # type: ignore[attr-defined]


def page_size(paper: str) -> tuple[float, float]:
    if paper not in PAPER_SIZES:
        raise UserError(
            _("Plans print on {papers} paper, not '{paper}'.").format(
                papers=", ".join(PAPER_SIZES), paper=paper
            )
        )
    return PAPER_SIZES[paper]


def _footer(title: str) -> Callable[[Canvas, Any], None]:
    def draw(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        canvas.setFillColor(GREY)
        name = getattr(canvas, "_student_name", "")
        own_title, page_text, rtl = getattr(canvas, "_student_footer", None) or (title, "Page {page}", False)
        label = f"{own_title} · {name}" if name else own_title
        page = canvas.getPageNumber() - getattr(canvas, "_student_first_page", 1) + 1
        left, right = doc.leftMargin, doc.pagesize[0] - doc.rightMargin
        draw_string(canvas, right if rtl else left, 10 * mm, label, 8, align="right" if rtl else "left")
        number = page_text.format(page=page)
        draw_string(canvas, left if rtl else right, 10 * mm, number, 8, align="left" if rtl else "right")
        canvas.restoreState()

    return draw


def build_batch(
    out: IO[bytes] | str,
    title: str,
    names: Sequence[str],
    stories: Callable[[int, float], list[Flowable]],
    paper: str = "A4",
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    footers: Callable[[int], tuple[str, str, bool]] | None = None,
) -> None:
    """One document holding a story per student, each starting on a new page.

    ``stories(i, width)`` gives student i's flowables; ``footers(i)`` the footer's title, page
    label ("Page {page}") and direction when the students' pages are in different languages. Raises
    PrintCancelled when ``cancelled`` turns true (the caller throws the partial output away).
    """
    size = page_size(paper)
    doc = BaseDocTemplate(
        out,
        pagesize=size,
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        topMargin=14 * mm,
        bottomMargin=18 * mm,
        title=title,
        author="Classroom Desktop",
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    # the footer is drawn when the page ends, so it names the student whose page it is
    doc.addPageTemplates([PageTemplate("page", [frame], onPageEnd=_footer(title))])
    width = doc.width
    story: list[Flowable] = []
    report = progress or (lambda *_: None)
    stop = cancelled or (lambda: False)
    for i, name in enumerate(names):
        if stop():
            raise PrintCancelled
        if i:
            story.append(PageBreak())
        story.append(Marker(i, len(names), name, report, stop, footers(i) if footers else None))
        story += stories(i, width)
    doc.build(story)
    report(len(names), len(names), "Done")


def build_family_batch(
    out: IO[bytes] | str,
    title: str,
    footer_title: str,
    students: Sequence[tuple[str, str]],
    story: Callable[[int, Styles, float], list[Flowable]],
    paper: str = "A4",
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    """A batch of documents, one per student, each in its family's language.

    Args:
        out: Where the PDF goes.
        title: The PDF's own title (its metadata, in English).
        footer_title: The footer's title, a string marked with ``N_``: each student's footer says
            it, and "Page {page}", in that student's language.
        students: (name, language code) of each student, in print order.
        story: ``story(i, styles, width)`` gives student i's flowables; ``styles`` are set from
            the right edge when the student's language is written right to left.
        paper, progress, cancelled: As for :func:`build_batch`.

    Raises:
        PrintCancelled: ``cancelled`` turned true (the caller throws the partial output away).
    """
    styles = {False: Styles(), True: Styles(right_to_left=True)}
    translators = [translator(language) for _name, language in students]

    def stories(i: int, width: float) -> list[Flowable]:
        return story(i, styles[translators[i].right_to_left], width)

    def footers(i: int) -> tuple[str, str, bool]:
        t = translators[i]
        return t.gettext(footer_title), t.gettext(PAGE_LABEL), t.right_to_left

    names = [name for name, _language in students]
    build_batch(out, title, names, stories, paper, progress, cancelled, footers=footers)
