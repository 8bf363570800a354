"""What each model's charts show, as plain data (no Qt): titles, series, reference levels and
dated markers, taken from a Result's annual lines and, for limits a result does not carry (a
debt cap, an interest-cover threshold), from the run's inputs. `ui/charts.py` draws them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from models.core.result import Result
from planner.project.paths import get_value
from planner.registry import get_spec

BLUE, ORANGE, GREEN, RED, PURPLE, SKY, YELLOW, GREY = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#7F7F7F",
)
PALETTE = (BLUE, ORANGE, GREEN, PURPLE, SKY, RED, YELLOW, "#8C564B", "#17BECF", GREY)
TOP_SOURCES = 7  # a programme's sources beyond these are drawn together as "Other sources"


@dataclass
class Series:
    name: str
    values: np.ndarray
    kind: str = "line"  # "bar", "line" or "level" (a limit drawn across every year, dashed)
    colour: str = BLUE
    stacked: bool = False  # bars stacked on the chart's other stacked bars
    negative_colour: str | None = None  # bars below zero in another colour


@dataclass
class ChartDef:
    title: str
    unit: str  # "£" for money; otherwise the unit shown on the axis ("people", "×")
    years: list[str]
    series: list[Series]
    events: list[tuple[int, str]] = field(default_factory=list)  # (year index, label): a dated marker
    note: str = ""


def charts_for(result: Result, inputs: dict) -> list[ChartDef]:
    """The charts of one run's result; an empty list for a model with none declared here."""
    builder = BUILDERS.get(result.model)
    return builder(result, inputs) if builder else []


def _col(result: Result, key: str) -> np.ndarray:
    annual = result.annual
    return annual[key].to_numpy(dtype=float) if key in annual.columns else np.zeros(len(annual.index))


def _years(result: Result) -> list[str]:
    return [str(y) for y in result.annual.index]


def _event(result: Result, metric: str, label: str) -> list[tuple[int, str]]:
    year = result.summary.get(metric)
    years = _years(result)
    return [(years.index(year), label)] if year in years else []


def _input(result: Result, inputs: dict, name: str) -> Any:
    return get_value(get_spec(result.model), inputs, name)


def brs(result: Result, inputs: dict) -> list[ChartDef]:
    years = _years(result)
    return [
        ChartDef(
            "Net yield of the supplement",
            "£",
            years,
            [Series("Net yield", _col(result, "net"), "bar", BLUE, negative_colour=RED)],
        ),
        ChartDef(
            "Loan repaid from the levy",
            "£",
            years,
            [
                Series("Net yield paid to the loan", _col(result, "debt_service"), "bar", SKY),
                Series("Loan at end of year", _col(result, "loan_closing"), "line", ORANGE),
            ],
            events=_event(result, "repaid_year", "Loan repaid"),
        ),
    ]


def land_value(result: Result, inputs: dict) -> list[ChartDef]:
    years = _years(result)
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
            [Series(name, _col(result, key), "bar", colour, stacked=True) for name, key, colour in mechanisms],
        ),
        ChartDef(
            "Cumulative receipts and the loan they support",
            "£",
            years,
            [
                Series("Cumulative receipts", _col(result, "cumulative_receipts"), "line", GREEN),
                Series("Loan balance at year end", _col(result, "loan_balance"), "line", RED),
            ],
            events=_event(result, "repayment_year", "Loan repaid"),
        ),
    ]


def housing_first(result: Result, inputs: dict) -> list[ChartDef]:
    years = _years(result)
    grant = _col(result, "grant")
    tranches = [(t, f"Tranche {short_money(g)}") for t, g in enumerate(grant) if g > 0]
    return [
        ChartDef(
            "Caseload",
            "people",
            years,
            [
                Series("People supported", _col(result, "caseload"), "bar", BLUE),
                Series("People housed", _col(result, "intake"), "line", ORANGE),
            ],
        ),
        ChartDef(
            "Funding balance (grant less cost, cumulative)",
            "£",
            years,
            [
                Series("Funding balance", _col(result, "funding_balance"), "bar", GREEN, negative_colour=RED),
                Series("Cumulative grant", _col(result, "cumulative_grant"), "line", BLUE),
                Series("Cumulative cost", _col(result, "cumulative_cost"), "line", ORANGE),
            ],
            events=tranches,
        ),
    ]


def hra(result: Result, inputs: dict) -> list[ChartDef]:
    years = _years(result)
    n = len(years)
    cap = _input(result, inputs, "debt_cap")
    debt = [Series("Debt at end of year", _col(result, "closing_debt"), "line", BLUE)]
    charts = [
        ChartDef(
            "Debt against the cap",
            "£",
            years,
            debt + ([Series("Debt cap", np.full(n, float(cap)), "level", RED)] if cap is not None else []),
            note="" if cap is not None else "No debt cap set for this run.",
        )
    ]
    if cap is not None:
        charts.append(
            ChartDef(
                "Headroom under the cap",
                "£",
                years,
                [Series("Headroom", _col(result, "headroom"), "bar", GREEN, negative_colour=RED)],
                events=_event(result, "min_headroom_year", "Least headroom"),
            )
        )
    charts += [
        ChartDef(
            "Interest cover against its threshold",
            "×",
            years,
            [
                Series("Interest cover", _col(result, "interest_cover"), "line", PURPLE),
                Series("Threshold", np.full(n, float(_input(result, inputs, "icr_threshold"))), "level", RED),
            ],
        ),
        ChartDef(
            "HRA balance against its minimum",
            "£",
            years,
            [
                Series("HRA balance at end of year", _col(result, "closing_balance"), "bar", SKY, negative_colour=RED),
                Series("Minimum balance", np.full(n, float(_input(result, inputs, "minimum_balance"))), "level", RED),
            ],
        ),
    ]
    return charts


def programme(result: Result, inputs: dict) -> list[ChartDef]:
    years = _years(result)
    sources = [
        (str(k).partition(":")[2], _col(result, k)) for k in result.annual.columns if str(k).startswith("source:")
    ]
    sources.sort(key=lambda s: -float(np.abs(s[1]).sum()))
    shown = [
        Series(name, values, "bar", PALETTE[i % len(PALETTE)], stacked=True)
        for i, (name, values) in enumerate(sources[:TOP_SOURCES])
    ]
    rest = sources[TOP_SOURCES:]
    if rest:
        shown.append(
            Series(f"Other sources ({len(rest)})", np.sum([v for _, v in rest], axis=0), "bar", GREY, stacked=True)
        )
    return [
        ChartDef(
            "Sources against investment",
            "£",
            years,
            shown + [Series("Investment (with optimism bias)", _col(result, "investment"), "line", "#000000")],
        ),
        ChartDef(
            "The gap and the borrowing that fills it",
            "£",
            years,
            [
                Series("Gap (investment less sources)", _col(result, "gap"), "bar", RED, negative_colour=GREEN),
                Series("Cumulative gap", _col(result, "cumulative_gap"), "line", ORANGE),
                Series("Closing debt", _col(result, "closing_debt"), "line", BLUE),
            ],
            events=_event(result, "peak_cumulative_gap_year", "Peak gap"),
        ),
    ]


BUILDERS = {"brs": brs, "land_value": land_value, "housing_first": housing_first, "hra": hra, "programme": programme}


def short_money(value: float) -> str:
    """Money for an axis or a marker: "£1.44m", "£350k", "£2.1bn", negatives in brackets.

    >>> short_money(1440000), short_money(-2_100_000_000), short_money(350000), short_money(85)
    ('£1.44m', '(£2.1bn)', '£350k', '£85')
    """
    size = abs(value)
    for divisor, suffix, places in ((1e9, "bn", 2), (1e6, "m", 2), (1e3, "k", 0)):
        if size >= divisor:
            text = f"£{size / divisor:,.{places}f}"
            text = (text.rstrip("0").rstrip(".") if places else text) + suffix
            break
    else:
        text = f"£{size:,.0f}"
    return f"({text})" if value < 0 else text
