"""The Results tab after an edit: the new figures drawn, only the lines and metrics the edit changed
signalled for repainting, and column widths the same as a fresh open of the edited project."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import BRS, choose
from ui.results_table import money_text

RESULTS_TAB = 1


def _open_on_results(window, run: str = BRS) -> None:
    choose(window, run)
    window.tabs.setCurrentIndex(RESULTS_TAB)
    for _ in range(3):
        QApplication.processEvents()


def _signalled(model) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column) of each dataChanged from now on."""
    seen: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(lambda a, b, _roles=(): seen.append((a.row(), a.column(), b.row(), b.column())))
    return seen


def _widths(view) -> list[int]:
    return [view.columnWidth(c) for c in range(view.model().columnCount())]


def test_an_edit_shows_its_new_figures_and_signals_only_the_lines_it_changed(window):
    _open_on_results(window)
    panel = window.results_panel
    model, summary = panel.annual_model, panel.summary_model
    gross, admin = model.keys.index("gross"), model.keys.index("admin")
    before = [list(v) for v in model.values]
    shown_before = model.display(gross, 0)
    metrics_before = list(summary.items)
    lines, metrics = _signalled(model), _signalled(summary)

    window.edit("threshold", 61_000)  # fewer properties pay: gross yield falls; administration is a fixed cost

    gross_now = model.raw(gross, 0)
    assert gross_now < before[gross][0]
    assert model.display(gross, 0) == money_text(gross_now, "£000") != shown_before  # what the table draws
    assert panel.annual.model().index(gross, 0).data() == money_text(gross_now, "£000")
    changed = {r for r, row in enumerate(model.values) if row != before[r]}
    assert admin not in changed and gross in changed
    signalled = {r for first, _c, last, _l in lines for r in range(first, last + 1)}
    assert signalled == changed  # the unchanged lines are not repainted
    assert all(c == 0 and last == model.columnCount() - 1 for _f, c, _r, last in lines)  # each whole line, Total too
    rows = summary.rowCount()
    changed_metrics = {k for k, (a, b) in enumerate(zip(metrics_before, summary.items)) if a != b}
    assert changed_metrics and len(changed_metrics) < len(summary.items)
    cells = {(r, c) for first, c, last, _l in metrics for r in range(first, last + 1)}
    assert cells == {(k % rows, k // rows * 2 + 1) for k in changed_metrics}  # the changed figures, no labels


def test_column_widths_after_edits_are_those_of_a_fresh_open(window, qtbot):
    from ui.main_window import MainWindow

    _open_on_results(window)
    view, summary = window.results_panel.annual, window.results_panel.summary
    first, first_summary = _widths(view), _widths(summary)
    window.edit("threshold", 5_000)  # far more properties pay: wider figures in the annual table
    QApplication.processEvents()
    wider = _widths(view)
    assert wider != first and all(w >= f for w, f in zip(wider, first))
    fresh = MainWindow(window.project)
    qtbot.addWidget(fresh)
    fresh.resize(window.size())
    fresh.show()
    _open_on_results(fresh)
    assert _widths(fresh.results_panel.annual) == wider
    assert _widths(fresh.results_panel.summary) == _widths(summary)

    window.edit("threshold", 500_000)  # so few that the counts become expected values: "285.3 expected"
    QApplication.processEvents()
    assert _widths(summary)[3] > first_summary[3]  # the second column of figures widens to it
    fresh.document.set_clean()
    fresh = MainWindow(window.project)
    qtbot.addWidget(fresh)
    fresh.resize(window.size())
    fresh.show()
    _open_on_results(fresh)
    assert _widths(fresh.results_panel.annual) == _widths(view)
    assert _widths(fresh.results_panel.summary) == _widths(summary)
    fresh.document.set_clean()

    window.actions["undo"].trigger()
    window.actions["undo"].trigger()
    QApplication.processEvents()
    assert _widths(view) == first  # the remembered measurements give back exactly the widths they gave
    assert _widths(summary) == first_summary


def test_a_larger_font_refits_the_years_to_it(window):
    """Widths are remembered by text and font: a new font measures again."""
    _open_on_results(window)
    panel = window.results_panel
    before = _widths(panel.annual)
    font = panel.annual.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    panel.annual.setFont(font)
    panel.show_result(window.results[BRS], panel.annual_model.spec, "again", window.calc.resolved[BRS].inputs)
    after = _widths(panel.annual)
    total = panel.annual_model.columnCount() - 1
    assert after[total] > before[total]  # the Total column is always fitted to its (bold) figures
    widest = max(
        panel.annual.fontMetrics().horizontalAdvance(panel.annual_model.display(r, 0))
        for r in range(panel.annual_model.rowCount())
    )
    assert widest < after[0]
    assert panel.annual.model().headerData(total, Qt.Orientation.Horizontal) == "Total"


def test_a_table_remembers_a_bounded_number_of_measured_texts(window, monkeypatch):
    import ui.table_view as table_view

    _open_on_results(window)
    view = window.results_panel.annual
    model = view.model()
    monkeypatch.setattr(table_view, "WIDTHS_KEPT", 3)
    cells = [model.index(model.keys.index("gross"), c) for c in range(5)]
    widths = [view.cell_width(i) for i in cells]
    assert len(view._widths) <= 3
    assert widths == [view.sizeHintForIndex(i).width() for i in cells]
