"""The questions and messages the app puts to its user, in one place, each a plain function so
a test can answer it by patching QMessageBox.

A file Excel holds open is the commonest failure on a council laptop; `locked` finds the
PermissionError behind a planner error so the user is asked to close it, not shown a trace.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from planner.errors import PlannerError

Button = QMessageBox.StandardButton


def locked(exc: BaseException) -> bool:
    """Whether an error comes from a file another program holds open (directly or wrapped)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, PermissionError):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def retrying(parent: QWidget, path: str, action: Callable[[], object]) -> tuple[bool, object]:
    """Run `action`; while the file is held open elsewhere, ask to close it and Retry or Cancel.

    Returns (done, what the action returned). Other errors are raised to the caller.
    """
    while True:
        try:
            return True, action()
        except (PermissionError, PlannerError) as exc:
            if not locked(exc):
                raise
            answer = QMessageBox.warning(
                parent,
                "File in use",
                f"{path}\n\ncannot be written because another program has it open. "
                "If it is open in Excel, close it in Excel, then Retry.",
                Button.Retry | Button.Cancel,
                Button.Retry,
            )
            if answer != Button.Retry:
                return False, None


def ask_save(parent: QWidget, name: str) -> Button:
    """Save, Discard or Cancel, before unsaved changes would be lost."""
    return QMessageBox.question(
        parent,
        "Unsaved changes",
        f"Save the changes to {name} before closing it?",
        Button.Save | Button.Discard | Button.Cancel,
        Button.Save,
    )


def ask_recover(parent: QWidget, name: str, when: str) -> bool:
    answer = QMessageBox.question(
        parent,
        "Recover unsaved changes",
        f"The planner kept a copy of {name} with changes that were not saved (autosaved {when}).\n\n"
        "Recover it? If you choose No, the copy is deleted.",
        Button.Yes | Button.No,
        Button.Yes,
    )
    return answer == Button.Yes


def ask_read_only(parent: QWidget, held: str) -> bool:
    """ "Quarterly.ffg is open by jsmith on FIN-PC12 since 3 December 2026 at 10:32." Read-only?"""
    answer = QMessageBox.question(
        parent,
        "The file is in use",
        f"{held}.\n\nOpen it read-only? You can look and try changes, and save them under another name.",
        Button.Yes | Button.No,
        Button.Yes,
    )
    return answer == Button.Yes


def ask_overwrite_changed(parent: QWidget, name: str) -> bool:
    answer = QMessageBox.warning(
        parent,
        "The file has changed",
        f"{name} has been changed on disk since you opened it (by someone else, or another copy of the "
        "planner).\n\nSave over it anyway? Their changes would be lost; choose No and use Save As to keep both.",
        Button.Yes | Button.No,
        Button.No,
    )
    return answer == Button.Yes


def ask_restore_damaged(parent: QWidget, name: str, why: str) -> bool:
    """ "Quarterly.ffg: the file is damaged at line 44: it may have been cut short; the autosave
    from 10:32 can be restored." Restore it?"""
    answer = QMessageBox.question(
        parent,
        "The file is damaged",
        f"{name}: {why}.\n\nRestore the autosave? Save afterwards to mend the file.",
        Button.Yes | Button.No,
        Button.Yes,
    )
    return answer == Button.Yes


def problems(parent: QWidget, title: str, intro: str, items: list[str]) -> None:
    """A list of problems (a file that cannot be read, a workbook that cannot be imported)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, intro, Button.Ok, parent)
    listed = items[:12]
    more = f"<br>… and {len(items) - len(listed)} more (see details)" if len(items) > len(listed) else ""
    box.setInformativeText("<br>".join("• " + html.escape(p) for p in listed) + more)
    if len(items) > len(listed):
        box.setDetailedText("\n".join(items))
    box.exec()


def inform(parent: QWidget, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def confirm(parent: QWidget, title: str, text: str) -> bool:
    return QMessageBox.question(parent, title, text, Button.Yes | Button.No, Button.No) == Button.Yes
