"""File menu work: new, open (with recovery of autosaved changes), save, save as, recent files,
import from Excel and the board-pack export, and the prompt before unsaved changes are lost.

A refused file leaves the open project exactly as it was; a file held open by Excel asks to be
closed and retried; every other problem is listed in words, never as a traceback.
"""

from __future__ import annotations

import datetime as dt
import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from planner.errors import PlannerError
from planner.project import appdata
from ui import messages, settings
from ui.optional import optional_module

if TYPE_CHECKING:
    from planner.project.document import Project

PROJECT_FILTER = "Funding for Growth projects (*.ffg);;Scenario files (*.json);;All files (*)"
WORKBOOK_FILTER = "Excel workbooks (*.xlsx)"
Button = messages.Button


class FileActions:
    def __init__(self, window) -> None:
        self.window = window

    @property
    def document(self):
        return self.window.document

    def _folder(self) -> str:
        return str(Path(self.document.path).parent) if self.document.path else str(Path.home())

    # ---- unsaved changes -------------------------------------------------------------------

    def maybe_save(self) -> bool:
        """True when the current project may be closed: saved, discarded, or never changed."""
        if not self.document.dirty:
            return True
        answer = messages.ask_save(self.window, self.document.display_name)
        if answer == Button.Save:
            return self.save()
        if answer == Button.Discard:
            self.document.discard_recovery()
            return True
        return False

    # ---- new and open ------------------------------------------------------------------------

    def new(self, title: str | None = None, models: list[str] | None = None) -> bool:
        from planner.project.document import new_project
        from planner.project.scenario_file import RunDef
        from planner.registry import get_spec

        if not self.maybe_save():
            return False
        if models is None:
            from ui.new_project_dialog import ask_new_project

            chosen = ask_new_project(self.window)
            if chosen is None:
                return False
            title, models = chosen
        runs = [RunDef(get_spec(key).label, key) for key in models]
        self.document.replace(new_project(title or "Untitled project", runs), None)
        return True

    def open(self, path: str | None = None) -> bool:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.window, "Open project", self._folder(), PROJECT_FILTER)
            if not path:
                return False
        if not self.maybe_save():
            return False
        return self.load(path)

    def load(self, path: str, as_template: bool = False) -> bool:
        """Read a project (or scenario file) and show it, offering any autosaved changes to it."""
        try:
            project, kept_path, unsaved = read(path, as_template)
        except PlannerError as exc:
            if not as_template and self.offer_autosave_of_damaged(path, exc.problems):
                return True
            messages.problems(self.window, "Cannot open the file", f"{path} cannot be opened:", exc.problems)
            return False
        claimed = self.claim(kept_path) if kept_path is not None else (True, False)
        if claimed is None:
            return False
        locked, read_only = claimed
        self.document.replace(project, kept_path, unsaved, read_only=read_only, locked=locked)
        if kept_path is not None:
            settings.add_recent(kept_path)
            self.offer_recovery(kept_path)
        return True

    def claim(self, path: str) -> tuple[bool, bool] | None:
        """Take the file's lock: (locked, read only), or None when someone else has it and the
        user would rather not open it read-only."""
        from planner.project import lock

        holder = lock.acquire(path)
        if holder is None:
            return True, False
        if not messages.ask_read_only(self.window, lock.holder_message(path, holder)):
            return None
        return False, True

    def claim_opened(self) -> None:
        """At start-up: the lock of the file the window opened with (read-only if another holds it)."""
        path = self.document.path
        if path is None or Path(path).suffix.lower() != ".ffg":
            return
        claimed = self.claim(path)
        self.document.locked = path if claimed == (True, False) else None
        self.document.read_only = claimed != (True, False)
        self.document.state_changed.emit()

    def offer_autosave_of_damaged(self, path: str, problems: list[str]) -> bool:
        """A file that cannot be read, with an autosave of it kept: say so in plain words and offer
        to restore the autosave (its changes then count as unsaved, so the next save mends the file)."""
        kept = appdata.recovery_path(path)
        if not kept.exists():
            return False
        when = dt.datetime.fromtimestamp(kept.stat().st_mtime)
        stamp = when.strftime("%H:%M") if when.date() == dt.date.today() else when.strftime("%d %B %Y at %H:%M")
        text = problems[0].removeprefix(f"{path}: ")
        if not messages.ask_restore_damaged(
            self.window, Path(path).name, f"{text}; the autosave from {stamp} can be restored"
        ):
            return False
        project = self._read_autosave(kept)
        if project is None:
            return False
        self.document.replace(project, path, unsaved=True)
        settings.add_recent(path)
        return True

    def _read_autosave(self, kept: Path) -> Project | None:
        """The autosaved project, or None once the user is told it cannot be read."""
        from planner.project.project_file import load_project

        try:
            return load_project(kept)
        except PlannerError as exc:
            messages.problems(self.window, "Cannot recover", f"The autosaved copy {kept} cannot be read:", exc.problems)
            return None

    def offer_recovery(self, original: str | None) -> bool:
        """If the planner kept unsaved changes to `original` (None: a project never saved), offer them."""
        kept = appdata.find_recovery(original)
        if kept is None:
            return False
        when = dt.datetime.fromtimestamp(kept.stat().st_mtime).strftime("%d %B %Y at %H:%M")
        name = Path(original).name if original else "a project that was never saved"
        if not messages.ask_recover(self.window, name, when):
            appdata.discard_recovery(original)
            return False
        project = self._read_autosave(kept)
        if project is None:
            return False
        self.document.replace(project, original, unsaved=True)
        return True

    # ---- save ----------------------------------------------------------------------------------

    def save(self) -> bool:
        if self.document.path is None or Path(self.document.path).suffix.lower() != ".ffg" or self.document.read_only:
            return self.save_as()  # a file another person has open is saved under a new name
        if self.document.changed_on_disk() and not messages.ask_overwrite_changed(
            self.window, Path(self.document.path).name
        ):
            return False
        return self._write(self.document.path)

    def save_as(self, path: str | None = None) -> bool:
        if path is None:
            suggested = os.path.join(self._folder(), _file_name(self.document.project.title, ".ffg"))
            path, _ = QFileDialog.getSaveFileName(
                self.window, "Save project as", suggested, "Funding for Growth projects (*.ffg)"
            )
            if not path:
                return False
        if not path.lower().endswith(".ffg"):
            path += ".ffg"
        return self._write(path)

    def _write(self, path: str) -> bool:
        try:
            done, _ = messages.retrying(self.window, path, lambda: self.document.save(path))
        except PlannerError as exc:
            messages.problems(self.window, "Cannot save", f"{path} cannot be saved:", exc.problems)
            return False
        if done:
            settings.add_recent(path)
            self.window.statusBar().showMessage(f"Saved {path}", 5000)
        return done

    # ---- Excel -----------------------------------------------------------------------------------

    def import_excel(self, path: str | None = None) -> bool:
        module = optional_module(self.window, "planner.excel.workbook_import", "Import from Excel")
        if module is None:
            return False
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.window, "Import from Excel", self._folder(), WORKBOOK_FILTER)
            if not path:
                return False
        try:
            with warnings.catch_warnings(record=True) as notes:  # things the import let pass, to be told
                warnings.simplefilter("always")
                done, project = messages.retrying(self.window, path, lambda: module.import_workbook(path))
        except PlannerError as exc:
            messages.problems(
                self.window,
                "Cannot import the workbook",
                f"{Path(path).name} was not imported; the open project is unchanged:",
                exc.problems,
            )
            return False
        if not done or not self.maybe_save():
            return False
        self.document.replace(project, None, unsaved=True)
        if notes:
            messages.problems(
                self.window,
                "Imported, with notes",
                f"{Path(path).name} was imported. Please check:",
                [str(n.message) for n in notes],
            )
        return True

    def export_board_pack(self, path: str | None = None, open_folder: bool | None = None, choice=None) -> bool:
        """Ask what goes in (scenarios, runs, the analyses run this session), then where; `choice`
        (an ui.export_dialog.PackChoice) and `path` answer both without asking."""
        module = optional_module(self.window, "planner.excel.board_pack.export", "Export board pack")
        if module is None:
            return False
        if choice is None and path is None:
            from ui.export_dialog import ask_pack_choice

            choice = ask_pack_choice(self.window, self.document.project, self.window.analyses)
            if choice is None:
                return False
        chosen = {} if choice is None else {"scenarios": choice.scenarios, "runs": choice.runs}
        if choice is not None and choice.analyses:
            chosen["analysis"] = choice.analyses
        if path is None:
            suggested = os.path.join(self._folder(), _file_name(self.document.project.title + " board pack", ".xlsx"))
            path, _ = QFileDialog.getSaveFileName(self.window, "Export board pack", suggested, WORKBOOK_FILTER)
            if not path:
                return False
        from ui.progress import Progress

        with Progress(self.window, "Exporting the board pack…") as progress:
            try:
                done, _ = messages.retrying(
                    self.window,
                    path,
                    lambda: module.export_board_pack(self.document.project, path, progress=progress.update, **chosen),
                )
            except PlannerError as exc:
                messages.problems(self.window, "Cannot export", f"{path} was not written:", exc.problems)
                return False
        if done and (
            open_folder
            if open_folder is not None
            else messages.confirm(
                self.window, "Board pack exported", f"The board pack was saved as\n{path}\n\nOpen its folder?"
            )
        ):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))
        return done

    # ---- autosave ------------------------------------------------------------------------------

    def autosave(self) -> None:
        try:
            kept = self.document.autosave()
        except PlannerError as exc:
            self.window.statusBar().showMessage(f"Autosave failed: {exc.problems[0]}", 10000)
            return
        if kept is not None:
            self.window.statusBar().showMessage(f"Autosaved at {dt.datetime.now():%H:%M}", 4000)


def read(path: str, as_template: bool = False):
    """(project, the path to save it to, unsaved?) for a file; PlannerError if it cannot be read.

    A scenario file (.json) becomes a project that is saved as a new .ffg; a template (the
    bundled example) opens as an untitled copy, so saving never writes into the install.
    """
    from planner.project.project_file import load_project

    project = load_project(path)
    is_project = Path(path).suffix.lower() == ".ffg" and not as_template
    return project, (str(path) if is_project else None), not is_project and not as_template


def _file_name(title: str, suffix: str) -> str:
    safe = "".join(c if c.isalnum() or c in " -_" else "-" for c in title).strip() or "project"
    return safe[:80] + suffix
