"""The app's command-line options: --export-and-quit (the packaged build's smoke test) and --version --verbose."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtCore import QEventLoop

from planner import __version__


class LoopOnly:
    """Stands in for the QApplication in export_and_quit: an event loop of its own. The test
    process's application must never quit: quitting emits aboutToQuit, on which pyqtgraph tears
    down every chart in the process, and the later tests would use them."""

    def __init__(self) -> None:
        self.loop = QEventLoop()
        self.quit_asked = False

    def exec(self) -> int:
        return self.loop.exec()

    def quit(self) -> None:
        self.quit_asked = True
        self.loop.quit()


@pytest.fixture
def started(qtbot, dialogs):
    """start() for the given arguments; the window closed afterwards, with nothing to ask."""
    from ui.app import start

    windows = []

    def opened(*argv):
        _app, window = start(["ffg-planner", *argv])
        windows.append(window)
        return window

    yield opened
    for window in windows:
        window.document.set_clean()
        window.close()


@pytest.mark.parametrize(
    ("argv", "target", "rest"),
    [
        (["ffg-planner"], None, ["ffg-planner"]),
        (["ffg-planner", "--export-and-quit", "out.xlsx"], "out.xlsx", ["ffg-planner"]),
        (["ffg-planner", "p.ffg", "--export-and-quit", "out.xlsx"], "out.xlsx", ["ffg-planner", "p.ffg"]),
        (["ffg-planner", "--export-and-quit", "out.xlsx", "p.ffg"], "out.xlsx", ["ffg-planner", "p.ffg"]),
    ],
)
def test_the_export_option_is_taken_out_of_the_arguments(argv, target, rest):
    from ui.app import export_option

    assert export_option(argv) == (target, rest)


@pytest.mark.parametrize("argv", [["ffg-planner", "--export-and-quit"], ["ffg-planner", "--export-and-quit", "-x"]])
def test_the_export_option_without_a_target_is_refused_with_usage(argv, capsys):
    from ui.app import main

    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("--export-and-quit needs the workbook to write") and "usage: ffg-planner" in err


def test_export_and_quit_writes_the_examples_board_pack_and_returns(started, tmp_path):
    from ui.app import export_and_quit

    app, pack = LoopOnly(), tmp_path / "pack.xlsx"
    assert export_and_quit(app, started(), str(pack)) == 0
    assert app.quit_asked
    sheets = openpyxl.load_workbook(pack, read_only=True).sheetnames
    assert sheets[0] == "Cover" and len(sheets) > 10


def test_export_and_quit_says_when_the_pack_was_not_written(started, dialogs, tmp_path):
    from ui.app import export_and_quit

    app = LoopOnly()
    assert export_and_quit(app, started(), str(tmp_path / "no-such-folder" / "pack.xlsx")) == 1
    assert app.quit_asked
    assert any("was not written" in text for text in dialogs.texts())


def test_version_verbose_lists_what_ships_without_a_display(monkeypatch, capsys):
    from ui.app import main

    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    assert main(["ffg-planner", "--version", "--verbose"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Funding for Growth Planner {__version__} (from source)")
    assert "  openpyxl " in out and "Excel import protection (openpyxl.DEFUSEDXML): on" in out


def test_export_and_quit_does_not_stop_to_ask_about_an_unsaved_file(started, dialogs, tmp_path):
    """A scenario file opens as an unsaved project; quitting must not ask about saving it."""
    from tests.ui.helpers import EXAMPLES
    from ui.app import export_and_quit

    window = started(str(EXAMPLES / "wmca-business-rate-supplement.json"))
    assert window.document.dirty
    assert export_and_quit(LoopOnly(), window, str(tmp_path / "pack.xlsx")) == 0
    assert not window.document.dirty  # so closing the window (as quitting does) asks nothing
    assert dialogs.shown == []


def test_about_lists_the_version_of_every_shipped_package():
    from importlib import metadata

    from planner.build_info import SHIPPED
    from ui.about import about_text

    text = about_text()
    for name in SHIPPED:
        assert f"{name} {metadata.version(name)}" in text
    assert "Protection of Excel import (defusedxml): on." in text
