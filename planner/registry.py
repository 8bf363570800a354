"""The funding mechanisms the planner knows, by key: each is a package in models/ whose
`__init__` exports its declaration, SPEC. Adding a mechanism is one line in MECHANISMS (or one
`register` call, for a mechanism kept outside the source tree); the forms, validation, the
`planner` command, the Excel template, the board pack and the charts all read it from here."""

from __future__ import annotations

import importlib

from models.core.declare import ModelSpec

MECHANISMS = {
    "brs": "models.brs",
    "land_value": "models.land_value",
    "housing_first": "models.housing_first",
    "hra": "models.hra",
    "programme": "models.programme",
}


def model_keys() -> list[str]:
    return list(MECHANISMS)


def get_spec(key: str) -> ModelSpec:
    """The declaration of a model; KeyError names the known models."""
    if key not in MECHANISMS:
        raise KeyError(f"unknown model {key!r}; models are: {', '.join(MECHANISMS)}")
    return importlib.import_module(MECHANISMS[key]).SPEC


def register(key: str, package: str) -> None:
    """Add a mechanism: `package` is imported when first asked for, and must export SPEC with
    this key."""
    spec = importlib.import_module(package).SPEC
    if spec.key != key:
        raise ValueError(f"{package}.SPEC has key {spec.key!r}, not {key!r}")
    MECHANISMS[key] = package


def unregister(key: str) -> None:
    MECHANISMS.pop(key, None)
