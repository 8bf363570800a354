"""The `planner` command: batch runs without a screen.

Exit codes: 0 done, 1 done but a check failed (with --strict), 2 a file or input not allowed.
"""
from __future__ import annotations

import argparse
import json
import sys

from planner import __version__
from planner.errors import PlannerError


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except PlannerError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="planner", description="Funding for Growth Planner: batch runs.")
    parser.add_argument("--version", action="version", version=f"planner {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run every model in a scenario or project file and print a report")
    run.add_argument("file", help="a scenario file (.json)")
    run.add_argument("--json", action="store_true", help="print the results as JSON")
    run.add_argument("--strict", action="store_true", help="exit with 1 when any check fails")
    run.set_defaults(handler=_run)
    return parser


def _run(args) -> int:
    from planner.report import run_json, run_text
    from planner.runner import evaluate
    from planner.scenario_file import load_scenario_file

    scenario = load_scenario_file(args.file)
    outcomes = evaluate(scenario.runs)
    results = {name: outcome.trial(0) for name, outcome in outcomes.items()}
    if args.json:
        print(json.dumps({"file": str(args.file), "runs": [run_json(n, r) for n, r in results.items()]},
                         indent=1))
    else:
        print(f"{scenario.title or args.file}\n")
        print("\n\n".join(run_text(n, r) for n, r in results.items()))
    failed = any(not c.ok for r in results.values() for c in r.checks)
    return 1 if (args.strict and failed) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
