"""What the analysis commands share: the file and run options, reading the runs, and printing
text or JSON."""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from planner import formatting

if TYPE_CHECKING:
    from planner.project.scenario_file import RunDef


def common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="a scenario file (.json) or a project file (.ffg)")
    parser.add_argument("--run", required=True, metavar="NAME", help="the run whose inputs vary")
    parser.add_argument("--scenario", metavar="NAME", help="a scenario of a project (default: the baseline)")
    parser.add_argument("--result-run", metavar="NAME", help="read results from this run (default: --run)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def load_runs(path: str, scenario: str | None = None) -> tuple[str, list]:
    """(title, runs) of a scenario file, or of a project's baseline or named scenario."""
    from planner.project.scenario_file import parse_scenario_file, read_json

    data = read_json(path)
    if isinstance(data, dict) and data.get("schema_version") == 1 and scenario is None:
        scenario_file = parse_scenario_file(data, str(path))
        return scenario_file.title, scenario_file.runs
    from planner.project.migrations import migrate
    from planner.project.project_file import parse_project

    project = parse_project(migrate(data, str(path)), str(path))
    if scenario not in (None, "Baseline"):
        project.scenario(scenario)  # names the scenarios there are when it is not one
    return project.title, project.resolve(scenario or "Baseline")


def print_result(args: argparse.Namespace, payload: dict, text: str) -> int:
    if args.json:
        head = {"file": str(args.file), **({"scenario": args.scenario} if args.scenario else {})}
        print(json.dumps(plain_json({**head, **payload}), indent=1))
    else:
        print(text)
    return 0


def plain_json(value: Any) -> Any:
    """Plain JSON: numpy numbers and arrays as numbers and lists, NaN and infinity as null."""
    if isinstance(value, dict):
        return {k: plain_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_json(v) for v in value]
    if hasattr(value, "tolist"):
        return plain_json(value.tolist())
    return None if isinstance(value, float) and not math.isfinite(value) else value


def show_metric(value: float, kind: str, years: list[str] | None = None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if kind == "year":
        if not years:
            return f"{value:g}"
        return years[int(value)] if 0 <= value < len(years) else "never"  # -1, or after the last year
    return formatting.metric(float(value), kind)


def input_shower(runs: list[RunDef], run: str) -> Callable[[str, Any], str]:
    """A function showing an input's value as its declaration does (£3,780, 72%, 4)."""
    from planner.analysis.sensitivity import find_run, variable_field

    target = find_run(runs, run)
    return lambda path, value: variable_field(target, path).show(value)
