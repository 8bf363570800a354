"""The compare dialog's Movement tab: what moved a metric from one scenario to another, change by
change (planner.analysis.bridge), as a table and a waterfall of the Shapley split."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from planner import formatting
from planner.analysis.bridge import Bridge, explain
from planner.errors import PlannerError
from planner.project.document import Project
from planner.project.scenarios import BASELINE
from planner.registry import get_spec
from ui.analysis.base import ERROR_STYLE, NOTE_STYLE, fill_combo, fill_table, table
from ui.analysis.common import Choice
from ui.analysis.plots import ValueAxis, brush, plot_widget

HEADERS = ["", "One at a time", "Alone", "Shapley", "Interaction"]
UP, DOWN, TOTAL = "#009E73", "#D55E00", "#0072B2"


class MovementTab(QWidget):
    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.bridge: Bridge | None = None
        self.start, self.end, self.run, self.metric = QComboBox(), QComboBox(), QComboBox(), QComboBox()
        names = [Choice(n, n) for n in [BASELINE, *project.scenario_names]]
        fill_combo(self.start, names)
        fill_combo(self.end, names, names[1].key if len(names) > 1 else None)
        fill_combo(self.run, [Choice(r.name, r.name) for r in project.runs])
        self.table = table(HEADERS)
        self.axis = ValueAxis("left", "money")
        self.chart = plot_widget(left=self.axis)
        self.note = QLabel()
        self.note.setWordWrap(True)
        picks = QHBoxLayout()
        for label, box in (("From", self.start), ("To", self.end), ("Run", self.run), ("Metric", self.metric)):
            picks.addWidget(QLabel(label))
            picks.addWidget(box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(picks)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.note)
        self._offer_metrics()
        for box in (self.start, self.end, self.metric):
            box.currentIndexChanged.connect(self.refresh)
        self.run.currentIndexChanged.connect(self._offer_metrics)

    def _offer_metrics(self) -> None:
        spec = get_spec(self.project.run(self.run.currentData()).model)
        numeric = [m for m in spec.metrics if m.kind in ("money", "count", "rate", "ratio")]
        fill_combo(self.metric, [Choice(m.name, m.label, m.kind) for m in numeric])
        self.refresh()

    def refresh(self) -> None:
        start, end = self.start.currentData(), self.end.currentData()
        try:
            self.bridge = explain(self.project, start, end, self.metric.currentData(), self.run.currentData())
        except PlannerError as exc:
            self.bridge = None
            self.note.setStyleSheet(ERROR_STYLE)
            self.note.setText("; ".join(exc.problems))
            fill_table(self.table, [])
            self.chart.clear()
            return
        self._show(self.bridge)

    def _show(self, b: Bridge) -> None:
        def fig(value: float | None) -> str:
            return "" if value is None else formatting.metric(value, b.kind)

        rows = [[b.start_scenario, "", "", fig(b.start), ""]]
        for i, s in enumerate(b.steps, start=1):
            label = b.label(s)
            rows.append([f"{i}. {label}", fig(s.step), fig(s.alone), fig(s.shapley), fig(s.interaction)])
        rows.append([b.end_scenario, "", "", fig(b.end), ""])
        fill_table(self.table, rows)
        self._waterfall(b)
        words = (
            "One at a time: each change on top of those above it, in the scenario's order. Shapley: each "
            "change's step averaged over every order (the chart). Interaction: the Shapley share less "
            "what the change moves alone. Both columns sum to the movement."
        )
        if not b.steps:
            words = f"No input that moves {b.metric_label} differs between these scenarios."
        left = "; ".join(f"{d.label} ({d.run})" for d in b.left_out)
        self.note.setStyleSheet(NOTE_STYLE)
        self.note.setText(words + (f" Not affecting this figure: {left}." if left else ""))

    def _waterfall(self, b: Bridge) -> None:
        self.chart.clear()
        self.axis.set_kind("money" if b.kind == "money" else b.kind)
        moves = [s.shapley if b.has_shapley else s.step for s in b.steps]
        totals = np.concatenate([[b.start], b.start + np.cumsum(moves)]) if moves else np.array([b.start])
        x = np.arange(len(moves) + 2)
        self.chart.addItem(pg.BarGraphItem(x=[0, x[-1]], height=[b.start, b.end], width=0.6, brush=brush(TOTAL)))
        for i, move in enumerate(moves, start=1):
            low = min(totals[i - 1], totals[i])
            colour = UP if move >= 0 else DOWN
            self.chart.addItem(pg.BarGraphItem(x=[i], y0=[low], height=[abs(move)], width=0.6, brush=brush(colour)))
        ticks = [(0, "Start")] + [(i, str(i)) for i in range(1, len(moves) + 1)] + [(x[-1], "End")]
        self.chart.getPlotItem().getAxis("bottom").setTicks([ticks])
        low, high = float(np.min(totals)), float(np.max(totals))
        spread = high - low
        if low > 0 and 0 < spread < 0.25 * high:  # small steps on large totals: zoom to the steps, and say so
            self.chart.setYRange(low - spread, high + spread, padding=0)
            self.chart.setTitle("The axis does not start at zero", size="9pt", color="#666666")
        else:
            self.chart.enableAutoRange(axis="y")
            self.chart.setTitle(None)
