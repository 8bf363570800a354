"""One reader per kind of sheet in an input workbook: the Project sheet, a run's sheet, a table's
sheet and the Assumptions sheet.

Each finds its inputs by their keys and headings, never by their cell, so rows may be reordered
and tables may grow; each reports what it cannot read to the Reading and carries on.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from typing import Any

from models.core.declare import TableSpec
from models.core.validation import RULES_KEY
from models.rules import RULES
from planner.errors import PlannerError
from planner.excel.layout import DETAILS, INFO, column_heading
from planner.excel.read import HEADER_SEARCH, Grid, Reading, cell_ref, text
from planner.excel.rule_cells import MISSING, parse_cell
from planner.project.document import Assumption, check_date
from planner.project.paths import RULE_PREFIX
from planner.project.scenarios import BASELINE, Scenario, canonical_path, chain, spec_of


def _blocks(g: Grid, heads: dict) -> dict:
    """{first heading: (header row, {heading: column}, [rows])} for each table headed (A, B) in a sheet."""
    found = sorted((r, a) for a, b in heads.items() if (r := g.find(a, b, len(g.rows))))
    out = {}
    for i, (r, a) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(g.rows) + 1
        cols = {text(g.get(r, c)).casefold(): c for c in range(g.width(r), 0, -1) if text(g.get(r, c))}
        out[a] = (r, cols, [x for x in range(r + 1, end) if text(g.get(x, 1))])
    return out


def project_sheet(rd: Reading, sheet: str, layout: list[dict]) -> tuple[dict, dict, list[Scenario]]:
    g = rd.book.grid(sheet)
    blocks = _blocks(g, {"key": "label", "run": "model", "scenario": "builds on"})
    for a, b in (("key", "label"), ("run", "model"), ("scenario", "builds on")):
        if a not in blocks:
            rd.problems.append(
                f"{rd.at(sheet)}: has no table headed '{a}', '{b}' in columns A and B; make a new "
                f"template to see the layout"
            )

    def get(block: str, r: int, heading: str) -> Any:
        return g.get(r, blocks[block][1][heading]) if heading in blocks[block][1] else None

    details = {}
    for r in blocks.get("key", (0, {}, []))[2]:
        key, value = text(g.get(r, 1)), get("key", r, "value")
        if key not in dict(DETAILS):
            rd.problems.append(
                f"{rd.at(sheet, cell_ref(r, 1))}: {key!r} is not a detail of a project; details are: "
                f"{', '.join(k for k, _ in DETAILS)}"
            )
        details[key] = f"{value:%Y-%m-%dT%H:%M:%SZ}" if isinstance(value, dt.datetime) else text(value)
    if details.get("created") and not _utc(details["created"]):
        rd.problems.append(
            f"{rd.at(sheet)} (created): {details['created']!r} is not a UTC time; write it as "
            f"2024-05-01T09:30:00Z or leave it empty"
        )
    runs = {e["run"] for e in layout if e["kind"] == "run"}
    descriptions = {}
    for r in blocks.get("run", (0, {}, []))[2]:
        run = text(g.get(r, 1))
        if run not in runs:
            rd.problems.append(
                f"{rd.at(sheet, cell_ref(r, 1))}: run {run!r} has no sheet in this workbook; runs are "
                f"named by their sheets (runs: {', '.join(repr(x) for x in runs)})"
            )
        descriptions[run] = text(get("run", r, "description"))
    rd.problems += [
        f"{rd.at(sheet)}: the runs table has no row for run {run!r}"
        for run in sorted(runs)
        if "run" in blocks and run not in descriptions
    ]
    return details, descriptions, _scenarios(rd, g, blocks.get("scenario", (0, {}, []))[2], get)


def _scenarios(rd: Reading, g: Grid, rows: list[int], get: Callable[[str, int, str], Any]) -> list[Scenario]:
    """The scenarios table; one that cannot be meant is reported and left out (or built on the Baseline)."""
    taken = {h.casefold() for h in ("key", "label", "value", BASELINE) + INFO}
    read: list[tuple[Scenario, int]] = []
    for r in rows:
        name = text(g.get(r, 1))
        if name.casefold() in taken or name in [s.name for s, _ in read]:
            rd.problems.append(
                f"{rd.at(g.name, cell_ref(r, 1))}: a scenario cannot be called {name!r}: "
                + ("another scenario is" if name.casefold() not in taken else "a column has that name")
            )
            continue
        read.append(
            (Scenario(name, text(get("scenario", r, "description")), text(get("scenario", r, "builds on")) or None), r)
        )
    out = [s for s, _ in read]
    for i, (s, r) in enumerate(read):
        problem = (
            f"{s.based_on!r} is not a scenario of this workbook"
            if s.based_on and s.based_on not in [x.name for x in out]
            else ""
        )
        if not problem:
            try:
                chain(out, s.name)
            except PlannerError as exc:  # a loop of based_on
                problem = exc.problems[0]
        if problem:
            rd.problems.append(
                f"{rd.at(g.name, cell_ref(r, 2), s.name)}: {problem}; a scenario builds on the Baseline "
                f"(leave it empty) or on another scenario"
            )
            out[i] = Scenario(s.name, s.description, None)
    return out


def _utc(text: str) -> bool:
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).utcoffset() == dt.timedelta(0)
    except ValueError:
        return False


def run_sheet(rd: Reading, e: dict, names: list[str]) -> tuple[dict, dict]:
    """({scenario: {input: value}}, {input: Assumption}) from a run's sheet, each input found by its key."""
    spec, g, run = spec_of(e["model"]), rd.book.grid(e["sheet"]), e["run"]
    rd.where[(BASELINE, run, "")] = (g.name, None)
    head = g.find("key")
    if head is None:
        rd.problems.append(
            f"{rd.at(g.name)}: has no header row with 'key' in column A (in the first "
            f"{HEADER_SEARCH} rows); make a new template to see the layout"
        )
        rd.broken.add(run)
        return {}, {}
    cols = _run_columns(rd, g, head, names)
    if BASELINE not in cols:
        rd.broken.add(run)
    values: dict[str, dict] = {s: {} for s in [BASELINE] + names if s in cols}
    seen: dict = {}
    fields, log = {f.name: f for f in spec.fields}, {}
    for r in range(head + 1, len(g.rows) + 1):
        key = text(g.get(r, 1))
        if not key:
            if any(g.get(r, cols[s]) is not None for s in values):
                rd.problems.append(
                    f"{rd.at(g.name, cell_ref(r, 1))}: the row has a value but no key; put the input's key in column A"
                )
        elif key.startswith(RULE_PREFIX) and key not in seen:
            seen[key] = r
            _rule_row(rd, g, r, key, cols, values, run)
        elif key not in fields:
            near = difflib.get_close_matches(key, list(fields), 1)
            rd.problems.append(
                f"{rd.at(g.name, cell_ref(r, 1))}: {key!r} is not an input of {spec.label}"
                + (f"; did you mean {near[0]!r}?" if near else "; the keys are those of a new template")
            )
        elif key in seen:
            rd.problems.append(
                f"{rd.at(g.name, cell_ref(r, 1))}: key {key!r} is also in cell A{seen[key]}; each input has one row"
            )
        else:
            seen[key] = r
            for s in values:
                values[s][key] = rd.value(g, r, cols[s], fields[key], (s, run, key))
            log[key] = _assumption(rd, g, r, cols)
    rd.problems += [
        f"{rd.at(g.name)}: has no row for input {f.name!r} ({f.label}); add a row with {f.name} in column A"
        for f in spec.fields
        if f.name not in seen
    ]
    return values, log


def _rule_row(rd: Reading, g: Grid, r: int, key: str, cols: dict, values: dict, run: str) -> None:
    """A rule override's row (planner.excel.rule_cells): each column's override, or a problem."""
    rule_id = key[len(RULE_PREFIX) :]
    if rule_id not in RULES.rules:
        rd.problems.append(f"{rd.at(g.name, cell_ref(r, 1))}: {rule_id!r} is not a rule; see `planner rules`")
        return
    for s in values:
        rd.where[(s, run, key)] = (g.name, cell_ref(r, cols[s]))
        try:
            override = parse_cell(g.get(r, cols[s]))
        except PlannerError as exc:
            rd.problems.append(f"{rd.at(g.name, cell_ref(r, cols[s]), key)}: {exc.problems[0]}")
            continue
        mine = values[s].setdefault(RULES_KEY, {})
        if override is not MISSING:
            mine[rule_id] = override


def _run_columns(rd: Reading, g: Grid, head: int, names: list[str]) -> dict:
    """The header's columns by what they hold. A column of the user's own (notes beside the values)
    is ignored, unless an expected column is missing: then it may be that one renamed, and is named."""
    fixed = ("key", "label") + INFO
    cols: dict[str, int] = {}
    unknown = []
    for c in range(1, g.width(head) + 1):
        h = text(g.get(head, c))
        target = (
            h
            if h in names
            else BASELINE
            if h.casefold() in ("value", "baseline")
            else h.casefold()
            if h.casefold() in fixed
            else None
        )
        if h and target is None:
            unknown.append(
                f"{rd.at(g.name, cell_ref(head, c))}: column {h!r} is neither a scenario on the Project "
                f"sheet nor one of: value, {', '.join(fixed)}"
            )
        elif h and target in cols:
            rd.problems.append(f"{rd.at(g.name, cell_ref(head, c))}: a second column {h!r}; each column appears once")
        elif h and target is not None:  # (None was reported above)
            cols[target] = c
    missing = [
        f"{rd.at(g.name)}: has no value column for "
        + ("the Baseline (headed 'value')" if s == BASELINE else f"scenario {s!r}")
        + f" in row {head}"
        for s in [BASELINE] + names
        if s not in cols
    ]
    rd.problems += unknown + missing if missing else []
    return cols


def _assumption(rd: Reading, g: Grid, r: int, cols: dict) -> Assumption:
    got = {k: g.get(r, cols[k]) if k in cols else None for k in ("source", "owner", "date", "note")}
    date = got["date"]
    date = (
        date.date().isoformat()
        if isinstance(date, dt.datetime)
        else date.isoformat()
        if isinstance(date, dt.date)
        else text(date)
    )
    if date:
        try:
            check_date(date, "")
        except PlannerError:
            rd.problems.append(
                f"{rd.at(g.name, cell_ref(r, cols['date']))}: {date!r} is not a date; enter it as "
                f"YYYY-MM-DD, e.g. 2018-09-06"
            )
    return Assumption(text(got["source"]), text(got["owner"]), date, text(got["note"]))


def table_sheet(rd: Reading, e: dict, names: list[str]) -> list[dict] | None:
    """A table's rows in order, each column found by its key; blank rows skipped."""
    table, g, run = spec_of(e["model"]).table(e["table"]), rd.book.grid(e["sheet"]), e["run"]
    scenario = e["scenario"] or BASELINE
    if scenario != BASELINE and scenario not in names:
        rd.problems.append(
            f"{rd.at(g.name)}: holds table {table.name} of scenario {scenario!r}, which is not on the "
            f"Project sheet; add the scenario there or delete this sheet"
        )
        return None
    rd.where[(scenario, run, table.name)] = (g.name, None)
    columns = {c.name: c for c in table.columns}
    head = next(
        (
            r
            for r in range(1, min(len(g.rows), HEADER_SEARCH) + 1)
            if any(text(g.get(r, c)) in columns for c in range(1, g.width(r) + 1))
        ),
        None,
    )
    if head is None:
        rd.problems.append(
            f"{rd.at(g.name)}: has no row of column keys ({', '.join(columns)}) in the first {HEADER_SEARCH} rows"
        )
        rd.broken.add(run)
        return None
    cols = _table_columns(rd, g, head, table)
    if len(cols) < len(columns):
        rd.broken.add(run)
    headings = {cols[c.name]: {c.label, column_heading(c)} for c in table.columns if c.name in cols}
    first = head + 1
    while (
        first <= len(g.rows)
        and all(text(g.get(first, c)) in h | {""} for c, h in headings.items())
        and any(g.get(first, c) is not None for c in headings)
    ):
        first += 1  # the labels under the keys
    rows: list[dict] = []
    for r in range(first, len(g.rows) + 1):
        if any(not _blank(g.get(r, c)) or (r, c) in g.uncached for c in cols.values()):
            where = f"{table.name}[{len(rows) + 1}]"
            rows.append({k: rd.value(g, r, c, columns[k], (scenario, run, f"{where}.{k}")) for k, c in cols.items()})
    return rows


def _table_columns(rd: Reading, g: Grid, head: int, table: TableSpec) -> dict[str, int]:
    """{column key: column}. A column of the user's own is ignored, unless a key is missing (as _run_columns)."""
    columns = [c.name for c in table.columns]
    cols: dict[str, int] = {}
    unknown = []
    for c in range(1, g.width(head) + 1):
        key = text(g.get(head, c))
        if key in cols:
            rd.problems.append(f"{rd.at(g.name, cell_ref(head, c))}: column {key!r} appears twice")
        elif key in columns:
            cols[key] = c
        elif key:
            unknown.append(
                f"{rd.at(g.name, cell_ref(head, c))}: {key!r} is not a column of {table.label}; columns are: "
                f"{', '.join(columns)}"
            )
    missing = [
        f"{rd.at(g.name)}: has no column {c.name!r} ({c.label}); add it in row {head}"
        for c in table.columns
        if c.name not in cols
    ]
    if missing:
        rd.problems += unknown + missing
    return cols


def assumptions_sheet(rd: Reading, sheet: str, runs: dict, log: dict) -> None:
    """Sources, owners and dates of tables and table cells, found by run and input."""
    g = rd.book.grid(sheet)
    head = g.find("run", "input")
    if head is None:
        rd.problems.append(f"{rd.at(sheet)}: has no header row 'run', 'input' in columns A and B")
        return
    cols = {text(g.get(head, c)).casefold(): c for c in range(1, g.width(head) + 1)}
    seen: dict[tuple, int] = {}
    for r in range(head + 1, len(g.rows) + 1):
        run, path = text(g.get(r, 1)), text(g.get(r, 2))
        if not run and not path:
            continue
        if run not in runs:
            rd.problems.append(
                f"{rd.at(sheet, cell_ref(r, 1))}: {run!r} is not a run of this workbook; runs are: "
                f"{', '.join(repr(x) for x in runs)}"
            )
            continue
        spec = spec_of(runs[run])
        try:
            path = canonical_path(spec, path)
        except PlannerError as exc:
            rd.problems.append(f"{rd.at(sheet, cell_ref(r, 2))}: {path!r}: {exc.problems[0]}")
            continue
        problem = (
            "is a single input: its source is on the run's sheet"
            if path in {f.name for f in spec.fields}
            else f"is also in row {seen[(run, path)]}"
            if (run, path) in seen
            else ""
        )
        if problem:
            rd.problems.append(f"{rd.at(sheet, cell_ref(r, 2))}: {run} / {path} {problem}")
            continue
        seen[(run, path)] = r
        log[run][path] = _assumption(rd, g, r, cols)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
