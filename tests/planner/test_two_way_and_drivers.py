"""Two-way data tables, spider charts and Monte Carlo drivers (Spearman rank correlation)."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

from planner.analysis.drivers import average_ranks, drivers, spearman, trials_csv
from planner.analysis.montecarlo import monte_carlo
from planner.analysis.sensitivity import evaluate_with
from planner.analysis.two_way import grid_around, spider, two_way
from planner.errors import PlannerError
from planner.project.scenario_file import RunDef
from planner.registry import get_spec

HRA = [RunDef("plan", "hra", {"extra_units_per_year": 40.0})]


def test_the_base_case_cell_equals_a_plain_run_and_every_cell_its_own_run():
    table = two_way(HRA, "plan", "weekly_rent", "extra_units_per_year", "min_headroom", steps=2)
    plain = evaluate_with(HRA, "plan", {}).summary["min_headroom"][0]
    i, j = table.base_cell
    assert table.values[i, j] == table.base == plain
    assert table.row_values[i] == HRA[0].inputs.get("weekly_rent", get_spec("hra").field("weekly_rent").default)
    assert table.column_values.tolist() == [32.0, 36.0, 40.0, 44.0, 48.0]  # whole homes, 40 ± 20%
    one = evaluate_with(HRA, "plan", {"weekly_rent": table.row_values[0], "extra_units_per_year": 48.0})
    assert table.values[0, -1] == pytest.approx(one.summary["min_headroom"][0], rel=1e-12)


def test_whole_number_inputs_step_by_whole_numbers_within_their_bounds():
    field = get_spec("hra").field("extra_units_per_year")  # "homes a year", no upper bound, low 0
    assert grid_around(field, 3.0, steps=5, pct=0.5).tolist() == [1.0, 2.0, 3.0, 4.0, 5.0]
    rate = get_spec("hra").field("void_rate")
    assert grid_around(rate, 0.0, steps=2).min() >= rate.low


def test_the_same_input_twice_is_refused():
    with pytest.raises(PlannerError, match="two different inputs"):
        two_way(HRA, "plan", "weekly_rent", "weekly_rent", "min_headroom")


def test_spider_moves_one_input_at_a_time():
    s = spider(HRA, "plan", "peak_debt", ["weekly_rent", "extra_cost_per_unit"], pcts=(-0.1, 0.0, 0.1))
    plain = evaluate_with(HRA, "plan", {}).summary["peak_debt"][0]
    assert s.base == plain and np.all(s.values[:, 1] == plain)
    cost = evaluate_with(HRA, "plan", {"extra_cost_per_unit": 1.1 * 160_000.0}).summary["peak_debt"][0]
    assert s.values[1, 2] == pytest.approx(cost) and s.values[1, 2] > plain  # dearer homes, more debt


def test_average_ranks_and_spearman_by_hand():
    assert average_ranks(np.array([5.0, 1.0, 5.0, 3.0])).tolist() == [3.5, 1.0, 3.5, 2.0]
    # x = 1..5, y ranks 2,1,4,3,5: d = (-1, 1, -1, 1, 0), Σd² = 4, ρ = 1 - 6·4 / (5·24) = 0.8
    assert spearman(np.arange(1.0, 6.0), np.array([20.0, 10.0, 40.0, 30.0, 50.0])) == pytest.approx(0.8)
    assert np.isnan(spearman(np.arange(3.0), np.ones(3)))


def test_drivers_are_the_rank_correlations_of_the_trials_as_stated():
    vary = {"weekly_rent": "triangular(80, 85, 92)", "cost_inflation": "uniform(2%, 3.5%)"}
    result = monte_carlo(HRA, "plan", vary, 2_000, seed=3)
    found = drivers(result, "min_headroom")
    y = result.values["min_headroom"]
    for d in found.rows:  # ρ is Pearson's r of the average ranks, as the method says
        x = result.samples[d.path]
        assert d.rho == pytest.approx(np.corrcoef(average_ranks(x), average_ranks(y))[0, 1], abs=1e-12)
    total = sum(d.rho**2 for d in found.rows)
    assert [d.contribution for d in found.rows] == pytest.approx([d.rho**2 / total for d in found.rows])
    assert found.rows[0].contribution >= found.rows[1].contribution and found.trials == 2_000
    rent = next(d for d in found.rows if d.path == "weekly_rent")
    assert rent.rho > 0.3 and rent.label == "Average weekly rent"  # more rent, more headroom


def test_trials_csv_holds_every_draw_and_metric():
    result = monte_carlo(HRA, "plan", {"weekly_rent": "uniform(80, 90)"}, 50, seed=1)
    rows = list(csv.reader(io.StringIO(trials_csv(result))))
    assert rows[0][:2] == ["Trial", "Average weekly rent"] and len(rows) == 51
    assert float(rows[7][1]) == result.samples["weekly_rent"][6]
    column = rows[0].index("Lowest interest cover")
    assert float(rows[1][column]) == pytest.approx(result.values["min_interest_cover"][0])
