"""The HRA business plan in the app: one edit to a redrawn chart or table, on the plan of
benchmarks.bench_hra_plan (4 archetypes, 12 components, 20 loans, 30 years).

A window holds a project of that one run, offscreen. An input (management per home) is typed
into the baseline through the undo stack, the planner's checks and `evaluate`; then the shown
view is painted with the new figures: the Charts tab (its first chart), or the Results tab (the
annual table). Each edit alternates between two values, so every one recalculates.
"""

from __future__ import annotations

import os

RESULTS, CHARTS = 1, 2  # the tabs
_window = None


def _shown_window():
    """One window on the deep HRA plan (built once, on first use)."""
    global _window
    if _window is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from benchmarks.bench_hra_plan import plan
        from planner.project.document import new_project
        from planner.project.scenario_file import RunDef
        from ui.app import application
        from ui.main_window import MainWindow

        application(["bench"])
        _window = MainWindow(new_project("HRA plan", [RunDef("HRA plan", "hra", plan())]), None, False)
        _window.show()
        _window.tabs.setCurrentIndex(CHARTS)
        _window.ensure_charts()
    return _window


def _edit(tab: int):
    state = {"i": 0}

    def once() -> None:
        from PySide6.QtWidgets import QApplication

        window = _shown_window()
        if window.tabs.currentIndex() != tab:
            window.tabs.setCurrentIndex(tab)
        state["i"] += 1
        window.edit("management_per_unit", 950.0 + 10.0 * (state["i"] % 2))
        shown = window.charts.views[0].plot if tab == CHARTS else window.results_panel.annual
        shown.grab()  # the chart painted with its new lines, or the table with its new figures
        QApplication.processEvents()

    return once


def cases():
    return [
        ("hra plan in the app: edit to redrawn chart (Charts tab open)", _edit(CHARTS), 0.05),
        ("hra plan in the app: edit to redrawn table (Results tab open)", _edit(RESULTS), 0.05),
    ]
