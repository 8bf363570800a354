"""The rulebook: every rule cited and dated; each transition on its day and in its financial year."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pytest

from models.rules import ALL, RULES, fy_name
from models.rules.store import Rulebook

TRANSITIONS = [(rule, old, new) for rule in ALL for old, new in zip(rule.steps, rule.steps[1:])]


def _ids(items):
    return [f"{rule.id}@{new.since}" for rule, _, new in items]


@pytest.mark.parametrize("rule", ALL, ids=[r.id for r in ALL])
def test_every_rule_step_has_an_instrument_a_url_and_a_checked_date(rule):
    assert rule.label and rule.unit and rule.breach in ("unlawful", "statutory", "policy")
    for step in rule.steps:
        s = step.source
        assert s.instrument.strip() and s.section.strip()
        assert re.match(r"^https?://[^ ]+$", s.url), s.url
        assert dt.date.fromisoformat(s.checked) <= dt.date(2026, 12, 31)
        assert s.status in ("verified", "partly verified", "unverified")
        if s.status != "verified":  # what is not verified says why in its note
            assert s.note.strip()


@pytest.mark.parametrize("rule, old, new", TRANSITIONS, ids=_ids(TRANSITIONS))
def test_each_transition_takes_effect_on_its_day_and_in_its_financial_year(rule, old, new):
    day = new.since_date
    assert rule.on(day - dt.timedelta(days=1)) is old  # the last day of the old rule
    assert rule.on(day) is new  # the first day of the new
    first = new.first_year
    assert rule.step(first - 1) is old and rule.step(first) is new
    april = dt.date(first, 4, 1)
    assert new.year is not None or (day <= april and (day > dt.date(first - 1, 4, 1)))
    old_value, new_value = RULES.value(rule.id, [first - 1, first])
    assert np.array_equal([old_value, new_value], [np.nan if v is None else v for v in (old.value, new.value)], True)


@pytest.mark.parametrize(
    "rule_id, last_old_year, first_new_year, old, new",
    [
        ("brs.ballot_trigger", "2011-12", "2012-13", 1 / 3, 0.0),  # Localism Act s. 68, 15 January 2012
        ("hra.statutory_cap", "2018-19", "2019-20", 1.0, np.nan),  # revoked 29 October 2018
        ("hra.statutory_cap", "2011-12", "2012-13", np.nan, 1.0),  # self-financing, 1 April 2012
        ("rent.statutory_change", "2019-20", "2020-21", -0.01, np.nan),
        ("rent.ceiling", "2023-24", "2024-25", 0.07, np.nan),
        ("rent.convergence", "2026-27", "2027-28", 0.0, 1.0),
        ("rent.convergence", "2027-28", "2028-29", 1.0, 2.0),
        ("rent.cpi_margin", "2035-36", "2036-37", 0.01, np.nan),
        ("rtb.spend_years", "2020-21", "2021-22", 3.0, 5.0),
        ("rtb.max_share_of_cost", "2023-24", "2024-25", 0.5, 1.0),  # "for 2024-25 and 2025-26", July 2024
        ("brs.min_rv_threshold", "2009-10", "2010-11", np.nan, 50_000.0),  # in force 15 October 2009
    ],
)
def test_the_named_transitions_by_financial_year(rule_id, last_old_year, first_new_year, old, new):
    got = RULES.value(rule_id, [last_old_year, first_new_year])
    np.testing.assert_array_equal(got, [old, new])


def test_an_override_applies_from_its_year_and_leaves_the_book_as_it_was():
    book = RULES.with_overrides({"brs.min_rv_threshold": {"from": "2027-28", "value": 40_000.0}})
    assert book.value("brs.min_rv_threshold", [2026, 2027]).tolist() == [50_000.0, 40_000.0]
    assert RULES.value("brs.min_rv_threshold", 2027).tolist() == [50_000.0]
    assert book.overridden("brs.min_rv_threshold") and not RULES.overridden("brs.min_rv_threshold")
    assert np.isnan(RULES.with_overrides({"hra.statutory_cap": None}).value("hra.statutory_cap", 2015)[0])


@pytest.mark.parametrize(
    "given, message",
    [
        ({"no.such": 1}, "is not a rule"),
        ({"brs.max_multiplier": "2p"}, "enter a number"),
        ({"brs.max_multiplier": {"from": "2027-29", "value": 1}}, "enter a number"),
        ({"brs.max_multiplier": {"value": 1, "to": "2030-31"}}, "enter a number"),
    ],
)
def test_a_bad_override_is_refused_with_what_is_allowed(given, message):
    with pytest.raises((KeyError, ValueError), match=message):
        RULES.with_overrides(given)


def test_rules_in_force_in_a_year_list_every_rule():
    listed = RULES.in_force("2027-28")
    assert [r.id for r, _, _ in listed] == sorted(r.id for r in ALL)
    values = {r.id: v for r, _, v in listed}
    assert values["rent.convergence"] == 1.0 and values["hra.statutory_cap"] is None


def test_steps_must_run_oldest_first():
    from models.rules.store import Rule, Step

    s = ALL[0].steps[0]
    with pytest.raises(ValueError, match="oldest first"):
        Rule(
            "x", "x", "£", "statute", "unlawful", (Step("2020-04-01", 1.0, s.source), Step("2019-04-01", 2.0, s.source))
        )
    assert isinstance(RULES, Rulebook) and fy_name(2026) == "2026-27"
