"""The charts of each funding mechanism: one question a chart, with the limits the question is
asked against (the debt cap, the interest-cover threshold, the minimum balance) drawn as levels."""

from __future__ import annotations

import numpy as np

from models.core.result import Result
from planner.charts.kinds import (
    BLUE,
    GREEN,
    GREY,
    ORANGE,
    PALETTE,
    PURPLE,
    RED,
    SKY,
    ChartDef,
    Series,
    column,
    event_at,
    input_value,
    level,
    line,
    short_money,
    years_of,
)

TOP_SOURCES = 7  # a programme's sources beyond these are drawn together as "Other sources"


def brs(result: Result, inputs: dict) -> list[ChartDef]:
    years = years_of(result)
    return [
        ChartDef(
            "Net yield of the supplement",
            "£",
            years,
            [line(result, "net", "Net yield", "bar", BLUE, negative_colour=RED)],
        ),
        ChartDef(
            "Loan repaid from the levy",
            "£",
            years,
            [
                line(result, "debt_service", "Net yield paid to the loan", "bar", SKY),
                line(result, "loan_closing", "Loan at end of year", "line", ORANGE, dash="dot"),
            ],
            events=event_at(result, "repaid_year", "Loan repaid"),
        ),
    ]


def land_value(result: Result, inputs: dict) -> list[ChartDef]:
    years = years_of(result)
    mechanisms = [
        ("Site value uplift captured", "site_receipts", BLUE),
        ("Retained business rates", "retained_rates", ORANGE),
        ("Tariff receipts", "tariff_receipts", GREEN),
    ]
    return [
        ChartDef(
            "Receipts by mechanism",
            "£",
            years,
            [line(result, key, name, "bar", colour, stacked=True) for name, key, colour in mechanisms],
        ),
        ChartDef(
            "Cumulative receipts and the loan they support",
            "£",
            years,
            [
                line(result, "cumulative_receipts", "Cumulative receipts", "line", GREEN),
                line(result, "loan_balance", "Loan balance at year end", "line", RED),
            ],
            events=event_at(result, "repayment_year", "Loan repaid"),
        ),
    ]


def housing_first(result: Result, inputs: dict) -> list[ChartDef]:
    years = years_of(result)
    grant = column(result, "grant")
    tranches = [(t, f"Tranche {short_money(g)}") for t, g in enumerate(grant) if g > 0]
    return [
        ChartDef(
            "Caseload",
            "people",
            years,
            [
                line(result, "caseload", "People supported", "bar", BLUE),
                line(result, "intake", "People housed", "line", ORANGE),
            ],
        ),
        ChartDef(
            "Funding balance (grant less cost, cumulative)",
            "£",
            years,
            [
                line(result, "funding_balance", "Funding balance", "bar", GREEN, negative_colour=RED),
                line(result, "cumulative_grant", "Cumulative grant", "line", BLUE),
                line(result, "cumulative_cost", "Cumulative cost", "line", ORANGE),
            ],
            events=tranches,
        ),
    ]


def hra(result: Result, inputs: dict) -> list[ChartDef]:
    years = years_of(result)
    n = len(years)
    cap = input_value(result, inputs, "debt_cap")
    debt = [line(result, "closing_debt", "Debt at end of year", "line", BLUE)]
    if "internal_debt" in result.annual and (result.annual["internal_debt"] != 0).any():  # balances lent
        debt.append(line(result, "closing_cfr", "Capital financing requirement", "line", ORANGE, dash="dash"))
    charts = [
        ChartDef(
            "Debt against the cap",
            "£",
            years,
            debt + ([level("Debt cap", cap, n)] if cap is not None else []),
            note="" if cap is not None else "No debt cap set for this run.",
        )
    ]
    if cap is not None:
        charts.append(
            ChartDef(
                "Headroom under the cap",
                "£",
                years,
                [line(result, "headroom", "Headroom", "bar", GREEN, negative_colour=RED)],
                events=event_at(result, "min_headroom_year", "Least headroom"),
            )
        )
    charts += [
        ChartDef(
            "Interest cover against its threshold",
            "×",
            years,
            [
                line(result, "interest_cover", "Interest cover", "line", PURPLE),
                level("Threshold", input_value(result, inputs, "icr_threshold"), n),
            ],
        ),
        ChartDef(
            "HRA balance against its minimum",
            "£",
            years,
            [
                line(result, "closing_balance", "HRA balance at end of year", "bar", SKY, negative_colour=RED),
                level("Minimum balance", input_value(result, inputs, "minimum_balance"), n),
            ],
        ),
    ]
    return charts + _hra_plan(result)


def _hra_plan(result: Result) -> list[ChartDef]:
    """The deeper plan's charts: rents against formula rent and the limit; investment against the
    Major Repairs Reserve that pays for it and the loan book's maturities, where the plan has them."""
    years = years_of(result)
    shown = lambda key: key in result.annual and np.isfinite(column(result, key)).any()  # noqa: E731
    rents = [line(result, "average_rent", "Average rent", "line", BLUE)]
    if shown("formula_rent") and column(result, "formula_rent").any():
        rents.append(line(result, "formula_rent", "Formula rent", "line", GREEN, dash="dash"))
    if shown("limit_rent"):
        rents.append(line(result, "limit_rent", "Most the Rent Standard allows", "line", RED, dash="dot"))
    charts = (
        [ChartDef("Rent against formula rent and the limit", "£ a week", years, rents)] if shown("average_rent") else []
    )
    if shown("investment") and column(result, "investment").any():
        charts.append(
            ChartDef(
                "Investment in existing homes against the Major Repairs Reserve",
                "£",
                years,
                [
                    line(result, "investment", "Investment need", "bar", ORANGE),
                    line(result, "mrr_used", "Paid from the reserve", "bar", GREEN),
                    line(result, "mrr_credit", "Depreciation into the reserve", "line", BLUE),
                    line(result, "closing_mrr", "Reserve at end of year", "line", PURPLE, dash="dot"),
                ],
            )
        )
    if shown("debt_maturing") and column(result, "debt_maturing").any():
        charts.append(
            ChartDef(
                "Loans maturing (refinanced at the new-borrowing rate)",
                "£",
                years,
                [line(result, "debt_maturing", "Principal maturing", "bar", SKY)],
            )
        )
    return charts


def programme(result: Result, inputs: dict) -> list[ChartDef]:
    years = years_of(result)
    sources = [str(k) for k in result.annual.columns if str(k).startswith("source:")]
    sources.sort(key=lambda k: -float(np.abs(column(result, k)).sum()))
    shown = [
        line(result, k, k.partition(":")[2], "bar", PALETTE[i % len(PALETTE)], stacked=True)
        for i, k in enumerate(sources[:TOP_SOURCES])
    ]
    rest = sources[TOP_SOURCES:]
    if rest:
        other = np.sum([column(result, k) for k in rest], axis=0)
        shown.append(Series(f"Other sources ({len(rest)})", other, "bar", GREY, stacked=True))
    return [
        ChartDef(
            "Sources against investment",
            "£",
            years,
            shown + [line(result, "investment", "Investment (with optimism bias)", "line", "#000000")],
        ),
        ChartDef(
            "The gap and the borrowing that fills it",
            "£",
            years,
            [
                line(
                    result,
                    "gap",
                    "Capital gap (capital spending less capital sources)",
                    "bar",
                    RED,
                    negative_colour=GREEN,
                ),
                line(result, "cumulative_gap", "Cumulative gap", "line", ORANGE),
                line(result, "closing_debt", "Closing debt", "line", BLUE),
            ],
            events=event_at(result, "peak_cumulative_gap_year", "Peak gap"),
        ),
        ChartDef(
            "The revenue side: the cost of borrowing against revenue sources",
            "£",
            years,
            [
                line(result, "revenue_balance", "Revenue balance", "bar", GREEN, negative_colour=RED),
                line(result, "revenue_sources", "Revenue sources", "line", BLUE),
                line(result, "revenue_cost", "Interest and MRP", "line", ORANGE, dash="dash"),
            ],
        ),
        ChartDef(
            "Prudential indicators: the CFR and the liability benchmark",
            "£",
            years,
            [
                line(result, "cfr", "Capital financing requirement", "bar", SKY),
                line(result, "liability_benchmark", "Liability benchmark", "line", ORANGE, dash="dot"),
            ],
        ),
    ]


BUILDERS = {"brs": brs, "land_value": land_value, "housing_first": housing_first, "hra": hra, "programme": programme}
