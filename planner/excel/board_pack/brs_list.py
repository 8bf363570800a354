"""The BRS rating list on the sheet: revaluations, rating periods, and each band split at the
threshold in force, as formulas (the uniform-spread split of models.brs.bands).

A band from a to b (upper inclusive) with n hereditaments and RV v, revalued by f, at
threshold T (t = T clipped to [af, bf]): liable count n (bf - t) / (bf - af); liable RV
vf (bf - t)(bf + t) / ((bf - af)(bf + af)); the RV at or below the threshold likewise with
(t - af)(t + af). The open top band is wholly liable.

A run that reads the VOA's list (list mode) shows the list counted into bands, with each
threshold in force (over its period's factor) as a band edge, so no band straddles a threshold
and the same formulas give the exact liable part; above them, where the list came from, and
beside them each billing authority's liable RV, which its collected supplement is worked from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from openpyxl.utils import get_column_letter

from models.brs.bands import band_columns, periods, split
from models.brs.rating_list import EDGES, derived_bands, liable
from models.core.timeline import fy_label
from planner.excel.board_pack.blocks import headers, section
from planner.excel.board_pack.styles import COUNT, FACTOR, GBP, HELPER, INPUT, INTEGER, LABEL, TOTAL, YEAR

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from models.core.validation import Inputs
    from planner.excel.board_pack.annual import RunContext
    from planner.excel.board_pack.cells import Cells

PER_PERIOD = ("liable hereditaments", "liable RV", "RV at or below the threshold")
ENTERED = "Rating list by band (inputs), split at the threshold of each period"
LISTED = (
    "Rating list counted into bands from the VOA list (each threshold in force is a band edge, so no "
    "band is split and the liable part is exact)"
)
PROVENANCE = (
    ("File", "file"),
    ("File read inside the zip", "member"),
    ("List year", "list_year"),
    ("Epoch", "epoch"),
    ("Billing authorities", "authorities"),
    ("Entries read", "entries_read"),
    ("Entries kept (current, with an RV, in these authorities)", "entries_kept"),
    ("Current at", "as_at"),
    ("SHA-256 of the file", "sha256"),
    ("Read on", "read_on"),
)


def _first(x: Any) -> float:
    return float(np.ravel(x)[0])


def rating_list(
    cells: Cells, ws: Worksheet, ctx: RunContext, inputs: Inputs, at: dict, row: int
) -> tuple[int, list[tuple[str, str]], dict]:
    """Write the rating list; returns the next row, each period's (liable count, liable RV)
    cells, and the formulas of the tie-out and band-average checks (banded lists only)."""
    row, reval = _revaluations(cells, ws, inputs, row)
    row, spans = _periods(cells, ws, inputs, at, reval, row)
    if inputs.rating_list is not None:
        row = _provenance(cells, ws, inputs.rating_list.provenance, row)
        rows = derived_bands(inputs.rating_list, EDGES + tuple(_first(p[2]) / _first(p[1]) for p in periods(inputs)))
        return _bands(cells, ws, inputs, spans, row, rows, LISTED)
    if inputs.rows("bands"):
        return _bands(cells, ws, inputs, spans, row, inputs.rows("bands"), ENTERED)
    row = section(cells, ws, row, "Rating list, entered as totals (already the part above the threshold)")
    row = headers(cells, ws, row, ("Rating period", "", "Liable hereditaments", "Liable RV"), right_from=3)
    base = []
    for p, (_, factor_cell, _) in enumerate(spans):
        factor = _first(periods(inputs)[p][1])
        cells.text(ws, row, 1, f"Period {p + 1}", LABEL)
        cells.formula(ws, row, 3, f"={at['liable_hereditaments']}", _first(inputs.liable_hereditaments), COUNT)
        cells.formula(ws, row, 4, f"={at['liable_rv']}*{factor_cell}", _first(inputs.liable_rv) * factor, GBP)
        base.append((f"$C${row}", f"$D${row}"))
        row += 1
    return row + 1, base, {}


def _revaluations(cells: Cells, ws: Worksheet, inputs: Inputs, row: int) -> tuple[int, dict]:
    rows = inputs.rows("revaluations")
    if not rows:
        return row, {}
    row = section(cells, ws, row, "Revaluations (inputs)")
    row = headers(cells, ws, row, ("Revaluation", "Year starting", "RV factor", "New threshold (£ RV)"), right_from=2)
    where = {}
    for i, r in enumerate(rows, start=1):
        cells.text(ws, row, 1, f"Revaluation {i} ({fy_label(int(r['year']))})", LABEL)
        cells.number(ws, row, 2, int(r["year"]), YEAR, INPUT)
        cells.number(ws, row, 3, _first(r["rv_factor"]), "0.0000", INPUT)
        if r["threshold"] is None:
            cells.text(ws, row, 4, "", INPUT)
        else:
            cells.number(ws, row, 4, _first(r["threshold"]), GBP, INPUT)
        where[i] = (f"$C${row}", f"$D${row}" if r["threshold"] is not None else None)
        row += 1
    return row + 1, where


def _periods(
    cells: Cells, ws: Worksheet, inputs: Inputs, at: dict, reval: dict, row: int
) -> tuple[int, list[tuple[int, str, str | None]]]:
    """The rating periods between revaluations, as models.brs.bands.periods finds them; each
    period's cumulative RV factor and threshold are formulas over the revaluation inputs."""
    chain: list[tuple[int, list, str | None]] = [(0, [], at.get("threshold"))]
    ordered = sorted(enumerate(inputs.rows("revaluations"), start=1), key=lambda ir: ir[1]["year"])
    for i, r in ordered:
        t = int(r["year"]) - inputs.start_year
        _, factors, threshold = chain[-1]
        factor_cell, threshold_cell = reval[i]
        entry = (t, factors + [factor_cell], threshold_cell or threshold)
        chain[-1:] = [entry] if t == 0 else [chain[-1], entry]
    expected = periods(inputs)
    row = section(cells, ws, row, "Rating periods (between revaluations)")
    row = headers(
        cells, ws, row, ("Rating period", "From", "RV factor (cumulative)", "Threshold in force (£ RV)"), right_from=3
    )
    spans = []
    for p, ((t, factors, threshold), (_, factor, value, _)) in enumerate(zip(chain, expected)):
        cells.text(ws, row, 1, f"Period {p + 1}", LABEL)
        cells.text(ws, row, 2, fy_label(inputs.start_year + t), LABEL)
        if factors:
            cells.formula(ws, row, 3, "=" + "*".join(factors), _first(factor), FACTOR, HELPER)
        else:
            cells.number(ws, row, 3, 1.0, FACTOR, HELPER)
        if threshold is not None:
            cells.formula(ws, row, 4, f"={threshold}", _first(value), GBP, HELPER)
        spans.append((t, f"$C${row}", f"$D${row}" if threshold is not None else None))
        row += 1
    return row + 1, spans


def _provenance(cells: Cells, ws: Worksheet, p: dict, row: int) -> int:
    row = section(cells, ws, row, "Rating list: the VOA's compiled list, read hereditament by hereditament")
    for label, key in PROVENANCE:
        value = p.get(key)
        shown = ", ".join(value) if isinstance(value, list) else ("not in the file name" if value is None else value)
        cells.text(ws, row, 1, label, LABEL)
        cells.text(ws, row, 2, f"{shown:,}" if isinstance(shown, int) and key != "list_year" else str(shown), LABEL)
        row += 1
    return row + 1


def _columns(rows: list[dict], n: int) -> dict[str, np.ndarray]:
    """Bands as band_columns gives them, from plain rows (the list's, counted)."""

    def stack(name: str) -> np.ndarray:
        return np.array([[np.inf if r[name] is None else _first(r[name]) for r in rows]] * n, dtype=float)

    return {
        "lower": stack("lower"),
        "upper": stack("upper"),
        "count": stack("hereditaments"),
        "rv": stack("rateable_value"),
    }


def _bands(
    cells: Cells, ws: Worksheet, inputs: Inputs, spans: list, row: int, rows: list, title: str
) -> tuple[int, list[tuple[str, str]], dict]:
    bands = band_columns(inputs) if inputs.rows("bands") else _columns(rows, inputs.n)
    expected = [split(bands, p[2], p[1]) for p in periods(inputs)]
    row = section(cells, ws, row, title)
    names = [
        "Band",
        "Lower bound (£ RV)",
        "Upper bound (£ RV)",
        "Hereditaments",
        "Rateable value",
        "Average RV outside the band",
    ]
    names += [f"Period {p + 1}: {what}" for p in range(len(spans)) for what in PER_PERIOD]
    header = row
    row = headers(cells, ws, row, names, right_from=2)
    ws.row_dimensions[header].height = 40
    first, gaps = row, _average_gaps(bands)
    for i, r in enumerate(rows):
        _band_row(cells, ws, row, i, r, spans, expected, gaps[i])
        row += 1
    last = row - 1
    cells.text(ws, row, 1, "All bands", TOTAL)
    for col in range(4, 7 + 3 * len(spans)):
        if col == 6:
            continue
        letter = get_column_letter(col)
        figure = _column_total(col, bands, expected)
        cells.formula(
            ws,
            row,
            col,
            f"=SUM({letter}{first}:{letter}{last})",
            figure,
            COUNT if col in _counts(spans) else GBP,
            TOTAL,
        )
    total_row = row
    row += 1
    cells.text(ws, row, 1, "Tie-out: liable RV + RV at or below the threshold − revalued RV", LABEL)
    ties = []
    for p, (_, factor, _) in enumerate(spans):
        rv, below = (get_column_letter(8 + 3 * p + k) for k in (0, 1))
        gap = expected[p]["rv"].sum() + expected[p]["below"].sum() - expected[p]["total"].sum()
        cells.formula(
            ws,
            row,
            8 + 3 * p,
            f"={rv}{total_row}+{below}{total_row}-$E${total_row}*{factor}",
            gap,
            GBP,
            HELPER,
            money=True,
        )
        ties.append(f"ABS({rv}{row})")
    base = [
        (f"${get_column_letter(7 + 3 * p)}${total_row}", f"${get_column_letter(8 + 3 * p)}${total_row}")
        for p in range(len(spans))
    ]
    checks = {
        "liable_rv_tie_out": f'=IF(MAX({",".join(ties)})<=0.01,"OK","FAIL")',
        "band_averages": f'=IF(MAX(F{first}:F{last})<=0.01,"OK","FAIL")',
    }
    return row + 2, base, checks


def _counts(spans: list) -> set[int]:
    return {4} | {7 + 3 * p for p in range(len(spans))}


def _column_total(col: int, bands: dict, expected: list) -> float:
    if col == 4:
        return float(bands["count"].sum())
    if col == 5:
        return float(bands["rv"].sum())
    p, k = divmod(col - 7, 3)
    return float(expected[p][("count", "rv", "below")[k]].sum())


def _average_gaps(b: dict) -> list[float]:
    """Each band's average RV outside its bounds, as models.brs.bands.average_gap takes the worst of."""
    with np.errstate(divide="ignore", invalid="ignore"):
        avg = b["rv"] / b["count"]
        gap = np.maximum(np.maximum(b["lower"] - avg, avg - b["upper"]), 0.0)
    return np.where(b["count"] > 0, gap, np.where(b["rv"] > 0, b["rv"], 0.0))[0].tolist()


def _band_row(cells: Cells, ws: Worksheet, row: int, i: int, r: dict, spans: list, expected: list, gap: float) -> None:
    is_open = r["upper"] is None
    cells.text(ws, row, 1, f"Band {i + 1}", LABEL)
    cells.number(ws, row, 2, _first(r["lower"]), GBP, INPUT)
    if is_open:
        cells.text(ws, row, 3, "", INPUT)
    else:
        cells.number(ws, row, 3, _first(r["upper"]), GBP, INPUT)
    cells.number(ws, row, 4, _first(r["hereditaments"]), INTEGER, INPUT)
    cells.number(ws, row, 5, _first(r["rateable_value"]), GBP, INPUT)
    above = "" if is_open else f",$E{row}/$D{row}-$C{row}"
    cells.formula(
        ws,
        row,
        6,
        f"=IF($D{row}>0,MAX($B{row}-$E{row}/$D{row}{above},0),IF($E{row}>0,$E{row},0))",
        gap,
        GBP,
        HELPER,
        money=True,
    )
    for p, (_, f, threshold) in enumerate(spans):
        col = 7 + 3 * p
        s = expected[p]
        if is_open:
            forms = (f"=$D{row}", f"=$E{row}*{f}", "=0")
        else:
            a, b = f"$B{row}*{f}", f"$C{row}*{f}"
            t = f"MIN(MAX({threshold},{a}),{b})"
            span = f"(({b}-{a})*({b}+{a}))"
            forms = (
                f"=$D{row}*({b}-{t})/({b}-{a})",
                f"=$E{row}*{f}*({b}-{t})*({b}+{t})/{span}",
                f"=$E{row}*{f}*({t}-{a})*({t}+{a})/{span}",
            )
        for k, (formula, key) in enumerate(zip(forms, ("count", "rv", "below"))):
            cells.formula(ws, row, col + k, formula, float(s[key][0, i]), COUNT if k == 0 else GBP)


def authorities(cells: Cells, ws: Worksheet, inputs: Inputs, row: int) -> tuple[int, list[list[str]]]:
    """Each billing authority's hereditaments, RV and liable RV in each period (the planner's
    figures from the list, which the workbook does not hold); returns the next row and each
    authority's liable RV cells, one per period."""
    rl, spans = inputs.rating_list, periods(inputs)
    parts = [liable(rl, _first(threshold), _first(factor))["by_authority"][0] for _, factor, threshold, _ in spans]
    row = section(cells, ws, row, "Split by billing authority: each collects the supplement in its area")
    names = ["Billing authority", "Code", "Hereditaments", "Rateable value"]
    names += [f"Period {p + 1}: liable RV (£ RV)" for p in range(len(spans))]
    row = headers(cells, ws, row, names, right_from=3)
    first, out = row, []
    for a, code in enumerate(rl.authorities):
        rv, cum = rl.by_authority[a]
        cells.text(ws, row, 1, rl.names.get(code, code), LABEL)
        cells.text(ws, row, 2, code, LABEL)
        cells.number(ws, row, 3, int(rv.size), INTEGER, HELPER)
        cells.number(ws, row, 4, cum[-1] / 100.0, GBP, HELPER)
        for p in range(len(spans)):
            cells.number(ws, row, 5 + p, float(parts[p][a]), GBP, HELPER)
        out.append([f"${get_column_letter(5 + p)}${row}" for p in range(len(spans))])
        row += 1
    cells.text(ws, row, 1, "All billing authorities", TOTAL)
    totals = [(3, float(rl.rv.size), INTEGER), (4, rl.total, GBP)]
    totals += [(5 + p, float(parts[p].sum()), GBP) for p in range(len(spans))]
    for col, figure, fmt in totals:
        letter = get_column_letter(col)
        cells.formula(ws, row, col, f"=SUM({letter}{first}:{letter}{row - 1})", figure, fmt, TOTAL)
    return row + 2, out
