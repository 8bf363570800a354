"""Export board pack: the user chooses the scenarios, the runs and the analyses that go in."""

from __future__ import annotations

from PySide6.QtCore import Qt

from planner.analysis.montecarlo import monte_carlo
from planner.analysis.sensitivity import tornado
from planner.excel.board_pack.export import build_board_pack
from planner.project.project_file import load_project
from tests.ui.helpers import EXAMPLE, HF
from ui.export_dialog import ExportDialog, analysis_name


def _untick(widget, text: str) -> None:
    for i in range(widget.count()):
        if widget.item(i).text() == text:
            widget.item(i).setCheckState(Qt.CheckState.Unchecked)


def test_the_choice_builds_a_pack_of_just_that(qtbot):
    project = load_project(EXAMPLE)
    runs = project.resolve()
    sensitivity = tornado(runs, HF, "people_housed", pct=0.1)
    risk = monte_carlo(runs, HF, {"retention_rate": "triangular(0.7, 0.8, 0.9)"}, trials=200, seed=7)
    dialog = ExportDialog(project, [sensitivity, risk])
    qtbot.addWidget(dialog)
    assert dialog.analyses.item(1).text() == f"Monte Carlo: {HF} (200 trials, seed 7)"
    assert analysis_name(sensitivity) == f"Sensitivity (tornado): {HF}, people_housed"
    for name in project.scenario_names[1:]:
        _untick(dialog.scenarios, name)
    for run in project.runs:
        if run.name != HF:
            _untick(dialog.runs, run.name)
    _untick(dialog.analyses, analysis_name(sensitivity))
    choice = dialog.choice()
    assert choice.scenarios == project.scenario_names[:1] and choice.runs == [HF] and choice.analyses == [risk]
    pack = build_board_pack(project, choice.scenarios, choice.analyses, runs=choice.runs)
    run_sheets = [t for t in pack.sheets if t[:1].isdigit()]
    assert run_sheets == ["1.5 Housing First award 2018", "2.5 Housing First award 2018"]
    assert "Monte Carlo" in pack.sheets and "Sensitivity" not in pack.sheets


def test_the_app_offers_the_analyses_it_ran_and_exports_the_choice(window, qtbot, monkeypatch, tmp_path):
    from ui import export_dialog

    runs = window.project.resolve()
    risk = monte_carlo(runs, HF, {"retention_rate": "triangular(0.7, 0.8, 0.9)"}, trials=100, seed=3)
    window.keep_analysis(risk)
    window.keep_analysis(risk)  # kept once
    offered = []

    def choose(parent, project, analyses):
        offered.append(list(analyses))
        return export_dialog.PackChoice([], [HF], analyses)

    monkeypatch.setattr(export_dialog, "ask_pack_choice", choose)
    target = tmp_path / "pack.xlsx"
    monkeypatch.setattr("ui.file_actions.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), ""))
    assert window.files.export_board_pack(open_folder=False)
    assert offered == [[risk]]
    from openpyxl import load_workbook

    names = load_workbook(target, read_only=True).sheetnames
    assert "Monte Carlo" in names and [n for n in names if n[:1].isdigit()] == ["1.5 Housing First award 2018"]
