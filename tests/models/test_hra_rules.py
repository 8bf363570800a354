"""The HRA plan against the law and policy in force in each of its years (models.hra.lawful)."""

from __future__ import annotations

import pytest

from tests.models.test_hra import check, one, plain


def test_a_debit_balance_is_unlawful_and_the_minimum_balance_is_local_policy():
    r = one(plain(management_per_unit=6_000.0, minimum_balance=0.0))  # costs £6m a year against £5.2m of rent
    debit, minimum = check(r, "HRA in debit"), check(r, "Minimum balance")
    assert not debit.ok and debit.severity == "unlawful" and debit.rule == "hra.min_balance"
    assert debit.year == "2020-21" and debit.amount == pytest.approx(800_000.0)
    assert debit.years_failed == ("2020-21", "2021-22", "2022-23")
    assert not minimum.ok and minimum.severity == "policy"
    assert check(one(plain()), "HRA in debit").ok


def test_the_statutory_cap_binds_only_until_2018_19_and_then_the_limit_is_the_councils_own():
    r = one(plain(start_year=2017, horizon=4, opening_debt=100.0, debt_cap=90.0))
    statutory, own = check(r, "Statutory debt cap"), check(r, "Debt cap")
    assert not statutory.ok and statutory.severity == "statutory"
    assert statutory.years_failed == ("2017-18", "2018-19")  # revoked 29 October 2018: gone from 2019-20
    assert not own.ok and own.severity == "policy" and own.year == "2019-20"
    assert "council's own" in own.message
    later = one(plain(start_year=2019, opening_debt=100.0, debt_cap=90.0))
    assert "Statutory debt cap" not in [c.name for c in later.checks]  # no year of the plan had one


@pytest.mark.parametrize(
    "start, path, ok",
    [
        (2016, [-0.01, -0.01, -0.01], True),  # the four relevant years of WRWA 2016 s. 23: at least 1% cuts
        (2016, [-0.01, -0.009, -0.01], False),
        (2019, [0.02, 0.02, 0.02], True),  # from 2020-21: CPI (2%) + 1%
        (2019, [0.02, 0.0301, 0.02], False),
    ],
)
def test_rent_cuts_then_cpi_plus_one(start, path, ok):
    rows = [{"year": start + 1 + i, "rate": rate} for i, rate in enumerate(path)]
    r = one(plain(start_year=start, horizon=4, rent_path=rows, rent_cpi=0.02))
    c = check(r, "Rent limit")
    assert c.ok is ok and c.severity == "statutory"


def test_the_7_percent_ceiling_binds_in_2023_24_only():
    rows = [{"year": 2023, "rate": 0.07}, {"year": 2024, "rate": 0.111}]
    assert check(one(plain(start_year=2022, horizon=3, rent_path=rows, rent_cpi=0.101)), "Rent limit").ok
    rows[0]["rate"] = 0.0701
    c = check(one(plain(start_year=2022, horizon=3, rent_path=rows, rent_cpi=0.101)), "Rent limit")
    assert not c.ok and c.years_failed == ("2023-24",) and c.amount == pytest.approx(0.0001)


def test_convergence_allows_a_pound_a_week_from_2027_28_and_two_from_2028_29():
    # £100 a week in 2026-27; CPI 2%: 2027-28 may rise 3% + £1 = 4%, 2028-29 3% + £2/£104
    base = plain(start_year=2026, horizon=3, rent_cpi=0.02)
    fine = [{"year": 2027, "rate": 0.04}, {"year": 2028, "rate": 0.03 + 2 / 104}]
    assert check(one(dict(base, rent_path=fine)), "Rent limit").ok
    over = [{"year": 2027, "rate": 0.0401}, {"year": 2028, "rate": 0.03}]
    assert check(one(dict(base, rent_path=over)), "Rent limit").years_failed == ("2027-28",)
    none_yet = plain(start_year=2025, horizon=2, rent_cpi=0.02, rent_path=[{"year": 2026, "rate": 0.031}])
    assert not check(one(none_yet), "Rent limit").ok  # no convergence in 2026-27


def test_right_to_buy_receipts_rules_by_year():
    r = one(plain(start_year=2020, horizon=3, rtb_max_share_of_cost=0.4, rtb_spend_years=5))
    share, window = check(r, "Right to Buy receipts' share"), check(r, "Right to Buy spend window")
    assert share.years_failed == ("2020-21",) and share.amount == pytest.approx(0.1)  # 30% until April 2021
    assert window.years_failed == ("2020-21",) and window.amount == 3  # 3 years until April 2021
    later = one(plain(start_year=2024, horizon=2, rtb_max_share_of_cost=1.0, rtb_spend_years=5))
    assert check(later, "Right to Buy receipts' share").ok  # 100% for 2024-25 on (30 July 2024)
    assert check(later, "Right to Buy receipts' share").severity == "statutory"
