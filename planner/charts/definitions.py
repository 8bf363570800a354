"""What each model's charts show: the mechanism's own charts where it declares them
(planner/charts/mechanisms.py), else the main flows and balances of its annual table. Read by the
app and the board pack alike.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from models.core.declare import LineItem
from models.core.result import Result
from planner.charts.kinds import PALETTE, ChartDef, Series, line, short_money, years_of
from planner.charts.mechanisms import BUILDERS
from planner.registry import get_spec

__all__ = ["ChartDef", "Series", "charts_for", "main_lines", "short_money"]
MAX_FLOWS, MAX_BALANCES = 5, 3


def charts_for(result: Result, inputs: dict) -> list[ChartDef]:
    """The charts of one run's result."""
    builder = BUILDERS.get(result.model)
    return builder(result, inputs) if builder else generic(result)


def main_lines(result: Result) -> tuple[list[str], list[str]]:
    """The largest money flows (summed over the years) and balances (at their largest), in the
    table's order; per-row lines (a council, a source) are parts of a total and left out."""
    spec = get_spec(result.model)
    annual = result.annual
    money = [x for x in spec.lines if x.unit == "£" and x.name in annual.columns]

    def largest(candidates: list[LineItem], how: Callable[[np.ndarray], Any], count: int) -> list[str]:
        sizes = {x.name: float(how(np.abs(np.nan_to_num(annual[x.name].to_numpy(dtype=float))))) for x in candidates}
        kept = sorted((x.name for x in candidates if sizes[x.name] > 0), key=lambda k: -sizes[k])[:count]
        return [x.name for x in candidates if x.name in kept]

    return (
        largest([x for x in money if x.total], np.sum, MAX_FLOWS),
        largest([x for x in money if not x.total], np.max, MAX_BALANCES),
    )


def generic(result: Result) -> list[ChartDef]:
    """For a mechanism with no charts of its own: its main flows as bars, its balances as lines."""
    spec = get_spec(result.model)
    years = years_of(result)
    flows, balances = main_lines(result)
    charts = []
    for keys, kind, title in ((flows, "bar", "Main annual flows"), (balances, "line", "Balances at the year end")):
        if keys:
            series = [line(result, k, spec.line(k).label, kind, PALETTE[i % len(PALETTE)]) for i, k in enumerate(keys)]
            charts.append(ChartDef(title, "£", years, series))
    return charts
