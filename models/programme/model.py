"""Funding for Growth programme: sources against an investment plan, and the borrowing for the gap.

Per year: each source (`source:<name>` lines), total sources, capital and revenue sources,
investment (with optimism bias) split into capital and revenue, the capital gap (capital uses less
capital sources), the cumulative gap, borrowing drawn, interest, scheduled repayment,
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
- Capital and revenue are kept apart: capital sources and declared revenue contributions to
  capital meet capital uses, and only the capital gap is borrowed; revenue sources meet revenue
  uses and the revenue cost of borrowing (interest + MRP), in the revenue balance. A capital
  surplus never meets revenue costs; a revenue balance that runs short is a failed check.
- The scheduled repayment is MRP by the asset-life method (models.core.mrp), from the year
  after each year's spending comes into use (`years_to_use` after it is spent).
- PVs are of two kinds, kept apart (models.programme.appraisal): real at the Green Book
  schedule, and cash at the borrowing rate. Prudential indicators: models.programme.prudential.
- The peak cumulative gap is never below zero; its year is None when the programme never
  falls short. `share:<name>` is the source's total within the horizon over total
  investment (with optimism bias); the shares sum to `funding_ratio` and may pass 1.
- Per-source lines (`source:<name>`) and shares (`share:<name>`) are the spec's dynamic lines
  and metrics; the declared lines are the totals.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from models.core import mrp
from models.core.checks import beyond_horizon, tie_out
from models.core.declare import LineItem, Metric, ModelSpec
from models.core.errors import InputError
from models.core.finance import col
from models.core.result import CheckOutcome, Outcome, first_true
from models.core.tables import one_if_same
from models.core.timeline import fy_label, year_labels
from models.core.validation import Inputs
from models.core.years import held_lines, into, running_total, year_sums
from models.programme import appraisal, prudential
from models.programme.inputs import CHECKS, FFG, FIELDS, INVESTMENT, LINES, METRICS
from models.programme.ringfence import FIELD as BRS_PROJECT
from models.programme.ringfence import ring_fence_check
from models.programme.single import financing_single
from models.programme.sources import (
    CAPITAL,
    RCCO,
    REVENUE,
    Sources,
    cross_validate_sources,
    dated,
    one_row,
    past_horizon,
    sources,
)
from models.programme.sources import TABLES as SOURCE_TABLES


def compute(inputs: Inputs, profiles: dict | None = None, ring_fenced: tuple = ()) -> Outcome:
    """Every trial at once. `profiles` maps each link's name to the linked run's line, placed
    on this programme's years by the planner ((n, T), (1, T) or (T,)); `share` is applied here.
    `ring_fenced` names the links that carry a Business Rate Supplement's yield (models.programme.ringfence).

    Lines that differ by trial are held years-first (models.core.years), so that a Monte Carlo
    sorts each year's trials where they lie; a line the same in every trial is worked as its one
    row and spread over the trials."""
    src = sources(inputs, profiles)
    n, horizon = src.n, inputs.horizon
    held = held_lines(HELD, n, horizon)
    plan = {kind: _uses(inputs, kind) for kind in (CAPITAL, REVENUE)}  # before optimism bias
    uplift = 1.0 + col(inputs.optimism_bias)
    # a plan with nothing in it stays nothing whatever the uplift (never below 1): one row of zeros
    capital, revenue = (
        into(held[name], np.multiply, plan[kind], uplift) if plan[kind].any() else plan[kind] for name, kind in USES
    )
    totals = {
        "total_sources": src.total(horizon, names=src.lines),
        "capital_sources": src.total(horizon, CAPITAL),
        "revenue_contributions": src.total(horizon, RCCO),
        "revenue_sources": src.total(horizon, REVENUE),
        # no revenue spending: the investment is the capital line itself (capital + 0 is the capital)
        "investment": into(held["investment"], np.add, capital, revenue) if plan[REVENUE].any() else capital,
        "capital_investment": capital,
        "revenue_spending": revenue,
    }
    gap = into(held["gap"], np.subtract, capital, one_row(totals["capital_sources"]))
    gap = into(held["gap"], np.subtract, gap, one_row(totals["revenue_contributions"]))
    totals.update(gap=gap, cumulative_gap=running_total(gap, out=held["cumulative_gap"]))
    totals = {k: spread(v, n) for k, v in totals.items()}
    policy = (inputs.asset_life, inputs.repayment_policy, inputs.years_to_use)
    totals.update(_financing(totals["gap"], inputs.borrowing_rate, *policy, held=held))
    balance = into(held["revenue_balance"], np.subtract, one_row(totals["revenue_sources"]), revenue)
    totals["revenue_balance"] = into(held["revenue_balance"], np.subtract, balance, totals["revenue_cost"])
    extra_lines, extra_summary, extra_checks = prudential.indicators(inputs, totals, held)
    totals.update(extra_lines)
    lines = {f"source:{name}": line for name, line in src.lines.items()}
    lines.update((item.name, totals[item.name]) for item in LINES)
    lines.update((k, v) for k, v in extra_lines.items() if k.startswith("ratio:"))
    balance_to_date = running_total(lines["revenue_balance"], out=held["balance_to_date"])
    summary = _summary(inputs, lines, src, balance_to_date)
    summary.update(appraisal.present_values(inputs, lines["total_sources"], lines["investment"]))
    summary.update(extra_summary)
    summary = {k: v if np.shape(v) == (n,) else np.broadcast_to(v, (n,)).copy() for k, v in summary.items()}
    years = year_labels(inputs.start_year, horizon)
    brs = src.total(horizon, names=ring_fenced)
    checks = [ring_fence_check(inputs, lines, brs, plan[CAPITAL] + plan[REVENUE])]
    checks += _checks(lines, summary, src, years, balance_to_date)
    return Outcome(SPEC, years, lines, summary, checks + extra_checks)


USES = (("capital_investment", CAPITAL), ("revenue_spending", REVENUE))
FINANCED = ("borrowing_drawn", "interest", "repayment", "surplus_repayment", "closing_debt", "reserve", "revenue_cost")
# every line that may differ by trial, and the model's scratch, each (n, T) held years-first
HELD = (
    ("capital_investment", "revenue_spending", "investment", "gap", "cumulative_gap")
    + FINANCED
    + ("revenue_balance", "balance_to_date", "scaled")
    + prudential.HELD
)


def spread(line: np.ndarray, n: int) -> np.ndarray:
    """A line of one row spread over the n trials (read-only, no copy); any other as it is."""
    return line if line.shape[0] == n else np.broadcast_to(line, (n, line.shape[1]))


def _uses(inputs: Inputs, kind: str) -> np.ndarray:
    """The investment plan's capital or revenue rows summed by year, (1, T) or (n, T) (`sources.dated`)."""
    rows = [row for row in inputs.rows("investment") if row["kind"] == kind]
    if not rows:
        return np.zeros((1, inputs.horizon))
    return dated(
        np.array([row["year"] for row in rows]), [row["amount"] for row in rows], inputs.start_year, inputs.horizon
    )


def _financing(
    gap: np.ndarray, rate: ArrayLike, life: ArrayLike, policy: str, delay: int = 0, held: dict | None = None
) -> dict[str, np.ndarray]:
    """Borrowing for the gap the reserve cannot meet; surpluses repay debt, then build the reserve.

    After the year's scheduled repayment leaves debt d, the net position d - reserve + gap is
    the new debt if positive, else (negated) the new reserve: a surplus repays debt before it
    builds the reserve, and a gap is met from the reserve before anything is borrowed.
    `scaled[s]` is year s's drawdown times what is left of it after repayments from surplus
    (each shrinks every outstanding drawdown in proportion), so its scheduled repayment at age
    k is scaled * kernel(k) and it is repaid in full at age `asset_life`. Arrays are held
    years-first, (T, n), so each year's sum over drawdowns runs down columns; the lines
    returned are (n, T) views of them, in `held`'s lines of the same names when given.
    """
    n, horizon = gap.shape
    kernel = mrp.kernel(one_if_same(rate), one_if_same(life), policy, horizon, int(delay))
    r = np.broadcast_to(col(rate)[:, 0], (n,))
    if n == 1:
        lines = financing_single(gap[0].tolist(), float(r[0]), kernel[:, 0].tolist())
        return {k: np.array(v, dtype=float).reshape(1, horizon) for k, v in lines.items()}
    held = held or held_lines(FINANCED + ("scaled",), n, horizon)
    gap_t, surplus_years = np.ascontiguousarray(gap.T), np.any(gap < 0.0, axis=0)
    out = {k: held[k].T for k in FINANCED}
    drawn_t, interest, repayment, repaid, closing, reserves, cost = out.values()
    scaled = held["scaled"].T
    repayment[0], interest[0] = 0.0, 0.0
    debt, reserve = np.zeros(n), np.zeros(n)
    for t in range(horizon):  # each year's debt and reserve depend on the last
        if t:  # drawdowns of years 0 … t-1 are aged t … 1: kernel rows t-1 … 0
            np.einsum("ij,ij->j", scaled[:t], kernel[t - 1 :: -1], out=repayment[t])
        after = np.maximum(debt - repayment[t], 0.0)  # rounding must not overshoot into a drawdown
        net = after - reserve + gap_t[t]
        debt = np.maximum(net, 0.0, out=closing[t])
        reserve = np.subtract(debt, net, out=reserves[t])
        change = debt - after
        drawn = np.maximum(change, 0.0, out=drawn_t[t])
        np.subtract(drawn, change, out=repaid[t])
        if t and surplus_years[t]:
            scaled[:t] *= np.divide(debt, after, out=np.ones(n), where=debt < after)
        scaled[t] = drawn
    np.multiply(closing[:-1], r, out=interest[1:])  # on the opening debt
    np.add(interest, repayment, out=cost)
    return {k: v.T for k, v in out.items()}


def _summary(inputs: Inputs, lines: dict, src: Sources, balance_to_date: np.ndarray) -> dict[str, np.ndarray]:
    n = src.n
    cumulative, closing = lines["cumulative_gap"], lines["closing_debt"]
    funding, investment = (year_sums(one_row(lines[k])) for k in ("total_sources", "investment"))
    peak = cumulative.max(axis=1)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # no investment: no share
        share = {
            f"share:{k}": np.where(investment > 0, year_sums(one_row(v)) / investment, np.nan)
            for k, v in src.lines.items()
        }
        ratio = np.where(investment > 0, funding / investment, np.nan)
    summary = {
        "total_funding": funding,
        "total_investment": investment,
        "peak_cumulative_gap": np.maximum(peak, 0.0),
        "peak_cumulative_gap_year": np.where(peak > 0.005, cumulative.argmax(axis=1), -1),
        "borrowing_required": lines["borrowing_drawn"].sum(axis=1),
        "peak_debt": np.maximum(closing.max(axis=1), 0.0),
        "capital_funding": year_sums(one_row(lines["capital_sources"]) + one_row(lines["revenue_contributions"])),
        "revenue_funding": year_sums(one_row(lines["revenue_sources"])),
        "revenue_shortfall": np.maximum(-balance_to_date.min(axis=1), 0.0),
        "funding_ratio": ratio,
        "first_borrowing_year": first_true(lines["borrowing_drawn"] > 0.005),
        "total_interest": lines["interest"].sum(axis=1),
        "total_revenue_cost": lines["revenue_cost"].sum(axis=1),
        "debt_at_end": closing[:, -1],
    }
    summary.update(share)
    return {k: v if np.shape(v) == (n,) else np.broadcast_to(v, (n,)).copy() for k, v in summary.items()}


def _checks(
    lines: dict, summary: dict, src: Sources, years: list[str], balance_to_date: np.ndarray
) -> list[CheckOutcome]:
    n = src.n
    outside = sum(src.outside.values(), np.zeros(n))
    names = ", ".join(past_horizon(src)).replace("{", "{{").replace("}", "}}") or "No source"
    end_gap = lines["closing_debt"][:, -1] - lines["reserve"][:, -1]  # the capital gap less MRP to date
    short = balance_to_date < -0.005
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
            f"The capital gap is closed by {years[-1]}: capital sources, contributions and MRP repay the borrowing",
            "The capital gap is not closed: {amount} of borrowing is still to be repaid in {year}",
            tolerance=0.005,
        ),
        tie_out(
            "Sources sum to the total",
            src.entered - counted,
            "The sources as entered tie out to total sources plus the amounts after the horizon",
            "The sources as entered and the total counted (with the amounts after the horizon) differ by {amount}",
            tolerance=tolerance,
        ),
        CheckOutcome(
            "Revenue costs met from revenue",
            ~np.any(short, axis=1),
            "Revenue sources meet revenue spending and the revenue cost of borrowing in every year",
            "From {year} revenue spending and the cost of borrowing exceed revenue sources, by up to {amount}: "
            "borrowing, capital grants and capital receipts cannot meet revenue costs",
            year=first_true(short),
            amount=summary["revenue_shortfall"],
        ),
        tie_out(
            "Borrowing for capital only",
            np.maximum(lines["borrowing_drawn"] - np.maximum(lines["gap"], 0.0), 0.0),
            "No year borrows more than its capital gap: borrowing finances capital only",
            "Borrowing exceeds the capital gap by {amount} in {year}",
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
    dated = [(f"investment[{i}].year", row["year"]) for i, row in enumerate(inputs.rows("investment"), start=1)]
    dated += [(f"limits[{i}].year", row["year"]) for i, row in enumerate(inputs.rows("limits"), start=1)]
    outside = [(where, year) for where, year in dated if not first <= year <= last]
    for where, year in outside + appraisal.year_errors(inputs):
        errors.append(
            InputError(
                where,
                fy_label(year),
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
    tables=SOURCE_TABLES + (INVESTMENT, appraisal.DEFLATOR, prudential.LIMITS),
    lines=LINES,
    metrics=METRICS,
    compute=compute,
    checks=CHECKS,
    cross_validate=cross_validate,
    source=FFG + "; WMCA Aims and Objectives 2021 (seed 002)",
    dynamic_lines=(LineItem("source", "Source", "£"), prudential.RATIO_LINE),
    dynamic_metrics=(Metric("share", "Share of investment funded", "ratio"),),
)
