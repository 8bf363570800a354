"""The new-build programme by year: each row's spend spread over its build years, the rows as
columns of numbers, and a value of every row added up in the year it falls in (with the extra
homes a year the solvers vary)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from models.core.validation import Inputs
from models.hra.same import derived, room, rows, stack


def spending(x: Inputs, rows: list) -> list:
    """Each row's spend by year: a new build's cost spread evenly over its build years, up to and
    including the year it completes (what falls before the plan is already spent and left out);
    an acquisition's in the year it is bought."""
    out = []
    for r in rows:
        years, spread = spend_years(x, r)
        out += [r | {"year": year, "years": spread} for year in years]
    return out


def spend_years(x: Inputs, row: dict) -> tuple[list[int], int]:
    """The years a new-build row's spend falls in (`spending`), latest first, and the number of
    years it is spread over."""
    spread = 1 if row["kind"] == "acquisition" else row["build_years"]
    return [row["year"] - k for k in range(spread) if row["year"] - k >= x.start_year], spread


LINES: dict[str, tuple[str, Callable[[dict], np.ndarray]]] = {
    # a line of the programme: the rows it is counted on (as built, or as spent), and each row's value
    "built": ("rows", lambda r: r["units"]),
    "replacing": ("rows", lambda r: r["units"] * r["counts"]),
    "let": ("rows", lambda r: r["units"] * r["weekly_rent"]),
    "cost": ("spent", lambda r: r["units"] * r["cost_per_unit"] / r["years"]),
    "replacing cost": ("spent", lambda r: r["units"] * r["cost_per_unit"] * r["counts"] / r["years"]),
    "grant": ("spent", lambda r: r["units"] * r["cost_per_unit"] * r["grant_share"] / r["years"]),
}


def programme(x: Inputs) -> dict[str, tuple[list[int], np.ndarray, np.ndarray | None]]:
    """Each of the programme's `LINES` as (the years its rows fall in, each row's value, (R, m),
    and those years as an index when no two rows fall in the same year, else None), for
    `by_year`; and "all replacing", whether every home counts towards Right to Buy replacement
    (worked out once for the new-build table as it is; read-only)."""
    return derived(x, "new_build", ("programme", x.start_year), lambda: _programme(x))


def _programme(x: Inputs) -> dict:
    builds = [r | {"counts": float(r["replacement"])} for r in rows(x, "new_build")]
    built = columns(x, builds)
    on = {"rows": built, "spent": spent(x, builds, built)}
    out: dict = {"all replacing": all(r["replacement"] for r in builds)}
    for line, (where, value) in LINES.items():
        years = on[where]["year"]
        values = one_row(value(on[where])) if years else np.zeros((0, 1))
        values.flags.writeable = False
        index = np.array(years, dtype=np.intp) if len(set(years)) == len(years) else None
        out[line] = years, values, index
    return out


def by_year(x: Inputs, line: tuple, extra: np.ndarray, full: np.ndarray) -> np.ndarray:
    """A line of the `programme`, each row's value added up in the year it falls in, then `extra`
    in each year of extra homes: 0 + rows + extra, in that order (adding nothing to the other
    years leaves them as they are). Every row's value worked at once, (R, m), added in the rows'
    order (np.add.at adds one at a time; where no two rows share a year, each year's 0 + its one
    value is set at once). In `full` (T, n), or a new (T, 1) when the same in every trial."""
    horizon = len(full)
    first = 0 if x.extra_first_year is None else x.extra_first_year - x.start_year
    stop = horizon if x.extra_years is None else min(first + x.extra_years, horizon)
    years, values, index = line
    out = room(full, extra, values)
    out[:first] = 0.0
    out[stop:] = 0.0
    if stop > first:
        np.add(0.0, extra, out=out[first:stop])
    if years:
        distinct = years if index is not None else list(dict.fromkeys(years))
        if index is not None:
            out[index] = np.add(0.0, values)
        else:
            out[distinct] = 0.0
            np.add.at(out, years, values)
        extras = [y for y in distinct if first <= y < stop]
        if extras:
            out[extras] += extra
    return out


def columns(x: Inputs, rows: list[dict]) -> dict:
    """New-build rows as columns: each number (R, m), the years as offsets into the plan."""
    out: dict = {"year": [r["year"] - x.start_year for r in rows]}
    if rows:
        out |= {k: stack([r[k] for r in rows]) for k in rows[0] if k not in ("year", "kind", "replacement")}
    return out


def spent(x: Inputs, builds: list[dict], built: dict) -> dict:
    """`columns` of the rows' spend by year (`spending`): each spend row's values taken from its
    new-build row's column in `built` (`columns` of the rows), with the year it falls in and the
    years it is spread over."""
    if not builds:
        return {"year": []}
    which, years, spread = [], [], []
    for i, row in enumerate(builds):
        at, over = spend_years(x, row)
        which += [i] * len(at)
        years += [year - x.start_year for year in at]
        spread += [float(over)] * len(at)
    out = {k: v[which] for k, v in built.items() if k != "year"}
    return out | {"year": years, "years": np.array(spread).reshape(-1, 1)}


def one_row(values: np.ndarray) -> np.ndarray:
    """Rows' values, (R, m): their first column alone, (R, 1), when every trial has exactly those
    values (bit for bit; `models.hra.same.one` for each row)."""
    if values.shape[1] > 1:
        bits = np.ascontiguousarray(values).view(np.int64)
        if (bits == bits[:, :1]).all():
            return values[:, :1]
    return values
