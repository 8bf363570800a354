"""The programme's declarations: its inputs with their sources, the investment plan, the annual
lines, metrics and checks. The computation is models.programme.model."""

from __future__ import annotations

from models.core import mrp, usual
from models.core.declare import Field, LineItem, Metric, TableSpec
from models.programme import appraisal, prudential
from models.programme.ringfence import FIELD as BRS_PROJECT
from models.programme.sources import (
    CAPITAL,
    KIND_SOURCE,
    MONEY,
    REVENUE,
)

POLICIES = mrp.METHODS
FFG = "WMCA and Government action plan 2018, Priority 6 (seed 000)"

FIELDS = (
    Field(
        "start_year",
        "First financial year",
        "year",
        2017,
        1990,
        2100,
        fmt="year",
        structural=True,
        group="Timing",
        help="Calendar year in which the first financial year starts (2017 = 2017-18).",
        source=FFG,
    ),
    Field(
        "horizon",
        "Years modelled",
        "years",
        30,
        1,
        125,
        fmt="int",
        structural=True,
        group="Timing",
        help="Number of financial years to model.",
        source="Illustrative: long enough to repay the borrowing",
    ),
    Field(
        "optimism_bias",
        "Optimism bias",
        "% of investment",
        0.0,
        0.0,
        2.0,
        fmt="pct",
        group="Uses",
        help="Uplift on every year of the investment plan for optimism bias.",
        source="HM Treasury Green Book supplementary guidance: optimism bias (e.g. up to 44% for standard "
        "civil engineering at outline business case)",
        **usual.OPTIMISM_BIAS,
    ),
    BRS_PROJECT,
    Field(
        "borrowing_rate",
        "Borrowing rate",
        "% a year",
        0.04,
        0.0,
        0.25,
        fmt="pct",
        group="Financing",
        help="Interest rate on the borrowing that meets the gap.",
        source="Illustrative: replace with the PWLB certainty rate for the loan term (DMO PWLB rates)",
        **usual.BORROWING_RATE,
    ),
    Field(
        "repayment_policy",
        "Repayment policy",
        "",
        "annuity",
        fmt="choice",
        choices=POLICIES,
        group="Financing",
        help="MRP by the asset-life method: on an annuity basis (rising principal), or in equal instalments.",
        source=mrp.CITATION,
    ),
    Field(
        "asset_life",
        "Asset life (repayment years)",
        "years",
        25,
        1,
        125,
        fmt="int",
        group="Financing",
        help="Years over which each year's borrowing is repaid (MRP), from the year after the asset is in use.",
        source="Illustrative: replace with the asset lives of the schemes in the plan",
    ),
    Field(
        "years_to_use",
        "Years from spending to use",
        "years",
        0,
        0,
        20,
        fmt="int",
        structural=True,
        group="Financing",
        help="MRP starts the year after the asset first becomes available for use: this many years after "
        "the spending year, plus one.",
        source=mrp.CITATION,
    ),
    Field(
        "appraisal_rate",
        "Appraisal discount rate (years 0-30)",
        "% a year",
        0.035,
        0.0,
        0.2,
        fmt="pct",
        group="Appraisal",
        help="Green Book social time preference rate (real); it declines after year 30.",
        source="HM Treasury Green Book: 3.5% for years 0-30, 3.0% for 31-75, 2.5% for 76-125 (DfT TAG, 'Forthcoming "
        "change: Green Book updates', 16 April 2026, https://www.gov.uk/government/publications/tag-forthcoming-"
        "changes/forthcoming-change-green-book-updates; checked 3 December 2026)",
        **usual.DISCOUNT_RATE,
    ),
) + appraisal.FIELDS

INVESTMENT = TableSpec(
    "investment",
    "Capital investment plan",
    (
        Field("year", "Financial year", "year", 2017, 1990, 2200, fmt="year", structural=True, group="Uses"),
        Field("amount", "Investment", "£", 0.0, group="Uses", help="Capital spending in the year.", **MONEY),
        Field("description", "Description", "", "", fmt="text", group="Uses"),
        Field(
            "kind",
            "Capital or revenue",
            "",
            CAPITAL,
            fmt="choice",
            choices=(CAPITAL, REVENUE),
            group="Uses",
            help="Capital spending may be borrowed for; revenue spending must be met from revenue sources.",
            source=KIND_SOURCE,
        ),
    ),
    tuple(
        {"year": y, "amount": a, "description": "Illustrative programme", "kind": CAPITAL}
        for y, a in ((2017, 30e6), (2018, 50e6), (2019, 60e6), (2020, 40e6), (2021, 20e6))
    ),
    help="Spending by year, capital or revenue, before optimism bias; rows of the same year add up.",
    source="Illustrative: replace with the programme's investment plan",
)

LINES = (
    LineItem("total_sources", "Total sources", "£"),
    LineItem("capital_sources", "Capital sources", "£"),
    LineItem("revenue_contributions", "Revenue contributions to capital (declared)", "£"),
    LineItem("revenue_sources", "Revenue sources", "£"),
    LineItem("investment", "Investment (with optimism bias)", "£"),
    LineItem("capital_investment", "Capital spending", "£"),
    LineItem("revenue_spending", "Revenue spending", "£"),
    LineItem("gap", "Capital gap (capital spending less capital sources and contributions)", "£"),
    LineItem("cumulative_gap", "Cumulative gap", "£", total=False),
    LineItem("borrowing_drawn", "Borrowing drawn", "£"),
    LineItem("interest", "Interest", "£"),
    LineItem("repayment", "Repayment of principal (scheduled)", "£"),
    LineItem("surplus_repayment", "Debt repaid from surplus sources", "£"),
    LineItem("closing_debt", "Closing debt", "£", total=False),
    LineItem("revenue_cost", "Revenue cost of borrowing (interest and MRP)", "£"),
    LineItem("revenue_balance", "Revenue balance (revenue sources less spending and cost of borrowing)", "£"),
    LineItem("reserve", "Capital reserve (surplus carried forward)", "£", total=False),
) + prudential.LINES

METRICS = (
    (
        Metric("total_funding", "Total sources", "money"),
        Metric("total_investment", "Total investment (with optimism bias)", "money"),
        Metric("peak_cumulative_gap", "Peak cumulative gap", "money"),
        Metric("peak_cumulative_gap_year", "Year of the peak cumulative gap", "year"),
        Metric("borrowing_required", "Borrowing required", "money"),
        Metric("peak_debt", "Peak debt", "money"),
        Metric("capital_funding", "Capital sources and declared revenue contributions"),
        Metric("revenue_funding", "Revenue sources"),
        Metric("revenue_shortfall", "Largest cumulative revenue shortfall"),
        Metric("funding_ratio", "Sources over investment", "ratio"),
        Metric("first_borrowing_year", "First year of borrowing", "year"),
        Metric("total_interest", "Interest within the horizon", "money"),
        Metric("total_revenue_cost", "Revenue cost of borrowing within the horizon", "money"),
        Metric("debt_at_end", "Debt outstanding at the end", "money"),
    )
    + appraisal.METRICS
    + prudential.METRICS
)

CHECKS = (
    ("BRS ring-fence", "unlawful: a linked BRS's yield goes beyond its project and the loans for it (BRSA 2009 s. 3)"),
    ("Sources end within the horizon", "no source has amounts dated after the last year modelled"),
    ("Gap closed within the horizon", "the borrowing for the capital gap is repaid by the last year"),
    (
        "Sources sum to the total",
        "tie-out: every source's total as entered = total sources counted + amounts after the horizon",
    ),
    ("Revenue costs met from revenue", "revenue sources cover revenue spending and the revenue cost of borrowing"),
    ("Borrowing for capital only", "tie-out: no year borrows more than its capital gap"),
) + prudential.CHECKS
