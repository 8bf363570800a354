"""The Business Rate Supplement's declarations besides its single inputs (models.brs.fields): the
rating list tables, the list itself, the annual lines, metrics and checks."""

from __future__ import annotations

from models.brs import rating_list
from models.brs.fields import ACT, BANDS, CAP_PENCE, FIELDS, PENNY, VOA, money, whole
from models.core.declare import DataInput, Field, LineItem, Metric, TableSpec

__all__ = ["ACT", "CAP_PENCE", "CHECKS", "COLLECTED", "DATA", "FIELDS", "LINES", "METRICS", "PENNY", "TABLES"]


TABLES = (
    TableSpec(
        "bands",
        "Rating bands",
        (
            money("lower", "Lower bound", 0.0, "Rating list", "RV above which the band starts.", VOA, unit="£ RV"),
            money(
                "upper",
                "Upper bound",
                None,
                "Rating list",
                "RV up to which the band runs; empty for the open top band.",
                VOA,
                unit="£ RV",
                optional=True,
            ),
            whole(
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
            money("rateable_value", "Rateable value", 0.0, "Rating list", "Total RV of the band.", VOA, unit="£ RV"),
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
            money(
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
