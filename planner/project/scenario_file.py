"""The scenario file (schema version 1): named model runs in JSON. See docs/file-format.md."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from planner.errors import FileFormatError
from planner.registry import model_keys

SCHEMA_VERSION = 1
FILE_KEYS = {"schema_version", "title", "description", "runs"}
RUN_KEYS = {"name", "model", "description", "inputs", "sources"}


@dataclass
class RunDef:
    """One model run: a model key and its raw inputs (defaults fill the rest)."""

    name: str
    model: str
    inputs: dict = field(default_factory=dict)
    description: str = ""
    sources: dict = field(default_factory=dict)


@dataclass
class ScenarioFile:
    title: str
    runs: list[RunDef]
    description: str = ""


def read_json(path: str | Path) -> object:
    """Parse a JSON file, naming the file, line and column of any syntax error."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileFormatError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FileFormatError(f"{path}: cannot be read ({exc})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileFormatError(f"{path}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None


def load_scenario_file(path: Path) -> ScenarioFile:
    return parse_scenario_file(read_json(path), str(path))


def parse_scenario_file(data: object, where: str) -> ScenarioFile:
    """Check the file's shape; every problem is listed with its key path."""
    if not isinstance(data, dict):
        raise FileFormatError(f"{where}: the file must hold a JSON object with keys {sorted(FILE_KEYS)}")
    problems = [f"{where}: unknown key {k!r}; allowed keys are {sorted(FILE_KEYS)}" for k in data if k not in FILE_KEYS]
    if data.get("schema_version") != SCHEMA_VERSION:
        problems.append(
            f"{where}: schema_version is {data.get('schema_version')!r}; a scenario file has "
            f"schema_version {SCHEMA_VERSION}"
        )
    runs = data.get("runs")
    if not isinstance(runs, list) or not runs:
        problems.append(f"{where}: runs must be a non-empty list of model runs")
        runs = []
    parsed = [_run(r, f"{where}: runs[{i}]", problems) for i, r in enumerate(runs, start=1)]
    names = [r.name for r in parsed if r]
    for name in {n for n in names if names.count(n) > 1}:
        problems.append(f"{where}: run name {name!r} is used more than once; names must be unique")
    if problems:
        raise FileFormatError(problems)
    return ScenarioFile(str(data.get("title", "")), [r for r in parsed if r], str(data.get("description", "")))


def _run(raw: object, where: str, problems: list[str]) -> RunDef | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: must be an object with keys {sorted(RUN_KEYS)}")
        return None
    problems += [f"{where}: unknown key {k!r}; allowed keys are {sorted(RUN_KEYS)}" for k in raw if k not in RUN_KEYS]
    name, model = raw.get("name"), raw.get("model")
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{where}.name: must be a non-empty text")
    if model not in model_keys():
        problems.append(f"{where}.model: {model!r} is not a model; models are: {', '.join(model_keys())}")
    for key in ("inputs", "sources"):
        if not isinstance(raw.get(key, {}), dict):
            problems.append(f"{where}.{key}: must be an object of named values")
    return RunDef(
        str(name),
        str(model),
        dict(raw.get("inputs") or {}),
        str(raw.get("description", "")),
        dict(raw.get("sources") or {}),
    )
