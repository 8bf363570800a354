"""The comparison's tables as text: every summary metric side by side with its change from the
baseline (planner.analysis.compare.MetricRow: difference and %), and the checks whose status differs.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from planner import formatting
from planner.analysis.compare import CheckDifference, MetricRow
from planner.project.scenarios import BASELINE

CHANGED = QColor("#fff4cc")  # a value that differs from the baseline
FAILED = QColor("#b00020")
LABEL_WIDTH = 330
STATUS = {True: "passes", False: "FAILS", None: "does not apply"}


def metric_headers(scenarios: list[str]) -> list[str]:
    out = ["Metric", BASELINE]
    for s in scenarios:
        out += [s, "change", "%"]
    return out


def metric_cells(row: MetricRow, scenarios: list[str]) -> list[str]:
    """Label, baseline value, then each scenario's value, change and percentage change."""
    cells = [row.label, formatting.metric(row.values.get(BASELINE), row.kind)]
    for s in scenarios:
        diff, pct = row.difference.get(s), row.pct.get(s)
        if row.values.get(s) == row.values.get(BASELINE):
            change, pct = "", None  # no change: left blank so the changes stand out
        elif diff is None:
            change = "changed"  # a year or a yes/no: no arithmetic difference
        else:
            change = formatting.money(diff) if row.kind == "money" else formatting.metric(diff, row.kind)
        cells += [formatting.metric(row.values.get(s), row.kind), change, "" if pct is None else f"{pct * 100:+.1f}%"]
    return cells


def differs(row: MetricRow, scenarios: list[str]) -> bool:
    return any(row.values.get(s) != row.values.get(BASELINE) for s in scenarios)


def fill_metrics(table: QTableWidget, rows: list[MetricRow], scenarios: list[str]) -> list[tuple[str, str] | str]:
    """Fill the table, a bold heading row before each run's metrics; returns what each row is:
    the run name for a heading, (run, metric) for a metric."""
    headers = metric_headers(scenarios)
    table.clear()
    table.clearSpans()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    layout: list[tuple[str, str] | str] = []
    for row in rows:
        if not layout or _run_of(layout[-1]) != row.run:
            layout.append(row.run)
        layout.append((row.run, row.metric))
    table.setRowCount(max(len(layout), 1))
    if not layout:
        table.setItem(0, 0, QTableWidgetItem("No metric differs from the baseline in the scenarios chosen."))
        table.setSpan(0, 0, 1, len(headers))
    by_key = {(r.run, r.metric): r for r in rows}
    bold = QFont()
    bold.setBold(True)
    for i, what in enumerate(layout):
        if isinstance(what, str):
            item = QTableWidgetItem(what)
            item.setFont(bold)
            table.setItem(i, 0, item)
            table.setSpan(i, 0, 1, len(headers))
            continue
        row = by_key[what]
        for c, text in enumerate(metric_cells(row, scenarios)):
            item = QTableWidgetItem(text)
            item.setToolTip(f"{row.label} ({row.metric})" if c == 0 else text)
            if c:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value_of = scenarios[(c - 2) // 3] if c >= 2 and (c - 2) % 3 == 0 else None  # a scenario's value
            if value_of is not None and row.values.get(value_of) != row.values.get(BASELINE):
                item.setBackground(QBrush(CHANGED))
            table.setItem(i, c, item)
    table.resizeColumnsToContents()
    table.setColumnWidth(0, min(table.columnWidth(0), LABEL_WIDTH))  # long per-row labels: see the tooltip
    return layout


def _run_of(what: tuple[str, str] | str) -> str:
    return what if isinstance(what, str) else what[0]


def check_cells(c: CheckDifference) -> list[str]:
    """The check's message already names the year and the amount (in the check's own unit)."""
    return [c.scenario, c.run, c.name, STATUS[c.baseline_ok], STATUS[c.ok], c.message]


def fill_checks(table: QTableWidget, checks: list[CheckDifference]) -> None:
    headers = ["Scenario", "Run", "Check", "In the baseline", "In the scenario", "Message"]
    table.clear()
    table.clearSpans()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setRowCount(max(len(checks), 1))
    if not checks:
        table.setItem(
            0, 0, QTableWidgetItem("No check passes or fails differently from the baseline in the scenarios chosen.")
        )
        table.setSpan(0, 0, 1, len(headers))
    for i, c in enumerate(checks):
        for j, text in enumerate(check_cells(c)):
            item = QTableWidgetItem(text)
            if text == STATUS[False]:
                item.setForeground(QBrush(FAILED))
            item.setToolTip(text)
            table.setItem(i, j, item)
    if checks:
        table.resizeColumnsToContents()
