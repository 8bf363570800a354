"""The rules a scenario overrides, against the baseline, for `planner compare`, the app and the board pack.

A rule override lives in a run's inputs under "rules" (see planner.project.paths). Each row
says which run, which rule, the value the baseline uses (None: the rule as declared) and the
scenario's, with the rule's citation so a reader sees what law or policy is being varied.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from models.core.validation import RULES_KEY
from models.rules import RULES, fy_name
from planner.project.document import Project
from planner.project.scenarios import BASELINE


@dataclass(frozen=True)
class RuleChange:
    scenario: str
    run: str
    rule: str
    label: str
    baseline: Any  # the override in the baseline, None for the rule as declared
    value: Any
    citation: str

    def as_dict(self) -> dict:
        return {
            "scenario": self.scenario,
            "run": self.run,
            "rule": self.rule,
            "label": self.label,
            "baseline": self.baseline,
            "value": self.value,
            "citation": self.citation,
        }


def overrides_of(inputs: dict) -> dict:
    return dict(inputs.get(RULES_KEY) or {})


def rule_changes(project: Project, names: Iterable[str]) -> list[RuleChange]:
    """Every rule override of each named scenario that differs from the baseline's."""
    base = {r.name: overrides_of(r.inputs) for r in project.resolve(BASELINE)}
    out = []
    for name in names:
        if name == BASELINE:
            continue
        for run in project.resolve(name):
            mine, theirs = overrides_of(run.inputs), base.get(run.name, {})
            for rule_id in dict.fromkeys(list(theirs) + list(mine)):
                if mine.get(rule_id) != theirs.get(rule_id):
                    rule = RULES.rule(rule_id)
                    cited = rule.steps[-1].source.citation()
                    was, now = theirs.get(rule_id), mine.get(rule_id)
                    out.append(RuleChange(name, run.name, rule_id, rule.label, was, now, cited))
    return out


def override_text(value: Any) -> str:
    """An override as words: "as declared", "none", "40000", "40000 from 2027-28"."""
    if isinstance(value, dict):
        start = value.get("from")
        return f"{override_text(value.get('value'))} from {start}" if start else override_text(value.get("value"))
    if value is None:
        return "none"
    return f"{value:g}" if isinstance(value, float) else str(value)


def baseline_text(value: Any) -> str:
    return "as declared" if value is None else override_text(value)


def value_text(value: float | None, unit: str) -> str:
    """A rule's value in its unit, as a reader says it: "£50,000 RV", "2p per £ RV", "7% a year"."""
    if value is None:
        return "none in force"
    if unit.startswith("£"):
        return f"£{value:,.2f}".replace(".00", "") + unit[1:]
    if unit.startswith("%") or unit == "share of cost":
        return f"{value * 100:.4g}%{unit[1:] if unit.startswith('%') else ' of cost'}"
    if unit == "p per £ RV":
        return f"{value:g}p per £ RV"
    if unit == "flag":
        return "applies" if value else "does not apply"
    return f"{value:g} {unit}"


NOT_OVERRIDDEN = object()


def rule_lines(rule_id: str, override: Any = NOT_OVERRIDDEN) -> list[str]:
    """What a field governed by a rule says about it (plain text, one line each): the rule, its
    history with each value's citation, and the scenario's override if it has one."""
    rule = RULES.rule(rule_id)
    lines = [f"Rule {rule.id}: {rule.label}"]
    for step in rule.steps:
        s = step.source
        lines.append(
            f"From {step.since}: {value_text(step.value, rule.unit)}. {s.citation()}. {s.url} (checked {s.checked})"
        )
    if override is not NOT_OVERRIDDEN:
        lines.append(f"Overridden in this scenario: {override_text(override)} (not the law in force)")
    return lines


__all__ = [
    "NOT_OVERRIDDEN",
    "RuleChange",
    "baseline_text",
    "fy_name",
    "override_text",
    "overrides_of",
    "rule_changes",
    "rule_lines",
    "value_text",
]
