"""The Checks tab: every check of every run in the shown scenario, the selected run first, with
its status, year, amount and message; and the master check for the status bar."""

from __future__ import annotations

import html
from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from models.core.result import SEVERITY_LABELS, Check, Result, format_amount, worst_failure
from planner.registry import get_spec
from ui.deferred import WhenShown
from ui.icons import status_icon

FAIL_TEXT = QBrush(QColor("#b3261e"))
PASS_TEXT = QBrush(QColor("#1e6b3a"))
COLUMNS = ("Status", "Check", "Severity", "Year", "Amount", "Message")
STATUS = Qt.ItemDataRole.UserRole + 1

SEVERITY_HELP = {
    "unlawful": "The plan breaks a statute as it stands (e.g. a debit HRA balance, BRS money spent off its project).",
    "statutory": "A limit the law or a statutory direction sets (e.g. the 2p BRS cap, the social rent limit).",
    "policy": "A limit the council sets itself (interest cover, a minimum balance, its own debt limit).",
    "tie-out": "Parts that should sum to a total do, to within the tie-out tolerance.",
    "check": "Something to know that is not a breach.",
}

# shown in capitals in check names such as liable_rv_tie_out
ACRONYMS = {"rv", "brs", "hra", "pv", "npv", "icr", "cfr", "rtb", "lvc", "tif", "cil"}


def master_check(results: dict[str, Result]) -> tuple[bool, str]:
    """("All 12 checks pass" | "2 checks fail: unlawful") over every run of a scenario, naming
    the most serious severity that fails.

    >>> master_check({})
    (True, 'No checks')
    """
    checks = [c for r in results.values() for c in r.checks]
    failed = sum(not c.ok for c in checks)
    if not checks:
        return True, "No checks"
    if not failed:
        return True, f"All {len(checks)} checks pass" if len(checks) > 1 else "The check passes"
    worst = SEVERITY_LABELS[worst_failure(checks)].lower()
    return False, f"{failed} check{'s' if failed > 1 else ''} fail{'' if failed > 1 else 's'}: {worst}"


@cache
def _tests(model: str) -> dict[str, str]:
    return dict(get_spec(model).checks)


def check_label(model: str, check: Check) -> tuple[str, str]:
    """A check's name as a reader sees it, and what it tests (from the model's declaration)."""
    tests = _tests(model)
    name = check.name
    if " " in name:
        return name, tests.get(name, "")
    words = [w.upper() if w in ACRONYMS else w for w in name.split("_")]
    return " ".join([words[0][:1].upper() + words[0][1:]] + words[1:]), tests.get(name, "")


def _set_status(item: QTreeWidgetItem, ok: bool) -> None:
    """The pass / fail icon, set only when it changes (setting an icon is slow)."""
    if item.data(0, STATUS) != ok:
        item.setIcon(0, status_icon(ok))
        item.setData(0, STATUS, ok)


class ChecksPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("checks")
        self.tree.setAccessibleName("Checks")
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setStretchLastSection(True)
        for i in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        self._structure: list = []  # (run, [check names]) as shown, in order
        self._shown: dict[str, Result] = {}  # the Result each run's rows show
        self.later = WhenShown(self, self._show)

    def show_results(
        self, results: dict[str, Result], current: str | None, units: dict[str, dict[str, str]] | None = None
    ) -> None:
        """Runs with the current one first; runs with a failing check open, the others closed.

        `units` gives each run's check amounts their unit ({run: {check: "£"}}; money if absent).
        The same runs and checks as shown already (after an edit) are updated in place, and only
        the runs whose Result changed; out of sight, when the tab is next shown.
        """
        self.later.request(dict(results), current, units)

    def showEvent(self, event) -> None:
        self.later.flush()
        super().showEvent(event)

    def _show(self, results: dict[str, Result], current: str | None, units: dict[str, dict[str, str]] | None) -> None:
        order = sorted(results, key=lambda name: name != current)
        structure = [(name, [c.name for c in results[name].checks]) for name in order]
        rebuild = structure != self._structure
        if rebuild:
            self.tree.clear()
            self._structure, self._shown = structure, {}
        for i, name in enumerate(order):
            result = results[name]
            if self._shown.get(name) is result:
                continue
            self._shown[name] = result
            head = QTreeWidgetItem(self.tree) if rebuild else self.tree.topLevelItem(i)
            failed = self._fill_head(head, name, result)
            for j, check in enumerate(result.checks):
                item = QTreeWidgetItem(head) if rebuild else head.child(j)
                self._fill_check(item, result.model, check, (units or {}).get(name, {}).get(check.name, "£"))
            if rebuild or failed:
                head.setExpanded(name == current or failed > 0)

    def _fill_head(self, head: QTreeWidgetItem, name: str, result: Result) -> int:
        failed = sum(not c.ok for c in result.checks)
        head.setText(
            0, f"{name}: " + (f"{failed} of {len(result.checks)} fail" if failed else f"all {len(result.checks)} pass")
        )
        _set_status(head, not failed)
        font = head.font(0)
        font.setBold(True)
        head.setFont(0, font)
        head.setFirstColumnSpanned(True)
        head.setData(0, Qt.ItemDataRole.UserRole, name)
        return failed

    def _fill_check(self, item: QTreeWidgetItem, model: str, check: Check, unit: str) -> None:
        shown, tests = check_label(model, check)
        amount = "" if check.amount is None else format_amount(check.amount, unit)
        texts = ("Pass" if check.ok else "Fail", shown, check.severity_label, check.year or "", amount, check.message)
        for column, text in enumerate(texts):
            item.setText(column, text)
        _set_status(item, check.ok)
        item.setForeground(0, PASS_TEXT if check.ok else FAIL_TEXT)
        item.setTextAlignment(4, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setToolTip(1, html.escape(tests or shown))
        item.setToolTip(2, html.escape(SEVERITY_HELP.get(check.severity, "")))
        item.setToolTip(5, html.escape(check.message))

    def rows(self) -> list[tuple[str, str, str]]:
        """(run, check, status) for every check shown; for tests and screen readers' summaries."""
        self.later.flush()
        out = []
        for i in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(i)
            run = head.data(0, Qt.ItemDataRole.UserRole)
            out += [(run, head.child(j).text(1), head.child(j).text(0)) for j in range(head.childCount())]
        return out
