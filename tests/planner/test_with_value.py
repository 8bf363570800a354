"""paths.with_value copies only what a path passes through, and never changes the inputs it is given."""

from __future__ import annotations

import copy

import numpy as np

from models.hra import SPEC as HRA
from planner.project import paths
from tools.build_hra_example import inputs


def test_setting_a_scalar_a_table_cell_and_a_rule_leaves_the_original_as_it_was():
    raw = dict(inputs()[0])
    before = copy.deepcopy(raw)
    loan = paths.numeric_paths(HRA, raw)
    cell = next(p for p in loan if p.startswith("loans[") and p.endswith(".rate"))
    out = paths.with_value(HRA, raw, "gilt_yield", np.array([0.04, 0.05]))
    out = paths.with_value(HRA, out, cell, 0.07)
    assert raw == before
    assert out["gilt_yield"].tolist() == [0.04, 0.05]
    assert paths.get_value(HRA, out, cell) == 0.07
    assert paths.get_value(HRA, raw, cell) == paths.get_value(HRA, before, cell) != 0.07
    # rows the path does not pass through are the same rows, tables it does not touch the same tables
    touched = cell.split("[")[0]
    assert all(out[k] is raw[k] for k in raw if k not in (touched, "gilt_yield"))


def test_a_table_the_inputs_leave_to_its_default_gets_the_default_with_the_one_cell_set():
    raw = {k: v for k, v in inputs()[0].items() if k != "new_build"}
    default = copy.deepcopy(HRA.table("new_build").default)
    assert len(default) == 2
    out = paths.with_value(HRA, raw, "new_build[2].units", 99)
    assert [r["units"] for r in out["new_build"]] == [default[0]["units"], 99]
    assert "new_build" not in raw and HRA.table("new_build").default == default
