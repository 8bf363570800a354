"""The programme's prudential indicators and debt limits (models.core.prudential), from a `limits` table.

The programme's borrowing is all external and each year's surplus repays it before anything is
held, so its CFR is its closing debt: the opening CFR is nil, capital spending financed by
borrowing adds to it, MRP (the scheduled repayment) and sources applied to repay debt take from
it. Financing costs are the interest and MRP, the programme's General Fund; an HRA's ratio is
the HRA model's. The liability benchmark sets the CFR against the capital reserve held and any
other balance-sheet resources entered.

Choices the Code leaves to the authority:
- A limit left empty for a year (or a year with no row) is not checked that year.
- The operational boundary is the expected debt and the authorised limit the statutory ceiling
  (LGA 2003 s.3); both are entered by the authority. A combined authority's debt cap, agreed
  with HM Treasury, applies to long-term external debt, which the programme's borrowing is.
"""

from __future__ import annotations

from typing import TypedDict

import numpy as np

from models.core import prudential as pi
from models.core.declare import Field, LineItem, Metric, TableSpec
from models.core.result import CheckOutcome
from models.core.tables import one_if_same
from models.core.validation import Inputs
from models.core.years import into

GROUP = "Prudential indicators"


class _Money(TypedDict):
    """The Field options every money column of the limits table shares (typed, so ** checks them)."""

    fmt: str
    low: float
    high: float
    optional: bool


MONEY = _Money(fmt="gbp", low=0.0, high=1e13, optional=True)
WMCA_CAP = (
    "WMCA Board 12 January 2018, 'WMCA Borrowing Powers': the borrowing cap agreed with HM Treasury, "
    "2018/19 £487.5m, 2019/20 £662.9m, 2020/21 £867.3m (https://docslib.org/doc/1214123/wmca-board-meeting); "
    "Combined Authorities (Borrowing) Regulations 2018, SI 2018/565 (in force 4 May 2018); caps after 2020/21 "
    "must be entered from the WMCA's current Treasury Management Strategy (governance.wmca.org.uk); "
    "checked 3 December 2026"
)

LIMITS = TableSpec(
    "limits",
    "Prudential limits and net revenue stream by year",
    (
        Field("year", "Financial year", "year", 2017, 1990, 2200, fmt="year", structural=True, group=GROUP),
        Field(
            "net_revenue_stream",
            "Net revenue stream (General Fund)",
            "£",
            None,
            group=GROUP,
            help="The denominator of the financing-cost ratio: council tax, business rates and general grants.",
            source=pi.CODE,
            **MONEY,
        ),
        Field(
            "operational_boundary",
            "Operational boundary",
            "£",
            None,
            group=GROUP,
            help="The external debt expected in the year.",
            source=pi.CODE,
            **MONEY,
        ),
        Field(
            "authorised_limit",
            "Authorised limit",
            "£",
            None,
            group=GROUP,
            help="The affordable borrowing limit set by full council (LGA 2003 s.3).",
            source=pi.CODE,
            **MONEY,
        ),
        Field(
            "debt_cap",
            "Debt cap agreed with HM Treasury",
            "£",
            None,
            group=GROUP,
            help="A combined authority's cap on long-term external debt.",
            source=WMCA_CAP,
            **MONEY,
        ),
        Field(
            "resources",
            "Other balance-sheet resources",
            "£",
            None,
            group=GROUP,
            help="Usable reserves and working capital beyond the capital reserve, for the liability benchmark.",
            source=pi.CODE,
            **MONEY,
        ),
    ),
    (),
    help="One row per year; leave a cell empty where nothing is set.",
    source=pi.CODE,
    key="year",
)

LINES = (
    LineItem("cfr", "Capital financing requirement", total=False),
    LineItem("liability_benchmark", "Liability benchmark", total=False),
)
RATIO = "ratio:General Fund"  # a line only where a net revenue stream is entered; NaN in years without one
RATIO_LINE = LineItem("ratio", "Financing costs over net revenue stream", "ratio", total=False)

METRICS = (Metric("peak_cfr", "Peak capital financing requirement"),)

CHECKS = (
    ("Within the operational boundary", "external debt is within the operational boundary in every year set"),
    ("Within the authorised limit", "external debt is within the authorised limit (LGA 2003 s.3) in every year set"),
    ("Within the debt cap", "long-term external debt is within the cap agreed with HM Treasury in every year set"),
)


def limit_line(inputs: Inputs, column: str) -> np.ndarray:
    """A limits column on the years modelled (1 or n, T); NaN where nothing is set."""
    out = np.full((1, inputs.horizon), np.nan)
    for row in inputs.rows("limits"):
        t, value = row["year"] - inputs.start_year, row[column]
        if 0 <= t < inputs.horizon and value is not None:
            value = one_if_same(value)  # a limit the same in every trial stays one row
            out = np.broadcast_to(out, (max(out.shape[0], value.size), inputs.horizon)).copy()
            out[:, t] = value
    return out


HELD = ("liability_benchmark",)  # the lines `indicators` may write where the programme holds them


def indicators(inputs: Inputs, lines: dict, held: dict | None = None) -> tuple[dict, dict, list[CheckOutcome]]:
    """Lines, metrics and checks of the prudential indicators; `held` ((n, T) lines named as in
    HELD) takes the lines that differ by trial."""
    debt = lines["closing_debt"]
    held = held or {k: np.empty_like(debt) for k in HELD}
    # opening nil + borrowing - MRP - sources applied to debt (models.core.prudential.cfr), which for
    # this programme is its closing debt: taken as such, so no rounding of a running sum creeps in, and
    # as the very same line (a Monte Carlo sorts a line two names share once)
    cfr = debt
    stream = limit_line(inputs, "net_revenue_stream")
    resources = np.nan_to_num(limit_line(inputs, "resources"))
    available = into(held["liability_benchmark"], np.add, lines["reserve"], resources)
    out = {"cfr": cfr, "liability_benchmark": pi.liability_benchmark(cfr, available, out=available)}
    if not np.isnan(stream).all():
        ratio = pi.financing_cost_ratio(lines["interest"], lines["repayment"], stream)
        out[RATIO] = np.broadcast_to(ratio, debt.shape).copy(order="K")
    summary = {"peak_cfr": cfr.max(axis=1)}
    start = inputs.start_year
    # the operational boundary is a warning level the authority sets itself; the authorised limit is the
    # affordable borrowing limit it must determine under the Local Government Act 2003 s. 3 (a limit in
    # law); a combined authority's debt cap is agreed with HM Treasury (the borrowing powers come from
    # SI 2018/565, the figure from the agreement, not from the legislation): local policy it has agreed
    checks = [
        pi.debt_limit_check(name, debt, limit_line(inputs, column), start, what, severity)
        for (name, _), column, what, severity in zip(
            CHECKS,
            ("operational_boundary", "authorised_limit", "debt_cap"),
            ("operational boundary", "authorised limit", "debt cap agreed with HM Treasury"),
            ("policy", "statutory", "policy"),
        )
    ]
    return out, summary, checks
