"""Scenarios side by side: summary metrics against the baseline, annual lines, checks that differ."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from models.core.result import SEVERITY_LABELS
from planner import formatting as fmt
from planner.analysis.rule_changes import RuleChange, baseline_text, override_text, rule_changes
from planner.project.document import Project
from planner.project.scenarios import BASELINE
from planner.registry import get_spec

ANNUAL_COLUMNS = ["scenario", "run", "line", "year", "value"]
ABSENT = "this check does not apply in this scenario"


@dataclass
class MetricRow:
    """One summary metric of one run in every scenario, with the difference from the baseline.

    `difference` and `pct` (a fraction: 0.125 = 12.5%) are None where the metric is not a number
    (a year, a flag) or has no value, and `pct` also where the baseline is 0.
    """

    run: str
    metric: str
    label: str
    kind: str
    values: dict[str, Any]
    difference: dict[str, float | None]
    pct: dict[str, float | None]

    def as_dict(self) -> dict:
        return {
            "run": self.run,
            "metric": self.metric,
            "label": self.label,
            "kind": self.kind,
            "values": self.values,
            "difference": self.difference,
            "pct": self.pct,
        }


@dataclass
class CheckDifference:
    """A check whose status in a scenario differs from the baseline's (None: the check is absent there)."""

    scenario: str
    run: str
    name: str
    baseline_ok: bool | None
    ok: bool | None
    message: str
    year: str | None = None
    amount: float | None = None
    severity: str = "check"

    def as_dict(self) -> dict:
        return {
            "scenario": self.scenario,
            "run": self.run,
            "name": self.name,
            "severity": self.severity,
            "baseline_ok": self.baseline_ok,
            "ok": self.ok,
            "message": self.message,
            "year": self.year,
            "amount": self.amount,
        }


@dataclass
class Comparison:
    scenarios: list[str]  # the baseline first
    metrics: list[MetricRow]
    annual: pd.DataFrame  # tidy: scenario, run, line, year, value
    checks: list[CheckDifference]
    rules: list[RuleChange] = field(default_factory=list)  # the rules a scenario overrides

    def metrics_frame(self) -> pd.DataFrame:
        """One row per (run, metric); a value column per scenario and difference / % columns per scenario."""
        rows = []
        for m in self.metrics:
            row: dict[str, Any] = {"run": m.run, "metric": m.metric, "label": m.label, "kind": m.kind}
            row.update({s: m.values.get(s) for s in self.scenarios})
            for s in self.scenarios[1:]:
                row[f"{s} difference"], row[f"{s} %"] = m.difference.get(s), m.pct.get(s)
            rows.append(row)
        return pd.DataFrame(rows)

    def as_json(self) -> dict:
        return {
            "scenarios": self.scenarios,
            "metrics": [m.as_dict() for m in self.metrics],
            "checks": [c.as_dict() for c in self.checks],
            "rules": [r.as_dict() for r in self.rules],
            "annual": {
                "columns": ANNUAL_COLUMNS,
                "data": [[_plain(v) for v in row] for row in self.annual.itertuples(index=False)],
            },
        }


def compare(project: Project, names: Sequence[str] | None = None) -> Comparison:
    """Every scenario named (all by default; the baseline always first) against the baseline."""
    wanted = [BASELINE] + [n for n in (project.scenario_names if names is None else names) if n != BASELINE]
    wanted = list(dict.fromkeys(wanted))
    for name in wanted[1:]:
        project.scenario(name)  # an unknown name is refused before anything is computed
    results = {name: {run: o.trial(0) for run, o in project.evaluate(name).items()} for name in wanted}
    changes = rule_changes(project, wanted)
    return Comparison(wanted, metric_rows(results), annual_frame(results), check_differences(results), changes)


def metric_rows(results: dict[str, dict]) -> list[MetricRow]:
    base = results[BASELINE]
    rows = []
    for run, result in base.items():
        spec = get_spec(result.model)
        keys = list(dict.fromkeys(k for s in results.values() for k in s[run].summary))
        for key in keys:
            info = spec.metric_info(key)
            values = {s: _plain(r[run].summary.get(key)) for s, r in results.items()}
            diffs = {s: _difference(values[BASELINE], values[s]) for s in list(results)[1:]}
            pcts = {
                s: (None if diffs[s] is None or values[BASELINE] == 0 else diffs[s] / abs(values[BASELINE]))
                for s in diffs
            }
            kind = fmt.display_kind(info.kind, info.label)
            rows.append(MetricRow(run, key, info.label, kind, values, diffs, pcts))
    return rows


def annual_frame(results: dict[str, dict]) -> pd.DataFrame:
    """Every annual line of every run in every scenario, one row per value, for overlay charts."""
    parts = []
    for scenario, runs in results.items():
        for run, result in runs.items():
            table = result.annual
            lines, years = np.meshgrid(np.asarray(table.columns, dtype=object), np.asarray(table.index, dtype=object))
            parts.append(
                pd.DataFrame(
                    {
                        "scenario": scenario,
                        "run": run,
                        "line": lines.T.ravel(),
                        "year": years.T.ravel(),
                        "value": table.to_numpy(dtype=float).T.ravel(),
                    }
                )
            )
    if not parts:
        return pd.DataFrame({c: [] for c in ANNUAL_COLUMNS})
    return pd.concat(parts, ignore_index=True)[ANNUAL_COLUMNS]


def check_differences(results: dict[str, dict]) -> list[CheckDifference]:
    base = {(run, c.name): c for run, r in results[BASELINE].items() for c in r.checks}
    out = []
    for scenario, runs in list(results.items())[1:]:
        seen = set()
        for run, result in runs.items():
            for c in result.checks:
                seen.add((run, c.name))
                before = base.get((run, c.name))
                if before is None or before.ok != c.ok:
                    out.append(
                        CheckDifference(
                            scenario,
                            run,
                            c.name,
                            None if before is None else before.ok,
                            c.ok,
                            c.message,
                            c.year,
                            c.amount,
                            c.severity,
                        )
                    )
        out += [
            CheckDifference(scenario, run, name, c.ok, None, ABSENT, severity=c.severity)
            for (run, name), c in base.items()
            if (run, name) not in seen
        ]
    return out


def comparison_text(comparison: Comparison) -> str:
    """The comparison as a finance officer reads it: each scenario's value, then its change from the baseline."""
    out = []
    others = comparison.scenarios[1:]
    header = [BASELINE] + [h for s in others for h in (s, "change")]
    for run in dict.fromkeys(m.run for m in comparison.metrics):
        rows = [m for m in comparison.metrics if m.run == run]
        table = [
            [m.label, fmt.metric(m.values[BASELINE], m.kind)]
            + [c for s in others for c in (fmt.metric(m.values.get(s), m.kind), _change_text(m, s))]
            for m in rows
        ]
        widths = [max(len(r[i]) for r in table + [[""] + header]) for i in range(len(header) + 1)]
        out += [run, "=" * len(run), " " * (widths[0] + 2) + "".join(f"  {h:>{w}}" for h, w in zip(header, widths[1:]))]
        out += [
            ("  " + f"{r[0]:<{widths[0]}}" + "".join(f"  {c:>{w}}" for c, w in zip(r[1:], widths[1:]))).rstrip()
            for r in table
        ]
        out.append("")
    if comparison.rules:
        out.append("Rules overridden (a proposed change to the law or policy, not the law in force)")
        for r in comparison.rules:
            out.append(
                f"  [{r.scenario}] {r.run}: {r.label} ({r.rule}): {baseline_text(r.baseline)} → "
                f"{override_text(r.value)}; in force: {r.citation}"
            )
        out.append("")
    out.append("Checks that differ from the baseline" + ("" if comparison.checks else ": none"))
    status = {True: "ok", False: "FAIL", None: "absent"}
    for c in comparison.checks:
        label = SEVERITY_LABELS.get(c.severity, c.severity)
        out.append(
            f"  [{c.scenario}] {c.run}: {c.name} ({label}): {status[c.baseline_ok]} → {status[c.ok]}: {c.message}"
        )
    return "\n".join(out)


def _change_text(m: MetricRow, scenario: str) -> str:
    diff, pct = m.difference.get(scenario), m.pct.get(scenario)
    if diff is None:
        return "" if m.values.get(scenario) == m.values[BASELINE] else "changed"
    text = fmt.money(diff) if m.kind == "money" else fmt.metric(diff, m.kind)
    return text if pct is None else f"{text} ({pct * 100:+.1f}%)"


def _difference(base: Any, value: Any) -> float | None:
    if not (_number(base) and _number(value)):
        return None
    return float(value) - float(base)


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _plain(v: Any) -> Any:
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v
