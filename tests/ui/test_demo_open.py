"""Issue 14.17: the first demo open builds the demo off the GUI thread, with a real progress bar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QProgressBar

from classroom_desktop.ui import app


def test_the_window_answers_and_shows_progress_while_the_demo_is_built_then_the_class(
    qtbot: Any, tmp_path: Path
) -> None:
    from classroom_desktop.services.workspace import demo_workspace_dir
    from classroom_desktop.ui.main_window import MainWindow

    window = MainWindow(settings=QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    seen: list[tuple[int, int, str, bool]] = []  # (value, maximum, text, visible) at each tick

    def tick() -> None:  # runs on the GUI thread: it only runs while the window processes events
        bars = window.loading_page.findChildren(QProgressBar)
        if bars and window.ctx is None:
            bar = bars[0]
            seen.append((bar.value(), bar.maximum(), bar.text(), bar.isVisible()))
        window.resize(window.width() + (1 if len(seen) % 2 else -1), window.height())

    timer = QTimer(window)
    timer.setInterval(25)
    timer.timeout.connect(tick)
    timer.start()
    # As the program starts: the window's first frame opens the demo (building it the first time).
    starter = app.Starter(window, None, demo=True)
    window.show()
    qtbot.waitUntil(lambda: window.ctx is not None, timeout=240_000)
    timer.stop()
    try:
        # The window kept answering events: many ticks during a build of several seconds.
        assert len(seen) >= 10, seen
        assert all(visible for *_, visible in seen)
        values = [value for value, maximum, _text, _v in seen if maximum > 0]
        assert values == sorted(values), "the bar never goes backwards"
        assert any(0 < v < 100 for v in values), "the bar moved through the build, not only at the end"
        texts = {text for _v, maximum, text, _vis in seen if maximum > 0}
        assert any(t.startswith("Drafting the learning plans") for t in texts), texts
        assert any(t.startswith("Adding the students") or t.startswith("Writing") for t in texts), texts
        assert "Making the demo class: 28 students" in window.loading_page.message.text()
        assert (demo_workspace_dir() / "classroom.sqlite3").exists()
        assert not [p for p in demo_workspace_dir().parent.iterdir() if p.name.startswith(".demo-building")]
        assert window.class_box.currentText().startswith("Grade 4 — Room 12")
        assert window.current_title == "Gradebook"
        assert window.page("Gradebook").model.rowCount() == 28  # type: ignore[attr-defined]
        assert not window.loading_page.findChildren(QProgressBar) or not any(
            bar.isVisible() for bar in window.loading_page.findChildren(QProgressBar)
        )
    finally:
        starter.close()


def test_a_demo_left_half_built_is_never_opened(tmp_path: Path, monkeypatch: Any) -> None:
    """The window closed (or the laptop switched off) halfway: the next start builds it whole."""
    from classroom_desktop.services import demo
    from classroom_desktop.services.workspace import demo_workspace_dir

    def power_cut(done: int, _total: int, _message: str) -> None:
        if done >= 40:
            raise KeyboardInterrupt

    try:
        demo.prepare_demo(progress=power_cut)
    except KeyboardInterrupt:
        pass
    assert not (demo_workspace_dir() / "classroom.sqlite3").exists()
    classroom = demo.open_demo()
    try:
        table = classroom.evidence.mastery_table(classroom.classes.list()[0].id)
        assert len(table.students) == 28
        assert classroom.setting(demo.DEMO_DAY_KEY)  # written last: the build went to its end
    finally:
        classroom.close()
