"""The board pack: an Excel workbook a finance director can put in front of a board, with
live formulas an auditor can trace.

    export_board_pack(project, path, scenarios=None, analysis=None, progress=None) -> BoardPack

Sheets: Cover; Summary (every scenario side by side, differences from the Baseline, the
status of the checks); Checks (every check, with a master check over them); one sheet for each
scenario and run (its annual table with the financial years across, key figures, charts);
Sensitivity and Monte Carlo when analysis results are passed; Assumptions (the log, then what
each scenario changes); then the input sheets the planner can import back.

Totals, sub-totals, present values and checks are formulas over the cells they summarise; the
Business Rate Supplement and Housing First sheets recompute their models from an inputs block
(dual running). `BoardPack.expected` holds the planner's own figure for every formula cell.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from planner.board_pack_cells import Cells, Expected
from planner.errors import PlannerError
from planner.project import Project
from planner.scenarios import BASELINE


@dataclass
class BoardPack:
    """What was written: every sheet, the scenarios, the importable input sheets among the sheets,
    the planner's figure for every formula cell the pack's own sheets hold, and the fingerprint."""

    path: Path | None
    workbook: object  # the openpyxl Workbook
    sheets: list[str]
    scenarios: list[str]
    input_sheets: list[str]
    expected: dict[tuple[str, str], Expected]  # (sheet, cell): the planner's figure for a formula cell
    fingerprint: str


def fingerprint(project: Project) -> str:
    """The first 16 hex digits of the SHA-256 of the project file as the planner writes it."""
    from planner.project_file import dumps_project

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


def export_board_pack(project: Project, path, scenarios: Iterable[str] | None = None, analysis=None,
                      progress: Callable[[int, int], None] | None = None, today: dt.date | None = None) -> BoardPack:
    """Write the board pack to `path` (atomically) and return what it holds."""
    from planner.appdata import write_atomic

    pack = build_board_pack(project, scenarios, analysis, progress, today)
    buffer = io.BytesIO()
    pack.workbook.save(buffer)
    try:
        write_atomic(Path(path), buffer.getvalue())
    except OSError as exc:
        raise PlannerError(f"{path}: the board pack cannot be written ({exc.strerror or exc})") from None
    pack.path = Path(path)
    return pack


def build_board_pack(project: Project, scenarios=None, analysis=None, progress=None,
                     today: dt.date | None = None) -> BoardPack:
    """The pack in memory (`path` None): the workbook and what it holds."""
    from openpyxl import Workbook

    from planner.board_pack_analysis import analysis_sheets
    from planner.board_pack_annual import RunContext, write_run_sheet
    from planner.board_pack_cover import write_assumptions, write_cover
    from planner.board_pack_sheets import CheckRow, master_text, write_checks, write_summary
    from planner.board_pack_styles import add_styles, sheet_title
    from planner.compare import metric_rows

    names = chosen_scenarios(project, scenarios)
    outcomes = evaluate_all(project, names)
    results = {s: {run: o.trial(0) for run, o in runs.items()} for s, runs in outcomes.items()}
    day = today or dt.date.today()
    date = f"{day.day} {day:%B %Y}"
    analyses = list(analysis) if isinstance(analysis, (list, tuple)) else ([analysis] if analysis else [])
    steps, done = len(names) * len(project.runs) + 4 + len(analyses), 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, steps)

    wb = Workbook()
    add_styles(wb)
    cells = Cells(wb)
    cover = wb.active
    cover.title = "Cover"
    summary, checks = wb.create_sheet("Summary"), wb.create_sheet("Checks")
    run_sheets, check_rows, contents = {}, [], [("Summary", "Every scenario side by side"),
                                                ("Checks", "Every check, and the master check")]
    for si, name in enumerate(names, start=1):
        resolved = project.resolve(name)
        for ri, run in enumerate(resolved, start=1):
            ws = wb.create_sheet(sheet_title(f"{si}.{ri}", run.name))
            outcome = outcomes[name][run.name]
            ctx = RunContext(name, f"{si}.{ri}", run, outcome, results[name][run.name],
                             project.assumptions.get(run.name, {}))
            sheet = write_run_sheet(cells, ws, ctx, date)
            run_sheets[(name, run.name)] = sheet
            check_rows += _check_rows(ctx, sheet, CheckRow)
            contents.append((ws.title, f"{name}: {run.name} ({outcome.spec.label})"))
            tick()
    for ws_title, what in analysis_sheets(cells, wb, analyses, date):
        contents.append((ws_title, what))
        tick()
    assumptions = wb.create_sheet("Assumptions")
    write_assumptions(cells, assumptions, project, names, date)
    contents.append(("Assumptions", "Where each input comes from, and what each scenario changes"))
    tick()
    spans = write_checks(cells, checks, check_rows, project.title, date)
    tick()
    failures = {}
    for c in check_rows:
        failures[(c.scenario, c.run)] = failures.get((c.scenario, c.run), 0) + (not c.ok)
    runs = [(r.name, outcomes[BASELINE][r.name].spec.label) for r in project.runs]
    write_summary(cells, summary, names, runs, metric_rows(results), run_sheets, spans, failures, date,
                  project.title)
    tick()
    stamp = fingerprint(project)
    master = master_text(sum(not c.ok for c in check_rows), len(check_rows))
    mine = list(wb.sheetnames)
    inputs_added = _input_sheets(wb, project)
    if inputs_added:
        contents.append((f"{inputs_added[0]} to {inputs_added[-1]}",
                         f"The inputs, in the layout the planner imports ({len(inputs_added)} sheets)"))
    write_cover(cells, cover, project, names, contents, stamp, date, master)
    for title in mine:
        cells.fit_rows(wb[title])
    tick()
    return BoardPack(None, wb, wb.sheetnames, names, inputs_added, cells.expected, stamp)


def _check_rows(ctx, sheet, CheckRow) -> list:
    """The run's checks (live where its sheet works them out) and, where the sheet works out
    figures of its own, the check that they agree with the planner's."""
    from planner.board_pack_blocks import check_label

    units = {c.name: c.unit for c in ctx.outcome.checks}
    rows = [CheckRow(ctx.scenario, ctx.run.name, check_label(ctx.spec, c.name), c.ok, c.year, c.amount,
                     units.get(c.name, ""), c.message, _ref(sheet, sheet.checks[c.name]) if c.name in sheet.checks
                     else None)
            for c in ctx.result.checks]
    if sheet.agree:
        rows.append(CheckRow(ctx.scenario, ctx.run.name, "The figures worked out in the workbook agree with the "
                             "planner's", True, None, None, "", "Dual running: see the key figures on the run's sheet.",
                             _ref(sheet, sheet.agree)))
    return rows


def _ref(sheet, cell: str) -> str:
    from planner.board_pack_styles import ref

    return ref(sheet.title, cell)


def _input_sheets(wb, project: Project) -> list[str]:
    """The sheets `planner import` reads, so the pack's inputs can be read back."""
    from planner.excel_template import write_input_sheets

    before = set(wb.sheetnames)
    write_input_sheets(wb, project)
    return [t for t in wb.sheetnames if t not in before and wb[t].sheet_state == "visible"]
