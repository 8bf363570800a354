"""Render each main view of the desktop app to PNG files, to look at and for the user guide.

    xvfb-run -s "-screen 0 1600x1000x24" .venv/bin/python tools/screenshots.py
    .venv/bin/python tools/screenshots.py --offscreen            # no X server at all
    .venv/bin/python tools/screenshots.py --docs                 # also small copies in docs/images/

Files go to screenshots/ (not committed). The app runs on the bundled example, with a private
app-data folder and settings, so nothing of the user's is read or written.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = (1440, 900)
DOC_WIDTH = 960  # docs/images: small enough to commit, large enough to read


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    private = tempfile.mkdtemp(prefix="ffg-screens-")
    os.environ["FFG_PLANNER_DATA"] = private
    from PySide6.QtCore import QSettings

    from ui.app import application

    app = application(["screenshots"])
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, private)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    shots = take(app, out)
    if args.docs:
        docs = ROOT / "docs" / "images"
        docs.mkdir(parents=True, exist_ok=True)
        for path in shots:
            if path.stem in DOC_SHOTS:
                _small(path, docs / path.name)
    print("\n".join(str(p) for p in shots))
    return 0


DOC_SHOTS = (
    "inputs",
    "scenario-changed",
    "input-error-detail",
    "table-paste-detail",
    "results",
    "charts-hra",
    "checks",
    "new-scenario",
)


def take(app, out: Path) -> list[Path]:
    from ui.app import _example
    from ui.main_window import MainWindow

    window = MainWindow(*_example())
    window.resize(*SIZE)
    window.show()
    shots: list[Path] = []

    def shot(name: str, widget=None) -> None:
        for _ in range(3):
            app.processEvents()
        path = out / f"{name}.png"
        (widget or window).grab().save(str(path))
        shots.append(path)

    runs = {r.model: r.name for r in window.project.runs}
    _inputs(window, runs, shot)
    _results_and_charts(window, runs, shot)
    _dialogs(window, out, shot)
    window.document.set_clean()
    window.close()
    return shots


def _show(window, run: str, scenario: str = "Baseline") -> None:
    window.tree.select(run, scenario)
    window.select(run, scenario)
    window.statusBar().clearMessage()


def _inputs(window, runs: dict, shot) -> None:
    _show(window, runs["brs"])
    shot("inputs")
    _show(window, runs["brs"], "Threshold £70,000")
    shot("scenario-changed")
    editor = window.inputs.form.editor("multiplier_pence")
    editor.setText("12p")
    editor.editingFinished.emit()
    shot("input-error")
    shot("input-error-detail", editor.parentWidget())  # the Levy group with the message
    _show(window, runs["housing_first"])
    tranches = window.inputs.form.tables["tranches"]
    tranches.paste("Financial year\tAmount\n2018-19\t1,440,000\n2019-20\tabc\n")
    window.inputs.currentWidget().ensureWidgetVisible(tranches)
    shot("table-paste")
    shot("table-paste-detail", tranches.parentWidget())
    for model in ("programme", "hra", "land_value"):
        _show(window, runs[model])
        shot(f"inputs-{model}")


def _results_and_charts(window, runs: dict, shot) -> None:
    window.tabs.setCurrentIndex(1)
    for model in ("brs", "programme", "hra"):
        _show(window, runs[model])
        shot("results" if model == "brs" else f"results-{model}")
    window.tabs.setCurrentIndex(2)
    for model, name in runs.items():
        _show(window, name)
        if window.charts.views:
            window.charts.views[0].read_out(3)  # as if the mouse were over the fourth year
        shot(f"charts-{model}")
    window.tabs.setCurrentIndex(3)
    _show(window, runs["housing_first"])
    shot("checks")
    window.tabs.setCurrentIndex(4)
    _show(window, runs["programme"])
    shot("prudential")


def _dialogs(window, out: Path, shot) -> None:
    from PySide6.QtWidgets import QMessageBox

    from ui.about import about_text
    from ui.scenario_dialog import NewScenarioDialog

    dialog = NewScenarioDialog(window.project, "Slower intake", window)
    dialog.name.setText("Slower intake, cap at 600")
    dialog.description.setPlainText("Slower intake and a 600-person ceiling on the caseload. Illustrative.")
    dialog.show()
    shot("new-scenario", dialog)
    dialog.close()
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "About the Funding for Growth Planner",
        about_text(),
        QMessageBox.StandardButton.Ok,
        window,
    )
    box.show()
    shot("about", box)
    box.close()


def _small(source: Path, target: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    image = QImage(str(source))
    if image.width() > DOC_WIDTH:
        image = image.scaledToWidth(DOC_WIDTH, Qt.TransformationMode.SmoothTransformation)
    # 256 colours are plenty for a screen of a form; a third of the bytes of full colour
    image = image.convertToFormat(QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.AvoidDither)
    image.save(str(target), "PNG", 0)  # 0: the smallest file


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Render the desktop app's views to PNG.")
    parser.add_argument("--out", default=str(ROOT / "screenshots"), help="folder for the PNG files")
    parser.add_argument("--offscreen", action="store_true", help="render without any display (Qt offscreen)")
    parser.add_argument("--docs", action="store_true", help="also write small copies to docs/images/")
    return parser


if __name__ == "__main__":
    sys.exit(main())
