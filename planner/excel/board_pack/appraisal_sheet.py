"""The Appraisal sheet: each programme run's cash turned into real terms and discounted, live.

For the Baseline's programme runs (a run with `pv_sources_real`): the cash sources and uses by
year (the planner's figures, as values), the GDP deflator growth (inputs), then formulas for the
price index, the real amounts in price-base-year prices, the Green Book discount factors (the
discount base year 1.000; the schedule's steps as values) and the cash factors at the borrowing
rate, and the four PVs with the planner's figure beside each and whether they agree.
docs/appraisal.md gives the method and sources.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from openpyxl.utils import get_column_letter

from models.core.declare import ModelSpec
from models.core.finance import green_book_factors
from models.core.result import Outcome
from models.core.timeline import fy_start
from planner.excel.board_pack.blocks import agreement, by_run_sheet, headers, section
from planner.excel.board_pack.styles import FACTOR, GBP, LABEL, PCT, STATUS
from planner.project import paths
from planner.project.scenario_file import RunDef

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from planner.excel.board_pack.cells import Cells

FIRST = 3  # the first year's column
# short enough to stay whole where the second page across repeats only columns A and B
TITLE_TEXT = "Appraisal in real terms"
SUBTITLE_TEXT = "Cash to real terms, and the Green Book present values"


def has_appraisal(outcome: Outcome) -> bool:
    return "pv_sources_real" in outcome.summary


def write_appraisal_sheet(cells: Cells, ws: Worksheet, runs: list[tuple[RunDef, Outcome]], date: str) -> None:
    """`runs`: (RunDef, Outcome) of the Baseline's programme runs."""
    by_run_sheet(cells, ws, (TITLE_TEXT, SUBTITLE_TEXT), runs, _run_block, date, (44, 14))


def _value(spec: ModelSpec, run: RunDef, name: str) -> Any:
    return paths.get_value(spec, run.inputs, name)


def _growth(spec: ModelSpec, run: RunDef, start: int, horizon: int) -> list[float]:
    """The deflator growth by year, as the model takes it: the table's year, else the default rate."""
    rows = {fy_start(r["year"]): r["growth"] for r in _value(spec, run, "deflator") or []}
    default = float(_value(spec, run, "deflator_growth"))
    return [float(rows.get(start + t, default)) for t in range(horizon)]


def _year(spec: ModelSpec, run: RunDef, name: str, start: int) -> int:
    value = _value(spec, run, name)
    return start if value is None else fy_start(value)


def _run_block(cells: Cells, ws: Worksheet, row: int, run: RunDef, outcome: Outcome) -> int:
    spec, r = outcome.spec, outcome.trial(0)
    start, horizon = fy_start(_value(spec, run, "start_year")), len(outcome.years)
    price = _year(spec, run, "price_base_year", start) - start
    base = _year(spec, run, "discount_base_year", start) - start
    row = section(cells, ws, row, run.name)
    rate_row, cols = row, [get_column_letter(FIRST + t) for t in range(horizon)]
    for i, (label, name) in enumerate(
        (("Appraisal rate (years 0-30)", "appraisal_rate"), ("Borrowing rate", "borrowing_rate"))
    ):
        cells.text(ws, row + i, 1, label, LABEL)
        cells.number(ws, row + i, 2, float(_value(spec, run, name)), PCT)
    row += 3
    row = headers(cells, ws, row, ["Line", "PV / total", *outcome.years], right_from=2)
    at: dict[str, int] = {}

    def line(
        key: str,
        label: str,
        values: Sequence[float] | np.ndarray = (),
        formula: Callable[..., str] | None = None,
        expected: Sequence[float] | np.ndarray = (),
        fmt: str = GBP,
    ) -> None:
        nonlocal row
        at[key] = row
        cells.text(ws, row, 1, label, LABEL)
        for t, c in enumerate(cols):
            if formula is None:
                cells.number(ws, row, FIRST + t, values[t], fmt)
            else:
                cells.formula(ws, row, FIRST + t, formula(t, c), expected[t], fmt)
        row += 1

    sources, uses = r.annual["total_sources"].to_numpy(), r.annual["investment"].to_numpy()
    growth = _growth(spec, run, start, horizon)
    index = np.cumprod([1.0] + [1.0 + g for g in growth[1:]])
    line("sources", "Total sources (cash)", sources)
    line("uses", "Investment (cash)", uses)
    line("growth", "GDP deflator growth", growth, fmt=PCT)
    line(
        "index",
        "Price index",
        formula=lambda t, c: "=1" if t == 0 else f"={cols[t - 1]}{at['index']}*(1+{c}{at['growth']})",
        expected=index,
        fmt=FACTOR,
    )
    pb = f"${cols[price]}${at['index']}"
    for key, label, cash in (
        ("real_sources", "Total sources (real)", sources),
        ("real_uses", "Investment (real)", uses),
    ):
        src = at["sources" if key == "real_sources" else "uses"]
        line(
            key,
            f"{label}, {outcome.years[price]} prices",
            formula=lambda t, c, s=src: f"={c}{s}*{pb}/{c}{at['index']}",
            expected=cash * index[price] / index,
        )
    steps = _steps(horizon, base)
    line("step", "Green Book step from the 0-30 year rate", steps, fmt=PCT)
    rate, borrow = f"$B${rate_row}", f"$B${rate_row + 1}"
    real_df, cash_df = _factors(
        float(_value(spec, run, "appraisal_rate")), float(_value(spec, run, "borrowing_rate")), horizon, base
    )
    line(
        "df",
        "Discount factor (real, Green Book)",
        formula=lambda t, c: _df(t, c, base, cols, row_of=at, rate=rate, step=True),
        expected=real_df,
        fmt=FACTOR,
    )
    line(
        "cash_df",
        "Discount factor (cash at the borrowing rate)",
        formula=lambda t, c: _df(t, c, base, cols, row_of=at, rate=borrow, step=False, key="cash_df"),
        expected=cash_df,
        fmt=FACTOR,
    )
    span = lambda key: f"{cols[0]}{at[key]}:{cols[-1]}{at[key]}"  # noqa: E731  (a one-line range helper)
    row += 1
    row = headers(cells, ws, row, ["Present value", "Workbook", "Planner", "Agrees"], right_from=2)
    for metric, key, df in (
        ("pv_sources_real", "real_sources", "df"),
        ("pv_investment_real", "real_uses", "df"),
        ("pv_sources_cash", "sources", "cash_df"),
        ("pv_investment_cash", "uses", "cash_df"),
    ):
        cells.text(ws, row, 1, spec.metric_info(metric).label, LABEL)
        cells.formula(ws, row, 2, f"=SUMPRODUCT({span(key)},{span(df)})", r.summary[metric], GBP)
        cells.number(ws, row, 3, r.summary[metric], GBP)
        cells.formula(ws, row, 4, agreement(f"B{row}", f"C{row}"), "OK", None, STATUS)
        row += 1
    return row


def _steps(horizon: int, base: int) -> list[float]:
    """The schedule's step from the 0-30 year rate for the k-th year after the base (0 elsewhere)."""
    k = max(horizon - 1 - base, 0)
    factors = green_book_factors(np.array([0.0]), k)[0] if k else np.array([])
    ratios = np.concatenate([[1.0], factors[:-1]]) / factors if k else np.array([])
    return [0.0] * (base + 1) + list(np.round(ratios - 1.0, 10))


def _factors(rate: float, borrow: float, horizon: int, base: int) -> tuple[np.ndarray, np.ndarray]:
    from models.core.appraisal import discount_factors

    return discount_factors(np.array([rate]), horizon, base)[0], discount_factors(np.array([borrow]), horizon, base)[0]


def _df(t: int, c: str, base: int, cols: list[str], row_of: dict, rate: str, step: bool, key: str = "df") -> str:
    here = row_of[key]
    if t == base:
        return "=1"
    if t > base:
        extra = f"+{c}{row_of['step']}" if step else ""
        return f"={cols[t - 1]}{here}/(1+{rate}{extra})"
    return f"={cols[t + 1]}{here}*(1+{rate})"
