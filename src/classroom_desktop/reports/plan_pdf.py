"""The learning plan, written for the student: data in, PDF out.

A plan prints its student's name, goals, an "I can" checklist with status boxes, a
mastery-over-time chart (the screen's chart builder, drawn as vectors), the next steps with
dates and activities, ruled lines for the student's reflection and signature lines for the
student, the teacher and the family. :mod:`binder_pdf` and :mod:`family_report` build on the
helpers here (styles, status boxes, ruled lines, batch documents with progress and cancel).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A3, A4, LETTER, TABLOID
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.scale import ProficiencyScale
from classroom_desktop.i18n import N_, Translator, translator
from classroom_desktop.reports.chart_pool import ChartJob, ChartPool, RecordedChartFlowable, RecordedForms
from classroom_desktop.reports.fonts import BASE_FONT, font_for_char, register_fonts
from classroom_desktop.reports.text import (
    BidiParagraph,
    draw_string,
    markup,
    paragraph_style,
    starts_right_to_left,
)

PAPER_SIZES: dict[str, tuple[float, float]] = {"A4": A4, "Letter": LETTER, "A3": A3, "Tabloid": TABLOID}
GREY = colors.HexColor("#666666")
LINE = colors.HexColor("#999999")
HEAD_FILL = colors.HexColor("#e8eef4")
#: The checklist's status columns and the step statuses that tick each box.
CHECK_COLUMNS: tuple[tuple[str, frozenset[str]], ...] = (
    (N_("Working on it"), frozenset({"working", "ready", "mastered"})),
    (N_("Ready to be assessed"), frozenset({"ready", "mastered"})),
    (N_("Mastered"), frozenset({"mastered"})),
)
SIGNATURES = (N_("Student's signature"), N_("Teacher's signature"), N_("Family's signature"))
NEXT_STEPS = 5
#: The chart's height as a share of its width (the builder's figure is 6.4 × 3.2 inches).
CHART_RATIO = 0.42


class PrintCancelled(Exception):
    """The teacher cancelled a batch while it was being built."""


def day_text(day: date | None) -> str:
    """ "11 Dec 2026" (the teacher's English), or "" for no date."""
    return translator().short_date(day)


@dataclass(frozen=True)
class StepRow:
    code: str
    statement: str
    target_on: date | None
    status: str
    activities: tuple[tuple[str, str], ...] = ()  # (title, materials or link)
    waiting_on: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChartData:
    """One standard's evidence levels and running mastery, oldest first."""

    code: str
    points: Sequence[tuple[date, float]]
    computed: Sequence[tuple[date, float]]


@dataclass(frozen=True)
class PlanDoc:
    student_name: str
    class_name: str
    scale: ProficiencyScale
    start_on: date | None = None
    end_on: date | None = None
    goals: tuple[tuple[str, date | None], ...] = ()
    steps: tuple[StepRow, ...] = ()
    reflection: str = ""
    chart: ChartData | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    #: The language the plan's own words print in (the family's, else the teacher's).
    language: str = "en"


class Styles:
    """The paragraph styles every plan-like document uses."""

    def __init__(self, right_to_left: bool = False) -> None:
        register_fonts()
        #: Pages in a right-to-left language (Arabic) are set from the right edge.
        self.right_to_left = right_to_left
        a = {"alignment": TA_RIGHT if right_to_left else TA_LEFT}
        self.body = paragraph_style("PlanBody", size=10, **a)
        self.small = paragraph_style("PlanSmall", size=8.5, textColor=GREY, **a)
        self.cell = paragraph_style("PlanCell", size=9, leading=11.5, **a)
        self.title = paragraph_style("PlanTitle", size=20, bold=True, spaceAfter=2, **a)
        self.name = paragraph_style("PlanName", size=16, leading=22, **a)
        self.heading = paragraph_style("PlanHeading", size=13, bold=True, spaceBefore=9, spaceAfter=4, **a)
        self._unshaped: dict[str, ParagraphStyle] = {}

    def p(self, text: str, style: ParagraphStyle | None = None, bold: bool = False) -> Paragraph:
        """A paragraph of plain ``text`` in every script; HarfBuzz shaping only where a script needs it."""
        style = style or self.body
        if starts_right_to_left(text):  # broken into lines before each line is reordered
            return BidiParagraph(text, style, bold)
        if not needs_shaping(text):
            plain = self._unshaped.get(style.name)
            if plain is None:
                plain = self._unshaped[style.name] = ParagraphStyle(
                    f"{style.name}Plain", parent=style, shaping=0
                )
            style = plain
        return Paragraph(markup(text, bold=bold), style)


def needs_shaping(text: str) -> bool:
    """Whether any character of ``text`` needs HarfBuzz (joining scripts, conjuncts, combining marks)."""
    return any(
        ord(ch) >= 0x300 and (unicodedata.category(ch) in ("Mn", "Mc") or font_for_char(ch) != BASE_FONT)
        for ch in unicodedata.normalize("NFC", text)
    )


class StatusBox(Flowable):
    """A square box, ticked or empty (drawn, so no font can turn it into a missing glyph)."""

    def __init__(self, ticked: bool, size: float = 4 * mm) -> None:
        super().__init__()
        self.ticked, self.size = ticked, size
        self.width = self.height = size

    def draw(self) -> None:
        c, s = self.canv, self.size
        c.setStrokeColor(colors.black)
        c.setLineWidth(0.8)
        c.rect(0, 0, s, s)
        if self.ticked:
            c.setLineWidth(1.4)
            p = c.beginPath()
            p.moveTo(s * 0.18, s * 0.52)
            p.lineTo(s * 0.42, s * 0.22)
            p.lineTo(s * 0.84, s * 0.82)
            c.drawPath(p, stroke=1, fill=0)


class RuledLines(Flowable):
    """``count`` lines to write on, ``gap`` apart, across ``width``."""

    def __init__(self, count: int, width: float, gap: float = 9 * mm) -> None:
        super().__init__()
        self.count, self.width, self.gap = count, width, gap
        self.height = count * gap

    def draw(self) -> None:
        self.canv.setStrokeColor(LINE)
        self.canv.setLineWidth(0.6)
        for i in range(self.count):
            y = i * self.gap
            self.canv.line(0, y, self.width, y)


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


def grid_table(rows: list[list[Any]], widths: Sequence[float], header: bool = True) -> Table:
    table = Table(rows, colWidths=list(widths), repeatRows=1 if header else 0)
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, LINE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL))
    table.setStyle(TableStyle(commands))
    return table


def signature_block(st: Styles, width: float, t: Translator | None = None) -> Table:
    _ = (t or translator()).gettext
    gap = 6 * mm
    col = (width - gap * (len(SIGNATURES) - 1)) / len(SIGNATURES)
    labels = SIGNATURES[::-1] if st.right_to_left else SIGNATURES  # the student signs first, on the right
    cells = [[st.p(_(label), st.small), ""] for label in labels]
    row = [item for pair in cells for item in pair][:-1]
    dates = [[st.p(_("Date") + " ____________________", st.small), ""] for _label in SIGNATURES]
    table = Table(
        [[Spacer(1, 10 * mm)] * len(row), row, [x for pair in dates for x in pair][:-1]],
        colWidths=[w for _ in SIGNATURES for w in (col, gap)][:-1],
    )
    style: list[tuple[Any, ...]] = [("LEFTPADDING", (0, 0), (-1, -1), 0)]
    for i in range(len(SIGNATURES)):
        style.append(("LINEABOVE", (2 * i, 1), (2 * i, 1), 0.8, colors.black))
    table.setStyle(TableStyle(style))
    return table


def plan_story(doc: PlanDoc, st: Styles, width: float, chart: Flowable | None) -> list[Flowable]:
    """The flowables of one student's plan. ``chart`` None leaves the chart's place empty."""
    t = translator(doc.language)
    _ = t.gettext
    story: list[Flowable] = [
        st.p(_("My learning plan"), st.title),
        st.p(doc.student_name, st.name, bold=True),
    ]
    when = " – ".join(d for d in (t.date(doc.start_on), t.date(doc.end_on)) if d)
    story.append(st.p(" · ".join(x for x in (doc.class_name, when) if x), st.small))
    story.append(st.p(_("My goals"), st.heading))
    for text, target in doc.goals:
        by = " " + _("(by {day})").format(day=t.date(target)) if target else ""
        story.append(st.p(f"• {text}{by}", st.body))
    if not doc.goals:
        story += [st.p(_("Goals I will set with my teacher:"), st.body), RuledLines(2, width)]
    story.append(st.p(_("I can… checklist"), st.heading))
    box_w = 24 * mm
    rows: list[list[Any]] = [
        [st.p(_("I can…"), st.cell, bold=True)]
        + [st.p(_(label), st.cell, bold=True) for label, _ticks in CHECK_COLUMNS]
    ]
    for step in doc.steps:
        rows.append(
            [
                st.p(f"{step.code}  {step.statement}", st.cell),
                *(StatusBox(step.status in ticks) for _label, ticks in CHECK_COLUMNS),
            ]
        )
    if doc.steps:
        widths = [width - 3 * box_w, box_w, box_w, box_w]
        if st.right_to_left:
            rows, widths = [row[::-1] for row in rows], widths[::-1]
        table = grid_table(rows, widths)
        boxes = (0, 1, -2, -1) if st.right_to_left else (1, 1, -1, -1)
        table.setStyle(TableStyle([("ALIGN", boxes[:2], boxes[2:], "CENTER")]))
        story.append(table)
    else:
        story.append(st.p(_("Every standard in this plan is mastered. Well done!"), st.body))
    chart_h = width * CHART_RATIO
    story.append(CondPageBreak(chart_h + 30 * mm))
    story.append(st.p(_("How I am growing"), st.heading))
    story.append(chart if chart is not None else Spacer(width, chart_h))
    story.append(st.p(_("My next steps"), st.heading))
    upcoming = [s for s in doc.steps if s.status != "mastered"][:NEXT_STEPS]
    rows = [[st.p(h, st.cell, bold=True) for h in (_("By"), _("Step"), _("Activities"))]]
    for step in upcoming:
        what = f"{step.code}  {step.statement}"
        if step.waiting_on:
            what += " " + _("(after {codes})").format(codes=", ".join(step.waiting_on))
        acts = [
            st.p(f"• {title}" + (f" — {detail}" if detail else ""), st.cell)
            for title, detail in step.activities
        ]
        rows.append(
            [
                st.p(t.short_date(step.target_on), st.cell),
                st.p(what, st.cell),
                acts or st.p(_("Ask my teacher"), st.cell),
            ]
        )
    if upcoming:
        widths = [24 * mm, (width - 24 * mm) * 0.5, (width - 24 * mm) * 0.5]
        if st.right_to_left:
            rows, widths = [row[::-1] for row in rows], widths[::-1]
        story.append(grid_table(rows, widths))
    reflection: list[Flowable] = [
        st.p(_("My reflection"), st.heading),
        st.p(_("What am I proud of? What will I try next?"), st.small),
    ]
    if doc.reflection:
        reflection.append(st.p(doc.reflection, st.body))
    reflection += [Spacer(1, 4 * mm), RuledLines(3, width), Spacer(1, 1 * mm), signature_block(st, width, t)]
    story.append(KeepTogether(reflection))
    return story


def page_size(paper: str) -> tuple[float, float]:
    if paper not in PAPER_SIZES:
        raise UserError(f"Plans print on {', '.join(PAPER_SIZES)} paper, not '{paper}'.")
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


def chart_job(doc: PlanDoc) -> ChartJob:
    """What the progress builder draws for a plan (an empty chart says "No evidence yet")."""
    data = doc.chart or ChartData("", (), ())
    _ = translator(doc.language).gettext
    title = (
        _("{code}: my levels and mastery so far").format(code=data.code)
        if data.code
        else _("My levels and mastery so far")
    )
    return ChartJob(tuple(data.points), tuple(data.computed), doc.scale, title)


class BatchCharts:
    """The charts of a batch, recorded on a second core when there is one, as flowables."""

    def __init__(self, docs: Sequence[PlanDoc], processes: int | None = None) -> None:
        self.pool = ChartPool([chart_job(d) for d in docs], processes)
        self._forms: dict[int, RecordedForms] = {}

    def flowable(self, index: int, width: float) -> Flowable:
        return RecordedChartFlowable(
            self.pool,
            index,
            width,
            width * CHART_RATIO,
            lambda c: self._forms.setdefault(id(c), RecordedForms(c)),
        )


def build_plans(
    out: IO[bytes] | str,
    docs: Sequence[PlanDoc],
    paper: str = "A4",
    charts: bool = True,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    processes: int | None = None,
) -> None:
    """Learning plans, one after another.

    ``charts`` False leaves each chart's place empty (the benchmark's baseline); ``processes``
    is how many worker processes draw charts (default: one when the computer has two cores).
    """
    styles = {False: Styles(), True: Styles(right_to_left=True)}
    batch = BatchCharts(docs, processes) if charts else None

    def story(i: int, width: float) -> list[Flowable]:
        st = styles[translator(docs[i].language).right_to_left]
        return plan_story(docs[i], st, width, batch.flowable(i, width) if batch else None)

    def footer(i: int) -> tuple[str, str, bool]:
        t = translator(docs[i].language)
        _ = t.gettext
        return _("Learning plan"), _("Page {page}"), t.right_to_left

    try:
        build_batch(
            out,
            "Learning plan",
            [d.student_name for d in docs],
            story,
            paper,
            progress,
            cancelled,
            footers=footer,
        )
    finally:
        if batch is not None:
            batch.pool.close()
