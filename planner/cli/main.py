"""The `planner` command: batch runs without a screen.

    planner run FILE [--scenario NAME] [--json] [--strict]   a scenario file (.json) or project (.ffg)
    planner compare FILE [--scenarios A B ...] [--json]       scenarios of a project side by side
    planner convert IN.json OUT.ffg [--force]                 a scenario file becomes a project
    planner explain FILE --from A --to B --metric M           what moved a metric, change by change
    planner rules [--year 2027-28] [--json]                  the rules in force in a year, with sources
    planner --version --verbose                               the version of every package that ships

Exit codes: 0 done, 1 done but a check failed (with --strict), 2 a file or input not allowed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from models.core.result import DEFAULT_TOLERANCE
from planner import __version__
from planner.cli.analysis import register_analysis_commands
from planner.cli.excel import register_excel_commands
from planner.cli.explain import register_explain_command
from planner.cli.files import writable_target
from planner.cli.rating_list import register as register_rating_list
from planner.cli.rules import register as register_rules_command
from planner.errors import PlannerError

if TYPE_CHECKING:
    from planner.project.document import Project

PROJECT_SUFFIX = ".ffg"


def main(argv: list[str] | None = None) -> int:
    if set(sys.argv[1:] if argv is None else argv) == {"--version", "--verbose"}:
        from planner.build_info import verbose_version

        print(verbose_version())
        return 0
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except PlannerError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader stopped early (`| head`): not an error, and no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="planner", description="Funding for Growth Planner: batch runs.")
    parser.add_argument("--version", action="version", version=f"planner {__version__}")
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="with --version: also the version of every package that ships, and whether Excel import is protected",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run every model in a scenario or project file and print a report")
    run.add_argument("file", help="a scenario file (.json) or a project file (.ffg)")
    run.add_argument("--scenario", metavar="NAME", help="run this scenario of a project (default: the baseline)")
    run.add_argument("--json", action="store_true", help="print the results as JSON")
    run.add_argument("--strict", action="store_true", help="exit with 1 when any check fails")
    run.add_argument(
        "--tolerance",
        type=float,
        default=DEFAULT_TOLERANCE,
        metavar="POUNDS",
        help=f"materiality of a tie-out: a gap of at most this many pounds passes (default £{DEFAULT_TOLERANCE:g})",
    )
    run.set_defaults(handler=_run)
    comp = sub.add_parser("compare", help="compare a project's scenarios with its baseline")
    comp.add_argument("file", help="a project file (.ffg) or a scenario file (.json)")
    comp.add_argument(
        "--scenarios",
        nargs="+",
        metavar="NAME",
        help="the scenarios to compare (default: all); the baseline is always included",
    )
    comp.add_argument("--json", action="store_true", help="print the comparison as JSON")
    comp.set_defaults(handler=_compare)
    conv = sub.add_parser("convert", help="turn a scenario file (schema 1) into a project file")
    conv.add_argument("source", help="a scenario file (.json)")
    conv.add_argument("target", help="the project file to write (.ffg)")
    conv.add_argument("--force", action="store_true", help="replace the target if it exists")
    conv.set_defaults(handler=_convert)
    register_analysis_commands(sub)
    register_excel_commands(sub)
    register_explain_command(sub)
    register_rating_list(sub)
    register_rules_command(sub)
    return parser


def _run(args: argparse.Namespace) -> int:
    from planner.cli.report import run_json, run_text

    title, scenario, outcomes = _outcomes(args)
    if not args.tolerance >= 0:
        raise PlannerError(f"--tolerance: {args.tolerance} is not allowed; enter a sum of pounds of at least 0")
    results = {name: outcome.trial(0, tolerance=args.tolerance) for name, outcome in outcomes.items()}
    if args.json:
        shown: dict[str, object] = {"file": str(args.file)}
        if scenario is not None:
            shown["scenario"] = scenario
        shown["runs"] = [run_json(n, r) for n, r in results.items()]
        print(json.dumps(shown, indent=1))
    else:
        heading = title or str(args.file)
        print(f"{heading} — {scenario}\n" if scenario is not None else f"{heading}\n")
        print("\n\n".join(run_text(n, r) for n, r in results.items()))
    failed = any(not c.ok for r in results.values() for c in r.checks)
    return 1 if (args.strict and failed) else 0


def _outcomes(args: argparse.Namespace) -> tuple[str, str | None, dict]:
    """(title, scenario or None for a scenario file, outcomes)."""
    from planner.project.runner import evaluate
    from planner.project.scenario_file import parse_scenario_file, read_json

    data = read_json(args.file)
    version = data.get("schema_version") if isinstance(data, dict) else None
    if Path(args.file).suffix.lower() != PROJECT_SUFFIX and version != 2 and args.scenario is None:
        scenario_file = parse_scenario_file(data, str(args.file))  # exactly as before projects existed
        return scenario_file.title, None, evaluate(scenario_file.runs)
    project = _project(data, args.file)
    name = args.scenario or "Baseline"
    return project.title, name, project.evaluate(name)


def _project(data: object, path: str | os.PathLike) -> Project:
    from planner.project.migrations import migrate
    from planner.project.project_file import parse_project

    return parse_project(migrate(data, str(path)), str(path))


def _load(path: str | os.PathLike) -> Project:
    from planner.project.project_file import load_project

    return load_project(path)


def _compare(args: argparse.Namespace) -> int:
    from planner.analysis.compare import compare, comparison_text

    project = _load(args.file)
    comparison = compare(project, args.scenarios)
    if args.json:
        print(json.dumps({"file": str(args.file), **comparison.as_json()}, indent=1))
    else:
        print(f"{project.title or args.file}\n")
        print(comparison_text(comparison))
    return 0


def _convert(args: argparse.Namespace) -> int:
    from planner.project.project_file import save_project

    target = writable_target(args.target, PROJECT_SUFFIX, args.force, "a project file")
    project = _load(args.source)
    save_project(project, target)
    print(
        f"wrote {target}: {len(project.runs)} run{'s' if len(project.runs) != 1 else ''} as the baseline, "
        f"{len(project.scenarios)} scenario{'s' if len(project.scenarios) != 1 else ''}"
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
