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

from models.brs import rating_list
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
from models.brs.lawful import multiplier_check, threshold_check
from models.core.checks import beyond_horizon, limit, tie_out
from models.core.declare import DataInput, Field, LineItem, Metric, ModelSpec, TableSpec
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

ACT = "Business Rate Supplements Act 2009"
CAP_PENCE = 2.0  # the default multiplier: the statutory cap (the check reads the rule, models.rules)
PENNY = 0.005  # a balance below half a penny is repaid
VOA = "Illustrative: replace with the VOA rating list extract for the levying authority's area"


def _money(
    name: str, label: str, default: Any, group: str, help: str, source: str, unit: str = "£", **kw: Any
) -> Field:
    return Field(name, label, unit, default, 0.0, 1e12, help=help, source=source, fmt="gbp", group=group, **kw)


def _rate(
    name: str,
    label: str,
    default: Any,
    group: str,
    help: str,
    source: str,
    low: float = 0.0,
    high: float = 1.0,
    unit: str = "%",
) -> Field:
    return Field(name, label, unit, default, low, high, help=help, source=source, fmt="pct", group=group)


def _whole(
    name: str,
    label: str,
    default: Any,
    group: str,
    help: str,
    source: str,
    low: float = 1,
    high: float = 125,
    unit: str = "years",
    **kw: Any,
) -> Field:
    return Field(name, label, unit, default, low, high, help=help, source=source, fmt="int", group=group, **kw)


BANDS = (  # a West Midlands-sized list; averages lie inside each band
    {"lower": 0.0, "upper": 12_000.0, "hereditaments": 60_000, "rateable_value": 300_000_000.0},
    {"lower": 12_000.0, "upper": 25_000.0, "hereditaments": 20_000, "rateable_value": 360_000_000.0},
    {"lower": 25_000.0, "upper": 50_000.0, "hereditaments": 14_000, "rateable_value": 490_000_000.0},
    {"lower": 50_000.0, "upper": 100_000.0, "hereditaments": 5_000, "rateable_value": 350_000_000.0},
    {"lower": 100_000.0, "upper": 250_000.0, "hereditaments": 2_200, "rateable_value": 330_000_000.0},
    {"lower": 250_000.0, "upper": 1_000_000.0, "hereditaments": 800, "rateable_value": 380_000_000.0},
    {"lower": 1_000_000.0, "upper": None, "hereditaments": 180, "rateable_value": 450_000_000.0},
)

FIELDS = (
    Field(
        "start_year",
        "First year of the levy",
        "year",
        2020,
        1990,
        2100,
        fmt="year",
        structural=True,
        group="Timing",
        help="Calendar year in which the levy's first financial year starts.",
        source="Illustrative: the year the BRS is first billed",
    ),
    _whole(
        "horizon",
        "Years modelled",
        30,
        "Timing",
        "Financial years modelled from the start year.",
        "Convention: the levy plus a few years",
        structural=True,
    ),
    _money(
        "threshold",
        "RV threshold",
        50_000.0,
        "Rating list",
        "Only hereditaments whose RV exceeds "
        "this pay. A band straddling it is split; it must not fall inside the open top band.",
        "SI 2009/2542 reg. 2 (under the Act's s. 12(1), which sets no figure): RV must exceed £50,000 in "
        "England; an authority may set a higher threshold as its own policy (the GLA's Crossrail BRS: £55,000 "
        "from 2010, £70,000 from 2017, £75,000 from 2023, £92,000 from 2026)",
        unit="£ RV",
        rule="brs.min_rv_threshold",
    ),
    _money(
        "liable_rv",
        "Liable RV (total)",
        None,
        "Rating list",
        "Total RV of hereditaments above the threshold; used only when the bands table is empty.",
        VOA,
        unit="£ RV",
        optional=True,
    ),
    _whole(
        "liable_hereditaments",
        "Liable hereditaments (total)",
        None,
        "Rating list",
        "Hereditaments above the threshold; used only when the bands table is empty.",
        VOA,
        low=0,
        high=1e8,
        unit="hereditaments",
        optional=True,
    ),
    _rate(
        "rv_growth",
        "RV growth",
        0.01,
        "Rating list",
        "Annual growth of liable RV (new and altered hereditaments); revaluations are entered separately.",
        "Illustrative: replace with the trend in the councils' NNDR returns",
        low=-0.5,
        high=0.5,
        unit="% a year",
    ),
    Field(
        "multiplier_pence",
        "Supplement multiplier",
        "p per £ RV",
        CAP_PENCE,
        0.0,
        10.0,
        fmt="pence",
        group="Levy",
        help="Pence per £ of RV. Above the statutory cap (2p) is flagged.",
        source=ACT + " s. 14(6)-(7): at most 2p per £ of RV, all of an authority's BRSs together",
        rule="brs.max_multiplier",
    ),
    _whole(
        "levy_years",
        "Years of the levy",
        25,
        "Levy",
        "Years the supplement is levied from the start year.",
        "Illustrative: replace with the prospectus's levy period",
    ),
    _rate(
        "relief_rate",
        "Reliefs",
        0.05,
        "Levy",
        "Share of the supplement removed by mandatory reliefs (charities, empty property).",
        "Illustrative: replace with the share of the liable list on mandatory reliefs in the NNDR returns",
    ),
    _rate(
        "collection_rate",
        "Collection rate",
        0.98,
        "Levy",
        "Share of the supplement billed (after reliefs) that is collected.",
        "Illustrative: replace with the councils' in-year business rates collection rates",
    ),
    _money(
        "setup_cost",
        "Set-up cost",
        500_000.0,
        "Costs",
        "One-off cost of setting the levy up (prospectus, ballot, billing systems), in its first year.",
        "Illustrative: replace with the implementation budget",
    ),
    _money(
        "annual_admin_cost",
        "Annual administration cost",
        250_000.0,
        "Costs",
        "Cost of billing and collecting the supplement each year, at first-year prices.",
        "Illustrative: replace with the billing authorities' estimates",
    ),
    _rate(
        "cost_inflation",
        "Cost inflation",
        0.02,
        "Costs",
        "Annual indexation of the admin cost.",
        "Illustrative: the Bank of England's 2% CPI target",
        low=-0.5,
        high=0.5,
        unit="% a year",
    ),
    _money(
        "project_cost",
        "Project cost",
        600_000_000.0,
        "Financing",
        "Estimated total cost of the project the supplement funds, as in the prospectus (the ballot test "
        "compares the amount raised with it, without optimism bias).",
        "Illustrative: replace with the business case's cost estimate",
    ),
    _rate(
        "optimism_bias",
        "Optimism bias",
        0.0,
        "Financing",
        "Uplift on the project cost.",
        "Green Book supplementary guidance: up to 44% for standard civil engineering",
        high=2.0,
    ),
    _rate(
        "borrowing_rate",
        "Borrowing rate",
        0.03,
        "Financing",
        "Interest rate on the borrowing the supplement repays.",
        "Illustrative: replace with the PWLB rate for the loan term",
        high=0.25,
        unit="% a year",
    ),
    _whole(
        "loan_term_years",
        "Loan term",
        25,
        "Financing",
        "Years over which the borrowing is repaid.",
        "Illustrative: a 25-year PWLB loan",
    ),
    Field(
        "cover_ratio",
        "Cover ratio",
        "×",
        1.0,
        1.0,
        10.0,
        fmt="number",
        group="Financing",
        help="Net yield required per £1 of debt service; 1.0 spends the whole net yield.",
        source="Convention: 1.0; lenders may ask for more",
    ),
    _money(
        "loan_amount",
        "Loan to repay",
        None,
        "Financing",
        "A loan to test against the levy; leave empty to repay the supportable borrowing.",
        "Optional: a loan the business case names",
        optional=True,
    ),
    _rate(
        "appraisal_rate",
        "Appraisal discount rate",
        0.035,
        "Appraisal",
        "Green Book rate for years 0-30; it declines after.",
        "HM Treasury Green Book: 3.5% real",
        high=0.2,
        unit="% a year",
    ),
    Field(
        "jurisdiction",
        "Jurisdiction",
        "",
        "England",
        fmt="choice",
        choices=("England", "Wales"),
        group="Ballot",
        help="England from 15 January 2012: every new BRS needs a ballot. Wales (and England before): only "
        "when the amount the BRS is expected to raise is more than a third of the project's estimated cost.",
        source=ACT + " s. 7 as enacted; for England as amended by the Localism Act 2011 s. 68",
        rule="brs.ballot_trigger",
    ),
    _rate(
        "turnout",
        "Expected turnout",
        0.4,
        "Ballot",
        "Share of liable ratepayers expected to vote.",
        "Illustrative: replace with turnout in comparable business ballots",
    ),
    _rate(
        "yes_share_number",
        "Yes share by number",
        0.55,
        "Ballot",
        "Expected share of votes cast that are yes.",
        "Illustrative: replace with consultation evidence",
    ),
    _rate(
        "yes_share_rv",
        "Yes share by RV",
        0.55,
        "Ballot",
        "Expected share of the RV of those voting that votes yes.",
        "Illustrative: replace with consultation evidence",
    ),
)

TABLES = (
    TableSpec(
        "bands",
        "Rating bands",
        (
            _money("lower", "Lower bound", 0.0, "Rating list", "RV above which the band starts.", VOA, unit="£ RV"),
            _money(
                "upper",
                "Upper bound",
                None,
                "Rating list",
                "RV up to which the band runs; empty for the open top band.",
                VOA,
                unit="£ RV",
                optional=True,
            ),
            _whole(
                "hereditaments",
                "Hereditaments",
                0,
                "Rating list",
                "Number in the band.",
                VOA,
                low=0,
                high=1e8,
                unit="hereditaments",
            ),
            _money("rateable_value", "Rateable value", 0.0, "Rating list", "Total RV of the band.", VOA, unit="£ RV"),
            Field(
                "turnout",
                "Turnout",
                "%",
                None,
                0.0,
                1.0,
                fmt="pct",
                optional=True,
                help="Band turnout; empty uses the overall turnout.",
            ),
            Field(
                "yes_share",
                "Yes share",
                "%",
                None,
                0.0,
                1.0,
                fmt="pct",
                optional=True,
                help="Band yes share; fill in every band or none.",
            ),
        ),
        default=BANDS,
        key="lower",
        source=VOA,
        help="The rating list by RV band (lower exclusive, upper inclusive); empty to use totals.",
    ),
    TableSpec(
        "revaluations",
        "Revaluations",
        (
            Field("year", "Year", "year", 2023, fmt="year", structural=True, help="First year of the new list."),
            Field("rv_factor", "RV factor", "×", 1.0, 0.01, 10.0, help="Factor on every hereditament's RV."),
            _money(
                "threshold",
                "New threshold",
                None,
                "Rating list",
                "Threshold from this year; empty keeps the last one.",
                "",
                unit="£ RV",
                optional=True,
            ),
        ),
        key="year",
        help="Revaluations: RV steps by a factor and the threshold may move.",
        source="Crossrail BRS: the threshold moved after the 2010, 2017 and 2023 revaluations",
    ),
)

DATA = (
    DataInput(
        "rating_list",
        "Rating list (VOA)",
        rating_list.parse,
        help="Every hereditament's RV, billing authority and description code in the levying area, read "
        "from the VOA's compiled list ('Import rating list…', or `planner rating-list`): liable RV and count "
        "are then exact at any threshold. Empty the bands table and the totals to use it.",
        source="VOA compiled rating list, list entries file (restricted licence: NDR purposes only)",
    ),
)

COLLECTED = LineItem(
    "collected",
    "Supplement collected",
    "£",
    "A billing authority's part of gross - reliefs - losses: its liable RV × multiplier (list mode).",
)

LINES = (
    LineItem("hereditaments", "Liable hereditaments", "hereditaments", "Count above the threshold.", False),
    LineItem("liable_rv", "Liable RV", "£ RV", "RV above the threshold, grown and revalued.", total=False),
    LineItem("gross", "Gross supplement", "£", "liable_rv × multiplier / 100"),
    LineItem("reliefs", "Reliefs", "£", "gross × relief_rate"),
    LineItem("losses", "Collection losses", "£", "(gross - reliefs) × (1 - collection_rate)"),
    LineItem("admin", "Administration", "£", "Set-up cost in the first year plus indexed admin cost."),
    LineItem("net", "Net yield", "£", "gross - reliefs - losses - admin"),
    LineItem("loan_opening", "Loan at start of year", "£", "Last year's loan_closing.", total=False),
    LineItem("interest", "Interest", "£", "loan_opening × borrowing_rate"),
    LineItem("repayment", "Principal repaid", "£", "debt_service - interest"),
    LineItem("loan_closing", "Loan at end of year", "£", "loan_opening - repayment", total=False),
    LineItem("debt_service", "Net yield paid to the loan", "£", "The positive net yield, up to what is owed."),
    LineItem("surplus", "Net yield after the loan", "£", "net - debt_service"),
)

METRICS = (
    Metric("liable_hereditaments", "Liable hereditaments (first year)", "count"),
    Metric("liable_rv", "Liable RV (first year)"),
    Metric("first_year_gross_yield", "Gross supplement, first year"),
    Metric("first_year_net_yield", "Net yield, first year (after set-up cost)"),
    Metric("total_gross_yield", "Gross supplement over the levy"),
    Metric("total_net_yield", "Net yield over the levy"),
    Metric("pv_net_yield", "PV of the net yield (Green Book)"),
    Metric("supportable_borrowing", "Supportable borrowing"),
    Metric("loan", "Loan repaid from the levy"),
    Metric("repaid_year", "Year the loan is repaid", "year"),
    Metric("project_cost_with_bias", "Project cost with optimism bias"),
    Metric("project_share", "Share of the project cost funded", "ratio"),
    Metric("ballot_required", "Ballot required", "flag"),
    Metric("ballot_passes_number", "Ballot passes by number", "flag"),
    Metric("ballot_passes_rv", "Ballot passes by RV", "flag"),
    Metric("ballot_passes", "Ballot passes both tests", "flag"),
    Metric("yes_share_number", "Expected yes share by number", "rate"),
    Metric("yes_share_rv", "Expected yes share by RV", "rate"),
    Metric("expected_votes", "Expected votes cast", "count"),
)

CHECKS = (
    ("rv_threshold_minimum", "Unlawful: the threshold is below the prescribed minimum (SI 2009/2542) in a levy year."),
    ("multiplier_cap", "Statutory limit: the multiplier is at most the Act's cap (2p per £ of RV, s. 14)."),
    ("levy_repays_loan", "Local policy: the loan is repaid by the end of the levy."),
    ("levy_within_horizon", "The levy ends within the horizon, so all its yield is counted."),
    ("ballot_by_number", "Unlawful: a ballot is needed and is expected to fail by number (s. 4(c), s. 8)."),
    ("ballot_by_rv", "Unlawful: a ballot is needed and is expected to fail by RV (s. 4(c), s. 8)."),
    ("liable_rv_tie_out", "Each band's liable and exempt parts add back to its RV."),
    ("band_averages", "Each band's average RV lies inside its bounds."),
)


def cross_validate(inputs: Inputs) -> list:
    errors = mode_errors(inputs) + band_errors(inputs) + revaluation_errors(inputs) + ballot_errors(inputs)
    return errors or threshold_errors(inputs)


def _yield(inputs: Inputs, base: dict, levy: np.ndarray) -> dict[str, np.ndarray]:
    horizon = inputs.horizon
    liable_rv = np.where(levy, base["rv"] * index_factor(one_if_same(inputs.rv_growth), horizon), 0.0)
    gross = liable_rv * col(inputs.multiplier_pence) / 100.0
    reliefs = gross * col(inputs.relief_rate)
    losses = (gross - reliefs) * (1.0 - col(inputs.collection_rate))
    setup = np.where(np.arange(horizon) == 0, col(inputs.setup_cost), 0.0)
    admin = np.where(
        levy, col(inputs.annual_admin_cost) * index_factor(one_if_same(inputs.cost_inflation), horizon) + setup, 0.0
    )
    return {
        "hereditaments": np.where(levy, base["count"], 0.0),
        "liable_rv": liable_rv,
        "gross": gross,
        "reliefs": reliefs,
        "losses": losses,
        "admin": admin,
        "net": gross - reliefs - losses - admin,
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
    collected = base["by_authority"] * factor  # (A, n, T) in one step; each authority's line is a view
    return {f"collected:{rl.label(code)}": collected[a] for a, code in enumerate(rl.authorities)}, collected


def _financing(inputs: Inputs, net: np.ndarray) -> tuple[dict, np.ndarray, np.ndarray, np.ndarray]:
    """Lines of the loan, the supportable borrowing, the loan repaid and its repayment year."""
    borrowing = np.maximum(
        supportable_borrowing(net, inputs.borrowing_rate, inputs.loan_term_years, inputs.cover_ratio), 0.0
    )
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
    return {k: np.where(np.abs(v) < dust, 0.0, v) for k, v in lines.items()}, borrowing, loan, p["repaid"]


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
        "pv_net_yield": present_value(lines["net"], green_book_factors(inputs.appraisal_rate, horizon)),
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
