"""Older project files brought up to the current schema, one registered step per version.

Each step takes the parsed JSON of schema N (already checked by that schema's own rules) and
returns schema N + 1; `migrate` runs them in order, so a file of any older schema reaches the
current one through every step in between. A file from a newer planner is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from planner import __version__
from planner.errors import FileFormatError, PlannerError
from planner.project.scenario_file import parse_scenario_file
from planner.project.scenarios import canonical_path, spec_of

SCHEMA_VERSION = 2
Step = Callable[[dict, str], dict]
_STEPS: dict[int, Step] = {}


def step(from_version: int) -> Callable[[Step], Step]:
    """Register the step that turns schema `from_version` into `from_version + 1`."""

    def register(fn: Step) -> Step:
        if from_version in _STEPS:
            raise ValueError(f"a migration from schema {from_version} is already registered")
        _STEPS[from_version] = fn
        return fn

    return register


def steps() -> list[tuple[int, Step]]:
    return sorted(_STEPS.items())


def schema_of(data: object, where: str) -> int:
    """The file's schema_version, refusing a file from a newer planner with what to do."""
    version = data.get("schema_version") if isinstance(data, dict) else None
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise FileFormatError(
            f"{where}: schema_version: {version!r} is not a schema version; a project file "
            f"has a whole number from 1 to {SCHEMA_VERSION}"
        )
    if version > SCHEMA_VERSION:
        raise FileFormatError(
            f"{where}: this file was saved by a newer planner (schema {version}); version "
            f"{__version__} of the planner reads schema up to {SCHEMA_VERSION} — update the "
            f"planner"
        )
    return version


def migrate(data: object, where: str) -> dict:
    """The file's data in the current schema."""
    version = schema_of(data, where)
    while version < SCHEMA_VERSION:
        data = _STEPS[version](cast(dict, data), where)  # schema_of refuses anything but an object
        if data.get("schema_version") != version + 1:  # a step that forgets to say so would loop
            raise RuntimeError(f"migration from schema {version} did not produce schema {version + 1}")
        version += 1
    return cast(dict, data)


@step(1)
def v1_to_v2(data: dict, where: str) -> dict:
    """A scenario file becomes a project: its runs are the baseline, with no scenarios.

    Each run's "sources" map fills the assumptions log. A v1 file records no times, so they are
    left empty for the loader to take from the file itself.
    """
    scenario_file = parse_scenario_file(data, where)
    problems: list[str] = []
    assumptions = {}
    for i, run in enumerate(scenario_file.runs, start=1):
        entries = {}
        for key, text in run.sources.items():
            try:
                path = canonical_path(spec_of(run.model), key)
            except PlannerError as exc:
                problems += [f"{where}: runs[{i}].sources.{key}: {p}" for p in exc.problems]
                continue
            entries[path] = {"source": str(text), "owner": "", "date": "", "note": ""}
        assumptions[run.name] = entries
    if problems:
        raise FileFormatError(problems)
    return {
        "schema_version": 2,
        "application_version": "",
        "created": "",
        "modified": "",
        "title": scenario_file.title,
        "description": scenario_file.description,
        "author": "",
        "organisation": "",
        "baseline": [
            {"name": r.name, "model": r.model, "description": r.description, "inputs": r.inputs}
            for r in scenario_file.runs
        ],
        "scenarios": [],
        "assumptions": assumptions,
    }
