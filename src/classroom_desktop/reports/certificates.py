"""Mastery certificates: one landscape page per standard a student newly mastered this week,
in the student's own script and their family's language (``translator(home_language)``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate, Spacer

from classroom_desktop.i18n import translator
from classroom_desktop.reports.batch_pdf import PrintCancelled, page_size
from classroom_desktop.reports.page_parts import Styles
from classroom_desktop.reports.text import draw_string, paragraph_style

GOLD = colors.HexColor("#b8860b")
NAVY = colors.HexColor("#1f3a5f")


@dataclass(frozen=True)
class CertificateDoc:
    student_name: str
    class_name: str
    code: str
    statement: str
    week_of: date  # the Monday of the week it was mastered
    language: str = "en"


class _Centred:
    """Centred paragraph styles for certificates, sized for a landscape page."""

    def __init__(self) -> None:
        self.st = Styles()
        self.title = paragraph_style("CertTitle", size=34, bold=True, alignment=TA_CENTER, textColor=NAVY)
        self.line = paragraph_style("CertLine", size=15, alignment=TA_CENTER)
        self.name = paragraph_style("CertName", size=30, leading=40, bold=True, alignment=TA_CENTER)
        self.standard = paragraph_style("CertStandard", size=17, leading=23, alignment=TA_CENTER)
        self.small = paragraph_style("CertSmall", size=11, alignment=TA_CENTER,
                                     textColor=colors.HexColor("#555555"))


def certificate_story(doc: CertificateDoc, cs: _Centred) -> list[Flowable]:
    """One certificate's flowables."""
    t = translator(doc.language)
    _ = t.gettext
    p = cs.st.p
    return [
        Spacer(1, 14 * mm),
        p(_("Certificate of mastery"), cs.title, bold=True),
        Spacer(1, 9 * mm),
        p(_("This certificate celebrates"), cs.line),
        Spacer(1, 4 * mm),
        p(doc.student_name, cs.name, bold=True),
        Spacer(1, 4 * mm),
        p(_("who has mastered"), cs.line),
        Spacer(1, 3 * mm),
        p(f"{doc.code}: {doc.statement}", cs.standard),
        Spacer(1, 9 * mm),
        p(_("Week of {day} · {class_name}").format(day=t.date(doc.week_of), class_name=doc.class_name),
          cs.small),
        Spacer(1, 3 * mm),
        p(_("The whole class cheers for you!"), cs.small),
    ]


def _border(canvas: Canvas, doc: Any) -> None:
    w, h = doc.pagesize
    canvas.saveState()
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(6)
    canvas.rect(10 * mm, 10 * mm, w - 20 * mm, h - 20 * mm)
    canvas.setStrokeColor(NAVY)
    canvas.setLineWidth(1.2)
    canvas.rect(14 * mm, 14 * mm, w - 28 * mm, h - 28 * mm)
    canvas.setLineWidth(0.8)
    for x in (w * 0.22, w * 0.62):
        canvas.line(x, 30 * mm, x + w * 0.16, 30 * mm)
    labels = getattr(canvas, "_certificate_signatures", ("", ""))
    canvas.setFillColor(colors.HexColor("#555555"))
    for x, label in zip((w * 0.30, w * 0.70), labels, strict=False):
        draw_string(canvas, x, 25 * mm, label, 9, align="centre")
    canvas.restoreState()


class _Signatures(Flowable):
    """Zero-size: tells the page border which language its signature labels are in."""

    def __init__(self, labels: tuple[str, str]) -> None:
        super().__init__()
        self.labels = labels
        self.width = self.height = 0

    def draw(self) -> None:
        self.canv._certificate_signatures = self.labels  # type: ignore[attr-defined]


def build_certificates(
    out: IO[bytes] | str,
    docs: Sequence[CertificateDoc],
    paper: str = "A4",
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    """Every certificate, one landscape page each.

    Raises:
        PrintCancelled: ``cancelled`` turned true (the caller throws the partial output away).
    """
    size = landscape(page_size(paper))
    doc = BaseDocTemplate(out, pagesize=size, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=20 * mm,
                          bottomMargin=36 * mm, title="Certificates of mastery", author="Classroom Desktop")
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate("certificate", [frame], onPageEnd=_border)])
    cs = _Centred()
    report = progress or (lambda *_: None)
    stop = cancelled or (lambda: False)
    story: list[Flowable] = []
    for i, one in enumerate(docs):
        if stop():
            raise PrintCancelled
        report(i, len(docs), one.student_name)
        _ = translator(one.language).gettext
        if i:
            story.append(PageBreak())
        story.append(_Signatures((_("Teacher's signature"), _("Date"))))
        story += certificate_story(one, cs)
    doc.build(story)
    report(len(docs), len(docs), "Done")
