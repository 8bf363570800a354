"""Workbooks made by the tests: templates, an editor that patches their XML, and the hostile corpus.

Nothing here is committed as a file: every workbook is generated from the declarations (a
template per model, one of every model, one of the bundled example project) and then patched
at the XML level, which is fast enough to build a few hundred of them in a test run.

A corpus case is `Case(id, base, make)`: `make(Xlsx, Index)` returns (bytes, expected message
fragment). The file is always saved as "inputs.xlsx", so messages start with that name.
"""
from __future__ import annotations

import functools
import io
import re
import struct
import zipfile
from html import escape, unescape
from pathlib import Path
from typing import Callable, NamedTuple

from planner.excel_template import META, build_template, column_heading, template_project
from planner.project_file import load_project
from planner.registry import get_spec, model_keys

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "funding-for-growth-programme.ffg"
FILE = "inputs.xlsx"


class Formula(NamedTuple):
    text: str
    cached: object = None


class Error(NamedTuple):
    code: str


@functools.lru_cache(maxsize=None)
def template(base: str) -> bytes:
    """'project' (the example project), 'defaults' (every model) or a model key (that model alone)."""
    project = load_project(EXAMPLE) if base == "project" else template_project(None if base == "defaults" else [base])
    out = io.BytesIO()
    build_template(project).save(out)
    return out.getvalue()


def zip_parts(parts: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method, compresslevel=1) as z:  # fast: hundreds of these are built
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


class Xlsx:
    """A workbook's parts, and copies of it with cells, sheets or parts changed."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            self.parts = {i.filename: z.read(i) for i in z.infolist()}
        rels = self.parts["xl/_rels/workbook.xml.rels"].decode()
        targets = {}
        for rel in re.findall(r"<Relationship [^>]*/>", rels):
            targets[re.search(r'Id="([^"]+)"', rel)[1]] = re.search(r'Target="([^"]+)"', rel)[1].lstrip("/")
        book = self.parts["xl/workbook.xml"].decode()
        self.sheets = {unescape(n): targets[i] for n, i in re.findall(r'<sheet name="([^"]*)"[^>]*r:id="([^"]+)"', book)}

    def build(self, changed: dict | None = None, dropped=()) -> bytes:
        parts = {k: v for k, v in self.parts.items() if k not in dropped}
        parts.update(changed or {})
        return zip_parts(parts)

    def cells(self, sheet: str, values: dict) -> bytes:
        """A copy with these cells ("C9": value) set; value None empties a cell."""
        part = self.sheets[sheet]
        xml = self.parts[part].decode()
        for ref, value in values.items():
            xml = set_cell(xml, ref, cell_xml(ref, value))
        return self.build({part: xml.encode()})

    def workbook_xml(self, edit: Callable[[str], str]) -> bytes:
        return self.build({"xl/workbook.xml": edit(self.parts["xl/workbook.xml"].decode()).encode()})

    def rename(self, sheet: str, new: str) -> bytes:
        return self.workbook_xml(lambda x: x.replace(f'<sheet name="{escape(sheet, False)}"',
                                                     f'<sheet name="{escape(new, False)}"'))

    def drop(self, sheet: str) -> bytes:
        return self.workbook_xml(lambda x: re.sub(rf'<sheet name="{re.escape(escape(sheet, False))}"[^>]*/>', "", x))


def cell_xml(ref: str, value) -> str:
    if value is None:
        return f'<c r="{ref}"/>'
    if isinstance(value, Formula):
        cached = "" if value.cached is None else f"<v>{value.cached}</v>"
        return f'<c r="{ref}"><f>{escape(value.text, False)}</f>{cached}</c>'
    if isinstance(value, Error):
        return f'<c r="{ref}" t="e"><v>{escape(value.code, False)}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value), False)}</t></is></c>'


def _column_number(ref: str) -> int:
    n = 0
    for ch in re.match(r"[A-Z]+", ref)[0]:
        n = n * 26 + ord(ch) - 64
    return n


def set_cell(xml: str, ref: str, new: str) -> str:
    """Replace a cell element, or add it to its row (adding the row) in order."""
    found = re.search(rf'<c r="{ref}"(?:[^>]*?/>|[^>]*?>.*?</c>)', xml, re.S)
    if found:
        return xml[:found.start()] + new + xml[found.end():]
    row = int(re.search(r"\d+", ref)[0])
    match = re.search(rf'<row r="{row}"[^>]*?(/>|>(.*?)</row>)', xml, re.S)
    if match is None:
        later = [m for m in re.finditer(r'<row r="(\d+)"', xml) if int(m[1]) > row]
        at = later[0].start() if later else xml.index("</sheetData>") if "</sheetData>" in xml else None
        if at is None:
            return xml.replace("<sheetData />", f'<sheetData><row r="{row}">{new}</row></sheetData>')
        return xml[:at] + f'<row r="{row}">{new}</row>' + xml[at:]
    if match[1] == "/>":
        return xml[:match.start()] + f'<row r="{row}">{new}</row>' + xml[match.end():]
    body_start = match.start(2)
    for cell in re.finditer(r'<c r="([A-Z]+)\d+"', match[2]):
        if _column_number(cell[1]) > _column_number(ref):
            return xml[:body_start + cell.start()] + new + xml[body_start + cell.start():]
    return xml[:match.end(2)] + new + xml[match.end(2):]


class Index:
    """Where the template put things: each sheet's layout entry, input rows and columns."""

    def __init__(self, data: bytes) -> None:
        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(data))
        meta = [[c.value for c in row] for row in wb[META].iter_rows(min_row=5)]
        self.layout = [dict(zip(("sheet", "kind", "run", "model", "table", "scenario"), r)) for r in meta if r[0]]
        self.rows, self.cols = {}, {}
        for e in self.layout:
            ws = wb[e["sheet"]]
            if e["kind"] == "run":
                self.rows[e["sheet"]] = {ws.cell(r, 1).value: r for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value}
                self.cols[e["sheet"]] = {ws.cell(4, c).value: c for c in range(1, ws.max_column + 1)}
            elif e["kind"] == "table":
                self.cols[e["sheet"]] = {ws.cell(3, c).value: c for c in range(1, ws.max_column + 1)}
                self.rows[e["sheet"]] = {"first": 5, "count": ws.max_row - 4}
        self.sheetnames = wb.sheetnames

    def sheet(self, kind: str, run: str | None = None, table: str | None = None, scenario: str = "Baseline") -> str:
        for e in self.layout:
            if e["kind"] == kind and (run is None or e["run"] == run) and (table is None or e["table"] == table) \
                    and (e["scenario"] or "Baseline") == scenario:
                return e["sheet"]
        raise KeyError((kind, run, table, scenario))

    def ref(self, sheet: str, key: str, column="value") -> str:
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(self.cols[sheet][column])}{self.rows[sheet][key]}"


@functools.lru_cache(maxsize=None)
def index(base: str) -> Index:
    return Index(template(base))


class Case(NamedTuple):
    id: str
    base: str
    make: Callable  # (Xlsx, Index) -> (bytes, expected fragment)


def at(sheet: str, ref: str | None = None, what: str | None = None) -> str:
    return f"{FILE}, sheet '{sheet}'" + (f", cell {ref}" if ref else "") + (f" ({what})" if what else "")


# ---- wrong values in the cells of each model ------------------------------------------------

def _bad_for(f) -> tuple[object, str]:
    """A wrong value for a field, and what the import must say about it."""
    if f.fmt == "year":
        return "next year", "'next year' is not allowed; enter a year like 2018 or a financial year like '2018-19'"
    if f.numeric:
        return "lots", f"'lots' is text; {f.allowed()}"
    if f.fmt == "choice":
        return "Scotland", f"'Scotland' is not allowed; {f.allowed()}"
    return "maybe", f"'maybe' is not allowed; {f.allowed()}"


def scalar_type_cases() -> list[Case]:
    out = []
    for key in model_keys():
        spec = get_spec(key)
        for f in spec.fields:
            def make(x, ix, f=f, spec=spec):
                sheet = ix.sheet("run", spec.label)
                bad, said = _bad_for(f)
                ref = ix.ref(sheet, f.name)
                return x.cells(sheet, {ref: bad}), f"{at(sheet, ref, f.name)}: {said}"
            out.append(Case(f"type-{key}-{f.name}", key, make))
    return out


def _valid_row(table) -> dict:
    row = {}
    for c in table.columns:
        value = c.default
        if value is None and c.numeric and not c.optional:
            value = c.low if c.low is not None else 2020 if c.fmt == "year" else 1
        row[c.name] = "x" if c.fmt == "text" and not value else value
    return row


def _table_cells(ix: Index, sheet: str, table, row: dict, r: int) -> dict:
    from openpyxl.utils import get_column_letter

    return {f"{get_column_letter(ix.cols[sheet][c.name])}{r}": row[c.name] for c in table.columns}


def table_type_cases() -> list[Case]:
    out = []
    for key in model_keys():
        spec = get_spec(key)
        for t in spec.tables:
            for c in (c for c in t.columns if c.fmt != "text"):
                def make(x, ix, t=t, c=c, spec=spec):
                    from openpyxl.utils import get_column_letter

                    sheet = ix.sheet("table", spec.label, t.name)
                    first = ix.rows[sheet]["first"]
                    cells = {} if t.default else _table_cells(ix, sheet, t, _valid_row(t), first)
                    bad, said = _bad_for(c)
                    ref = f"{get_column_letter(ix.cols[sheet][c.name])}{first}"
                    cells[ref] = bad
                    return x.cells(sheet, cells), f"{at(sheet, ref, f'{t.name}[1].{c.name}')}: {said}"
                out.append(Case(f"type-{key}-{t.name}-{c.name}", key, make))
    return out


ERROR_CODES = ("#REF!", "#VALUE!", "#DIV/0!", "#N/A", "#NAME?", "#NUM!", "#NULL!")


def error_value_cases() -> list[Case]:
    out = []
    for code in ERROR_CODES:
        def scalar(x, ix, code=code):
            sheet, f = "Business Rate Supplement", get_spec("brs").field("threshold")
            ref = ix.ref(sheet, "threshold")
            return x.cells(sheet, {ref: Error(code)}), f"{at(sheet, ref, 'threshold')}: is the Excel error {code}; " \
                                                        f"{f.allowed()}"

        def table(x, ix, code=code):
            sheet = ix.sheet("table", "Housing First grant profile", "councils")
            c = get_spec("housing_first").table("councils").column("hf_support")
            return x.cells(sheet, {"C5": Error(code)}), f"{at(sheet, 'C5', 'councils[1].hf_support')}: is the Excel " \
                                                        f"error {code}; {c.allowed()}"
        out += [Case(f"error-{code}-scalar", "brs", scalar), Case(f"error-{code}-table", "housing_first", table)]
    return out


def formula_cases() -> list[Case]:
    said = "holds a formula with no saved result; open the workbook in Excel, let it calculate, save it and import again"

    def cell(base, kind, run, key, what, table=None, scenario="Baseline", column="value"):
        def make(x, ix):
            sheet = ix.sheet(kind, run, table, scenario)
            ref = ix.ref(sheet, key, column) if kind == "run" else key
            return x.cells(sheet, {ref: Formula("B2*2")}), f"{at(sheet, ref, what)}: {said}"
        return make

    lv, hf = "Land value capture", "Housing First grant profile"
    return [Case("formula-scalar", "brs", cell("brs", "run", "Business Rate Supplement", "threshold", "threshold")),
            Case("formula-year", "land_value", cell("land_value", "run", lv, "start_year", "start_year")),
            Case("formula-choice", "programme", cell("programme", "run", "Funding for Growth programme",
                                                     "repayment_policy", "repayment_policy")),
            Case("formula-table", "housing_first", cell("housing_first", "table", hf, "B5", "councils[1].units_per_year",
                                                        "councils")),
            Case("formula-scenario", "project", cell("project", "run", "WMCA BRS: 2p over £50,000 RV", "threshold",
                                                     "threshold, scenario 'Threshold £70,000'",
                                                     column="Threshold £70,000"))]


# ---- keys, ranges, sheets and columns --------------------------------------------------------

def key_cases() -> list[Case]:
    out = []
    for key in model_keys():
        spec = get_spec(key)
        f1, f2 = spec.fields[2], spec.fields[3]

        def missing(x, ix, spec=spec, f=f1):
            sheet = ix.sheet("run", spec.label)
            return x.cells(sheet, {f"A{ix.rows[sheet][f.name]}": None}), \
                f"{at(sheet, f'A{ix.rows[sheet][f.name]}')}: the row has a value but no key; put the input's key in column A"

        def gone(x, ix, spec=spec, f=f1):
            sheet = ix.sheet("run", spec.label)
            row = ix.rows[sheet][f.name]
            return x.cells(sheet, {f"{c}{row}": None for c in "ABCDEFGHIJ"}), \
                f"{at(sheet)}: has no row for input {f.name!r} ({f.label}); add a row with {f.name} in column A"

        def duplicate(x, ix, spec=spec, f1=f1, f2=f2):
            sheet = ix.sheet("run", spec.label)
            return x.cells(sheet, {f"A{ix.rows[sheet][f2.name]}": f1.name}), \
                f"{at(sheet, f'A{ix.rows[sheet][f2.name]}')}: key {f1.name!r} is also in cell A{ix.rows[sheet][f1.name]}"

        def unknown(x, ix, spec=spec, f=f2):
            sheet = ix.sheet("run", spec.label)
            ref = f"A{ix.rows[sheet][f.name]}"
            return x.cells(sheet, {ref: f.name + "x"}), \
                f"{at(sheet, ref)}: {f.name + 'x'!r} is not an input of {spec.label}; did you mean {f.name!r}?"

        def stray(x, ix, spec=spec):
            sheet = ix.sheet("run", spec.label)
            return x.cells(sheet, {"A200": "colour", "C200": 3}), \
                f"{at(sheet, 'A200')}: 'colour' is not an input of {spec.label}"
        out += [Case(f"key-{n}-{key}", key, fn) for n, fn in
                (("missing", missing), ("gone", gone), ("duplicate", duplicate), ("unknown", unknown), ("stray", stray))]
    return out


def _bounded(spec):
    return next(f for f in spec.fields if f.numeric and f.high is not None and not f.structural and f.fmt != "year")


def range_cases() -> list[Case]:
    out = []
    for key in model_keys():
        spec = get_spec(key)
        f = _bounded(spec)
        whole = next(f for f in spec.fields if f.fmt == "int" and not f.structural)
        low = next(f for f in spec.fields if f.numeric and f.low is not None and f.fmt != "year" and not f.structural)
        for name, field, value in (("high", f, f.high * 2 + 1), ("low", low, low.low - 1), ("fraction", whole, 2.5)):
            def make(x, ix, spec=spec, field=field, value=value):
                sheet = ix.sheet("run", spec.label)
                ref = ix.ref(sheet, field.name)
                return x.cells(sheet, {ref: value}), f"{at(sheet, ref, field.name)}: {value:,.10g} is not allowed; " \
                                                     f"{field.allowed()}"
            out.append(Case(f"range-{name}-{key}", key, make))

        def required(x, ix, spec=spec):
            f = next(f for f in spec.fields if not f.optional and f.numeric and not f.structural)
            sheet = ix.sheet("run", spec.label)
            ref = ix.ref(sheet, f.name)
            return x.cells(sheet, {ref: None}), f"{at(sheet, ref, f.name)}: is empty; {f.allowed()} (this input is required)"
        out.append(Case(f"range-empty-{key}", key, required))
    return out


def sheet_cases() -> list[Case]:
    """Every sheet of each model's template renamed, and deleted."""
    out = []
    for key in model_keys():
        for e in index(key).layout:
            for how in ("renamed", "deleted"):
                def make(x, ix, sheet=e["sheet"], how=how):
                    data = x.rename(sheet, "Renamed") if how == "renamed" else x.drop(sheet)
                    return data, f"{at(sheet)}: is missing (it holds "
                out.append(Case(f"sheet-{how}-{key}-{e['sheet']}", key, make))
    out += [
        Case("meta-deleted", "brs", lambda x, ix: (x.drop(META), f"{FILE}: is not a planner input workbook (it "
                                                                       f"has no hidden sheet '{META}')")),
        Case("meta-renamed", "brs", lambda x, ix: (x.rename(META, "planner"), "is not a planner input workbook")),
        Case("meta-newer", "brs", lambda x, ix: (x.cells(META, {"B2": 99}), "written by a newer planner (layout 99)")),
        Case("meta-no-schema", "brs", lambda x, ix: (x.cells(META, {"A2": None}), "has no schema_version")),
        Case("meta-bad-model", "brs", lambda x, ix: (x.cells(META, {"D6": "tax"}), "row 6: unknown model 'tax'")),
        Case("meta-bad-kind", "brs", lambda x, ix: (x.cells(META, {"B6": "chart"}), "row 6: kind 'chart' is not one of")),
        Case("meta-bad-table", "brs", lambda x, ix: (x.cells(META, {"E7": "rates"}), "has no table 'rates'")),
    ]
    return out


def table_structure_cases() -> list[Case]:
    out = []
    for key in model_keys():
        spec = get_spec(key)
        t = spec.tables[0]
        first, second = t.columns[0], t.columns[1]

        def unknown(x, ix, spec=spec, t=t):
            sheet = ix.sheet("table", spec.label, t.name)
            return x.cells(sheet, {"A3": "colour"}), \
                f"{at(sheet, 'A3')}: 'colour' is not a column of {t.label}; columns are: " \
                f"{', '.join(c.name for c in t.columns)}"

        def twice(x, ix, spec=spec, t=t, first=first):
            sheet = ix.sheet("table", spec.label, t.name)
            return x.cells(sheet, {"B3": first.name}), f"{at(sheet, 'B3')}: column {first.name!r} appears twice"

        def missing(x, ix, spec=spec, t=t, second=second):
            sheet = ix.sheet("table", spec.label, t.name)
            return x.cells(sheet, {"B3": None}), f"{at(sheet)}: has no column {second.name!r} ({second.label}); add it " \
                                                 f"in row 3"

        def no_keys(x, ix, spec=spec, t=t):
            sheet = ix.sheet("table", spec.label, t.name)
            from openpyxl.utils import get_column_letter
            return x.cells(sheet, {f"{get_column_letter(i)}3": None for i in range(1, len(t.columns) + 1)}), \
                f"{at(sheet)}: has no row of column keys"
        out += [Case(f"columns-{n}-{key}", key, fn) for n, fn in
                (("unknown", unknown), ("twice", twice), ("missing", missing), ("none", no_keys))]
    return out


def project_sheet_cases() -> list[Case]:
    """The Project sheet of the example project: details (rows 5-9), runs (13-17) and scenarios (21-25)."""
    def case(name, cells, said):
        return Case(f"project-{name}", "project", lambda x, ix: (x.cells("Project", cells), said))
    where = f"{FILE}, sheet 'Project'"
    return [
        case("baseline", {"A21": "Baseline"}, f"{where}, cell A21: a scenario cannot be called 'Baseline'"),
        case("twice", {"A23": "Slower intake"}, f"{where}, cell A23: a scenario cannot be called 'Slower intake': "
                                                f"another scenario is"),
        case("parent", {"B23": "Nope"}, f"{where}, cell B23 (Threshold £70,000): 'Nope' is not a scenario of this "
                                        f"workbook"),
        case("loop", {"B21": "Slower intake, weaker sustainment"}, "its chain of based_on forms a loop"),
        case("detail", {"A6": "colour"}, f"{where}, cell A6: 'colour' is not a detail of a project"),
        case("created", {"C9": "yesterday"}, f"{where} (created): 'yesterday' is not a UTC time"),
        case("run", {"A13": "Another run"}, f"{where}, cell A13: run 'Another run' has no sheet in this workbook"),
        case("no-runs", {"A12": None}, f"{where}: has no table headed 'run', 'model'"),
    ]


def assumption_cases() -> list[Case]:
    def case(name, cells, said):
        def make(x, ix):
            return x.cells(ix.sheet("assumptions"), cells), said
        return Case(f"assumptions-{name}", "project", make)
    where = f"{FILE}, sheet 'Assumptions'"
    return [
        case("run", {"A5": "Nowhere"}, f"{where}, cell A5: 'Nowhere' is not a run of this workbook"),
        case("path", {"B5": "bandz"}, f"{where}, cell B5: 'bandz': model brs has no input 'bandz'"),
        case("scalar", {"B5": "threshold"}, f"{where}, cell B5: WMCA BRS: 2p over £50,000 RV / threshold is a single "
                                            f"input: its source is on the run's sheet"),
        case("twice", {"B6": "bands"}, f"{where}, cell B6: WMCA BRS: 2p over £50,000 RV / bands is also in row 5"),
        case("date", {"E5": "6 Sept 2018"}, f"{where}, cell E5: '6 Sept 2018' is not a date; enter it as YYYY-MM-DD"),
    ]


def header_cases() -> list[Case]:
    sheet = "WMCA BRS 2p over £50,000 RV"

    def case(name, cells, said):
        return Case(f"header-{name}", "project", lambda x, ix: (x.cells(sheet, cells), said))
    return [
        case("unknown", {"D4": "What if"}, f"{at(sheet, 'D4')}: column 'What if' is neither a scenario on the Project "
                                           f"sheet nor one of"),
        case("missing", {"D4": None}, f"{at(sheet)}: has no value column for scenario 'Slower intake' in row 4"),
        case("twice", {"E4": "Slower intake"}, f"{at(sheet, 'E4')}: a second column 'Slower intake'"),
        case("no-key", {"A4": None}, f"{at(sheet)}: has no header row with 'key' in column A"),
        case("baseline", {"C4": None}, f"{at(sheet)}: has no value column for the Baseline (headed 'value')"),
    ]


# ---- hostile files: refused before openpyxl opens them ---------------------------------------

def _replace_part(x: Xlsx, part: str, edit: Callable[[bytes], bytes]) -> bytes:
    return x.build({part: edit(x.parts[part])})


def _doctype(body: bytes, declaration: bytes) -> bytes:
    head, sep, rest = body.partition(b"?>")
    return head + sep + declaration + rest if sep else declaration + body


LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
          b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')
XXE = b'<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
ENTITY_REFUSED = "declares XML entities or a DOCTYPE"


def _entity_cases() -> list[Case]:
    out = []
    parts = ("[Content_Types].xml", "xl/workbook.xml", "xl/styles.xml", "xl/_rels/workbook.xml.rels", "_rels/.rels",
             "docProps/core.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml", "xl/theme/theme1.xml")
    for part in parts:
        for name, decl in (("laughs", LAUGHS), ("xxe", XXE)):
            out.append(Case(f"entity-{name}-{part}", "brs", lambda x, ix, part=part, decl=decl: (
                _replace_part(x, part, lambda b: _doctype(b, decl)), f"{FILE}: part {part} {ENTITY_REFUSED}")))
    out.append(Case("entity-lowercase", "brs", lambda x, ix: (
        _replace_part(x, "xl/workbook.xml", lambda b: _doctype(b, b"<!doctype w>")), ENTITY_REFUSED)))
    # a declaration straddling two 64 KB chunks of the inflated part is still found
    out.append(Case("entity-split", "brs", lambda x, ix: (
        _replace_part(x, "xl/styles.xml", lambda b: b.replace(b"<styleSheet", b"<!--" + b" " * (65536 - 4 - len(
            b[:b.index(b"<styleSheet")]) - 3) + b"-->" + b"<!ENTITY x 'y'>" + b"<styleSheet", 1)), ENTITY_REFUSED)))
    out.append(Case("utf16-part", "brs", lambda x, ix: (
        _replace_part(x, "xl/workbook.xml", lambda b: b.decode().replace('encoding="UTF-8"', "").encode("utf-16")),
        "part xl/workbook.xml is not UTF-8 XML")))
    return out


def _zip_with(parts: dict, **info) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            zi = zipfile.ZipInfo(name)
            zi.compress_type = info.get("compress_type", zipfile.ZIP_DEFLATED)
            z.writestr(zi, data)
    return out.getvalue()


def _patch_sizes(data: bytes, part: str, file_size: int) -> bytes:
    """Lie about one part's uncompressed size, in its local header and in the central directory."""
    name = part.encode()
    out = bytearray(data)
    at = 0
    while True:
        at = out.find(b"PK\x03\x04", at)
        if at < 0:
            break
        n, m = struct.unpack("<HH", out[at + 26:at + 30])
        if out[at + 30:at + 30 + n] == name:
            out[at + 22:at + 26] = struct.pack("<L", file_size)
        at += 4
    at = 0
    while True:
        at = out.find(b"PK\x01\x02", at)
        if at < 0:
            break
        n = struct.unpack("<H", out[at + 28:at + 30])[0]
        if out[at + 46:at + 46 + n] == name:
            out[at + 24:at + 28] = struct.pack("<L", file_size)
        at += 4
    return bytes(out)


def _declared_total(x: Xlsx, parts: int, each: int) -> bytes:
    """Many small parts, each declaring `each` bytes: below every per-part limit, too much together."""
    data = x.build({f"xl/media/z{i}.bin": b"z" for i in range(parts)})
    for i in range(parts):
        data = _patch_sizes(data, f"xl/media/z{i}.bin", each)
    return data


def _patch_crc(data: bytes, part: str) -> bytes:
    """A wrong checksum for one part, in both its headers: its bytes no longer match it."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        crc = struct.pack("<L", z.getinfo(part).CRC)
    return data.replace(crc, struct.pack("<L", z.getinfo(part).CRC ^ 0xFFFF))


def _flag(data: bytes, bit: int) -> bytes:
    out = bytearray(data)
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = out.find(sig)
        out[at + off] |= bit
    return bytes(out)


def _corrupt(data: bytes, part: str) -> bytes:
    """Flip bytes inside one part's compressed data: the checksum no longer matches."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo(part)
    out = bytearray(data)
    n, m = struct.unpack("<HH", out[info.header_offset + 26:info.header_offset + 30])
    start = info.header_offset + 30 + n + m
    for i in range(start + info.compress_size // 2, start + info.compress_size // 2 + 4):
        out[i] ^= 0x55
    return bytes(out)


def _zip_cases() -> list[Case]:
    truncated = "is truncated or damaged"
    out = [
        Case("empty-file", "brs", lambda x, ix: (b"", f"{FILE}: is empty (0 bytes)")),
        Case("text-file", "brs", lambda x, ix: (b"key,value\nthreshold,50000\n", "its contents are not a zip archive")),
        Case("pdf-file", "brs", lambda x, ix: (b"%PDF-1.4\n" + b"0" * 500, "its contents are not a zip archive")),
        Case("html-file", "brs", lambda x, ix: (b"<html><body>table</body></html>", "its contents are not a zip archive")),
        Case("random-bytes", "brs", lambda x, ix: (bytes(range(256)) * 40, "its contents are not a zip archive")),
        Case("ole-encrypted", "brs", lambda x, ix: (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000,
                                                    "is encrypted (password-protected) or an old Excel 97-2003 file")),
        Case("ole-short", "brs", lambda x, ix: (b"\xd0\xcf\x11\xe0", "is encrypted (password-protected)")),
        Case("empty-zip", "brs", lambda x, ix: (zip_parts({}), "it has no [Content_Types].xml and no xl/workbook.xml")),
        Case("too-big", "brs", lambda x, ix: (template("brs") + bytes(21_000_000),
                                              "is 21.0 MB; an input workbook may be at most 20 MB")),
    ]
    for fraction in (0.02, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99):
        out.append(Case(f"truncated-{fraction}", "brs", lambda x, ix, f=fraction: (
            template("brs")[:int(len(template("brs")) * f)], truncated)))
    for cut in (1, 10, 21, 22, 30):
        out.append(Case(f"truncated-end-{cut}", "brs", lambda x, ix, c=cut: (template("brs")[:-c], truncated)))
    for part in ("[Content_Types].xml", "xl/workbook.xml"):
        out.append(Case(f"missing-{part}", "brs", lambda x, ix, p=part: (x.build(dropped=(p,)), f"it has no {p}")))
    out += [
        Case("missing-sheet-part", "brs", lambda x, ix: (x.build(dropped=(x.sheets["Business Rate Supplement"],)),
                                                         "sheet 'Business Rate Supplement': is missing")),
        Case("missing-rels", "brs", lambda x, ix: (x.build(dropped=("xl/_rels/workbook.xml.rels",)),
                                                   "cannot be read as an Excel workbook")),
        Case("vba-part", "brs", lambda x, ix: (x.build({"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}),
                                               "contains macros (xl/vbaProject.bin)")),
        Case("vba-part-root", "brs", lambda x, ix: (x.build({"VBAPROJECT.BIN": b"x"}), "contains macros (VBAPROJECT.BIN)")),
        Case("vba-macro-content-type", "brs", lambda x, ix: (_replace_part(
            x, "[Content_Types].xml", lambda b: b.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml")),
            "contains macros")),
        Case("duplicate-part", "brs", lambda x, ix: (x.build({"XL/WORKBOOK.XML": x.parts["xl/workbook.xml"]}),
                                                     "has a part named 'XL/WORKBOOK.XML' twice or out of place")),
        Case("traversal-part", "brs", lambda x, ix: (x.build({"../../evil.xml": b"<x/>"}), "twice or out of place")),
        Case("absolute-part", "brs", lambda x, ix: (x.build({"/etc/evil.xml": b"<x/>"}), "twice or out of place")),
        Case("encrypted-entry", "brs", lambda x, ix: (_flag(template("brs"), 0x1), "is encrypted; remove the password")),
        Case("bzip2-part", "brs", lambda x, ix: (_zip_with(x.parts, compress_type=zipfile.ZIP_BZIP2),
                                                 "uses a compression Excel never writes")),
        Case("bad-data", "brs", lambda x, ix: (_corrupt(template("brs"), "xl/styles.xml"), "part xl/styles.xml ")),
        Case("bad-checksum", "brs", lambda x, ix: (_patch_crc(template("brs"), "xl/styles.xml"),
                                                   "part xl/styles.xml is damaged (its size or checksum does not match)")),
        Case("many-entries", "brs", lambda x, ix: (x.build({f"xl/media/e{i}.bin": b"" for i in range(1_200)}),
                                                   "parts (")),
        Case("huge-directory", "brs", lambda x, ix: (x.build({f"xl/media/{'n' * 4000}{i}.bin": b"" for i in range(300)}),
                                                     "bytes of zip directory); an Excel workbook has at most")),
        Case("bomb-ratio", "brs", lambda x, ix: (x.build({"xl/media/zeros.bin": bytes(20_000_000)}),
                                                 "times when unpacked; at most 200 is allowed")),
        Case("bomb-part-size", "brs", lambda x, ix: (x.build({"xl/media/zeros.bin": bytes(30_000_000)}),
                                                     "declares 30 MB uncompressed; a part may be at most 25 MB")),
        Case("bomb-total-size", "brs", lambda x, ix: (_declared_total(x, 120, 900_000),
                                                      "its parts add up to 108 MB uncompressed")),
        Case("bomb-declared-huge", "brs", lambda x, ix: (_patch_sizes(template("brs"), "xl/styles.xml", 0xFFFFFFF0),
                                                         "part xl/styles.xml declares 4,295 MB uncompressed")),
        Case("bomb-declared-small", "brs", lambda x, ix: (_patch_sizes(template("brs"), "xl/styles.xml", 100),
                                                          "part xl/styles.xml holds more than the 100 bytes it declares")),
        Case("bomb-lying-stream", "brs", lambda x, ix: (_patch_sizes(x.build({"xl/media/zeros.bin": bytes(5_000_000)}),
                                                                     "xl/media/zeros.bin", 1000),
                                                        "holds more than the 1,000 bytes it declares")),
    ]
    return out


def hostile_cases() -> list[Case]:
    return _zip_cases() + _entity_cases()


def workbook_cases() -> list[Case]:
    return (scalar_type_cases() + table_type_cases() + error_value_cases() + formula_cases() + key_cases()
            + range_cases() + sheet_cases() + table_structure_cases() + project_sheet_cases() + assumption_cases()
            + header_cases())


@functools.lru_cache(maxsize=None)
def _parsed(base: str) -> Xlsx:
    return Xlsx(template(base))


def build(case: Case) -> tuple[bytes, str]:
    return case.make(_parsed(case.base), index(case.base))
