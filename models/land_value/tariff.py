"""Land value capture, mechanism 3: a tariff (CIL or a Strategic Infrastructure Tariff).

`receipts_t = chargeable m²_t * tariff_per_m2 * (1 + indexation) ** t * (1 - relief_share)`.

Choices MODELS.md leaves open:
- The tariff is received in the year the floorspace is delivered (no instalment lag).
- `tariff_per_m2` is in start-year prices and indexed from the model's first year (CIL rates
  are indexed in a similar way, now by the RICS CIL index).
"""

from __future__ import annotations

import numpy as np

from models.core.declare import Field, TableSpec
from models.core.finance import col, index_factor
from models.core.tables import dated_profile, one_if_same
from models.core.validation import Inputs

GROUP = "Tariff (CIL / Strategic Infrastructure Tariff)"

TARIFF_FLOORSPACE = TableSpec(
    "tariff_floorspace",
    "Chargeable floorspace",
    columns=(
        Field(
            "year",
            "Year delivered",
            "year",
            None,
            fmt="year",
            group=GROUP,
            help="The financial year the floorspace is delivered and the tariff paid.",
        ),
        Field(
            "m2",
            "Chargeable floorspace",
            "m²",
            0.0,
            low=0.0,
            fmt="number",
            group=GROUP,
            help="Chargeable floorspace delivered that year; rows of the same year add up.",
        ),
    ),
    default=tuple({"year": y, "m2": 8_000.0} for y in range(2020, 2026)),
    help="Floorspace liable to the tariff, by year delivered.",
    source="Illustrative: replace with the housing and employment trajectory of the local plan",
    key="year",
)

FIELDS = (
    Field(
        "tariff_per_m2",
        "Tariff per m²",
        "£/m²",
        100.0,
        low=0.0,
        fmt="gbp",
        group=GROUP,
        help="The charge per m² of chargeable floorspace, in start-year prices.",
        source="Illustrative: replace with the rate in the adopted CIL charging schedule",
    ),
    Field(
        "relief_share",
        "Relief share",
        "% of tariff",
        0.2,
        low=0.0,
        high=1.0,
        fmt="pct",
        group=GROUP,
        help="Share relieved (social housing, charities, self-build).",
        source="Illustrative: replace with the relief granted in the CIL monitoring report",
    ),
    Field(
        "tariff_indexation",
        "Tariff indexation",
        "% a year",
        0.02,
        low=-0.5,
        high=0.5,
        fmt="pct",
        group=GROUP,
        help="Annual indexation of the tariff per m².",
        source="Illustrative: replace with the RICS CIL index forecast",
    ),
)


def tariff_receipts(inputs: Inputs) -> np.ndarray:
    """Tariff receipts after reliefs, indexed, (n, T)."""
    horizon = inputs.horizon
    chargeable = dated_profile(inputs, "tariff_floorspace", "m2")
    rate = col(inputs.tariff_per_m2 * (1.0 - inputs.relief_share))
    return chargeable * rate * index_factor(one_if_same(inputs.tariff_indexation), horizon)
