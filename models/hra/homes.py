"""The declarations of the HRA's rent path and new homes: the extra homes the solver varies, the
rent path and new-build tables, and the checks that dated inputs fall inside the plan."""

from __future__ import annotations

from models.core import usual
from models.core.declare import Field, TableSpec
from models.core.errors import InputError
from models.core.timeline import fy_label
from models.core.validation import Inputs

SELF_FINANCING = "Illustrative: replace with the council's HRA 30-year business plan"

NEW_BUILD_EXTRA = (
    Field(
        "extra_units_per_year",
        "Extra new homes a year",
        "homes a year",
        0.0,
        0,
        None,
        group="Extra homes",
        help="New homes a year on top of the programme table: what the solver varies.",
    ),
    Field(
        "extra_cost_per_unit",
        "Cost of an extra home",
        "£ a home",
        160000.0,
        0,
        None,
        fmt="gbp",
        group="Extra homes",
        source="Illustrative: replace with the council's development appraisals",
        help="At first-year prices, indexed by cost inflation to the year built.",
        **usual.BUILD_COST,
    ),
    Field(
        "extra_grant_share",
        "Grant share of an extra home",
        "%",
        0.0,
        0,
        1,
        fmt="pct",
        group="Extra homes",
        source="Illustrative: Homes England grant where bid for",
        help="Share of each extra home's cost paid by grant.",
        **usual.GRANT_SHARE,
    ),
    Field(
        "extra_weekly_rent",
        "Weekly rent of an extra home",
        "£ a week",
        95.0,
        0,
        None,
        fmt="gbp",
        group="Extra homes",
        source="Illustrative: replace with the council's rent policy for new homes",
        help="At first-year prices; moves with the rent path.",
        **usual.SOCIAL_RENT,
    ),
    Field(
        "extra_first_year",
        "First year of extra homes",
        "year",
        None,
        1990,
        2225,
        fmt="year",
        group="Extra homes",
        structural=True,
        optional=True,
        help="Leave empty to start in the plan's first year.",
    ),
    Field(
        "extra_years",
        "Years of extra homes",
        "years",
        None,
        1,
        125,
        fmt="int",
        group="Extra homes",
        structural=True,
        optional=True,
        help="Leave empty to build to the end of the plan.",
    ),
)

RENT_PATH = TableSpec(
    "rent_path",
    "Rent path",
    key="year",
    columns=(
        Field("year", "Year", "year", 2020, 1990, 2225, fmt="year", structural=True),
        Field("rate", "Rent change", "% a year", 0.027, -0.2, 0.2, fmt="pct", **usual.RENT_CHANGE),
    ),
    help="Rent change from the previous year for given years; other years use the annual rent change.",
    source="Rent Standard / the council's rent-setting policy",
)

NEW_BUILD = TableSpec(
    "new_build",
    "New-build programme",
    key="year",
    columns=(
        Field("year", "Year completed", "year", 2020, 1990, 2225, fmt="year", structural=True),
        Field("units", "Homes", "homes", 0.0, 0, None),
        Field("cost_per_unit", "Cost per home", "£ a home", 160000.0, 0, None, fmt="gbp", **usual.BUILD_COST),
        Field("grant_share", "Grant share", "%", 0.0, 0, 1, fmt="pct", **usual.GRANT_SHARE),
        Field("weekly_rent", "Weekly rent", "£ a week", 95.0, 0, None, fmt="gbp", **usual.SOCIAL_RENT),
        Field("build_years", "Build years", "years", 1, 1, 10, fmt="int", structural=True),
        Field("kind", "New build or acquisition", "", "new build", fmt="choice", choices=("new build", "acquisition")),
        Field("replacement", "Counts as Right to Buy replacement", "", True, fmt="bool"),
    ),
    default=(
        {"year": 2020, "units": 20.0, "cost_per_unit": 160000.0, "grant_share": 0.0, "weekly_rent": 95.0},
        {"year": 2021, "units": 30.0, "cost_per_unit": 160000.0, "grant_share": 0.2, "weekly_rent": 95.0},
    ),
    help="Homes completed (or bought) each year; costs and rents at first-year prices. A new build's cost is "
    "spread evenly over its build years up to completion, an acquisition's paid when bought; Right to Buy "
    "receipts pay only towards homes that count as replacements.",
    source=SELF_FINANCING,
)


def _year_error(where: str, year: int, first: int, last: int, why: str) -> InputError:
    allowed = (
        f"enter a year from {first} ({fy_label(first)}) to {last} ({fy_label(last)}), {why}"
        if first <= last
        else f"{why}; this plan has no such year (lengthen the horizon)"
    )
    return InputError(where, year, allowed, "Year")


def cross_validate(inputs: Inputs) -> list[InputError]:
    """Dated inputs must fall inside the plan; the rent path names each year once."""
    first, last = inputs.start_year, inputs.start_year + inputs.horizon - 1
    errors = []
    for i, row in enumerate(inputs.rows("new_build"), start=1):
        if not first <= row["year"] <= last:
            errors.append(_year_error(f"new_build[{i}].year", row["year"], first, last, "inside the plan"))
    seen: set[int] = set()
    for i, row in enumerate(inputs.rows("rent_path"), start=1):
        where = f"rent_path[{i}].year"
        if not first + 1 <= row["year"] <= last:
            errors.append(
                _year_error(
                    where,
                    row["year"],
                    first + 1,
                    last,
                    "after the first year (whose rent is the weekly rent) and inside the plan",
                )
            )
        elif row["year"] in seen:
            errors.append(InputError(where, row["year"], "enter each year of the rent path once", "Year"))
        seen.add(row["year"])
    start = inputs.extra_first_year
    if start is not None and not first <= start <= last:
        errors.append(_year_error("extra_first_year", start, first, last, "inside the plan"))
    return errors
