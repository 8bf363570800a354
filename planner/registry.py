"""The models the planner knows, by key. Adding a model is one line here."""

from __future__ import annotations

import importlib

from models.core.declare import ModelSpec

_MODULES = {
    "brs": "models.brs",
    "land_value": "models.land_value",
    "housing_first": "models.housing_first",
    "hra": "models.hra",
    "programme": "models.programme",
}


def model_keys() -> list[str]:
    return list(_MODULES)


def get_spec(key: str) -> ModelSpec:
    """The declaration of a model; KeyError names the known models."""
    if key not in _MODULES:
        raise KeyError(f"unknown model {key!r}; models are: {', '.join(_MODULES)}")
    return importlib.import_module(_MODULES[key]).SPEC
