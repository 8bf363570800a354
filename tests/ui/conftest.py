"""Qt test set-up for the desktop app: settings in the test's own folder, message boxes answered
by the test (and an unexpected one fails the test instead of waiting for a click)."""

from __future__ import annotations

import shutil

import pytest
import shiboken6
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QMessageBox

from tests.ui.helpers import EXAMPLE

Button = QMessageBox.StandardButton


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path):
    """Recent files and window state go to the test's folder, never the user's."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))


class Dialogs:
    """Stands in for the user at every message box: answers questions in order, records all."""

    def __init__(self) -> None:
        self.answers: list = []
        self.shown: list[tuple[str, str, str]] = []  # (kind, title, text)

    def answer(self, *buttons) -> None:
        self.answers.extend(buttons)

    def texts(self, kind: str | None = None) -> list[str]:
        return [text for k, _title, text in self.shown if kind in (None, k)]

    def box(self, kind: str):
        def show(_parent, title, text, *_args, **_kwargs):
            self.shown.append((kind, title, text))
            if kind in ("information", "critical"):
                return Button.Ok
            if not self.answers:
                raise AssertionError(f"an unexpected question: {title}: {text}")
            return self.answers.pop(0)

        return staticmethod(show)

    def problems(self, _parent, title, intro, items) -> None:
        self.shown.append(("problems", title, intro + "\n" + "\n".join(items)))


@pytest.fixture
def dialogs(monkeypatch) -> Dialogs:
    from ui import messages

    found = Dialogs()
    for kind in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, found.box(kind))
    monkeypatch.setattr(messages, "problems", found.problems)

    def no_exec(self, *_args):
        raise AssertionError(f"a dialog would wait for a click: {self.windowTitle()}")

    monkeypatch.setattr(QDialog, "exec", no_exec)
    return found


@pytest.fixture
def project_file(tmp_path):
    path = tmp_path / "programme.ffg"
    shutil.copyfile(EXAMPLE, path)
    return path


@pytest.fixture
def window(qtbot, dialogs, project_file):
    from ui.file_actions import read
    from ui.main_window import MainWindow

    shown = MainWindow(*read(str(project_file)))
    shown.show()
    yield shown
    if shiboken6.isValid(shown):  # a test may have closed it (the window deletes itself on close)
        shown.document.set_clean()
        shown.close()
