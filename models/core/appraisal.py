"""Appraisal apart from financing: cash to real terms, Green Book discounting, NPSV, BCR, additionality.

Financing stays in cash (nominal) at the borrowing rate (`models.core.finance`). An appraisal of
social value works in real base-year prices and discounts at the Green Book's social time
preference rate. The two must not be mixed: a cash flow that grows with inflation discounted at
a real rate overstates its value.

Conventions (docs/appraisal.md gives the sources):
- Real terms: real_t = cash_t * index[price base] / index_t, with the deflator index built from
  annual GDP-deflator growth rates (index = 1 in the first year modelled, then compounding).
  HM Treasury Green Book (2020/2022 edition) paras 5.11-5.12 and Table 1; chapter 6 of the
  2026 edition.
- Discounting: the discount base year is year 0, undiscounted (factor 1.000); a year t after it
  has DF_t = 1 / prod_{k=1..t} (1 + r_k), r_k from the declining schedule (3.5% for years 1-30,
  3.0% for 31-75, ...), so the rate for years 31-75 applies only to the years beyond 30.
  A year before the discount base year is carried forward at the first rate, DF = (1 + r_1) ** |t|.
- Additionality, HCA/English Partnerships Additionality Guide: net additional impact
  AI = [GI (1-L)(1-Dp)(1-S) M] - [GI* (1-L*)(1-Dp*)(1-S*) M*]; deadweight is the reference
  case (*) subtracted, not a factor.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from models.core.declare import Field
from models.core.finance import col, green_book_by_year
from models.core.years import running_total

GREEN_BOOK_RATE = 0.035  # years 0-30; the schedule's later rates are steps down from it
DISCOUNT_SOURCE = (
    "HM Treasury Green Book discount rates by 'years from current year' (DfT TAG, 'Forthcoming change: "
    "Green Book updates', 16 April 2026, https://www.gov.uk/government/publications/tag-forthcoming-changes/"
    "forthcoming-change-green-book-updates; checked 3 December 2026)"
)
DISCOUNT_BASE_HELP = (
    "Year 0 of discounting, undiscounted (factor 1.000); later years discount, earlier years compound; "
    "empty: the first year modelled."
)


def base_year(name: str, label: str, group: str, help_text: str, source: str) -> Field:
    """An appraisal's base year (of prices, or of discounting): empty means the first year modelled."""
    return Field(
        name,
        label,
        "year",
        None,
        1990,
        2200,
        fmt="year",
        structural=True,
        optional=True,
        group=group,
        help=help_text,
        source=source,
    )


def deflator_index(growth: np.ndarray) -> np.ndarray:
    """The price index (n, T) from each year's deflator growth (n, T): 1 in year 0, then compounding.

    Year 0's own growth is not used: the index is relative to the first year modelled. It is
    held years-first (models.core.years), so the running sum of the years' logs adds whole years;
    a growth rate the same in every year (one column spread over the years) has its log taken once.

    >>> deflator_index(np.array([[0.5, 0.02, 0.02]])).round(6).tolist()
    [[1.0, 1.02, 1.0404]]
    """
    growth = np.atleast_2d(np.asarray(growth, dtype=float))
    rows, horizon = growth.shape
    steps = np.empty((horizon, rows))
    steps[:1] = 0.0
    level = horizon > 1 and growth.strides[1] == 0
    steps[1:] = np.log1p(growth[:, 1:2] if level else growth[:, 1:]).T
    logs = running_total(steps.T, out=steps.T)
    return np.exp(logs, out=logs)


def to_real(cash: np.ndarray, index: np.ndarray, price_base: int) -> np.ndarray:
    """Cash (nominal) amounts (n, T) in the prices of year index `price_base`.

    Green Book Table 1 (2% deflator): £1,000 a year in cash is £1,000, £980, £961 ... in year-0 prices.

    >>> to_real(np.array([[1000.0, 1000.0, 1000.0]]), deflator_index(np.full((1, 3), 0.02)), 0).round(0).tolist()
    [[1000.0, 980.0, 961.0]]
    """
    index = np.asarray(index, dtype=float)
    return np.asarray(cash, dtype=float) * (index[:, price_base : price_base + 1] / index)


def discount_factors(rate: ArrayLike, horizon: int, base: int) -> np.ndarray:
    """Green Book factors (n, T) for years 0 … horizon-1 with year index `base` undiscounted.

    `rate` is the rate for the first 30 years after the base (3.5%); later years step down as in
    `models.core.finance.green_book_factors`, compounding across each boundary.

    One rate for every trial gives one row, read-only: the last such row worked at that rate
    (a run's factors depend on nothing else, and a single run would otherwise spend a tenth of
    its time on them).

    >>> discount_factors(np.array([0.035]), 3, 1).round(6).tolist()
    [[1.035, 1.0, 0.966184]]
    """
    r = col(rate)
    if r.shape[0] == 1:
        return _one_rate_factors(float(r[0, 0]), horizon, base)
    return _factors(r, horizon, base)


@functools.lru_cache(maxsize=64)
def _one_rate_factors(rate: float, horizon: int, base: int) -> np.ndarray:
    out = _factors(col(rate), horizon, base)
    out.flags.writeable = False  # shared by every caller at this rate
    return out


def _factors(r: np.ndarray, horizon: int, base: int) -> np.ndarray:
    after = max(horizon - 1 - base, 0)
    ahead = green_book_by_year(r, after).T if after else np.ones((r.shape[0], 0))
    before = np.exp(np.arange(base, 0, -1)[None, :] * np.log1p(r)) if base > 0 else np.ones((r.shape[0], 0))
    return np.concatenate([before[:, : max(base, 0)], np.ones((r.shape[0], 1)), ahead], axis=1)[:, :horizon]


def present_value_real(
    cash: np.ndarray, index: np.ndarray, price_base: int, rate: ArrayLike, discount_base: int
) -> np.ndarray:
    """PV (real, Green Book) per trial (n,): deflated to the price base, then discounted."""
    real = to_real(cash, index, price_base)
    return np.sum(real * discount_factors(rate, real.shape[1], discount_base), axis=1)


def npsv(pv_benefits: np.ndarray, pv_costs: np.ndarray) -> np.ndarray:
    """Net present social value: PV of benefits less PV of costs."""
    return np.asarray(pv_benefits, dtype=float) - np.asarray(pv_costs, dtype=float)


def bcr(pv_benefits: np.ndarray, pv_costs: np.ndarray) -> np.ndarray:
    """Benefit-cost ratio; NaN where there are no costs to divide by.

    >>> bcr(np.array([3.0, 1.0]), np.array([2.0, 0.0])).tolist()
    [1.5, nan]
    """
    b, c = np.asarray(pv_benefits, dtype=float), np.asarray(pv_costs, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(c > 0, b / np.where(c > 0, c, 1.0), np.nan)


@dataclass(frozen=True)
class Additionality:
    """The factors of one case (the scheme, or the reference case): each a trial vector or a float."""

    leakage: object = 0.0
    displacement: object = 0.0
    substitution: object = 0.0
    multiplier: object = 1.0


def additionality_chain(
    gross: ArrayLike, reference: ArrayLike, option: Additionality, ref: Additionality | None = None
) -> dict[str, np.ndarray]:
    """The Additionality Guide's steps, in its order, each an amount shaped like `gross`.

    `reference` is the gross impact of the reference case (deadweight: what would happen anyway).
    With no `ref` factors, the reference case takes the scheme's own. Returns the steps for a
    waterfall: gross, less deadweight, less leakage, less displacement, less substitution,
    plus multiplier, and `net` (= the Guide's AI).

    >>> c = additionality_chain(100.0, 20.0, Additionality(0.1, 0.25, 0.0, 1.2))
    >>> {k: round(float(v), 6) for k, v in c.items()}  # doctest: +NORMALIZE_WHITESPACE
    {'gross': 100.0, 'deadweight': -20.0, 'leakage': -8.0, 'displacement': -18.0, 'substitution': 0.0,
     'multiplier': 10.8, 'net': 64.8}
    """
    ref = ref or option
    g, g_ref = np.asarray(gross, dtype=float), np.asarray(reference, dtype=float)
    steps, before = {"gross": g, "deadweight": 0.0 - g_ref}, g - g_ref  # 0.0 - x: no "-0.0"
    for name in ("leakage", "displacement", "substitution", "multiplier"):
        a, b = np.asarray(getattr(option, name), dtype=float), np.asarray(getattr(ref, name), dtype=float)
        g, g_ref = (g * a, g_ref * b) if name == "multiplier" else (g * (1.0 - a), g_ref * (1.0 - b))
        steps[name] = (g - g_ref) - before
        before = g - g_ref
    steps["net"] = before
    return steps
