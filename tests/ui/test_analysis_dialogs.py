"""The analysis dialogs on the example project: tornado, Monte Carlo (progress and cancel), goal
seek and the named solvers, and the background worker they share. Each dialog is also rendered
offscreen to screenshots/ for a person to look at."""

from __future__ import annotations

import sys
import threading

import pytest

from planner import formatting
from planner.analysis.montecarlo import Cancelled, monte_carlo, share_text
from planner.analysis.sensitivity import tornado
from planner.analysis.solvers import cap_needed, most_homes
from planner.errors import PlannerError
from planner.project.project_file import load_project
from tests.ui.helpers import BRS, EXAMPLE, HF, HRA, WAIT, shoot
from ui.analysis.base import select
from ui.analysis.goal_seek_dialog import GoalSeekDialog
from ui.analysis.montecarlo_dialog import MonteCarloDialog, lines_to_keep
from ui.analysis.tornado_dialog import TornadoDialog
from ui.workers import Worker

PROJECT = load_project(EXAMPLE)
BASE = PROJECT.resolve("Baseline")


def run_job(qtbot, start):
    """Start a dialog's job and wait for its result (or fail with the message it reported)."""
    worker = start()
    assert worker is not None
    problems = []
    worker.failed.connect(problems.append)
    with qtbot.waitSignal(worker.done, timeout=WAIT):
        pass
    assert not problems, problems
    return worker


# --- the worker ---------------------------------------------------------------------------


def test_worker_reports_result_problem_bug_and_cancel(qtbot):
    worker = Worker(lambda a, b: a + b, 2, 3)
    with qtbot.waitSignal(worker.finished, timeout=WAIT) as got:
        worker.start()
    assert got.args == [5] and not worker.running

    def refuse():
        raise PlannerError(["first problem", "second problem"])

    worker = Worker(refuse)
    with qtbot.waitSignal(worker.failed, timeout=WAIT) as got:
        worker.start()
    assert got.args == ["first problem\nsecond problem"]

    worker = Worker(lambda: 1 / 0)
    with qtbot.waitSignal(worker.failed, timeout=WAIT) as got:
        worker.start()
    assert got.args[0].startswith("unexpected error (ZeroDivisionError)")

    def chunks(progress, cancel):
        for done in (1, 2, 3):
            if cancel.is_set():
                raise Cancelled(f"cancelled after {done - 1} of 3")
            progress(done, 3)
            if done == 1:
                assert released.wait(WAIT / 1000)
        return "all done"

    released = threading.Event()
    worker = Worker(chunks, progress=True, cancel=True)
    worker.progress.connect(lambda done, total: (worker.cancel(), released.set()))
    with qtbot.waitSignal(worker.cancelled, timeout=WAIT) as got:
        worker.start()
    assert got.args == ["cancelled after 1 of 3"]


def test_a_job_that_ends_after_cancel_is_pressed_changes_nothing(qtbot):
    """Cancel pressed while the job's result is on its way to the window: the result is dropped
    and `cancelled` said instead, as if the job had stopped (a rating list read that ends first)."""
    worker = Worker(lambda: "read")
    finished = []
    worker.finished.connect(finished.append)
    worker.start()
    assert worker.wait(WAIT)  # the job is done; its result waits for the event loop
    worker.cancel()
    with qtbot.waitSignal(worker.cancelled, timeout=WAIT) as got:
        pass
    assert got.args == ["cancelled"] and finished == []


@pytest.mark.parametrize(
    "module", ["ui.analysis.plots", "ui.analysis.common", "ui.analysis.mc_inputs", "ui.analysis.montecarlo_dialog"]
)
def test_doctests(module):
    import doctest
    import importlib

    failed, tried = doctest.testmod(importlib.import_module(module))
    assert tried > 0 and failed == 0


def test_thousands_of_progress_signals_keep_their_references(qtbot):
    """PySide6 6.12.0 on Python 3.11 dropped a reference to True on every emit and aborted the
    app after a few thousand; pyproject excludes it, and this guards against a repeat."""
    before = sys.getrefcount(True)
    seen = []
    worker = Worker(lambda progress: [progress(i, 20_000) for i in range(1, 20_001)] and "done", progress=True)
    worker.progress.connect(lambda done, total: seen.append(done))
    with qtbot.waitSignal(worker.finished, timeout=WAIT) as got:
        worker.start()
    assert got.args == ["done"] and len(seen) == 20_000 and seen[-1] == 20_000
    if sys.version_info < (3, 12):  # immortal from 3.12, where the count means nothing
        assert before - sys.getrefcount(True) < 1_000


# --- tornado ------------------------------------------------------------------------------


def test_tornado_top_bar_is_the_input_with_the_largest_swing(qtbot):
    dialog = TornadoDialog(PROJECT, "Baseline", HF)
    qtbot.addWidget(dialog)
    select(dialog.metric_box, "closing_balance")
    chosen = dialog.chosen_inputs()
    # by default neither the settings (whole years of support) nor what a tie-out fixes (the tranches)
    assert "support_years" not in chosen and not any(p.startswith("tranches") for p in chosen) and "award" not in chosen
    assert "support_cost_per_person_year" in chosen
    run_job(qtbot, dialog.run)
    expected = tornado(BASE, HF, "closing_balance", chosen)
    assert dialog.chart.labels[0] == expected.rows[0].label == "Tenancy sustainment a year"
    assert dialog.chart.labels == [r.label for r in expected.rows[:12]]
    first = [dialog.table.item(0, c).text() for c in range(6)]
    assert first == ["Tenancy sustainment a year", "72%", "£816,228", "88%", "(£914,637)", "£1,730,865"]
    assert dialog.table.rowCount() == len(expected.rows) == len(chosen) == 11
    dialog.set_varied("tranches[1].amount", True)  # asked for: varied after all
    run_job(qtbot, dialog.run)
    assert "Grant tranches, row 1: Amount" in dialog.chart.labels
    assert "base (£1,658)" in dialog.status.text()
    dialog.resize(1000, 760)
    shoot(dialog, "tornado")


def test_tornado_results_are_taken_away_as_png_text_and_excel(qtbot, tmp_path):
    """Save as PNG: print width, titled with project, run, scenario and date; Copy: the table as
    tab-separated text and the chart as an image; Export: a workbook of the figures as numbers."""
    import datetime as dt

    from openpyxl import load_workbook
    from PySide6.QtGui import QGuiApplication, QImage

    from ui.analysis.takeaway import PRINT_WIDTH

    dialog = TornadoDialog(PROJECT, "Baseline", HF)
    qtbot.addWidget(dialog)
    assert not dialog.takeaway.png_button.isEnabled()  # nothing to take before a run
    select(dialog.metric_box, "closing_balance")
    run_job(qtbot, dialog.run)
    dialog.resize(1000, 760)
    dialog.show()
    title = dialog.take_title()
    today = dt.date.today()
    assert title == f"{PROJECT.title} — {HF} — Baseline — {today.day} {today:%B %Y}"
    path = dialog.takeaway.save_png(str(tmp_path / "tornado"))
    image = QImage(path)
    assert path.endswith(".png") and image.width() == PRINT_WIDTH and image.height() > PRINT_WIDTH / 3
    dialog.takeaway.copy()
    copied = QGuiApplication.clipboard().mimeData()
    lines = copied.text().splitlines()
    assert lines[0].split("\t")[0] == "Input" and lines[1].startswith("Tenancy sustainment a year\t72%")
    assert copied.hasImage()
    book = load_workbook(dialog.takeaway.export_excel(str(tmp_path / "tornado.xlsx")))
    sheet = book["Tornado"]
    assert sheet["A1"].value == f"Tornado of {dialog.result.metric_label} — {title}"
    assert sheet["A5"].value == "Tenancy sustainment a year" and sheet["C5"].value == pytest.approx(0.72)
    assert sheet["G5"].value == pytest.approx(dialog.result.rows[0].swing)


def test_tornado_over_declared_ranges_and_a_year_metric(qtbot):
    dialog = TornadoDialog(PROJECT, "Baseline", HRA)
    qtbot.addWidget(dialog)
    select(dialog.metric_box, "first_cap_breach_year")
    dialog.range.setChecked(True)
    run_job(qtbot, dialog.run)
    expected = tornado(BASE, HRA, "first_cap_breach_year", mode="range")
    assert dialog.result.mode == "range"
    assert dialog.chart.labels[0] == expected.rows[0].label
    top = expected.rows[0]
    assert dialog.table.item(0, 2).text() == (expected.years[int(top.metric_low)] if top.metric_low >= 0 else "never")


# --- Monte Carlo --------------------------------------------------------------------------


def monte_carlo_dialog(qtbot, trials: int, chunk: int) -> MonteCarloDialog:
    dialog = MonteCarloDialog(PROJECT, "Baseline", HRA)
    qtbot.addWidget(dialog)
    assert not dialog.run_button.isEnabled()  # nothing ticked yet
    dialog.inputs.set_varied("weekly_rent", True, "triangular", "76, 80, 86")
    assert dialog.run_button.isEnabled()
    dialog.inputs.set_varied("new_debt_rate", True, "normal", "3%, 0.5%")
    dialog.trials.setValue(trials)
    dialog.chunk = chunk
    select(dialog.results.line_box, "closing_debt")
    select(dialog.results.metric_box, "peak_debt")
    return dialog


def test_monte_carlo_reports_progress_and_the_planners_percentiles(qtbot):
    dialog = monte_carlo_dialog(qtbot, 4_000, 1_000)
    seen = []
    dialog.progress.valueChanged.connect(seen.append)  # the bar moves on the worker's progress signals
    with qtbot.waitSignal(dialog.progress.valueChanged, check_params_cb=lambda done: done > 0, timeout=WAIT):
        dialog.run_button.click()
    assert not dialog.run_button.isEnabled() and dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=WAIT)
    assert seen == [0, 1_000, 2_000, 3_000, 4_000] and dialog.progress.text() == "4,000 of 4,000 trials"
    expected = monte_carlo(
        BASE, HRA, {"weekly_rent": "triangular(76, 80, 86)", "new_debt_rate": "normal(3%, 0.5%)"}, 4_000, seed=1
    )
    peak = dialog.result.metrics["peak_debt"]
    assert peak.percentiles == expected.metrics["peak_debt"].percentiles
    row = [dialog.results.metrics.item(0, c).text() for c in range(7)]
    assert row[0] == "Peak debt" and row[3] == formatting.money(peak.percentiles[50])
    cap = next(c for c in expected.checks if c.name == "Debt cap")
    at = next(
        r for r in range(dialog.results.checks.rowCount()) if dialog.results.checks.item(r, 0).text() == "Debt cap"
    )
    cells = [dialog.results.checks.item(at, c).text() for c in range(3)]
    assert cells == ["Debt cap", share_text(cap.p_fail), cap.median_year or "–"]
    assert set(dialog.result.lines) == set(expected.lines)  # 31 lines × 30 years × 4,000 trials fit the budget
    assert dialog.run_button.isEnabled() and not dialog.cancel_button.isEnabled()
    dialog.resize(1280, 780)
    for tab, name in enumerate(("montecarlo-fan", "montecarlo-histogram", "montecarlo-checks")):
        dialog.results.setCurrentIndex(tab)
        shoot(dialog, name)


def test_monte_carlo_drivers_trials_and_take_away(qtbot, tmp_path):
    import csv

    from openpyxl import load_workbook
    from PySide6.QtGui import QImage

    from planner.analysis.drivers import drivers

    dialog = monte_carlo_dialog(qtbot, 2_000, 1_000)
    assert dialog.results.line_box.currentData() == "closing_debt"  # the fan opens on the debt, not line one
    table = dialog.inputs
    headings = [table.item(r, 0).text() for r, p in enumerate(table.paths) if p == ""]
    assert headings[:2] == [f"{HRA} › Stock and rents", f"{HRA} › Right to Buy"]  # grouped by run and table
    assert any(h.endswith("› New-build programme") for h in headings)
    assert table.label("rtb_max_share_of_cost") == "Receipts' maximum share of a home's cost"  # in full
    select(dialog.results.drivers.metric_box, "peak_debt")
    dialog.run_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=WAIT)
    expected = drivers(dialog.result, "peak_debt")
    shown = [[dialog.results.drivers.table.item(r, c).text() for c in range(3)] for r in range(2)]
    assert shown[0] == [expected.rows[0].label, f"{expected.rows[0].rho:+.2f}", f"{expected.rows[0].contribution:.0%}"]
    assert "Spearman rank correlation" in dialog.results.drivers.method.text()
    rows = list(csv.reader(open(dialog.save_trials(str(tmp_path / "trials.csv")), encoding="utf-8")))
    assert len(rows) == 2_001 and rows[0][:3] == ["Trial", "Average weekly rent", "Rate on new borrowing"]
    book = load_workbook(dialog.save_trials(str(tmp_path / "trials.xlsx")))
    assert book["Trials"]["B5"].value == pytest.approx(dialog.result.samples["weekly_rent"][0])
    dialog.resize(1366, 768)
    dialog.results.setCurrentIndex(4)
    shoot(dialog, "montecarlo-drivers")
    image = QImage(dialog.takeaway.save_png(str(tmp_path / "drivers.png")))
    assert image.width() == 2400
    book = load_workbook(dialog.takeaway.export_excel(str(tmp_path / "mc.xlsx")))
    assert book.sheetnames == ["Metrics", "Check risk", "Drivers"]
    assert book["Drivers"]["B5"].value == pytest.approx(expected.rows[0].rho)


def test_cancel_stops_a_monte_carlo_between_chunks(qtbot):
    dialog = monte_carlo_dialog(qtbot, 100_000, 1_000)
    with qtbot.waitSignal(dialog.progress.valueChanged, check_params_cb=lambda done: done > 0, timeout=WAIT):
        dialog.run_button.click()
    worker = dialog.worker
    with qtbot.waitSignal(worker.cancelled, timeout=WAIT) as stopped:
        dialog.cancel_button.click()
    done = int(stopped.args[0].split()[2].replace(",", ""))
    assert stopped.args[0] == f"cancelled after {done:,} of 100,000 trials" and 1_000 <= done < 100_000
    assert dialog.result is None and dialog.status.text().startswith("cancelled after")
    assert dialog.progress.value() < 100_000
    assert dialog.run_button.isEnabled() and not dialog.cancel_button.isEnabled()


def test_default_distributions_are_the_value_and_ten_percent_either_side(qtbot):
    dialog = MonteCarloDialog(PROJECT, "Baseline", HF)
    qtbot.addWidget(dialog)
    for path in ("support_cost_per_person_year", "retention_rate", "support_years", "award"):
        dialog.inputs.set_varied(path)
    dialog.inputs.set_varied("cost_inflation", True, "normal")
    assert dialog.inputs.varied() == {
        "award": "triangular(8.64m, 9.6m, 10.56m)",
        "support_cost_per_person_year": "triangular(3780, 4200, 4620)",
        "support_years": "triangular(4, 5, 6)",  # a whole number rounds outwards
        "retention_rate": "triangular(72%, 80%, 88%)",
        "cost_inflation": "normal(0%, 0%)",  # a base of 0 has no spread: every trial holds 0
    }
    dialog.search.setText("grant tranches")  # the ticked inputs stay in view
    shown = [p for row, p in enumerate(dialog.inputs.paths) if not dialog.inputs.isRowHidden(row)]
    assert shown == [
        "award",
        "support_cost_per_person_year",
        "support_years",
        "retention_rate",
        "cost_inflation",
        "tranches[1].amount",
        "tranches[2].amount",
        "tranches[3].amount",
    ]


def test_a_programme_monte_carlo_varies_the_inputs_of_its_linked_runs(qtbot):
    programme, brs = "WMCA Funding for Growth programme", "WMCA BRS: 2p over £50,000 RV"
    dialog = MonteCarloDialog(PROJECT, "Baseline", programme)
    qtbot.addWidget(dialog)
    rate = f"{brs}::collection_rate"
    assert {"borrowing_rate", rate, "Land value capture and Enterprise Zone rates::occupancy"} <= set(
        dialog.inputs.paths
    )
    assert dialog.inputs.label(rate) == f"{brs} › Collection rate"
    dialog.inputs.set_varied(rate, True, "triangular", "90%, 97%, 99%")
    dialog.inputs.set_varied("borrowing_rate", True, "normal", "4.5%, 0.5%")
    dialog.correlations.setChecked(True)
    dialog.correlations.add_pair(rate, "borrowing_rate", 0.3)
    dialog.trials.setValue(2_000)
    run_job(qtbot, dialog.run)
    varied = dialog.inputs.varied()  # in the table's order: the programme's own inputs first
    assert varied == {"borrowing_rate": "normal(4.5%, 0.5%)", rate: "triangular(90%, 97%, 99%)"}
    expected = monte_carlo(BASE, programme, varied, 2_000, seed=1, correlation={(rate, "borrowing_rate"): 0.3})
    assert dialog.result.metrics["total_funding"] == expected.metrics["total_funding"]
    assert dialog.result.labels[rate] == f"{brs} › Collection rate"
    select(dialog.results.line_box, "cumulative_gap")
    shoot(dialog, "montecarlo-programme")


def test_only_the_charted_line_is_kept_when_every_line_would_not_fit():
    assert lines_to_keep(["a", "b", "c"], "b", 10_000, 30) == ["a", "b", "c"]
    assert lines_to_keep([f"l{i}" for i in range(31)], "l3", 1_000_000, 30) == ["l3"]


def test_monte_carlo_refuses_a_correlation_of_an_input_not_varied(qtbot):
    dialog = monte_carlo_dialog(qtbot, 1_000, 1_000)
    dialog.correlations.setChecked(True)
    dialog.correlations.add_pair("weekly_rent", "void_rate", 0.4)
    assert dialog.run() is None
    assert dialog.status.text() == (
        "correlation row 1: tick Void rate in the inputs table to vary it, or remove the pair"
    )


# --- goal seek and the named questions ----------------------------------------------------


def test_goal_seek_a_hand_checkable_target_and_apply_it(qtbot):
    dialog = GoalSeekDialog(PROJECT, "Baseline", BRS)
    qtbot.addWidget(dialog)
    select(dialog.input_box, "multiplier_pence")
    select(dialog.metric_box, "first_year_gross_yield")
    # gross supplement = liable RV × multiplier / 100: £1,510m of liable RV at 1.5p is £22.65m
    dialog.target.setText("22.65m")
    run_job(qtbot, dialog.seek)
    path, value = dialog.answer
    assert path == "multiplier_pence" and value == pytest.approx(1.5, abs=1e-9)
    assert "= 1.5p</b> gives Gross supplement, first year of £22,650,000" in dialog.answer_label.text()
    with qtbot.waitSignal(dialog.value_chosen, timeout=WAIT) as chosen:
        dialog.apply_button.click()
    assert chosen.args[:2] == [BRS, "multiplier_pence"] and chosen.args[2] == pytest.approx(1.5, abs=1e-9)
    assert not dialog.apply_button.isEnabled()
    shoot(dialog, "goal-seek")


def test_a_whole_number_input_gives_the_nearer_value_with_the_planners_note(qtbot):
    dialog = GoalSeekDialog(PROJECT, "Baseline", HF)
    qtbot.addWidget(dialog)
    select(dialog.input_box, "support_years")
    select(dialog.metric_box, "closing_balance")
    dialog.target.setText("0")
    run_job(qtbot, dialog.seek)
    note = "Note: no value gives exactly £0: 4 years gives £95,110 and 5 years gives (£1,658)."
    assert note in dialog.answer_label.text()
    with qtbot.waitSignal(dialog.value_chosen, timeout=WAIT) as chosen:
        dialog.apply()
    assert chosen.args == [HF, "support_years", 5] and isinstance(chosen.args[2], int)


def test_goal_seek_on_homes_answers_whole_homes_that_meet_the_target(qtbot, tmp_path):
    """Homes are counted whole, the answer meets "at most" the target, and no internal call count
    reaches the reader."""
    from openpyxl import load_workbook

    from planner.analysis.sensitivity import evaluate_with

    dialog = GoalSeekDialog(PROJECT, "Baseline", HRA)
    qtbot.addWidget(dialog)
    select(dialog.input_box, "extra_units_per_year")
    select(dialog.metric_box, "peak_debt")
    select(dialog.side_box, "at_most")
    dialog.target.setText("150m")
    run_job(qtbot, dialog.seek)
    path, homes = dialog.answer
    assert homes == int(homes)
    debt = evaluate_with(BASE, HRA, {path: [homes, homes + 1]}).summary["peak_debt"]
    assert debt[0] <= 150e6 < debt[1]
    assert f"= {int(homes):,} homes a year</b>" in dialog.answer_label.text()
    assert "call" not in dialog.status.text() and "call" not in dialog.answer_label.text()
    book = load_workbook(dialog.takeaway.export_excel(str(tmp_path / "goal.xlsx")))
    assert book["Goal seek"]["B6"].value == f"{int(homes):,} homes a year"
    dialog.resize(1366, 768)
    shoot(dialog, "goal-seek-homes")


def test_goal_seek_says_when_no_value_reaches_the_target(qtbot):
    dialog = GoalSeekDialog(PROJECT, "Baseline", HF)
    qtbot.addWidget(dialog)
    select(dialog.input_box, "support_cost_per_person_year")
    select(dialog.metric_box, "closing_balance")
    dialog.target.setText("20m")
    worker = dialog.seek()
    with qtbot.waitSignal(worker.failed, timeout=WAIT):
        pass
    assert dialog.status.text() == (
        "no support_cost_per_person_year (Support cost per person a year) from £0 to £10,000,000,000 gives "
        "closing_balance of £20,000,000: the most it reaches is £6,381,250 at £0"
    )
    assert dialog.answer is None and not dialog.apply_button.isEnabled()
    dialog.target.setText("lots")
    assert dialog.seek() is None and "the target 'lots' is not a number" in dialog.status.text()
    assert dialog.solvers.isHidden()  # Housing First has no named questions


def test_hra_most_homes_and_cap_needed_buttons(qtbot):
    dialog = GoalSeekDialog(PROJECT, "Baseline", HRA)
    qtbot.addWidget(dialog)
    assert sorted(dialog.solvers.buttons) == ["cap_needed", "max_homes"]
    run_job(qtbot, lambda: (dialog.solvers.buttons["max_homes"].click(), dialog.worker)[1])
    homes = most_homes(BASE, HRA)
    assert dialog.answer == ("extra_units_per_year", homes.value) and homes.value == 31
    assert dialog.answer_label.text().startswith("<b>31 homes a year</b>")
    with qtbot.waitSignal(dialog.value_chosen, timeout=WAIT) as chosen:
        dialog.apply()
    assert chosen.args == [HRA, "extra_units_per_year", 31.0]  # a "number" input: the model takes 31.0
    shoot(dialog, "goal-seek-hra")
    run_job(qtbot, lambda: (dialog.solvers.buttons["cap_needed"].click(), dialog.worker)[1])
    assert dialog.answer == ("debt_cap", cap_needed(BASE, HRA).value)
    assert "£111,869,537" in dialog.answer_label.text()


def test_brs_multiplier_needed_button(qtbot):
    dialog = GoalSeekDialog(PROJECT, "Baseline", BRS)
    qtbot.addWidget(dialog)
    assert sorted(dialog.solvers.buttons) == ["brs_multiplier", "brs_threshold"]
    run_job(qtbot, lambda: (dialog.solvers.buttons["brs_multiplier"].click(), dialog.worker)[1])
    path, value = dialog.answer
    assert path == "multiplier_pence" and round(value, 3) == 2.224
    assert "above the Act's 2p cap" in dialog.answer_label.text().replace("&#x27;", "'")


def test_closing_the_monte_carlo_window_lets_go_of_the_kept_work_buffers(qtbot):
    from models.core import buffers

    dialog = monte_carlo_dialog(qtbot, 10_000, None)
    run_job(qtbot, dialog.run)
    assert buffers.kept_bytes() > 50_000_000  # the HRA's buffers wait for the next run
    dialog.reject()
    assert buffers.kept_bytes() == 0


# --- two-way data table and spider chart ----------------------------------------------------


def test_data_table_base_cell_is_a_plain_run_and_is_marked(qtbot, tmp_path):
    from openpyxl import load_workbook
    from PySide6.QtGui import QGuiApplication

    from planner.analysis.sensitivity import evaluate_with
    from ui.analysis.data_table_dialog import DataTableDialog

    dialog = DataTableDialog(PROJECT, "Baseline", HRA)
    qtbot.addWidget(dialog)
    select(dialog.metric_box, "min_headroom")
    select(dialog.row_box, "weekly_rent")
    select(dialog.column_box, "extra_units_per_year")
    dialog.steps.setValue(2)
    run_job(qtbot, dialog.run)
    t = dialog.table_result
    plain = evaluate_with(BASE, HRA, {}).summary["min_headroom"][0]
    i, j = t.base_cell
    assert t.values[i, j] == plain and dialog.grid.item(i, j).font().bold()
    assert dialog.grid.item(i, j).text() == formatting.money(plain)
    assert [dialog.grid.horizontalHeaderItem(c).text() for c in (j - 1, j)] == ["28 homes a year", "31 homes a year"]
    assert not dialog.grid.item(0, 0).font().bold()
    assert dialog.grid.item(0, j).background().color() != dialog.grid.item(4, j).background().color()
    dialog.takeaway.copy()
    lines = QGuiApplication.clipboard().mimeData().text().splitlines()
    assert lines[0].split("\t")[1:3] == [dialog.grid.horizontalHeaderItem(c).text() for c in (0, 1)]
    assert lines[i + 1].split("\t")[j + 1] == formatting.money(plain)
    book = load_workbook(dialog.takeaway.export_excel(str(tmp_path / "table.xlsx")))
    assert book["Two-way table"].cell(5 + i, 2 + j).value == pytest.approx(plain)
    assert book.sheetnames == ["Two-way table", "Spider"]
    dialog.resize(1366, 768)
    shoot(dialog, "data-table")
    dialog.tabs.setCurrentIndex(1)
    shoot(dialog, "spider-chart")
    assert dialog.spider_result.values.shape == (6, 5)
