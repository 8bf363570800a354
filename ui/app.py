"""Start the desktop app: `ffg-planner [FILE]` or `python -m ui [FILE]`.

Qt, the style sheet and the window load here; pandas and pyqtgraph load later, where they are
used (pandas with the first calculation, pyqtgraph when the Charts tab is first opened).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "funding-for-growth-programme.ffg"
STYLE = ROOT / "resources" / "style.qss"
NO_DISPLAY = "No display found. Try: xvfb-run make run  — or the command line: planner run FILE"


def has_display(environ=None, platform: str | None = None) -> bool:
    """Whether Qt has somewhere to draw: a display, or a platform plugin chosen explicitly."""
    env = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if env.get("QT_QPA_PLATFORM") or platform.startswith(("win", "darwin")):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


USAGE = """usage: ffg-planner [FILE] [--export-and-quit OUT.xlsx]

Open the Funding for Growth Planner on FILE (a project, .ffg, or a scenario file, .json), or on
the bundled example. For batch runs without a screen: planner run FILE.

  --export-and-quit OUT.xlsx   open FILE (or the example), export its board pack to OUT.xlsx
                               through the app, and quit: exit 0 if written (a packaged build's
                               smoke test; QT_QPA_PLATFORM=offscreen runs it without a screen)
  --version [--verbose]        print the version (and every shipped package's) and exit
  --help                       print this message and exit"""
EXPORT_AND_QUIT = "--export-and-quit"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if "--version" in argv[1:] or "--help" in argv[1:] or "-h" in argv[1:]:
        print(_version(argv[1:]) if "--version" in argv[1:] else USAGE)  # answered without Qt
        return 0
    try:
        export_to, argv = export_option(argv)
    except ValueError as exc:
        print(f"{exc}\n\n{USAGE}", file=sys.stderr)
        return 2
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    app, window = start(argv)
    if export_to is not None:
        return export_and_quit(app, window, export_to)
    from ui import crash

    crash.install(window.files.document.autosave)
    return app.exec()


def _version(args: list[str]) -> str:
    from planner import __version__

    if "--verbose" in args:
        from planner.build_info import verbose_version

        return verbose_version("Funding for Growth Planner")
    return f"Funding for Growth Planner {__version__}"


def export_option(argv: list[str]) -> tuple[str | None, list[str]]:
    """(the --export-and-quit target or None, argv without the option); ValueError if it has no target."""
    if EXPORT_AND_QUIT not in argv:
        return None, argv
    at = argv.index(EXPORT_AND_QUIT)
    if at + 1 >= len(argv) or argv[at + 1].startswith("-"):
        raise ValueError(f"{EXPORT_AND_QUIT} needs the workbook to write, e.g. {EXPORT_AND_QUIT} pack.xlsx")
    return argv[at + 1], argv[:at] + argv[at + 2 :]


def export_and_quit(app, window, path: str) -> int:
    """Export the open project's board pack through the app's own action, then quit: 0 if written."""
    from PySide6.QtCore import QTimer

    done: list[bool] = []

    def export() -> None:  # once the event loop runs, as a click on File > Export would
        done.append(window.files.export_board_pack(path, open_folder=False))
        window.document.set_clean()  # nothing was edited: quitting must not stop to ask about saving
        app.quit()  # closes the window (which deletes itself), then ends the event loop

    QTimer.singleShot(0, export)
    app.exec()
    return 0 if done == [True] else 1


def application(argv: list[str]):
    from PySide6.QtCore import QLocale, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from ui.settings import APPLICATION, ORGANISATION

    existing = QApplication.instance()
    if existing is not None:
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    app = QApplication(argv)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Funding for Growth Planner")
    app.setStyle("Fusion")
    if STYLE.exists():
        app.setStyleSheet(STYLE.read_text(encoding="utf-8"))
    return app


def start(argv: list[str]):
    """The application and its main window, shown, with the file named in argv (or the example)."""
    app = application(argv)
    from planner.errors import PlannerError
    from ui import messages
    from ui.file_actions import read
    from ui.main_window import MainWindow

    files = [a for a in argv[1:] if not a.startswith("-")]
    problems: list[str] = []
    opened = None
    if files:
        try:
            opened = read(files[0])
        except PlannerError as exc:
            problems = exc.problems
    if opened is None:
        opened = _example()
    window = MainWindow(*opened)
    window.restore_geometry()
    window.show()
    window.files.claim_opened()
    if problems:
        messages.problems(
            window, "Cannot open the file", f"{files[0]} cannot be opened; showing the example:", problems
        )
    if files and not problems and window.document.path:
        window.files.offer_recovery(window.document.path)
    elif not files:
        window.files.offer_recovery(None)
    return app, window


def _example():
    """The bundled example as an untitled copy; a blank project where an install lacks it."""
    from planner.errors import PlannerError
    from ui.file_actions import read

    try:
        return read(str(EXAMPLE), as_template=True)
    except PlannerError:
        from planner.project.document import new_project
        from planner.project.scenario_file import RunDef
        from planner.registry import get_spec, model_keys

        return new_project("Untitled project", [RunDef(get_spec(k).label, k) for k in model_keys()]), None, False
