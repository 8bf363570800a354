"""Investment in the existing homes: the stock condition survey's components, programmes of works,
and the Major Repairs Reserve that pays for them.

With the component or works table empty the plan is as before: `major_repairs_per_unit` is a
revenue cost and nothing else is spent on the existing homes. Otherwise:
- A component of an archetype (or of all the existing homes, archetype left blank) falls due
  `life` years after it was last replaced, or in the first year when that is already past, and
  every `life` years after; each time it is replaced in the homes the archetype holds at the
  start of that year, at unit cost × cost inflation to that year; spread over several years, an
  equal share of the homes is done in each year from the year it falls due.
- Each programme of works (building and fire safety, damp and mould, energy retrofit to EPC C)
  treats its homes in equal numbers each year from the first year to its target year.
- Major repairs per home becomes depreciation: charged to revenue (in NOI, as before) and
  credited to the Major Repairs Reserve, which pays for the investment first; what it cannot
  pay joins what new homes need and is met from the HRA balance above the minimum (a revenue
  contribution to capital) and then by borrowing. The reserve carries any surplus forward.
"""

from __future__ import annotations

import functools

import numpy as np

from models.core.declare import Field, TableSpec
from models.core.errors import InputError
from models.core.validation import Inputs
from models.hra import rents
from models.hra.same import derived, in_order, keep, rows, spread, stack
from models.hra.single import reserve_floats

COMPONENTS = TableSpec(
    "components",
    "Component programme",
    key="component",
    columns=(
        Field("component", "Component", "", "Kitchens", fmt="text"),
        Field("archetype", "Archetype", "", "", fmt="text", help="Blank: every existing home."),
        Field("unit_cost", "Cost per home", "£ a home", 8000.0, 0, None, fmt="gbp"),
        Field("life", "Life", "years", 20, 1, 200, fmt="int", structural=True),
        Field("last_replaced", "Last replaced", "year", 2010, 1900, 2225, fmt="year", structural=True),
        Field("spread", "Replaced over", "years", 1, 1, 50, fmt="int", structural=True),
    ),
    help="From the stock condition survey; costs at first-year prices. Empty (with no works): major "
    "repairs per home is the whole of the investment.",
    source="Illustrative: replace with the council's stock condition survey and asset management strategy",
)

WORKS = TableSpec(
    "works",
    "Programmes of works",
    key="programme",
    columns=(
        Field("programme", "Programme", "", "Works", fmt="text"),
        Field("homes", "Homes to treat", "homes", 0.0, 0, None),
        Field("cost_per_home", "Cost per home", "£ a home", 0.0, 0, None, fmt="gbp"),
        Field("target_year", "Done by", "year", 2030, 1990, 2225, fmt="year", structural=True),
    ),
    help="Works spread evenly from the first year to the year they are done by; costs at first-year prices.",
    source="Building and fire safety: Building Safety Act 2022 and the council's fire risk assessments; damp and "
    "mould: Awaab's Law, the Hazards in Social Housing (Prescribed Requirements) (England) Regulations 2025, in "
    "force 27 October 2025 under the Social Housing (Regulation) Act 2023; energy retrofit: a Minimum Energy "
    "Efficiency Standard of EPC C by 1 April 2030 for social rented homes, confirmed 28 January 2026 "
    "(https://www.gov.uk/government/consultations/improving-the-energy-efficiency-of-socially-rented-homes-in-"
    "england), cost cap proposed at £10,000 a home; homes and costs from the council's surveys",
)

TABLES = (COMPONENTS, WORKS)


def active(x: Inputs) -> bool:
    return bool(x.rows("components") or x.rows("works"))


def cross_validate(inputs: Inputs) -> list[InputError]:
    """A component's archetype is one of the archetype table's; works are done inside the plan."""
    names = {row["name"] for row in inputs.rows("archetypes")}
    errors = []
    for i, row in enumerate(inputs.rows("components"), start=1):
        if row["archetype"] and row["archetype"] not in names:
            allowed = "leave blank for every home, or name an archetype: " + (", ".join(sorted(names)) or "none")
            errors.append(InputError(f"components[{i}].archetype", row["archetype"], allowed, "Archetype"))
    for i, row in enumerate(inputs.rows("works"), start=1):
        if row["target_year"] < inputs.start_year:
            allowed = f"enter a year from {inputs.start_year} (the plan's first year)"
            errors.append(InputError(f"works[{i}].target_year", row["target_year"], allowed, "Done by"))
    return errors


def need(x: Inputs, old: np.ndarray, cost_index: np.ndarray) -> np.ndarray:
    """The investment each year at outturn prices, (T, m); `old` is the existing homes, (T + 1, m)."""
    horizon = len(cost_index)
    if x.rows("archetypes") and {"archetypes", "components", "works"} <= x.single:
        # then every input of the need at first-year prices is in these tables: worked out once for
        # them as they are (kept with the components, named with the other two tables' stores)
        key = ("need", x.start_year, horizon, _token(x, "archetypes"), _token(x, "works"))
        return derived(x, "components", key, lambda: _first_year_need(x, old, horizon)) * cost_index
    return _first_year_need(x, old, horizon) * cost_index


def _token(x: Inputs, table: str) -> object:
    """An object standing for a table as it is, in the key of what is worked out from it with another
    (its store's own: the same for every run with the table as it is)."""
    store = x.derived(table)
    token = store.get("token")
    if token is None:
        token = store["token"] = object()
    return token


def _first_year_need(x: Inputs, old: np.ndarray, horizon: int) -> np.ndarray:
    """`need` at first-year prices, (T, m)."""
    total = np.zeros((horizon, 1))
    components = rows(x, "components")
    if components:  # every component at once, (T, C, m), added up in the table's order
        names = {r["name"]: a for a, r in enumerate(x.rows("archetypes"))}
        homes = old[:-1, None]  # every existing home; after the archetypes' own, where there are any
        if names:  # (old is then their sum: of their shape)
            homes = np.concatenate([rents.homes(x, horizon)[:-1], homes], axis=1)
        which = [names.get(row["archetype"], len(names)) for row in components]
        cost = stack([row["unit_cost"] for row in components])
        total = in_order(_shares(x, components, horizon) * homes[:, which] * cost)
    for row in rows(x, "works"):
        years = min(row["target_year"] - x.start_year + 1, horizon)
        when = (np.arange(horizon) < years)[:, None] / years
        total = total + when * row["homes"] * row["cost_per_home"]
    return total


def _shares(x: Inputs, components: list, horizon: int) -> np.ndarray:
    """The share of each component's homes replaced each year, (T, components, 1): 1 / spread in
    each of `spread` years from the year it falls due, again every `life` years (added up where
    the spreads overlap)."""
    due = [max(row["last_replaced"] + row["life"], x.start_year) - x.start_year for row in components]
    return _share_table(tuple((d, row["life"], row["spread"]) for d, row in zip(due, components)), horizon)


@functools.lru_cache(maxsize=64)
def _share_table(timings: tuple, horizon: int) -> np.ndarray:
    """`_shares` for these (due, life, spread) timings, read-only: worked out once for a component
    table's timings (an edit to a cost or a rent leaves them as they were)."""
    table = np.array([_share(*timing, horizon) for timing in timings]).T[:, :, None]
    table.flags.writeable = False
    return table


@functools.lru_cache(maxsize=256)
def _share(due: int, life: int, spread: int, horizon: int) -> tuple[float, ...]:
    """One component's shares by year (`_shares`), worked on floats, a few additions each, and
    once for each timing: components replaced on the same cycle share it."""
    when = [0.0] * horizon
    for k in range(spread):
        for t in range(due + k, horizon, life):
            when[t] += 1.0 / spread
    return tuple(when)


def reserve(held: dict) -> None:
    """The Major Repairs Reserve year by year: credited with depreciation (the major repairs line),
    drawn for the investment; what it cannot pay is added to `need`."""
    spend, credit, used, mrr = held["investment"], held["major_repairs"], held["mrr_used"], held["mrr"]
    if mrr.shape[1] == 1:  # one trial: the same loop on floats (models.hra.single)
        mrr[:, 0], used[:, 0] = reserve_floats(spread(spend, used.shape)[:, 0].tolist(), credit[:, 0].tolist())
    else:
        mrr[0] = 0.0
        for t in range(len(spend)):
            np.add(mrr[t], credit[t], out=mrr[t + 1])
            np.minimum(mrr[t + 1], spend[t], out=used[t])
            mrr[t + 1] -= used[t]
    held["need"] += spend
    held["need"] -= used


def fill(x: Inputs, held: dict, cost_index: np.ndarray) -> None:
    """Investment in the existing homes and the Major Repairs Reserve (models.hra.investment)."""
    if not active(x):
        for name in ("investment", "mrr_credit", "mrr_used"):
            keep(held, name, np.zeros((len(cost_index), 1)))
        held["mrr"].fill(0.0)
        return
    keep(held, "investment", need(x, held["old_stock"], cost_index))
    held["mrr_credit"] = held["major_repairs"]  # the same numbers: the same memory (sorted once for statistics)
    reserve(held)
