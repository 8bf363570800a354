"""Land value capture, mechanism 2: business-rate growth retention (TIF / Enterprise Zone).

New floorspace is delivered year by year; the occupied stock pays rates, and the authority
keeps `retention_share` of them for `retention_years` from the first year of retention.

Choices MODELS.md leaves open:
- Floorspace delivered in a year is rated for the whole of that year (the stock in year t is
  the cumulative delivery up to and including t, as MODELS.md's formula reads).
- Retained rates are the bills net of reliefs, collection losses and an appeals provision, moving
  with the multiplier and revaluations, above the area's baseline (models.land_value.bills). With
  none of those entered the multiplier is held flat and `rv_growth` carries all growth in rates
  per m², as before.
- Every m² in the table counts as growth: floorspace that existed before the model starts is
  the baseline and is simply left out of the table.
- The first year of retention must lie inside the horizon; to model an Enterprise Zone that is
  already running, start the model in its first year.
- The period running past the horizon is flagged only when some floorspace is delivered.
- Additional rates apply deadweight, displacement and leakage multiplicatively, as the Green
  Book additionality guidance does: retained * (1 - deadweight) * (1 - displacement) *
  (1 - leakage). They are reported, never financed: cash finances borrowing.
"""

from __future__ import annotations

import numpy as np

from models.core import usual
from models.core.checks import beyond_horizon
from models.core.declare import Field, TableSpec
from models.core.finance import col, index_factor
from models.core.result import CheckOutcome
from models.core.tables import dated_profile, one_if_same
from models.core.validation import Inputs
from models.land_value.bills import collected_growth, plain_bills, rate_steps

GROUP = "Business-rate retention (TIF / Enterprise Zone)"
OCCUPANCY = usual.usual(
    0.6,
    1.0,
    "a level for a second look, not a published figure: check an occupancy below 60% of the floorspace against "
    "the implementation plan's letting evidence",
)

FLOORSPACE = TableSpec(
    "floorspace",
    "New floorspace delivered",
    columns=(
        Field(
            "year",
            "Year delivered",
            "year",
            None,
            fmt="year",
            group=GROUP,
            help="The financial year the floorspace is completed and first rated.",
        ),
        Field(
            "m2",
            "Floorspace delivered",
            "m²",
            0.0,
            low=0.0,
            fmt="number",
            group=GROUP,
            help="Gross internal floorspace completed that year; rows of the same year add up.",
        ),
    ),
    default=(
        {"year": 2020, "m2": 5_000.0},
        {"year": 2021, "m2": 10_000.0},
        {"year": 2022, "m2": 10_000.0},
        {"year": 2023, "m2": 10_000.0},
        {"year": 2024, "m2": 5_000.0},
    ),
    help="Completions of rateable floorspace on the zone, by year.",
    source="Illustrative: replace with the delivery trajectory in the zone's implementation plan",
    key="year",
)

FIELDS = (
    Field(
        "rv_per_m2",
        "Rateable value per m²",
        "£/m² a year",
        80.0,
        low=0.0,
        fmt="gbp",
        group=GROUP,
        help="Rateable value of new floorspace, in start-year terms.",
        source="Illustrative: replace with VOA rating-list RV per m² for comparable premises",
    ),
    Field(
        "occupancy",
        "Occupancy",
        "% of floorspace",
        0.9,
        low=0.0,
        high=1.0,
        fmt="pct",
        group=GROUP,
        help="Share of delivered floorspace occupied and paying rates.",
        source="Illustrative: replace with the letting assumptions of the implementation plan",
        **OCCUPANCY,
    ),
    Field(
        "rates_multiplier",
        "Business-rates multiplier",
        "fraction of RV",
        0.493,
        low=0.0,
        high=1.0,
        fmt="number",
        group=GROUP,
        help="The national non-domestic multiplier as a fraction (49.3p in the £ = 0.493).",
        source="Standard non-domestic rating multiplier for 2015-16 and 2018-19: 49.3p",
    ),
    Field(
        "retention_share",
        "Share of rates retained",
        "% of rates",
        1.0,
        low=0.0,
        high=1.0,
        fmt="pct",
        group=GROUP,
        help="1.0 (100%) for an Enterprise Zone.",
        source="MODELS.md section 2: 1.0 for an Enterprise Zone",
    ),
    Field(
        "retention_start_year",
        "First year of retention",
        "year",
        None,
        fmt="year",
        group=GROUP,
        optional=True,
        help="The first financial year rates are retained; empty means the model's first year.",
    ),
    Field(
        "retention_years",
        "Retention period",
        "years",
        25,
        low=1,
        high=125,
        fmt="int",
        group=GROUP,
        help="Years of retention from its first year; 25 for an Enterprise Zone.",
        source="MODELS.md section 2: 25 years for an Enterprise Zone (seed 004)",
    ),
    Field(
        "rv_growth",
        "Growth in rates per m²",
        "% a year",
        0.02,
        low=-0.5,
        high=0.5,
        fmt="pct",
        group=GROUP,
        help="Annual growth of RV per m² between revaluations; with no multiplier path or revaluations "
        "entered, all growth in rates per m² (the multiplier's too, if wanted).",
        source="Illustrative: replace with the authority's business-rates forecast",
        **usual.RV_GROWTH,
    ),
    Field(
        "deadweight",
        "Deadweight",
        "% of rates",
        0.2,
        low=0.0,
        high=1.0,
        fmt="pct",
        group=GROUP,
        help="Share of the floorspace that would have come anyway.",
        source="Illustrative: replace with the scheme's additionality evidence (Green Book)",
    ),
    Field(
        "displacement",
        "Displacement",
        "% of rates",
        0.25,
        low=0.0,
        high=1.0,
        fmt="pct",
        group=GROUP,
        help="Share of the activity moved from elsewhere in the area appraised.",
        source="Illustrative: replace with the scheme's additionality evidence (Green Book)",
    ),
    Field(
        "leakage",
        "Leakage",
        "% of rates",
        0.0,
        low=0.0,
        high=1.0,
        fmt="pct",
        group=GROUP,
        help="Share of the benefit going to those outside the area appraised.",
        source="Green Book additionality; 0 where not given",
    ),
)


def retention_window(inputs: Inputs) -> tuple[np.ndarray, np.ndarray]:
    """The (n, T) mask of retention years, and how many years of it fall past the horizon (n,)."""
    horizon = inputs.horizon
    first = inputs.retention_start_year
    first = np.zeros(inputs.n) if first is None else first - inputs.start_year
    end = first + inputs.retention_years  # the index just after the last retained year
    t = np.arange(horizon)
    within = (t >= col(first)) & (t < col(end))
    return within, np.maximum(end - horizon, 0.0)


def retained_rates(inputs: Inputs) -> dict[str, np.ndarray]:
    """Occupied floorspace, retained cash and additional rates, each (n, T)."""
    horizon = inputs.horizon
    delivered = dated_profile(inputs, "floorspace", "m2")
    occupied = np.cumsum(delivered, axis=1) * col(inputs.occupancy)
    index = index_factor(one_if_same(inputs.rv_growth), horizon)
    within, beyond = retention_window(inputs)
    steps = rate_steps(inputs)
    if steps is None and plain_bills(inputs):  # nothing of models.land_value.bills entered: exactly as before
        retained = np.where(
            within, occupied * (col(inputs.rv_per_m2 * inputs.rates_multiplier * inputs.retention_share) * index), 0.0
        )
    else:
        per_m2 = col(inputs.rv_per_m2) * index * (col(inputs.rates_multiplier) if steps is None else steps)
        growth = collected_growth(inputs, occupied * per_m2)
        retained = np.where(within, growth * col(inputs.retention_share), 0.0)
    kept = (1.0 - inputs.deadweight) * (1.0 - inputs.displacement) * (1.0 - inputs.leakage)
    used = delivered.sum(axis=1) > 0  # with no floorspace the retention period is moot
    return {
        "occupied_floorspace": occupied,
        "retained_rates": retained,
        "additional_rates": retained * col(kept),
        "years_beyond": np.where(used, beyond, 0.0),
    }


def retention_check(years_beyond: np.ndarray, horizon: int) -> CheckOutcome:
    """Flag a retention period that runs past the horizon: those years are not counted."""
    return beyond_horizon(
        "retention_past_horizon",
        years_beyond,
        horizon,
        passed="The retention period ends inside the horizon.",
        failed="The retention period runs {amount} beyond {year}, the last year modelled: "
        "rates retained after it are not counted.",
        unit="years",
    )
