"""Internal borrowing (models.hra.internal): balances lent to capital in place of loans. The cash is
the same as a revenue contribution; the capital financing requirement and the reserve keep what was
lent, and the statutory cap of 2012-18 is judged on the CFR."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from models.hra.internal import LINES as INTERNAL
from models.hra.model import SPEC
from models.hra.solvers import cap_needed, max_extra_units
from tests.models.test_hra import check, one, plain
from tests.models.test_hra_plan import deep_plans

M = 1_000_000.0


def lending(**over) -> dict:
    """£5.2m of rent a year and no costs; £10m of balances (£2m the minimum); £20m of new homes in
    the first year and no other spending."""
    raw = plain(opening_balance=10 * M, minimum_balance=2 * M, extra_units_per_year=100.0)
    raw.update(extra_cost_per_unit=200_000.0, extra_first_year=2020, extra_years=1)
    return raw | over


def test_only_the_balances_brought_forward_are_lent_and_the_cfr_and_reserve_keep_them():
    a = one(lending(internal_borrowing=True)).annual
    # year 1: surplus £5.2m; £13.2m above the minimum meets £20m of homes; £6.8m is borrowed.
    # The year's own surplus is a revenue contribution; the £8m brought forward above the minimum is lent
    assert a["balance_used"].iloc[0] == pytest.approx(13.2 * M)
    assert a["new_borrowing"].iloc[0] == pytest.approx(6.8 * M)
    assert a["lent_to_capital"].tolist() == pytest.approx([8 * M, 0.0, 0.0])
    assert a["internal_debt"].tolist() == pytest.approx([8 * M, 8 * M, 8 * M])
    assert a["closing_cfr"].tolist() == pytest.approx([14.8 * M, 14.8 * M, 14.8 * M])
    assert a["closing_balance"].tolist() == pytest.approx([2 * M, 7.2 * M, 12.4 * M])
    assert a["closing_reserve"].tolist() == pytest.approx([10 * M, 15.2 * M, 20.4 * M])


def test_by_default_nothing_is_lent_and_every_cash_line_is_the_same_as_with_lending():
    assert SPEC.field("internal_borrowing").default is False
    off, on = one(lending()).annual, one(lending(internal_borrowing=True)).annual
    assert (off["lent_to_capital"] == 0).all() and (off["internal_debt"] == 0).all()
    assert off["closing_cfr"].tolist() == off["closing_debt"].tolist()
    assert off["closing_reserve"].tolist() == off["closing_balance"].tolist()
    cash = [c for c in off.columns if c not in (*INTERNAL, "headroom")]
    differ = [c for c in cash if not np.array_equal(off[c].to_numpy(), on[c].to_numpy(), equal_nan=True)]
    assert differ == []


def test_the_statutory_cap_is_judged_on_the_cfr_and_the_councils_own_limit_on_external_debt():
    # 2016-17 to 2018-19 under the statutory cap, 2019-20 under the council's own limit
    raw = lending(start_year=2016, horizon=4, extra_first_year=2016, debt_cap=10 * M)
    off, on = one(raw), one(dict(raw, internal_borrowing=True))
    assert check(off, "Statutory debt cap").ok
    breach = check(on, "Statutory debt cap")
    assert not breach.ok and breach.year == "2016-17" and breach.amount == pytest.approx(4.8 * M)
    assert check(on, "Debt cap").ok  # £6.8m of loans in 2019-20, under £10m
    assert on.annual["headroom"].tolist() == pytest.approx([-4.8 * M, -4.8 * M, -4.8 * M, 3.2 * M])
    assert on.summary["peak_debt"] == pytest.approx(14.8 * M)
    assert cap_needed(dict(raw, internal_borrowing=True)) == pytest.approx(14.8 * M)
    assert cap_needed(raw) == pytest.approx(6.8 * M)
    assert on.summary["final_debt"] == pytest.approx(6.8 * M)  # the loans themselves


def test_debt_repaid_from_the_balance_is_lent_too():
    # no homes; £20m of loans; the balance above the minimum repays them: the CFR keeps the debt
    raw = plain(opening_balance=10 * M, minimum_balance=2 * M, opening_debt=20 * M, surplus_repays_debt=True)
    a = one(dict(raw, internal_borrowing=True)).annual
    assert a["debt_repaid"].iloc[0] == pytest.approx(13.2 * M)
    assert a["lent_to_capital"].iloc[0] == pytest.approx(8 * M)
    assert a["closing_cfr"].iloc[0] == pytest.approx(20 * M - 13.2 * M + 8 * M)


@settings(max_examples=30, deadline=None)
@given(raw=deep_plans())
def test_the_cfr_and_reserve_identities_hold_in_every_year(raw):
    a = one(dict(raw, internal_borrowing=True)).annual
    spent = a["balance_used"] + a["debt_repaid"]
    lent = spent - np.minimum(np.maximum(a["surplus"], 0.0), spent)
    np.testing.assert_allclose(a["lent_to_capital"], lent, atol=0.01)
    np.testing.assert_allclose(a["internal_debt"], np.cumsum(lent), atol=0.01)
    np.testing.assert_allclose(a["closing_cfr"], a["closing_debt"] + a["internal_debt"], atol=0.01)
    np.testing.assert_allclose(a["closing_reserve"], a["closing_balance"] + a["internal_debt"], atol=0.01)
    assert (a["lent_to_capital"] >= -0.01).all() and (a["closing_cfr"] >= a["closing_debt"] - 0.01).all()


def test_the_most_homes_solver_keeps_the_statutory_cap_on_the_cfr_and_one_more_home_breaks_it():
    import json
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "examples" / "hra-borrowing-cap.json"
    inputs = json.loads(example.read_text(encoding="utf-8"))["runs"][0]["inputs"]
    # £20m of balances; extra homes in the three years the statutory cap stood (2016-17 to 2018-19)
    raw = dict(SPEC.defaults(), **inputs) | {"internal_borrowing": True, "opening_balance": 20 * M}
    raw |= {"extra_first_year": 2016, "extra_years": 3}
    lent, loans_only = max_extra_units(raw), max_extra_units(dict(raw, internal_borrowing=False))
    assert (lent, loans_only) == (41, 79)  # the balances lent count against the cap while it stood
    assert one(dict(raw, extra_units_per_year=lent)).summary["within_limits"]
    over = one(dict(raw, extra_units_per_year=lent + 1))
    assert not over.summary["within_limits"] and not check(over, "Statutory debt cap").ok
