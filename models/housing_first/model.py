"""Housing First grant tranche profile: people housed, caseload, costs and the funding balance.

Choices where MODELS.md is silent:
- Intake in a year is `annual_target * share` from the intake profile; each council's share of
  people and cost is its units over the sum of the councils' units.
- A cohort of q people housed in year s is supported in year t while t - s < support_years,
  with q * retention_rate ** (t - s) people; in its first year it costs `entry_year_fraction`
  of a full year. The caseload is the number supported during the year.
- The liability beyond the grant period is the support cost, in the years after the last
  tranche, of people housed up to and including the last tranche's year.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from models.core.checks import limit, tie_out
from models.core.declare import LineItem, Metric, ModelSpec
from models.core.errors import InputError
from models.core.finance import col, index_factor
from models.core.result import CheckOutcome, Outcome, amount_at, first_true
from models.core.tables import dated_profile
from models.core.timeline import fy_label, year_labels
from models.core.validation import Inputs
from models.housing_first.inputs import FIELDS, TABLES

# The tie-outs hold while |difference| < 0.005 (£ or units): <= the largest float below 0.005.
UNDER_HALF_PENNY = np.nextafter(0.005, 0.0)

LINES = (
    LineItem("intake", "People housed", "people"),
    LineItem("caseload", "People supported", "people", total=False),
    LineItem("person_years", "Person-years of support", "person-years"),
    LineItem("support_cost", "Support cost", "£"),
    LineItem("other_cost", "Other costs", "£"),
    LineItem("total_cost", "Total cost", "£"),
    LineItem("grant", "Grant received", "£"),
    LineItem("cumulative_grant", "Cumulative grant", "£", total=False),
    LineItem("cumulative_cost", "Cumulative cost", "£", total=False),
    LineItem("funding_balance", "Funding balance (grant less cost, cumulative)", "£", total=False),
    LineItem("cost_avoided", "Public cost avoided", "£", needs="cost_avoided_per_person_year"),
)

METRICS = (
    Metric("grant_total", "Grant received", "money"),
    Metric("people_housed", "People housed", "count"),
    Metric("peak_caseload", "Peak caseload", "count"),
    Metric("peak_caseload_year", "Year of peak caseload", "year"),
    Metric("total_cost", "Total cost", "money"),
    Metric("cost_per_person", "Cost per person housed", "money"),
    Metric("liability_beyond_grant", "Support liability after the last tranche", "money"),
    Metric("first_shortfall_year", "First year the funding balance is negative", "year"),
    Metric("largest_shortfall", "Largest shortfall of grant against cost", "money"),
    Metric("closing_balance", "Funding balance at the end", "money"),
    Metric("council_allocation_total", "Council allocations in total", "money"),
    Metric("council_units_total", "Council units a year in total", "count"),
    Metric("cost_avoided_total", "Public cost avoided", "money", needs="cost_avoided_per_person_year"),
    Metric("net_public_benefit", "Public cost avoided less total cost", "money", needs="cost_avoided_per_person_year"),
)


def _caseload(intake: np.ndarray, retention: ArrayLike, support_years: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """People supported in each year, and the same weighted for entry, by cohort age."""
    n, horizon = intake.shape
    caseload = np.zeros((n, horizon))
    weighted = np.zeros((n, horizon))
    oldest = int(min(horizon, np.max(support_years)))
    for age in range(oldest):  # one pass per cohort age, all trials and cohorts at once
        alive = intake[:, : horizon - age] * (col(retention) ** age) * (age < col(support_years))
        caseload[:, age:] += alive
        weighted[:, age:] += alive if age else 0.0
    return caseload, weighted


def compute(inputs: Inputs) -> Outcome:
    years = np.arange(inputs.start_year, inputs.start_year + inputs.horizon)
    intake = col(inputs.annual_target) * dated_profile(inputs, "intake", "share")
    caseload, later_years = _caseload(intake, inputs.retention_rate, inputs.support_years)
    person_years = later_years + intake * col(inputs.entry_year_fraction)
    inflate = index_factor(inputs.cost_inflation, inputs.horizon)
    support = person_years * col(inputs.support_cost_per_person_year) * inflate
    other = dated_profile(inputs, "other_costs", "amount") * inflate
    total = support + other
    grant = dated_profile(inputs, "tranches", "amount")
    balance = np.cumsum(grant, axis=1) - np.cumsum(total, axis=1)
    avoided = person_years * col(inputs.cost_avoided_per_person_year) * inflate
    lines = {
        "intake": intake,
        "caseload": caseload,
        "person_years": person_years,
        "support_cost": support,
        "other_cost": other,
        "total_cost": total,
        "grant": grant,
        "cumulative_grant": np.cumsum(grant, axis=1),
        "cumulative_cost": np.cumsum(total, axis=1),
        "funding_balance": balance,
        "cost_avoided": avoided,
    }
    lines.update(_council_lines(inputs, caseload, total))
    summary = _summary(inputs, lines, years)
    return Outcome(
        SPEC, year_labels(inputs.start_year, inputs.horizon), lines, summary, _checks(inputs, lines, summary)
    )


def _council_lines(inputs: Inputs, caseload: np.ndarray, total: np.ndarray) -> dict:
    units = inputs.col("councils", "units_per_year")
    weights = units / np.where(units.sum(axis=1, keepdims=True) > 0, units.sum(axis=1, keepdims=True), 1.0)
    out = {}
    for i, row in enumerate(inputs.rows("councils")):
        out[f"caseload:{row['name']}"] = caseload * weights[:, i : i + 1]
        out[f"cost:{row['name']}"] = total * weights[:, i : i + 1]
    return out


def _summary(inputs: Inputs, lines: dict, years: np.ndarray) -> dict:
    balance, total = lines["funding_balance"], lines["total_cost"]
    people = lines["intake"].sum(axis=1)
    last_tranche = max(int(r["year"]) for r in inputs.rows("tranches")) - int(years[0])
    liability = _liability_beyond(inputs, lines, last_tranche)
    allocations = inputs.col("councils", "hf_support") + inputs.col("councils", "other_support")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # a near-zero intake gives inf, not a crash
        per_person = np.where(people > 0, total.sum(axis=1) / people, np.nan)
    return {
        "grant_total": lines["grant"].sum(axis=1),
        "people_housed": people,
        "peak_caseload": lines["caseload"].max(axis=1),
        "peak_caseload_year": lines["caseload"].argmax(axis=1),
        "total_cost": total.sum(axis=1),
        "cost_per_person": per_person,
        "liability_beyond_grant": liability,
        "first_shortfall_year": first_true(balance < -0.005),
        "largest_shortfall": np.maximum(-balance.min(axis=1), 0.0),
        "closing_balance": balance[:, -1],
        "council_allocation_total": allocations.sum(axis=1),
        "council_units_total": inputs.col("councils", "units_per_year").sum(axis=1),
        "cost_avoided_total": lines["cost_avoided"].sum(axis=1),
        "net_public_benefit": lines["cost_avoided"].sum(axis=1) - total.sum(axis=1),
    }


def _liability_beyond(inputs: Inputs, lines: dict, last: int) -> np.ndarray:
    """Support cost after the last tranche's year of people housed up to that year."""
    housed_by_then = lines["intake"].copy()
    housed_by_then[:, last + 1 :] = 0.0
    _, later = _caseload(housed_by_then, inputs.retention_rate, inputs.support_years)
    person_years = later + housed_by_then * col(inputs.entry_year_fraction)
    cost = person_years * col(inputs.support_cost_per_person_year) * index_factor(inputs.cost_inflation, inputs.horizon)
    return cost[:, last + 1 :].sum(axis=1)


def _tie_out(name: str, parts: np.ndarray, whole: np.ndarray, what: str, unit: str = "£") -> CheckOutcome:
    return tie_out(
        name,
        parts - whole,
        f"{what} tie out exactly",
        f"{what} differ by {{amount}}",
        tolerance=UNDER_HALF_PENNY,
        unit=unit,
    )


def _checks(inputs: Inputs, lines: dict, summary: dict) -> list[CheckOutcome]:
    award = inputs.award
    shortfall_year = summary["first_shortfall_year"]
    return [
        _tie_out("Tranches sum to the award", summary["grant_total"], award, "The grant tranches and the award"),
        _tie_out(
            "Council allocations sum to the award",
            summary["council_allocation_total"],
            award,
            "The council allocations and the award",
        ),
        _tie_out(
            "Council units sum to the annual target",
            summary["council_units_total"],
            inputs.annual_target,
            "The councils' units a year and the annual target",
            unit="units",
        ),
        limit(
            "Grant covers costs in every year",
            shortfall_year < 0,
            "The cumulative grant covers the cumulative cost in every year",
            "Costs run ahead of the grant from {year}; shortfall then {amount}",
            severity="policy",
            year=shortfall_year,
            amount=-amount_at(lines["funding_balance"], shortfall_year),
        ),
    ]


def cross_validate(inputs: Inputs) -> list[InputError]:
    first, last = inputs.start_year, inputs.start_year + inputs.horizon - 1
    allowed = f"enter a year from {fy_label(first)} to {fy_label(last)} (inside the years modelled)"
    errors = []
    for table in ("tranches", "intake", "other_costs"):
        seen = set()
        for i, row in enumerate(inputs.rows(table), start=1):
            where = f"{table}[{i}].year"
            if not first <= row["year"] <= last:
                errors.append(InputError(where, fy_label(int(row["year"])), allowed, "Financial year"))
            elif row["year"] in seen:
                errors.append(InputError(where, fy_label(int(row["year"])), "enter each year once", "Financial year"))
            seen.add(row["year"])
    names = [r["name"] for r in inputs.rows("councils")]
    for i, name in enumerate(names, start=1):
        if not name.strip() or names.index(name) != i - 1:
            errors.append(InputError(f"councils[{i}].name", name, "enter a council name used once", "Council"))
    return errors


SPEC = ModelSpec(
    key="housing_first",
    label="Housing First grant profile",
    description="People housed, support caseload and cost against a grant paid in tranches, by council.",
    fields=FIELDS,
    tables=TABLES,
    lines=LINES,
    metrics=METRICS,
    compute=compute,
    cross_validate=cross_validate,
    checks=(
        ("Tranches sum to the award", "tie-out"),
        ("Council allocations sum to the award", "tie-out"),
        ("Council units sum to the annual target", "tie-out"),
        ("Grant covers costs in every year", "cumulative grant never below cumulative cost"),
    ),
    source="WMCA PSR Board papers, 6 Sept 2018 (seed 003)",
    dynamic_lines=(
        LineItem("caseload", "People supported", "people", total=False),
        LineItem("cost", "Total cost", "£"),
    ),
)
