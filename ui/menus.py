"""The menu bar: every action with its keyboard shortcut, in one table per menu.

Actions are kept in `window.actions` by name, so tests and the user guide refer to them the
same way. Handlers are the window's (or its file and scenario helpers'); nothing is decided here.
"""

from __future__ import annotations

import os

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

Std = QKeySequence.StandardKey


def _action(window, name: str, text: str, shortcut, handler, tip: str = "") -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
    action.setStatusTip(tip)
    key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({key})")
    action.triggered.connect(lambda _checked=False: handler())
    window.actions[name] = action
    return action


def build(window) -> None:
    window.actions = {}
    bar = window.menuBar()
    _file_menu(window, bar.addMenu("&File"))
    _edit_menu(window, bar.addMenu("&Edit"))
    _scenario_menu(window, bar.addMenu("&Scenario"))
    _view_menu(window, bar.addMenu("&View"))
    _analysis_menu(window, bar.addMenu("&Analysis"))
    help_menu = bar.addMenu("&Help")
    help_menu.addAction(_action(window, "guide", "&User Guide", [QKeySequence(Std.HelpContents)], window.open_guide))
    help_menu.addAction(_action(window, "about", "&About the Planner", "Shift+F1", window.show_about))


def _file_menu(window, menu: QMenu) -> None:
    files = window.files
    menu.addAction(
        _action(
            window,
            "new",
            "&New Project…",
            [QKeySequence(Std.New)],
            files.new,
            "Start a project from the mechanisms' defaults",
        )
    )
    menu.addAction(
        _action(
            window,
            "open",
            "&Open…",
            [QKeySequence(Std.Open)],
            files.open,
            "Open a project (.ffg) or a scenario file (.json)",
        )
    )
    window.recent_menu = menu.addMenu("Open &Recent")
    window.recent_menu.aboutToShow.connect(lambda: _fill_recent(window))
    menu.addSeparator()
    menu.addAction(_action(window, "save", "&Save", [QKeySequence(Std.Save)], files.save, "Save the project"))
    menu.addAction(
        _action(window, "save_as", "Save &As…", "Ctrl+Shift+S", files.save_as, "Save the project under another name")
    )
    menu.addSeparator()
    menu.addAction(
        _action(
            window,
            "import",
            "&Import from Excel…",
            "Ctrl+I",
            files.import_excel,
            "Read a project from an input workbook",
        )
    )
    menu.addAction(
        _action(
            window,
            "board_pack",
            "&Export Board Pack…",
            "Ctrl+E",
            files.export_board_pack,
            "Write every scenario, table, chart and check to a workbook for the board",
        )
    )
    menu.addSeparator()
    menu.addAction(_action(window, "quit", "&Quit", "Ctrl+Q", window.close, "Close the planner"))


def _edit_menu(window, menu: QMenu) -> None:
    undo = window.document.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcuts([QKeySequence(Std.Undo)])
    redo = window.document.undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
    window.actions.update(undo=undo, redo=redo)
    menu.addActions([undo, redo])
    menu.addSeparator()
    menu.addAction(
        _action(
            window,
            "reset",
            "Reset Input to &Baseline",
            "Ctrl+R",
            window.scenarios.reset,
            "Give the input with the cursor the baseline's value in this scenario",
        )
    )


def _scenario_menu(window, menu: QMenu) -> None:
    scenarios = window.scenarios
    menu.addAction(
        _action(
            window,
            "new_scenario",
            "&New Scenario…",
            "Ctrl+Shift+N",
            scenarios.new,
            "A what-if built on the scenario shown",
        )
    )
    menu.addAction(_action(window, "rename_scenario", "&Rename Scenario…", "F2", scenarios.rename))
    menu.addAction(_action(window, "delete_scenario", "&Delete Scenario", "Ctrl+Shift+Del", scenarios.delete))
    menu.addSeparator()
    menu.addAction(_action(window, "baseline", "Show &Baseline", "Ctrl+B", window.show_baseline))


TOLERANCE_TIP = "How far a tie-out's parts and total may differ (£) and still pass; £1 unless set"


def _view_menu(window, menu: QMenu) -> None:
    for i, (name, text) in enumerate(
        (
            ("inputs", "&Inputs"),
            ("results", "&Results"),
            ("charts", "&Charts"),
            ("checks", "Chec&ks"),
            ("prudential", "&Prudential Indicators"),
        )
    ):
        menu.addAction(
            _action(window, f"tab_{name}", text, f"Ctrl+{i + 1}", lambda i=i: window.tabs.setCurrentIndex(i))
        )
    menu.addAction(
        _action(
            window,
            "tree",
            "&Project Tree",
            "Ctrl+T",
            lambda: _show_tree(window),
            "Move the keyboard to the list of runs and scenarios",
        )
    )
    menu.addSeparator()
    menu.addAction(
        _action(window, "tolerance", "Tie-out &Tolerance…", "Ctrl+Shift+L", window.ask_tolerance, TOLERANCE_TIP)
    )
    hide = _action(
        window,
        "hide_tree",
        "&Hide Project Tree",
        "Ctrl+Shift+T",
        lambda: window.tree.setHidden(window.actions["hide_tree"].isChecked()),
        "Give the results the whole width (a small screen, or large text); Ctrl+T shows the tree again",
    )
    hide.setCheckable(True)
    menu.addAction(hide)


def _show_tree(window) -> None:
    """Ctrl+T: the project tree, shown again if it was hidden, with the keyboard in it."""
    window.actions["hide_tree"].setChecked(False)
    window.tree.show()
    window.tree.setFocus()


def _analysis_menu(window, menu: QMenu) -> None:
    for name, text, key, handler in (
        ("compare", "&Compare Scenarios…", "F5", window.open_compare),
        ("tornado", "&Sensitivity (Tornado)…", "F6", window.open_tornado),
        ("montecarlo", "&Monte Carlo…", "F7", window.open_monte_carlo),
        ("goal_seek", "&Goal Seek…", "F8", window.open_goal_seek),
        ("data_table", "&Data Table and Spider Chart…", "F9", window.open_data_table),
    ):
        menu.addAction(_action(window, name, text, key, handler))


def _fill_recent(window) -> None:
    from ui.settings import clear_recent, recent_files

    menu: QMenu = window.recent_menu
    menu.clear()
    paths = recent_files()
    for i, path in enumerate(paths, start=1):
        action = menu.addAction(f"&{i} {os.path.basename(path)}")
        action.setToolTip(path)
        action.setStatusTip(path)
        action.triggered.connect(lambda _c=False, p=path: window.files.open(p))
    if not paths:
        menu.addAction("No recent files").setEnabled(False)
    menu.addSeparator()
    menu.addAction("&Clear the List", clear_recent)
