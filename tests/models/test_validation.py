"""Validation's quick routes give what the general route gives, and the rulebook's kept lookups."""

from __future__ import annotations

import numpy as np
import pytest

from models.core.errors import InputErrors
from models.core.validation import _table, _value, validate
from models.hra import SPEC as HRA
from models.rules import RULES


def test_a_table_of_plain_numbers_is_one_array_a_column_of_views():
    table = HRA.table("loans")
    rows = [{"lender": "PWLB", "principal": 5e6, "rate": 0.035, "maturity": 2030}, {"principal": 7, "rate": 0.04}]
    got = _table(table, rows, [])
    assert [r["lender"] for r in got] == ["PWLB", "PWLB"]
    assert [r["maturity"] for r in got] == [2030, 2030] and type(got[0]["maturity"]) is int
    assert [r["principal"].tolist() for r in got] == [[5e6], [7.0]]
    assert got[0]["principal"].base is got[1]["principal"].base  # one array, not one per cell
    assert [r["kind"] for r in got] == ["fixed", "fixed"]


@pytest.mark.parametrize(
    "bad, where",
    [
        ({"rate": 0.5}, "loans[2].rate"),  # above its bound
        ({"rate": float("nan")}, "loans[2].rate"),
        ({"principal": True}, "loans[2].principal"),  # a bool is not a number
        ({"maturity": 2030.5}, "loans[2].maturity"),
        ({"colour": "red"}, "loans[2].colour"),
    ],
)
def test_a_bad_cell_is_reported_where_it_is_as_before(bad, where):
    rows = [{"principal": 5e6}, {"principal": 6e6} | bad]
    errors: list = []
    _table(HRA.table("loans"), rows, errors)
    assert [e.field for e in errors] == [where]


def test_every_problem_of_a_table_is_reported_in_row_order():
    rows = [{"rate": -1.0}, {"principal": -5.0, "rate": 0.9}]
    with pytest.raises(InputErrors) as caught:
        validate(HRA, {"loans": rows})
    assert [e.field for e in caught.value.errors] == ["loans[1].rate", "loans[2].principal", "loans[2].rate"]


def test_a_value_given_once_is_a_read_only_view_in_every_trial():
    inputs = validate(HRA, {"weekly_rent": np.array([80.0, 85.0, 90.0]), "loans": [{"principal": 5e6}]})
    assert inputs.n == 3
    for value in (inputs.cost_inflation, inputs.rows("loans")[0]["principal"]):
        assert value.shape == (3,) and value.strides == (0,) and not value.flags.writeable
    assert inputs.rows("loans")[0]["principal"].tolist() == [5e6] * 3
    assert inputs.weekly_rent.tolist() == [80.0, 85.0, 90.0]


def test_the_rulebook_keeps_each_lookup_read_only_and_an_override_its_own():
    years = range(2009, 2012)
    first = RULES.value("brs.min_rv_threshold", years)
    assert first is RULES.value("brs.min_rv_threshold", range(2009, 2012))
    assert not first.flags.writeable
    assert np.array_equal(first, [np.nan, 50000.0, 50000.0], equal_nan=True)
    assert RULES.value("brs.min_rv_threshold", ["2009-10", 2010, 2011]).tolist()[1:] == [50000.0, 50000.0]
    raised = RULES.with_overrides({"brs.min_rv_threshold": {"from": "2011-12", "value": 60000.0}})
    assert raised.value("brs.min_rv_threshold", years).tolist()[1:] == [50000.0, 60000.0]
    assert RULES.value("brs.min_rv_threshold", years).tolist()[1:] == [50000.0, 50000.0]
    assert RULES.value("brs.min_rv_threshold", np.array([2010, 2011])).tolist() == [50000.0, 50000.0]


def test_a_numpy_number_is_one_value_like_a_plain_number():
    inputs = validate(HRA, {"weekly_rent": np.float64(80.0), "loans": [{"principal": np.float64(5e6)}]})
    assert inputs.weekly_rent.shape == (1,) and inputs.rows("loans")[0]["principal"].shape == (1,)
    plain = HRA.run({"weekly_rent": 80.0, "loans": [{"principal": 5e6}]}).trial(0).annual
    assert (
        HRA.run({"weekly_rent": np.float64(80.0), "loans": [{"principal": np.float64(5e6)}]})
        .trial(0)
        .annual.equals(plain)
    )


def test_blank_optional_cells_and_yes_no_columns_take_the_quick_route_to_the_general_answer():
    limits = [{"year": 2027, "cpi": None, "over_cpi": 0.01, "ceiling": None}, {"year": 2028, "cpi": 0.02}]
    builds = [{"year": 2027, "replacement": True}, {"year": 2028, "replacement": np.bool_(False)}]
    for name, rows in (("rent_limit", limits), ("new_build", builds)):
        quick, errors = validate(HRA, {name: rows}).rows(name), []
        general = [  # cell by cell, as `_table` reports problems
            {c.name: _value(c, row.get(c.name, c.default), c.name, errors) for c in HRA.table(name).columns}
            for row in rows
        ]
        assert errors == [] and [list(r) for r in quick] == [list(r) for r in general]
        for got, want in zip(quick, general):
            for k, v in want.items():
                assert type(got[k]) is type(v) and np.array_equal(got[k], v), (name, k)
    assert [r["ceiling"] for r in validate(HRA, {"rent_limit": limits}).rows("rent_limit")] == [None, None]


def test_tables_of_plain_numbers_are_named_single_and_values_are_attributes():
    inputs = validate(HRA, {"loans": [{"principal": 5e6}], "archetypes": [{"homes": np.array([10.0, 20.0])}]})
    assert "loans" in inputs.single and "archetypes" not in inputs.single and inputs.n == 2
    assert inputs.cost_inflation is inputs.values["cost_inflation"]
    assert inputs.__dict__["cost_inflation"] is inputs.values["cost_inflation"]  # found without __getattr__
    plain = validate(HRA, {"weekly_rent": 80.0, "rent_change": 0.02})
    assert plain.weekly_rent.tolist() == [80.0] and plain.weekly_rent.base is plain.rent_change.base  # one array


def test_a_table_seen_before_is_remembered_alike_in_value_and_type():
    raw = HRA.defaults() | {"loans": [{"principal": 5e6, "rate": 0.035}, {"principal": 6e6, "rate": 0.04}]}
    first, again = validate(HRA, raw), validate(HRA, raw)
    assert [r["principal"].tolist() for r in again.rows("loans")] == [[5e6], [6e6]]
    assert again.rows("loans")[0] is not first.rows("loans")[0]  # new row dicts: a run may replace cells
    with pytest.raises(ValueError):
        again.rows("loans")[0]["principal"][0] = 1.0  # the shared cells are read-only
    raw["loans"][1]["rate"] = 0.05  # an edit: a new table, checked afresh
    assert validate(HRA, raw).rows("loans")[1]["rate"].tolist() == [0.05]
    raw["loans"][1]["principal"] = 1
    assert validate(HRA, raw).rows("loans")[1]["principal"].tolist() == [1.0]
    raw["loans"][1]["principal"] = True  # equal to 1 to a dict, and not a number here
    with pytest.raises(InputErrors) as caught:
        validate(HRA, raw)
    assert [e.field for e in caught.value.errors] == ["loans[2].principal"]


def test_a_remembered_table_spread_over_trials_leaves_the_next_single_run_as_it_was():
    raw = HRA.defaults() | {"loans": [{"principal": 5e6, "rate": 0.035}]}
    assert validate(HRA, raw | {"cost_inflation": [0.02, 0.03]}).rows("loans")[0]["rate"].shape == (2,)
    assert validate(HRA, raw).rows("loans")[0]["rate"].shape == (1,)


def test_each_trial_table_names_its_own_axes():
    outcome = HRA.run(HRA.defaults())
    first, second = outcome.trial(0), outcome.trial(0)
    first.annual.index.name, first.annual.columns.name = "financial year", "line"
    assert (second.annual.index.name, second.annual.columns.name) == ("year", None)
    assert outcome.trial(0).annual.index.name == "year"


def test_tables_remembered_are_at_most_the_bound_and_the_newest_kept():
    from models.core import validation

    for i in range(validation.CHECKED_MOST + 10):
        validate(HRA, HRA.defaults() | {"loans": [{"principal": 1e6 + i, "rate": 0.03}]})
    assert len(validation._CHECKED) <= validation.CHECKED_MOST
    newest = [key for key, *_ in validation._CHECKED.values() if key[0] == id(HRA.table("loans"))][-1]
    assert ("principal", 1e6 + validation.CHECKED_MOST + 9) in newest[1][0]
