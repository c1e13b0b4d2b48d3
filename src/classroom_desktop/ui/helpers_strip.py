"""The data wall's "Ask me about" strip (issue 17.2): for each standard, the students who mastered it
most recently and can help — by name, or by display code in the anonymous view."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from classroom_desktop.i18n import _
from classroom_desktop.services.classroom import Classroom
from classroom_desktop.services.views import MasteryTable


class HelpersStrip(QLabel):
    def __init__(self) -> None:
        super().__init__("")
        self.setWordWrap(True)
        self.setAccessibleName(_("Peer helpers"))

    def show_for(self, classroom: Classroom, class_id: str, table: MasteryTable, anonymous: bool,
                 standard_ids: list[str] | None = None) -> None:
        """Show the helpers of the table's standards (or of ``standard_ids``, e.g. one strand's)."""
        found = classroom.peer_help.by_standard(class_id, table)
        lines = []
        for standard in table.standards:
            if standard.id not in found or (standard_ids is not None and standard.id not in standard_ids):
                continue
            who = ", ".join(f"\u2068{h.code if anonymous else h.name}\u2069" for h in found[standard.id])
            lines.append(f"<b>{standard.code}</b>: {who}")
        body = "; ".join(lines) if lines else _("no one has mastered a standard yet")
        self.setText(_("<b>Ask me about:</b> {helpers}").format(helpers=body))
