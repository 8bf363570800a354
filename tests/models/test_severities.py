"""One test per severity: what each means, how a limit is built, and which failure is most serious."""

from __future__ import annotations

import numpy as np
import pytest

from models.core.checks import beyond_horizon, limit, tie_out
from models.core.result import LIMITS, SEVERITIES, Check, worst_failure
from models.hra import SPEC as HRA
from tests.models.test_hra import check, one, plain


def _check(severity: str, ok: bool) -> Check:
    return Check("c", ok, "", severity=severity)


@pytest.mark.parametrize("severity", LIMITS)
def test_a_limit_takes_one_of_the_three_limit_severities(severity):
    c = limit("x", np.array([False]), "ok", "bad", severity=severity)
    assert c.severity == severity and severity in SEVERITIES


def test_a_limit_cannot_be_a_tie_out_or_a_plain_check():
    with pytest.raises(ValueError, match="severity"):
        limit("x", np.array([True]), "ok", "bad", severity="tie-out")


def test_unlawful_is_reported_before_a_statutory_limit_before_local_policy_before_a_tie_out():
    checks = [_check("tie-out", False), _check("policy", False), _check("statutory", False)]
    assert worst_failure(checks) == "statutory"
    assert worst_failure([*checks, _check("unlawful", False)]) == "unlawful"
    assert worst_failure([_check("unlawful", True), _check("tie-out", False)]) == "tie-out"
    assert worst_failure([_check("unlawful", True)]) is None


def test_unlawful_statutory_policy_and_tie_out_checks_in_one_hra_plan():
    r = one(plain(start_year=2017, horizon=3, management_per_unit=6_000.0, opening_debt=100.0, debt_cap=90.0))
    assert check(r, "HRA in debit").severity == "unlawful" and not check(r, "HRA in debit").ok
    assert check(r, "Statutory debt cap").severity == "statutory" and not check(r, "Statutory debt cap").ok
    assert check(r, "Minimum balance").severity == "policy"
    assert check(r, "Debt tie-out").severity == "tie-out" and check(r, "Debt tie-out").ok


def test_a_tie_out_in_units_other_than_pounds_keeps_its_own_tolerance():
    units = tie_out("homes", np.array([0.5]), "ok", "bad", unit="homes")
    assert not units.material(1.0)[0]  # half a home is never "immaterial"
    money = tie_out("money", np.array([0.5]), "ok", "bad")
    assert money.material(1.0)[0] and not money.material(0.25)[0] and not money.material(None)[0]


def test_one_trial_is_judged_as_the_whole_run_judges_it():
    gaps = np.array([0.0, 0.5, -0.5, 2.0, np.nan, np.inf, -np.inf])
    for c in (tie_out("money", gaps, "ok", "bad"), tie_out("homes", gaps, "ok", "bad", unit="homes")):
        for tolerance in (None, 0.25, 1.0, np.inf):
            assert [c.material_at(i, tolerance) for i in range(len(gaps))] == c.material(tolerance).tolist()


def test_a_plain_check_is_not_a_limit():
    c = beyond_horizon("b", np.array([2.0]), 10, "ok", "bad", unit="years")
    assert c.severity == "check" and c.severity not in LIMITS
    assert HRA.run(HRA.defaults()).trial(0).all_ok
