"""Funding for Growth programme: sources against an investment plan, and the borrowing for the gap.

Per year: each source (`source:<name>` lines), total sources, investment (with optimism bias),
the gap (investment - sources), the cumulative gap, borrowing drawn, interest, scheduled repayment,
debt repaid from surplus, closing debt, the revenue cost of borrowing (interest + scheduled
repayment) and the capital reserve.

Choices MODELS.md leaves open:
- A year's surplus (sources above investment) first repays debt, as a finance officer applies
  grants and receipts to reduce the capital financing requirement rather than hold cash while
  paying interest; what is left builds a capital reserve that meets later gaps before anything
  is borrowed. The repayment from surplus shrinks every outstanding year's borrowing in
  proportion, so each keeps its repayment term. Scheduled repayments fall on the revenue
  budget: the revenue cost of borrowing (interest + scheduled repayment) is reported, not
  added to the gap. Borrowing required is the sum drawn.
- Within a year: interest on the opening debt, the scheduled repayment, then the surplus repays
  debt or the gap is met from the reserve and then by borrowing, drawn at the end of the year.
  Each year's borrowing is repaid over `asset_life` years from the next year: "annuity" in
  level payments of principal and interest (the repayment line is the principal part),
  "straight-line MRP" in equal parts of principal. Debt still outstanding at the end of the
  horizon is reported (`debt_at_end`); later repayments are not shown.
- The optimism-bias uplift applies to every year of the investment plan alike.
- PVs discount the cash flows at the appraisal rate on the Green Book declining schedule
  (the cash flows are not deflated to real terms first).
- The peak cumulative gap is never below zero; its year is None when the programme never
  falls short. `share:<name>` is the source's total within the horizon over total
  investment (with optimism bias); the shares sum to `funding_ratio` and may pass 1.
- Per-source lines (`source:<name>`) and shares (`share:<name>`) are the spec's dynamic lines
  and metrics; the declared lines are the totals.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from models.core.checks import beyond_horizon, tie_out
from models.core.declare import Field, LineItem, Metric, ModelSpec, TableSpec
from models.core.errors import InputError
from models.core.finance import col, green_book_factors, present_value
from models.core.result import CheckOutcome, Outcome, first_true
from models.core.tables import dated_profile, one_if_same
from models.core.timeline import fy_label, year_labels
from models.core.validation import Inputs
from models.programme.ringfence import FIELD as BRS_PROJECT
from models.programme.ringfence import ring_fence_check
from models.programme.single import financing_single
from models.programme.sources import MONEY, Sources, cross_validate_sources, past_horizon, sources
from models.programme.sources import TABLES as SOURCE_TABLES

POLICIES = ("annuity", "straight-line MRP")
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
    ),
    Field(
        "repayment_policy",
        "Repayment policy",
        "",
        "annuity",
        fmt="choice",
        choices=POLICIES,
        group="Financing",
        help="Level annuity payments, or equal parts of principal (straight-line MRP).",
        source="MHCLG statutory guidance on Minimum Revenue Provision: asset life method",
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
        help="Years over which each year's borrowing is repaid, from the year after it is drawn.",
        source="Illustrative: replace with the asset lives of the schemes in the plan",
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
        help="Green Book social time preference rate; it declines after year 30.",
        source="HM Treasury Green Book: 3.5% for years 0-30, 3.0% for 31-75, 2.5% for 76-125",
    ),
)

INVESTMENT = TableSpec(
    "investment",
    "Capital investment plan",
    (
        Field("year", "Financial year", "year", 2017, 1990, 2200, fmt="year", structural=True, group="Uses"),
        Field("amount", "Investment", "£", 0.0, group="Uses", help="Capital spending in the year.", **MONEY),
        Field("description", "Description", "", "", fmt="text", group="Uses"),
    ),
    tuple(
        {"year": y, "amount": a, "description": "Illustrative programme"}
        for y, a in ((2017, 30e6), (2018, 50e6), (2019, 60e6), (2020, 40e6), (2021, 20e6))
    ),
    help="Capital spending by year, before optimism bias; rows of the same year add up.",
    source="Illustrative: replace with the programme's capital investment plan",
)

LINES = (
    LineItem("total_sources", "Total sources", "£"),
    LineItem("investment", "Investment (with optimism bias)", "£"),
    LineItem("gap", "Gap (investment less sources)", "£"),
    LineItem("cumulative_gap", "Cumulative gap", "£", total=False),
    LineItem("borrowing_drawn", "Borrowing drawn", "£"),
    LineItem("interest", "Interest", "£"),
    LineItem("repayment", "Repayment of principal (scheduled)", "£"),
    LineItem("surplus_repayment", "Debt repaid from surplus sources", "£"),
    LineItem("closing_debt", "Closing debt", "£", total=False),
    LineItem("revenue_cost", "Revenue cost of borrowing", "£"),
    LineItem("reserve", "Capital reserve (surplus carried forward)", "£", total=False),
)

METRICS = (
    Metric("total_funding", "Total sources", "money"),
    Metric("total_investment", "Total investment (with optimism bias)", "money"),
    Metric("peak_cumulative_gap", "Peak cumulative gap", "money"),
    Metric("peak_cumulative_gap_year", "Year of the peak cumulative gap", "year"),
    Metric("borrowing_required", "Borrowing required", "money"),
    Metric("peak_debt", "Peak debt", "money"),
    Metric("pv_sources", "PV of sources (appraisal rate)", "money"),
    Metric("pv_investment", "PV of investment (appraisal rate)", "money"),
    Metric("funding_ratio", "Sources over investment", "ratio"),
    Metric("first_borrowing_year", "First year of borrowing", "year"),
    Metric("total_interest", "Interest within the horizon", "money"),
    Metric("total_revenue_cost", "Revenue cost of borrowing within the horizon", "money"),
    Metric("debt_at_end", "Debt outstanding at the end", "money"),
)

CHECKS = (
    ("BRS ring-fence", "unlawful: a linked BRS's yield goes beyond its project and the loans for it (BRSA 2009 s. 3)"),
    ("Sources end within the horizon", "no source has amounts dated after the last year modelled"),
    ("Gap closed within the horizon", "the cumulative gap is not positive in the last year"),
    (
        "Sources sum to the total",
        "tie-out: every source's total as entered = total sources counted + amounts after the horizon",
    ),
)


def compute(inputs, profiles: dict | None = None, ring_fenced: tuple = ()) -> Outcome:
    """Every trial at once. `profiles` maps each link's name to the linked run's line, placed
    on this programme's years by the planner ((n, T), (1, T) or (T,)); `share` is applied here.
    `ring_fenced` names the links that carry a Business Rate Supplement's yield (models.programme.ringfence)."""
    src = sources(inputs, profiles)
    n, horizon = src.n, inputs.horizon
    total = sum(src.lines.values(), np.zeros((n, horizon)))
    plan = dated_profile(inputs, "investment", "amount")
    investment = np.broadcast_to(plan * (1.0 + col(inputs.optimism_bias)), (n, horizon)).copy()
    gap = investment - total
    totals = dict(total_sources=total, investment=investment, gap=gap, cumulative_gap=np.cumsum(gap, axis=1))
    totals.update(_financing(gap, inputs.borrowing_rate, inputs.asset_life, inputs.repayment_policy))
    lines = {f"source:{name}": line for name, line in src.lines.items()}
    lines.update((item.name, totals[item.name]) for item in LINES)
    summary = _summary(inputs, lines, src)
    years = year_labels(inputs.start_year, horizon)
    brs = sum((src.lines[name] for name in ring_fenced if name in src.lines), np.zeros((n, horizon)))
    checks = [ring_fence_check(inputs, lines, brs, np.broadcast_to(plan, (n, horizon)))]
    return Outcome(SPEC, years, lines, summary, checks + _checks(lines, summary, src, years))


def _financing(gap: np.ndarray, rate: ArrayLike, life: ArrayLike, policy: str) -> dict[str, np.ndarray]:
    """Borrowing for the gap the reserve cannot meet; surpluses repay debt, then build the reserve.

    After the year's scheduled repayment leaves debt d, the net position d - reserve + gap is
    the new debt if positive, else (negated) the new reserve: a surplus repays debt before it
    builds the reserve, and a gap is met from the reserve before anything is borrowed.
    `scaled[s]` is year s's drawdown times what is left of it after repayments from surplus
    (each shrinks every outstanding drawdown in proportion), so its scheduled repayment at age
    k is scaled * kernel(k) and it is repaid in full at age `asset_life`. Arrays are held
    years-first, (T, n), so each year's sum over drawdowns runs down columns; the lines
    returned are (n, T) views of them.
    """
    n, horizon = gap.shape
    kernel = _kernel(one_if_same(rate), one_if_same(life), policy, horizon)
    r = np.broadcast_to(col(rate)[:, 0], (n,))
    if n == 1:
        lines = financing_single(gap[0].tolist(), float(r[0]), kernel[:, 0].tolist())
        return {k: np.array(v, dtype=float).reshape(1, horizon) for k, v in lines.items()}
    gap_t, surplus_years = np.ascontiguousarray(gap.T), np.any(gap < 0.0, axis=0)
    out = {
        k: np.zeros((horizon, n))
        for k in ("borrowing_drawn", "interest", "repayment", "surplus_repayment", "closing_debt", "reserve")
    }
    scaled = np.zeros((horizon, n))
    debt, reserve = np.zeros(n), np.zeros(n)
    for t in range(horizon):  # each year's debt and reserve depend on the last
        if t:  # drawdowns of years 0 … t-1 are aged t … 1: kernel rows t-1 … 0
            np.einsum("ij,ij->j", scaled[:t], kernel[t - 1 :: -1], out=out["repayment"][t])
        after = debt - out["repayment"][t]
        net = after - reserve + gap_t[t]
        debt = np.maximum(net, 0.0)
        reserve = debt - net
        change = debt - after
        drawn = np.maximum(change, 0.0, out=out["borrowing_drawn"][t])
        np.subtract(drawn, change, out=out["surplus_repayment"][t])
        if t and surplus_years[t]:
            scaled[:t] *= np.divide(debt, after, out=np.ones(n), where=debt < after)
        scaled[t], out["closing_debt"][t], out["reserve"][t] = drawn, debt, reserve
    out["interest"][1:] = out["closing_debt"][:-1] * r  # on the opening debt
    out["revenue_cost"] = out["interest"] + out["repayment"]
    return {k: v.T for k, v in out.items()}


def _kernel(rate: ArrayLike, life: ArrayLike, policy: str, horizon: int) -> np.ndarray:
    """Principal repaid at age k = 1 … horizon-1 of £1 drawn, years-first: (horizon - 1, n).

    Annuity: (a - r)(1 + r) ** (k - 1), a the level payment per £1; straight-line MRP: 1 / life.
    Both sum to £1 over `life` years.

    >>> _kernel(0.1, 2, "annuity", 4).round(6).tolist()
    [[0.47619], [0.52381], [0.0]]
    >>> _kernel(0.1, 2, "straight-line MRP", 4).tolist()
    [[0.5], [0.5], [0.0]]
    """
    r, life = col(rate).T, col(life).T
    lag = np.arange(1, horizon)[:, None]
    if policy == "annuity":  # exp(k log(1 + r)) is (1 + r) ** k at a fraction of the cost
        kernel = (_annuity_per_pound(r, life) - r) * np.exp((lag - 1) * np.log1p(r))
    else:
        kernel = np.broadcast_to(1.0 / life, (horizon - 1, life.shape[1]))
    return np.where(lag <= life, kernel, 0.0)


def _annuity_per_pound(r: np.ndarray, life: np.ndarray) -> np.ndarray:
    """r / (1 - (1 + r) ** -life), written with log1p and expm1 so that a rate too small to
    change 1 + r still gives 1 / life (models.core.finance.annuity_payment gives nan there).

    >>> _annuity_per_pound(np.array([0.05, 0.0, 1e-200]), np.array([10.0, 4.0, 4.0])).round(6).tolist()
    [0.129505, 0.25, 0.25]
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(r == 0.0, 1.0 / life, r / -np.expm1(-life * np.log1p(r)))


def _summary(inputs: Inputs, lines: dict, src: Sources) -> dict[str, np.ndarray]:
    n, horizon = src.n, inputs.horizon
    cumulative, closing = lines["cumulative_gap"], lines["closing_debt"]
    factors = green_book_factors(one_if_same(inputs.appraisal_rate), horizon)
    funding, investment = lines["total_sources"].sum(axis=1), lines["investment"].sum(axis=1)
    peak = cumulative.max(axis=1)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # no investment: no share
        share = {
            f"share:{k}": np.where(investment > 0, v.sum(axis=1) / investment, np.nan) for k, v in src.lines.items()
        }
        ratio = np.where(investment > 0, funding / investment, np.nan)
    summary = {
        "total_funding": funding,
        "total_investment": investment,
        "peak_cumulative_gap": np.maximum(peak, 0.0),
        "peak_cumulative_gap_year": np.where(peak > 0.005, cumulative.argmax(axis=1), -1),
        "borrowing_required": lines["borrowing_drawn"].sum(axis=1),
        "peak_debt": np.maximum(closing.max(axis=1), 0.0),
        "pv_sources": present_value(lines["total_sources"], factors),
        "pv_investment": present_value(lines["investment"], factors),
        "funding_ratio": ratio,
        "first_borrowing_year": first_true(lines["borrowing_drawn"] > 0.005),
        "total_interest": lines["interest"].sum(axis=1),
        "total_revenue_cost": lines["revenue_cost"].sum(axis=1),
        "debt_at_end": closing[:, -1],
    }
    summary.update(share)
    return {k: v if np.shape(v) == (n,) else np.broadcast_to(v, (n,)).copy() for k, v in summary.items()}


def _checks(lines: dict, summary: dict, src: Sources, years: list[str]) -> list[CheckOutcome]:
    n = src.n
    outside = sum(src.outside.values(), np.zeros(n))
    names = ", ".join(past_horizon(src)).replace("{", "{{").replace("}", "}}") or "No source"
    end_gap = lines["cumulative_gap"][:, -1]
    counted = summary["total_funding"] + outside
    tolerance = np.maximum(0.005, 1e-12 * np.abs(src.entered))
    return [
        CheckOutcome(
            "Sources end within the horizon",
            outside <= 0.005,
            f"Every source is counted in full by {years[-1]}",
            f"{names} run past the horizon: {{amount}} falls after {years[-1]} and is not counted",
            amount=outside,
        ),
        beyond_horizon(
            "Gap closed within the horizon",
            end_gap,
            len(years),
            f"The sources cover the investment by {years[-1]}",
            "The gap is never closed: the cumulative gap is still {amount} in {year}",
            tolerance=0.005,
        ),
        tie_out(
            "Sources sum to the total",
            src.entered - counted,
            "The sources as entered tie out to total sources plus the amounts after the horizon",
            "The sources as entered and the total counted (with the amounts after the horizon) differ by {amount}",
            tolerance=tolerance,
        ),
    ]


def cross_validate(inputs: Inputs) -> list[InputError]:
    first, last = inputs.start_year, inputs.start_year + inputs.horizon - 1
    errors = cross_validate_sources(inputs)
    planned = sum((r["amount"] for r in inputs.rows("investment")), np.zeros(inputs.n))
    if inputs.brs_project_cost is not None and np.any(inputs.brs_project_cost > planned + 0.005):
        errors.append(
            InputError(
                "brs_project_cost",
                float(np.max(inputs.brs_project_cost)),
                f"enter at most the investment plan's total ({float(np.min(planned)):,.0f}): the project is "
                "part of the plan",
                BRS_PROJECT.label,
            )
        )
    for i, row in enumerate(inputs.rows("investment"), start=1):
        if not first <= row["year"] <= last:
            errors.append(
                InputError(
                    f"investment[{i}].year",
                    fy_label(row["year"]),
                    f"enter a year from {fy_label(first)} to {fy_label(last)} (inside the years modelled)",
                    "Financial year",
                )
            )
    return errors


SPEC = ModelSpec(
    key="programme",
    label="Funding for Growth programme",
    description="Funding streams and other models' yields against a capital investment plan, with the "
    "borrowing that meets the gap and its revenue cost.",
    fields=FIELDS,
    tables=SOURCE_TABLES + (INVESTMENT,),
    lines=LINES,
    metrics=METRICS,
    compute=compute,
    checks=CHECKS,
    cross_validate=cross_validate,
    source=FFG + "; WMCA Aims and Objectives 2021 (seed 002)",
    dynamic_lines=(LineItem("source", "Source", "£"),),
    dynamic_metrics=(Metric("share", "Share of investment funded", "ratio"),),
)
