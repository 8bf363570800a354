"""Business Rate Supplement (MODELS.md section 1): yield, supportable borrowing, ballot.

A levying authority may add up to 2p per £ of RV to the rates of hereditaments above a threshold
(Business Rate Supplements Act 2009) to fund an economic-development project. The rating list
is read in `models.brs.bands`, the ballot in `models.brs.ballot`; each states its own choices.

Choices MODELS.md leaves open:
- The levy starts in year 0, as the loan is drawn. A levy longer than the horizon is a check,
  not an error: yield after the horizon is left out everywhere.
- Supportable borrowing is PV(net / cover) over the loan term at the borrowing rate, net of the
  set-up cost, floored at zero. `project_share` is it over `project_cost * (1 + optimism_bias)`,
  not capped at 1 (above 1 the levy supports more than the project needs).
- The repayment profile repays `loan_amount` if given, else the supportable borrowing, from
  the net yield applied in full; a year of negative net yield pays nothing towards the loan
  (its shortfall shows as a negative `surplus`). A balance left when the levy ends keeps
  accruing interest with nothing to repay it, and the `levy_repays_loan` check flags it.
  `repayment` is principal: loan_opening - repayment = loan_closing.
- `pv_net_yield` discounts the cash net yield on the Green Book schedule as MODELS.md says; that
  rate is real, so for a strict real-terms appraisal enter rv_growth and cost_inflation real.
- Counts and the ballot use the levy's first-year list; the ballot's rule is the one in force in
  the levy's first year (models.brs.ballot).
- The legal limits (threshold, multiplier) are read from the rulebook year by year
  (models.brs.lawful); an override in a scenario (`rules.<id>`) changes them. Loan lines under 1e-12 of the money are 0.
- With a rating list (list mode), each billing authority collects the supplement on the
  hereditaments in its area: `collected:<authority>` is its liable RV, grown, times the
  multiplier, less reliefs and collection losses at the same rates as the whole (the inputs give
  no rates by authority). The lines add up to gross - reliefs - losses; administration is the
  levying authority's and is not split.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from models.brs.ballot import ballot, ballot_checks, ballot_errors
from models.brs.bands import (
    average_gap,
    band_columns,
    band_errors,
    liable_by_year,
    mode_errors,
    revaluation_errors,
    threshold_errors,
)
from models.brs.inputs import ACT, CHECKS, COLLECTED, DATA, FIELDS, LINES, METRICS, PENNY, TABLES
from models.brs.lawful import multiplier_check, threshold_check
from models.core.checks import beyond_horizon, limit, tie_out
from models.core.declare import ModelSpec
from models.core.finance import (
    col,
    green_book_factors,
    index_factor,
    present_value,
    repayment_profile,
    supportable_borrowing,
)
from models.core.result import CheckOutcome, Outcome, amount_at
from models.core.tables import one_if_same
from models.core.timeline import year_labels
from models.core.validation import Inputs


def cross_validate(inputs: Inputs) -> list:
    errors = mode_errors(inputs) + band_errors(inputs) + revaluation_errors(inputs) + ballot_errors(inputs)
    return errors or threshold_errors(inputs)


def _yield(inputs: Inputs, base: dict, levy: np.ndarray) -> dict[str, np.ndarray]:
    # each line is computed in its own array, then zeroed outside the levy: the same arithmetic as
    # np.where(levy, ..., 0.0) without a second (n, T) array per line (list mode runs 10,000 trials)
    horizon, off = inputs.horizon, ~levy
    # C order, as np.where made it: a row's sum (totals, PVs) then adds up in the same order
    liable_rv = np.multiply(base["rv"], index_factor(one_if_same(inputs.rv_growth), horizon), order="C")
    np.copyto(liable_rv, 0.0, where=off)
    gross = liable_rv * col(inputs.multiplier_pence)
    gross /= 100.0
    reliefs = gross * col(inputs.relief_rate)
    losses = gross - reliefs
    losses *= 1.0 - col(inputs.collection_rate)
    admin = col(inputs.annual_admin_cost) * index_factor(one_if_same(inputs.cost_inflation), horizon)
    admin[:, 0] += col(inputs.setup_cost)[:, 0]
    np.copyto(admin, 0.0, where=off)
    net = gross - reliefs
    net -= losses
    net -= admin
    return {
        "hereditaments": np.where(levy, base["count"], 0.0),
        "liable_rv": liable_rv,
        "gross": gross,
        "reliefs": reliefs,
        "losses": losses,
        "admin": admin,
        "net": net,
    }


def _collected(inputs: Inputs, base: dict, levy: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray | None]:
    """Each billing authority's collected supplement (list mode only): its lines, and all of them
    as one (A, n, T) array for the tie-out."""
    rl = inputs.rating_list
    if rl is None:
        return {}, None
    rates = (one_if_same(getattr(inputs, k)) for k in ("multiplier_pence", "relief_rate", "collection_rate"))
    pence, relief, collection = (col(r) for r in rates)
    keep = pence / 100.0 * (1.0 - relief) * collection
    factor = np.where(levy, index_factor(one_if_same(inputs.rv_growth), inputs.horizon) * keep, 0.0)
    by, which = base["by_authority"], base["which"]  # (A, n, P) by revaluation period; (T,) its period
    if by.shape[2] == 1:  # one list for the whole horizon: the years come from broadcasting
        collected = by * factor  # (A, n, T) in one step; each authority's line is a view
    else:
        collected = by[:, :, which]
        collected *= factor
    return {f"collected:{rl.label(code)}": collected[a] for a, code in enumerate(rl.authorities)}, collected


def _financing(inputs: Inputs, net: np.ndarray) -> tuple[dict, np.ndarray, np.ndarray, np.ndarray]:
    """Lines of the loan, the supportable borrowing, the loan repaid and its repayment year."""
    rate = one_if_same(inputs.borrowing_rate)  # the discount factors once, when the rate is the same in every trial
    borrowing = np.maximum(supportable_borrowing(net, rate, inputs.loan_term_years, inputs.cover_ratio), 0.0)
    loan = borrowing if inputs.loan_amount is None else inputs.loan_amount * 1.0
    p = repayment_profile(loan, np.maximum(net, 0.0), inputs.borrowing_rate)
    lines = {
        "loan_opening": p["opening"],
        "interest": p["interest"],
        "repayment": p["principal"],
        "loan_closing": p["closing"],
        "debt_service": p["payment"],
        "surplus": net - p["payment"],
    }
    # zero the float dust of an exact repayment (~1e-7 on £1bn) relative to the money, so k-scaling holds
    dust = 1e-12 * (np.abs(loan)[:, None] + np.abs(net).sum(axis=1, keepdims=True))
    for v in lines.values():  # each line its own array (repayment_profile's, or the surplus just made)
        np.copyto(v, 0.0, where=np.abs(v) < dust)
    return lines, borrowing, loan, p["repaid"]


def _levy_checks(
    inputs: Inputs, lines: dict, base: dict, bands: dict, levy: np.ndarray, collected: np.ndarray | None = None
) -> list[CheckOutcome]:
    horizon, gap = inputs.horizon, average_gap(bands)
    years = year_labels(inputs.start_year, horizon)
    last = np.minimum(inputs.levy_years, horizon).astype(int) - 1
    owed = amount_at(lines["loan_closing"], last)
    over = inputs.levy_years - horizon
    banded = bool(inputs.rows("bands"))
    listed = inputs.rating_list is not None
    tie_gap = base["tie_gap"]
    if collected is not None:  # list mode: the authorities' collected lines against the total they split
        parts = collected.sum(axis=0)
        whole = lines["gross"] - lines["reliefs"] - lines["losses"]
        tie_gap = np.maximum(tie_gap, np.abs(parts - whole).max(axis=1))
    return [
        threshold_check(inputs, base["threshold"], levy, years),
        multiplier_check(inputs, levy, years),
        limit(
            "levy_repays_loan",
            owed <= PENNY,
            "The loan is repaid by the end of the levy.",
            "At the end of {year}, the levy's last year within the horizon, {amount} of the loan is still owed.",
            severity="policy",
            year=last,
            amount=owed,
        ),
        beyond_horizon(
            "levy_within_horizon",
            over,
            horizon,
            "The levy ends within the horizon.",
            "The levy runs {amount} past {year}, the horizon's last year: that yield is left out "
            "of the totals, the PV and the supportable borrowing.",
            unit="years",
        ),
        tie_out(
            "liable_rv_tie_out",
            tie_gap,
            _tie_words(banded, listed),
            "The rating list's liable and exempt parts, or the billing authorities' parts, differ from the "
            "whole by {amount}."
            if listed
            else "A band's liable and exempt parts differ from its RV by {amount}.",
        ),
        CheckOutcome(
            "band_averages",
            gap <= 0.01,
            "Each band's average RV lies inside its bounds."
            if banded
            else "The rating list is read hereditament by hereditament: there are no bands to test."
            if listed
            else "The liable RV is entered as a total: there are no bands to test.",
            "A band's average RV lies {amount} outside its bounds: check the rating list "
            "extract (the split assumes RV spread evenly inside each band).",
            None,
            gap,
            "£",
        ),
    ]


def _tie_words(banded: bool, listed: bool) -> str:
    if listed:
        return (
            "The rating list's liable and exempt parts add back to its total, and the billing "
            "authorities' parts to the whole, to the penny."
        )
    if banded:
        return "Each band's liable and exempt parts add back to its RV, to the penny."
    return "The liable RV is entered as a total: there are no band parts to tie out."


def compute(inputs: Inputs, **context: Any) -> Outcome:
    """Yield, financing, appraisal and ballot for every trial at once."""
    horizon = inputs.horizon
    bands = band_columns(inputs)
    base = liable_by_year(inputs, bands)
    levy = np.arange(horizon) < col(inputs.levy_years)
    lines = _yield(inputs, base, levy)
    by_authority, collected = _collected(inputs, base, levy)
    lines.update(by_authority)
    loan_lines, borrowing, loan, repaid = _financing(inputs, lines["net"])
    lines.update(loan_lines)
    cost = inputs.project_cost * (1.0 + inputs.optimism_bias)
    raised = (lines["gross"] - lines["reliefs"] - lines["losses"]).sum(axis=1)
    votes = ballot(inputs, base["first"], raised, inputs.project_cost)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(cost > 0, borrowing / cost, np.nan)
    summary = {
        "liable_hereditaments": lines["hereditaments"][:, 0],
        "liable_rv": lines["liable_rv"][:, 0],
        "first_year_gross_yield": lines["gross"][:, 0],
        "first_year_net_yield": lines["net"][:, 0],
        "total_gross_yield": lines["gross"].sum(axis=1),
        "total_net_yield": lines["net"].sum(axis=1),
        "pv_net_yield": present_value(lines["net"], green_book_factors(one_if_same(inputs.appraisal_rate), horizon)),
        "supportable_borrowing": borrowing,
        "loan": loan,
        "repaid_year": repaid,
        "project_cost_with_bias": cost,
        "project_share": share,
    }
    summary.update({m.name: votes[m.name] for m in METRICS if m.name in votes})
    checks = _levy_checks(inputs, lines, base, bands, np.broadcast_to(levy, lines["gross"].shape), collected)
    checks[4:4] = ballot_checks(inputs, votes)
    return Outcome(SPEC, year_labels(inputs.start_year, horizon), lines, summary, checks)


SPEC = ModelSpec(
    key="brs",
    label="Business Rate Supplement",
    description="A supplement of up to 2p per £ of RV on hereditaments above a threshold, levied to "
    "fund an economic-development project: its yield, the borrowing it supports, the "
    "loan's repayment, the Green Book PV and the ratepayers' ballot.",
    fields=FIELDS,
    tables=TABLES,
    lines=LINES,
    metrics=METRICS,
    compute=compute,
    checks=CHECKS,
    cross_validate=cross_validate,
    rules=("brs.ballot_trigger.wales",),
    source=ACT + "; SI 2009/2542; Localism Act 2011 s. 68; HM Treasury Green Book",
    dynamic_lines=(COLLECTED,),
    data=DATA,
)
