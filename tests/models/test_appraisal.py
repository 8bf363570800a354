"""Appraisal, MRP and prudential indicators in models.core: hand-worked to the penny, and properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.core import appraisal as ap
from models.core import mrp
from models.core import prudential as pi


def test_flat_real_stream_of_1m_for_ten_years_at_3_5_percent_to_the_penny():
    # years 0-9, year 0 undiscounted: 1e6 * (1 - 1.035**-10) / (1 - 1/1.035) = 8,607,686.51
    # (the issue's £8,607,687.31 does not verify: it is 80p too high)
    cash = np.full((1, 10), 1e6)
    pv = ap.present_value_real(cash, ap.deflator_index(np.zeros((1, 10))), 0, 0.035, 0)
    assert round(float(pv[0]), 2) == 8_607_686.51


def test_nominal_stream_at_2_percent_inflation_deflated_then_discounted():
    # £1,000 cash in years 0-2 growing 2%: 1000, 1020, 1040.40 -> real 1000 each; PV at 3.5%
    cash = np.array([[1000.0, 1020.0, 1040.40]])
    index = ap.deflator_index(np.full((1, 3), 0.02))
    assert ap.to_real(cash, index, 0).round(10).tolist() == [[1000.0, 1000.0, 1000.0]]
    expected = 1000.0 + 1000.0 / 1.035 + 1000.0 / 1.035**2
    assert float(ap.present_value_real(cash, index, 0, 0.035, 0)[0]) == pytest.approx(expected, abs=1e-9)
    # in year-2 prices (price base 2) every real amount is 1,040.40
    assert ap.to_real(cash, index, 2).round(10).tolist() == [[1040.4, 1040.4, 1040.4]]


def test_green_book_table_1_deflating_at_2_percent():
    # Green Book 2020/2022 Table 1: £1,000 nominal in years 0-5 is £1,000 / 980 / 961 / 942 / 924 / 906 real
    real = ap.to_real(np.full((1, 6), 1000.0), ap.deflator_index(np.full((1, 6), 0.02)), 0)
    assert real.round(0).tolist() == [[1000.0, 980.0, 961.0, 942.0, 924.0, 906.0]]


def test_declining_schedule_across_year_30():
    f = ap.discount_factors(np.array([0.035]), 33, 0)[0]
    assert f[0] == 1.0
    assert f[30] == pytest.approx(1.035**-30, rel=1e-14)
    assert f[31] == pytest.approx(1.035**-30 / 1.03, rel=1e-14)
    assert f[32] == pytest.approx(1.035**-30 / 1.03**2, rel=1e-14)


def test_discount_base_year_after_the_first_year_compounds_earlier_years():
    f = ap.discount_factors(np.array([0.035]), 4, 2)[0]
    assert f.tolist() == pytest.approx([1.035**2, 1.035, 1.0, 1 / 1.035], rel=1e-14)


def test_npsv_and_bcr():
    assert ap.npsv(np.array([150.0]), np.array([100.0])).tolist() == [50.0]
    assert ap.bcr(np.array([150.0]), np.array([100.0])).tolist() == [1.5]
    assert np.isnan(ap.bcr(np.array([150.0]), np.array([0.0]))[0])


def test_additionality_chain_worked_example():
    # gross £10m; reference case £2m (deadweight); leakage 10%, displacement 25%, substitution 5%, multiplier 1.2
    # scheme: 10 * .9 * .75 * .95 * 1.2 = 7.695m; reference: 2 * same = 1.539m; AI = 6.156m
    c = ap.additionality_chain(10e6, 2e6, ap.Additionality(0.10, 0.25, 0.05, 1.2))
    assert round(float(c["net"]), 2) == 6_156_000.00
    assert round(float(c["deadweight"]), 2) == -2_000_000.00
    assert round(float(c["leakage"]), 2) == -800_000.00  # 10% of the 8m left
    assert round(float(c["displacement"]), 2) == -1_800_000.00  # 25% of 7.2m
    assert round(float(c["substitution"]), 2) == -270_000.00  # 5% of 5.4m
    assert round(float(c["multiplier"]), 2) == 1_026_000.00  # 0.2 of 5.13m
    steps = sum(float(v) for k, v in c.items() if k != "net")
    assert steps == pytest.approx(float(c["net"]), abs=1e-6)


def test_additionality_reference_case_with_its_own_factors_is_subtracted_not_a_factor():
    c = ap.additionality_chain(100.0, 50.0, ap.Additionality(0.0, 0.5, 0.0, 1.0), ap.Additionality(0.0, 0.0, 0.0, 1.0))
    assert float(c["net"]) == 0.0  # 100 * 0.5 - 50 * 1


def test_mrp_straight_line_starts_the_year_after_the_asset_is_in_use():
    spend = np.array([[1_000_000.0, 0.0, 0.0, 0.0, 0.0, 0.0]])
    out = mrp.schedule(spend, 0.05, 4, "straight-line MRP", delay=1)
    assert out.tolist() == [[0.0, 0.0, 250_000.0, 250_000.0, 250_000.0, 250_000.0]]


def test_mrp_annuity_by_hand():
    # £1m over 3 years at 5%: payment 367,208.5646; principal 317,208.5646 then x1.05 each year
    out = mrp.schedule(np.array([[1_000_000.0, 0, 0, 0]]), 0.05, 3, "annuity")[0]
    assert [round(float(x), 2) for x in out] == [0.0, 317_208.56, 333_068.99, 349_722.44]
    assert float(out.sum()) == pytest.approx(1_000_000.0, abs=1e-6)


def test_no_mrp_on_hra_debt():
    assert mrp.schedule(np.array([[100.0, 0, 0]]), 0.05, 2, "annuity", hra=True).tolist() == [[0.0, 0.0, 0.0]]


def test_prudential_indicators_on_a_hand_built_authority():
    # opening CFR £500m; borrows £100m (yr0) and £50m (yr1); MRP £20m, £24m; interest £20m, £22m
    borrowed, m = np.array([[100.0, 50.0]]), np.array([[20.0, 24.0]])
    closing = pi.cfr(500.0, borrowed, m)
    assert closing.tolist() == [[580.0, 606.0]]
    nrs = np.array([[400.0, 410.0]])
    ratio = pi.financing_cost_ratio(np.array([[20.0, 22.0]]), m, nrs)
    assert ratio.round(6).tolist() == [[0.1, round(46 / 410, 6)]]
    assert pi.liability_benchmark(closing, np.array([[150.0, 140.0]]), 10.0).tolist() == [[440.0, 476.0]]
    debt = np.array([[560.0, 620.0]])
    ok = pi.debt_limit_check("AL", debt, np.array([[600.0, 650.0]]), 2020, "authorised limit")
    assert ok.ok.tolist() == [True]
    over = pi.debt_limit_check("OB", debt, np.array([[np.nan, 600.0]]), 2020, "operational boundary")
    assert over.ok.tolist() == [False] and over.year.tolist() == [1] and over.amount.tolist() == [20.0]
    assert over.severity == "policy"  # a boundary the authority sets itself
    law = pi.debt_limit_check("AL", debt, np.array([[600.0, 600.0]]), 2020, "authorised limit", "statutory")
    assert law.severity == "statutory" and law.ok.tolist() == [False]


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.floats(0, 1e9), min_size=1, max_size=60),
    st.floats(0, 0.1),
    st.integers(0, 10),
)
def test_with_zero_inflation_real_and_nominal_pvs_agree(flows, rate, base):
    cash = np.array([flows])
    base = min(base, cash.shape[1] - 1)
    nominal = float(np.sum(cash * ap.discount_factors(rate, cash.shape[1], base)))
    real = float(ap.present_value_real(cash, ap.deflator_index(np.zeros_like(cash)), base, rate, base)[0])
    assert real == pytest.approx(nominal, rel=1e-12, abs=1e-6)


@settings(max_examples=50, deadline=None)
@given(st.floats(0, 1e9), st.floats(0, 1), st.floats(0, 0.9), st.floats(0, 0.9), st.floats(0, 0.9), st.floats(1, 3))
def test_additionality_steps_add_up_to_the_net(gross, dw, leak, disp, sub, mult):
    c = ap.additionality_chain(gross, gross * dw, ap.Additionality(leak, disp, sub, mult))
    assert sum(float(v) for k, v in c.items() if k != "net") == pytest.approx(float(c["net"]), abs=1e-3)
    shortcut = gross * (1 - dw) * (1 - leak) * (1 - disp) * (1 - sub) * mult
    assert float(c["net"]) == pytest.approx(shortcut, abs=1e-3)
