"""The app offscreen for the edit benchmarks: a window shown once per project, and one edit typed
into it through the undo stack, the planner's checks and `evaluate`, with the shown view painted."""

from __future__ import annotations

import os
from collections.abc import Callable

RESULTS, CHARTS = 1, 2  # the tabs
_windows: dict[str, object] = {}


def shown_window(name: str, project: Callable[[], tuple]):
    """The window on `project()` (MainWindow's arguments), built and shown on first use, the Charts
    tab open with its charts drawn."""
    if name not in _windows:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from ui.app import application
        from ui.main_window import MainWindow

        application(["bench"])
        window = MainWindow(*project())
        window.show()
        window.tabs.setCurrentIndex(CHARTS)
        window.ensure_charts()
        _windows[name] = window
    return _windows[name]


def edit_and_paint(window, tab: int, path: str, value: float) -> None:
    """Type `value` into input `path` of the shown run with `tab` open, then paint what it shows:
    the first chart with its new lines, or the annual table with its new figures."""
    from PySide6.QtWidgets import QApplication

    if window.tabs.currentIndex() != tab:
        window.tabs.setCurrentIndex(tab)
    window.edit(path, value)
    shown = window.charts.views[0].plot if tab == CHARTS else window.results_panel.annual
    shown.grab()
    QApplication.processEvents()
