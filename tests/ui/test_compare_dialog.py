"""The scenario comparison on the example project: metrics side by side with differences worked
out by hand, the checks that differ, and an annual line overlaid for every scenario."""

from __future__ import annotations

import numpy as np
import pytest

from planner import formatting
from planner.project.project_file import load_project
from tests.ui.helpers import BRS, EXAMPLE, HF, PROGRAMME, WAIT, shoot
from ui.analysis.base import select
from ui.compare_dialog import CompareDialog

PROJECT = load_project(EXAMPLE)


@pytest.fixture
def dialog(qtbot):
    found = CompareDialog(PROJECT)
    qtbot.addWidget(found)
    if found.comparison is None:
        with qtbot.waitSignal(found.worker.finished, timeout=WAIT):
            pass
    found.resize(1280, 760)
    return found


def test_two_scenarios_side_by_side_with_differences_worked_by_hand(dialog):
    dialog.set_chosen(["Slower intake", "Threshold £70,000"])
    headers = [dialog.metrics.horizontalHeaderItem(c).text() for c in range(dialog.metrics.columnCount())]
    assert headers == ["Metric", "Baseline", "Slower intake", "change", "%", "Threshold £70,000", "change", "%"]
    # The £50,000-£100,000 band holds 5,000 hereditaments and £350m of RV, spread evenly by RV:
    # above £70,000 are 5,000 × 30/50 = 3,000 of them, so 2,000 fewer pay (2,000 / 8,180 = 24.4%),
    # and £350m × (100k² - 70k²) / (100k² - 50k²) = £238m of RV, so £112m less is liable.
    assert dialog.metric_row(BRS, "liable_hereditaments") == [
        "Liable hereditaments (first year)",
        "8,180",
        "8,180",
        "",
        "",
        "6,180",
        "(2,000)",
        "-24.4%",
    ]
    assert dialog.metric_row(BRS, "liable_rv")[5:] == ["£1,398,000,000", "(£112,000,000)", "-7.4%"]
    # the gross supplement is 2p in the pound of liable RV: 2% of £112m is £2,240,000
    assert dialog.metric_row(BRS, "first_year_gross_yield")[6] == "(£2,240,000)"
    shoot(dialog, "compare-metrics")


def test_unticked_scenarios_leave_the_table_and_a_run_filter(dialog):
    dialog.set_chosen(["Threshold £70,000"])
    assert dialog.metrics.columnCount() == 5
    dialog.only_differences.setChecked(True)
    select(dialog.run_filter, HF)
    assert dialog.metrics.rowCount() == 1  # nothing of Housing First differs in that scenario
    assert dialog.metrics.item(0, 0).text() == "No metric differs from the baseline in the scenarios chosen."
    select(dialog.run_filter, BRS)
    labels = [dialog.metrics.item(r, 0).text() for r in range(1, dialog.metrics.rowCount())]
    assert "Liable hereditaments (first year)" in labels and "Ballot required" not in labels


def test_checks_that_differ(dialog):
    dialog.set_chosen(["Slower intake", "Threshold £70,000"])
    rows = [[dialog.checks.item(r, c).text() for c in range(6)] for r in range(dialog.checks.rowCount())]
    assert rows == [
        [
            "Slower intake",
            HF,
            "Grant covers costs in every year",
            "FAILS",
            "passes",
            "The cumulative grant covers the cumulative cost in every year",
        ]
    ]
    assert dialog.tabs.tabText(1) == "Checks that differ (1)"
    dialog.tabs.setCurrentIndex(1)
    shoot(dialog, "compare-checks")
    dialog.set_chosen(["Threshold £70,000"])
    assert dialog.tabs.tabText(1) == "Checks that differ (0)"
    assert dialog.checks.item(0, 0).text().startswith("No check passes or fails differently")


def test_an_annual_line_overlaid_with_a_read_out_and_png(dialog, tmp_path):
    dialog.set_chosen(["Threshold £70,000", "No site value uplift"])
    dialog.tabs.setCurrentIndex(2)
    select(dialog.chart_run, PROGRAMME)
    select(dialog.chart_line, "revenue_balance")
    chart = dialog.chart
    assert list(chart.series) == ["Baseline", "Threshold £70,000", "No site value uplift"]
    expected = {
        name: PROJECT.evaluate(name)[PROGRAMME].trial(0).annual["revenue_balance"].to_numpy() for name in chart.series
    }
    for name, values in chart.series.items():
        np.testing.assert_allclose(values, expected[name])
    year = chart.years.index("2027-28")
    chart.show_year(year)
    text = chart.readout.text()
    assert "<b>2027-28</b>" in text
    for name in chart.series:
        assert f"{name}: <b>{formatting.money(expected[name][year])}</b>" in text
    # the higher threshold raises less supplement, a revenue source: the revenue balance is lower that year
    assert expected["Threshold £70,000"][year] < expected["Baseline"][year]
    target = tmp_path / "comparison.png"
    chart.export_png(str(target))
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    shoot(dialog, "compare-chart")


def test_a_project_without_scenarios_shows_the_baseline_alone(qtbot):
    import dataclasses

    alone = CompareDialog(dataclasses.replace(PROJECT, scenarios=()))
    qtbot.addWidget(alone)
    with qtbot.waitSignal(alone.worker.finished, timeout=WAIT):
        pass
    assert alone.status.text() == "This project has no scenarios yet: add one to compare."
    assert alone.metric_row(BRS, "liable_hereditaments") == ["Liable hereditaments (first year)", "8,180"]
    assert list(alone.chart.series) == ["Baseline"]


def test_six_scenarios_at_1366_by_768_with_columns_hidden_reordered_and_taken_away(qtbot, tmp_path):
    from openpyxl import load_workbook
    from PySide6.QtGui import QGuiApplication

    from planner.project.document import add_scenario

    project = PROJECT
    for i in range(6 - len(project.scenario_names)):
        project = add_scenario(project, f"Rent {i + 1}", changes=[(HF, "support_years", 3 + i)])
    found = CompareDialog(project)
    qtbot.addWidget(found)
    with qtbot.waitSignal(found.worker.finished, timeout=WAIT):
        pass
    assert len(found.chosen()) == 6
    found.resize(1366, 768)
    header = found.metrics.horizontalHeader()
    assert header.sectionsMovable()
    found.metrics.setColumnHidden(4, True)  # the first scenario's "%"
    header.moveSection(5, 2)  # the second scenario's value beside the baseline
    header.moveSection(0, 3)  # the metric names are pinned: they come back to the first column
    assert header.visualIndex(0) == 0
    found.show()
    shoot(found, "compare-six-scenarios")
    found.takeaway.copy()
    first = QGuiApplication.clipboard().mimeData().text().splitlines()[0].split("\t")
    second = found.chosen()[1]
    assert first[:4] == ["Metric", "Baseline", second, found.chosen()[0]] and first.count("%") == 5
    book = load_workbook(found.takeaway.export_excel(str(tmp_path / "compare.xlsx")))
    sheet = book["Metrics"]
    assert [c.value for c in sheet[4]][:4] == ["Run", "Metric", "Baseline", found.chosen()[0]]
    assert sheet["A1"].value.startswith("Scenario comparison: summary metrics — " + project.title)


def test_the_movement_tab_bridges_two_scenarios(qtbot, dialogs):
    from planner.analysis.bridge import explain
    from planner.project.project_file import load_project
    from tests.ui.helpers import EXAMPLE, PROGRAMME
    from ui.analysis.base import select
    from ui.compare_dialog import CompareDialog

    project = load_project(EXAMPLE)
    dialog = CompareDialog(project)
    qtbot.addWidget(dialog)
    tab = dialog.movement
    select(tab.end, "Threshold £70,000")
    select(tab.run, PROGRAMME)
    select(tab.metric, "peak_cumulative_gap")
    bridge = explain(project, "Baseline", "Threshold £70,000", "peak_cumulative_gap", PROGRAMME)
    assert tab.bridge.steps[0].shapley == bridge.steps[0].shapley
    assert tab.table.rowCount() == len(bridge.steps) + 2
    assert tab.table.item(1, 0).text().startswith("1. RV threshold")
    from planner import formatting

    assert tab.table.item(tab.table.rowCount() - 1, 3).text() == formatting.metric(bridge.end, "money")
    select(tab.start, "Threshold £70,000")
    assert "No input that moves" in tab.note.text()
