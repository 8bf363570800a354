"""Read an input workbook (planner.excel_template's layout) back into a new Project.

    import_workbook(path) -> Project        warnings (ignored external links) as WorkbookWarning
    read_workbook(path) -> Imported          the project and the warnings, for the command line

The file is checked by planner.xlsx_guard before openpyxl opens it, then opened twice: once for
the values Excel saved (data_only) and once for the formulas, so a formula Excel never
calculated is reported, never read as zero. Sheets are found through the hidden "_planner"
sheet, inputs by their key, never by their cell. Every problem names the file, sheet and cell,
all are reported together (PlannerError), and nothing is built unless the whole workbook reads.
"""
from __future__ import annotations

import datetime as dt
import difflib
import io
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from planner import __version__
from planner import excel_template as tpl
from planner.errors import FileFormatError, PlannerError
from planner.project import Assumption, Metadata, Project, check_date, complete_log, utc_now
from planner.scenario_file import RunDef
from planner.scenarios import BASELINE, Change, Scenario, canonical_path, chain, spec_of

MAX_ROWS, MAX_COLS, HEADER_SEARCH = 2_000, 100, 20
ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!",
          "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"}
TRUE, FALSE = {"true", "yes", "y"}, {"false", "no", "n"}
KINDS = ("project", "run", "table", "assumptions")
_BAD = object()  # a cell already reported


class WorkbookWarning(UserWarning):
    """Something in a workbook that was read past (links to other workbooks)."""


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
    from planner.xlsx_guard import read_checked, require_defusedxml

    require_defusedxml()
    checked = read_checked(path)
    with _Book(checked.data, Path(path).name, checked.formulas) as book:
        project = _Reader(book).read()
    return Imported(project, checked.warnings)


class _Grid:
    """One sheet's saved values (row 1 first) and the cells holding formulas Excel never calculated."""

    def __init__(self, name: str, values: list[tuple], formulas: list[tuple]) -> None:
        self.name, self.rows = name, values[:MAX_ROWS]
        self.too_long = len(values) > MAX_ROWS and any(v is not None for v in values[MAX_ROWS])
        self.uncached = {(r, c) for r, row in enumerate(formulas, start=1) for c, v in enumerate(row, start=1)
                         if v is not None and self.get(r, c) is None}

    def get(self, r: int, c: int):
        row = self.rows[r - 1] if r <= len(self.rows) else ()
        return row[c - 1] if c <= len(row) else None

    def width(self, r: int) -> int:
        return len(self.rows[r - 1]) if r <= len(self.rows) else 0

    def find(self, a: str, b: str | None = None, within: int = HEADER_SEARCH) -> int | None:
        """The first row, near the top, whose column A (and B) hold these headings."""
        for r in range(1, min(len(self.rows), within) + 1):
            if _text(self.get(r, 1)).casefold() == a and (b is None or _text(self.get(r, 2)).casefold() == b):
                return r
        return None


class _Book:
    """Both openings of the workbook; sheets are read into grids when first asked for."""

    def __init__(self, data: bytes, name: str, formulas: bool) -> None:
        import openpyxl

        self.name, self.grids, self.formulas = name, {}, None
        try:
            self.values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
            if formulas:  # the second opening tells a formula Excel never calculated from an empty cell
                self.formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, keep_links=False)
            self.sheetnames = [ws.title for ws in self.values.worksheets]
        except Exception as exc:  # a damaged workbook can fail anywhere in openpyxl; report it, never crash
            raise FileFormatError(f"{name}: cannot be read as an Excel workbook ({_root(exc)})") from None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        for wb in (getattr(self, "values", None), getattr(self, "formulas", None)):
            if wb is not None:
                wb.close()

    def grid(self, sheet: str) -> _Grid:
        if sheet not in self.grids:
            try:
                values, formulas = ([tuple(r) for r in wb[sheet].iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLS,
                                                                             values_only=True)] if wb else []
                                    for wb in (self.values, self.formulas))
            except Exception as exc:  # as above: a damaged sheet is a problem to report
                raise FileFormatError(f"{self.name}, sheet '{sheet}': cannot be read ({_root(exc)})") from None
            self.grids[sheet] = _Grid(sheet, values, formulas)
        return self.grids[sheet]


def _root(exc: BaseException) -> str:
    """The first cause of an openpyxl failure (it wraps the XML parser's), shortly."""
    while exc.__cause__ or exc.__context__:
        exc = exc.__cause__ or exc.__context__
    return f"{type(exc).__name__}: {exc}"[:300]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _cell(r: int, c: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(c)}{r}"


class _Reader:
    """Reads every sheet the layout names, collecting problems; `read` builds the project or raises."""

    def __init__(self, book: _Book) -> None:
        self.book, self.name, self.problems = book, book.name, []
        self.where: dict[tuple, tuple] = {}  # (scenario, run, path) -> (sheet, cell)
        self.bad: set[tuple] = set()  # (sheet, cell) of cells already reported

    def at(self, sheet: str, cell: str | None = None, what: str | None = None) -> str:
        return f"{self.name}, sheet '{sheet}'" + (f", cell {cell}" if cell else "") + (f" ({what})" if what else "")

    def read(self) -> Project:
        layout = _layout(self.book)
        present = [e for e in layout if self._present(e)]
        pick = {k: [e for e in present if e["kind"] == k] for k in ("project", "run", "table", "assumptions")}
        details, descriptions, scenarios = _project_sheet(self, pick["project"][0]["sheet"], layout) \
            if pick["project"] else ({}, {}, [])
        names = [s.name for s in scenarios]
        runs = [(e["run"], e["model"]) for e in layout if e["kind"] == "run"]
        scalars = {e["run"]: _run_sheet(self, e, names) for e in pick["run"]}
        tables = {(e["run"], e["table"], e["scenario"] or BASELINE): _table_sheet(self, e, names) for e in pick["table"]}
        log = {run: dict(scalars[run][1]) if run in scalars else {} for run, _ in runs}
        if pick["assumptions"]:
            _assumptions_sheet(self, pick["assumptions"][0]["sheet"], dict(runs), log)
        readable = [(run, model) for run, model in runs if run in scalars]
        resolved = self._resolve(readable, scenarios, {r: v[0] for r, v in scalars.items()}, tables)
        if self.problems:
            raise PlannerError(self.problems)
        return self._project(runs, details, descriptions, scenarios, resolved, log)

    def _present(self, entry: dict) -> bool:
        if entry["sheet"] in self.book.sheetnames:
            if self.book.grid(entry["sheet"]).too_long:
                self.problems.append(f"{self.at(entry['sheet'])}: has values below row {MAX_ROWS:,}; the planner "
                                     f"reads at most {MAX_ROWS:,} rows")
            return True
        what = {"project": "the project's details", "assumptions": "the sources of tables",
                "run": f"the inputs of run {entry['run']!r}"}.get(entry["kind"], f"table {entry['table']} of run "
                                                                                f"{entry['run']!r}")
        others = [s for s in self.book.sheetnames if s != tpl.META]
        self.problems.append(f"{self.at(entry['sheet'])}: is missing (it holds {what}); if it was renamed, give it "
                             f"back its name (sheets are: {', '.join(repr(s) for s in others[:12])})")
        return False

    def value(self, grid: _Grid, r: int, c: int, f, key: tuple):
        """A cell as a raw input, or _BAD once reported; numbers and choices are left to the model to check."""
        v, scenario, run, path = grid.get(r, c), *key
        where = self.at(grid.name, _cell(r, c), path + ("" if scenario == BASELINE else f", scenario '{scenario}'"))
        self.where[key] = (grid.name, _cell(r, c))
        problem = None
        if (r, c) in grid.uncached:  # a formula: data_only read None, the formula reading did not
            problem = "holds a formula with no saved result; open the workbook in Excel, let it calculate, save it " \
                      "and import again"
        elif isinstance(v, str) and v.strip().upper() in ERRORS:
            problem = f"is the Excel error {v.strip()}; {f.allowed()}"
        elif isinstance(v, (dt.datetime, dt.date, dt.time, dt.timedelta)):
            problem = f"is a date or time ({v}); {f.allowed()}"
        elif isinstance(v, str) and f.numeric and f.fmt != "year" and v.strip():
            hint = " (it is a number stored as text: type it again as a number)" if _numeric(v) else ""
            problem = f"{v!r} is text{hint}; {f.allowed()}"
        if problem:
            self.problems.append(f"{where}: {problem}")
            self.bad.add((grid.name, _cell(r, c)))
            return _BAD
        return _convert(f, v)

    def _resolve(self, runs, scenarios, scalars, tables) -> dict:
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
            out[name] = {run: self._inputs(name, run, model, parent.get(run, {}), scalars, tables) for run, model in runs}
            for run, model in runs:
                self._validate(name, run, model, out[name][run])

        for name in [BASELINE, *self.parents]:
            visit(name)
        return out

    def _inputs(self, scenario, run, model, parent, scalars, tables) -> dict:
        spec = spec_of(model)
        mine = scalars[run].get(scenario, {})
        raw = {f.name: mine.get(f.name, parent.get(f.name, f.default)) for f in spec.fields}
        for t in spec.tables:
            rows = tables.get((run, t.name, scenario))
            raw[t.name] = rows if rows is not None else parent.get(t.name, [])  # no sheet: as it builds on
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
        from models.errors import InputErrors
        from models.validation import validate

        spec = spec_of(model)
        clean = {k: (spec.field(k).default if v is _BAD else v) for k, v in raw.items() if not isinstance(v, list)}
        clean.update({t.name: [{c: (None if v is _BAD else v) for c, v in row.items()} for row in raw[t.name]]
                      for t in spec.tables})
        try:
            validate(spec, clean)
        except InputErrors as exc:
            for e in exc.errors:
                if self._located(scenario, run, e.field) not in self.bad:
                    self._model_problem(scenario, run, e)

    def _model_problem(self, scenario: str, run: str, e) -> None:
        sheet, cell = self._located(scenario, run, e.field)
        named = f"{e.field} ({e.label})" if e.label else e.field
        said = f"is empty; {e.allowed}" if e.value is None else str(e)[len(named) + 2:]
        message = f"{self.at(sheet, cell, e.field)}: {said}"
        if scenario != BASELINE and message in self.problems:
            return  # the same cell, read again for a scenario that builds on it: said once
        self.problems.append(message if scenario == BASELINE else
                             f"{self.at(sheet, cell, f'{e.field}, scenario {scenario!r}')}: {said}")

    def _project(self, runs, details, descriptions, scenarios, resolved, log) -> Project:
        from planner.project_file import parse_project, project_to_dict

        base = resolved[BASELINE]
        run_defs = tuple(RunDef(run, model, base[run], descriptions.get(run, "")) for run, model in runs)
        built = tuple(Scenario(s.name, s.description, s.based_on, tuple(
            c for run, model in runs for c in changes(spec_of(model), run, resolved[s.based_on or BASELINE][run],
                                                      resolved[s.name][run]))) for s in scenarios)
        now = utc_now()
        meta = Metadata(details.get("created") or now, now, __version__, details.get("author", ""),
                        details.get("organisation", ""))
        project = Project(details.get("title", ""), run_defs, built, details.get("description", ""),
                          complete_log(run_defs, log), meta)
        parse_project(project_to_dict(project), self.name)  # the file it saves to will load: checked the same way
        return project


def _numeric(text: str) -> bool:
    return bool(re.fullmatch(r"\s*[-+(]?\s*£?\s*[\d,]*\.?\d+\s*%?\)?\s*", text))


def _convert(f, v):
    if isinstance(v, str):
        v = v.strip() or None
    if f.fmt == "text":
        return "" if v is None else _text(v) if not isinstance(v, str) else v
    if f.fmt == "bool" and isinstance(v, str) and v.casefold() in TRUE | FALSE:
        return v.casefold() in TRUE
    if f.fmt == "year" and isinstance(v, str) and v.isdigit():
        return int(v)  # a year typed as text; '2018-19' is left for the model, which reads it
    return v


def _layout(book: _Book) -> list[dict]:
    """The hidden sheet's map of sheets; a workbook without a readable one is refused outright."""
    at = f"{book.name}, sheet '{tpl.META}'"
    if tpl.META not in book.sheetnames:
        raise FileFormatError(f"{book.name}: is not a planner input workbook (it has no hidden sheet '{tpl.META}'); "
                              f"make one with `planner template` and copy the values into it")
    g = book.grid(tpl.META)
    row = g.find("schema_version")
    schema = g.get(row, 2) if row else None
    if not isinstance(schema, int) or isinstance(schema, bool):
        raise FileFormatError(f"{at}: has no schema_version; the sheet is damaged: make a new template")
    if schema > tpl.SCHEMA:
        raise FileFormatError(f"{at}: the workbook was written by a newer planner (layout {schema}); this planner "
                              f"reads layout {tpl.SCHEMA} and older: update the planner")
    head = g.find("sheet", "kind")
    if head is None:
        raise FileFormatError(f"{at}: has no row headed 'sheet', 'kind'; the sheet is damaged: make a new template")
    cols = {_text(g.get(head, c)).casefold(): c for c in range(1, g.width(head) + 1)}
    problems, out = [], []
    for r in range(head + 1, len(g.rows) + 1):
        entry = {k: _text(g.get(r, cols[k])) if k in cols else "" for k in tpl.LAYOUT}
        problem = _entry_problem(entry) if entry["sheet"] else None
        if problem:
            problems.append(f"{at}, row {r}: {problem}")
        elif entry["sheet"]:
            out.append(entry)
    kinds = [e["kind"] for e in out]
    runs = [e["run"] for e in out if e["kind"] == "run"]
    problems += [f"{at}: lists {kinds.count(k)} sheets of kind {k!r}; a workbook has one" for k in ("project",
                 "assumptions") if kinds.count(k) > 1]
    problems += [f"{at}: lists run {r!r} twice" for r in sorted({r for r in runs if runs.count(r) > 1})]
    problems += [f"{at}: lists a table of run {e['run']!r}, which has no sheet of its own" for e in out
                 if e["kind"] == "table" and e["run"] not in runs]
    tables = [(e["run"], e["table"], e["scenario"] or BASELINE) for e in out if e["kind"] == "table"]
    problems += [f"{at}: lists table {t} of run {r!r} for {s!r} twice" for r, t, s in sorted(set(tables))
                 if tables.count((r, t, s)) > 1]
    if "project" not in kinds or not runs:
        problems.append(f"{at}: lists no Project sheet or no run; the sheet is damaged: make a new template")
    if problems:
        raise FileFormatError(problems)
    return out


def _entry_problem(e: dict) -> str | None:
    if e["kind"] not in KINDS:
        return f"kind {e['kind']!r} is not one of {', '.join(KINDS)}"
    if e["schema_version"].isdigit() and int(e["schema_version"]) > tpl.SCHEMA:
        return f"sheet {e['sheet']!r} was written by a newer planner (layout {e['schema_version']}); update the planner"
    if e["kind"] in ("run", "table"):
        try:
            spec = spec_of(e["model"])
            if e["kind"] == "table":
                spec.table(e["table"])
        except PlannerError as exc:
            return exc.problems[0]
        except KeyError as exc:
            return exc.args[0]
        if not e["run"]:
            return f"sheet {e['sheet']!r} names no run"
    return None


def _blocks(g: _Grid, heads: dict) -> dict:
    """{first heading: (header row, {heading: column}, [rows])} for each table headed (A, B) in a sheet."""
    found = sorted((r, a) for a, b in heads.items() if (r := g.find(a, b, len(g.rows))))
    out = {}
    for i, (r, a) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(g.rows) + 1
        cols = {_text(g.get(r, c)).casefold(): c for c in range(g.width(r), 0, -1) if _text(g.get(r, c))}
        out[a] = (r, cols, [x for x in range(r + 1, end) if _text(g.get(x, 1))])
    return out


def _project_sheet(rd: _Reader, sheet: str, layout: list[dict]) -> tuple[dict, dict, list[Scenario]]:
    g = rd.book.grid(sheet)
    blocks = _blocks(g, {"key": "label", "run": "model", "scenario": "builds on"})
    for a, b in (("key", "label"), ("run", "model"), ("scenario", "builds on")):
        if a not in blocks:
            rd.problems.append(f"{rd.at(sheet)}: has no table headed '{a}', '{b}' in columns A and B; make a new "
                               f"template to see the layout")
    def get(block: str, r: int, heading: str):
        return g.get(r, blocks[block][1][heading]) if heading in blocks[block][1] else None

    details = {}
    for r in blocks.get("key", (0, {}, []))[2]:
        key, value = _text(g.get(r, 1)), get("key", r, "value")
        if key not in dict(tpl.DETAILS):
            rd.problems.append(f"{rd.at(sheet, _cell(r, 1))}: {key!r} is not a detail of a project; details are: "
                               f"{', '.join(k for k, _ in tpl.DETAILS)}")
        details[key] = f"{value:%Y-%m-%dT%H:%M:%SZ}" if isinstance(value, dt.datetime) else _text(value)
    if details.get("created") and not _utc(details["created"]):
        rd.problems.append(f"{rd.at(sheet)} (created): {details['created']!r} is not a UTC time; write it as "
                           f"2024-05-01T09:30:00Z or leave it empty")
    runs = {e["run"] for e in layout if e["kind"] == "run"}
    descriptions = {}
    for r in blocks.get("run", (0, {}, []))[2]:
        run = _text(g.get(r, 1))
        if run not in runs:
            rd.problems.append(f"{rd.at(sheet, _cell(r, 1))}: run {run!r} has no sheet in this workbook; runs are "
                               f"named by their sheets (runs: {', '.join(repr(x) for x in runs)})")
        descriptions[run] = _text(get("run", r, "description"))
    rd.problems += [f"{rd.at(sheet)}: the runs table has no row for run {run!r}" for run in sorted(runs)
                    if "run" in blocks and run not in descriptions]
    return details, descriptions, _scenarios(rd, g, blocks.get("scenario", (0, {}, []))[2], get)


def _scenarios(rd: _Reader, g: _Grid, rows: list[int], get) -> list[Scenario]:
    """The scenarios table; one that cannot be meant is reported and left out (or built on the Baseline)."""
    taken = {h.casefold() for h in ("key", "label", "value", BASELINE) + tpl.INFO}
    read: list[tuple[Scenario, int]] = []
    for r in rows:
        name = _text(g.get(r, 1))
        if name.casefold() in taken or name in [s.name for s, _ in read]:
            rd.problems.append(f"{rd.at(g.name, _cell(r, 1))}: a scenario cannot be called {name!r}: "
                               + ("another scenario is" if name.casefold() not in taken else "a column has that name"))
            continue
        read.append((Scenario(name, _text(get("scenario", r, "description")),
                              _text(get("scenario", r, "builds on")) or None), r))
    out = [s for s, _ in read]
    for i, (s, r) in enumerate(read):
        problem = f"{s.based_on!r} is not a scenario of this workbook" if s.based_on and s.based_on not in \
            [x.name for x in out] else ""
        if not problem:
            try:
                chain(out, s.name)
            except PlannerError as exc:  # a loop of based_on
                problem = exc.problems[0]
        if problem:
            rd.problems.append(f"{rd.at(g.name, _cell(r, 2), s.name)}: {problem}; a scenario builds on the Baseline "
                               f"(leave it empty) or on another scenario")
            out[i] = Scenario(s.name, s.description, None)
    return out


def _utc(text: str) -> bool:
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).utcoffset() == dt.timedelta(0)
    except ValueError:
        return False


def _run_sheet(rd: _Reader, e: dict, names: list[str]) -> tuple[dict, dict]:
    """({scenario: {input: value}}, {input: Assumption}) from a run's sheet, each input found by its key."""
    spec, g, run = spec_of(e["model"]), rd.book.grid(e["sheet"]), e["run"]
    rd.where[(BASELINE, run, "")] = (g.name, None)
    head = g.find("key")
    if head is None:
        rd.problems.append(f"{rd.at(g.name)}: has no header row with 'key' in column A (in the first "
                           f"{HEADER_SEARCH} rows); make a new template to see the layout")
        return {}, {}
    cols = _run_columns(rd, g, head, names)
    values: dict[str, dict] = {s: {} for s in [BASELINE] + names if s in cols}
    fields, seen, log = {f.name: f for f in spec.fields}, {}, {}
    for r in range(head + 1, len(g.rows) + 1):
        key = _text(g.get(r, 1))
        if not key:
            if any(g.get(r, cols[s]) is not None for s in values):
                rd.problems.append(f"{rd.at(g.name, _cell(r, 1))}: the row has a value but no key; put the input's "
                                   f"key in column A")
        elif key not in fields:
            near = difflib.get_close_matches(key, list(fields), 1)
            rd.problems.append(f"{rd.at(g.name, _cell(r, 1))}: {key!r} is not an input of {spec.label}"
                               + (f"; did you mean {near[0]!r}?" if near else "; the keys are those of a new template"))
        elif key in seen:
            rd.problems.append(f"{rd.at(g.name, _cell(r, 1))}: key {key!r} is also in cell A{seen[key]}; each input "
                               f"has one row")
        else:
            seen[key] = r
            for s in values:
                values[s][key] = rd.value(g, r, cols[s], fields[key], (s, run, key))
            log[key] = _assumption(rd, g, r, cols)
    rd.problems += [f"{rd.at(g.name)}: has no row for input {f.name!r} ({f.label}); add a row with {f.name} in "
                    f"column A" for f in spec.fields if f.name not in seen]
    return values, log


def _run_columns(rd: _Reader, g: _Grid, head: int, names: list[str]) -> dict:
    fixed = ("key", "label") + tpl.INFO
    cols: dict[str, int] = {}
    for c in range(1, g.width(head) + 1):
        h = _text(g.get(head, c))
        target = h if h in names else BASELINE if h.casefold() in ("value", "baseline") else \
            h.casefold() if h.casefold() in fixed else None
        if h and target is None:
            rd.problems.append(f"{rd.at(g.name, _cell(head, c))}: column {h!r} is neither a scenario on the Project "
                               f"sheet nor one of: value, {', '.join(fixed)}")
        elif h and target in cols:
            rd.problems.append(f"{rd.at(g.name, _cell(head, c))}: a second column {h!r}; each column appears once")
        elif h:
            cols[target] = c
    rd.problems += [f"{rd.at(g.name)}: has no value column for " + ("the Baseline (headed 'value')" if s == BASELINE
                    else f"scenario {s!r}") + f" in row {head}" for s in [BASELINE] + names if s not in cols]
    return cols


def _assumption(rd: _Reader, g: _Grid, r: int, cols: dict) -> Assumption:
    got = {k: g.get(r, cols[k]) if k in cols else None for k in ("source", "owner", "date", "note")}
    date = got["date"]
    date = date.date().isoformat() if isinstance(date, dt.datetime) else date.isoformat() \
        if isinstance(date, dt.date) else _text(date)
    if date:
        try:
            check_date(date, "")
        except PlannerError:
            rd.problems.append(f"{rd.at(g.name, _cell(r, cols['date']))}: {date!r} is not a date; enter it as "
                               f"YYYY-MM-DD, e.g. 2018-09-06")
    return Assumption(_text(got["source"]), _text(got["owner"]), date, _text(got["note"]))


def _table_sheet(rd: _Reader, e: dict, names: list[str]) -> list[dict] | None:
    """A table's rows in order, each column found by its key; blank rows skipped."""
    table, g, run = spec_of(e["model"]).table(e["table"]), rd.book.grid(e["sheet"]), e["run"]
    scenario = e["scenario"] or BASELINE
    if scenario != BASELINE and scenario not in names:
        rd.problems.append(f"{rd.at(g.name)}: holds table {table.name} of scenario {scenario!r}, which is not on the "
                           f"Project sheet; add the scenario there or delete this sheet")
        return None
    rd.where[(scenario, run, table.name)] = (g.name, None)
    columns = {c.name: c for c in table.columns}
    head = next((r for r in range(1, min(len(g.rows), HEADER_SEARCH) + 1)
                 if any(_text(g.get(r, c)) in columns for c in range(1, g.width(r) + 1))), None)
    if head is None:
        rd.problems.append(f"{rd.at(g.name)}: has no row of column keys ({', '.join(columns)}) in the first "
                           f"{HEADER_SEARCH} rows")
        return None
    cols: dict[str, int] = {}
    for c in range(1, g.width(head) + 1):
        key = _text(g.get(head, c))
        if key and (key not in columns or key in cols):
            rd.problems.append(f"{rd.at(g.name, _cell(head, c))}: " + (f"column {key!r} appears twice" if key in cols
                               else f"{key!r} is not a column of {table.label}; columns are: {', '.join(columns)}"))
        elif key:
            cols[key] = c
    rd.problems += [f"{rd.at(g.name)}: has no column {c.name!r} ({c.label}); add it in row {head}"
                    for c in table.columns if c.name not in cols]
    headings = {cols[c.name]: {c.label, tpl.column_heading(c)} for c in table.columns if c.name in cols}
    first = head + 1
    while first <= len(g.rows) and all(_text(g.get(first, c)) in h | {""} for c, h in headings.items()) and \
            any(g.get(first, c) is not None for c in headings):
        first += 1  # the labels under the keys
    rows: list[dict] = []
    for r in range(first, len(g.rows) + 1):
        if any(not _blank(g.get(r, c)) or (r, c) in g.uncached for c in cols.values()):
            where = f"{table.name}[{len(rows) + 1}]"
            rows.append({k: rd.value(g, r, c, columns[k], (scenario, run, f"{where}.{k}")) for k, c in cols.items()})
    return rows


def _assumptions_sheet(rd: _Reader, sheet: str, runs: dict, log: dict) -> None:
    """Sources, owners and dates of tables and table cells, found by run and input."""
    g = rd.book.grid(sheet)
    head = g.find("run", "input")
    if head is None:
        rd.problems.append(f"{rd.at(sheet)}: has no header row 'run', 'input' in columns A and B")
        return
    cols = {_text(g.get(head, c)).casefold(): c for c in range(1, g.width(head) + 1)}
    seen: dict[tuple, int] = {}
    for r in range(head + 1, len(g.rows) + 1):
        run, path = _text(g.get(r, 1)), _text(g.get(r, 2))
        if not run and not path:
            continue
        if run not in runs:
            rd.problems.append(f"{rd.at(sheet, _cell(r, 1))}: {run!r} is not a run of this workbook; runs are: "
                               f"{', '.join(repr(x) for x in runs)}")
            continue
        spec = spec_of(runs[run])
        try:
            path = canonical_path(spec, path)
        except PlannerError as exc:
            rd.problems.append(f"{rd.at(sheet, _cell(r, 2))}: {path!r}: {exc.problems[0]}")
            continue
        problem = "is a single input: its source is on the run's sheet" if path in {f.name for f in spec.fields} \
            else f"is also in row {seen[(run, path)]}" if (run, path) in seen else ""
        if problem:
            rd.problems.append(f"{rd.at(sheet, _cell(r, 2))}: {run} / {path} {problem}")
            continue
        seen[(run, path)] = r
        log[run][path] = _assumption(rd, g, r, cols)


def changes(spec, run: str, before: dict, after: dict) -> list[Change]:
    """The changes that turn one run's inputs into another's: single inputs, table cells or whole tables."""
    out = [Change(run, f.name, after[f.name]) for f in spec.fields if before.get(f.name) != after[f.name]]
    for t in spec.tables:
        old, new = before.get(t.name, []), after[t.name]
        if old == new:
            continue
        labels = _row_labels(t, old, new)
        if labels is None:
            out.append(Change(run, t.name, new))
            continue
        out += [Change(run, f"{t.name}[{label}].{c.name}", b.get(c.name)) for label, a, b in zip(labels, old, new)
                for c in t.columns if a.get(c.name) != b.get(c.name)]
    return out


def _row_labels(t, old: list[dict], new: list[dict]) -> list[str] | None:
    """Rows named by their key where it names each row once (else by number); None if rows came or went."""
    if len(old) != len(new) or (t.key and [r.get(t.key) for r in old] != [r.get(t.key) for r in new]):
        return None
    keys = [r.get(t.key) for r in new] if t.key and t.column(t.key).fmt == "text" else []
    if keys and len(set(keys)) == len(keys) and all(isinstance(k, str) and k and k == k.strip() and "]" not in k
                                                    and not k.isdigit() for k in keys):
        return keys
    return [str(i) for i in range(1, len(new) + 1)]


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
