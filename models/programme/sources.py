"""Funding for Growth programme: the sources, each one named line of (n, T) amounts.

Three tables feed the sources:
- `streams`: a level annual amount for `years` years from `first_year`, indexed from its own
  first year: amount_t = annual_amount * (1 + indexation) ** (t - first), first <= t < first + years.
- `profile`: dated amounts (name, year, amount) typed or imported; rows that share a name form
  one irregular source, and rows of the same name and year add up.
- `links`: a line of another run in the same scenario file. The model cannot run other models:
  the planner passes the raw line, already placed on this programme's years, as
  `profiles[link name]` ((n, T), (1, T) or (T,)); this module multiplies it by `share`.

Choices MODELS.md leaves open:
- Amounts dated after the horizon are not counted in the programme; they are returned as
  `outside` so a check can name the source and the £ left out. Amounts dated before the
  programme's first year cannot be shown on its years and are errors.
- A linked profile may carry more trials than the programme's own inputs (a Monte Carlo run
  of the BRS feeding a plain programme): the programme then runs that many trials.
- `entered` is every source's full total as entered (a closed-form sum for a stream), computed
  apart from the annual lines so the tie-out check compares two routes to the same total.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from models.core import usual
from models.core.declare import Field, TableSpec
from models.core.errors import InputError, InputErrors
from models.core.finance import col
from models.core.tables import by_year, one_if_same
from models.core.timeline import fy_label
from models.core.validation import Inputs

GROUP = "Sources"
MONEY: dict[str, Any] = dict(fmt="gbp", low=0.0, high=1e12)
CAPITAL, REVENUE, RCCO = "capital", "revenue", "revenue contribution to capital"
KINDS = (CAPITAL, REVENUE, RCCO)
KIND_SOURCE = (
    "SI 2003/3146 (Local Authorities (Capital Finance and Accounting) (England) Regulations 2003): "
    "capital receipts and borrowing finance capital expenditure; revenue meets capital only as a "
    "declared revenue contribution (https://www.legislation.gov.uk/uksi/2003/3146; checked 3 December 2026)"
)


def kind_field(label: str = "Capital or revenue") -> Field:
    """The treatment of a source: capital, revenue, or revenue declared as a contribution to capital."""
    return Field(
        "kind",
        label,
        "",
        CAPITAL,
        fmt="choice",
        choices=KINDS,
        group=GROUP,
        help="Capital grants and receipts finance capital; revenue funds revenue costs, and capital only "
        "when declared a revenue contribution to capital.",
        source=KIND_SOURCE,
    )


STREAMS = TableSpec(
    "streams",
    "Funding streams (level profiles)",
    (
        Field("name", "Source", "", "", fmt="text", group=GROUP, help="The stream's name, unique among sources."),
        Field(
            "first_year",
            "First year",
            "year",
            2017,
            1990,
            2200,
            fmt="year",
            structural=True,
            group=GROUP,
            help="The financial year of the first payment.",
        ),
        Field(
            "annual_amount",
            "Amount a year (first year)",
            "£ a year",
            0.0,
            group=GROUP,
            help="Paid each year of the stream, in first-year cash terms.",
            **MONEY,
        ),
        Field(
            "years",
            "Years paid",
            "years",
            1,
            1,
            125,
            fmt="int",
            structural=True,
            group=GROUP,
            help="Number of years the stream pays, its first year included.",
        ),
        Field(
            "indexation",
            "Indexation",
            "% a year",
            0.0,
            -0.5,
            1.0,
            fmt="pct",
            group=GROUP,
            help="Annual change in the amount from the stream's first year (0 = cash flat).",
            **usual.INFLATION,
        ),
        kind_field(),
    ),
    (
        {
            "name": "Transport settlement",
            "first_year": 2017,
            "annual_amount": 20_000_000.0,
            "years": 5,
            "indexation": 0.0,
            "kind": CAPITAL,
        },
        {
            "name": "Farebox revenue",
            "first_year": 2019,
            "annual_amount": 5_000_000.0,
            "years": 15,
            "indexation": 0.02,
            "kind": RCCO,
        },
    ),
    help="Grants, fares, contributions paid as a level (optionally indexed) amount a year.",
    source="Illustrative: replace with the award letters' payment profiles",
    key="name",
)

PROFILE = TableSpec(
    "profile",
    "Dated amounts (irregular profiles)",
    (
        Field("name", "Source", "", "", fmt="text", group=GROUP, help="Rows with the same name form one source."),
        Field("year", "Financial year", "year", 2017, 1990, 2200, fmt="year", structural=True, group=GROUP),
        Field("amount", "Amount", "£", 0.0, group=GROUP, help="Received in the year.", **MONEY),
        kind_field(),
    ),
    (
        {"name": "Private contribution", "year": 2019, "amount": 15_000_000.0, "kind": CAPITAL},
        {"name": "Private contribution", "year": 2020, "amount": 10_000_000.0, "kind": CAPITAL},
    ),
    help="Irregular profiles typed or imported, one row per source and year.",
    source="Illustrative: replace with the developer agreement's payment schedule",
)

LINKS = TableSpec(
    "links",
    "Lines of other runs",
    (
        Field("name", "Source", "", "", fmt="text", group=GROUP, help="The source's name in this programme."),
        Field("run", "Run", "", "", fmt="text", group=GROUP, help="The name of another run in the scenario file."),
        Field(
            "line",
            "Line",
            "",
            "",
            fmt="text",
            group=GROUP,
            help="The line of that run, e.g. 'net' (BRS) or 'total_receipts' (land value).",
        ),
        Field(
            "share",
            "Share applied to the programme",
            "%",
            1.0,
            0.0,
            1.0,
            fmt="pct",
            group=GROUP,
            help="Share of the linked line that funds this programme.",
        ),
        kind_field(),
    ),
    (),
    help="Sources computed by another model run in the same scenario file.",
    key="name",
)

TABLES = (STREAMS, PROFILE, LINKS)


@dataclass
class Sources:
    """Every source's line (n, T), amounts after the horizon (n,), the total as entered (n,)."""

    n: int
    lines: dict[str, np.ndarray]
    outside: dict[str, np.ndarray]
    entered: np.ndarray
    kinds: dict[str, str]

    def total(self, horizon: int, *kinds: str, names: Iterable[str] | None = None) -> np.ndarray:
        """The sum (n, T) of the sources of the given treatments (or of the sources named), in
        table order; zeros if none. A source the same in every trial is added as its one row, so
        a sum of such sources is worked once, not once per trial (the same numbers either way)."""
        if names is None:
            chosen = [k for k in self.lines if self.kinds[k] in kinds]
        else:  # in the order named (a sum's last digits follow its order)
            chosen = [k for k in names if k in self.lines]
        total = sum((one_row(self.lines[k]) for k in chosen), np.zeros((1, horizon)))
        return total if total.shape == (self.n, horizon) else np.broadcast_to(total, (self.n, horizon))


def sources(inputs: Inputs, profiles: dict | None) -> Sources:
    """The programme's sources, in table order: streams, dated profiles, links."""
    start, horizon = inputs.start_year, inputs.horizon
    linked, n = _linked_arrays(inputs, profiles or {}, horizon)
    out = Sources(n, {}, {}, np.zeros(n), {})
    for row, figures in zip(inputs.rows("streams"), _streams(inputs.rows("streams"), start, horizon)):
        _add(out, row["name"], *figures)
        out.kinds[row["name"]] = row["kind"]
    for name, rows in _profile_groups(inputs).items():
        _add(out, name, *_dated(rows, start, horizon, inputs.n))
        out.kinds[name] = rows[0]["kind"]  # cross-validation makes a source's rows agree
    for row, arr in zip(inputs.rows("links"), linked):
        share = col(one_if_same(row["share"]))  # one share in every trial: a profile of one row stays one row
        _add(out, row["name"], share * arr, np.zeros(1), col(row["share"])[:, 0] * arr.sum(axis=1))
        out.kinds[row["name"]] = row["kind"]
    return out


def _add(out: Sources, name: str, line: np.ndarray, outside: np.ndarray, entered: np.ndarray) -> None:
    # a line the same in every trial stays one row, spread over the trials (read-only, no copy)
    out.lines[name] = line if line.shape[0] == out.n else np.broadcast_to(line, (out.n, line.shape[-1]))
    out.outside[name] = outside if np.shape(outside) == (out.n,) else np.broadcast_to(outside, (out.n,)).copy()
    out.entered = out.entered + entered


def one_row(line: np.ndarray) -> np.ndarray:
    """A line spread over the trials as its one row (1, T), so that what is worked from it is
    worked once (the same numbers as for every trial); any other line as it is."""
    return line[:1] if line.strides[0] == 0 else line


def _streams(rows: list[dict], start: int, horizon: int) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Each level stream indexed from its first year (its line, the £ after the horizon, its full
    total), in table order. Streams whose amounts and indexations have as many trials (one, most
    often) are worked together as one (streams, trials, T) array: each figure the same as worked
    stream by stream, in a few numpy calls instead of a dozen for every stream."""
    cells = [(col(one_if_same(r["annual_amount"])), col(one_if_same(r["indexation"]))) for r in rows]
    groups: dict[tuple[int, int], list[int]] = {}
    for i, (a, g) in enumerate(cells):
        groups.setdefault((len(a), len(g)), []).append(i)
    out: list = [None] * len(rows)
    for members in groups.values():
        a, g = (np.stack([cells[i][k] for i in members]) for k in (0, 1))  # (S, trials, 1)
        first, years = (np.array([[[rows[i][k]]] for i in members]) for k in ("first_year", "years"))
        first = first - start
        t = np.arange(horizon)
        paid = (t >= first) & (t < first + years)
        lines = a * np.where(paid, np.exp((t - first) * np.log1p(g)), 0.0)  # (1 + g) ** (t - first), faster
        inside = np.minimum(np.maximum(horizon - first, 0), years)
        outside = a * _powers(1.0 + g, inside) * _level_sum(g, years - inside)
        entered = a * _level_sum(g, years)
        for k, i in enumerate(members):
            out[i] = (lines[k], outside[k, :, 0], entered[k, :, 0])
    return out


def _powers(base: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """base ** whole for each stream's whole number (S, 1, 1), raised as a Python int (numpy's
    `**` squares a base for 2, as it would for one stream), a pass for each distinct power."""
    out = np.empty(base.shape)
    for power in np.unique(whole):
        chosen = whole[:, 0, 0] == power
        out[chosen] = base[chosen] ** int(power)
    return out


def _level_sum(g: np.ndarray, m: int | np.ndarray) -> np.ndarray:
    """sum of (1 + g) ** k for k < m, without the cancellation of ((1 + g) ** m - 1) / g for small g.

    >>> _level_sum(np.array([0.0, 0.1]), 2).round(6).tolist()
    [2.0, 2.1]
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(g == 0.0, np.asarray(m, dtype=float), np.expm1(m * np.log1p(g)) / g)


def _profile_groups(inputs: Inputs) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for row in inputs.rows("profile"):
        groups.setdefault(row["name"], []).append(row)
    return groups


def _dated(rows: list[dict], start: int, horizon: int, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One irregular source: its line on the programme's years, the £ after them, its total as entered."""
    years = np.array([row["year"] for row in rows])
    amounts = [row["amount"] for row in rows]  # each (n,); summed in row order, as the line is
    after = [a for a, year in zip(amounts, years) if year - start >= horizon]
    line = dated(years, amounts, start, horizon)
    return line, sum(after, np.zeros(n)), sum(amounts, np.zeros(n))


def dated(years: np.ndarray, amounts: list, start: int, horizon: int) -> np.ndarray:
    """Amounts (each (n,)) dated by `years`, summed by year (models.core.tables.by_year) into a
    line (1, T) when every amount is the same in every trial, so it is worked once, else (n, T)."""
    rows = [one_if_same(a) for a in amounts]
    trials = max(a.size for a in rows)
    return by_year(years, np.stack([np.broadcast_to(a, (trials,)) for a in rows], axis=1), start, horizon)


def _linked_arrays(inputs: Inputs, profiles: dict, horizon: int) -> tuple[list[np.ndarray], int]:
    """Each link's profile as a (k, T) array, and the trial count of the run."""
    arrays, n = [], inputs.n
    for i, row in enumerate(inputs.rows("links"), start=1):
        where = f"links[{i}].run"
        if row["name"] not in profiles:
            raise _refused(
                where,
                row["run"],
                f"run the scenario file through the planner, which passes line {row['line']!r} of run "
                f"{row['run']!r} as the profile {row['name']!r}; no such profile was given",
            )
        arr = np.atleast_2d(np.asarray(profiles[row["name"]], dtype=float))
        if arr.ndim != 2 or arr.shape[1] != horizon or not np.all(np.isfinite(arr)):
            allowed = f"pass finite amounts for the {horizon} years of this programme"
            raise _refused(where, f"a profile of shape {arr.shape}", allowed)
        if arr.shape[0] not in (1, n):
            if n != 1:
                raise _refused(where, f"{arr.shape[0]} trials", f"pass 1 or {n} trials, as many as this run's inputs")
            n = arr.shape[0]
        arrays.append(arr)  # n changes only while every earlier profile has one trial
    return arrays, n


def _refused(where: str, value: object, allowed: str) -> InputErrors:
    return InputErrors([InputError(where, value, allowed, "Linked run")])


def past_horizon(src: Sources) -> list[str]:
    """Names of the sources with any amount dated after the horizon, in any trial."""
    return [name for name, amount in src.outside.items() if np.any(amount > 0.005)]


def cross_validate_sources(inputs: Inputs) -> list[InputError]:
    """Source names used once across the tables, dates not before the programme starts, links named."""
    start = inputs.start_year
    before = (
        f"enter a year from {fy_label(start)} (the programme's first year) onward; "
        f"amounts after the horizon are allowed and reported by a check"
    )
    errors, seen = [], set()
    for table in ("streams", "profile", "links"):
        own = set()
        for i, row in enumerate(inputs.rows(table), start=1):
            name = row["name"]
            repeated = name in seen or (name in own and table != "profile")  # a profile's rows share a name
            if not name.strip() or repeated:
                errors.append(
                    InputError(f"{table}[{i}].name", name, "enter a name not used by another source", "Source")
                )
            own.add(name)
            year_col = {"streams": "first_year", "profile": "year"}.get(table)
            if year_col and row[year_col] < start:
                errors.append(InputError(f"{table}[{i}].{year_col}", fy_label(row[year_col]), before, "Financial year"))
        seen |= own
    kinds: dict[str, str] = {}
    for i, row in enumerate(inputs.rows("profile"), start=1):
        if kinds.setdefault(row["name"], row["kind"]) != row["kind"]:
            errors.append(
                InputError(
                    f"profile[{i}].kind",
                    row["kind"],
                    f"choose {kinds[row['name']]!r}, as the source's first row does: one source, one treatment",
                    "Capital or revenue",
                )
            )
    for i, row in enumerate(inputs.rows("links"), start=1):
        for key, allowed in (
            ("run", "enter the name of another run in this scenario file"),
            ("line", "enter a line of that run, e.g. 'net' for a BRS run"),
        ):
            if not row[key].strip():
                errors.append(InputError(f"links[{i}].{key}", row[key], allowed, "Linked run"))
    return errors
