"""The BRS in list mode: liable count and RV exact from the rating list, hereditament by hereditament."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.brs import SPEC
from models.brs.rating_list import derived_bands, encode, liable, parse
from models.core.errors import InputErrors

AUTHS = ["4605", "4610"]


def _list(pounds, authority=None, codes=None):
    n = len(pounds)
    return encode(
        np.round(np.asarray(pounds, dtype=float) * 100).astype(np.int64),
        authority if authority is not None else [0] * n,
        AUTHS,
        codes if codes is not None else [0] * n,
        ["CS"],
        {"4605": "Birmingham"},
        {"file": "hand-built"},
    )


def _run(**inputs):
    raw = SPEC.defaults()
    raw.update({"bands": [], "revaluations": [], **inputs})
    return SPEC.run(raw)


def test_exact_differs_from_the_band_split_by_a_worked_amount():
    # four hereditaments in the £40k-£60k band, bunched low: the even spread overstates the liable part
    rvs = [41_000, 42_000, 43_000, 59_000]
    exact = _run(rating_list=_list(rvs), threshold=50_000.0).trial(0).summary
    band = [{"lower": 40_000.0, "upper": 60_000.0, "hereditaments": 4, "rateable_value": 185_000.0}]
    split = _run(bands=band, threshold=50_000.0).trial(0).summary
    assert exact["liable_rv"] == 59_000.0 and exact["liable_hereditaments"] == 1.0
    # uniform spread: 4 (60 - 50) / (60 - 40) = 2 hereditaments; 185,000 (60² - 50²) / (60² - 40²) = 101,750
    assert split["liable_hereditaments"] == pytest.approx(2.0)
    assert split["liable_rv"] == pytest.approx(101_750.0)
    assert split["liable_rv"] - exact["liable_rv"] == pytest.approx(42_750.0)
    assert split["first_year_gross_yield"] - exact["first_year_gross_yield"] == pytest.approx(855.0)  # 2p on £42,750


def test_an_rv_equal_to_the_threshold_does_not_pay():
    rl = _list([50_000, 50_000, 75_000])
    at = _run(rating_list=rl, threshold=50_000.0).trial(0).summary
    below = _run(rating_list=rl, threshold=49_999.99).trial(0).summary
    assert (at["liable_hereditaments"], at["liable_rv"]) == (1.0, 75_000.0)  # s. 12(1): RV that *exceeds*
    assert (below["liable_hereditaments"], below["liable_rv"]) == (3.0, 175_000.0)


def test_the_split_by_billing_authority_adds_to_the_whole():
    rvs = [60_000, 80_000, 120_500, 51_000, 49_000]
    outcome = _run(rating_list=_list(rvs, [0, 1, 1, 0, 1]), threshold=50_000.0, relief_rate=0.1, collection_rate=0.97)
    annual = outcome.trial(0).annual
    parts = annual["collected:Birmingham (4605)"] + annual["collected:4610"]
    whole = annual["gross"] - annual["reliefs"] - annual["losses"]
    np.testing.assert_allclose(parts, whole, rtol=1e-12)
    # Birmingham: 60,000 + 51,000 at 2p, less 10% reliefs, 97% collected
    assert annual["collected:Birmingham (4605)"].iloc[0] == pytest.approx(111_000 * 0.02 * 0.9 * 0.97)
    assert all(c.ok for c in outcome.trial(0).checks if c.name == "liable_rv_tie_out")


def test_one_authority_equals_the_whole_list_filtered():
    rng = np.random.default_rng(3)
    rvs, auth = rng.integers(1_000, 300_000, 400), rng.integers(0, 2, 400)
    whole = _run(rating_list=_list(rvs, auth), threshold=45_000.0).trial(0)
    only = encode(rvs[auth == 1] * 100, [0] * int((auth == 1).sum()), ["4610"], [0] * int((auth == 1).sum()), ["CS"])
    alone = _run(rating_list=only, threshold=45_000.0).trial(0)
    assert alone.annual["collected:4610"].sum() == pytest.approx(whole.annual["collected:4610"].sum(), rel=1e-12)
    assert alone.summary["liable_rv"] == float(rvs[(auth == 1) & (rvs > 45_000)].sum())


@given(
    st.lists(st.integers(0, 2_000_000), min_size=1, max_size=60),
    st.lists(st.integers(0, 2_100_000), min_size=1, max_size=8),
    st.sampled_from([1.0, 0.85, 1.3]),
)
def test_liable_is_the_brute_force_sum_for_every_trial(rvs, thresholds, factor):
    rl = parse(_list(rvs))
    t = np.asarray(thresholds, dtype=float)
    out = liable(rl, t, factor)
    rv = np.asarray(rvs, dtype=float)
    for i, cut in enumerate(t):
        pays = rv > cut / factor
        assert out["count"][i] == pays.sum()
        assert out["rv"][i] == pytest.approx(rv[pays].sum() * factor, rel=1e-12, abs=1e-6)
        assert out["rv"][i] + out["below"][i] == pytest.approx(rv.sum() * factor, rel=1e-12)


def test_a_revaluation_revalues_the_list_and_moves_the_threshold():
    rl = _list([40_000, 60_000, 80_000])
    reval = [{"year": 2023, "rv_factor": 1.25, "threshold": 70_000.0}]
    annual = _run(rating_list=rl, threshold=50_000.0, revaluations=reval, rv_growth=0.0).trial(0).annual
    assert annual["liable_rv"].iloc[0] == 140_000.0  # 60,000 + 80,000 above £50,000
    assert annual["liable_rv"].iloc[3] == pytest.approx(175_000.0)  # 75,000 + 100,000 above £70,000
    assert annual["hereditaments"].iloc[3] == 2.0


def test_a_monte_carlo_of_thresholds_stays_exact():
    rvs = np.arange(1, 2_001) * 100.0  # £100 … £200,000
    t = np.array([50_000.0, 50_100.0, 99_999.0, 150_000.0])
    summary = _run(rating_list=_list(rvs), threshold=t).summary
    assert summary["liable_hereditaments"].tolist() == [1500.0, 1499.0, 1001.0, 500.0]
    assert summary["liable_rv"].tolist() == [float(rvs[rvs > x].sum()) for x in t]


def test_the_list_and_bands_together_are_refused():
    raw = SPEC.defaults()
    raw["rating_list"] = _list([60_000])
    with pytest.raises(InputErrors, match=r"bands \(Rating bands\).*leave the bands table empty"):
        SPEC.run(raw)


def test_a_damaged_list_is_refused_with_what_to_do():
    value = _list([60_000, 70_000])
    value["hereditaments"] = 3
    with pytest.raises(InputErrors, match=r"rating_list \(Rating list \(VOA\)\).*should hold 3 hereditaments"):
        _run(rating_list=value)
    with pytest.raises(InputErrors, match="read by `planner rating-list`"):
        _run(rating_list={"rv": [1, 2]})


def test_derived_bands_use_the_default_bands_edges():
    from models.brs.fields import BANDS
    from models.brs.rating_list import EDGES

    assert tuple(b["lower"] for b in BANDS) == EDGES


def test_derived_bands_hold_every_hereditament_once():
    rng = np.random.default_rng(5)
    rvs = rng.integers(0, 3_000_000, 1000)
    rl = parse(_list(rvs))
    bands = derived_bands(rl, [0, 12_000, 50_000, 1_000_000])
    assert sum(b["hereditaments"] for b in bands) == rvs.size  # the first band also takes an RV of 0
    assert bands[2]["rateable_value"] == float(rvs[(rvs > 50_000) & (rvs <= 1_000_000)].sum())
