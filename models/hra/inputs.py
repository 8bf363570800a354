"""The declaration of the HRA business plan model: inputs, tables and cross-field rules.

Price base: every per-home figure (weekly rents, other income, costs per home, the cost of a
new home) is entered at first-year prices. Rents then move with the rent path and everything
else with `cost_inflation`, so a row of the new-build table in 2030 is costed at
`cost_per_unit * (1 + cost_inflation) ** t`. Right to Buy receipts are held flat in cash (the
prudent reading: no house-price growth is assumed).
"""

from __future__ import annotations

from models.core import usual
from models.core.declare import Field
from models.hra.homes import NEW_BUILD, NEW_BUILD_EXTRA, RENT_PATH

SELF_FINANCING = "Illustrative: replace with the council's HRA 30-year business plan"
_CHIC = (
    "the CHIC / ARK Consultancy benchmark for housing associations gives £821 a home a year for day-to-day "
    "repairs and void works, £851 for cyclical servicing and repairs and £414 for planned component "
    "replacement (CHIC, https://www.chicltd.co.uk/?p=14789); Scottish councils spent £2,810 a house on "
    "management and maintenance in 2023-24 (Scottish Government HRA statistics, https://www.gov.scot/"
    "publications/housing-revenue-account-hra-statistics-scottish-local-authority-housing-income-expenditure-"
    "2023-24-near-actuals-2024-25-estimates/pages/3/); no English council average was found; " + usual.CHECKED
)
MANAGEMENT = usual.usual(500.0, 2_500.0, "a range reasoned from published benchmarks: " + _CHIC)
REPAIRS = usual.usual(500.0, 3_000.0, "about a third to twice the £1,672 of day-to-day and cyclical repairs: " + _CHIC)
MAJOR_REPAIRS = usual.usual(
    300.0,
    4_000.0,
    "from the benchmark's £414 of planned replacement to a council catching up a backlog of works: " + _CHIC,
)
CAP_SOURCE = (
    "Statutory cap 1 April 2012 to 29 October 2018: the Limits on Indebtedness Determination 2012 "
    "(Localism Act 2011 s. 171; revoked by the Limits on Indebtedness (Revocation) Determination 2018); "
    "since then a limit the council sets itself under the CIPFA Prudential Code"
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
        **usual.SOCIAL_RENT,
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
        rule="rent.cpi_margin",
        **usual.RENT_CHANGE,
    ),
    Field(
        "rent_cpi",
        "CPI for the rent limit",
        "% a year",
        None,
        -0.2,
        0.5,
        fmt="pct",
        group="Stock and rents",
        optional=True,
        source="ONS CPI, September of the year before (the month the rent policy uses)",
        help="The CPI the social rent limit (CPI + 1%) is judged against each year; leave empty to use cost inflation.",
        **usual.INFLATION,
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
        **usual.VOID_RATE,
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
        **usual.BAD_DEBT_RATE,
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
        source="One-for-one replacement agreements (2012-2018 rules): at most 30%; 40% from April 2021, "
        "100% from 2024-25 (the retention guidance: see the rule)",
        help="Retained receipts may pay at most this share of a replacement home's cost.",
        rule="rtb.max_share_of_cost",
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
        rule="rtb.spend_years",
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
        **MANAGEMENT,
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
        **REPAIRS,
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
        **MAJOR_REPAIRS,
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
        **usual.INFLATION,
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
        **usual.BORROWING_RATE,
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
        **usual.BORROWING_RATE,
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
        help="In 2012-13 to 2018-19 the statutory cap (the authority's Annex B figure); in any other year "
        "the council's own limit. Leave empty for no cap.",
        rule="hra.statutory_cap",
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
        help="The reserve the plan keeps; the balance is used for new homes only above it. A limit the "
        "council sets itself; the law (s. 76) forbids only a debit balance.",
        rule="hra.min_balance",
    ),
    Field(
        "icr_threshold",
        "Interest cover threshold",
        "×",
        1.25,
        0,
        10,
        group="Debt and balances",
        source="The council's own HRA business-plan policy, e.g. 1.25 (MODELS.md section 4); a limit the "
        "council sets itself, not a lender's covenant",
        help="Net operating income must be at least this multiple of interest (the council's own policy).",
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

TABLES = (RENT_PATH, NEW_BUILD)
