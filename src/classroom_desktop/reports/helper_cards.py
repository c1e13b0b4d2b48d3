""""Ask me about …" helper cards (issue 17.2): one card per peer helper, four to a page with cut
lines, for the helper's desk. Data in, PDF out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Spacer
from reportlab.platypus.flowables import Flowable

from classroom_desktop.i18n import _
from classroom_desktop.reports.sheets import GREY, cut_sheets, text


@dataclass(frozen=True)
class HelperCard:
    helper: str  #: the helper's name (or display code)
    code: str
    statement: str
    learners: Sequence[str] = ()  #: classmates paired with the helper


def _story(card: HelperCard) -> list[Flowable]:
    story: list[Flowable] = [
        text(_("Ask me about"), 16, colour=GREY),
        text(card.code, 30, bold=True),
        Spacer(1, 2 * mm),
        text(card.statement, 13),
        Spacer(1, 5 * mm),
        text(card.helper, 22, bold=True),
        text(_("Peer helper"), 10, colour=GREY),
        Spacer(1, 5 * mm),
    ]
    if card.learners:
        story.append(text(_("Who might ask you: {names}").format(names=", ".join(card.learners)), 10))
    story.append(text(_("Explain how you think; do not give the answer."), 9, colour=GREY))
    return story


def helper_cards_pdf(class_name: str, cards: Sequence[HelperCard], paper: str = "A4",
                     on_card: Callable[[int, int], None] | None = None) -> bytes:
    """Four cards to a page (2 × 2) with dashed cut lines; returns the PDF's bytes."""
    title = _("Helper cards — {class_name}").format(class_name=class_name)
    stories = [lambda w, h, c=c: _story(c) for c in cards]
    return cut_sheets(title, stories, paper, 2, 2, _("No student has mastered this standard yet."), on_card)
