"""The data wall: the class heatmap (arrows or hover for the latest evidence, Enter or a click on a
name to open the student),
sorting, strand filter, anonymous codes, this week's celebrations, charts, export and posters.

matplotlib is imported only when a chart tab or an export needs it, so the window opens fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop.charts import datawall_data as dw
from classroom_desktop.charts.palette import level_colours, text_colour
from classroom_desktop.i18n import _
from classroom_desktop.services.datawall import WallData, datawall_of
from classroom_desktop.services.printing import PrintOptions
from classroom_desktop.ui.context import AppContext
from classroom_desktop.ui.dialogs.poster_dialog import PosterDialog
from classroom_desktop.ui.heatmap import CELL_H, CELL_W, NAMES_W, HeatmapView  # noqa: F401
from classroom_desktop.ui.helpers_strip import HelpersStrip
from classroom_desktop.ui.locale_format import isolated, level_text, mastery_text, short_day
from classroom_desktop.ui.pages.base import Page

#: The tabs in order: what each one charts.
CHARTS = ("heatmap", "distribution", "growth")


class DataWallPage(Page):
    title = "Data wall"
    concerns = ("evidence", "student", "enrolment", "standard", "strand", "framework", "scale",
                "helper_setting")
    student_opened = Signal(str)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.wall: WallData | None = None
        #: What the helpers strip shows: for which wall, and (class, anonymous, standards shown).
        self.helpers_shown: tuple[WallData | None, tuple[object, ...]] = (None, ())
        self.sort = QComboBox()
        self.strand = QComboBox()
        self.anonymous = QCheckBox(_("Anonymous (show display codes)"))
        export = QPushButton(_("Export chart…"))
        poster = QPushButton(_("Print poster…"))
        bar = QHBoxLayout()
        self.sort_label, self.strand_label = QLabel(_("Sort by:")), QLabel(_("Strand:"))
        for widget in (self.sort_label, self.sort, self.strand_label, self.strand, self.anonymous):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(export)
        bar.addWidget(poster)
        self.heatmap = HeatmapView()
        self.heatmap.student_clicked.connect(self.open_student)
        self.heatmap.heat_model.tooltip_for = self.tooltip
        self.keyboard_home = self.heatmap  # Ctrl+5 lands in the heatmap
        self.heatmap.cell_changed.connect(self.show_latest)
        self.latest = QLabel()  # the current cell's latest evidence, for keyboard and screen reader
        self.latest.setWordWrap(True)
        self.latest.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.latest.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.latest.setAccessibleName(_("Latest evidence of the current cell"))
        self.legend = QLabel()
        self.celebrate = QLabel()
        self.celebrate.setWordWrap(True)
        heat_tab = QWidget()
        heat_layout = QVBoxLayout(heat_tab)
        heat_layout.addWidget(self.legend)
        heat_layout.addWidget(self.heatmap, 1)
        heat_layout.addWidget(self.latest)
        heat_layout.addWidget(self.celebrate)
        self.helpers = HelpersStrip()  # peer helpers by standard (issue 17.2)
        heat_layout.addWidget(self.helpers)
        self.tabs = QTabWidget()
        self.tabs.addTab(heat_tab, _("Heatmap"))
        self.tabs.addTab(QWidget(), _("Distribution"))
        self.tabs.addTab(QWidget(), _("Growth"))
        self.tabs.currentChanged.connect(lambda _i: self.draw_chart())
        self.tabs.currentChanged.connect(lambda _i: self.show_useful_controls())
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        for combo in (self.sort, self.strand):
            combo.currentIndexChanged.connect(lambda _i: self.redraw())
        self.anonymous.toggled.connect(lambda _on: self.redraw())
        export.clicked.connect(self.ask_export)
        poster.clicked.connect(self.ask_poster)

    def show_useful_controls(self) -> None:
        """Show only what changes the tab in view: Sort and Anonymous the heatmap; Strand the
        heatmap and the distribution; the growth chart takes none of them."""
        tab = CHARTS[self.tabs.currentIndex()]
        for widget in (self.sort_label, self.sort, self.anonymous):
            widget.setVisible(tab == "heatmap")
        for widget in (self.strand_label, self.strand):
            widget.setVisible(tab in ("heatmap", "distribution"))

    # ---- data ---------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.class_id is None:
            self.wall = None
            return
        self.wall = datawall_of(self.ctx.classroom).load(self.class_id)
        table = self.wall.table
        for combo, items in (
            (
                self.sort,
                [
                    (_("Name"), dw.SORT_NAME),
                    (_("Overall mastery"), dw.SORT_OVERALL),
                    *((_("Standard {code}").format(code=isolated(s.code)), s.id) for s in table.standards),
                ],
            ),
            (self.strand, [(_("All strands"), None), *((s.name, s.id) for s in table.strands)]),
        ):
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for text, value in items:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(keep)))
            combo.blockSignals(False)
        self.redraw()

    def heatmap_data(self) -> dw.HeatmapData | None:
        """What the heatmap shows now: sorted, filtered and named (or coded) as chosen."""
        if self.wall is None:
            return None
        anonymous = self.anonymous.isChecked()
        table, labels = self.wall.table, self.wall.labels(anonymous)
        strand = self.strand.currentData()
        order = dw.sort_students(
            table,
            self.sort.currentData() or dw.SORT_NAME,
            labels if anonymous else None,
            dw.standards_in(table, strand),
        )
        return dw.heatmap_matrix(table, labels, order, strand, self.wall.newly)

    def redraw(self) -> None:
        data = self.heatmap_data()
        if data is None or self.wall is None:
            return
        table = self.wall.table
        self.heatmap.heat_model.cell_of = table.cell
        self.heatmap.heat_model.level_label = table.scale.label_for
        self.heatmap.set_data(data)
        self.show_latest(self.heatmap.current_key())
        swatches = " ".join(
            f'<span style="background:{c}; color:{text_colour(c)}">&nbsp;{level_text(v)} {label}&nbsp;</span>'
            for v, label, c in zip(
                data.level_values, data.level_labels, level_colours(data.level_values), strict=True
            )
        )
        self.legend.setText(
            f"{swatches} &nbsp; "
            + _("\u2713 = mastered · <b>thick frame</b> = newly mastered this week · Enter opens the student")
        )
        lines = [
            f"<b>\u2068{who}\u2069</b>: {', '.join(codes)}"
            for who, codes in self.wall.celebrations(self.anonymous.isChecked())
        ]
        news = "; ".join(lines) if lines else _("nothing yet")
        self.celebrate.setText(_("<b>New this week:</b> {list}").format(list=news))
        assert self.class_id is not None
        shown = [s.id for s in dw.standards_in(self.wall.table, self.strand.currentData())]
        anonymous = self.anonymous.isChecked()
        choices = (self.class_id, anonymous, tuple(shown))
        # the same wall (no write since) and the same choices show the same helpers
        if self.helpers_shown[0] is not self.wall or self.helpers_shown[1] != choices:
            self.helpers.show_for(self.ctx.classroom, self.class_id, self.wall.table, anonymous, shown)
            self.helpers_shown = (self.wall, choices)
        self.draw_chart()

    def show_latest(self, key: tuple[str, str] | None) -> None:
        """Show the current cell's latest evidence below the heatmap (not only in a tooltip)."""
        if key is None or self.wall is None:
            self.latest.setText("")
            return
        names = dict(zip(self.heatmap.data.row_ids, self.heatmap.data.row_labels, strict=True))  # type: ignore[union-attr]
        codes = {s.id: s.code for s in self.wall.table.standards}
        head = f"\u2068{names.get(key[0], '')}\u2069 · {codes.get(key[1], '')}: "
        self.latest.setText(head + self.tooltip(key).replace("\n", " · "))

    def tooltip(self, key: tuple[str, str]) -> str:
        if self.wall is None:
            return ""
        latest = datawall_of(self.ctx.classroom).latest_evidence(key[0], key[1], self.wall)
        cell = self.wall.table.cell(*key)
        if latest is None:
            return _("No evidence yet")
        note = f"\n“{latest.note}”" if latest.note else ""
        return (
            _("Mastery {value} from {count} pieces of evidence").format(
                value=mastery_text(cell.value), count=cell.count
            )
            + "\n"
            + _("Latest: level {level} ({kind}) on {day}").format(
                level=level_text(latest.level), kind=_(latest.kind), day=short_day(latest.observed_on)
            )
            + note
        )

    # ---- charts -------------------------------------------------------------------------
    def chart(self, which: str | None = None) -> Any:
        """A matplotlib Figure of the heatmap, distribution or growth, as the page shows it now."""
        which = which or CHARTS[self.tabs.currentIndex()]
        data = self.heatmap_data()
        if self.wall is None or data is None:
            return None
        name = self.wall.class_name
        if which == "distribution":
            from classroom_desktop.charts.distribution import distribution_figure

            standards = dw.standards_in(self.wall.table, self.strand.currentData())
            counts = dw.level_counts(self.wall.table, standards)
            return distribution_figure(
                [s.code for s in standards],
                [counts[s.id] for s in standards],
                data.level_values,
                data.level_labels,
                data.cutoff,
                _("{name}: distribution").format(name=name),
            )
        if which == "growth":
            from classroom_desktop.charts.growth import growth_figure

            points = dw.growth_per_week(self.wall.table, self.wall.evidence, self.wall.today)
            possible = len(self.wall.table.students) * len(self.wall.table.standards)
            title = _("{name}: standards mastered so far, week by week").format(name=name)
            return growth_figure(points, possible, title)
        from classroom_desktop.charts.heatmap import heatmap_figure

        return heatmap_figure(data, _("{name}: mastery by standard").format(name=name))

    def draw_chart(self) -> None:
        index = self.tabs.currentIndex()
        if index == 0 or self.wall is None:
            return
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        page = self.tabs.widget(index)
        assert page is not None
        layout = page.layout() or QVBoxLayout(page)
        while layout.count():
            item = layout.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.deleteLater()
        scroll = QScrollArea()
        canvas = FigureCanvasQTAgg(self.chart())
        canvas.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a screen reader reaches its summary
        canvas.setAccessibleName(self.tabs.tabText(index))
        canvas.setAccessibleDescription(self.chart_summary())
        canvas.setToolTip(self.chart_summary())
        scroll.setWidget(canvas)
        layout.addWidget(scroll)

    def chart_summary(self, which: str | None = None) -> str:
        """The chart in words (what a screen reader says for it): counts per level, or growth."""
        which = which or self.tabs.tabText(self.tabs.currentIndex()).lower()
        data = self.heatmap_data()
        if self.wall is None or data is None:
            return ""
        table = self.wall.table
        if which == "growth":
            points = dw.growth_per_week(table, self.wall.evidence, self.wall.today)
            if not points:
                return _("No evidence yet.")
            (first, start), (last, now) = points[0], points[-1]
            return _("Standards mastered: {start} by {first}, {now} by {last}.").format(
                start=start, first=f"{first:%d %b %Y}", now=now, last=f"{last:%d %b %Y}"
            )
        standards = dw.standards_in(table, self.strand.currentData())
        counts = dw.level_counts(table, standards)
        names = [*(f"{v} {label}" for v, label in zip(data.level_values, data.level_labels, strict=True))]
        names.append(_("no evidence"))
        return "; ".join(
            f"{s.code}: " + ", ".join(f"{n} {name}" for n, name in zip(counts[s.id], names, strict=True) if n)
            for s in standards
        )

    def export_chart(self, path: Path, which: str | None = None) -> Path:
        from classroom_desktop.charts.export import save_figure

        return save_figure(self.chart(which), path)

    def ask_export(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Export chart"), "chart.png", _("PNG image (*.png);;SVG drawing (*.svg)")
        )
        if name:
            self.ctx.guard(lambda: self.export_chart(Path(name)))

    # ---- students and posters --------------------------------------------------------------
    def open_student(self, student_id: str) -> None:
        self.student_opened.emit(student_id)
        window = self.ctx.window
        if window is None:
            return
        if hasattr(window, "show_student"):
            window.show_student(student_id)
        elif hasattr(window, "show_page"):
            page = window.show_page("Students")
            if hasattr(page, "select_student"):
                page.select_student(student_id)

    def print_poster(self, options: PrintOptions, on_done: Any = None) -> Any:
        from classroom_desktop.services.printing import print_document

        classroom = self.ctx.classroom
        return self.ctx.run_long(
            _("Printing the poster"),
            lambda progress, cancelled: print_document(classroom, "poster", options, progress, cancelled),
            on_done or (lambda path: self.ctx.status.emit(_("Poster saved to {path}").format(path=path))),
        )

    def ask_poster(self) -> None:
        if self.class_id is None:
            return
        dialog = PosterDialog(self, self.anonymous.isChecked())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        from dataclasses import replace

        from classroom_desktop.services.printing import print_document
        from classroom_desktop.ui.print_flow import print_with_preview

        options = dialog.options(Path("unused.pdf"), self.class_id)
        classroom = self.ctx.classroom
        print_with_preview(
            self,
            self.ctx,
            _("Data-wall poster"),
            "data-wall-poster",
            lambda out, progress, cancelled: print_document(
                classroom, "poster", replace(options, out=out), progress, cancelled
            ),
        )
