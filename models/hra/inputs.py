"""The declaration of the HRA business plan model: inputs, tables and cross-field rules.

Price base: every per-home figure (weekly rents, other income, costs per home, the cost of a
new home) is entered at first-year prices. Rents then move with the rent path and everything
else with `cost_inflation`, so a row of the new-build table in 2030 is costed at
`cost_per_unit * (1 + cost_inflation) ** t`. Right to Buy receipts are held flat in cash (the
prudent reading: no house-price growth is assumed).
"""

from __future__ import annotations

from models.core.declare import Field, TableSpec
from models.core.errors import InputError
from models.core.timeline import fy_label

SELF_FINANCING = "Illustrative: replace with the council's HRA 30-year business plan"
CAP_SOURCE = (
    "Historic statutory cap: the Limits on Indebtedness Determination 2012 (HRA "
    "self-financing, abolished 30 October 2018); now a limit the council sets under the "
    "CIPFA Prudential Code (operational boundary / authorised limit)"
)

PLAN = (
    Field(
        "start_year",
        "First financial year",
        "year",
        2019,
        1990,
        2100,
        fmt="year",
        group="Plan",
        structural=True,
        help="Calendar year in which the plan's first financial year starts.",
    ),
    Field(
        "horizon",
        "Plan length",
        "years",
        30,
        1,
        125,
        fmt="int",
        group="Plan",
        structural=True,
        help="Years in the plan.",
        source="A 30-year HRA business plan is the norm since self-financing (2012)",
    ),
)

STOCK = (
    Field(
        "opening_stock",
        "Homes at the start",
        "homes",
        5000.0,
        0,
        None,
        group="Stock and rents",
        source=SELF_FINANCING,
        help="Dwellings in the HRA at the start of the first year.",
    ),
    Field(
        "weekly_rent",
        "Average weekly rent",
        "£ a week",
        85.0,
        0,
        None,
        fmt="gbp",
        group="Stock and rents",
        source=SELF_FINANCING,
        help="Average rent of the existing homes in the first year.",
    ),
    Field(
        "rent_weeks",
        "Rent weeks a year",
        "weeks",
        52,
        48,
        53,
        fmt="int",
        group="Stock and rents",
        source="The council's rent-setting report",
        help="Weeks a year rent is charged (48 with four rent-free weeks; 53 in a 53-week year).",
    ),
    Field(
        "rent_change",
        "Annual rent change",
        "% a year",
        0.027,
        -0.2,
        0.2,
        fmt="pct",
        group="Stock and rents",
        source="Rent policy from April 2020: CPI + 1% (CPI 1.7% at Sept 2019)",
        help="Change in rents from one year to the next, unless the rent path gives that year.",
    ),
    Field(
        "void_rate",
        "Void rate",
        "% of rent",
        0.015,
        0,
        1,
        fmt="pct",
        group="Stock and rents",
        source=SELF_FINANCING,
        help="Share of the rent debit lost on empty homes.",
    ),
    Field(
        "bad_debt_rate",
        "Bad debt rate",
        "% of rent",
        0.01,
        0,
        1,
        fmt="pct",
        group="Stock and rents",
        source=SELF_FINANCING,
        help="Share of the rent due on let homes that is never collected.",
    ),
    Field(
        "other_income_per_unit",
        "Other income per home",
        "£ a home a year",
        150.0,
        0,
        None,
        fmt="gbp",
        group="Stock and rents",
        source=SELF_FINANCING,
        help="Service charges, garages, shops; indexed by cost inflation.",
    ),
)

RTB = (
    Field(
        "rtb_sales",
        "Right to Buy sales",
        "homes a year",
        30.0,
        0,
        None,
        group="Right to Buy",
        source=SELF_FINANCING,
        help="Homes sold each year (taken from the existing stock, never below zero).",
    ),
    Field(
        "rtb_receipt",
        "Receipt per sale",
        "£ a sale",
        60000.0,
        0,
        None,
        fmt="gbp",
        group="Right to Buy",
        source="Illustrative: replace with the council's Right to Buy pooling returns",
        help="Average receipt per sale, after discount; held flat in cash.",
    ),
    Field(
        "rtb_retained_share",
        "Share of receipts kept",
        "%",
        0.4,
        0,
        1,
        fmt="pct",
        group="Right to Buy",
        source="Illustrative: replace with the council's retention agreement and pooling returns",
        help="Share of each receipt the council keeps for replacement homes (the rest is pooled).",
    ),
    Field(
        "rtb_max_share_of_cost",
        "Receipts' maximum share of a home's cost",
        "%",
        0.30,
        0,
        1,
        fmt="pct",
        group="Right to Buy",
        source="One-for-one replacement agreements (2012-2018 rules): at most 30%",
        help="Retained receipts may pay at most this share of a replacement home's cost.",
    ),
    Field(
        "rtb_spend_years",
        "Years to spend receipts",
        "years",
        3,
        1,
        125,
        fmt="int",
        group="Right to Buy",
        structural=True,
        optional=True,
        source="One-for-one replacement agreements: 3 years (2012 rules; 5 years from April 2021)",
        help="Receipts kept in a year and not spent by the end of this many years later are paid over "
        "to government (the penalty interest is not modelled). Leave empty for no deadline.",
    ),
)

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

COSTS = (
    Field(
        "management_per_unit",
        "Management per home",
        "£ a home a year",
        1050.0,
        0,
        None,
        fmt="gbp",
        group="Costs",
        source=SELF_FINANCING,
        help="Supervision and management, at first-year prices.",
    ),
    Field(
        "repairs_per_unit",
        "Repairs per home",
        "£ a home a year",
        1150.0,
        0,
        None,
        fmt="gbp",
        group="Costs",
        source=SELF_FINANCING,
        help="Responsive and cyclical repairs, at first-year prices.",
    ),
    Field(
        "major_repairs_per_unit",
        "Major repairs per home",
        "£ a home a year",
        900.0,
        0,
        None,
        fmt="gbp",
        group="Costs",
        source=SELF_FINANCING,
        help="Planned investment to keep homes decent.",
    ),
    Field(
        "cost_inflation",
        "Cost inflation",
        "% a year",
        0.025,
        -0.1,
        0.2,
        fmt="pct",
        group="Costs",
        source="Illustrative: replace with the business plan's cost inflation (e.g. CPI + 0.5%)",
        help="Indexes running costs, other income and the cost of new homes from the first year.",
    ),
)

DEBT = (
    Field(
        "opening_debt",
        "Opening HRA debt (CFR)",
        "£",
        80_000_000.0,
        0,
        None,
        fmt="gbp",
        group="Debt and balances",
        source="Illustrative: replace with the HRA capital financing requirement "
        "in the council's statement of accounts",
        help="The HRA capital financing requirement at the start of the plan.",
    ),
    Field(
        "existing_debt_rate",
        "Rate on existing debt",
        "% a year",
        0.034,
        0,
        0.2,
        fmt="pct",
        group="Debt and balances",
        source="Illustrative: replace with the HRA's average loan rate (treasury management strategy)",
        help="Average rate of the opening debt, paid on its opening balance each year.",
    ),
    Field(
        "new_debt_rate",
        "Rate on new borrowing",
        "% a year",
        0.03,
        0,
        0.2,
        fmt="pct",
        group="Debt and balances",
        source="Illustrative: replace with the PWLB rate or the council's treasury forecast",
        help="Rate on borrowing taken during the plan.",
    ),
    Field(
        "debt_cap",
        "Debt cap",
        "£",
        100_000_000.0,
        0,
        None,
        fmt="gbp",
        group="Debt and balances",
        optional=True,
        source=CAP_SOURCE,
        help="Leave empty for no cap.",
    ),
    Field(
        "opening_balance",
        "Opening HRA balance",
        "£",
        4_000_000.0,
        0,
        None,
        fmt="gbp",
        group="Debt and balances",
        source=SELF_FINANCING,
        help="HRA working balance at the start of the plan.",
    ),
    Field(
        "minimum_balance",
        "Minimum HRA balance",
        "£",
        2_000_000.0,
        0,
        None,
        fmt="gbp",
        group="Debt and balances",
        source="Illustrative: replace with the prudent minimum in the council's reserves policy",
        help="The reserve the plan keeps; the balance is used for new homes only above it.",
    ),
    Field(
        "icr_threshold",
        "Interest cover threshold",
        "×",
        1.25,
        0,
        10,
        group="Debt and balances",
        source="MODELS.md section 4: e.g. 1.25, a common HRA business-plan covenant",
        help="Net operating income must be at least this multiple of interest.",
    ),
    Field(
        "surplus_repays_debt",
        "Surpluses repay debt",
        "",
        False,
        fmt="bool",
        group="Debt and balances",
        source="The council's debt strategy",
        help="Whether the balance above the minimum repays debt each year.",
    ),
)

FIELDS = PLAN + STOCK + RTB + NEW_BUILD_EXTRA + COSTS + DEBT

RENT_PATH = TableSpec(
    "rent_path",
    "Rent path",
    key="year",
    columns=(
        Field("year", "Year", "year", 2020, 1990, 2225, fmt="year", structural=True),
        Field("rate", "Rent change", "% a year", 0.027, -0.2, 0.2, fmt="pct"),
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
        Field("cost_per_unit", "Cost per home", "£ a home", 160000.0, 0, None, fmt="gbp"),
        Field("grant_share", "Grant share", "%", 0.0, 0, 1, fmt="pct"),
        Field("weekly_rent", "Weekly rent", "£ a week", 95.0, 0, None, fmt="gbp"),
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

TABLES = (RENT_PATH, NEW_BUILD)


def _year_error(where: str, year: int, first: int, last: int, why: str) -> InputError:
    allowed = (
        f"enter a year from {first} ({fy_label(first)}) to {last} ({fy_label(last)}), {why}"
        if first <= last
        else f"{why}; this plan has no such year (lengthen the horizon)"
    )
    return InputError(where, year, allowed, "Year")


def cross_validate(inputs) -> list[InputError]:
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
