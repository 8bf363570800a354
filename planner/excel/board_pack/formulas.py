"""Rows of the sheets the workbook recomputes (Business Rate Supplement, Housing First), written
as formula templates: {line} is that line's cell in the same year, [input] an input's cell.

    rows = Rows(ctx, {"multiplier_pence": "$C$10", ...})
    rows.line("gross", "={liable_rv}*[multiplier_pence]/100")   # =C56*$C$10/100, =D56*$C$10/100, ...

Each row carries the planner's own figures, so every formula cell has one to agree with.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from planner.excel.board_pack.grid import Grid, Line
from planner.excel.board_pack.styles import YEAR

if TYPE_CHECKING:
    from models.core.validation import Inputs
    from planner.excel.board_pack.annual import RunContext


def scalar(inputs: Inputs, name: str) -> Any:
    """A validated input of the one trial a pack shows: a float, or the input as it is (an int, None)."""
    value = getattr(inputs, name)
    return float(np.ravel(value)[0]) if isinstance(value, np.ndarray) else value


class Year(dict):
    """The cells of one year, by line key, for str.format_map."""

    def __init__(self, grid: Grid, t: int) -> None:
        super().__init__()
        self.grid, self.t = grid, t

    def __missing__(self, key: str) -> str:
        return self.grid.cell(key, self.t)


class Rows:
    """Makes a model's rows from templates over its inputs' cells (`at`: input name → "$C$7")."""

    def __init__(self, ctx: RunContext, at: dict) -> None:
        self.ctx, self.at, self.annual = ctx, at, ctx.result.annual

    def f(self, template: str) -> Callable[[Grid, int], str]:
        """A formula for each year from a template (inputs filled in once, the year's cells per year)."""
        for name, cell in self.at.items():
            template = template.replace(f"[{name}]", cell)
        return lambda g, t: template.format_map(Year(g, t))

    def line(
        self,
        key: str,
        template: str | None = None,
        formula: Callable[[Grid, int], str | None] | None = None,
        pv: bool = True,
    ) -> Line:
        """A line of the model, worked out by a template (or a formula function), beside the planner's figures."""
        info = self.ctx.spec.line_info(key)
        if formula is None:
            assert template is not None  # a line has a template or a formula function
            formula = self.f(template)
        return Line(
            key,
            info.label,
            info.unit,
            formula=formula,
            expected=self.annual[key].to_numpy(),
            total=info.total,
            pv=pv and info.total and info.unit.startswith("£"),
        )

    @staticmethod
    def helper(
        key: str, label: str, unit: str, formula: Callable[[Grid, int], str | None], values: ArrayLike, fmt: str
    ) -> Line:
        """A step of the workbook's own calculation, with the figures the planner's helpers give for it."""
        return Line(key, label, unit, formula=formula, expected=np.asarray(values, dtype=float), kind="helper", fmt=fmt)

    def year(self, start_year: int, horizon: int) -> Line:
        """The calendar year each financial year starts in: the first year's input, then one more."""
        first = self.f("=[start_year]")
        return self.helper(
            "year",
            "Financial year starting (calendar year)",
            "year",
            lambda g, t: first(g, t) if t == 0 else f"={g.cell('year', t - 1)}+1",
            start_year + np.arange(horizon),
            YEAR,
        )


def running(flow: str, key: str) -> Callable[[Grid, int], str]:
    """A running total: this year's flow plus last year's total."""
    return lambda g, t: f"={g.cell(flow, t)}" if t == 0 else f"={g.cell(key, t - 1)}+{g.cell(flow, t)}"
