"""The last line of defence: an unexpected error is written to a log under the app-data folder,
the project is autosaved, and the user sees a plain message naming the log, never a traceback."""

from __future__ import annotations

import datetime as dt
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

from planner import __version__
from planner.project.appdata import data_folder

_handling = False  # an error raised while reporting an error must not loop


def write_log(exc_type, exc, tb) -> Path:
    folder = data_folder() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"error-{dt.datetime.now():%Y%m%d-%H%M%S}.log"
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    path.write_text(
        f"Funding for Growth Planner {__version__}, Python {sys.version.split()[0]}, "
        f"{dt.datetime.now().isoformat(timespec='seconds')}\n\n{text}",
        encoding="utf-8",
    )
    return path


def install(autosave: Callable[[], object] | None = None) -> None:
    """Make `sys.excepthook` log, autosave, and tell the user in words."""

    def hook(exc_type, exc, tb) -> None:
        global _handling
        if _handling or issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        _handling = True
        try:
            _report(exc_type, exc, tb, autosave)
        finally:
            _handling = False

    sys.excepthook = hook


def _report(exc_type, exc, tb, autosave) -> None:
    try:
        log = str(write_log(exc_type, exc, tb))
    except OSError as err:
        log = f"(the log could not be written: {err})"
    kept = ""
    if autosave is not None:
        try:
            if autosave() is not None:
                kept = " Your unsaved changes were autosaved and will be offered when the planner next starts."
        except Exception:  # saving is a courtesy here; the message matters more
            pass
    sys.stderr.write(f"Unexpected error; details in {log}\n")
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is not None:
        QMessageBox.critical(
            None,
            "Something went wrong",
            f"The planner met a problem it did not expect: {exc_type.__name__}: {exc}\n\n"
            f"The details are in\n{log}\nPlease send that file to whoever supports the planner."
            f"{kept}",
        )
