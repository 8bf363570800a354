"""Shared by the desktop app's tests: the example's run names, and a user's clicks and typing."""

from __future__ import annotations

from tests.conftest import EXAMPLES, ROOT

EXAMPLE = EXAMPLES / "funding-for-growth-programme.ffg"
BRS, LVC, PROGRAMME, HRA, HF = (
    "WMCA BRS: 2p over £50,000 RV",
    "Land value capture and Enterprise Zone rates",
    "WMCA Funding for Growth programme",
    "Statutory cap",
    "Housing First award 2018",
)


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


WAIT = 20_000  # ms for a background job: generous for a loaded CI machine; each takes well under a second


def shoot(widget, name: str) -> None:
    """Render a widget offscreen into screenshots/ (look at these when the UI changes)."""
    from PySide6.QtWidgets import QApplication

    folder = ROOT / "screenshots"
    folder.mkdir(exist_ok=True)
    widget.show()
    for _ in range(2):  # a chart's axes size themselves to their labels on the first paint
        widget.grab()
        QApplication.processEvents()
    assert widget.grab().save(str(folder / f"{name}.png"))
