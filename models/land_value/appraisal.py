"""Land value capture appraised as the guidance counts it: the land value uplift is the benefit.

The economic benefit of unlocking land is the uplift in its value: the value in the new use less
the value in the existing use (HM Treasury Green Book 2020/2022, Annex A2 paras A2.30-A2.35; the
MHCLG Appraisal Guide, 3rd edition, 31 March 2025). The whole positive uplift counts, not the
share the public sector captures: the capture splits it between landowner and public purse.
Retained business rates and tariffs are transfers that finance the scheme, not benefits; they
are valued as cash at the borrowing rate.

Net additional uplift follows the HCA/English Partnerships Additionality Guide: the scheme's
uplift after leakage, displacement and substitution, times the multiplier, less the same for the
reference case (deadweight: the uplift that would happen anyway, as a share of the gross).

Choices the guidance leaves open:
- Values per hectare are in start-year prices, so the uplift is real in start-year prices (the
  price base year is the first year modelled); public costs are entered in the same prices.
- The reference case takes the scheme's own leakage, displacement, substitution and multiplier.
- Discounting: the discount base year (default the first year) undiscounted, then the Green Book schedule.
"""

from __future__ import annotations

import numpy as np

from models.core import appraisal as ap
from models.core.declare import Field, Metric, TableSpec
from models.core.tables import dated_profile, one_if_same
from models.core.validation import Inputs

GROUP = "Appraisal (social value)"
ADDITIONALITY = (
    "HCA/English Partnerships Additionality Guide (3rd edition 2008; 4th edition 2014, sections 3-5): "
    "AI = [GI(1-L)(1-Dp)(1-S)M] - [GI*(1-L*)(1-Dp*)(1-S*)M*] (https://www.gov.uk/government/publications/"
    "additionality-guide; checked 3 December 2026). Illustrative: replace with the scheme's evidence"
)
LVU = (
    "HM Treasury Green Book (2020/2022) Annex A2 paras A2.30-A2.35: land value uplift; MHCLG Appraisal Guide, "
    "3rd edition, 31 March 2025 (https://www.gov.uk/government/publications/the-mhclg-appraisal-guide; "
    "checked 3 December 2026)"
)


def _share(name: str, label: str, help_text: str) -> Field:
    return Field(name, label, "%", 0.0, 0.0, 1.0, fmt="pct", group=GROUP, help=help_text, source=ADDITIONALITY)


FIELDS = (
    ap.base_year("discount_base_year", "Discount base year", GROUP, ap.DISCOUNT_BASE_HELP, ap.DISCOUNT_SOURCE),
    _share("lvu_deadweight", "Deadweight (reference case)", "Share of the uplift that would happen anyway."),
    _share("lvu_leakage", "Leakage", "Share of the uplift that benefits those outside the target area."),
    _share("lvu_displacement", "Displacement", "Share of the uplift taken from elsewhere in the area."),
    _share("lvu_substitution", "Substitution", "Share of the uplift that replaces activity the scheme did not add."),
    Field(
        "lvu_multiplier",
        "Multiplier",
        "×",
        1.0,
        1.0,
        5.0,
        fmt="number",
        group=GROUP,
        help="Further effects in the area per £1 of direct net uplift (1 = none).",
        source=ADDITIONALITY,
    ),
)

PUBLIC_COSTS = TableSpec(
    "public_costs",
    "Public sector costs (start-year prices)",
    (
        Field("year", "Financial year", "year", 2019, 1990, 2200, fmt="year", structural=True, group=GROUP),
        Field("amount", "Cost", "£", 0.0, 0.0, 1e12, fmt="gbp", group=GROUP, help="In start-year prices."),
    ),
    (),
    help="The public sector's costs of the scheme (e.g. the infrastructure), for the NPSV and BCR.",
    source=LVU,
)

STEPS = ("gross", "deadweight", "leakage", "displacement", "substitution", "multiplier")
METRICS = (
    Metric("pv_lvu_gross", "Land value uplift, gross (PV, real, Green Book)"),
    *(Metric(f"lvu_{step}", f"Additionality: {step} (PV, real, Green Book)") for step in STEPS[1:]),
    Metric("pv_public_costs", "Public sector costs (PV, real, Green Book)"),
    Metric("npsv", "Net present social value (real, Green Book)"),
    Metric("bcr", "Benefit-cost ratio", "ratio"),
    Metric("pv_transfers", "Retained rates and tariffs: transfers (PV, cash at the borrowing rate)"),
)


def base_index(inputs: Inputs) -> int:
    year = inputs.discount_base_year
    return 0 if year is None else year - inputs.start_year


def appraise(inputs: Inputs, uplift: np.ndarray, transfers: np.ndarray) -> dict[str, np.ndarray]:
    """The additionality chain in PV, the net additional uplift, costs, NPSV, BCR and transfers."""
    base, horizon = base_index(inputs), inputs.horizon
    real = ap.discount_factors(one_if_same(inputs.appraisal_rate), horizon, base)
    cash = ap.discount_factors(one_if_same(inputs.borrowing_rate), horizon, base)
    gross = np.sum(uplift * real, axis=1)
    factors = ap.Additionality(
        inputs.lvu_leakage, inputs.lvu_displacement, inputs.lvu_substitution, inputs.lvu_multiplier
    )
    chain = ap.additionality_chain(gross, gross * inputs.lvu_deadweight, factors)
    costs = np.sum(dated_profile(inputs, "public_costs", "amount") * real, axis=1)
    out = {"pv_lvu_gross": gross, "additional_value": chain["net"], "pv_public_costs": costs}
    out.update((f"lvu_{step}", chain[step]) for step in STEPS[1:])
    out["npsv"] = ap.npsv(chain["net"], costs)
    out["bcr"] = ap.bcr(chain["net"], costs)
    out["pv_transfers"] = np.sum(transfers * cash, axis=1)
    return out


def year_errors(inputs: Inputs) -> list[tuple[str, int]]:
    """(input path, year) of each appraisal year outside the years modelled."""
    first, last = inputs.start_year, inputs.start_year + inputs.horizon - 1
    found = [("discount_base_year", first + base_index(inputs))]
    found += [(f"public_costs[{i}].year", row["year"]) for i, row in enumerate(inputs.rows("public_costs"), start=1)]
    return [(where, year) for where, year in found if not first <= year <= last]
