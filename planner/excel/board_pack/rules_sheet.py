"""The pack's "Rules applied" sheet: every rule each run used, its value in each year, and its source.

One row per run, rule and span of years with the same value for the Baseline: the value in
force (or an override, marked as such), then the instrument, section, public URL and the date
the source was last checked, and whether it is verified. A scenario's rows follow only where
they differ from the Baseline's (an override, or a run over other years), so the printed sheet
does not repeat the same law once a scenario. A reader sees which law and policy each figure
rests on, and where a scenario departs from it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from models.core.validation import RULES_KEY
from models.rules import RULES, Rulebook, fy_name, fy_of
from planner.excel.board_pack.styles import GBP, HEADER, LABEL, PCT, PENCE, SUBTITLE, TITLE, WRAP, print_setup

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from models.core.result import Outcome
    from planner.excel.board_pack.cells import Cells
    from planner.project.document import Project
    from planner.project.scenario_file import RunDef

TITLE_TEXT = "Rules applied"
HEADER_ROW = (
    "Scenario",
    "Run",
    "Rule",
    "What it is",
    "Years",
    "Value",
    "Unit",
    "Override",
    "Instrument",
    "Section",
    "URL",
    "Checked on",
    "Status",
)
WIDTHS = (16, 22, 26, 34, 18, 12, 12, 12, 40, 34, 44, 11, 14)


def spans(book: Rulebook, rule_id: str, years: list[str]) -> list[tuple[str, str, float | None]]:
    """Runs of years with the same value: (first year, last year, value or None)."""
    values = book.value(rule_id, years)
    out: list[tuple[str, str, float | None]] = []
    for year, v in zip(years, values):
        value = None if np.isnan(v) else float(v)
        if out and out[-1][2] == value:
            out[-1] = (out[-1][0], year, value)
        else:
            out.append((year, year, value))
    return out


def rule_rows(scenario: str, run: RunDef, outcome: Outcome) -> list[dict]:
    """The rows of one run: every rule its model uses, over the run's years."""
    book = RULES.with_overrides(run.inputs.get(RULES_KEY))
    rows = []
    for rule_id in outcome.spec.rule_ids():
        rule = RULES.rule(rule_id)
        for first, last, value in spans(book, rule_id, outcome.years):
            step = rule.step(first) or rule.steps[0]
            override = book.overrides.get(rule_id)
            by_override = override is not None and (override.start is None or fy_of(first) >= override.start)
            rows.append(
                {
                    "scenario": scenario,
                    "run": run.name,
                    "rule": rule_id,
                    "label": rule.label,
                    "years": first if first == last else f"{first} to {last}",
                    "value": value,
                    "unit": rule.unit,
                    "override": "Overridden" if by_override else "",
                    "source": step.source,
                }
            )
    return rows


def differing_rows(project: Project, names: list[str], outcomes: dict[str, dict[str, Outcome]]) -> list[dict]:
    """The Baseline's rows, then each scenario's rows that are not the Baseline's."""
    out: list[dict] = []
    seen: set[tuple] = set()
    for name in names:
        for run in project.resolve(name):
            for r in rule_rows(name, run, outcomes[name][run.name]):
                key = (r["run"], r["rule"], r["years"], r["value"], r["override"])
                if key not in seen:
                    seen.add(key)
                    out.append(r)
    return out


def _format(unit: str) -> str:
    if unit.startswith("£"):
        return GBP
    if unit.startswith("%") or unit == "share of cost":
        return PCT
    return PENCE if unit.startswith("p per") else "0.##"


def write_rules_sheet(
    cells: Cells, ws: Worksheet, project: Project, names: list[str], outcomes: dict[str, dict[str, Outcome]], date: str
) -> int:
    """Write the sheet; returns the number of rule rows."""
    cells.text(ws, 1, 1, TITLE_TEXT, TITLE)
    cells.text(
        ws,
        2,
        1,
        f"{project.title}. Each rule a run's model uses, with its value in each year of the run (the value in "
        "force on 1 April) and its source. A scenario applies the Baseline's rules except where it is listed "
        "below. 'Overridden' marks a change to the law or policy, not the law in force.",
        SUBTITLE,
    )
    for col, text in enumerate(HEADER_ROW, start=1):
        cells.text(ws, 4, col, text, HEADER)
    row = 5
    for r in differing_rows(project, names, outcomes):
        s = r["source"]
        texts = (r["scenario"], r["run"], r["rule"], r["label"], r["years"])
        for col, text in enumerate(texts, start=1):
            cells.text(ws, row, col, text, WRAP if col == 4 else LABEL)
        if r["value"] is None:
            cells.text(ws, row, 6, "none", LABEL)
        else:
            cells.number(ws, row, 6, r["value"], _format(r["unit"]))
        for col, text in ((7, r["unit"]), (8, r["override"]), (9, s.instrument), (10, s.section)):
            cells.text(ws, row, col, text, WRAP)
        for col, text in ((11, s.url), (12, s.checked), (13, s.status)):
            cells.text(ws, row, col, text, LABEL)
        row += 1
    for i, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = "A5"
    print_setup(ws, "1:4", "All scenarios", date)
    return row - 5


__all__ = ["fy_name", "rule_rows", "spans", "write_rules_sheet"]
