"""Land value capture (MODELS.md section 2): three optional mechanisms, one receipts profile.

Site value uplift (`models.land_value.sites`), business-rate growth retention (`models.land_value.retention`)
and a tariff (`models.land_value.tariff`) are summed into `total_receipts`. Cash receipts are valued
at the Green Book appraisal rate and finance borrowing at the borrowing rate; the additional
rates after additionality are what an appraisal counts.

Choices MODELS.md leaves open (each mechanism's own choices are in its module):
- A mechanism is switched off by leaving its table empty (or a rate at zero).
- Receipts are cash (nominal): `pv_receipts` values them as cash at the borrowing rate. The
  appraisal (models.land_value.appraisal) counts the land value uplift as the economic benefit,
  in real start-year prices at the Green Book rate; `additional_value` is the net additional
  uplift after the Additionality Guide's chain. Retained rates and tariffs are transfers that
  finance the scheme, not benefits (`pv_transfers`); `additional_rates` stays as a line for the
  retention evidence but is not counted as value.
- The loan is repaid from the whole receipts profile (not divided by the cover ratio) to find
  the year it would be repaid; loan lines show that repayment profile.
- A year in a table (a site's first year, a floorspace year) or the first year of retention
  outside the horizon is an error.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from models.core import usual
from models.core.appraisal import discount_factors
from models.core.checks import tie_out
from models.core.declare import Field, LineItem, Metric, ModelSpec
from models.core.errors import InputError
from models.core.finance import present_value, repayment_profile, supportable_borrowing
from models.core.result import CheckOutcome, Outcome
from models.core.tables import one_if_same
from models.core.timeline import fy_label, year_labels
from models.core.validation import Inputs
from models.land_value import appraisal as lvc_appraisal
from models.land_value import bills as lvc_bills
from models.land_value import retention as lvc_retention
from models.land_value import sites as lvc_sites
from models.land_value import tariff as lvc_tariff

GROUP = "Appraisal and financing"

GENERAL = (
    Field(
        "start_year",
        "First financial year",
        "year",
        2019,
        low=1990,
        high=2100,
        fmt="year",
        structural=True,
        group="Timeline",
        help="The calendar year the first financial year starts.",
        source="Illustrative: the scheme's first year",
    ),
    Field(
        "horizon",
        "Years modelled",
        "years",
        30,
        low=1,
        high=125,
        fmt="int",
        structural=True,
        group="Timeline",
        help="Financial years modelled; receipts after the last are not counted.",
    ),
    Field(
        "appraisal_rate",
        "Appraisal rate (years 0-30)",
        "% a year",
        0.035,
        low=0.0,
        high=0.2,
        fmt="pct",
        group=GROUP,
        help="Green Book rate for years 0-30; it declines after.",
        source="HM Treasury Green Book social time preference rate: 3.5% real for years 0-30",
        **usual.DISCOUNT_RATE,
    ),
    Field(
        "borrowing_rate",
        "Borrowing rate",
        "% a year",
        0.03,
        low=0.0,
        high=0.25,
        fmt="pct",
        group=GROUP,
        help="Rate on borrowing against the receipts (e.g. PWLB).",
        source="Illustrative: replace with the PWLB certainty rate for the loan term",
        **usual.BORROWING_RATE,
    ),
    Field(
        "loan_term_years",
        "Loan term",
        "years",
        25,
        low=1,
        high=100,
        fmt="int",
        group=GROUP,
        help="Years over which the receipts repay the loan; receipts after the horizon count nil.",
        source="Illustrative: 25 years matches an Enterprise Zone's retention period",
    ),
    Field(
        "cover_ratio",
        "Required cover ratio",
        "×",
        1.0,
        low=1.0,
        high=10.0,
        fmt="number",
        group=GROUP,
        help="Receipts needed per £1 of debt service (1.0 = none spare).",
        source="MODELS.md: 1.0 by default",
    ),
)

LINES = (
    LineItem("site_receipts", "Site value uplift captured", help="Captured uplift, indexed."),
    LineItem("retained_rates", "Retained business rates", help="Cash retained inside the period."),
    LineItem(
        "tariff_receipts",
        "Tariff receipts",
        help="After reliefs, indexed; for a CIL, less the neighbourhood portion and administration.",
    ),
    LineItem("total_receipts", "Total receipts", help="The three mechanisms summed."),
    LineItem(
        "additional_rates",
        "Additional rates (after additionality; a transfer, not a benefit)",
        help="Retained rates less deadweight, displacement and leakage; not cash, and not counted as value.",
    ),
    LineItem(
        "land_value_uplift",
        "Land value uplift (the economic benefit, start-year prices)",
        help="The whole positive uplift of each site over its build-out, before capture and additionality.",
    ),
    LineItem("occupied_floorspace", "Occupied floorspace", "m²", total=False),
    LineItem("cumulative_receipts", "Cumulative receipts", total=False),
    LineItem("loan_interest", "Loan interest", help="On the supportable borrowing, with the receipts applied in full."),
    LineItem("loan_repayment", "Loan repayment (interest and principal)"),
    LineItem("loan_balance", "Loan balance at year end", total=False),
)

METRICS = (
    Metric("total_receipts", "Total receipts"),
    Metric("site_receipts", "Site value uplift captured"),
    Metric("retained_rates", "Retained business rates"),
    Metric("tariff_receipts", "Tariff receipts"),
    Metric("pv_receipts", "PV of receipts (cash at the borrowing rate)"),
    Metric("supportable_borrowing", "Supportable borrowing"),
    Metric("repayment_year", "Year the loan is repaid", "year"),
    Metric("additional_value", "Net additional land value uplift (PV, real, Green Book)"),
    Metric("additional_rates_total", "Additional rates (cash sum)"),
    Metric("captured_uplift", "Captured uplift (start-year values)"),
    Metric("sites_without_uplift", "Sites without positive uplift", "count"),
    Metric("retention_years_beyond", "Retention years beyond the horizon", "count"),
) + lvc_appraisal.METRICS

CHECKS = (
    ("sites_without_uplift", "every site has a positive uplift; those without are named"),
    ("build_out_past_horizon", "no captured uplift falls due after the horizon"),
    ("retention_past_horizon", "the retention period ends inside the horizon (amount: years beyond)"),
    ("cil_admin_share", "statutory limit: a CIL's administration share is within reg. 61's cap"),
    ("mechanisms_sum_to_total", "tie-out: site, rates and tariff receipts sum to the total each year"),
)


def _year_error(where: str, values: np.ndarray | float, label: str, first: int, last: int) -> InputError | None:
    bad = (values < first) | (values > last)
    if not np.any(bad):
        return None
    shown = int(np.asarray(values)[bad][0]) if np.ndim(values) else int(values)
    return InputError(
        where, shown, f"enter a year from {first} to {last} (the horizon, {fy_label(first)} to {fy_label(last)})", label
    )


def cross_validate(inputs: Inputs) -> list[InputError]:
    """Every dated row and the first year of retention must fall inside the horizon."""
    first, last = inputs.start_year, inputs.start_year + inputs.horizon - 1
    dated = [
        ("sites", "first_year", lvc_sites.SITES),
        ("floorspace", "year", lvc_retention.FLOORSPACE),
        ("tariff_floorspace", "year", lvc_tariff.TARIFF_FLOORSPACE),
    ]
    found = []
    for table, column, spec in dated:
        label = spec.column(column).label
        for i, row in enumerate(inputs.rows(table), start=1):
            found.append(_year_error(f"{table}[{i}].{column}", row[column], label, first, last))
    if inputs.retention_start_year is not None:
        found.append(
            _year_error("retention_start_year", inputs.retention_start_year, "First year of retention", first, last)
        )
    for where, year in lvc_appraisal.year_errors(inputs):
        found.append(_year_error(where, np.asarray(year), "Financial year", first, last))
    return [e for e in found if e is not None]


def tie_out_check(parts: list[np.ndarray], total: np.ndarray) -> CheckOutcome:
    """Tie-out: the mechanisms' lines sum to the total line in every year, to £0.01."""
    return tie_out(
        "mechanisms_sum_to_total",
        np.sum(parts, axis=0) - total,  # (n, T): dated, the largest gap shown
        passed="Site, rates and tariff receipts sum to total receipts in every year.",
        failed="The mechanisms differ from total receipts by up to {amount}, first in {year}.",
    )


def _financing(inputs: Inputs, total: np.ndarray) -> dict[str, np.ndarray]:
    # one_if_same(): a rate shared by every trial discounts on one (1, T) row, not (n, T)
    loan = supportable_borrowing(
        total, one_if_same(inputs.borrowing_rate), one_if_same(inputs.loan_term_years), one_if_same(inputs.cover_ratio)
    )
    profile = repayment_profile(loan, total, inputs.borrowing_rate)
    return {
        "loan": loan,
        "repaid": profile["repaid"],
        "loan_interest": profile["interest"],
        "loan_repayment": profile["payment"],
        "loan_balance": profile["closing"],
    }


def compute(inputs: Inputs, **context: Any) -> Outcome:
    """Every trial at once: the three mechanisms, their total, its value and the borrowing it carries."""
    horizon = inputs.horizon
    sites = lvc_sites.site_receipts(inputs)
    rates = lvc_retention.retained_rates(inputs)
    tariff = lvc_tariff.tariff_receipts(inputs)
    parts = [sites["site_receipts"], rates["retained_rates"], tariff]
    total = parts[0] + parts[1] + parts[2]
    money = _financing(inputs, total)
    cash = discount_factors(one_if_same(inputs.borrowing_rate), horizon, lvc_appraisal.base_index(inputs))
    lines = {
        "site_receipts": parts[0],
        "retained_rates": parts[1],
        "tariff_receipts": tariff,
        "total_receipts": total,
        "additional_rates": rates["additional_rates"],
        "land_value_uplift": sites["uplift_profile"],
        "occupied_floorspace": rates["occupied_floorspace"],
        "cumulative_receipts": np.cumsum(total, axis=1),
        **{k: money[k] for k in ("loan_interest", "loan_repayment", "loan_balance")},
    }
    names = [row["name"] for row in inputs.rows("sites")]
    summary = {
        "total_receipts": total.sum(axis=1),
        "site_receipts": parts[0].sum(axis=1),
        "retained_rates": parts[1].sum(axis=1),
        "tariff_receipts": tariff.sum(axis=1),
        "pv_receipts": present_value(total, cash),
        "supportable_borrowing": money["loan"],
        "repayment_year": money["repaid"],
        "additional_rates_total": rates["additional_rates"].sum(axis=1),
        "captured_uplift": sites["captured"].sum(axis=1),
        "sites_without_uplift": (sites["uplift"] <= 0).sum(axis=1).astype(float),
        "retention_years_beyond": rates["years_beyond"],
        **lvc_appraisal.appraise(inputs, sites["uplift_profile"], parts[1] + tariff),
    }
    checks = [
        lvc_sites.no_uplift_check(names, sites["uplift"]),
        lvc_sites.build_out_check(sites["captured_beyond"], horizon),
        lvc_retention.retention_check(rates["years_beyond"], horizon),
        lvc_tariff.admin_check(inputs),
        tie_out_check(parts, total),
    ]
    return Outcome(SPEC, year_labels(inputs.start_year, horizon), lines, summary, checks)


SPEC = ModelSpec(
    key="land_value",
    label="Land value capture",
    description="Site value uplift, business-rate retention (TIF / Enterprise Zone) and a tariff, "
    "summed into one receipts profile, its present value and the borrowing it supports.",
    fields=GENERAL
    + lvc_sites.FIELDS
    + lvc_retention.FIELDS
    + lvc_bills.FIELDS
    + lvc_tariff.FIELDS
    + lvc_appraisal.FIELDS,
    tables=(
        lvc_sites.SITES,
        lvc_retention.FLOORSPACE,
        *lvc_bills.TABLES,
        lvc_tariff.TARIFF_FLOORSPACE,
        lvc_appraisal.PUBLIC_COSTS,
    ),
    lines=LINES,
    metrics=METRICS,
    compute=compute,
    checks=CHECKS,
    cross_validate=cross_validate,
    source="MODELS.md section 2; seed 004 (Worcestershire Enterprise Zone, Place Partnership)",
)
