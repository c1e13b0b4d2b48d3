"""Batches of charts on both cores: charts recorded in a worker process, pages laid out here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from classroom_desktop.domain.scale import ProficiencyScale
from classroom_desktop.reports.chart_flowable import at_72_dpi, draw_parts, frame_artists, layout_key
from classroom_desktop.reports.chart_renderer import Op, RecordingCanvas, replay
from classroom_desktop.reports.progress_figures import ProgressFigures

__all__ = ["ChartJob", "ChartPool", "RecordedChart", "RecordedChartFlowable", "RecordedForms"]

#: Fewer charts than this are drawn in-process (starting a worker would cost more than it saves).
MIN_PARALLEL = 12


@dataclass(frozen=True)
class ChartJob:
    """One progress chart to draw: the builder's inputs."""

    points: Sequence[tuple[date, float]]
    computed: Sequence[tuple[date, float]]
    scale: ProficiencyScale
    title: str


@dataclass(frozen=True)
class RecordedChart:
    """A chart's drawing: the frame's operations (only the first time its layout is seen) and the data's."""

    key: tuple[Any, ...]
    frame_ops: list[Op] | None
    data_ops: list[Op]
    width: float
    height: float


class _Recorder:
    """Per-process state: the reused figures, one recording canvas, the layouts already sent."""

    def __init__(self) -> None:
        self.figures = ProgressFigures()
        self.canvas = RecordingCanvas()
        self.sent: set[tuple[Any, ...]] = set()

    def record(self, job: ChartJob) -> RecordedChart:
        fig = self.figures.figure(job.points, job.computed, job.scale, job.title)
        key, frame = layout_key(fig), frame_artists(fig)
        rec: Any = self.canvas
        frame_ops = None
        if key not in self.sent:
            rec.ops = []
            at_72_dpi(fig, lambda r: draw_parts(fig, r, frame, True), rec)
            frame_ops = rec.ops
            self.sent.add(key)
        rec.ops = []
        at_72_dpi(fig, lambda r: draw_parts(fig, r, frame, False), rec)
        width, height = (float(v) * 72 for v in fig.get_size_inches())
        return RecordedChart(key, frame_ops, rec.ops, width, height)


_worker: _Recorder | None = None


def _start_worker() -> None:
    global _worker
    _worker = _Recorder()


def _record_in_worker(job: ChartJob) -> RecordedChart:
    assert _worker is not None
    return _worker.record(job)


class ChartPool:
    """Records a batch's charts in order, in a second process when there is a second core.

    ``get(i)`` waits for chart i; the worker runs ahead while the pages are laid out.
    """

    def __init__(self, jobs: Sequence[ChartJob], processes: int | None = None) -> None:
        import multiprocessing
        import os
        from concurrent.futures import ProcessPoolExecutor

        spare = max(0, min(2, os.cpu_count() or 1) - 1) if processes is None else processes
        self._executor: ProcessPoolExecutor | None = None
        self._done: list[RecordedChart] = []
        if spare and len(jobs) >= MIN_PARALLEL:
            # Never plain fork: the window has threads (Qt's, the print worker's), and forking a
            # threaded process can deadlock the child. A fork server forks from a clean process
            # that has already imported the chart code; elsewhere, spawn.
            context: multiprocessing.context.BaseContext
            if "forkserver" in multiprocessing.get_all_start_methods():
                forkserver = multiprocessing.get_context("forkserver")
                forkserver.set_forkserver_preload([__name__, "classroom_desktop.reports.chart_worker"])
                context = forkserver
            else:
                context = multiprocessing.get_context("spawn")
            self._executor = ProcessPoolExecutor(spare, context, initializer=_start_worker)
            self._results = self._executor.map(_record_in_worker, jobs, chunksize=4)
        else:
            local = _Recorder()
            self._results = (local.record(job) for job in jobs)

    def get(self, index: int) -> RecordedChart:
        while len(self._done) <= index:
            self._done.append(next(self._results))
        return self._done[index]

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


class RecordedForms:
    """Draws recorded charts on one canvas, each frame layout once as a PDF form."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self._forms: dict[tuple[Any, ...], str] = {}

    def draw(self, chart: RecordedChart) -> None:
        c = self.canvas
        name = self._forms.get(chart.key)
        if name is None:
            if chart.frame_ops is None:
                raise RuntimeError("a chart frame was recorded for another document")
            name = self._forms[chart.key] = f"recordedframe{len(self._forms)}"
            c.beginForm(name, 0, 0, chart.width, chart.height)
            replay(c, chart.frame_ops)
            c.endForm()
        c.doForm(name)
        replay(c, chart.data_ops)


class RecordedChartFlowable(Flowable):
    """A chart from a :class:`ChartPool`, drawn as vectors and scaled (evenly) into its box."""

    def __init__(
        self,
        pool: ChartPool,
        index: int,
        width: float,
        height: float,
        forms_for: Callable[[Canvas], RecordedForms],
    ) -> None:
        super().__init__()
        self._pool, self._index, self._forms_for = pool, index, forms_for
        self.width, self.height = width, height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        chart = self._pool.get(self._index)
        c = self.canv
        c.saveState()
        try:
            factor = min(self.width / chart.width, self.height / chart.height)
            c.translate((self.width - chart.width * factor) / 2, (self.height - chart.height * factor) / 2)
            c.scale(factor, factor)
            self._forms_for(c).draw(chart)
        finally:
            c.restoreState()
