"""The Business Rate Supplement's single inputs, each with its unit, bounds, help and source."""

from __future__ import annotations

from typing import Any

from models.core import usual
from models.core.declare import Field

ACT = "Business Rate Supplements Act 2009"
CAP_PENCE = 2.0  # the default multiplier: the statutory cap (the check reads the rule, models.rules)
PENNY = 0.005  # a balance below half a penny is repaid
VOA = "Illustrative: replace with the VOA rating list extract for the levying authority's area"


def money(name: str, label: str, default: Any, group: str, help: str, source: str, unit: str = "£", **kw: Any) -> Field:
    return Field(name, label, unit, default, 0.0, 1e12, help=help, source=source, fmt="gbp", group=group, **kw)


def rate(
    name: str,
    label: str,
    default: Any,
    group: str,
    help: str,
    source: str,
    low: float = 0.0,
    high: float = 1.0,
    unit: str = "%",
    **kw: Any,
) -> Field:
    return Field(name, label, unit, default, low, high, help=help, source=source, fmt="pct", group=group, **kw)


def whole(
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
    whole(
        "horizon",
        "Years modelled",
        30,
        "Timing",
        "Financial years modelled from the start year.",
        "Convention: the levy plus a few years",
        structural=True,
    ),
    money(
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
    money(
        "liable_rv",
        "Liable RV (total)",
        None,
        "Rating list",
        "Total RV of hereditaments above the threshold; used only when the bands table is empty.",
        VOA,
        unit="£ RV",
        optional=True,
    ),
    whole(
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
    rate(
        "rv_growth",
        "RV growth",
        0.01,
        "Rating list",
        "Annual growth of liable RV (new and altered hereditaments); revaluations are entered separately.",
        "Illustrative: replace with the trend in the councils' NNDR returns",
        low=-0.5,
        high=0.5,
        unit="% a year",
        **usual.RV_GROWTH,
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
    whole(
        "levy_years",
        "Years of the levy",
        25,
        "Levy",
        "Years the supplement is levied from the start year.",
        "Illustrative: replace with the prospectus's levy period",
    ),
    rate(
        "relief_rate",
        "Reliefs",
        0.05,
        "Levy",
        "Share of the supplement removed by mandatory reliefs (charities, empty property).",
        "Illustrative: replace with the share of the liable list on mandatory reliefs in the NNDR returns",
        **usual.RATES_RELIEF,
    ),
    rate(
        "collection_rate",
        "Collection rate",
        0.98,
        "Levy",
        "Share of the supplement billed (after reliefs) that is collected.",
        "Illustrative: replace with the councils' in-year business rates collection rates",
        **usual.RATES_COLLECTION,
    ),
    money(
        "setup_cost",
        "Set-up cost",
        500_000.0,
        "Costs",
        "One-off cost of setting the levy up (prospectus, ballot, billing systems), in its first year.",
        "Illustrative: replace with the implementation budget",
    ),
    money(
        "annual_admin_cost",
        "Annual administration cost",
        250_000.0,
        "Costs",
        "Cost of billing and collecting the supplement each year, at first-year prices.",
        "Illustrative: replace with the billing authorities' estimates",
    ),
    rate(
        "cost_inflation",
        "Cost inflation",
        0.02,
        "Costs",
        "Annual indexation of the admin cost.",
        "Illustrative: the Bank of England's 2% CPI target",
        low=-0.5,
        high=0.5,
        unit="% a year",
        **usual.INFLATION,
    ),
    money(
        "project_cost",
        "Project cost",
        600_000_000.0,
        "Financing",
        "Estimated total cost of the project the supplement funds, as in the prospectus (the ballot test "
        "compares the amount raised with it, without optimism bias).",
        "Illustrative: replace with the business case's cost estimate",
    ),
    rate(
        "optimism_bias",
        "Optimism bias",
        0.0,
        "Financing",
        "Uplift on the project cost.",
        "Green Book supplementary guidance: up to 44% for standard civil engineering",
        high=2.0,
        **usual.OPTIMISM_BIAS,
    ),
    rate(
        "borrowing_rate",
        "Borrowing rate",
        0.03,
        "Financing",
        "Interest rate on the borrowing the supplement repays.",
        "Illustrative: replace with the PWLB rate for the loan term",
        high=0.25,
        unit="% a year",
        **usual.BORROWING_RATE,
    ),
    whole(
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
    money(
        "loan_amount",
        "Loan to repay",
        None,
        "Financing",
        "A loan to test against the levy; leave empty to repay the supportable borrowing.",
        "Optional: a loan the business case names",
        optional=True,
    ),
    rate(
        "appraisal_rate",
        "Appraisal discount rate",
        0.035,
        "Appraisal",
        "Green Book rate for years 0-30; it declines after.",
        "HM Treasury Green Book: 3.5% real",
        high=0.2,
        unit="% a year",
        **usual.DISCOUNT_RATE,
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
    rate(
        "turnout",
        "Expected turnout",
        0.4,
        "Ballot",
        "Share of liable ratepayers expected to vote.",
        "Illustrative: replace with turnout in comparable business ballots",
    ),
    rate(
        "yes_share_number",
        "Yes share by number",
        0.55,
        "Ballot",
        "Expected share of votes cast that are yes.",
        "Illustrative: replace with consultation evidence",
    ),
    rate(
        "yes_share_rv",
        "Yes share by RV",
        0.55,
        "Ballot",
        "Expected share of the RV of those voting that votes yes.",
        "Illustrative: replace with consultation evidence",
    ),
)
