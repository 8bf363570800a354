"""Rule overrides in the input workbook: one row per rule a run's model uses, keyed `rules.<id>`.

A cell is empty for the rule as declared, a number to override it in every year, "none" for no
such rule in force, or "40000 from 2027-28" to override it from a year on. The rows follow the
run's inputs on its sheet, so a scenario's column shows the overrides it runs with, and
`planner import` turns them back into scenario changes (`rules.<id>`) rather than losing them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from models.rules import RULES, fy_name, fy_of
from planner.errors import PlannerError
from planner.excel import styles as st
from planner.project.paths import RULE_PREFIX, rule_field

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from models.core.declare import ModelSpec
    from planner.excel.sheet_writer import SheetWriter
    from planner.project.scenario_file import RunDef

GROUP = "Rules (empty: the law as declared; a value overrides it)"
ALLOWED = "enter a number, 'none' (no such rule in force), a number 'from 2027-28', or leave it empty"
_FROM = re.compile(r"^\s*(-?\d[\d,]*\.?\d*)\s+from\s+(\d{4}-\d{2})\s*$", re.IGNORECASE)
MISSING = object()


def cell_text(override: object) -> object:
    """An override as the workbook holds it (MISSING: empty)."""
    if override is MISSING:
        return None
    if override is None:
        return "none"
    if isinstance(override, dict):
        return f"{override.get('value'):g} from {override.get('from')}"
    return override


def write_rule_rows(
    out: SheetWriter, ws: Worksheet, row: int, spec: ModelSpec, columns: list[tuple[str, RunDef]]
) -> int:
    """Rows after the run's inputs; returns the last row written."""
    ids = spec.rule_ids()
    if not ids:
        return row
    row += 1
    st.put(ws, row, 2, GROUP, st.GROUP)
    n = len(columns)
    for rule_id in ids:
        rule, f = RULES.rule(rule_id), rule_field(RULES.rule(rule_id))
        row += 1
        out.put(row, 1, RULE_PREFIX + rule_id, st.KEY)
        out.put(row, 2, rule.label)
        for j, (_, run) in enumerate(columns, start=3):
            value = cell_text((run.inputs.get("rules") or {}).get(rule_id, MISSING))
            out.put(row, j, value, st.INPUT, st.number_format(f.fmt, value) if isinstance(value, float) else None)
        for k, value in enumerate((rule.unit, ALLOWED, rule.help, f.source), start=3 + n):
            out.put(row, k, value, st.WRAP)
    return row


def parse_cell(value: object) -> object:
    """A cell as an override: MISSING when empty; PlannerError (the allowed text) when it cannot be meant."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return MISSING
    if isinstance(value, bool):
        raise PlannerError(ALLOWED)
    if isinstance(value, (int, float)):
        return value
    text = str(value).strip()
    if text.casefold() == "none":
        return None
    match = _FROM.match(text)
    if match:
        try:
            start = fy_name(fy_of(match.group(2)))
        except ValueError:
            raise PlannerError(ALLOWED) from None
        return {"from": start, "value": float(match.group(1).replace(",", ""))}
    raise PlannerError(ALLOWED)


def rule_changes(run: str, before: dict, after: dict) -> list[tuple[str, object]]:
    """(path, value) for each rule override that differs between two versions of a run's inputs."""
    old, new = before.get("rules") or {}, after.get("rules") or {}
    out = []
    for rule_id in dict.fromkeys([*old, *new]):
        if rule_id not in new:
            raise PlannerError(
                f"run {run!r}: a scenario cannot take away the override of rule {rule_id} that it builds on; "
                "enter the rule's value in the scenario's column"
            )
        if old.get(rule_id, MISSING) != new[rule_id]:
            out.append((RULE_PREFIX + rule_id, new[rule_id]))
    return out
