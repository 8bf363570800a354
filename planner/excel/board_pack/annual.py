"""One sheet per scenario and run: the annual table, its key figures, its checks and charts.

The Business Rate Supplement and the Housing First profile are recomputed by the workbook
itself from an inputs block on the sheet (planner.excel.board_pack.brs, planner.excel.board_pack.hf):
dual running, with each figure beside the planner's. Other models' annual lines are the
planner's figures, written as values; their totals and present values are formulas, and a
key figure that is one of those totals is a reference to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from models.core.finance import green_book_factors
from models.core.result import Outcome, Result
from planner.excel.board_pack.blocks import (
    Figure,
    LiveCheck,
    inputs_block,
    section,
)
from planner.excel.board_pack.grid import Grid, Line
from planner.excel.board_pack.styles import FACTOR, PCT
from planner.project import paths
from planner.project.scenario_file import RunDef

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from models.core.declare import ModelSpec
    from planner.excel.board_pack.cells import Cells

RATE = "appraisal_rate"  # the declared name of a run's Green Book rate, where it has one


@dataclass
class RunContext:
    scenario: str
    run: RunDef  # the scenario's copy of the run, changes applied
    outcome: Outcome
    result: Result
    log: dict  # the run's assumptions log: {input path: Assumption}

    @property
    def spec(self) -> ModelSpec:
        return self.outcome.spec

    def value(self, name: str) -> Any:
        return paths.get_value(self.spec, self.run.inputs, name)

    def source(self, name: str) -> str:
        entry = self.log.get(name)
        if entry is not None and entry.source:
            return entry.source
        try:
            return self.spec.field(name).source
        except KeyError:
            return self.spec.table(name).source

    def input_item(self, name: str, value: Any = None) -> tuple:
        """(name, label, value, unit, fmt, source) of a declared scalar input."""
        f = self.spec.field(name)
        return (name, f.label, self.value(name) if value is None else value, f.unit, f.fmt, self.source(name))


@dataclass
class Plan:
    """What a model's builder hands back: the table (laid out, not yet written), its key figures
    and its own checks, and a note on how the sheet is worked out."""

    grid: Grid
    figures: list[Figure]
    checks: list[LiveCheck]
    note: str
    last_col: int = 0  # the last column the blocks above the table use, if beyond the table's


# ---- the generic sheet ----------------------------------------------------------------------


def build_generic(cells: Cells, ws: Worksheet, ctx: RunContext, row: int) -> Plan:
    rate = _rate(ctx)
    where: dict[str, str] = {}
    if rate is not None:
        row = section(cells, ws, row, "Discounting")
        row, where = inputs_block(cells, ws, row, [ctx.input_item(RATE)])
    lines = discount_lines(where[RATE], rate, len(ctx.result.annual)) if rate is not None else []
    lines += model_lines(ctx.spec, ctx.result, discounted=rate is not None)
    row = section(cells, ws, row, "Annual figures (the planner's; totals and present values are formulas)")
    grid = Grid(list(ctx.result.annual.index), lines, row, discount="df")
    found = totals(grid)
    figures = [
        Figure(k, ctx.spec.metric_info(k).label, ctx.spec.metric_info(k).kind, v, derived(k, v, found))
        for k, v in ctx.result.summary.items()
    ]
    note = (
        "Annual lines are the planner's figures. Totals, sub-totals and present values are formulas over "
        "them; a key figure that is one of those totals refers to it."
    )
    return Plan(grid, figures, [], note)


def _rate(ctx: RunContext) -> float | None:
    """The Green Book rate for a PV column of cash lines, or None: a run whose model appraises in
    real terms (it declares a discount base year) shows its PVs on the Appraisal sheet instead."""
    names = {f.name for f in ctx.spec.fields}
    if RATE not in names or "discount_base_year" in names:
        return None
    try:
        ctx.spec.field(RATE)
    except KeyError:
        return None
    value = ctx.value(RATE)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def discount_lines(rate_cell: str, rate: float, horizon: int) -> list[Line]:
    """The Green Book schedule as rows: each year's step from the 0-30 year rate (values, from the
    planner's schedule) and the end-of-year discount factor (formulas over the rate)."""
    base = green_book_factors(np.array([0.0]), horizon)[0]
    steps = np.round(np.concatenate([[1.0 / base[0]], base[:-1] / base[1:]]) - 1.0, 10)

    def factor(g: Grid, t: int) -> str:
        before = "1" if t == 0 else g.cell("df", t - 1)
        return f"={before}/(1+{rate_cell}+{g.cell('gb_step', t)})"

    return [
        Line("gb_step", "Green Book step from the 0-30 year rate", "%", values=steps, kind="helper", fmt=PCT),
        Line(
            "df",
            "Discount factor (end of year)",
            "factor",
            formula=factor,
            expected=green_book_factors(np.array([rate]), horizon)[0],
            kind="helper",
            fmt=FACTOR,
        ),
    ]


def model_lines(spec: ModelSpec, result: Result, discounted: bool) -> list[Line]:
    """The model's lines as values, per-row lines (a council, a source) grouped with a sub-total."""
    annual, out, done = result.annual, [], set()
    for key in annual.columns:
        prefix, _, row = key.partition(":")
        if not row:
            out.append(value_line(spec, key, annual[key].to_numpy(), discounted))
        elif prefix not in done:
            done.add(prefix)
            members = [k for k in annual.columns if k.partition(":")[0] == prefix and ":" in k]
            out += [value_line(spec, k, annual[k].to_numpy(), discounted) for k in members]
            if spec.line_info(members[0]).unit.startswith("£"):  # ratios by row do not add up
                out.append(subtotal(spec, prefix, members, annual[members].to_numpy().T, discounted))
    return out


def value_line(spec: ModelSpec, key: str, values: np.ndarray, discounted: bool) -> Line:
    info = spec.line_info(key)
    return Line(
        key,
        info.label,
        info.unit,
        values=values,
        total=info.total,
        pv=discounted and info.total and info.unit.startswith("£"),
    )


def subtotal(spec: ModelSpec, prefix: str, members: list[str], values: np.ndarray, discounted: bool) -> Line:
    """The sum of a group of per-row lines, year by year: a formula over the rows above it."""
    decl = next((x for x in spec.dynamic_lines if x.name == prefix), None)
    label = decl.label if decl else prefix
    unit, total = (decl.unit, decl.total) if decl else ("£", True)
    first, last = members[0], members[-1]
    return Line(
        f"subtotal:{prefix}",
        f"{label}: sum of the {len(members)} lines above",
        unit,
        formula=lambda g, t: f"=SUM({g.down(first, last, t)})",
        expected=np.nansum(values, axis=0),
        total=total,
        pv=discounted and total and unit.startswith("£"),
        kind="subtotal",
    )


def totals(grid: Grid) -> list[tuple[str, str, float]]:
    """Every total and present value on the table: (line, cell, the planner's figure)."""
    found = []
    for line in grid.lines:
        if line.kind == "helper":
            continue
        figures = line.figures
        if line.total:
            found.append((line.key, grid.total_cell(line.key), float(np.nansum(figures))))
        if line.pv and grid.pv_col:
            found.append((line.key, grid.pv_cell(line.key), float(np.nansum(figures * grid.by_key["df"].figures))))
    return found


def derived(metric: str, value: Any, found: list[tuple[str, str, float]]) -> str | None:
    """A reference to the total or present value a metric equals, if it is one of them.

    Matched by value (to a billionth part, and never for a figure under 50p, where a chance
    match is likely), preferring a line whose name shares a word with the metric's.
    """
    if not isinstance(value, float) or not np.isfinite(value) or abs(value) < 0.5:
        return None
    close = [(key, cell) for key, cell, x in found if abs(x - value) <= 1e-9 * abs(value)]
    words = set(metric.split("_"))
    close.sort(key=lambda kc: not words & set(kc[0].split("_")))
    return f"={close[0][1]}" if close else None
