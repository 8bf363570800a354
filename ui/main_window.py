"""The main window: a thin coordinator.

It holds the Document, knows which run and scenario are shown, turns a form's request into a
planner operation (one undo step, or the model's message at the field), and after every change
recomputes the shown scenario with `project.evaluate` and hands each view what it draws.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QMainWindow, QScrollArea, QSplitter, QTabWidget

from planner.errors import PlannerError
from planner.project.document import Project
from planner.project.paths import declaration
from planner.project.scenarios import BASELINE
from planner.registry import get_spec
from ui import menus, messages
from ui.calculation import Calculation
from ui.checks_panel import ChecksPanel, master_check
from ui.document import Document
from ui.edits import edit_input
from ui.file_actions import FileActions
from ui.icons import app_icon, status_icon
from ui.input_form import field_message
from ui.inputs_tab import InputsTab
from ui.optional import open_dialog
from ui.project_tree import ProjectTree, tree_width
from ui.prudential_view import PrudentialView
from ui.rating_list_box import rating_list_action
from ui.results_panel import ResultsPanel
from ui.scenario_actions import ScenarioActions

APP_NAME = "Funding for Growth Planner"
AUTOSAVE_MS = 3 * 60 * 1000
CHARTS_TAB = 2
GEOMETRY_KEY = "window/geometry"


class MainWindow(QMainWindow):
    def __init__(self, project: Project, path: str | None = None, unsaved: bool = False) -> None:
        super().__init__()
        # deleted when closed, so its charts and undo history go while Qt still runs, not in the
        # interpreter's last garbage collection
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowIcon(app_icon())
        self.document = Document(project, path, self, unsaved)
        self.files, self.scenarios = FileActions(self), ScenarioActions(self)
        self.run, self.scenario = project.runs[0].name, BASELINE
        self.calc = Calculation()
        self.analyses: list = []  # tornado and Monte Carlo results of this session, offered to the board pack
        self.charts = None  # the chart panel, built when the Charts tab is first shown (pyqtgraph loads then)
        self._build()
        menus.build(self)
        self.document.project_changed.connect(self.refresh)
        self.document.state_changed.connect(self.update_title)
        self.autosave_timer = QTimer(self, interval=AUTOSAVE_MS, timeout=self.files.autosave)
        self.autosave_timer.start()
        self.refresh(None)
        self.update_title()

    def _build(self) -> None:
        self.tree = ProjectTree(self)
        self.tree.selected.connect(self.select)
        self.tree.requested.connect(self._tree_request)
        self.inputs = InputsTab(self)
        self.inputs.edited.connect(self.edit)
        self.inputs.data_requested.connect(lambda _name, action: rating_list_action(self, action))
        self.inputs.reset_requested.connect(lambda path: self.scenarios.reset(path))
        self.results_panel = ResultsPanel(self)
        self.charts_area = QScrollArea(self, widgetResizable=True)
        self.charts_area.setWidget(
            QLabel("Charts are drawn when this tab is opened.", alignment=Qt.AlignmentFlag.AlignCenter)
        )
        self.checks_panel = ChecksPanel(self)
        self.prudential = PrudentialView(self)
        self.results_panel.scale.currentTextChanged.connect(self.prudential.set_scale)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        for widget, text in (
            (self.inputs, "&Inputs"),
            (self.results_panel, "&Results"),
            (self.charts_area, "C&harts"),
            (self.checks_panel, "Chec&ks"),
            (self.prudential, "&Prudential"),
        ):
            self.tabs.addTab(widget, text)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(1, False)
        self._tree_moved = False  # the user has dragged the tree's edge: the width is theirs from then on
        splitter.splitterMoved.connect(self._tree_dragged)
        self.setCentralWidget(splitter)
        self.where = QLabel(self, objectName="where")
        self.master = QLabel(self, objectName="master")
        self.master_icon = QLabel(self)
        self.statusBar().addPermanentWidget(self.where)
        self.statusBar().addPermanentWidget(self.master_icon)
        self.statusBar().addPermanentWidget(self.master)
        self.resize(1400, 900)

    def resizeEvent(self, event) -> None:
        """The tree a share of the window's width (a small screen or large text leaves the years
        their room), until the user drags its edge."""
        super().resizeEvent(event)
        if not self._tree_moved:
            total = sum(self.splitter.sizes()) or self.width()
            tree = tree_width(self.width())
            self.splitter.setSizes([tree, max(total - tree, 0)])

    def _tree_dragged(self, _pos: int, _index: int) -> None:
        self._tree_moved = True

    @property
    def tolerance(self) -> float:
        from ui.settings import tie_out_tolerance

        return tie_out_tolerance()

    def ask_tolerance(self) -> None:
        """Set the materiality of the tie-outs (£; a gap of at most this passes), then recompute."""
        from PySide6.QtWidgets import QInputDialog

        from ui.settings import set_tie_out_tolerance

        value, ok = QInputDialog.getDouble(
            self,
            "Tie-out tolerance",
            "A tie-out passes when its parts and total differ by at most (£):",
            self.tolerance,
            0.0,
            1_000_000.0,
            2,
        )
        if ok:
            set_tie_out_tolerance(value)
            self.recalculate()

    def restore_geometry(self) -> None:
        """Where and how large the window was when last closed (on this computer)."""
        from ui.settings import settings

        saved = settings().value(GEOMETRY_KEY)
        if saved is not None:
            self.restoreGeometry(saved)

    # ---- what is shown ------------------------------------------------------------------------

    @property
    def project(self) -> Project:
        return self.document.project

    def refresh(self, focus: str | None = None) -> None:
        """The project changed (an edit, an undo, another file): recompute and redraw."""
        project = self.project
        if focus:
            self.scenario = focus
        if self.scenario != BASELINE and self.scenario not in project.scenario_names:
            self.scenario = BASELINE
        names = [r.name for r in project.runs]
        if self.run not in names:
            self.run = names[0]
        self.inputs.forget_others({(r.name, r.model) for r in project.runs})
        self.tree.show_project(project, self.run, self.scenario)
        self.recalculate()

    def select(self, run: str, scenario: str) -> None:
        changed = scenario != self.scenario
        self.run, self.scenario = run, scenario
        if changed:
            self.recalculate()
        else:
            self.show_current()

    def show_baseline(self) -> None:
        self.tree.select(self.run, BASELINE)
        self.select(self.run, BASELINE)

    @property
    def results(self) -> dict:
        """{run name: Result} of the shown scenario."""
        return self.calc.results

    def recalculate(self) -> None:
        """Evaluate the shown scenario (what `project.evaluate` does, keeping the resolved inputs
        the form and charts show, and recomputing only the runs an edit changed)."""
        self.calc.update(self.project, self.scenario, self.tolerance)
        self.show_current()

    def show_current(self) -> None:
        """Hand each view what it shows; a view out of sight draws it when it is next shown."""
        calc, run = self.calc, self.project.run(self.run)
        spec = get_spec(run.model)
        resolved = calc.resolved.get(run.name, run)
        baseline = None if self.scenario == BASELINE else run.inputs
        self.inputs.show_run(run.name, run.model).set_inputs(resolved.inputs, baseline)
        result = calc.results.get(run.name)
        title = f"{run.name} — {self.scenario}"
        if calc.problem:
            self.results_panel.show_problem(f"This scenario cannot be calculated:\n{calc.problem}")
        else:
            self.results_panel.show_result(result, spec, title, resolved.inputs)
        if self.charts is not None:
            self.charts.show_result(result, resolved.inputs, title)
        self.checks_panel.show_results(calc.results, run.name, calc.check_units)
        self.prudential.show_result(result, spec, resolved.inputs, title, calc.problem or "")
        self._status(title)

    def _status(self, title: str) -> None:
        ok, text = master_check(self.results) if not self.calc.problem else (False, "Cannot calculate")
        self.master.setText(text)
        self.master.setProperty("ok", ok)
        if self.master_icon.property("ok") != ok:  # re-styling and repainting only on a change
            self.master_icon.setProperty("ok", ok)
            self.master.style().unpolish(self.master)
            self.master.style().polish(self.master)
            self.master_icon.setPixmap(status_icon(ok).pixmap(16, 16))
        self.where.setText(title)

    def _tab_changed(self, index: int) -> None:
        if index == CHARTS_TAB and self.charts is None:
            self.ensure_charts()

    def ensure_charts(self):
        if self.charts is None:
            from ui.charts import ChartPanel  # pyqtgraph loads here, not at start-up

            self.charts = ChartPanel()
            self.charts_area.setWidget(self.charts)
            self.show_current()
        return self.charts

    def update_title(self) -> None:
        read_only = " (read-only)" if self.document.read_only else ""
        self.setWindowTitle(f"{self.document.display_name}{read_only}[*] — {APP_NAME}")  # [*] shows as * while unsaved
        self.setWindowModified(self.document.dirty)

    # ---- edits ----------------------------------------------------------------------------------

    def input_label(self, path: str, run: str | None = None) -> str:
        spec = get_spec(self.project.run(run or self.run).model)
        try:
            return declaration(spec, path).label
        except KeyError:
            return path

    def edit(self, path: str, value, run: str | None = None, scenario: str | None = None, text: str = "") -> bool:
        """Set one input of the shown (or a named) run and scenario, as one undo step."""
        run, scenario = run or self.run, scenario or self.scenario
        if path == "start_year":
            return self.move_first_year(value, run, scenario, text)
        try:
            after = edit_input(self.project, scenario, run, path, value)
        except PlannerError as exc:
            self.show_input_error(path, exc)
            return False
        self.statusBar().clearMessage()  # an earlier "Not changed: …" no longer applies
        self.document.apply(text or f"Change {self.input_label(path, run)}", after)
        return True

    def move_first_year(self, year, run: str, scenario: str, text: str = "") -> bool:
        """A new first year: ask whether the dated rows (tranches, a new-build programme) move with
        it, then make the whole change one undo step."""
        from ui.edits import dated_tables, move_first_year

        tables = dated_tables(self.project, scenario, run)
        carry = False
        if tables:
            spec = get_spec(self.project.run(run).model)
            names = ", ".join(spec.table(t).label for t in tables)
            carry = messages.confirm(
                self,
                "Move the dated rows too?",
                f"Move the dated rows of {names} by the same number of years, so each stays in the same "
                "year of the plan? Choose No to keep them in the years they are in now.",
            )
        try:
            after = move_first_year(self.project, scenario, run, year, carry)
        except PlannerError as exc:
            self.show_input_error("start_year", exc)
            return False
        self.statusBar().clearMessage()
        moved = " and its dated rows" if carry else ""
        self.document.apply(text or f"Change {self.input_label('start_year', run)}{moved}", after)
        return True

    def show_input_error(self, path: str, exc: PlannerError) -> None:
        message = "\n".join(field_message(path, self.input_label(path), p) for p in exc.problems)
        if self.inputs.form is not None:
            self.inputs.form.show_error(path, message)
        self.statusBar().showMessage(f"Not changed: {message.splitlines()[0]}", 8000)

    def focused_input(self) -> str | None:
        return self.inputs.form.focused_path() if self.inputs.form is not None else None

    def _tree_request(self, what: str, scenario: str) -> None:
        if what == "new":
            self.scenarios.new(based_on=scenario)
        elif what == "rename":
            self.scenarios.rename(scenario)
        elif what == "delete":
            self.scenarios.delete(scenario)

    # ---- dialogs ---------------------------------------------------------------------------------

    def open_compare(self):
        return open_dialog(self, "ui.compare_dialog", "CompareDialog", "Compare scenarios", self.project)

    def open_tornado(self):
        return self._kept(
            open_dialog(
                self,
                "ui.analysis.tornado_dialog",
                "TornadoDialog",
                "Sensitivity (tornado)",
                self.project,
                self.scenario,
                self.run,
            )
        )

    def open_monte_carlo(self):
        return self._kept(
            open_dialog(
                self,
                "ui.analysis.montecarlo_dialog",
                "MonteCarloDialog",
                "Monte Carlo",
                self.project,
                self.scenario,
                self.run,
            )
        )

    def _kept(self, dialog):
        """An analysis dialog whose last result, when it closes, is offered to the board pack."""
        if dialog is not None:
            dialog.finished.connect(lambda _code=0, d=dialog: self.keep_analysis(getattr(d, "result", None)))
        return dialog

    def keep_analysis(self, result) -> None:
        if result is not None and all(result is not kept for kept in self.analyses):
            self.analyses.append(result)

    def open_data_table(self):
        return open_dialog(
            self,
            "ui.analysis.data_table_dialog",
            "DataTableDialog",
            "Data table",
            self.project,
            self.scenario,
            self.run,
        )

    def open_goal_seek(self):
        dialog = open_dialog(
            self, "ui.analysis.goal_seek_dialog", "GoalSeekDialog", "Goal seek", self.project, self.scenario, self.run
        )
        if dialog is not None and hasattr(dialog, "value_chosen"):
            scenario = self.scenario
            dialog.value_chosen.connect(
                lambda run, path, value: self.edit(
                    path, value, run, scenario, f"Goal seek {self.input_label(path, run)}"
                )
            )
        return dialog

    def open_guide(self) -> None:
        from ui.icons import RESOURCES

        guide = RESOURCES.parent / "docs" / "user-guide.md"
        if guide.exists():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(guide)))

    def show_about(self) -> None:
        from ui.about import show_about

        show_about(self)

    def closeEvent(self, event) -> None:
        if self.files.maybe_save():
            from ui.settings import settings

            self.autosave_timer.stop()
            self.document.release_lock()
            settings().setValue(GEOMETRY_KEY, self.saveGeometry())
            event.accept()
        else:
            event.ignore()
