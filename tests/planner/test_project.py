"""Projects and scenarios: chains of changes applied to copies of a baseline that never moves."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.errors import PlannerError
from planner.project import paths
from planner.project.document import (
    Assumption,
    add_scenario,
    delete_scenario,
    describe_scenario,
    edit_details,
    new_project,
    rebase_scenario,
    remove_change,
    rename_scenario,
    scenario_changes,
    set_assumption,
    set_baseline_input,
    set_change,
)
from planner.project.project_file import load_project
from planner.project.scenario_file import RunDef
from planner.project.scenarios import BASELINE, Change, Scenario
from planner.registry import get_spec

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "project"
HF = get_spec("housing_first")
RUN = "Pilot"


def fixture() -> object:
    return load_project(FIXTURES / "v2.ffg")


def plain(outcomes: dict) -> dict:
    """Every line and metric of every run, for exact comparison (as JSON text, so NaN equals NaN)."""
    return {
        run: json.dumps(
            (
                {k: v.tolist() for k, v in o.lines.items()},
                {k: v.tolist() for k, v in o.summary.items()},
                [c.ok.tolist() for c in o.checks],
            )
        )
        for run, o in outcomes.items()
    }


def small() -> object:
    return new_project(
        "Two HF runs",
        [
            RunDef("A", "housing_first", {"horizon": 6}),
            RunDef("B", "housing_first", {"award": 9_000_000, "tranches": [{"year": 2018, "amount": 9_000_000}]}),
        ],
        now="2024-01-01T00:00:00Z",
    )


# ---- hand-worked results --------------------------------------------------------------------


def test_hand_worked_baseline_and_scenarios():
    """30 people housed in 2018-19 and 2019-20, half a year in the year housed, 80% sustained.

    person-years: 15; 24 + 15 = 39; 19.2 + 24 = 43.2 -> at £5,000: 75,000 + 195,000 + 216,000.
    "Dearer support" (£6,000) is 1.2 times that; the chained scenario spreads intake 15/30/15:
    person-years 7.5; 12 + 15 = 27; 9.6 + 24 + 7.5 = 41.1 -> at £6,000: 45,000 + 162,000 + 246,600.
    """
    project = fixture()
    totals = {
        name: project.evaluate(name)[RUN].trial(0).annual["support_cost"].tolist()
        for name in [BASELINE] + project.scenario_names
    }
    assert totals[BASELINE] == pytest.approx([75_000, 195_000, 216_000])
    assert totals["Dearer support"] == pytest.approx([90_000, 234_000, 259_200])
    assert totals["Dearer support, Dudley slower"] == pytest.approx([45_000, 162_000, 246_600])


def test_scenario_changes_name_the_input_the_baseline_value_and_the_new_one():
    changes = scenario_changes(fixture(), "Dearer support, Dudley slower")
    assert [(c.run, c.path, c.baseline, c.value) for c in changes[:2]] == [
        (RUN, "support_cost_per_person_year", 5000, 6000),
        (RUN, "councils[Dudley].units_per_year", 10, 5),
    ]
    assert changes[2].path == "intake" and [r["share"] for r in changes[2].value] == [0.5, 1.0, 0.5]
    assert [r["share"] for r in changes[2].baseline] == [1.0, 1.0]
    assert scenario_changes(fixture(), BASELINE) == []


def test_resolve_copies_and_carries_the_sources():
    project = fixture()
    runs = project.resolve("Dearer support, Dudley slower")
    assert runs[0].inputs["councils"][0]["units_per_year"] == 5
    assert project.runs[0].inputs["councils"][0]["units_per_year"] == 10
    assert runs[0].sources["award"] == "Award letter, 1 April 2018"
    runs[0].inputs["award"] = 1  # a caller changing its copy cannot reach the project
    assert project.runs[0].inputs["award"] == 1_000_000


# ---- operations and their refusals ------------------------------------------------------------


def test_unknown_names_are_refused_naming_them():
    project = fixture()
    with pytest.raises(PlannerError, match="scenario 'Nope' is not in this project; scenarios are: 'Baseline'"):
        set_change(project, "Nope", RUN, "award", 1)
    with pytest.raises(PlannerError, match="run 'Nobody' is not in this project; runs are: 'Pilot'"):
        set_change(project, "Dearer support", "Nobody", "award", 1)
    with pytest.raises(
        PlannerError, match="run 'Pilot': model housing_first has no input 'threshold'; inputs are: start_year"
    ):
        set_change(project, "Dearer support", RUN, "threshold", 1)
    with pytest.raises(PlannerError, match="no row of councils has name 'Leeds'"):
        set_change(project, "Dearer support", RUN, "councils[Leeds].units_per_year", 1)
    with pytest.raises(PlannerError, match="scenario 'Nope' is not in this project"):
        add_scenario(project, "New", based_on="Nope")


def test_a_value_the_model_refuses_gives_the_models_message():
    with pytest.raises(PlannerError) as err:
        set_change(fixture(), "Dearer support", RUN, "retention_rate", 3)
    assert err.value.problems == [
        "scenario 'Dearer support': run 'Pilot': retention_rate (Tenancy sustainment "
        "a year): 3 is not allowed; enter a number from 0% to 100%"
    ]
    with pytest.raises(PlannerError, match="run 'Pilot': award .*: -5 is not allowed"):
        set_baseline_input(fixture(), RUN, "award", -5)
    with pytest.raises(PlannerError, match="arrays? of trials|cannot be kept"):
        set_change(fixture(), "Dearer support", RUN, "award", np.array([1.0, 2.0]))


def test_a_baseline_edit_that_breaks_a_scenario_is_refused():
    rows = [{"name": "Walsall", "units_per_year": 30, "hf_support": 750000, "other_support": 250000}]
    with pytest.raises(
        PlannerError, match="scenario 'Dearer support, Dudley slower': .*no row of councils has name 'Dudley'"
    ):
        set_baseline_input(fixture(), RUN, "councils", rows)


def test_set_baseline_input_reaches_every_scenario_that_does_not_override_it():
    project = set_baseline_input(fixture(), RUN, "retention_rate", 0.5)
    assert [
        r.inputs["retention_rate"] for r in (project.resolve(n)[0] for n in [BASELINE] + project.scenario_names)
    ] == [0.5, 0.5, 0.5]
    assert "retention_rate" not in fixture().runs[0].inputs


def test_add_rename_describe_delete():
    project = add_scenario(fixture(), "Later", "builds on the chain", based_on="Dearer support, Dudley slower")
    project = rename_scenario(project, "Dearer support, Dudley slower", "Dudley slower")
    assert project.scenario("Later").based_on == "Dudley slower"
    assert describe_scenario(project, "Later", "new words").scenario("Later").description == "new words"
    with pytest.raises(PlannerError, match="'Dudley slower' cannot be deleted: 'Later' builds on it"):
        delete_scenario(project, "Dudley slower")
    project = delete_scenario(delete_scenario(project, "Later"), "Dudley slower")
    assert project.scenario_names == ["Dearer support"]
    for bad, message in [
        ("Baseline", "the name of the baseline"),
        ("baseline", "the name of the baseline"),
        ("Dearer support", "already exists"),
        ("  ", "needs a name"),
    ]:
        with pytest.raises(PlannerError, match=message):
            add_scenario(project, bad)


def test_rebase_refuses_a_loop():
    project = add_scenario(fixture(), "Later", based_on="Dearer support, Dudley slower")
    with pytest.raises(PlannerError, match="cannot build on 'Later': 'Later' already builds on it"):
        rebase_scenario(project, "Dearer support", "Later")
    moved = rebase_scenario(project, "Dearer support, Dudley slower", BASELINE)
    assert moved.resolve("Later")[0].inputs["support_cost_per_person_year"] == 5000


def test_set_again_moves_the_change_to_the_end_and_remove_resets_it():
    project = set_change(fixture(), "Dearer support, Dudley slower", RUN, "councils[Dudley].units_per_year", 7)
    changes = project.scenario("Dearer support, Dudley slower").changes
    assert [c.path for c in changes] == ["intake", "councils[Dudley].units_per_year"]
    assert changes[-1].value == 7
    project = remove_change(project, "Dearer support, Dudley slower", RUN, " councils[Dudley].units_per_year")
    assert project.resolve("Dearer support, Dudley slower")[0].inputs["councils"][0]["units_per_year"] == 10
    with pytest.raises(PlannerError, match="does not change award of run 'Pilot'"):
        remove_change(project, "Dearer support", RUN, "award")


def test_a_whole_table_then_a_cell_of_it():
    rows = [
        {"name": "Dudley", "units_per_year": 10, "hf_support": 300000, "other_support": 100000},
        {"name": "Walsall", "units_per_year": 10, "hf_support": 300000, "other_support": 100000},
        {"name": "Sandwell", "units_per_year": 10, "hf_support": 150000, "other_support": 100000},
    ]
    project = add_scenario(
        fixture(),
        "Three councils",
        changes=[Change(RUN, "councils", rows), (RUN, "councils[Sandwell].units_per_year", 4)],
    )
    councils = project.resolve("Three councils")[0].inputs["councils"]
    assert [c["units_per_year"] for c in councils] == [10, 10, 4]
    changed = scenario_changes(project, "Three councils")
    assert changed[1].baseline is None and changed[1].value == 4  # the baseline has no Sandwell


def test_assumptions_and_details():
    project = set_assumption(fixture(), RUN, "retention_rate", owner="Head of Housing", date="2018-09-06")
    entry = project.assumptions[RUN]["retention_rate"]
    assert entry == Assumption(HF.field("retention_rate").source, "Head of Housing", "2018-09-06", "")
    with pytest.raises(PlannerError, match="'6 Sept' is not a date; enter it as YYYY-MM-DD"):
        set_assumption(project, RUN, "award", date="6 Sept")
    with pytest.raises(PlannerError, match="not colour"):
        set_assumption(project, RUN, "award", colour="red")
    edited = edit_details(project, title="New", organisation="Dudley MBC")
    assert (edited.title, edited.metadata.organisation, edited.metadata.author) == (
        "New",
        "Dudley MBC",
        "A. Finance Officer",
    )


def test_new_project_fills_the_log_from_the_declarations():
    project = new_project("x", [RunDef("r", "housing_first")], sources={"r": {"award": "The letter"}})
    log = project.assumptions["r"]
    assert set(log) == {f.name for f in HF.fields} | {t.name for t in HF.tables}
    assert log["award"].source == "The letter"
    assert log["councils"].source == HF.table("councils").source
    with pytest.raises(PlannerError, match="run 'r': model housing_first has no input 'colour'"):
        new_project("x", [RunDef("r", "housing_first")], sources={"r": {"colour": "blue"}})
    with pytest.raises(PlannerError, match="run name 'r' is used more than once"):
        new_project("x", [RunDef("r", "housing_first"), RunDef("r", "housing_first")])


# ---- properties -----------------------------------------------------------------------------


def _numeric_change(draw, project):
    run = draw(st.sampled_from(project.runs))
    path = draw(st.sampled_from([p for p in paths.numeric_paths(HF, run.inputs) if not p.startswith("tranches")]))
    decl = paths.declaration(HF, path)
    low = decl.low if decl.low is not None else 0.0
    high = min(decl.high if decl.high is not None else 1e7, low + 1e7)
    value = draw(st.floats(low, high, allow_nan=False))
    return Change(run.name, path, round(value) if decl.integer else value)


@st.composite
def operations(draw):
    """A project and a random sequence of scenario operations applied to it."""
    project = small()
    for i in range(draw(st.integers(1, 6))):
        names = project.scenario_names
        kind = draw(st.sampled_from(["add", "change", "change", "remove", "rename", "delete"]))
        if kind == "add" or not names:
            project = add_scenario(project, f"S{i}", based_on=draw(st.sampled_from([None] + names)))
        elif kind == "change":
            c = _numeric_change(draw, project)
            project = set_change(project, draw(st.sampled_from(names)), c.run, c.path, c.value)
        elif kind == "remove":
            withchanges = [s for s in project.scenarios if s.changes]
            if withchanges:
                s = draw(st.sampled_from(withchanges))
                c = draw(st.sampled_from(s.changes))
                project = remove_change(project, s.name, c.run, c.path)
        elif kind == "rename":
            project = rename_scenario(project, draw(st.sampled_from(names)), f"R{i}")
        else:
            leaves = [n for n in names if not any(s.based_on == n for s in project.scenarios)]
            project = delete_scenario(project, draw(st.sampled_from(leaves)))
    return project


@settings(max_examples=30, deadline=None)
@given(operations())
def test_the_baseline_never_changes_under_scenario_operations(project):
    original = small()
    assert [(r.name, r.inputs) for r in project.runs] == [(r.name, r.inputs) for r in original.runs]
    for name in project.scenario_names:
        project.resolve(name)
    assert [r.inputs for r in project.resolve(BASELINE)] == [r.inputs for r in original.runs]


@settings(max_examples=30, deadline=None)
@given(operations(), st.data())
def test_an_empty_scenario_gives_exactly_what_it_builds_on(project, data):
    parent = data.draw(st.sampled_from([None] + project.scenario_names))
    project = add_scenario(project, "Empty", based_on=parent)
    assert plain(project.evaluate("Empty")) == plain(project.evaluate(parent or BASELINE))


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_chained_scenarios_apply_in_order(data):
    """Changes spread over a chain of scenarios land as if applied one after another to the baseline."""
    project = small()
    changes = [_numeric_change(data.draw, project) for _ in range(data.draw(st.integers(1, 8)))]
    changes += data.draw(st.lists(st.sampled_from(changes), max_size=4))  # the same inputs again, later
    cuts = sorted(data.draw(st.lists(st.integers(0, len(changes)), min_size=1, max_size=3)))
    parent = None
    for i, (lo, hi) in enumerate(zip([0] + cuts, cuts + [len(changes)])):
        # built directly, so an input set twice in one scenario stays twice, in order
        project = replace(
            project, scenarios=project.scenarios + (Scenario(f"S{i}", "", parent, tuple(changes[lo:hi])),)
        )
        parent = f"S{i}"
    expected = {r.name: copy.deepcopy(r.inputs) for r in small().runs}
    for c in changes:
        expected[c.run] = paths.with_value(HF, expected[c.run], c.path, c.value)
    assert {r.name: r.inputs for r in project.resolve(parent)} == expected
