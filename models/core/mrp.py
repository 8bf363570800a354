"""Minimum Revenue Provision (England): the asset-life method, straight line or annuity.

The duty: SI 2003/3146 reg 27(1), as substituted by SI 2024/478 from 2025-26, to charge a
minimum amount to revenue "in respect of all capital expenditure financed by debt"; reg 28(1)
asks for an amount the authority "considers to be prudent". Reg 27(3): MRP may start in the
financial year after the expenditure, or, for an asset, the year after it "first becomes
available for use". The asset-life method (MHCLG statutory guidance on MRP, 5th edition,
Option 3) repays the debt over the asset's life in equal instalments or on an annuity basis.
HRA debt: the statutory guidance does not require MRP on housing assets; `hra=True` gives none.

`kernel` returns, for £1 of capital expenditure financed by debt, the MRP at each age
(years after the expenditure): nothing until the asset is in use, then the instalments.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from models.core.finance import col
from models.core.years import into

METHODS = ("annuity", "straight-line MRP")
CITATION = (
    "SI 2003/3146 reg 27(1) and (3) as substituted by SI 2024/478 (from 2025-26), reg 28(1); "
    "MHCLG Statutory guidance on MRP, 5th edition (10 April 2024), Option 3 asset life method "
    "(https://www.gov.uk/government/publications/capital-finance-guidance-on-minimum-revenue-provision-third-edition; "
    "checked 3 December 2026)"
)


def kernel(
    rate: ArrayLike, life: ArrayLike, method: str, horizon: int, delay: int = 0, hra: bool = False
) -> np.ndarray:
    """MRP at age k = 1 … horizon-1 on £1 financed by debt, years-first: (horizon - 1, n).

    The first instalment falls at age 1 + delay (`delay` = years from the expenditure until
    the asset is in use). Annuity: (a - r)(1 + r) ** (j - 1) in instalment j, a the level
    payment per £1 at `rate`, so MRP rises as the interest part falls; straight line: 1 / life.
    Both sum to £1 over `life` instalments.

    >>> kernel(0.1, 2, "annuity", 4).round(6).tolist()
    [[0.47619], [0.52381], [0.0]]
    >>> kernel(0.0, 2, "straight-line MRP", 5, delay=1).tolist()
    [[0.0], [0.5], [0.5], [0.0]]
    >>> kernel(0.05, 2, "annuity", 3, hra=True).tolist()
    [[0.0], [0.0]]
    """
    r, life = col(rate).T, col(life).T
    j = np.arange(1, horizon)[:, None] - delay  # the instalment number at each age
    if method == "annuity":  # exp(x log(1 + r)) is (1 + r) ** x at a fraction of the cost
        # worked in one array, in place: for a rate that differs by trial each step is a pass
        # over (T, n), and fresh arrays for each would double the kernel's cost
        power = np.multiply(j - 1, np.log1p(r))
        power = np.exp(power, out=power)
        out = into(power, np.multiply, annuity_per_pound(r, life) - r, power)
    else:
        out = np.broadcast_to(1.0 / life, (horizon - 1, life.shape[1]))
    if hra:
        return np.zeros_like(out * j)
    inside = (j >= 1) & (j <= life)
    if out.flags.writeable and np.broadcast_shapes(inside.shape, out.shape) == out.shape:
        np.copyto(out, 0.0, where=~inside)  # np.where(inside, out, 0.0), in place
        return out
    return np.where(inside, out, 0.0)


def annuity_per_pound(r: np.ndarray, life: np.ndarray) -> np.ndarray:
    """r / (1 - (1 + r) ** -life), written with log1p and expm1 so that a rate too small to
    change 1 + r still gives 1 / life.

    >>> annuity_per_pound(np.array([0.05, 0.0, 1e-200]), np.array([10.0, 4.0, 4.0])).round(6).tolist()
    [0.129505, 0.25, 0.25]
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(r == 0.0, 1.0 / life, r / -np.expm1(-life * np.log1p(r)))


def schedule(
    spend: np.ndarray, rate: ArrayLike, life: ArrayLike, method: str, delay: int = 0, hra: bool = False
) -> np.ndarray:
    """MRP (n, T) on debt-financed capital expenditure `spend` (n, T) within the horizon.

    >>> schedule(np.array([[100.0, 0.0, 0.0, 0.0]]), 0.0, 2, "straight-line MRP").tolist()
    [[0.0, 50.0, 50.0, 0.0]]
    """
    spend = np.atleast_2d(np.asarray(spend, dtype=float))
    horizon = spend.shape[1]
    k = kernel(rate, life, method, horizon, delay, hra)  # (T-1, n or 1)
    out = np.zeros_like(spend)
    for t in range(1, horizon):  # year t charges MRP on every earlier year's spend, by its age
        out[:, t] = np.einsum("nj,jn->n", spend[:, :t], np.broadcast_to(k[t - 1 :: -1], (t, spend.shape[0])))
    return out
