"""A 1366 × 768 laptop at 150% scaling: 911 × 512 in the window's own units. With the project tree
shown, the results table shows at least eight whole years, and no form label is squeezed or cut
off by the edge of the form (the groups go one above another when they do not fit side by side)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import BRS, HF, HRA, LVC, PROGRAMME, choose

SMALL = (1366 * 2 // 3, 768 * 2 // 3)  # 911 × 512


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _small(window):
    window.resize(*SMALL)
    _settle()
    assert not window.tree.isHidden() and window.tree.width() >= 140  # the tree stays, narrower
    return window


def _whole_years(view) -> list[str]:
    header, width = view.horizontalHeader(), view.viewport().width()
    model = view.model()
    return [
        model.headerData(c, header.orientation())
        for c in range(header.count())
        if header.sectionViewportPosition(c) >= 0 and header.sectionViewportPosition(c) + header.sectionSize(c) <= width
    ]


@pytest.mark.parametrize("run", [BRS, HRA, PROGRAMME, LVC, HF])
def test_the_results_table_shows_eight_years_beside_the_tree(window, run):
    _small(window)
    choose(window, run)
    window.tabs.setCurrentIndex(1)
    _settle()
    view = window.results_panel.annual
    years = [y for y in _whole_years(view) if y != "Total"]
    assert len(years) >= min(8, len(view.model().years)), (run, years, view.viewport().width())
    assert view.height() >= view.horizontalHeader().height() + 24 * 5  # the table is not squeezed out by the summary
    for column in range(len(years)):  # each figure fits its column: nothing drawn as "1,510,0…"
        texts = [view.model().display(r, column) for r in range(view.model().rowCount())]
        widest = max(view.fontMetrics().horizontalAdvance(t) for t in texts)
        assert widest < view.columnWidth(column), (run, column, widest, view.columnWidth(column))


@pytest.mark.parametrize("run", [BRS, HRA, PROGRAMME, LVC, HF])
def test_no_form_label_is_squeezed_or_cut_off(window, run):
    _small(window)
    choose(window, run)
    window.tabs.setCurrentIndex(0)
    _settle()
    form = window.inputs.form
    viewport = form.parentWidget()  # the scroll area's viewport: what the user sees across
    for name, label in form.labels.items():
        assert label.width() >= label.sizeHint().width(), (run, name, label.text(), label.width())
        right = label.mapTo(viewport, label.rect().topRight()).x()
        assert 0 <= right < viewport.width(), (run, name, label.text(), right, viewport.width())
        editor = form.editor(name)
        assert editor.width() >= editor.minimumSizeHint().width(), (run, name)
        assert editor.mapTo(viewport, editor.rect().topRight()).x() < viewport.width(), (run, name)


def test_a_wide_window_keeps_the_groups_side_by_side(window):
    window.resize(1600, 1000)
    choose(window, HRA)
    window.tabs.setCurrentIndex(0)
    _settle()
    form = window.inputs.form
    lefts = {form.labels[name].mapTo(form, form.labels[name].rect().topLeft()).x() for name in form.labels}
    assert len({x // 200 for x in lefts}) >= 2  # labels in two columns
    window.resize(*SMALL)
    _settle()
    lefts = {form.labels[name].mapTo(form, form.labels[name].rect().topLeft()).x() for name in form.labels}
    assert len({x // 200 for x in lefts}) == 1  # one column


def test_the_tree_keeps_the_width_the_user_gives_it(window):
    _small(window)
    window.splitter.splitterMoved.emit(300, 1)  # as a drag of the tree's edge reports it
    window.splitter.setSizes([300, SMALL[0] - 300])
    window.resize(1200, 700)
    _settle()
    assert window.tree.width() == 300
