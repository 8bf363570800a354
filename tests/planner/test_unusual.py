"""Usual ranges (Field.plausible): a value outside one is listed with the input, the range and its
source; values inside are not; every declared range is sound; the bundled examples are all usual."""

from __future__ import annotations

import pytest

from models.core.declare import Field
from planner.analysis.unusual import unusual_inputs, unusual_values
from planner.project.document import set_baseline_input
from planner.project.project_file import load_project
from planner.project.scenario_file import load_scenario_file
from planner.project.scenarios import spec_of
from planner.registry import get_spec, model_keys
from tests.conftest import EXAMPLES

RENT = Field("rent", "Rent", "£ a week", 100.0, 0, None, fmt="gbp", plausible=(50.0, 250.0), plausible_source="RSH")


def declared() -> list[tuple[str, Field]]:
    """(model, field) for every single input and table column of every model."""
    out = []
    for key in model_keys():
        spec = get_spec(key)
        out += [(key, f) for f in spec.fields]
        out += [(f"{key}.{t.name}", c) for t in spec.tables for c in t.columns]
    return out


def with_value(key: str, path: str, value: float) -> dict:
    """The model's default inputs with one scalar, or one cell of a one-row table, set to value."""
    spec = get_spec(key)
    raw = spec.defaults()
    name, _, column = path.partition(".")
    if not column:
        return {**raw, name: value}
    table = spec.table(name)
    row = {c.name: c.default for c in table.columns} | (dict(raw[name][0]) if raw[name] else {})
    return {**raw, name: [{**row, column: value}]}


@pytest.mark.parametrize(
    ("key", "path", "outside", "inside", "shown"),
    [
        ("brs", "borrowing_rate", 0.25, 0.04, "25%: usually 1% to 6% (PWLB fixed rates"),
        ("brs", "collection_rate", 0.5, 0.97, "50%: usually 95% to 100% (MHCLG, Collection rates"),
        ("land_value", "appraisal_rate", 0.08, 0.035, "8%: usually 1.5% to 3.5% (HM Treasury Green Book"),
        ("land_value", "sites.capture_rate", 0.9, 0.3, "90%: usually 0% to 50% (a level for a second look"),
        ("housing_first", "support_cost_per_person_year", 50_000.0, 4_200.0, "£50,000: usually £2,000 to £15,000"),
        ("hra", "weekly_rent", 8_000.0, 100.0, "£8,000: usually £50 to £250 (about half to twice"),
        ("hra", "archetypes.weekly_rent", 8_000.0, 100.0, "£8,000: usually £50 to £250 (about half to twice"),
        ("hra", "loans.rate", 0.15, 0.035, "15%: usually 1% to 6% (PWLB fixed rates"),
        ("hra", "new_build.cost_per_unit", 2_000_000.0, 220_000.0, "£2,000,000: usually £100,000 to £350,000"),
        ("programme", "optimism_bias", 1.5, 0.2, "150%: usually 0% to 66% (Green Book supplementary guidance"),
        ("programme", "deflator.growth", 0.12, 0.02, "12%: usually 0% to 5% (Green Book (2020/2022) para 5.12"),
    ],
)
def test_a_value_outside_its_usual_range_is_listed_with_the_range_and_source(key, path, outside, inside, shown):
    spec = get_spec(key)
    (found,) = unusual_values(spec, with_value(key, path, outside))
    name, _, column = path.partition(".")
    # a cell is named by its row's key where the table has one ("archetypes[Houses].weekly_rent"), else its number
    assert (
        found.path == name if not column else found.path.startswith(f"{name}[") and found.path.endswith(f"].{column}")
    )
    assert found.value == outside and found.text().startswith(shown)
    assert found.text().endswith(")") and found.field.plausible_source in found.text()
    assert unusual_values(spec, with_value(key, path, inside)) == []


def test_only_numbers_outside_the_range_are_unusual():
    assert RENT.unusual(8_000.0) and RENT.unusual(49.99) and RENT.unusual(-1)
    assert not any(RENT.unusual(v) for v in (50.0, 250, 113.69, None, True, "8000", [8_000.0]))
    assert not Field("x", "X", "£", 0.0, fmt="gbp").unusual(1e15)  # no usual range declared


@pytest.mark.parametrize(("key", "field"), declared(), ids=lambda x: x if isinstance(x, str) else x.name)
def test_every_usual_range_is_sound_and_says_where_it_comes_from(key, field):
    if field.plausible is None:
        assert not field.plausible_source
        return
    low, high = field.plausible
    assert field.numeric and field.fmt != "year" and low < high
    assert (field.low is None or field.low <= low) and (field.high is None or high <= field.high)
    assert field.default is None or not field.unusual(field.default), "the default is itself usual"
    source = field.plausible_source
    # a published source (with its address and the date checked), or a range that says it is reasoned
    assert ("http" in source and "checked 2026-12-03" in source) or "not a published figure" in source


def test_facts_and_statutory_figures_have_no_usual_range():
    facts = {
        "brs": ["start_year", "threshold", "multiplier_pence", "liable_rv", "liable_hereditaments"],
        "land_value": ["start_year", "rates_multiplier", "baseline_rates", "retention_years"],
        "hra": ["start_year", "opening_stock", "rent_weeks", "opening_debt", "debt_cap"],
        "housing_first": ["start_year", "award", "annual_target"],
    }
    for key, names in facts.items():
        spec = get_spec(key)
        assert [n for n in names if spec.field(n).plausible is not None] == []
    assert all(f.plausible is None for _, f in declared() if f.fmt in ("year", "text", "choice", "bool"))


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_the_bundled_examples_hold_no_unusual_value(path):
    for run in load_scenario_file(path).runs:
        assert unusual_values(spec_of(run.model), run.inputs) == [], run.name


def test_the_example_project_holds_no_unusual_value_and_lists_a_changed_cell_by_its_row():
    project = load_project(EXAMPLES / "funding-for-growth-programme.ffg")
    assert unusual_inputs(project, ["Baseline", *project.scenario_names]) == []
    hra = next(r.name for r in project.runs if r.model == "hra")
    odd = set_baseline_input(project, hra, "new_build[1].weekly_rent", 8_000.0)
    (found,) = unusual_inputs(odd, ["Baseline", *odd.scenario_names])  # once, though every scenario has it
    assert found[:3] == ("Baseline", hra, "New-build programme, row 1: Weekly rent")
    assert found[3].startswith("£8,000: usually £50 to £250 (about half to twice the England average")


def test_the_model_documentation_gives_each_usual_range_and_its_source():
    from planner.docgen import DOCS

    text = (DOCS / "hra.md").read_text(encoding="utf-8")
    assert "| usual range |" in text
    assert "| £50 to £250: about half to twice the England average general-needs social rent" in text
    assert "| 1% to 6%: PWLB fixed rates have run from 1.81%" in (DOCS / "programme.md").read_text(encoding="utf-8")
