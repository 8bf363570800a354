"""Properties every registered model must have, checked on its declared defaults."""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.registry import get_spec, model_keys
from tests.models.scaling import money_scaled


def _available():
    keys = []
    for key in model_keys():
        try:
            get_spec(key)
        except ImportError:
            continue
        keys.append(key)
    return keys


MODELS = _available()


def test_every_model_is_registered_and_importable():
    assert model_keys() == MODELS, f"missing models: {set(model_keys()) - set(MODELS)}"


@pytest.mark.parametrize("key", MODELS)
def test_defaults_run_and_outputs_are_finite(key):
    spec = get_spec(key)
    r = spec.run(spec.defaults()).trial(0)
    assert np.isfinite(r.annual.to_numpy()).all()
    assert set(m.name for m in spec.metrics) <= set(r.summary)
    for line in spec.lines:
        assert line.name in r.annual.columns
    assert r.checks, "every model reports its checks"


@pytest.mark.parametrize("key", MODELS)
@settings(max_examples=15, deadline=None)
@given(k=st.sampled_from([0.5, 2.0, 3.7, 1000.0]))
def test_money_scales(key, k):
    spec = get_spec(key)
    raw = spec.defaults()
    base = spec.run(raw).trial(0)
    big = spec.run(money_scaled(spec, raw, k)).trial(0)
    for name in base.annual.columns:
        line = spec.line_info(name)
        expected = base.annual[name] * (k if line.unit.startswith("£") else 1.0)
        np.testing.assert_allclose(big.annual[name], expected, rtol=1e-9, atol=1e-6, err_msg=name)
    for name, value in base.summary.items():
        metric = spec.metric_info(name)
        if metric.kind == "money" and value is not None:
            assert big.summary[name] == pytest.approx(value * k, rel=1e-9, abs=1e-6), name
        elif metric.kind in ("year", "flag", "count"):
            assert big.summary[name] == (pytest.approx(value) if metric.kind == "count" else value), name


@pytest.mark.parametrize("key", MODELS)
def test_an_array_of_trials_gives_exactly_the_scalar_results(key):
    from planner.project.paths import get_value, numeric_paths, with_value

    spec = get_spec(key)
    raw = spec.defaults()
    rng = np.random.default_rng(7)
    paths = numeric_paths(spec, raw)[:12]
    arrays = dict(raw)
    trials = 5
    for path in paths:
        field = _field(spec, path)
        base = float(get_value(spec, raw, path))
        values = base * rng.uniform(0.8, 1.2, trials) if base else rng.uniform(0, 1, trials)
        if field.integer:
            values = np.round(values)
        values = np.clip(
            values, field.low if field.low is not None else -np.inf, field.high if field.high is not None else np.inf
        )
        arrays = with_value(spec, arrays, path, values)
    together = spec.run(arrays)
    for i in range(trials):
        single = raw
        for path in paths:
            single = with_value(spec, single, path, float(get_value(spec, arrays, path)[i]))
        one = spec.run(single).trial(0)
        got = together.trial(i)
        np.testing.assert_allclose(got.annual.to_numpy(), one.annual.to_numpy(), rtol=1e-12, atol=1e-9)
        assert [c.ok for c in got.checks] == [c.ok for c in one.checks]
        for name, value in one.summary.items():
            assert got.summary[name] == (
                pytest.approx(value, rel=1e-12, nan_ok=True) if isinstance(value, float) else value
            ), name


def _field(spec, path):
    from planner.project.paths import declaration

    return declaration(spec, path)


@pytest.mark.parametrize("key", MODELS)
def test_declarations_are_complete(key):
    """Every input has a label, a unit or format, help or a source, and a default inside its bounds."""
    spec = get_spec(key)
    module = importlib.import_module(spec.compute.__module__)
    assert module.__doc__, f"{key}: the model module documents its choices"
    inputs = [(f, "") for f in spec.fields] + [(c, t.source) for t in spec.tables for c in t.columns]
    for f, table_source in inputs:
        assert f.label, f.name
        assert f.help or f.source or table_source, f"{key}.{f.name} needs help text or a source"
        if f.numeric and f.default is not None and not isinstance(f.default, str):
            assert f.low is None or f.default >= f.low, f.name
            assert f.high is None or f.default <= f.high, f.name
