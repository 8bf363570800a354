"""The board pack: an Excel workbook a finance director can put in front of a board, with
live formulas an auditor can trace.

    export_board_pack(project, path, scenarios=None, analysis=None, progress=None) -> BoardPack

Sheets: Cover; Summary (every scenario side by side, differences from the Baseline, the
status of the checks); Checks (every check, with a master check over them); one sheet for each
scenario and run (its annual table with the financial years across, key figures, charts);
Sensitivity and Monte Carlo when analysis results are passed; Assumptions (what each scenario
changes) and the Assumptions log (where each input comes from); Rules applied (each rule the
runs use, by year, with its source); then the input sheets the planner can import back.

What prints is the board's document: the front sheets, the Baseline's run sheets and the sheets
that follow them. A scenario's run sheets, the assumptions log and the input sheets are
reference only: in the workbook (hidden, so neither Excel nor LibreOffice prints them; Unhide
shows them), their figures still feeding the Summary, Checks and Movement. The Cover's contents
says which sheets print.

Totals, sub-totals, present values and checks are formulas over the cells they summarise; the
Business Rate Supplement and Housing First sheets recompute their models from an inputs block
(dual running). `BoardPack.expected` holds the planner's own figure for every formula cell.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import PlannerError
from planner.excel.board_pack.cells import Cells, Expected
from planner.project.document import Project
from planner.project.scenarios import BASELINE

if TYPE_CHECKING:
    from openpyxl import Workbook

EXECUTIVE = "Executive summary"
PRINTED, REFERENCE = "Printed", "Reference only (hidden)"


@dataclass
class BoardPack:
    """What was written: every sheet, the scenarios, the importable input sheets among the sheets,
    the planner's figure for every formula cell the pack's own sheets hold, and the fingerprint."""

    path: Path | None
    workbook: Workbook
    sheets: list[str]
    scenarios: list[str]
    input_sheets: list[str]
    expected: dict[tuple[str, str], Expected]  # (sheet, cell): the planner's figure for a formula cell
    fingerprint: str


def fingerprint(project: Project) -> str:
    """The first 16 hex digits of the SHA-256 of the project file as the planner writes it."""
    from planner.project.project_file import dumps_project

    return hashlib.sha256(dumps_project(project).encode("utf-8")).hexdigest()[:16]


def chosen_scenarios(project: Project, names: Iterable[str] | None) -> list[str]:
    """The Baseline first, then the scenarios asked for (all by default); an unknown name is refused."""
    wanted = project.scenario_names if names is None else [n for n in names if n != BASELINE]
    for name in wanted:
        project.scenario(name)
    return [BASELINE] + list(dict.fromkeys(wanted))


def evaluate_all(project: Project, names: list[str]) -> dict[str, dict]:
    """{scenario: {run: Outcome}}; a problem names the scenario it comes from."""
    out = {}
    for name in names:
        try:
            out[name] = project.evaluate(name)
        except PlannerError as exc:
            raise PlannerError([p if name == BASELINE else f"scenario {name!r}: {p}" for p in exc.problems]) from None
    return out


def export_board_pack(
    project: Project,
    path: str | os.PathLike,
    scenarios: Iterable[str] | None = None,
    analysis: object = None,
    progress: Callable[[int, int], None] | None = None,
    today: dt.date | None = None,
    runs: Iterable[str] | None = None,
) -> BoardPack:
    """Write the board pack to `path` (atomically) and return what it holds."""
    from planner.project.atomic import write_atomic

    pack = build_board_pack(project, scenarios, analysis, progress, today, runs)
    buffer = io.BytesIO()
    pack.workbook.save(buffer)
    try:
        write_atomic(Path(path), buffer.getvalue())
    except OSError as exc:
        raise PlannerError(f"{path}: the board pack cannot be written ({exc.strerror or exc})") from None
    pack.path = Path(path)
    return pack


def build_board_pack(
    project: Project,
    scenarios: Iterable[str] | None = None,
    analysis: object = None,
    progress: Callable[[int, int], None] | None = None,
    today: dt.date | None = None,
    runs: Iterable[str] | None = None,
) -> BoardPack:
    """The pack in memory (`path` None): the workbook and what it holds. `scenarios` and `runs`
    choose what goes in (all by default; the Baseline always)."""
    names = chosen_scenarios(project, scenarios)
    chosen = [r.name for r in project.runs] if runs is None else [project.run(r).name for r in runs]
    analyses = list(analysis) if isinstance(analysis, (list, tuple)) else ([analysis] if analysis else [])
    return _Builder(
        project,
        names,
        evaluate_all(project, names),
        today or dt.date.today(),
        progress,
        len(names) * len(project.runs) + 4 + len(analyses),
        chosen,
    ).build(analyses)


class _Builder:
    """Writes the sheets in an order where each refers only to cells already placed: the run
    sheets first, then Checks (which refers to them), Summary (to both) and the Cover."""

    def __init__(
        self,
        project: Project,
        names: list[str],
        outcomes: dict,
        day: dt.date,
        progress: Callable[[int, int], None] | None,
        steps: int,
        runs: list[str],
    ) -> None:
        from openpyxl import Workbook

        from planner.excel.board_pack.styles import add_styles

        self.project, self.names, self.outcomes, self.runs = project, names, outcomes, runs
        self.as_baseline: dict[str, list[str]] = {}  # {scenario: runs it leaves as in the Baseline}
        self.results = {s: {run: o.trial(0) for run, o in runs.items()} for s, runs in outcomes.items()}
        self.date, self.progress, self.steps, self.done = f"{day.day} {day:%B %Y}", progress, steps, 0
        self.wb = Workbook()
        add_styles(self.wb)
        self.cells = Cells(self.wb)
        self.wb.worksheets[0].title = "Cover"  # the sheet a new workbook starts with
        self.wb.create_sheet(EXECUTIVE)
        self.wb.create_sheet("Summary")
        self.wb.create_sheet("Checks")
        self.contents: list[tuple[str, ...]] = [
            (EXECUTIVE, "Headline figures, failing checks and what each scenario changes"),
            ("Summary", "Every scenario side by side"),
            ("Checks", "Every check, and the master check"),
        ]

    def tick(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.steps)

    def build(self, analyses: list) -> BoardPack:
        from planner.excel.board_pack.analysis import analysis_sheets
        from planner.excel.board_pack.cover import LOG, write_assumptions, write_log
        from planner.excel.board_pack.executive import write_executive
        from planner.excel.board_pack.movement import TITLE_TEXT as MOVEMENT
        from planner.excel.board_pack.movement import bridges, write_movement
        from planner.excel.board_pack.rules_sheet import write_rules_sheet
        from planner.excel.board_pack.styles import name_the_project, reference_only

        sheets, check_rows = self.run_sheets()
        self.appraisal()
        for title, what in analysis_sheets(self.cells, self.wb, analyses, self.date):
            self.contents.append((title, what))
            self.tick()
        found = bridges(self.project, self.names, self.runs, self.results)
        if found:
            write_movement(self.cells, self.wb.create_sheet(MOVEMENT), self.project, found, self.date)
            self.contents.append((MOVEMENT, "What moved each scenario's headline figure, change by change"))
        write_assumptions(self.cells, self.wb.create_sheet("Assumptions"), self.project, self.names, self.date)
        self.contents.append(("Assumptions", "What each scenario changes, from what to what"))
        log = self.wb.create_sheet(LOG)
        write_log(self.cells, log, self.project, self.date)
        reference_only(log)
        self.contents.append((LOG, "Where each input comes from and who answers for it"))
        self.tick()
        rules = self.wb.create_sheet("Rules applied")
        write_rules_sheet(self.cells, rules, self.project, self.names, self.outcomes, self.date)
        self.contents.append(("Rules applied", "The law and policy each run applies, by year, with its source"))
        self.front(sheets, check_rows)
        write_executive(
            self.cells,
            self.wb[EXECUTIVE],
            self.project,
            self.names,
            self.runs,
            self.results,
            sheets,
            check_rows,
            self.as_baseline,
            self.date,
        )
        mine = list(self.wb.sheetnames)
        added = _input_sheets(self.wb, self.project)
        if added:
            self.contents.append(
                (f"{added[0]} to {added[-1]}", f"The inputs, in the layout the planner imports ({len(added)} sheets)")
            )
        self.contents = [(t, what, _printed(self.wb, t)) for t, what, *_ in self.contents]
        self.cover(check_rows)
        for title in mine:
            self.cells.fit_rows(self.wb[title])
            name_the_project(self.wb[title], self.project.title)
        return BoardPack(
            None, self.wb, self.wb.sheetnames, self.names, added, self.cells.expected, fingerprint(self.project)
        )

    def appraisal(self) -> None:
        """The Appraisal and Prudential sheets, where the Baseline has a programme run (a real appraisal)."""
        from planner.excel.board_pack.appraisal_sheet import has_appraisal, write_appraisal_sheet

        if BASELINE not in self.outcomes:
            return
        runs = [(r, self.outcomes[BASELINE][r.name]) for r in self.project.resolve(BASELINE) if r.name in self.runs]
        runs = [(r, o) for r, o in runs if has_appraisal(o)]
        if runs:
            from planner.excel.board_pack.prudential_sheet import write_prudential_sheet

            write_appraisal_sheet(self.cells, self.wb.create_sheet("Appraisal"), runs, self.date)
            self.contents.append(("Appraisal", "Cash to real terms and the Green Book PVs, live formulas"))
            write_prudential_sheet(self.cells, self.wb.create_sheet("Prudential"), runs, self.date)
            self.contents.append(("Prudential", "CFR, financing-cost ratio, liability benchmark and debt headroom"))

    def run_sheets(self) -> tuple[dict, list]:
        """A sheet for each scenario and run: {(scenario, run): RunSheet}, and every check's row."""
        from planner.excel.board_pack.annual import RunContext
        from planner.excel.board_pack.blocks import RunSheet
        from planner.excel.board_pack.run_sheet import write_run_sheet
        from planner.excel.board_pack.sheets import check_rows
        from planner.excel.board_pack.styles import reference_only, sheet_title
        from planner.project.document import runs_changed

        sheets: dict[tuple[str, str], RunSheet] = {}
        rows: list = []
        for si, name in enumerate(self.names, start=1):
            changed = set(runs_changed(self.project, name))
            for ri, run in enumerate(self.project.resolve(name), start=1):
                if run.name not in self.runs:
                    continue
                if run.name not in changed:  # the Baseline's sheet serves: nothing is printed twice
                    sheets[(name, run.name)] = sheets[(BASELINE, run.name)]
                    self.as_baseline.setdefault(name, []).append(run.name)
                    self.tick()
                    continue
                ws = self.wb.create_sheet(sheet_title(f"{si}.{ri}", run.name))
                outcome = self.outcomes[name][run.name]
                ctx = RunContext(
                    name, run, outcome, self.results[name][run.name], self.project.assumptions.get(run.name, {})
                )
                sheets[(name, run.name)] = write_run_sheet(self.cells, ws, ctx, self.date)
                rows += check_rows(ctx, sheets[(name, run.name)])
                self.contents.append((ws.title, f"{name}: {run.name} ({outcome.spec.label})"))
                if name != BASELINE:  # the Summary, Checks and Movement print what the board needs of it
                    reference_only(ws)
                self.tick()
        return sheets, rows

    def front(self, sheets: dict, rows: list) -> None:
        """Checks, then the Summary that counts them."""
        from planner.analysis.compare import metric_rows
        from planner.excel.board_pack.sheets import write_checks, write_summary

        spans = write_checks(self.cells, self.wb["Checks"], rows, self.project.title, self.date)
        self.tick()
        failures: dict = {}
        for c in rows:
            failures[(c.scenario, c.run)] = failures.get((c.scenario, c.run), 0) + (not c.ok)
        for scenario, same in self.as_baseline.items():
            for run in same:
                if (BASELINE, run) in spans:
                    spans[(scenario, run)] = spans[(BASELINE, run)]
                    failures[(scenario, run)] = failures.get((BASELINE, run), 0)
        runs = [(r.name, self.outcomes[BASELINE][r.name].spec.label) for r in self.project.runs if r.name in self.runs]
        write_summary(
            self.cells,
            self.wb["Summary"],
            self.names,
            runs,
            metric_rows(self.results),
            sheets,
            spans,
            failures,
            self.date,
            self.project.title,
        )
        self.tick()

    def cover(self, rows: list) -> None:
        from planner.excel.board_pack.cover import write_cover
        from planner.excel.board_pack.sheets import master_text

        master = master_text(sum(not c.ok for c in rows), len(rows))
        write_cover(
            self.cells,
            self.wb["Cover"],
            self.project,
            self.names,
            self.contents,
            fingerprint(self.project),
            self.date,
            master,
        )
        self.tick()


def _printed(wb: Workbook, title: str) -> str:
    """Whether a sheet of the contents prints (a range of input sheets is named by its first)."""
    first = title.split(" to ")[0] if title not in wb.sheetnames else title
    return PRINTED if first in wb.sheetnames and wb[first].sheet_state == "visible" else REFERENCE


def _input_sheets(wb: Workbook, project: Project) -> list[str]:
    """The sheets `planner import` reads, so the pack's inputs can be read back."""
    from planner.excel.template import write_input_sheets

    before = set(wb.sheetnames)
    write_input_sheets(wb, project)
    added = [t for t in wb.sheetnames if t not in before and wb[t].sheet_state == "visible"]
    for title in added:  # kept for `planner import`, out of the printed board document
        wb[title].sheet_state = "hidden"
    return added
