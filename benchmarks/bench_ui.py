"""The desktop app: cold start to the main window showing the example, and one edit to a redrawn
table and chart.

Cold start runs in a fresh interpreter that times itself from its first line (imports, Qt, the
example loaded and calculated, the window shown and painted); the figure is the median of three.
The edits run offscreen in this process: an input of the BRS run typed into the baseline and
into a scenario, each through the undo stack, the planner's checks and `evaluate`, with the
results table, the charts and the checks updated and the window painted (the Charts tab open,
then the Results tab open). The model runs such an edit recomputes (the BRS run and the
programme linked to it) are timed on their own, to show the share of an edit that is the models', and
so is the Results tab's redraw (its tables given the new result, fitted and painted), its share.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.app_window import CHARTS, RESULTS, edit_and_paint, shown_window
from benchmarks.timing import row

ROOT = Path(__file__).resolve().parent.parent
COLD_STARTS = 3
CHILD = """
import time
t0 = time.perf_counter()
import os
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from ui.app import start
app, window = start(["ffg-planner"])
window.grab()  # painted
app.processEvents()
print(time.perf_counter() - t0)
window.document.set_clean()
window.close()
"""


def cold_start_seconds() -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FFG_PLANNER_DATA=tempfile.mkdtemp(prefix="ffg-bench-"))
    times = []
    for _ in range(COLD_STARTS):
        done = subprocess.run(
            [sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
        )
        times.append(float(done.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def rows() -> list[dict]:
    return [row("ui: cold start to the window with the example", cold_start_seconds(), 2.0)]


def _example() -> tuple:
    from ui.app import _example

    return _example()


def _shown_window():
    """One window on the example, Charts tab open on the BRS run (built once, on first use)."""
    return shown_window("example", _example)


def _edit(scenario: str, tab: int = CHARTS):
    state = {"i": 0}

    def once() -> None:
        window = _shown_window()
        run = window.project.runs[0].name
        if (window.run, window.scenario) != (run, scenario):
            window.select(run, scenario)
        state["i"] += 1
        edit_and_paint(window, tab, "threshold", 60_000 + 1_000 * (state["i"] % 2))

    return once


def _model_runs():
    """evaluate() after an edit of the BRS run's threshold, given the outcomes from before it."""
    from planner.project.document import set_baseline_input
    from planner.project.runner import evaluate

    project = _shown_window().project
    run = project.runs[0].name
    before = {r.name: r for r in set_baseline_input(project, run, "threshold", 60_000).resolve()}
    kept = {name: (before[name], o) for name, o in evaluate(list(before.values())).items()}
    after = set_baseline_input(project, run, "threshold", 61_000).resolve()

    def once() -> None:
        evaluate(after, kept)

    return once


def _results_redraw():
    """The Results tab's own share of that edit: its tables given the next result (the threshold at
    60,000 and 61,000 in turn, computed beforehand), fitted and painted, with no edit or model run."""
    from PySide6.QtWidgets import QApplication

    from planner.project.document import set_baseline_input
    from planner.registry import get_spec

    window = _shown_window()
    run = window.project.runs[0]
    turns = []
    for threshold in (60_000, 61_000):
        project = set_baseline_input(window.project, run.name, "threshold", threshold)
        inputs = next(r for r in project.resolve() if r.name == run.name).inputs
        turns.append((project.evaluate()[run.name].trial(0, tolerance=window.tolerance), inputs))
    state = {"i": 0}

    def once() -> None:
        if (window.run, window.scenario) != (run.name, "Baseline"):
            window.select(run.name, "Baseline")
        if window.tabs.currentIndex() != RESULTS:
            window.tabs.setCurrentIndex(RESULTS)
        state["i"] += 1
        result, inputs = turns[state["i"] % 2]
        panel = window.results_panel
        panel.show_result(result, get_spec(run.model), f"{run.name} — Baseline", inputs)
        panel.annual.grab()
        QApplication.processEvents()

    return once


def cases():
    return [
        ("ui: edit to redrawn table and chart (baseline input)", _edit("Baseline"), 0.05),
        ("ui: edit to redrawn table and chart (scenario input)", _edit("Threshold £70,000"), 0.05),
        ("ui: edit to redrawn table, Results tab open", _edit("Baseline", RESULTS), 0.05),
        ("ui: the model runs within an edit (BRS and its programme)", _model_runs(), None),
        ("ui: the Results tab's redraw within that edit (tables refilled, fitted, painted)", _results_redraw(), None),
    ]
