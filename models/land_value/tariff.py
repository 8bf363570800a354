"""Land value capture, mechanism 3: a tariff (CIL or a Strategic Infrastructure Tariff).

`collected_t = chargeable m²_t * tariff_per_m2 * (1 + indexation) ** t * (1 - relief_share)`,
and `tariff_receipts` is what the charging authority keeps of it for infrastructure.

`tariff_kind` says which of the Community Infrastructure Levy Regulations 2010 (SI 2010/948)
apply, read from the rulebook (models.rules) for each year:
- a CIL: the neighbourhood portion goes to the parish (reg. 59A: 25% where a neighbourhood plan
  is in place, uncapped; otherwise 15%, capped at £100 a dwelling in the parish a year, the cap
  applied when `parish_dwellings` is given), and up to 5% may meet administration (reg. 61):
  `cil_admin_share`, empty for the most allowed. Both are deducted from what the authority keeps.
- a Strategic Infrastructure Tariff: no such tariff was found in legislation (the rules research
  could not verify one), so none of the CIL deductions is applied: what is collected is kept.
  This is the default, so plans made before these rules keep their results.

Choices MODELS.md leaves open:
- The tariff is received in the year the floorspace is delivered (no instalment lag).
- `tariff_per_m2` is in start-year prices and indexed from the model's first year (CIL rates
  are indexed in a similar way, now by the RICS CIL index).
- The neighbourhood portion is of the receipts after relief (reliefs raise no receipts).
"""

from __future__ import annotations

import numpy as np

from models.core import usual
from models.core.checks import limit
from models.core.declare import Field, TableSpec
from models.core.finance import col, index_factor
from models.core.result import CheckOutcome, first_true
from models.core.tables import dated_profile, one_if_same
from models.core.validation import Inputs

SIT, CIL_NO_PLAN, CIL_PLAN = (
    "Strategic Infrastructure Tariff (no CIL deductions)",
    "CIL, no neighbourhood plan",
    "CIL, neighbourhood plan in place",
)

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
        **usual.INFLATION,
    ),
    Field(
        "tariff_kind",
        "Kind of tariff",
        "",
        SIT,
        fmt="choice",
        choices=(SIT, CIL_NO_PLAN, CIL_PLAN),
        group=GROUP,
        rule="cil.neighbourhood_share",
        help="A CIL passes a neighbourhood portion to the parish and may keep up to 5% for administration; "
        "both come off what the authority keeps.",
        source="The Community Infrastructure Levy Regulations 2010, SI 2010/948, regs. 59A and 61",
    ),
    Field(
        "parish_dwellings",
        "Dwellings in the parish",
        "dwellings",
        None,
        low=0.0,
        fmt="number",
        group=GROUP,
        optional=True,
        rule="cil.neighbourhood_cap_per_dwelling",
        help="Dwellings in the parish (council tax dwellings), for the cap on the 15% portion; empty: no cap.",
        source="Illustrative: replace with the council tax base of the parish",
    ),
    Field(
        "cil_admin_share",
        "CIL kept for administration",
        "% of receipts",
        None,
        low=0.0,
        high=1.0,
        fmt="pct",
        group=GROUP,
        optional=True,
        rule="cil.admin_share",
        help="Share of CIL receipts spent on administering it; empty for the most the Regulations allow.",
        source="The council's CIL administration budget",
    ),
)


def collected(inputs: Inputs) -> np.ndarray:
    """Tariff collected after reliefs, indexed, (n, T)."""
    horizon = inputs.horizon
    chargeable = dated_profile(inputs, "tariff_floorspace", "m2")
    rate = col(inputs.tariff_per_m2 * (1.0 - inputs.relief_share))
    return chargeable * rate * index_factor(one_if_same(inputs.tariff_indexation), horizon)


def _rules(inputs: Inputs, rule_id: str) -> np.ndarray:
    values = inputs.rules.value(rule_id, range(inputs.start_year, inputs.start_year + inputs.horizon))
    return np.nan_to_num(values)[None, :]


def tariff_receipts(inputs: Inputs) -> np.ndarray:
    """What the charging authority keeps, (n, T): all of a Strategic Infrastructure Tariff; of a
    CIL, what is collected less the neighbourhood portion and the administration share."""
    gross = collected(inputs)
    if inputs.tariff_kind == SIT:
        return gross
    return gross - neighbourhood(inputs, gross) - gross * admin_share(inputs)


def neighbourhood(inputs: Inputs, gross: np.ndarray) -> np.ndarray:
    """The parish's portion of a CIL (reg. 59A), (n, T)."""
    if inputs.tariff_kind == CIL_PLAN:
        return gross * _rules(inputs, "cil.neighbourhood_share_with_plan")
    portion = gross * _rules(inputs, "cil.neighbourhood_share")
    if inputs.parish_dwellings is None:
        return portion
    cap = col(inputs.parish_dwellings) * _rules(inputs, "cil.neighbourhood_cap_per_dwelling")
    return np.minimum(portion, cap)


def admin_share(inputs: Inputs) -> np.ndarray:
    """The share of a CIL kept for administration, (n, T): as entered, or the most allowed."""
    allowed = _rules(inputs, "cil.admin_share")
    if inputs.cil_admin_share is None:
        return np.broadcast_to(allowed, (inputs.n, inputs.horizon))
    return np.broadcast_to(col(inputs.cil_admin_share), (inputs.n, inputs.horizon))


def admin_check(inputs: Inputs) -> CheckOutcome:
    """Statutory limit: a CIL's administration share within reg. 61's cap in every year."""
    allowed = _rules(inputs, "cil.admin_share")
    share = np.zeros((inputs.n, 1)) if inputs.cil_admin_share is None else col(inputs.cil_admin_share)
    over = (inputs.tariff_kind != SIT) & (share > allowed + 1e-12)
    over = np.broadcast_to(over, (inputs.n, inputs.horizon))
    first = first_true(over)
    return limit(
        "cil_admin_share",
        first < 0,
        "The CIL kept for administration is within the Regulations' cap (reg. 61), or no CIL applies.",
        "The CIL kept for administration is {amount} above the Regulations' cap (reg. 61) from {year}.",
        severity="statutory",
        year=first,
        amount=np.where(first >= 0, share[:, 0] - allowed[0, 0], 0.0),
        unit="%",
        rule="cil.admin_share",
        breaches=over,
    )
