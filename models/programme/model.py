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
from models.core.tables import by_year, one_if_same
from models.core.timeline import fy_label, year_labels
from models.core.validation import Inputs
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
    one_row,
    past_horizon,
    sources,
)
from models.programme.sources import TABLES as SOURCE_TABLES


def compute(inputs: Inputs, profiles: dict | None = None, ring_fenced: tuple = ()) -> Outcome:
    """Every trial at once. `profiles` maps each link's name to the linked run's line, placed
    on this programme's years by the planner ((n, T), (1, T) or (T,)); `share` is applied here.
    `ring_fenced` names the links that carry a Business Rate Supplement's yield (models.programme.ringfence)."""
    src = sources(inputs, profiles)
    n, horizon = src.n, inputs.horizon
    uplift = 1.0 + col(inputs.optimism_bias)
    capital, revenue = (np.broadcast_to(_uses(inputs, kind) * uplift, (n, horizon)) for kind in (CAPITAL, REVENUE))
    totals = {
        "total_sources": src.total(horizon, names=src.lines),
        "capital_sources": src.total(horizon, CAPITAL),
        "revenue_contributions": src.total(horizon, RCCO),
        "revenue_sources": src.total(horizon, REVENUE),
        "investment": capital + revenue,
        "capital_investment": capital,
        "revenue_spending": revenue,
    }
    gap = capital - totals["capital_sources"] - totals["revenue_contributions"]
    totals.update(gap=gap, cumulative_gap=np.cumsum(gap, axis=1))
    policy = (inputs.asset_life, inputs.repayment_policy, inputs.years_to_use)
    totals.update(_financing(gap, inputs.borrowing_rate, *policy))
    totals["revenue_balance"] = totals["revenue_sources"] - revenue - totals["revenue_cost"]
    extra_lines, extra_summary, extra_checks = prudential.indicators(inputs, totals)
    totals.update(extra_lines)
    lines = {f"source:{name}": line for name, line in src.lines.items()}
    lines.update((item.name, totals[item.name]) for item in LINES)
    lines.update((k, v) for k, v in extra_lines.items() if k.startswith("ratio:"))
    summary = _summary(inputs, lines, src)
    summary.update(appraisal.present_values(inputs, lines["total_sources"], lines["investment"]))
    summary.update(extra_summary)
    summary = {k: v if np.shape(v) == (n,) else np.broadcast_to(v, (n,)).copy() for k, v in summary.items()}
    years = year_labels(inputs.start_year, horizon)
    brs = src.total(horizon, names=ring_fenced)
    plan = np.broadcast_to(_uses(inputs, CAPITAL) + _uses(inputs, REVENUE), (n, horizon))  # before optimism bias
    checks = [ring_fence_check(inputs, lines, brs, plan)]
    return Outcome(SPEC, years, lines, summary, checks + _checks(lines, summary, src, years) + extra_checks)


def _uses(inputs: Inputs, kind: str) -> np.ndarray:
    """The investment plan's capital or revenue rows summed by year, (n, T)."""
    rows = [row for row in inputs.rows("investment") if row["kind"] == kind]
    if not rows:
        return np.zeros((inputs.n, inputs.horizon))
    amounts = np.stack([np.broadcast_to(row["amount"], (inputs.n,)) for row in rows], axis=1)
    return by_year(np.array([row["year"] for row in rows]), amounts, inputs.start_year, inputs.horizon)


def _financing(gap: np.ndarray, rate: ArrayLike, life: ArrayLike, policy: str, delay: int = 0) -> dict[str, np.ndarray]:
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
    kernel = mrp.kernel(one_if_same(rate), one_if_same(life), policy, horizon, int(delay))
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
        after = np.maximum(debt - out["repayment"][t], 0.0)  # rounding must not overshoot into a drawdown
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


def _summary(inputs: Inputs, lines: dict, src: Sources) -> dict[str, np.ndarray]:
    n = src.n
    cumulative, closing = lines["cumulative_gap"], lines["closing_debt"]
    funding, investment = one_row(lines["total_sources"]).sum(axis=1), one_row(lines["investment"]).sum(axis=1)
    peak = cumulative.max(axis=1)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # no investment: no share
        share = {
            f"share:{k}": np.where(investment > 0, one_row(v).sum(axis=1) / investment, np.nan)
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
        "capital_funding": (lines["capital_sources"] + lines["revenue_contributions"]).sum(axis=1),
        "revenue_funding": lines["revenue_sources"].sum(axis=1),
        "revenue_shortfall": np.maximum(-np.cumsum(lines["revenue_balance"], axis=1).min(axis=1), 0.0),
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
    end_gap = lines["closing_debt"][:, -1] - lines["reserve"][:, -1]  # the capital gap less MRP to date
    short = np.cumsum(lines["revenue_balance"], axis=1) < -0.005
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
