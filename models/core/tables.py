"""Table columns as arrays, dated columns as profiles on the years modelled, and trial shortcuts.

Every model reads its tables the same way: the cells of a numeric column stacked into an
(n, rows) array, and a dated column (rows with a `year`) summed into an (n, T) profile on the
model's years. These helpers do that once, so the models agree on how rows of the same year
add up and on which rows fall outside the years modelled.

Years cannot vary by trial (a year places flows), so a year column stays one row of ints.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

if TYPE_CHECKING:
    from models.core.validation import Inputs


def one_if_same(x: ArrayLike) -> np.ndarray:
    """A trial vector that holds one value in every trial, as that value alone (shape (1,)).

    Factors by year (indexation, discount factors, a repayment kernel) built from it are then
    computed once, on a (1, T) row that broadcasts, rather than for every trial. The results
    are bitwise the same: each element is computed from the same numbers either way.

    >>> one_if_same(np.array([0.02, 0.02, 0.02])).tolist(), one_if_same(np.array([0.0, 0.1])).tolist()
    ([0.02], [0.0, 0.1])
    """
    x = np.asarray(x, dtype=float).reshape(-1)
    if x.size and x.strides[0] == 0 and x[0] == x[0]:  # one number spread over the trials (not NaN)
        return x[:1]  # as validation gives an input entered once: no need to compare every trial
    return x[:1] if x.size and np.all(x == x[0]) else x


def table_arrays(inputs: Inputs, table: str) -> dict[str, np.ndarray]:
    """A table's numeric columns: years as (rows,) ints, every other column as (n, rows).

    After validation every numeric cell is an (n,) array, so stacking the cells directly is
    cheaper than `Inputs.col` (which broadcasts each cell first) when a model reads a whole table.
    Text columns are left out.
    """
    rows = inputs.rows(table)
    out: dict[str, np.ndarray] = {}
    for c in inputs.spec.table(table).columns:
        cells = [row[c.name] for row in rows]
        if c.fmt == "year":
            out[c.name] = np.asarray(cells, dtype=int).reshape(-1)
        elif c.numeric:
            out[c.name] = np.stack(cells, axis=1) if cells else np.zeros((inputs.n, 0))
    return out


def by_year(years: Iterable, amounts: np.ndarray, start_year: int, horizon: int) -> np.ndarray:
    """(n, rows) amounts dated by (rows,) `years`, laid out on the (n, T) timeline.

    Rows of the same year add up, in row order, so a total is the same to the last bit however
    a model reads its table. Rows dated outside the `horizon` years from `start_year` are left
    out: each model's cross-validation rejects them, or the model reports them itself.

    >>> by_year(np.array([2020, 2020, 2022, 2031]), np.array([[1., 2., 4., 8.]]), 2020, 3).tolist()
    [[3.0, 0.0, 4.0]]
    """
    amounts = np.asarray(amounts, dtype=float)
    return _laid_out(years, amounts.T, amounts.shape[0], start_year, horizon)


def dated_profile(inputs: Inputs, table: str, column: str) -> np.ndarray:
    """A dated table's `column` summed by its `year` column into an (n, T) profile.

    The table's years are placed on the model's years from `inputs.start_year`, as `by_year`
    places them: tranches, intake shares, an investment plan, floorspace delivered.
    """
    rows = inputs.rows(table)
    return _laid_out(
        [row["year"] for row in rows], [row[column] for row in rows], inputs.n, inputs.start_year, inputs.horizon
    )


def _laid_out(years: Iterable, cells: Iterable, n: int, start_year: int, horizon: int) -> np.ndarray:
    # One add per row: it keeps the row order, and for a few rows it is faster than a
    # (rows, T) matrix product, above all for many trials.
    out = np.zeros((n, horizon))
    for year, cell in zip(years, cells):
        t = int(year) - start_year
        if 0 <= t < horizon:
            out[:, t] += cell
    return out
