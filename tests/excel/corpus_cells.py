"""Workbooks with wrong cells, keys, sheets and columns: each case says what import must report."""

from __future__ import annotations

from planner.excel.template import META
from planner.registry import get_spec, model_keys
from tests.excel.workbooks import FILE, Case, Error, Formula, Index, at, index


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
            return x.cells(
                sheet, {ref: Error(code)}
            ), f"{at(sheet, ref, 'threshold')}: is the Excel error {code}; {f.allowed()}"

        def table(x, ix, code=code):
            sheet = ix.sheet("table", "Housing First grant profile", "councils")
            c = get_spec("housing_first").table("councils").column("hf_support")
            return x.cells(
                sheet, {"C5": Error(code)}
            ), f"{at(sheet, 'C5', 'councils[1].hf_support')}: is the Excel error {code}; {c.allowed()}"

        out += [Case(f"error-{code}-scalar", "brs", scalar), Case(f"error-{code}-table", "housing_first", table)]
    return out


def formula_cases() -> list[Case]:
    said = (
        "holds a formula with no saved result; open the workbook in Excel, let it calculate, save it and import again"
    )

    def cell(base, kind, run, key, what, table=None, scenario="Baseline", column="value"):
        def make(x, ix):
            sheet = ix.sheet(kind, run, table, scenario)
            ref = ix.ref(sheet, key, column) if kind == "run" else key
            return x.cells(sheet, {ref: Formula("B2*2")}), f"{at(sheet, ref, what)}: {said}"

        return make

    lv, hf = "Land value capture", "Housing First grant profile"
    return [
        Case("formula-scalar", "brs", cell("brs", "run", "Business Rate Supplement", "threshold", "threshold")),
        Case("formula-year", "land_value", cell("land_value", "run", lv, "start_year", "start_year")),
        Case(
            "formula-choice",
            "programme",
            cell("programme", "run", "Funding for Growth programme", "repayment_policy", "repayment_policy"),
        ),
        Case(
            "formula-table",
            "housing_first",
            cell("housing_first", "table", hf, "B5", "councils[1].units_per_year", "councils"),
        ),
        Case(
            "formula-scenario",
            "project",
            cell(
                "project",
                "run",
                "WMCA BRS: 2p over £50,000 RV",
                "threshold",
                "threshold, scenario 'Threshold £70,000'",
                column="Threshold £70,000",
            ),
        ),
    ]


# ---- keys, ranges, sheets and columns --------------------------------------------------------


def key_cases() -> list[Case]:
    out = []
    for key in model_keys():
        spec = get_spec(key)
        f1, f2 = spec.fields[2], spec.fields[3]

        def missing(x, ix, spec=spec, f=f1):
            sheet = ix.sheet("run", spec.label)
            return (
                x.cells(sheet, {f"A{ix.rows[sheet][f.name]}": None}),
                f"{at(sheet, f'A{ix.rows[sheet][f.name]}')}: the row has a value but no key; "
                "put the input's key in column A",
            )

        def gone(x, ix, spec=spec, f=f1):
            sheet = ix.sheet("run", spec.label)
            row = ix.rows[sheet][f.name]
            return x.cells(
                sheet, {f"{c}{row}": None for c in "ABCDEFGHIJ"}
            ), f"{at(sheet)}: has no row for input {f.name!r} ({f.label}); add a row with {f.name} in column A"

        def duplicate(x, ix, spec=spec, f1=f1, f2=f2):
            sheet = ix.sheet("run", spec.label)
            return x.cells(
                sheet, {f"A{ix.rows[sheet][f2.name]}": f1.name}
            ), f"{at(sheet, f'A{ix.rows[sheet][f2.name]}')}: key {f1.name!r} is also in cell A{ix.rows[sheet][f1.name]}"

        def unknown(x, ix, spec=spec, f=f2):
            sheet = ix.sheet("run", spec.label)
            ref = f"A{ix.rows[sheet][f.name]}"
            return x.cells(
                sheet, {ref: f.name + "x"}
            ), f"{at(sheet, ref)}: {f.name + 'x'!r} is not an input of {spec.label}; did you mean {f.name!r}?"

        def stray(x, ix, spec=spec):
            sheet = ix.sheet("run", spec.label)
            return x.cells(
                sheet, {"A200": "colour", "C200": 3}
            ), f"{at(sheet, 'A200')}: 'colour' is not an input of {spec.label}"

        out += [
            Case(f"key-{n}-{key}", key, fn)
            for n, fn in (
                ("missing", missing),
                ("gone", gone),
                ("duplicate", duplicate),
                ("unknown", unknown),
                ("stray", stray),
            )
        ]
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
                return x.cells(
                    sheet, {ref: value}
                ), f"{at(sheet, ref, field.name)}: {value:,.10g} is not allowed; {field.allowed()}"

            out.append(Case(f"range-{name}-{key}", key, make))

        def required(x, ix, spec=spec):
            f = next(f for f in spec.fields if not f.optional and f.numeric and not f.structural)
            sheet = ix.sheet("run", spec.label)
            ref = ix.ref(sheet, f.name)
            return x.cells(
                sheet, {ref: None}
            ), f"{at(sheet, ref, f.name)}: is empty; {f.allowed()} (this input is required)"

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
        Case(
            "meta-deleted",
            "brs",
            lambda x, ix: (x.drop(META), f"{FILE}: is not a planner input workbook (it has no hidden sheet '{META}')"),
        ),
        Case("meta-renamed", "brs", lambda x, ix: (x.rename(META, "planner"), "is not a planner input workbook")),
        Case("meta-newer", "brs", lambda x, ix: (x.cells(META, {"B2": 99}), "written by a newer planner (layout 99)")),
        Case("meta-no-schema", "brs", lambda x, ix: (x.cells(META, {"A2": None}), "has no schema_version")),
        Case("meta-bad-model", "brs", lambda x, ix: (x.cells(META, {"D6": "tax"}), "row 6: unknown model 'tax'")),
        Case(
            "meta-bad-kind", "brs", lambda x, ix: (x.cells(META, {"B6": "chart"}), "row 6: kind 'chart' is not one of")
        ),
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
            return (
                x.cells(sheet, {"A3": "colour"}),
                f"{at(sheet, 'A3')}: 'colour' is not a column of {t.label}; columns are: "
                f"{', '.join(c.name for c in t.columns)}",
            )

        def twice(x, ix, spec=spec, t=t, first=first):
            sheet = ix.sheet("table", spec.label, t.name)
            return x.cells(sheet, {"B3": first.name}), f"{at(sheet, 'B3')}: column {first.name!r} appears twice"

        def missing(x, ix, spec=spec, t=t, second=second):
            sheet = ix.sheet("table", spec.label, t.name)
            return x.cells(
                sheet, {"B3": None}
            ), f"{at(sheet)}: has no column {second.name!r} ({second.label}); add it in row 3"

        def no_keys(x, ix, spec=spec, t=t):
            sheet = ix.sheet("table", spec.label, t.name)
            from openpyxl.utils import get_column_letter

            return x.cells(
                sheet, {f"{get_column_letter(i)}3": None for i in range(1, len(t.columns) + 1)}
            ), f"{at(sheet)}: has no row of column keys"

        out += [
            Case(f"columns-{n}-{key}", key, fn)
            for n, fn in (("unknown", unknown), ("twice", twice), ("missing", missing), ("none", no_keys))
        ]
    return out


def project_sheet_cases() -> list[Case]:
    """The Project sheet of the example project: details (rows 5-9), runs (13-17) and scenarios (21-25)."""

    def case(name, cells, said):
        return Case(f"project-{name}", "project", lambda x, ix: (x.cells("Project", cells), said))

    where = f"{FILE}, sheet 'Project'"
    return [
        case("baseline", {"A21": "Baseline"}, f"{where}, cell A21: a scenario cannot be called 'Baseline'"),
        case(
            "twice",
            {"A23": "Slower intake"},
            f"{where}, cell A23: a scenario cannot be called 'Slower intake': another scenario is",
        ),
        case(
            "parent",
            {"B23": "Nope"},
            f"{where}, cell B23 (Threshold £70,000): 'Nope' is not a scenario of this workbook",
        ),
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
        case(
            "scalar",
            {"B5": "threshold"},
            f"{where}, cell B5: WMCA BRS: 2p over £50,000 RV / threshold is a single "
            f"input: its source is on the run's sheet",
        ),
        case("twice", {"B6": "bands"}, f"{where}, cell B6: WMCA BRS: 2p over £50,000 RV / bands is also in row 5"),
        case("date", {"E5": "6 Sept 2018"}, f"{where}, cell E5: '6 Sept 2018' is not a date; enter it as YYYY-MM-DD"),
    ]


def header_cases() -> list[Case]:
    sheet = "WMCA BRS 2p over £50,000 RV"

    def case(name, cells, said):
        return Case(f"header-{name}", "project", lambda x, ix: (x.cells(sheet, cells), said))

    return [
        case(
            "unknown",
            {"D4": "What if"},
            f"{at(sheet, 'D4')}: column 'What if' is neither a scenario on the Project sheet nor one of",
        ),
        case("missing", {"D4": None}, f"{at(sheet)}: has no value column for scenario 'Slower intake' in row 4"),
        case("twice", {"E4": "Slower intake"}, f"{at(sheet, 'E4')}: a second column 'Slower intake'"),
        case("no-key", {"A4": None}, f"{at(sheet)}: has no header row with 'key' in column A"),
        case("baseline", {"C4": None}, f"{at(sheet)}: has no value column for the Baseline (headed 'value')"),
    ]
