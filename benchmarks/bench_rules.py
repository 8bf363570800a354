"""The rulebook: every rule's value over a 40-year plan, and a book with overrides."""

from __future__ import annotations

from models.rules import ALL, RULES

YEARS = list(range(2010, 2050))


def _every_rule() -> None:
    for rule in ALL:
        RULES.value(rule.id, YEARS)


def _override() -> None:
    RULES.with_overrides({"brs.min_rv_threshold": {"from": "2027-28", "value": 40_000.0}}).value(
        "brs.min_rv_threshold", YEARS
    )


def cases():
    return [
        (f"rules: all {len(ALL)} rules over 40 years", _every_rule, 0.005),
        ("rules: a book with one override, over 40 years", _override, 0.001),
    ]
