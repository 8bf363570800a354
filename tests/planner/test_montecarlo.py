"""Monte Carlo, its distributions and Iman–Conover rank correlation."""

from __future__ import annotations

import itertools
import threading

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.core.declare import Field
from planner.analysis.correlation import check_matrix, iman_conover, matrix_from_pairs, rank_correlation
from planner.analysis.distributions import Distribution, fit_to, parse_distribution, parse_number
from planner.analysis.montecarlo import PERCENTILES, Cancelled, monte_carlo, percentiles_of_rows
from planner.analysis.sensitivity import base_value, evaluate_with
from planner.errors import PlannerError
from planner.project.scenario_file import RunDef, load_scenario_file
from tests.conftest import EXAMPLES

HF = load_scenario_file(EXAMPLES / "west-midlands-housing-first-2018.json").runs
NAME = HF[0].name
UNCERTAIN = {"retention_rate": "triangular(0.7, 0.8, 0.9)", "support_cost_per_person_year": "normal(4200, 300)"}


# Distributions


def test_parse_numbers_and_distributions():
    assert parse_number("£1.5m") == 1_500_000.0 and parse_number("3.5%") == pytest.approx(0.035)
    d = parse_distribution("triangular(3k, 4.2k, 6k)")
    assert d == Distribution("triangular", (3000.0, 4200.0, 6000.0)) and str(d) == "triangular(3000, 4200, 6000)"
    for text, message in [
        ("triangle(1, 2)", "'triangle' is not a distribution"),
        ("triangular(3, 2, 4)", "min <= mode <= max"),
        ("normal(1)", "normal takes 2 numbers"),
        ("normal(1, -2)", "cannot be negative"),
        ("lognormal(0, 1)", "mean must be above 0"),
        ("uniform(1, x)", "'x' is not a number"),
        ("4200", "is not a distribution"),
    ]:
        with pytest.raises(PlannerError, match=message):
            parse_distribution(text)


def test_draws_have_the_stated_moments():
    rng = np.random.default_rng(7)
    n = 200_000
    tri = parse_distribution("triangular(3000, 4200, 6000)").sample(rng, n)
    assert tri.min() >= 3000 and tri.max() <= 6000 and tri.mean() == pytest.approx(13200 / 3, rel=0.005)
    logn = parse_distribution("lognormal(4200, 600)").sample(rng, n)
    assert logn.min() > 0 and logn.mean() == pytest.approx(4200, rel=0.005)
    assert logn.std() == pytest.approx(600, rel=0.02)  # the sd of the value, not of its log
    uni = parse_distribution("uniform(0.9, 1)").sample(rng, n)
    assert uni.mean() == pytest.approx(0.95, abs=0.001)
    assert np.all(parse_distribution("normal(5, 0)").sample(rng, 10) == 5.0)
    assert np.all(parse_distribution("triangular(2, 2, 2)").sample(rng, 10) == 2.0)


def test_draws_are_clipped_to_the_bounds_and_rounded_for_whole_numbers():
    rate = Field("c", "Collection", "%", 0.95, 0.0, 1.0, fmt="pct")
    draws = fit_to(rate, parse_distribution("normal(0.95, 0.1)").sample(np.random.default_rng(1), 100_000))
    assert draws.max() == 1.0 and np.mean(draws == 1.0) == pytest.approx(0.3085, abs=0.01)
    years = Field("y", "Years", "years", 5, 1, 125, fmt="int")
    assert fit_to(years, np.array([0.2, 4.6, 200.0])).tolist() == [1.0, 5.0, 125.0]


# Correlation


def test_matrix_errors_name_the_pair():
    names = ["a", "b", "c"]
    with pytest.raises(PlannerError, match="of a with b is 0.5 but of b with a is 0.4"):
        check_matrix(np.array([[1, 0.5, 0], [0.4, 1, 0], [0, 0, 1]]), names)
    with pytest.raises(PlannerError, match="of b with itself is 0.9"):
        check_matrix(np.array([[1, 0, 0], [0, 0.9, 0], [0, 0, 1]]), names)
    with pytest.raises(PlannerError, match="of a with c is 1.5; enter a value from -1 to 1"):
        check_matrix(np.array([[1, 0, 1.5], [0, 1, 0], [1.5, 0, 1]]), names)
    bad = matrix_from_pairs(names, {("a", "b"): 0.9, ("a", "c"): 0.9, ("b", "c"): -0.9})
    with pytest.raises(
        PlannerError,
        match=r"of a, b, c cannot all hold together \(a with b 0.9, a with c 0.9, "
        r"b with c -0.9\)",
    ):
        check_matrix(bad, names)
    with pytest.raises(PlannerError, match="d is not one of the inputs varied"):
        matrix_from_pairs(names, {("a", "d"): 0.3})


def test_iman_conover_hits_the_target_and_keeps_every_draw():
    rng = np.random.default_rng(3)
    x = np.column_stack([rng.lognormal(size=5000), rng.uniform(size=5000), rng.normal(size=5000)])
    target = np.array([[1.0, 0.6, -0.3], [0.6, 1.0, 0.0], [-0.3, 0.0, 1.0]])
    y = iman_conover(x, check_matrix(target, ["a", "b", "c"]), rng)
    assert np.allclose(rank_correlation(y), target, atol=0.03)
    assert np.array_equal(np.sort(y, axis=0), np.sort(x, axis=0))  # only the pairing changes
    perfect = iman_conover(x[:, :2], np.array([[1.0, 1.0], [1.0, 1.0]]), rng)  # semi-definite is allowed
    assert rank_correlation(perfect)[0, 1] == pytest.approx(1.0)


# Monte Carlo


def test_zero_width_distributions_give_the_deterministic_run():
    fixed = {"retention_rate": "triangular(0.8, 0.8, 0.8)", "support_cost_per_person_year": "normal(4200, 0)"}
    r = monte_carlo(HF, NAME, fixed, trials=50, seed=1)
    base = evaluate_with(HF, NAME, {})
    for name, stats in r.metrics.items():
        value = float(base.summary[name][0])
        if stats.kind == "year":
            assert all(v == value for v in stats.percentiles.values()) and stats.never == 0.0
        else:
            assert all(v == pytest.approx(value) for v in stats.percentiles.values()), name
    for name, stats in r.lines.items():
        assert np.allclose(stats.percentiles, np.broadcast_to(base.lines[name][0], (5, len(r.years))))
    grant_check = r.checks[-1]
    assert grant_check.p_fail == 1.0 and grant_check.median_year == "2022-23"


def test_same_seed_same_percentiles_whatever_the_chunk():
    a = monte_carlo(HF, NAME, UNCERTAIN, trials=3000, seed=11, chunk=2000)
    b = monte_carlo(HF, NAME, UNCERTAIN, trials=3000, seed=11, chunk=700)
    c = monte_carlo(HF, NAME, UNCERTAIN, trials=3000, seed=12)
    assert a.metrics == b.metrics
    assert np.array_equal(a.lines["funding_balance"].percentiles, b.lines["funding_balance"].percentiles)
    assert a.metrics["closing_balance"] != c.metrics["closing_balance"]


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), trials=st.integers(1, 300))
def test_percentiles_are_ordered(seed, trials):
    r = monte_carlo(HF, NAME, UNCERTAIN, trials=trials, seed=seed, lines=["funding_balance", "caseload"])
    for stats in r.metrics.values():
        values = list(stats.percentiles.values())
        assert all(a <= b for a, b in itertools.pairwise(values) if a == a and b == b)
    for stats in r.lines.values():
        assert np.all(np.diff(stats.percentiles, axis=0) >= 0)


def test_check_risk_matches_the_trials():
    r = monte_carlo(HF, NAME, UNCERTAIN, trials=4000, seed=5)
    shortfall = r.values["first_shortfall_year"]
    risk = next(c for c in r.checks if c.name == "Grant covers costs in every year")
    assert risk.p_fail == pytest.approx(np.mean(shortfall >= 0))
    assert 0.3 < risk.p_fail < 0.7 and risk.median_year == "2022-23"
    assert (
        risk.message == f"Grant covers costs in every year fails in {risk.p_fail:.0%} of trials, first in 2022-23 "
        "at the median"
    )
    assert r.checks[0].message == "Tranches sum to the award passes in every trial"
    closing = r.metrics["closing_balance"]
    assert closing.percentiles[50] == pytest.approx(np.percentile(r.values["closing_balance"], 50))
    assert closing.mean == pytest.approx(r.values["closing_balance"].mean())
    assert r.lines["funding_balance"].percentiles.shape == (5, 5)


def test_correlated_inputs_in_a_run():
    r = monte_carlo(
        HF, NAME, UNCERTAIN, trials=3000, seed=2, correlation={("retention_rate", "support_cost_per_person_year"): -0.7}
    )
    assert r.achieved_correlation[0, 1] == pytest.approx(-0.7, abs=0.05)
    assert r.target_correlation[0, 1] == -0.7
    assert (
        rank_correlation(np.column_stack([r.samples["retention_rate"], r.samples["support_cost_per_person_year"]]))[
            0, 1
        ]
        < -0.6
    )


def test_progress_and_cancel():
    seen = []
    monte_carlo(HF, NAME, UNCERTAIN, trials=5000, seed=1, chunk=2000, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(2000, 5000), (4000, 5000), (5000, 5000)]
    stop = threading.Event()
    with pytest.raises(Cancelled, match="after 2,000 of 5,000"):
        monte_carlo(HF, NAME, UNCERTAIN, trials=5000, chunk=2000, progress=lambda d, t: stop.set(), cancel=stop)
    with pytest.raises(Cancelled, match="after 0 of"):
        monte_carlo(HF, NAME, UNCERTAIN, trials=10, cancel=lambda: True)


def test_errors_are_all_reported():
    with pytest.raises(PlannerError) as err:
        monte_carlo(HF, NAME, {"nope": "normal(1, 1)", "retention_rate": "normal(1, -1)"}, trials=10)
    assert len(err.value.problems) == 2
    with pytest.raises(PlannerError, match="trials is 0"):
        monte_carlo(HF, NAME, UNCERTAIN, trials=0)
    with pytest.raises(PlannerError, match="'cash' is not a line"):
        monte_carlo(HF, NAME, UNCERTAIN, trials=10, lines=["cash"])
    assert monte_carlo(HF, NAME, UNCERTAIN, trials=10, lines=[]).lines == {}


@settings(max_examples=30, deadline=None)
@given(st.lists(st.one_of(st.floats(-1e9, 1e9), st.just(float("nan"))), min_size=1, max_size=40))
def test_row_percentiles_match_numpy(values):
    block = np.array([values, values[::-1]])
    found = percentiles_of_rows(block.copy())
    clean = np.array(values)[~np.isnan(values)]
    if clean.size:
        assert np.allclose(found[:, 0], np.percentile(clean, PERCENTILES), rtol=1e-12, atol=1e-6)
    else:
        assert np.isnan(found).all()


def test_hra_cap_risk_and_a_linked_programme():
    pytest.importorskip("models.hra.model")
    pytest.importorskip("models.programme.model")
    vary = {"weekly_rent": "triangular(80, 85, 92)", "new_debt_rate": "normal(3%, 0.5%)"}
    r = monte_carlo([RunDef("h", "hra", {"extra_units_per_year": 40})], "h", vary, trials=2000, seed=4)
    cap = next(c for c in r.checks if c.name == "Debt cap")
    assert cap.p_fail == pytest.approx(np.mean(r.values["first_cap_breach_year"] >= 0))
    assert r.metrics["first_cap_breach_year"].never == pytest.approx(1 - cap.p_fail)
    runs = load_scenario_file(EXAMPLES / "funding-for-growth-programme.json").runs
    brs = next(x.name for x in runs if x.model == "brs")
    programme = next(x.name for x in runs if x.model == "programme")
    r = monte_carlo(runs, brs, {"multiplier_pence": "uniform(1.5, 2)"}, trials=500, seed=1, result_run=programme)
    assert r.model == "programme" and r.values["total_funding"].shape == (500,)
    assert np.corrcoef(r.samples["multiplier_pence"], r.values["total_funding"])[0, 1] > 0.99


def test_a_programme_varies_the_inputs_of_the_runs_it_takes_lines_from():
    runs = load_scenario_file(EXAMPLES / "funding-for-growth-programme.json").runs
    brs, land, programme = (r.name for r in runs)
    rate = "triangular(0.9, 0.97, 0.99)"
    from_programme = monte_carlo(runs, programme, {f"{brs}::collection_rate": rate}, 600, seed=4)
    from_brs = monte_carlo(runs, brs, {"collection_rate": rate}, 600, seed=4, result_run=programme)
    assert from_programme.metrics["total_funding"] == from_brs.metrics["total_funding"]  # the same trials
    assert np.array_equal(from_programme.samples[f"{brs}::collection_rate"], from_brs.samples["collection_rate"])
    assert from_programme.labels == {f"{brs}::collection_rate": f"{brs} › Collection rate"}
    both = monte_carlo(
        runs,
        programme,
        {
            f"{brs}::collection_rate": rate,
            f"{land}::occupancy": "uniform(0.6, 0.95)",
            "borrowing_rate": "normal(4.5%, 0.5%)",
        },
        600,
        seed=4,
    )
    spread = both.metrics["total_funding"].percentiles
    assert (
        spread[95] - spread[5]
        > from_programme.metrics["total_funding"].percentiles[95]
        - from_programme.metrics["total_funding"].percentiles[5]
    )  # occupancy adds to the spread
    collection, occupancy = base_value(runs[0], "collection_rate"), base_value(runs[1], "occupancy")
    fixed = monte_carlo(
        runs,
        programme,
        {
            f"{brs}::collection_rate": f"uniform({collection!r}, {collection!r})",
            f"{land}::occupancy": f"normal({occupancy!r}, 0)",
        },
        50,
        seed=1,
    )
    base = evaluate_with(runs, programme, {})
    assert fixed.metrics["total_funding"].percentiles[50] == pytest.approx(float(base.summary["total_funding"][0]))
    with pytest.raises(PlannerError) as err:
        monte_carlo(runs, programme, {f"{brs}::nope": rate, "Elsewhere::occupancy": rate}, 10)
    assert "run 'WMCA BRS: 2p over £50,000 RV': 'nope' is not an input" in str(err.value)
    assert "'Elsewhere::occupancy'" in str(err.value)
