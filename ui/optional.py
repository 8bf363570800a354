"""Parts of the app written alongside the main window (analysis dialogs, Excel import, the board
pack), loaded only when their menu action is chosen: start-up stays fast, and a version without
one of them says so plainly instead of failing."""

from __future__ import annotations

import importlib
from types import ModuleType

from PySide6.QtWidgets import QWidget

from ui import messages


def optional_module(parent: QWidget, name: str, what: str) -> ModuleType | None:
    """The module, or None after telling the user `what` is not available in this version."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and (name == exc.name or name.startswith(exc.name + ".")):
            messages.inform(parent, what, f"{what} is not available in this version of the planner.")
            return None
        raise


def open_dialog(parent: QWidget, module: str, class_name: str, what: str, *args):
    """Show a dialog from an optional module (modal to the window); None if it is not available."""
    found = optional_module(parent, module, what)
    if found is None:
        return None
    cls = getattr(found, class_name, None)
    if cls is None:
        messages.inform(parent, what, f"{what} is not available in this version of the planner.")
        return None
    dialog = cls(*args, parent)
    dialog.setModal(True)
    dialog.show()
    return dialog
