"""The shared finance helpers against hand-worked figures and numpy-financial."""

from __future__ import annotations

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.core import finance


def test_present_value_discounts_end_of_year_flows():
    flows = np.array([[100.0, 100.0, 100.0]])
    # 100/1.05 + 100/1.05**2 + 100/1.05**3
    expected = 100 / 1.05 + 100 / 1.05**2 + 100 / 1.05**3
    got = finance.present_value(flows, finance.discount_factors(0.05, 3))
    assert got[0] == pytest.approx(expected)
    # numpy_financial.npv treats its first value as time 0, so a zero goes first
    assert got[0] == pytest.approx(npf.npv(0.05, [0.0, 100.0, 100.0, 100.0]))


def test_green_book_schedule_steps_down_after_thirty_and_seventy_five_years():
    f = finance.green_book_factors(np.array([0.035]), 80)[0]
    assert f[29] == pytest.approx(1.035**-30)
    assert f[30] == pytest.approx(1.035**-30 / 1.03)
    assert f[74] == pytest.approx(1.035**-30 * 1.03**-45)
    assert f[75] == pytest.approx(1.035**-30 * 1.03**-45 / 1.025)


def test_supportable_borrowing_hand_worked_with_cover():
    stream = np.array([[130.0, 130.0, 130.0]])
    # 130 / 1.3 = 100 a year for the first two years of a 2-year term at 10%:
    expected = 100 / 1.1 + 100 / 1.1**2
    assert finance.supportable_borrowing(stream, 0.10, 2, cover=1.3)[0] == pytest.approx(expected)


def test_repayment_profile_hand_worked():
    out = finance.repayment_profile(1000.0, np.array([[600.0, 600.0, 600.0]]), 0.10)
    # year 1: interest 100, pay 600, close 500; year 2: interest 50, owed 550, pay 550, close 0
    assert out["interest"][0].tolist() == pytest.approx([100.0, 50.0, 0.0])
    assert out["payment"][0].tolist() == pytest.approx([600.0, 550.0, 0.0])
    assert out["closing"][0].tolist() == pytest.approx([500.0, 0.0, 0.0])
    assert out["repaid"][0] == 1


def test_annuity_matches_numpy_financial():
    assert finance.annuity_payment(1_000_000.0, 0.045, 25) == pytest.approx(-npf.pmt(0.045, 25, 1_000_000))


@settings(max_examples=50, deadline=None)
@given(rate=st.floats(0.0, 0.15), level=st.floats(1.0, 1e7), term=st.integers(1, 40))
def test_supportable_borrowing_is_exactly_repaid_by_the_stream(rate, level, term):
    stream = np.full((1, term), level)
    loan = finance.supportable_borrowing(stream, rate, term)
    out = finance.repayment_profile(loan, stream, rate)
    assert out["closing"][0, -1] == pytest.approx(0.0, abs=1e-6 * level * term)
    opening = out["opening"][0]
    assert opening[1:] == pytest.approx(out["closing"][0, :-1])
    assert out["closing"][0] == pytest.approx(opening + out["interest"][0] - out["payment"][0], abs=0.01)
