"""The prudential indicators of a run that computes them (a programme: models.programme.prudential)
as plain data: the limits entered by year, and the chart of external debt, the capital financing
requirement and the liability benchmark against the operational boundary, the authorised limit
and the debt cap agreed with HM Treasury (each drawn as a line over the years it is set).

Nothing is computed here that the model did not: the figures are the run's annual lines and the
limits as entered (`limits` table), so the view and any sheet show the model's own numbers.
"""

from __future__ import annotations

import numpy as np

from models.core.result import Result
from models.core.timeline import fy_start
from models.programme.prudential import CHECKS
from planner.charts.kinds import BLUE, ORANGE, PURPLE, RED, SKY, ChartDef, Series, line, years_of
from planner.project.paths import get_value
from planner.registry import get_spec

TABLE = "limits"
# each debt limit, the check that tests external debt against it (the model's order), and its colour
DEBT_LIMITS = tuple(
    zip(
        ("operational_boundary", "authorised_limit", "debt_cap"), (name for name, _ in CHECKS), (PURPLE, RED, "#000000")
    )
)


def has_indicators(result: Result | None) -> bool:
    """The run reports the prudential indicators (its model declares the limits table and the lines)."""
    if result is None or not {"cfr", "liability_benchmark", "closing_debt"} <= set(result.annual.columns):
        return False
    return any(t.name == TABLE for t in get_spec(result.model).tables)


def limits(result: Result, inputs: dict) -> dict[str, np.ndarray]:
    """Each column of the limits table on the run's years; NaN where nothing is entered."""
    spec = get_spec(result.model)
    years = [fy_start(y) for y in years_of(result)]
    columns = [c.name for c in spec.table(TABLE).columns if c.name != "year"]
    out = {name: np.full(len(years), np.nan) for name in columns}
    for row in get_value(spec, inputs, TABLE) or []:
        year = fy_start(row["year"])
        if year in years:
            for name in columns:
                if row.get(name) is not None:
                    out[name][years.index(year)] = float(row[name])
    return out


def debt_chart(result: Result, inputs: dict) -> ChartDef:
    """External debt, the CFR and the liability benchmark, with every debt limit entered as a dashed line."""
    spec = get_spec(result.model)
    entered = limits(result, inputs)
    series = [
        line(result, "cfr", spec.line("cfr").label, "bar", SKY),
        line(result, "closing_debt", "External debt", "line", BLUE),
        line(result, "liability_benchmark", spec.line("liability_benchmark").label, "line", ORANGE, dash="dot"),
    ]
    for name, _check, colour in DEBT_LIMITS:
        if np.isfinite(entered[name]).any():
            label = spec.table(TABLE).column(name).label
            series.append(Series(label, entered[name], "line", colour, dash="dash"))
    missing = [
        spec.table(TABLE).column(n).label.lower() for n, _c, _k in DEBT_LIMITS[:2] if not np.isfinite(entered[n]).any()
    ]
    note = f"No {' or '.join(missing)} entered" if missing else ""
    return ChartDef("External debt against its limits", "£", years_of(result), series, note=note)
