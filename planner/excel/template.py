"""The input workbook: a template generated from the declarations, read back by excel_import.

    write_template(path, project=None, models=None)  a "Read me", then write_input_sheets
    write_input_sheets(workbook, project)            the sheets import reads (the board pack's too)

Sheets: "Project" (details, runs, scenarios), one per run (every scalar input: key, label, a
value column per scenario with the Baseline first, unit, allowed range, help, source, owner,
date, note), one per table of each run (a column per declared column, headed by its key and
label) plus one per scenario that changes that table, "Assumptions" (sources of tables and
table cells), and the hidden "_planner" sheet that maps each sheet to its run, model, table and
scenario. Without a project, the template holds one run per model at its declared defaults.
What the reader relies on (names, headings, how a value is held) is in excel_layout.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from models.core.declare import Field, ModelSpec, TableSpec
from planner import __version__
from planner.excel import styles as st
from planner.excel.layout import (
    ASSUMPTIONS,
    DETAILS,
    HEADER_ROW,
    INFO,
    LAYOUT,
    META,
    RUNS,
    SCENARIOS,
    SCHEMA,
    cell_value,
    column_heading,
    table_rows,
)
from planner.excel.readme import write_readme
from planner.excel.rule_cells import write_rule_rows
from planner.excel.sheet_writer import SheetWriter
from planner.project.document import Project, new_project
from planner.project.scenario_file import RunDef
from planner.project.scenarios import BASELINE, spec_of

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

_WRAPPED = {"help": 50, "source": 40, "note": 30, "allowed range": 30}


def write_template(path: str | Path, project: Project | None = None, models: list[str] | None = None) -> None:
    """Write the input workbook for a project (or for each model's defaults), atomically."""
    from planner.project.atomic import write_atomic

    buffer = io.BytesIO()
    build_template(project, models).save(buffer)
    write_atomic(Path(path), buffer.getvalue())


def build_template(project: Project | None = None, models: list[str] | None = None) -> Workbook:
    """The template as an openpyxl Workbook."""
    from openpyxl import Workbook

    project = project or template_project(models)
    wb = Workbook()
    wb.active.title = "Read me"  # type: ignore[union-attr]  # optional in types-openpyxl; a new workbook has a sheet
    write_readme(wb["Read me"], project, write_input_sheets(wb, project))
    return wb


def template_project(models: list[str] | None = None) -> Project:
    """One run per model (named by its label) at the declared defaults, no scenarios, no history."""
    from dataclasses import replace

    from planner.project.document import Metadata
    from planner.registry import model_keys

    project = new_project("Input template", [RunDef(spec_of(k).label, k, {}) for k in (models or model_keys())])
    return replace(project, metadata=Metadata())  # import records when the project was made


def write_input_sheets(workbook: Workbook, project: Project) -> list[tuple]:
    """Add the sheets import reads; returns the layout rows (sheet, kind, run, model, table, scenario)."""
    st.add_styles(workbook)
    names = _Namer(workbook.sheetnames)
    resolved = {BASELINE: project.resolve(BASELINE)}
    resolved.update({s.name: project.resolve(s.name) for s in project.scenarios})
    layout = [(names.take("Project"), "project", "", "", "", "")]
    _project_sheet(workbook.create_sheet(layout[0][0]), project)
    for i, run in enumerate(project.runs):
        spec = spec_of(run.model)
        layout.append((names.take(run.name), "run", run.name, run.model, "", ""))
        _run_sheet(
            workbook.create_sheet(layout[-1][0]),
            run.name,
            spec,
            [(n, r[i]) for n, r in resolved.items()],
            project.assumptions.get(run.name, {}),
        )
        for table in spec.tables:
            for scenario in _table_versions(project, resolved, i, table):
                sheet = names.take(table_sheet_name(run.name, table.name, scenario))
                layout.append((sheet, "table", run.name, run.model, table.name, scenario))
                title = f"{table.label} — {run.name}" + ("" if scenario == BASELINE else f" — scenario {scenario}")
                _table_sheet(
                    workbook.create_sheet(sheet), title, table, table_rows(table, resolved[scenario][i].inputs)
                )
    layout.append((names.take("Assumptions"), "assumptions", "", "", "", ""))
    _assumptions_sheet(workbook.create_sheet(layout[-1][0]), project)
    _layout_sheet(workbook.create_sheet(names.take(META)), layout)
    return layout


def table_sheet_name(run: str, table: str, scenario: str) -> str:
    """'Housing First award - intake (Slower)': the table in full, the run and scenario shortened to fit."""
    tail = f" - {table}" + ("" if scenario == BASELINE else f" ({scenario[: max(3, 17 - len(table))].strip()})")
    return run[: max(8, 31 - len(tail))].strip() + tail


def _table_versions(project: Project, resolved: dict, i: int, table: TableSpec) -> list[str]:
    """The Baseline, and each scenario whose rows differ from those of the scenario it builds on."""
    out = [BASELINE]
    for s in project.scenarios:
        mine, theirs = resolved[s.name][i].inputs, resolved[s.based_on or BASELINE][i].inputs
        if table_rows(table, mine) != table_rows(table, theirs):
            out.append(s.name)
    return out


class _Namer:
    """Sheet names Excel accepts: unique (ignoring case), at most 31 characters, none of []:*?/\\."""

    def __init__(self, taken: Iterable[str]) -> None:
        self.taken = {t.casefold() for t in taken} | {"history"}

    def take(self, wanted: str) -> str:
        base = re.sub(r"\s+", " ", re.sub(r"[\[\]:*?/\\]", " ", wanted)).strip().strip("'").strip() or "Sheet"
        name, n = base[:31].strip(), 1
        while name.casefold() in self.taken or (name.casefold() == META and wanted != META):
            n += 1
            name = base[: 31 - len(f" ({n})")].strip() + f" ({n})"
        self.taken.add(name.casefold())
        return name


def _project_sheet(ws: Worksheet, project: Project) -> None:
    out = SheetWriter(
        ws,
        "Project",
        "The project's details, runs and scenarios. A scenario builds on the "
        "Baseline (leave 'builds on' empty) or on another scenario; its values are the "
        "columns named after it on each run's sheet.",
    )
    meta = project.metadata
    details = {
        "title": project.title,
        "description": project.description,
        "author": meta.author,
        "organisation": meta.organisation,
        "created": meta.created,
    }
    blocks = [
        (("key", "label", "value"), [(k, label, details[k]) for k, label in DETAILS]),
        (RUNS, [(r.name, r.model, r.description) for r in project.runs]),
        (SCENARIOS, [(s.name, s.based_on or "", s.description) for s in project.scenarios]),
    ]
    row = HEADER_ROW
    for headings, rows in blocks:
        out.headers(row, headings, {"value": 70, "description": 70})
        for values in rows:
            row += 1
            for col, value in enumerate(values, start=1):  # keys and models are fixed; the rest is for editing
                fixed = headings[0] != "scenario" and col < 3
                out.put(row, col, value, (st.KEY if col == 1 else st.BODY) if fixed else st.INPUT)
        row += 3
    out.finish(None, high=70)


def _run_sheet(ws: Worksheet, run_name: str, spec: ModelSpec, columns: list[tuple[str, RunDef]], log: dict) -> None:
    """Every scalar input of one run, one row each, grouped as the model declares them."""
    from openpyxl.utils import get_column_letter

    out = SheetWriter(
        ws,
        run_name,
        f"{spec.label}. Yellow cells are inputs. Each input is found by its key in "
        f"column A, so rows may be reordered; do not change the keys.",
    )
    n = len(columns)
    out.headers(
        HEADER_ROW, ["key", "label"] + (["value"] if n == 1 else [s for s, _ in columns]) + list(INFO), _WRAPPED
    )
    row, group = HEADER_ROW, None
    for f in spec.fields:
        if f.group != group:
            row, group = row + 1, f.group
            st.put(ws, row, 2, group, st.GROUP)
        row += 1
        out.put(row, 1, f.name, st.KEY)
        out.put(row, 2, f.label)
        for j, (_, run) in enumerate(columns, start=3):
            value = cell_value(f, run.inputs.get(f.name, f.default))
            out.put(row, j, value, st.INPUT, st.number_format(f.fmt, value))
        a = log.get(f.name)
        info = [f.unit, f.allowed(), f.help] + ([a.source, a.owner, a.date, a.note] if a else [f.source, "", "", ""])
        for k, value in enumerate(info, start=3 + n):
            out.put(row, k, value, st.WRAP if k < 6 + n else st.INPUT)
        _validate(ws, f, f"C{row}:{get_column_letter(2 + n)}{row}")
    row = write_rule_rows(out, ws, row, spec, columns)
    out.widths[2] = max(out.widths.get(2, 0), 20)
    out.finish(f"C{HEADER_ROW + 1}")
    if n > 1:
        _highlight_changes(ws, n, row)


def _highlight_changes(ws: Worksheet, n: int, last_row: int) -> None:
    """Shade a scenario's value where it differs from the Baseline's, as a reader scans for what-ifs."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter

    r = HEADER_ROW + 1
    rule = FormulaRule(formula=[f'AND($A{r}<>"",D{r}<>$C{r})'], fill=PatternFill("solid", fgColor="FFF8CBAD"))
    ws.conditional_formatting.add(f"D{r}:{get_column_letter(2 + n)}{last_row}", rule)


def _validate(ws: Worksheet, f: Field, cells: str) -> None:
    """Excel's own check on entry, from the declared bounds and choices (import checks again)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    options: dict[str, Any] = dict(
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle=f.label[:32],
        error=f.allowed()[:255],
        promptTitle=f.label[:32],
        prompt=f.allowed()[:255],
    )
    if f.fmt == "bool":
        dv = DataValidation(type="list", formula1='"TRUE,FALSE"', **options)
    elif f.fmt == "choice" and not any("," in c for c in f.choices) and len(",".join(f.choices)) < 250:
        dv = DataValidation(type="list", formula1='"' + ",".join(f.choices) + '"', **options)
    elif f.numeric and (f.low is not None or f.high is not None):
        bounds = [_excel_number(b) for b in (f.low, f.high) if b is not None]
        operator: Literal["between", "greaterThanOrEqual", "lessThanOrEqual"] = (
            "between" if len(bounds) == 2 else "greaterThanOrEqual" if f.low is not None else "lessThanOrEqual"
        )
        dv = DataValidation(
            type="whole" if f.integer else "decimal",
            operator=operator,
            formula1=bounds[0],
            formula2=bounds[1] if len(bounds) == 2 else None,
            **options,
        )
    else:
        return
    ws.add_data_validation(dv)
    dv.add(cells)


def _excel_number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:f}".rstrip("0")


def _table_sheet(ws: Worksheet, title: str, table: TableSpec, rows: list[dict]) -> None:
    """One row per table row, a column per declared column headed by its key and its label."""
    from openpyxl.utils import get_column_letter

    out = SheetWriter(
        ws,
        title,
        f"{table.help} One row per entry ({table.min_rows} to {table.max_rows}); rows are "
        f"read in order, blank rows are skipped; columns are found by their key in row "
        f"{HEADER_ROW - 1}.",
    )
    for col, c in enumerate(table.columns, start=1):
        out.put(HEADER_ROW - 1, col, c.name, st.KEY)
    out.headers(HEADER_ROW, [column_heading(c) for c in table.columns])
    for i, values in enumerate(rows, start=HEADER_ROW + 1):
        for col, c in enumerate(table.columns, start=1):
            out.put(i, col, values[c.name], st.INPUT, st.number_format(c.fmt, values[c.name]))
    for col, c in enumerate(table.columns, start=1):
        letter = get_column_letter(col)
        _validate(ws, c, f"{letter}{HEADER_ROW + 1}:{letter}{HEADER_ROW + max(table.max_rows, 1)}")
    out.finish(f"A{HEADER_ROW + 1}", high=50)


def _assumptions_sheet(ws: Worksheet, project: Project) -> None:
    out = SheetWriter(
        ws,
        "Assumptions",
        "Where the values of tables and of single table cells come from, and "
        "who answers for them. The source of each single input is on its run's "
        "sheet.",
    )
    out.headers(HEADER_ROW, ASSUMPTIONS, {"source": 50, "note": 40})
    row = HEADER_ROW
    for run in project.runs:
        scalars = {f.name for f in spec_of(run.model).fields}
        for path, a in project.assumptions.get(run.name, {}).items():
            if path not in scalars:
                row += 1
                for col, value in enumerate((run.name, path, a.source, a.owner, a.date, a.note), start=1):
                    out.put(row, col, value, st.KEY if col < 3 else st.INPUT)
    out.finish(f"A{HEADER_ROW + 1}")


def _layout_sheet(ws: Worksheet, layout: list[tuple]) -> None:
    """The hidden map from sheet names to runs, models, tables and scenarios."""
    rows: list[list] = [
        ["Funding for Growth Planner input workbook", __version__],
        ["schema_version", SCHEMA],
        [],
        list(LAYOUT),
    ]
    rows += [list(entry) + [SCHEMA] for entry in layout]
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            st.put(ws, r, c, value)  # through put: a run named "=..." stays text
    ws.sheet_state = "hidden"
