"""Files and safety: save and reopen, recent files, autosave and recovery, a file Excel holds open,
Excel import and the board pack (each refusal leaving the project untouched), the error log, and
starting without a display."""

from __future__ import annotations

import os
import subprocess
import sys
import types

import pytest

from planner.errors import PlannerError
from planner.project import appdata
from planner.project.project_file import dumps_project, load_project
from tests.ui.conftest import Button
from tests.ui.helpers import BRS, choose, type_into


def _edit(window, qtbot, value: str = "60,000") -> None:
    choose(window, BRS)
    type_into(qtbot, window.inputs.form.editor("threshold"), value)
    assert window.isWindowModified()


def test_save_and_reopen_gives_the_same_project(window, qtbot, project_file):
    _edit(window, qtbot)
    window.scenarios.new("Lower threshold")
    window.actions["save"].trigger()
    assert not window.isWindowModified()
    reopened = load_project(project_file)
    assert reopened == window.project
    assert dumps_project(reopened) == dumps_project(window.project)
    assert reopened.run(BRS).inputs["threshold"] == 60_000 and "Lower threshold" in reopened.scenario_names
    window.actions["undo"].trigger()  # undoing past the save makes the project unsaved again
    assert window.isWindowModified()


def test_save_as_moves_the_document_and_remembers_the_file(window, qtbot, tmp_path):
    from ui.settings import recent_files

    _edit(window, qtbot)
    target = tmp_path / "copy"
    assert window.files.save_as(str(target))
    assert window.document.path == str(target) + ".ffg" and window.windowTitle().startswith("copy.ffg[*]")
    assert recent_files()[0] == os.path.abspath(str(target) + ".ffg")
    window.recent_menu.aboutToShow.emit()
    assert window.recent_menu.actions()[0].text() == "&1 copy.ffg"


def test_a_new_project_asks_about_unsaved_changes_first(window, qtbot, dialogs):
    _edit(window, qtbot)
    dialogs.answer(Button.Cancel)
    assert not window.files.new("HRA options", ["hra"])
    dialogs.answer(Button.Discard)
    assert window.files.new("HRA options", ["hra"])
    assert [r.model for r in window.project.runs] == ["hra"] and window.project.title == "HRA options"
    assert window.document.path is None and window.document.undo_stack.count() == 0
    assert window.windowTitle() == "HRA options[*] — Funding for Growth Planner"


def test_a_file_that_cannot_be_read_is_listed_and_the_project_kept(window, dialogs, tmp_path):
    bad = tmp_path / "bad.ffg"
    bad.write_text(
        '{"schema_version": 2, "title": "x", "baseline": [{"name": "A", "model": "nope"}]}', encoding="utf-8"
    )
    before = window.project
    assert not window.files.open(str(bad))
    assert window.project is before and window.document.path.endswith("programme.ffg")
    assert "baseline[1].model: 'nope' is not a model" in dialogs.texts("problems")[-1]


def test_autosave_keeps_unsaved_changes_and_opening_offers_them(window, qtbot, dialogs, project_file):
    _edit(window, qtbot, "65,000")
    window.files.autosave()
    kept = appdata.recovery_path(str(project_file))
    assert kept.exists() and str(kept).startswith(os.environ["FFG_PLANNER_DATA"])
    edited = window.project
    window.document.set_clean()  # as after a crash: the file on disk still has £50,000

    dialogs.answer(Button.Yes)
    assert window.files.load(str(project_file))
    assert "autosaved" in dialogs.texts("question")[-1]
    assert window.project == edited and window.isWindowModified()
    window.actions["save"].trigger()
    assert not kept.exists()  # a save supersedes the snapshot


def test_declining_a_recovery_deletes_it(window, qtbot, dialogs, project_file):
    _edit(window, qtbot)
    window.files.autosave()
    window.document.set_clean()
    dialogs.answer(Button.No)
    assert window.files.load(str(project_file))
    assert window.project.run(BRS).inputs["threshold"] == 50_000
    assert appdata.find_recovery(str(project_file)) is None


def _locked_once(monkeypatch):
    """save_project failing as Windows fails while Excel holds the file, once."""
    import planner.project.project_file as project_file

    real, calls = project_file.save_project, []

    def save(project, path):
        calls.append(path)
        if len(calls) == 1:
            try:
                raise PermissionError(13, "Permission denied", str(path))
            except PermissionError as exc:
                raise PlannerError(f"{path}: cannot be saved ({exc.strerror})") from None
        real(project, path)

    monkeypatch.setattr(project_file, "save_project", save)
    return calls


def test_a_file_held_open_asks_to_close_it_and_retry(window, qtbot, dialogs, monkeypatch, project_file):
    calls = _locked_once(monkeypatch)
    _edit(window, qtbot)
    dialogs.answer(Button.Retry)
    assert window.files.save()
    assert len(calls) == 2 and load_project(project_file).run(BRS).inputs["threshold"] == 60_000
    assert "close it in Excel, then Retry" in dialogs.texts("warning")[-1]


def test_cancelling_a_locked_save_keeps_the_changes_unsaved(window, qtbot, dialogs, monkeypatch):
    _locked_once(monkeypatch)
    _edit(window, qtbot)
    dialogs.answer(Button.Cancel)
    assert not window.files.save()
    assert window.isWindowModified()


def _module(monkeypatch, name: str, **functions) -> None:
    module = types.ModuleType(name)
    module.__dict__.update(functions)
    monkeypatch.setitem(sys.modules, name, module)


def test_an_import_that_fails_lists_its_problems_and_leaves_the_project(window, dialogs, monkeypatch, tmp_path):
    def refuse(path):
        raise PlannerError(
            [
                "inputs.xlsx: sheet 'BRS', cell C7: 'abc' is not allowed; enter a number of at least £0",
                "inputs.xlsx: sheet 'HRA' is missing",
            ]
        )

    _module(monkeypatch, "planner.excel.workbook_import", import_workbook=refuse)
    before = window.project
    assert not window.files.import_excel(str(tmp_path / "inputs.xlsx"))
    assert window.project is before and not window.isWindowModified()
    listed = dialogs.texts("problems")[-1]
    assert "the open project is unchanged" in listed and "cell C7" in listed and "'HRA' is missing" in listed


def test_an_import_that_works_opens_as_an_unsaved_project(window, dialogs, monkeypatch, tmp_path):
    from planner.project.document import new_project
    from planner.project.scenario_file import RunDef

    imported = new_project("From Excel", [RunDef("BRS", "brs", {"threshold": 70_000})])
    _module(monkeypatch, "planner.excel.workbook_import", import_workbook=lambda path: imported)
    assert window.files.import_excel(str(tmp_path / "inputs.xlsx"))
    assert window.project is imported and window.document.path is None and window.isWindowModified()


def test_the_board_pack_export_shows_progress_and_retries_a_locked_file(window, dialogs, monkeypatch, tmp_path):
    seen, calls = [], []

    def export(project, path, progress=None):
        calls.append(path)
        if len(calls) == 1:
            raise PermissionError(13, "Permission denied", path)
        for done in range(1, 4):
            progress(done, 3)
            seen.append(done)
        with open(path, "wb") as handle:
            handle.write(b"PK")

    _module(monkeypatch, "planner.excel.board_pack.export", export_board_pack=export)
    target = tmp_path / "pack.xlsx"
    dialogs.answer(Button.Retry)
    assert window.files.export_board_pack(str(target), open_folder=False)
    assert target.read_bytes() == b"PK" and seen == [1, 2, 3] and len(calls) == 2


def test_a_missing_board_pack_module_says_so(window, dialogs, monkeypatch):
    monkeypatch.setitem(sys.modules, "planner.excel.board_pack.export", None)  # import fails as if it were absent
    assert not window.files.export_board_pack("pack.xlsx", open_folder=False)
    assert dialogs.texts("information") == ["Export board pack is not available in this version of the planner."]


def test_an_unexpected_error_is_logged_and_told_in_plain_words(qtbot, dialogs, monkeypatch):
    from ui import crash

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    kept = []
    crash.install(lambda: kept.append(1) or "snapshot")
    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError:
        sys.excepthook(*sys.exc_info())
    logs = list((appdata.data_folder() / "logs").glob("error-*.log"))
    assert len(logs) == 1 and "ZeroDivisionError: division by zero" in logs[0].read_text(encoding="utf-8")
    message = dialogs.texts("critical")[-1]
    assert str(logs[0]) in message and "Traceback" not in message and kept == [1]
    assert "autosaved" in message


def test_without_a_display_the_app_says_what_to_do(monkeypatch, capsys):
    from ui.app import NO_DISPLAY, main

    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert main(["ffg-planner"]) == 2
    assert capsys.readouterr().err.strip() == NO_DISPLAY


@pytest.mark.parametrize("given", [True, False])
def test_start_opens_the_file_given_or_the_example_as_an_untitled_copy(qtbot, dialogs, project_file, given):
    from ui.app import start

    _app, shown = start(["ffg-planner", str(project_file)] if given else ["ffg-planner"])
    try:
        assert shown.isVisible() and len(shown.project.runs) == 5
        assert shown.document.path == (str(project_file) if given else None)
        assert not shown.isWindowModified()
    finally:
        shown.document.set_clean()
        shown.close()


def test_version_and_help_need_no_display(monkeypatch, capsys):
    from planner import __version__
    from ui.app import main

    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    assert main(["ffg-planner", "--version"]) == 0
    assert capsys.readouterr().out.strip() == f"Funding for Growth Planner {__version__}"
    assert main(["ffg-planner", "--help"]) == 0
    assert capsys.readouterr().out.startswith("usage: ffg-planner [FILE]")


# ---- damaged files, lock files, files changed on disk -------------------------------------------


def test_a_damaged_file_says_where_and_offers_its_autosave(window, qtbot, dialogs, project_file):
    _edit(window, qtbot, "65,000")
    window.files.autosave()
    edited = window.project
    window.document.set_clean()
    lines = project_file.read_text(encoding="utf-8").splitlines(keepends=True)
    project_file.write_text("".join(lines[:43]), encoding="utf-8")  # cut short after line 43
    dialogs.answer(Button.Yes)
    assert window.files.load(str(project_file))
    asked = dialogs.texts("question")[-1]
    assert "programme.ffg: the file is damaged at line 44: it may have been cut short; the autosave from" in asked
    assert window.project == edited and window.isWindowModified()


def _hold_lock(path) -> subprocess.Popen:
    """Another planner: a second process that takes the lock and keeps running."""
    script = (
        "import sys, time; from planner.project import lock; "
        "assert lock.acquire(sys.argv[1]) is None; print('held', flush=True); time.sleep(60)"
    )
    other = subprocess.Popen([sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE, text=True)
    assert other.stdout.readline().strip() == "held"
    return other


def test_a_file_another_process_holds_opens_read_only_and_its_lock_is_left_alone(window, qtbot, dialogs, project_file):
    from planner.project import lock

    window.document.release_lock()
    other = _hold_lock(project_file)
    try:
        dialogs.answer(Button.No)
        assert not window.files.load(str(project_file))  # declined: nothing opened
        assert "is open by" in dialogs.texts("question")[-1] and " since " in dialogs.texts("question")[-1]
        dialogs.answer(Button.Yes)
        assert window.files.load(str(project_file))
        assert window.document.read_only and "(read-only)" in window.windowTitle()
        window.document.release_lock()
        assert lock.read(lock.lock_path(project_file)).pid == other.pid  # theirs, untouched
    finally:
        other.kill()
        other.wait()
    # the other process has gone: its lock is stale, and opening takes it over
    dialogs.answer(Button.Yes)
    assert window.files.load(str(project_file))
    assert not window.document.read_only and lock.read(lock.lock_path(project_file)).pid == os.getpid()
    window.close()
    assert not lock.lock_path(project_file).exists()  # cleared on close


def test_saving_over_a_file_changed_on_disk_asks_first(window, qtbot, dialogs, project_file):
    _edit(window, qtbot)
    time_ns = project_file.stat().st_mtime_ns
    project_file.write_text(project_file.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    os.utime(project_file, ns=(time_ns + 10**9, time_ns + 10**9))
    dialogs.answer(Button.No)
    assert not window.files.save()
    assert "changed on disk since you opened it" in dialogs.texts("warning")[-1]
    dialogs.answer(Button.Yes)
    assert window.files.save() and not window.isWindowModified()
    _edit(window, qtbot, "61,000")
    assert window.files.save()  # our own save is not a change by someone else
