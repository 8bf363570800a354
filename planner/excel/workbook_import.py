"""Read an input workbook (planner.excel.template's layout) back into a new Project.

    import_workbook(path) -> Project        warnings (ignored external links, formatting that could not
                                             be read) as WorkbookWarning
    read_workbook(path) -> Imported          the project and the warnings, for the command line

The file is checked by planner.excel.guard before openpyxl opens it (planner.excel.read), then
each sheet is read (planner.excel.sheet_readers; the values without openpyxl, planner.excel.values,
where openpyxl cannot parse the workbook's formatting). Sheets are found through the hidden "_planner" sheet,
inputs by their key, never by their cell. Every problem names the file, sheet and cell, all are
reported together (PlannerError), and nothing is built unless the whole workbook reads.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from planner import __version__
from planner.errors import PlannerError
from planner.excel.layout import META
from planner.excel.read import BAD, MAX_ROWS, Book, Reading, read_layout
from planner.excel.rule_cells import rule_changes
from planner.excel.sheet_readers import assumptions_sheet, project_sheet, run_sheet, table_sheet
from planner.project.document import Metadata, Project, complete_log, utc_now
from planner.project.scenario_file import RunDef
from planner.project.scenarios import BASELINE, Change, Scenario, spec_of

if TYPE_CHECKING:
    from models.core.declare import ModelSpec, TableSpec
    from models.core.errors import InputError


class WorkbookWarning(UserWarning):
    """Something in a workbook that was read past (links to other workbooks, formatting that could not be read)."""


@dataclass
class Imported:
    project: Project
    warnings: list[str] = field(default_factory=list)


def import_workbook(path: str | Path) -> Project:
    """A new Project from an input workbook, or PlannerError listing every problem."""
    imported = read_workbook(path)
    for message in imported.warnings:
        warnings.warn(message, WorkbookWarning, stacklevel=2)
    return imported.project


def read_workbook(path: str | Path) -> Imported:
    from planner.excel.guard import read_checked, require_defusedxml

    require_defusedxml()
    checked = read_checked(path)
    with Book(checked.data, Path(path).name, checked.formulas) as book:
        project = _Reader(book).read()
    return Imported(project, checked.warnings + book.notes)


class _Reader(Reading):
    """Reads every sheet the layout names, collecting problems; `read` builds the project or raises."""

    def read(self) -> Project:
        layout = read_layout(self.book)
        present = [e for e in layout if self._present(e)]
        pick = {k: [e for e in present if e["kind"] == k] for k in ("project", "run", "table", "assumptions")}
        details, descriptions, scenarios = (
            project_sheet(self, pick["project"][0]["sheet"], layout) if pick["project"] else ({}, {}, [])
        )
        names = [s.name for s in scenarios]
        runs = [(e["run"], e["model"]) for e in layout if e["kind"] == "run"]
        scalars = {e["run"]: run_sheet(self, e, names) for e in pick["run"]}
        tables = {(e["run"], e["table"], e["scenario"] or BASELINE): table_sheet(self, e, names) for e in pick["table"]}
        log = {run: dict(scalars[run][1]) if run in scalars else {} for run, _ in runs}
        if pick["assumptions"]:
            assumptions_sheet(self, pick["assumptions"][0]["sheet"], dict(runs), log)
        readable = [(run, model) for run, model in runs if run in scalars]
        resolved = self._resolve(readable, scenarios, {r: v[0] for r, v in scalars.items()}, tables)
        if self.problems:
            raise PlannerError(self.problems)
        return self._project(runs, details, descriptions, scenarios, resolved, log)

    def _present(self, entry: dict) -> bool:
        if entry["sheet"] in self.book.sheetnames:
            if self.book.grid(entry["sheet"]).too_long:
                self.problems.append(
                    f"{self.at(entry['sheet'])}: has values below row {MAX_ROWS:,}; the planner "
                    f"reads at most {MAX_ROWS:,} rows"
                )
            return True
        what = {
            "project": "the project's details",
            "assumptions": "the sources of tables",
            "run": f"the inputs of run {entry['run']!r}",
        }.get(entry["kind"], f"table {entry['table']} of run {entry['run']!r}")
        others = [s for s in self.book.sheetnames if s != META]
        self.problems.append(
            f"{self.at(entry['sheet'])}: is missing (it holds {what}); if it was renamed, give it "
            f"back its name (sheets are: {', '.join(repr(s) for s in others)})"
        )
        self.broken.add(entry["run"])
        return False

    def _resolve(self, runs: list[tuple[str, str]], scenarios: list[Scenario], scalars: dict, tables: dict) -> dict:
        """{scenario: {run: raw inputs}}: each scenario's columns and table sheets over those it builds on."""
        self.parents = {s.name: s.based_on or BASELINE for s in scenarios}
        out: dict[str, dict] = {}

        def visit(name: str) -> None:  # a scenario after the one it builds on (loops were broken when read)
            if name in out:
                return
            parent = {}
            if name != BASELINE:
                visit(self.parents[name])
                parent = out[self.parents[name]]
            out[name] = {
                run: self._inputs(name, run, model, parent.get(run, {}), scalars, tables) for run, model in runs
            }
            for run, model in runs:
                self._validate(name, run, model, out[name][run])

        for name in [BASELINE, *self.parents]:
            visit(name)
        return out

    def _inputs(self, scenario: str, run: str, model: str, parent: dict, scalars: dict, tables: dict) -> dict:
        spec = spec_of(model)
        mine = scalars[run].get(scenario, {})
        raw = {f.name: mine.get(f.name, parent.get(f.name, f.default)) for f in spec.fields}
        for t in spec.tables:
            rows = tables.get((run, t.name, scenario))
            raw[t.name] = rows if rows is not None else parent.get(t.name, [])  # no sheet: as it builds on
        rules = mine.get("rules", parent.get("rules", {}))  # the rule overrides (planner.excel.rule_cells)
        if rules:
            raw["rules"] = rules
        return raw

    def _located(self, scenario: str, run: str, path: str) -> tuple:
        """Where a value was read: its own cell, or the cell of the scenario it inherits it from."""
        for key in (path, path.split("[")[0], ""):
            step = scenario
            while True:
                if (step, run, key) in self.where:
                    return self.where[(step, run, key)]
                if step == BASELINE:
                    break
                step = self.parents[step]
        return ("?", None)

    def _validate(self, scenario: str, run: str, model: str, raw: dict) -> None:
        from models.core.errors import InputErrors
        from models.core.validation import validate

        if run in self.broken:  # a sheet of it missing or without its headings: said once, already
            return
        spec = spec_of(model)
        clean = {k: (spec.field(k).default if v is BAD else v) for k, v in raw.items() if not isinstance(v, list)}
        clean.update(
            {
                t.name: [{c: (None if v is BAD else v) for c, v in row.items()} for row in raw[t.name]]
                for t in spec.tables
            }
        )
        try:
            validate(spec, clean)
        except InputErrors as exc:
            for e in exc.errors:
                if self._located(scenario, run, e.field) not in self.bad:
                    self._model_problem(scenario, run, e)

    def _model_problem(self, scenario: str, run: str, e: InputError) -> None:
        sheet, cell = self._located(scenario, run, e.field)
        named = f"{e.field} ({e.label})" if e.label else e.field
        said = f"is empty; {e.allowed}" if e.value is None else str(e)[len(named) + 2 :]
        message = f"{self.at(sheet, cell, e.field)}: {said}"
        if scenario != BASELINE and message in self.problems:
            return  # the same cell, read again for a scenario that builds on it: said once
        self.problems.append(
            message if scenario == BASELINE else f"{self.at(sheet, cell, f'{e.field}, scenario {scenario!r}')}: {said}"
        )

    def _project(
        self,
        runs: list[tuple[str, str]],
        details: dict,
        descriptions: dict,
        scenarios: list[Scenario],
        resolved: dict,
        log: dict,
    ) -> Project:
        from planner.project.project_file import parse_project, project_to_dict

        base = resolved[BASELINE]
        run_defs = tuple(RunDef(run, model, base[run], descriptions.get(run, "")) for run, model in runs)
        built = tuple(
            Scenario(
                s.name,
                s.description,
                s.based_on,
                tuple(
                    c
                    for run, model in runs
                    for c in changes(spec_of(model), run, resolved[s.based_on or BASELINE][run], resolved[s.name][run])
                ),
            )
            for s in scenarios
        )
        now = utc_now()
        meta = Metadata(
            details.get("created") or now, now, __version__, details.get("author", ""), details.get("organisation", "")
        )
        project = Project(
            details.get("title", ""), run_defs, built, details.get("description", ""), complete_log(run_defs, log), meta
        )
        parse_project(project_to_dict(project), self.name)  # the file it saves to will load: checked the same way
        return project


def changes(spec: ModelSpec, run: str, before: dict, after: dict) -> list[Change]:
    """The changes that turn one run's inputs into another's: single inputs, table cells or whole tables."""
    out = [Change(run, f.name, after[f.name]) for f in spec.fields if before.get(f.name) != after[f.name]]
    out += [Change(run, path, value) for path, value in rule_changes(run, before, after)]
    for t in spec.tables:
        old, new = before.get(t.name, []), after[t.name]
        if old == new:
            continue
        labels = _row_labels(t, old, new)
        if labels is None:
            out.append(Change(run, t.name, new))
            continue
        out += [
            Change(run, f"{t.name}[{label}].{c.name}", b.get(c.name))
            for label, a, b in zip(labels, old, new)
            for c in t.columns
            if a.get(c.name) != b.get(c.name)
        ]
    return out


def _row_labels(t: TableSpec, old: list[dict], new: list[dict]) -> list[str] | None:
    """Rows named by their key where it names each row once (else by number); None if rows came or went."""
    if len(old) != len(new) or (t.key and [r.get(t.key) for r in old] != [r.get(t.key) for r in new]):
        return None
    keys: list = [r.get(t.key) for r in new] if t.key and t.column(t.key).fmt == "text" else []
    if (
        keys
        and len(set(keys)) == len(keys)
        and all(isinstance(k, str) and k and k == k.strip() and "]" not in k and not k.isdigit() for k in keys)
    ):
        return keys
    return [str(i) for i in range(1, len(new) + 1)]
