"""The HRA business plan in the app: one edit to a redrawn chart or table, on the plan of
benchmarks.bench_hra_plan (4 archetypes, 12 components, 20 loans, 30 years).

A window holds a project of that one run, offscreen. An input (management per home) is typed
into the baseline through the undo stack, the planner's checks and `evaluate`; then the shown
view is painted with the new figures: the Charts tab (its first chart), or the Results tab (the
annual table). Each edit alternates between two values, so every one recalculates.
"""

from __future__ import annotations

from benchmarks.app_window import CHARTS, RESULTS, edit_and_paint, shown_window


def _plan() -> tuple:
    """A project of the deep HRA plan alone: MainWindow's arguments."""
    from benchmarks.bench_hra_plan import plan
    from planner.project.document import new_project
    from planner.project.scenario_file import RunDef

    return new_project("HRA plan", [RunDef("HRA plan", "hra", plan())]), None, False


def _edit(tab: int):
    state = {"i": 0}

    def once() -> None:
        state["i"] += 1
        edit_and_paint(shown_window("hra plan", _plan), tab, "management_per_unit", 950.0 + 10.0 * (state["i"] % 2))

    return once


def cases():
    return [
        ("hra plan in the app: edit to redrawn chart (Charts tab open)", _edit(CHARTS), 0.05),
        ("hra plan in the app: edit to redrawn table (Results tab open)", _edit(RESULTS), 0.05),
    ]
