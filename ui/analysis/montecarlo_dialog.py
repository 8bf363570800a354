"""Monte Carlo: tick the inputs that are uncertain, give each a distribution, and see the spread
of the results (planner.analysis.montecarlo.monte_carlo, run on the background worker).

Run shows a progress bar that moves between chunks of trials; Cancel stops the run at the next
chunk (the planner checks the flag between chunks) and keeps whatever was shown before.

Memory: every annual line kept costs trials × years × 8 bytes. Every line is kept while they
all fit in MEMORY_BUDGET (the 31 lines of a 30-year HRA plan at 10,000 trials take 74 MB);
beyond that only the line chosen for the fan chart is kept, and choosing another one asks for
a new run.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from planner.analysis.drivers import trials_csv, trials_table
from planner.analysis.montecarlo import MAX_TRIALS, PERCENTILES, MonteCarloResult, monte_carlo, release_memory
from planner.errors import PlannerError
from planner.excel.analysis_export import Sheet, write_analysis
from planner.project.atomic import write_atomic
from planner.project.document import Project
from ui.analysis.base import AnalysisDialog
from ui.analysis.common import line_choices, metric_choices, problem_text, varied_input_choices
from ui.analysis.mc_correlations import CorrelationBox
from ui.analysis.mc_inputs import DistributionTable
from ui.analysis.mc_results import MonteCarloResults
from ui.analysis.takeaway import Take
from ui.workers import Worker

MEMORY_BUDGET = 128e6  # bytes of annual lines kept for fan charts
CHUNK = None  # trials per vectorised call: by default the planner's share per core, at most 5,000


def lines_to_keep(all_lines: list[str], chosen: str | None, trials: int, years: int) -> list[str]:
    """Every line if they fit in the budget, else only the chosen one.

    >>> lines_to_keep(["a", "b"], "b", 10_000, 30)
    ['a', 'b']
    >>> lines_to_keep(["a"] * 100 + ["b"], "b", 100_000, 40)
    ['b']
    """
    if len(all_lines) * trials * years * 8 <= MEMORY_BUDGET or chosen is None:
        return list(all_lines)
    return [chosen]


class MonteCarloDialog(AnalysisDialog):
    def __init__(self, project: Project, scenario: str, run: str, parent: QWidget | None = None) -> None:
        super().__init__(project, scenario, run, "Monte Carlo", parent)
        self.result: MonteCarloResult | None = None
        self.chunk = CHUNK
        self.years = 0
        self.inputs = DistributionTable(self.runs, self.run_name)
        self.search = QLineEdit(placeholderText="Filter inputs…", clearButtonEnabled=True)
        self.correlations = CorrelationBox(varied_input_choices(self.runs, self.run_name))
        self.trials = QSpinBox(minimum=1, maximum=MAX_TRIALS, value=10_000, singleStep=1_000)
        self.trials.setGroupSeparatorShown(True)
        self.seed = QLineEdit("1")
        self.seed.setValidator(QIntValidator(0, 2_000_000_000))
        self.seed.setToolTip("The same seed gives the same trials and results; leave empty for fresh draws")
        self.run_button, self.cancel_button = QPushButton("Run"), QPushButton("Cancel")
        self.trials_button = QPushButton("Save trials…")
        self.trials_button.setToolTip("Every trial's inputs and metrics, as CSV or an Excel workbook")
        self.trials_button.setEnabled(False)
        self.progress = QProgressBar()
        self.results = MonteCarloResults()
        self._layout()
        self._connect()
        self._offer_results()
        self.set_busy(False)

    def _layout(self) -> None:
        settings = QFormLayout()
        if self.result_run_box.count() > 1:
            settings.addRow("Results of", self.result_run_box)
        settings.addRow("Trials", self.trials)
        settings.addRow("Seed", self.seed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.progress, 1)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("Tick the inputs that are uncertain and give each a distribution:"))
        column.addWidget(self.search)
        column.addWidget(self.inputs, 1)
        column.addWidget(self.correlations)
        column.addLayout(settings)
        column.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.setSizes([560, 720])
        right = QWidget()
        results = QVBoxLayout(right)
        results.setContentsMargins(0, 0, 0, 0)
        results.addWidget(self.results, 1)
        bar = QHBoxLayout()
        bar.addWidget(self.trials_button)
        bar.addWidget(self.takeaway, 1)
        results.addLayout(bar)
        split.addWidget(right)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        self.resize(1280, 780)

    def _connect(self) -> None:
        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        self.trials_button.clicked.connect(lambda: self.save_trials())
        self.search.textChanged.connect(self.inputs.filter)
        self.inputs.changed.connect(lambda: self.set_busy(self.worker is not None and self.worker.running))
        self.result_run_box.currentIndexChanged.connect(self._offer_results)

    def _offer_results(self) -> None:
        try:
            outcome = self.base_outcome()
        except PlannerError as exc:
            self.show_problem(problem_text(exc))
            return
        self.years = len(outcome.years)
        base = {k: outcome.lines[k][0] for k in outcome.lines}
        self.results.offer_lines(line_choices(outcome), base)
        self.results.offer_metrics(metric_choices(outcome))

    def run(self) -> Worker | None:
        """Start the trials on the worker; None (with the problem shown) if the settings are wrong."""
        vary = self.inputs.varied()
        try:
            correlation = self.correlations.pairs(list(vary), self.inputs.label)
        except PlannerError as exc:
            self.show_problem(problem_text(exc))
            return None
        trials = self.trials.value()
        all_lines = [self.results.line_box.itemData(i) for i in range(self.results.line_box.count())]
        keep = lines_to_keep(all_lines, self.results.line_box.currentData(), trials, self.years)
        seed = int(self.seed.text()) if self.seed.text().strip() else None
        self._progress(0, trials)
        self.show_note(f"Running {trials:,} trials…")
        worker = Worker(
            monte_carlo,
            self.runs,
            self.run_name,
            vary,
            trials,
            seed,
            correlation,
            self.chunk,
            progress=True,
            cancel=True,
            result_run=self.result_run,
            lines=keep,
        )
        worker.progress.connect(self._progress)
        return self.start_job(worker, self.show_result)

    def done(self, result: int) -> None:
        super().done(result)
        release_memory()  # the model's work buffers are kept only while trials may be run again

    def cancel(self) -> None:
        """Ask the running trials to stop at the next chunk."""
        if self.worker is not None:
            self.worker.cancel()
            self.cancel_button.setEnabled(False)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress.setFormat(f"{done:,} of {total:,} trials")

    def set_busy(self, busy: bool) -> None:
        self.run_button.setEnabled(not busy and bool(self.inputs.varied()))
        self.cancel_button.setEnabled(busy)
        for widget in (self.inputs, self.correlations, self.trials, self.seed, self.result_run_box):
            widget.setEnabled(not busy)

    def show_note(self, text: str) -> None:
        if text.startswith("cancelled") and self.result is not None:
            text += "; the results shown are from the previous run"
        super().show_note(text)

    def show_result(self, result: MonteCarloResult) -> None:
        self.result = result
        self.results.show_result(result)
        seed = "" if result.seed is None else f", seed {result.seed}"
        kept = (
            ""
            if len(result.lines) != 1 or self.results.line_box.count() == 1
            else "; only the charted line was kept (choose another before running to chart it)"
        )
        self.show_note(
            f"{result.trials:,} trials of {len(result.inputs)} input"
            f"{'s' if len(result.inputs) != 1 else ''}{seed}{kept}."
        )
        self.trials_button.setEnabled(True)
        self.takeaway.refresh()

    # --- taking results away ----------------------------------------------------------------
    def take(self) -> Take | None:
        result = self.result if isinstance(self.result, MonteCarloResult) else None
        if result is None:
            return None
        tab, r = self.results.currentIndex(), self.results
        what, widget, table = [
            (f"Monte Carlo fan chart of {r.line_box.currentText()}", r.fan, None),
            (f"Monte Carlo spread of {r.metric_box.currentText()}", r.histogram, None),
            ("Monte Carlo chance of each check failing", r.checks, r.checks),
            ("Monte Carlo percentiles of every metric", r.metrics, r.metrics),
            (f"What drives {r.drivers.metric_box.currentText()}", r.drivers.chart, r.drivers.table),
        ][tab]
        return Take(what, widget, table, self._sheets(result))

    def _sheets(self, result: MonteCarloResult) -> list[Sheet]:
        note = f"{result.trials:,} trials" + ("" if result.seed is None else f", seed {result.seed}")
        varied = [f"{result.labels.get(p, p)}: {d}" for p, d in result.inputs.items()]
        metrics = Sheet(
            "Metrics",
            ["Metric"] + [f"P{p}" for p in PERCENTILES] + ["Mean"],
            [
                [m.label] + [m.percentiles[p] for p in PERCENTILES] + [m.mean]
                for m in result.metrics.values()
                if m.kind != "year"  # a year's percentiles are indices: the Metrics tab names them
            ],
            [""] * 7,
            [note + ". Inputs varied: " + "; ".join(varied) + "."],
        )
        checks = Sheet(
            "Check risk",
            ["Check", "Chance of failing", "First failure (median year)", "In words"],
            [[c.name, c.p_fail, c.median_year or "", c.message] for c in result.checks],
            ["text", "rate", "text", "text"],
        )
        drivers = self.results.drivers.sheet()
        return [metrics, checks] + ([drivers] if drivers is not None else [])

    def save_trials(self, path: str | None = None) -> str | None:
        """Every trial's inputs and metrics to CSV (full precision) or an Excel workbook."""
        result = self.result if isinstance(self.result, MonteCarloResult) else None
        if result is None:
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, "Save trials", "trials.csv", "CSV (*.csv);;Excel workbooks (*.xlsx)"
            )
            if not path:
                return None
        try:
            if path.lower().endswith(".xlsx"):
                headers, rows = trials_table(result)
                sheet = Sheet("Trials", headers, rows.tolist(), ["count"] + [""] * (len(headers) - 1))
                write_analysis(path, f"Monte Carlo trials — {self.take_title()}", [sheet])
            else:
                from pathlib import Path

                write_atomic(Path(path), trials_csv(result).encode("utf-8"))
        except (PlannerError, OSError) as exc:
            self.show_problem(problem_text(exc) if isinstance(exc, PlannerError) else f"{path}: {exc}")
            return None
        self.show_note(f"Saved {result.trials:,} trials to {path}")
        return path
