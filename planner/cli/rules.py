"""`planner rules [--year 2027-28] [--json]`: every rule of the rulebook in force in a year, with its source.

Without --year the year is the financial year running today. Each rule shows the value in force
(none where the rule has lapsed, such as the HRA borrowing cap after 2018), the instrument and
section it comes from, a public URL, the date the source was last checked and whether it is
verified. Exit code 2 for a year that is not a financial year.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json

from models.core.result import SEVERITY_LABELS
from models.rules import RULES, Rule, Step, fy_name, fy_of
from planner.analysis.rule_changes import value_text
from planner.errors import PlannerError


def register(subparsers: argparse._SubParsersAction) -> None:
    cmd = subparsers.add_parser("rules", help="list every legal and policy rule in force in a year, with its source")
    cmd.add_argument("--year", metavar="YEAR", help="a financial year like 2027-28 (default: the current one)")
    cmd.add_argument("--json", action="store_true", help="print the rules as JSON")
    cmd.set_defaults(handler=_rules)


def current_year(today: dt.date | None = None) -> int:
    """The financial year running on a day: 2026 for 3 December 2026, 2025 for 31 March 2026."""
    today = today or dt.date.today()
    return today.year if today >= dt.date(today.year, 4, 1) else today.year - 1


def rule_rows(year: int) -> list[dict]:
    """One row per rule: the value in force in the year and the step it comes from."""
    return [_row(rule, step, value) for rule, step, value in RULES.in_force(year)]


def _row(rule: Rule, step: Step | None, value: float | None) -> dict:
    source = step.source if step is not None else rule.steps[0].source
    return {
        "rule": rule.id,
        "label": rule.label,
        "value": value,
        "unit": rule.unit,
        "since": None if step is None else step.since,
        "breach": rule.breach,
        "jurisdiction": rule.jurisdiction,
        "instrument": source.instrument,
        "section": source.section,
        "url": source.url,
        "checked": source.checked,
        "status": source.status,
        "note": " ".join(x for x in ((step.note if step else "not yet in force"), source.note) if x),
    }


def _rules(args: argparse.Namespace) -> int:
    try:
        year = current_year() if args.year is None else fy_of(args.year)
    except ValueError as exc:
        raise PlannerError(f"--year: {exc}") from None
    rows = rule_rows(year)
    if args.json:
        print(json.dumps({"year": fy_name(year), "rules": rows}, indent=1))
        return 0
    print(f"Rules in force in {fy_name(year)} (the value on 1 April {year})\n")
    for r in rows:
        since = f" since {r['since']}" if r["since"] else ""
        status = "" if r["status"] == "verified" else f"  [{r['status']}]"
        print(f"{r['rule']}: {r['label']}")
        breach = SEVERITY_LABELS[r["breach"]].lower()
        print(f"  {value_text(r['value'], r['unit'])}{since}; breaking it: {breach}{status}")
        print(f"  {r['instrument']}, {r['section']}")
        print(f"  {r['url']} (checked {r['checked']})\n")
    return 0
