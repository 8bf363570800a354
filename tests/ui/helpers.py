"""Shared by the desktop app's tests: the example's run names, and a user's clicks and typing."""
from __future__ import annotations

from tests.conftest import EXAMPLES

EXAMPLE = EXAMPLES / "funding-for-growth-programme.ffg"
BRS, LVC, PROGRAMME, HRA, HF = ("WMCA BRS: 2p over £50,000 RV", "Land value capture and Enterprise Zone rates",
                                "WMCA Funding for Growth programme", "Statutory cap", "Housing First award 2018")


def choose(window, run: str, scenario: str = "Baseline") -> None:
    """Click a run's scenario in the project tree."""
    window.tree.setCurrentItem(window.tree.item_for(run, scenario))
    assert (window.run, window.scenario) == (run, scenario)


def type_into(qtbot, editor, text: str) -> None:
    """Replace a field's text as a user does, and press Enter."""
    from PySide6.QtCore import Qt

    editor.setFocus()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
