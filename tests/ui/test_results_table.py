"""The Results tab's table models and the charts' data, over real results of the example runs."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from planner import formatting
from planner.charts.definitions import charts_for
from planner.project.project_file import load_project
from tests.ui.helpers import BRS, EXAMPLE, HF, HRA, LVC, PROGRAMME
from ui.checks_panel import master_check
from ui.results_table import NEGATIVE, RAW, AnnualModel, SummaryModel, money_text

PROJECT = load_project(EXAMPLE)
OUTCOMES = PROJECT.evaluate()
RESULTS = {name: outcome.trial(0) for name, outcome in OUTCOMES.items()}
INPUTS = {r.name: r.inputs for r in PROJECT.resolve()}
H = Qt.Orientation.Horizontal
V = Qt.Orientation.Vertical


@pytest.fixture
def annual(qtbot):
    from planner.registry import get_spec

    model = AnnualModel()
    model.set_result(RESULTS[HF], get_spec("housing_first"))
    return model


def _cell(model, line: str, column: int, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(model.keys.index(line), column), role)


def test_years_across_lines_down_and_a_total_column(annual):
    assert [annual.headerData(c, H) for c in range(annual.columnCount())] == [
        "2018-19",
        "2019-20",
        "2020-21",
        "2021-22",
        "2022-23",
        "Total",
    ]
    assert annual.headerData(0, V) == "People housed (people, expected)"  # 25% of 55 a year: 13.75
    assert annual.headerData(annual.keys.index("support_cost"), V) == "Support cost"
    assert annual.headerData(annual.keys.index("caseload:Dudley"), V) == "People supported — Dudley (people, expected)"
    assert _cell(annual, "grant", 5, RAW) == 9_600_000  # £1.44m + £3m + £5.16m
    assert _cell(annual, "grant", 0) == "£1,440,000"
    assert _cell(annual, "funding_balance", 5) == ""  # a balance is not totalled over the years
    assert _cell(annual, "total_cost", 5, Qt.ItemDataRole.FontRole).bold()


def test_negatives_in_brackets_and_red_in_every_unit(annual):
    # costs run £1,658 ahead of the grant by 2022-23
    assert _cell(annual, "funding_balance", 4, RAW) == pytest.approx(-1658)
    assert _cell(annual, "funding_balance", 4) == "(£1,658)"
    assert _cell(annual, "funding_balance", 4, Qt.ItemDataRole.ForegroundRole) == NEGATIVE
    annual.set_scale("£000")
    assert _cell(annual, "funding_balance", 4) == "(2)"
    annual.set_scale("£m")
    assert _cell(annual, "grant", 2) == "5.2"
    assert _cell(annual, "funding_balance", 4) == "–"  # £0.0m: shown as nothing, and not red
    assert _cell(annual, "funding_balance", 4, Qt.ItemDataRole.ForegroundRole) is None


@pytest.mark.parametrize(
    ("value", "scale", "text"),
    [
        (-1_234_567, "£000", "(1,235)"),
        (0.0, "£m", "–"),
        (2_500_000, "£", "£2,500,000"),
        (1_440_000, "£m", "1.4"),
        (-0.4, "£", "–"),
        (float("nan"), "£000", "–"),
    ],
)
def test_money_cells(value, scale, text):
    assert money_text(value, scale) == text


def test_a_selection_copies_as_tab_separated_numbers_for_excel(qtbot, annual):
    from PySide6.QtCore import QItemSelection, QItemSelectionModel
    from PySide6.QtGui import QGuiApplication

    from ui.table_view import CopyableTable

    view = CopyableTable()
    qtbot.addWidget(view)
    view.setModel(annual)
    grant = annual.keys.index("grant")
    block = QItemSelection(annual.index(grant, 0), annual.index(grant + 1, 1))
    view.selectionModel().select(block, QItemSelectionModel.SelectionFlag.Select)
    assert view.copy_selection() == "1440000\t3000000\n1440000\t4440000\n"
    assert QGuiApplication.clipboard().text() == "1440000\t3000000\n1440000\t4440000\n"
    assert view.copy_selection(headings=True) == (
        "\t2018-19\t2019-20\nGrant received\t1440000\t3000000\nCumulative grant\t1440000\t4440000\n"
    )


def test_summary_metrics_shown_by_their_kind(qtbot):
    from planner.registry import get_spec

    model = SummaryModel()
    model.set_result(RESULTS[HF], get_spec("housing_first"))
    pairs = {
        model.index(r, c).data(): model.index(r, c + 1).data()
        for r in range(model.rowCount())
        for c in (0, 2)
        if model.index(r, c).data()
    }
    assert pairs["Grant received"] == "£9,600,000"
    assert pairs["People housed"] == "675"
    assert pairs["First year the funding balance is negative"] == "2022-23"
    assert pairs["Funding balance at the end"] == "(£1,658)"
    assert len(pairs) == len(RESULTS[HF].summary)


def test_each_models_charts_draw_its_results_lines():
    brs = {c.title: c for c in charts_for(RESULTS[BRS], INPUTS[BRS])}
    net = brs["Net yield of the supplement"].series[0]
    assert net.kind == "bar" and np.array_equal(net.values, RESULTS[BRS].annual["net"].to_numpy())
    assert brs["Loan repaid from the levy"].events == [(24, "Loan repaid")]  # 2045-46, the 25th year

    lvc = charts_for(RESULTS[LVC], INPUTS[LVC])[0]
    assert [s.name for s in lvc.series] == ["Site value uplift captured", "Retained business rates", "Tariff receipts"]
    stacked = sum(s.values for s in lvc.series)
    assert np.allclose(stacked, RESULTS[LVC].annual["total_receipts"].to_numpy())  # the stack is the total

    hf = charts_for(RESULTS[HF], INPUTS[HF])[1]
    assert hf.events == [(0, "Tranche £1.44m"), (1, "Tranche £3m"), (2, "Tranche £5.16m")]

    hra = {c.title: c for c in charts_for(RESULTS[HRA], INPUTS[HRA])}
    cap = next(s for s in hra["Debt against the cap"].series if s.name == "Debt cap")
    assert cap.kind == "level" and cap.values[0] == 112_600_000
    assert next(s for s in hra["Interest cover against its threshold"].series if s.kind == "level").values[0] == 1.25

    programme = charts_for(RESULTS[PROGRAMME], INPUTS[PROGRAMME])[0]
    sources = [s for s in programme.series if s.stacked]
    assert len(sources) == 8 and sources[-1].name == "Other sources (15)"  # 22 sources: the 7 largest, the rest
    assert np.allclose(sum(s.values for s in sources), RESULTS[PROGRAMME].annual["total_sources"].to_numpy())


def test_a_chart_reads_out_a_year_and_saves_as_png(qtbot, tmp_path):
    from ui.charts import ChartView

    chart = charts_for(RESULTS[HF], INPUTS[HF])[1]
    view = ChartView(chart)
    qtbot.addWidget(view)
    view.resize(700, 420)
    view.show()
    text = view.read_out(2)
    assert "<b>2020-21</b>" in text and "Cumulative grant: £9.6m" in text
    view.export_png(str(tmp_path / "balance.png"))
    assert (tmp_path / "balance.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_master_check_counts_every_run():
    # Housing First's 2022-23 shortfall, and three of the programme's (docs/appraisal.md: the example)
    assert master_check(RESULTS) == (False, "4 checks fail: local policy")
    passing = {name: r for name, r in RESULTS.items() if name not in (HF, "WMCA Funding for Growth programme")}
    assert master_check(passing) == (True, f"All {sum(len(r.checks) for r in passing.values())} checks pass")


def test_money_per_home_stays_in_pounds_when_totals_are_in_thousands(qtbot):
    from planner.registry import get_spec

    model = AnnualModel()
    model.set_result(RESULTS[HRA], get_spec("hra"))
    model.set_scale("£000")
    row = model.keys.index("rent_per_unit")
    assert model.headerData(row, V) == "Average rent per home (£ a home)"
    assert model.data(model.index(row, 0)) == f"£{RESULTS[HRA].annual['rent_per_unit'].iloc[0]:,.0f}"
    gross = RESULTS[HRA].annual["gross_rent"].iloc[0]  # about 5,500 homes × £80 × 52 weeks: £22.8m
    assert 22_000_000 < gross < 23_000_000
    assert model.data(model.index(model.keys.index("gross_rent"), 0)) == f"{gross / 1000:,.0f}"


def test_interest_cover_with_no_interest_reads_so_and_the_scale_stays_near_the_threshold(qtbot, tmp_path):
    """A year of almost no interest (40×) and years of none: the axis stops at 3 × the threshold,
    the years with none are a gap in the line (not a drop to 0) and read "no interest"."""
    import datetime as dt

    from PySide6.QtGui import QImage

    from planner.charts.definitions import ChartDef, Series
    from ui.charts import EXPORT_WIDTH, ChartView
    from ui.results_table import NO_INTEREST

    cover = np.array([1.8, 1.6, 2.1, 40.0, np.nan, np.nan])
    chart = ChartDef(
        "Interest cover against its threshold",
        "×",
        [f"{2020 + i}-{21 + i}" for i in range(6)],
        [Series("Interest cover", cover, "line"), Series("Threshold", np.full(6, 1.25), "level")],
    )
    view = ChartView(chart)
    qtbot.addWidget(view)
    view.resize(700, 420)
    view.show()
    low, high = view.item.vb.viewRange()[1]
    assert high < 4.0 and low <= 0.0  # 3 × 1.25 = 3.75 and a little room, not 40
    assert "3.75× off the scale" in view.item.getAxis("left").labelText
    _x, y = view.items[0].getData()
    assert np.isnan(y[4]) and np.isnan(y[5])  # a gap: the line is not drawn down to 0
    assert "Interest cover: no interest" in view.read_out(5)
    view.caption = "Statutory cap — Baseline"
    target = tmp_path / "cover.png"
    view.export_png(str(target))
    assert QImage(str(target)).width() == EXPORT_WIDTH == 2400
    assert view.item.titleLabel.text.startswith("Interest cover against its threshold")  # restored after
    day = dt.date.today()
    titles = []
    original = view.item.setTitle
    view.item.setTitle = lambda text, **kw: titles.append(text) or original(text, **kw)
    view.export_png(str(target))
    assert titles[0] == f"Interest cover against its threshold — Statutory cap — Baseline — {day.day} {day:%B %Y}"
    assert NO_INTEREST == "no interest"


def test_a_cover_cell_with_no_interest_and_counts_as_whole_numbers():
    from ui.results_table import AnnualModel

    model = AnnualModel()
    assert model.text(float("nan"), "×") == "no interest" and model.text(2.5, "×") == "2.50"
    assert model.text(6096.0, "homes") == "6,096" and model.text(13.75, "people") == "13.8"
    assert formatting.metric(12.26, "count") == "12.3 expected" and formatting.metric(380.0, "count") == "380"


def test_a_figure_from_an_input_nobody_entered_reads_not_entered(qtbot):
    """Public cost avoided at £0 a person-year makes 'cost avoided' and 'net public benefit' figures
    of nothing (a benefit of £0 less the whole cost): they read "not entered", not a red result."""
    from planner.project.paths import with_value
    from planner.registry import get_spec
    from ui.results_table import NOT_ENTERED

    spec = get_spec("housing_first")
    run = PROJECT.run(HF)
    blank = with_value(spec, run.inputs, "cost_avoided_per_person_year", 0.0)
    result = spec.run(blank).trial(0)
    annual, summary = AnnualModel(), SummaryModel()
    annual.set_result(result, spec, blank)
    summary.set_result(result, spec, blank)
    row = annual.keys.index("cost_avoided")
    assert annual.data(annual.index(row, 0)) == NOT_ENTERED
    assert annual.data(annual.index(row, 0), Qt.ItemDataRole.ForegroundRole) != NEGATIVE
    shown = {label: value for label, value, _help in summary.items}
    assert shown["Public cost avoided"] == NOT_ENTERED
    assert shown["Public cost avoided less total cost"] == NOT_ENTERED
    assert shown["Total cost"] != NOT_ENTERED  # only what needs the input
    given = with_value(spec, run.inputs, "cost_avoided_per_person_year", 9_000.0)
    annual.set_result(spec.run(given).trial(0), spec, given)
    assert annual.data(annual.index(row, 0)) != NOT_ENTERED  # entered: a figure again


@pytest.mark.parametrize("styled", [False, True], ids=["plain", "app style sheet"])
def test_the_annual_table_draws_its_figures_as_the_styled_delegate_does(qtbot, styled):
    """ui.table_view.FigureDelegate draws the annual table's cells (figures, red negatives, the bold
    Total, a figure elided in a narrow column, a selected and a current cell) and the summary's
    pixel for pixel as Qt's styled delegate draws them, at a fraction of the cost."""
    from PySide6.QtCore import QItemSelectionModel
    from PySide6.QtWidgets import QStyledItemDelegate

    from planner.registry import get_spec
    from ui.app import STYLE
    from ui.results_panel import ResultsPanel
    from ui.table_view import FigureDelegate

    panel = ResultsPanel()
    qtbot.addWidget(panel)
    if styled:
        panel.setStyleSheet(STYLE.read_text(encoding="utf-8"))
    panel.resize(1200, 700)
    panel.show()
    panel.show_result(RESULTS[PROGRAMME], get_spec("programme"), "Programme", INPUTS[PROGRAMME])
    panel.scale.setCurrentText("£")
    table, model = panel.annual, panel.annual_model
    assert isinstance(table.itemDelegate(), FigureDelegate)
    assert any(NEGATIVE is colour for row in model._colours for colour in row)  # red figures among them
    table.horizontalHeader().resizeSection(1, 30)  # too narrow for its figures: elided
    table.selectionModel().select(model.index(2, 2), QItemSelectionModel.SelectionFlag.Select)
    table.setCurrentIndex(model.index(4, 0))
    table.setFocus()
    for view in (table, panel.summary):  # the summary: labels to the left, bold figures to the right
        figures = view.viewport().grab().toImage()
        view.setItemDelegate(QStyledItemDelegate(view))
        assert view.viewport().grab().toImage() == figures
