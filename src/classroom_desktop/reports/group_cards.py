"""Group cards (four to a page, with cut lines) and the one-page lesson summary: data in, PDF out.

Every name and every piece of the teacher's text goes through :mod:`reports.text`, so each
prints in its own script. A card's content is shrunk to fit its card, never cut off.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, KeepInFrame, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.reports.fonts import register_fonts
from classroom_desktop.reports.text import draw_string, markup, paragraph_style

PAPER_SIZES: dict[str, tuple[float, float]] = {"A4": A4, "Letter": LETTER}
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class CardGroup:
    """One group as it prints."""

    name: str
    members: Sequence[str]
    activity: str = ""
    materials: str = ""
    teacher_led: bool = False


@dataclass(frozen=True)
class Lesson:
    """What the lesson is: class, date, lesson title and focus standards as (code, "I can" statement)."""

    class_name: str
    day: date
    lesson: str
    focus: Sequence[tuple[str, str]]


def long_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def i_can(statement: str) -> str:
    """The statement as an "I can" sentence ("Add fractions" -> "I can add fractions")."""
    text = statement.strip()
    if not text or text.casefold().startswith("i can"):
        return text
    return f"I can {text[0].lower()}{text[1:]}"


def _paper(name: str) -> tuple[float, float]:
    if name not in PAPER_SIZES:
        raise UserError(
            _("Group cards and lesson summaries print on A4 or Letter paper, not '{paper}'.").format(
                paper=name
            )
        )
    return PAPER_SIZES[name]


def _p(text: str, size: float, bold: bool = False, colour: colors.Color = colors.black) -> Paragraph:
    return Paragraph(
        markup(text, bold=bold), paragraph_style(f"card{size}{bold}", size=size, textColor=colour)
    )


def _students(count: int) -> str:
    return "1 student" if count == 1 else f"{count} students"


def _mode(teacher_led: bool) -> str:
    return "Teacher-led" if teacher_led else "Independent"


def _members_table(members: Sequence[str], width: float) -> Flowable:
    names = [_p(name, 11) for name in members] or [_p("No students yet", 10, colour=colors.grey)]
    if len(names) <= 6:
        return Table([[n] for n in names], colWidths=[width], style=_tight(), hAlign="LEFT")
    half = (len(names) + 1) // 2
    rows = [[names[i], names[half + i] if half + i < len(names) else ""] for i in range(half)]
    return Table(rows, colWidths=[width / 2, width / 2], style=_tight(), hAlign="LEFT")


def _tight() -> TableStyle:
    return TableStyle(
        [
            ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )


def _card_story(lesson: Lesson, group: CardGroup, width: float) -> list[Flowable]:
    story: list[Flowable] = [
        _p(group.name, 18, bold=True),
        _p(
            f"{_mode(group.teacher_led)} · {_students(len(group.members))} · {long_date(lesson.day)}",
            9,
            colour=colors.HexColor("#555555"),
        ),
        Spacer(1, 3 * mm),
    ]
    for code, statement in lesson.focus:
        story.append(_p(f"{code}: {i_can(statement)}", 11, bold=True))
    story += [
        Spacer(1, 3 * mm),
        _p("Members", 9, bold=True, colour=colors.HexColor("#555555")),
        _members_table(group.members, width),
        Spacer(1, 3 * mm),
        _p("Activity", 9, bold=True, colour=colors.HexColor("#555555")),
        _p(group.activity or "—", 11),
        Spacer(1, 2 * mm),
        _p("Materials", 9, bold=True, colour=colors.HexColor("#555555")),
        _p(group.materials or "—", 11),
    ]
    return story


def _cut_lines(canvas: Canvas, page_w: float, page_h: float) -> None:
    canvas.saveState()
    canvas.setDash(4, 3)
    canvas.setStrokeColor(colors.HexColor("#888888"))
    canvas.setLineWidth(0.5)
    canvas.line(page_w / 2, 0, page_w / 2, page_h)
    canvas.line(0, page_h / 2, page_w, page_h / 2)
    canvas.restoreState()
    draw_string(canvas, page_w / 2 + 2, page_h / 2 + 2, "cut", 6)


def cards_pdf(
    lesson: Lesson,
    groups: Sequence[CardGroup],
    paper: str = "A4",
    on_card: Callable[[int, int], None] | None = None,
) -> bytes:
    """Four cards to a page (2 × 2), dashed cut lines between them; returns the PDF's bytes.

    ``on_card(done, total)`` is called after each card (progress, and a place to stop).
    """
    register_fonts()
    page_w, page_h = _paper(paper)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(page_w, page_h))
    canvas.setTitle(f"Group cards — {lesson.class_name} — {long_date(lesson.day)}")
    margin = 9 * mm
    card_w, card_h = page_w / 2, page_h / 2
    for index, group in enumerate(groups):
        slot = index % 4
        if index and slot == 0:
            canvas.showPage()
        if slot == 0:
            _cut_lines(canvas, page_w, page_h)
        x = (slot % 2) * card_w
        y = page_h - (slot // 2 + 1) * card_h
        inner_w = card_w - 2 * margin
        frame = Frame(
            x + margin,
            y + margin,
            inner_w,
            card_h - 2 * margin,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            showBoundary=0,
        )
        story = _card_story(lesson, group, inner_w)
        frame.addFromList([KeepInFrame(inner_w, card_h - 2 * margin, story, mode="shrink")], canvas)
        if on_card is not None:
            on_card(index + 1, len(groups))
    if not groups:
        draw_string(canvas, page_w / 2, page_h / 2, "There are no groups in this plan.", 14, align="centre")
    canvas.save()
    return buffer.getvalue()


def summary_pdf(lesson: Lesson, groups: Sequence[CardGroup], paper: str = "A4") -> bytes:
    """One page: the lesson (class, date, title, focus) and every group with members and activity."""
    register_fonts()
    page_w, page_h = _paper(paper)
    buffer = io.BytesIO()
    margin = 15 * mm
    doc = SimpleDocTemplate(
        buffer,
        pagesize=(page_w, page_h),
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=f"Lesson groups — {lesson.class_name} — {long_date(lesson.day)}",
    )
    width = page_w - 2 * margin
    title = f"Lesson groups — {lesson.class_name}"
    story: list[Flowable] = [
        _p(title, 18, bold=True),
        _p(long_date(lesson.day) + (f" · {lesson.lesson}" if lesson.lesson else ""), 11),
        Spacer(1, 3 * mm),
    ]
    story += [_p(f"{code}: {i_can(statement)}", 11, bold=True) for code, statement in lesson.focus]
    story.append(Spacer(1, 4 * mm))
    header = [_p(text, 10, bold=True) for text in ("Group", "Activity", "Members")]
    rows: list[list[Flowable]] = [header]
    for group in groups:
        rows.append(
            [
                Paragraph(
                    markup(group.name, bold=True)
                    + "<br/>"
                    + markup(f"{_mode(group.teacher_led)}, {_students(len(group.members))}"),
                    paragraph_style("sumgroup", size=10),
                ),
                _p(group.activity + (f" — Materials: {group.materials}" if group.materials else ""), 10),
                Paragraph(
                    "<br/>".join(markup(name) for name in group.members) or "—",
                    paragraph_style("summembers", size=10),
                ),
            ]
        )
    table = Table(rows, colWidths=[width * 0.26, width * 0.37, width * 0.37], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.HexColor("#999999")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
            ]
        )
    )
    story.append(table)
    doc.build([KeepInFrame(width, page_h - 2 * margin, story, mode="shrink")])
    return buffer.getvalue()
