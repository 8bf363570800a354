"""What retained business-rate growth is made of: bills net of reliefs, losses and appeals, moving
with the multiplier and revaluations, above a baseline (models.land_value.retention uses it).

An Enterprise Zone's or TIF area's retained rates are the rates actually collected in the area
above its baseline amount (the Non-Domestic Rating (Designated Areas) Regulations, e.g. SI
2013/107, SI 2023/175 Sch. 1's "K"; Sch. 2 to SI 2013/452 for the relief), not the gross bill of
the new floorspace. So:

    bill_t      = occupied m²_t * RV per m² * (1 + rv_growth) ** t * revaluation factor_t * multiplier_t
    collected_t = bill_t * (1 - rates_relief_share) * rates_collection_rate * (1 - appeals_provision)
    growth_t    = max(collected_t - baseline_rates, 0)

Defaults keep a plan made before this module as it was: no reliefs, full collection, no appeals
provision, no baseline, the multiplier held flat and no revaluation, in which case `rv_growth`
carries all growth in rates per m² as before. With a multiplier path or revaluations entered,
`rv_growth` is the growth of RV between revaluations only.

Choices the Regulations leave to the planner:
- A multiplier path row sets the multiplier from its year on; before the first row it is
  `rates_multiplier`. Revaluation factors compound from their year, like the BRS model's.
- The baseline is a cash amount a year (as the Designated Areas Regulations fix one per area);
  the floorspace table should then hold the whole area's rateable floorspace, not only the new.
- The appeals provision is a share of the collectable bill held back against appeals.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from models.core import usual
from models.core.declare import Field, TableSpec
from models.core.finance import col
from models.core.validation import Inputs

GROUP = "Business-rate retention (TIF / Enterprise Zone)"
SOURCE = "Illustrative: replace with the area's NNDR returns (NNDR1/NNDR3)"
APPEALS = usual.usual(
    0.0,
    0.1,
    "a level for a second look, not a published figure: check a provision above 10% of the bills against the "
    "appeals provision in the councils' NNDR1 returns",
)


def _share(name: str, label: str, default: float, help: str, source: str = SOURCE, **kw: Any) -> Field:
    return Field(name, label, "% of bills", default, 0.0, 1.0, fmt="pct", group=GROUP, help=help, source=source, **kw)


FIELDS = (
    _share(
        "rates_relief_share",
        "Reliefs on the bills",
        0.0,
        "Share of the bills removed by reliefs that are not made good to the authority.",
        **usual.RATES_RELIEF,
    ),
    _share(
        "rates_collection_rate",
        "Rates collection rate",
        1.0,
        "Share of the bills after reliefs that is collected.",
        **usual.RATES_COLLECTION,
    ),
    _share(
        "appeals_provision",
        "Appeals provision",
        0.0,
        "Share of the collectable bills held back against appeals.",
        **APPEALS,
    ),
    Field(
        "baseline_rates",
        "Baseline rates",
        "£ a year",
        0.0,
        0.0,
        1e12,
        fmt="gbp",
        group=GROUP,
        help="Rates the area raised before designation (its baseline amount); only growth above it is retained.",
        source="The Non-Domestic Rating (Designated Areas) Regulations for the area (e.g. SI 2023/175 Sch. 1)",
    ),
)

MULTIPLIERS = TableSpec(
    "multiplier_path",
    "Business-rates multiplier by year",
    columns=(
        Field("year", "From year", "year", None, fmt="year", group=GROUP, structural=True),
        Field("multiplier", "Multiplier", "fraction of RV", 0.5, 0.0, 1.0, fmt="number", group=GROUP),
    ),
    help="The multiplier from each year on; empty holds `rates_multiplier` flat.",
    source="MHCLG: the non-domestic rating multipliers set each year",
    key="year",
)

REVALUATIONS = TableSpec(
    "rates_revaluations",
    "Rating revaluations",
    columns=(
        Field("year", "Year of the new list", "year", None, fmt="year", group=GROUP, structural=True),
        Field("rv_factor", "RV factor", "×", 1.0, 0.01, 10.0, fmt="number", group=GROUP),
    ),
    help="Revaluations: RV per m² steps by the factor from the year of the new list.",
    source="VOA: the change in rateable value at each revaluation",
    key="year",
)

TABLES = (MULTIPLIERS, REVALUATIONS)


def rate_steps(inputs: Inputs) -> np.ndarray | None:
    """The multiplier and revaluation factor of each year, (n, T), or None when neither table is used
    (so a plan without them is worked out exactly as before)."""
    multipliers, revaluations = inputs.rows("multiplier_path"), inputs.rows("rates_revaluations")
    if not multipliers and not revaluations:
        return None
    n, horizon, start = inputs.n, inputs.horizon, inputs.start_year
    multiplier = np.repeat(col(inputs.rates_multiplier), horizon, axis=1).astype(float)
    for row in sorted(multipliers, key=lambda r: r["year"]):
        multiplier[:, max(row["year"] - start, 0) :] = col(row["multiplier"])
    factor = np.ones((n, horizon))
    for row in revaluations:
        factor[:, max(row["year"] - start, 0) :] *= col(row["rv_factor"])
    return multiplier * factor


def collected_growth(inputs: Inputs, bills: np.ndarray) -> np.ndarray:
    """Bills net of reliefs, losses and the appeals provision, above the baseline, (n, T)."""
    net = bills * col(
        (1.0 - inputs.rates_relief_share) * inputs.rates_collection_rate * (1.0 - inputs.appeals_provision)
    )
    return np.maximum(net - col(inputs.baseline_rates), 0.0)


def plain_bills(inputs: Inputs) -> bool:
    """True when no relief, loss, appeals provision or baseline is entered in any trial."""
    return bool(
        np.all(inputs.rates_relief_share == 0.0)
        and np.all(inputs.rates_collection_rate == 1.0)
        and np.all(inputs.appeals_provision == 0.0)
        and np.all(inputs.baseline_rates == 0.0)
    )
