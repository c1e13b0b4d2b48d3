"""Settings ▸ Sync: a student's choice picked differently on two laptops is listed by the activities'
titles and the student and step the teacher knows, and "use the other value" puts the other pick back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from classroom_desktop.services.choices import choices_of
from classroom_desktop.services.classroom import Classroom
from classroom_desktop.services.syncing import SyncService
from classroom_desktop.ui.sync_panel import SyncSection

PASS = "Maple room 12"


def test_a_clash_over_a_choice_is_listed_by_titles_and_can_be_settled(
    window: Any, qtbot: Any, tmp_path: Path
) -> None:
    share = tmp_path / "share"
    share.mkdir()
    classroom = window.ctx.classroom
    SyncService(classroom).setup(share, PASS, create=True)
    class_id = classroom.classes.list()[0].id
    student = classroom.students.find("Zoë Laurent")
    step = next(s for s in choices_of(classroom).board(student.id, class_id) if len(s.options) >= 2)
    mine, theirs = step.options[0], step.options[1]
    other = Classroom.open(tmp_path / "home")
    panel = window.sync_panel
    try:
        home = SyncService(other)
        home.setup(share, PASS, create=False)
        choices_of(classroom).choose(step.step_id, mine.id)
        choices_of(other).choose(step.step_id, theirs.id)  # later: the home laptop's pick is kept
        home.sync_now()
        window.show_page("Settings")
        section = next(s for s in panel.sections if isinstance(s, SyncSection))
        panel.action.trigger()  # File ▸ Sync now
        qtbot.waitUntil(lambda: not panel.running, timeout=120_000)
        assert section.conflicts.topLevelItemCount() == 1
        item = section.conflicts.topLevelItem(0)
        assert item.text(0) == f"Zoë Laurent — learning plan, step {step.code}: chosen activity"
        assert (item.text(1), item.text(2)) == (f"“{theirs.title}”", f"“{mine.title}”")
        section.conflicts.setCurrentItem(item)
        section.take_button.click()
        assert choices_of(classroom).chosen(step.step_id) == mine.id  # the id, not the title, goes back
        assert section.conflicts.topLevelItemCount() == 0
    finally:
        panel.shutdown()
        other.close()
