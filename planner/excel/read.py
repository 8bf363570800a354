"""Opening an input workbook that planner.excel.guard has passed: each sheet as a grid of the
values Excel saved, the hidden sheet's map of the others, and each cell checked as a raw input.

The workbook is opened twice: once for the values Excel saved (data_only) and once for the
formulas, so a formula Excel never calculated is reported, never read as zero. Problems found in
cells are collected (Reading.problems), not raised, so that all are reported together.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from planner.errors import FileFormatError, PlannerError
from planner.excel.layout import LAYOUT, META, SCHEMA
from planner.project.scenarios import BASELINE, spec_of

if TYPE_CHECKING:
    from openpyxl import Workbook

    from models.core.declare import Field
    from planner.excel.values import Values

MAX_ROWS, MAX_COLS, HEADER_SEARCH = 2_000, 100, 20
ERRORS = {
    "#NULL!",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#N/A",
    "#GETTING_DATA",
    "#SPILL!",
    "#CALC!",
    "#FIELD!",
    "#BLOCKED!",
    "#CONNECT!",
    "#BUSY!",
    "#UNKNOWN!",
}
TRUE, FALSE = {"true", "yes", "y"}, {"false", "no", "n"}
KINDS = ("project", "run", "table", "assumptions")
BAD = object()  # a cell already reported


class Grid:
    """One sheet's saved values (row 1 first) and the cells holding formulas Excel never calculated."""

    def __init__(self, name: str, values: list[tuple], formulas: list[tuple]) -> None:
        self.name, self.rows = name, values[:MAX_ROWS]
        self.too_long = len(values) > MAX_ROWS and any(v is not None for v in values[MAX_ROWS])
        self.uncached = {
            (r, c)
            for r, row in enumerate(formulas, start=1)
            for c, v in enumerate(row, start=1)
            if v is not None and self.get(r, c) is None
        }

    def get(self, r: int, c: int) -> Any:
        row = self.rows[r - 1] if r <= len(self.rows) else ()
        return row[c - 1] if c <= len(row) else None

    def width(self, r: int) -> int:
        return len(self.rows[r - 1]) if r <= len(self.rows) else 0

    def find(self, a: str, b: str | None = None, within: int = HEADER_SEARCH) -> int | None:
        """The first row, near the top, whose column A (and B) hold these headings."""
        for r in range(1, min(len(self.rows), within) + 1):
            if text(self.get(r, 1)).casefold() == a and (b is None or text(self.get(r, 2)).casefold() == b):
                return r
        return None


class Book:
    """Both openings of the workbook; sheets are read into grids when first asked for.

    openpyxl opens it, quietly (what it drops and warns about is not the user's concern); where
    openpyxl fails on something the import does not need (a stylesheet it cannot parse, a part
    named but missing), the values are read without it (planner.excel.values) and `notes` says so.
    """

    def __init__(self, data: bytes, name: str, formulas: bool) -> None:
        import openpyxl

        self.name, self.data = name, data
        self.grids: dict[str, Grid] = {}
        self.notes: list[str] = []
        self.values: Workbook | None = None
        self.formulas: Workbook | None = None
        self.fallback: Values | None = None
        self.sheetnames: list[str] = []
        try:
            with quiet():
                self.values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
                if formulas:  # the second opening tells a formula Excel never calculated from an empty cell
                    self.formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, keep_links=False)
                self.sheetnames = [ws.title for ws in self.values.worksheets]
        except Exception as exc:  # a workbook openpyxl cannot open: its values, read without it
            self._fall_back(exc)

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc: object) -> None:
        with quiet():
            for wb in (self.values, self.formulas, self.fallback):
                if wb is not None:
                    wb.close()

    def grid(self, sheet: str) -> Grid:
        if sheet not in self.grids:
            try:
                with quiet():
                    values, formulas = self._read(sheet)
            except FileFormatError:
                raise
            except Exception as exc:  # openpyxl failed on this sheet: read it, and those after it, without
                if self.fallback is not None:
                    raise FileFormatError(
                        f"{self.name}, sheet '{sheet}': cannot be read: its cells' XML is damaged; open the "
                        f"workbook in Excel and save it again"
                    ) from None
                self._fall_back(exc)
                return self.grid(sheet)
            self.grids[sheet] = Grid(sheet, values, formulas)
        return self.grids[sheet]

    def _read(self, sheet: str) -> tuple[list, list]:
        if self.fallback is not None:
            return self.fallback.read(sheet) if sheet in self.fallback.sheets else ([], [])
        values, formulas = (
            [tuple(r) for r in wb[sheet].iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLS, values_only=True)]
            if wb
            else []
            for wb in (self.values, self.formulas)
        )
        return values, formulas

    def _fall_back(self, exc: Exception) -> None:
        from planner.excel.values import Values

        try:
            _refused_entities(exc, self.name)
            self.fallback = Values(self.data, self.name, MAX_ROWS + 1, MAX_COLS)
        except FileFormatError:
            raise
        except Exception as again:  # not even the cells' XML can be read
            _refused_entities(again, self.name)
            raise FileFormatError(
                f"{self.name}: cannot be read as an Excel workbook: its parts do not fit together; open it in "
                f"Excel and save it again"
            ) from None
        fallback = self.fallback
        self.sheetnames = fallback.sheetnames
        self.notes.append(
            f"{self.name}: parts of the workbook other than its values (its formatting, say) could not be read, "
            f"so the values were read without them"
            + ("" if fallback.styles_read else "; dates typed in input cells may read as numbers")
        )


def _refused_entities(exc: BaseException | None, name: str) -> None:
    """defusedxml's refusal, however deep openpyxl wrapped it: the parser's guard, should the file's miss."""
    from defusedxml import DefusedXmlException  # type: ignore[import-untyped]  # defusedxml ships no stubs

    while exc is not None and not isinstance(exc, DefusedXmlException):
        exc = exc.__cause__ or exc.__context__
    if exc is not None:
        raise FileFormatError(
            f"{name}: cannot be read as an Excel workbook ({exc.__class__.__name__}: its XML declares entities, "
            f"which are refused)"
        ) from None


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """No warning or print of openpyxl's reaches the user: what it drops (data validation extensions...)
    the import never needs."""
    with (
        warnings.catch_warnings(),
        contextlib.redirect_stdout(io.StringIO()),
        contextlib.redirect_stderr(io.StringIO()),
    ):
        warnings.simplefilter("ignore")
        yield


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def cell_ref(r: int, c: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(c)}{r}"


class Reading:
    """A workbook being read: its grids, where each input was read, and the problems found so far."""

    def __init__(self, book: Book) -> None:
        self.problems: list[str] = []
        self.book, self.name = book, book.name
        self.where: dict[tuple, tuple] = {}  # (scenario, run, path) -> (sheet, cell)
        self.bad: set[tuple] = set()  # (sheet, cell) of cells already reported
        # runs with a sheet missing, or without the headings its values are found by: the model's checks of
        # such a run would only repeat that (one missing header row, one message; not a cascade of "is empty")
        self.broken: set[str] = set()

    def at(self, sheet: str, cell: str | None = None, what: str | None = None) -> str:
        return f"{self.name}, sheet '{sheet}'" + (f", cell {cell}" if cell else "") + (f" ({what})" if what else "")

    def value(self, grid: Grid, r: int, c: int, f: Field, key: tuple) -> Any:
        """A cell as a raw input, or BAD once reported; numbers and choices are left to the model to check."""
        v, scenario, _run, path = grid.get(r, c), *key
        where = self.at(grid.name, cell_ref(r, c), path + ("" if scenario == BASELINE else f", scenario '{scenario}'"))
        self.where[key] = (grid.name, cell_ref(r, c))
        problem = None
        if (r, c) in grid.uncached:  # a formula: data_only read None, the formula reading did not
            problem = (
                "holds a formula with no saved result; open the workbook in Excel, let it calculate, save it "
                "and import again"
            )
        elif isinstance(v, str) and v.strip().upper() in ERRORS:
            problem = f"is the Excel error {v.strip()}; {f.allowed()}"
        elif isinstance(v, (dt.datetime, dt.date, dt.time, dt.timedelta)):
            problem = f"is a date or time ({v}); {f.allowed()}"
        elif isinstance(v, str) and f.numeric and f.fmt != "year" and v.strip():
            hint = " (it is a number stored as text: type it again as a number)" if _numeric(v) else ""
            problem = f"{v!r} is text{hint}; {f.allowed()}"
        if problem:
            self.problems.append(f"{where}: {problem}")
            self.bad.add((grid.name, cell_ref(r, c)))
            return BAD
        return _convert(f, v)


def _numeric(value: str) -> bool:
    return bool(re.fullmatch(r"\s*[-+(]?\s*£?\s*[\d,]*\.?\d+\s*%?\)?\s*", value))


def _convert(f: Field, v: Any) -> Any:
    if isinstance(v, str):
        v = v.strip() or None
    if f.fmt == "text":
        return "" if v is None else text(v) if not isinstance(v, str) else v
    if f.fmt == "bool" and isinstance(v, str) and v.casefold() in TRUE | FALSE:
        return v.casefold() in TRUE
    if f.fmt == "year" and isinstance(v, str) and v.isdigit():
        return int(v)  # a year typed as text; '2018-19' is left for the model, which reads it
    return v


def read_layout(book: Book) -> list[dict]:
    """The hidden sheet's map of sheets; a workbook without a readable one is refused outright."""
    at = f"{book.name}, sheet '{META}'"
    if META not in book.sheetnames:
        raise FileFormatError(
            f"{book.name}: is not a planner input workbook (it has no hidden sheet '{META}'); "
            f"make one with `planner template` and copy the values into it"
        )
    g = book.grid(META)
    row = g.find("schema_version")
    schema = g.get(row, 2) if row else None
    if not isinstance(schema, int) or isinstance(schema, bool):
        raise FileFormatError(f"{at}: has no schema_version; the sheet is damaged: make a new template")
    if schema > SCHEMA:
        raise FileFormatError(
            f"{at}: the workbook was written by a newer planner (layout {schema}); this planner "
            f"reads layout {SCHEMA} and older: update the planner"
        )
    head = g.find("sheet", "kind")
    if head is None:
        raise FileFormatError(f"{at}: has no row headed 'sheet', 'kind'; the sheet is damaged: make a new template")
    cols = {text(g.get(head, c)).casefold(): c for c in range(1, g.width(head) + 1)}
    problems, out = [], []
    for r in range(head + 1, len(g.rows) + 1):
        entry = {k: text(g.get(r, cols[k])) if k in cols else "" for k in LAYOUT}
        problem = _entry_problem(entry) if entry["sheet"] else None
        if problem:
            problems.append(f"{at}, row {r}: {problem}")
        elif entry["sheet"]:
            out.append(entry)
    kinds = [e["kind"] for e in out]
    runs = [e["run"] for e in out if e["kind"] == "run"]
    problems += [
        f"{at}: lists {kinds.count(k)} sheets of kind {k!r}; a workbook has one"
        for k in ("project", "assumptions")
        if kinds.count(k) > 1
    ]
    problems += [f"{at}: lists run {r!r} twice" for r in sorted({r for r in runs if runs.count(r) > 1})]
    problems += [
        f"{at}: lists a table of run {e['run']!r}, which has no sheet of its own"
        for e in out
        if e["kind"] == "table" and e["run"] not in runs
    ]
    tables = [(e["run"], e["table"], e["scenario"] or BASELINE) for e in out if e["kind"] == "table"]
    problems += [
        f"{at}: lists table {t} of run {r!r} for {s!r} twice"
        for r, t, s in sorted(set(tables))
        if tables.count((r, t, s)) > 1
    ]
    if "project" not in kinds or not runs:
        problems.append(f"{at}: lists no Project sheet or no run; the sheet is damaged: make a new template")
    if problems:
        raise FileFormatError(problems)
    return out


def _entry_problem(e: dict) -> str | None:
    if e["kind"] not in KINDS:
        return f"kind {e['kind']!r} is not one of {', '.join(KINDS)}"
    if e["schema_version"].isdigit() and int(e["schema_version"]) > SCHEMA:
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
