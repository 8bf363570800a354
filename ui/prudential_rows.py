"""The rows of the Prudential view's table, as plain data: each indicator by year, in the order of
the Prudential Code's indicators, with the years a limit is breached marked and the check that
tests it (no Qt here; the view and the tests read the same rows).

The figures are the run's annual lines and the limits as entered (planner.charts.prudential);
the headroom under a limit (limit less external debt) is the one subtraction made here, as the
board pack's Prudential sheet does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models.core.prudential import BREACH
from models.core.result import Check, Result
from planner.charts.prudential import DEBT_LIMITS, TABLE, limits
from planner.registry import get_spec

LIABILITY = "The loans CFR less balance-sheet resources: the borrowing the plan needs (Treasury Management Code 2021)."
CAPITAL = (  # capital expenditure and how it is financed
    ("capital_investment", "Capital expenditure"),
    ("capital_sources", "Financed by grants, contributions and receipts"),
    ("revenue_contributions", "Financed by revenue contributions"),
    ("borrowing_drawn", "Financed by borrowing"),
)


@dataclass
class Row:
    label: str
    values: np.ndarray | None = None  # None: a heading
    unit: str = "£"  # "£" or "%" (a ratio, shown as a percentage)
    failing: np.ndarray | None = None  # the years the row's limit is breached
    check: Check | None = None  # the check that tests this limit
    help: str = ""

    @property
    def heading(self) -> bool:
        return self.values is None


def indicator_rows(result: Result, inputs: dict) -> list[Row]:
    spec, annual = get_spec(result.model), result.annual
    lines = {k: annual[k].to_numpy(dtype=float) for k in annual.columns}
    entered = limits(result, inputs)
    table = spec.table(TABLE)
    checks = {c.name: c for c in result.checks}
    rows = [Row("Capital expenditure and its financing")]
    rows += [Row(label, lines[key], help=spec.line(key).help) for key, label in CAPITAL if key in lines]
    rows += [
        Row("Capital financing requirement"),
        Row(spec.line("cfr").label, lines["cfr"], help=spec.line("cfr").help),
        Row("External debt and its limits"),
        Row("External debt (closing)", lines["closing_debt"]),
    ]
    debt = lines["closing_debt"]
    for name, check, _colour in DEBT_LIMITS:
        limit = entered[name]
        if name == "debt_cap" and not np.isfinite(limit).any():
            continue  # only a combined authority has a cap agreed with HM Treasury
        breach = np.isfinite(limit) & (debt - np.nan_to_num(limit) > BREACH)
        field = table.column(name)
        rows.append(Row(field.label, limit, failing=breach, check=checks.get(check), help=field.help))
        rows.append(Row(f"Headroom under the {field.label[0].lower()}{field.label[1:]}", limit - debt, failing=breach))
    rows += [
        Row("Financing costs and the net revenue stream"),
        Row("Financing costs (interest and MRP)", lines["revenue_cost"], help=spec.line("revenue_cost").help),
    ]
    stream = table.column("net_revenue_stream")
    rows.append(Row(stream.label, entered["net_revenue_stream"], help=stream.help))
    # a line per fund whose net revenue stream is entered ("ratio:General Fund", "ratio:HRA")
    ratios = {k.partition(":")[2]: lines[k] for k in lines if k.startswith("ratio:")}
    for fund, values in (ratios or {"General Fund": np.full(len(debt), np.nan)}).items():
        rows.append(Row(f"Ratio of financing costs to net revenue stream ({fund})", values, "%"))
    resources = table.column("resources")
    rows += [
        Row("Liability benchmark"),
        Row("Loans capital financing requirement", lines["cfr"]),
        Row(f"Less {spec.line('reserve').label[0].lower()}{spec.line('reserve').label[1:]}", -lines["reserve"]),
        Row(f"Less {resources.label.lower()}", -np.nan_to_num(entered["resources"]), help=resources.help),
        Row(spec.line("liability_benchmark").label, lines["liability_benchmark"], help=LIABILITY),
    ]
    return rows
