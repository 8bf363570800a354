"""`planner solve FILE --run NAME (--goal "path:metric=target" | --max-homes | --cap-needed |
--brs-multiplier | --brs-threshold)`: goal seek an input, or answer a named question."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from planner.analysis.distributions import parse_number
from planner.errors import PlannerError

if TYPE_CHECKING:
    from planner.project.scenario_file import RunDef

from planner.cli.common import common_options, input_shower, load_runs, print_result, show_metric


def register_solve_command(subparsers: argparse._SubParsersAction) -> None:
    solve = subparsers.add_parser("solve", help="goal seek an input, or answer a named question")
    common_options(solve)
    which = solve.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--goal", metavar="PATH:METRIC=TARGET", help='e.g. "support_cost_per_person_year:closing_balance=0"'
    )
    which.add_argument(
        "--max-homes",
        action="store_const",
        const="max_homes",
        dest="question",
        help="HRA: the most extra homes a year within every limit",
    )
    which.add_argument(
        "--cap-needed",
        action="store_const",
        const="cap_needed",
        dest="question",
        help="HRA: the debt cap the plan needs",
    )
    which.add_argument(
        "--brs-multiplier",
        action="store_const",
        const="brs_multiplier",
        dest="question",
        help="BRS: the multiplier that finances the project cost with optimism bias",
    )
    which.add_argument(
        "--brs-threshold",
        action="store_const",
        const="brs_threshold",
        dest="question",
        help="BRS: the highest threshold that still finances it",
    )
    solve.add_argument("--low", help="goal seek: lowest value to try (default: the declared bound)")
    solve.add_argument("--high", help="goal seek: highest value to try (default: the declared bound)")
    solve.set_defaults(handler=_solve)


def _solve(args: argparse.Namespace) -> int:
    _, runs = load_runs(args.file, args.scenario)
    if args.goal is None:
        from planner.analysis.solvers import SOLVERS

        a = SOLVERS[args.question](runs, args.run)
        payload = {
            "question": a.question,
            "run": a.run,
            "value": a.value,
            "shown": a.shown,
            "message": a.message,
            "details": a.details,
        }
        return print_result(args, payload, a.message)
    from planner.analysis.goal_seek import goal_seek

    path, metric, target = _parse_goal(args.goal, runs, args)
    low, high = (_number(x, "--" + n) for x, n in ((args.low, "low"), (args.high, "high")))
    g = goal_seek(runs, args.run, path, metric, target, low, high, result_run=args.result_run)
    show = input_shower(runs, args.run)
    message = (
        f"{g.path} ({g.label}) = {show(g.path, g.value)} gives {g.metric} ({g.metric_label}) of "
        f"{show_metric(g.achieved, g.kind, g.years)}; the target is {show_metric(g.target, g.kind, g.years)}"
    )
    base = "none" if g.base_value is None else show(g.path, g.base_value)
    text = message + (f"\nnote: {g.note}" if g.note else "") + f"\n(base value {base})"
    payload = {
        "question": "goal",
        "run": g.run,
        "value": g.value,
        "shown": show(g.path, g.value),
        "message": message,
        "details": {k: v for k, v in vars(g).items() if k not in ("run", "value", "years")},
    }
    return print_result(args, payload, text)


def _number(text: str | None, option: str) -> float | None:
    if text is None:
        return None
    try:
        return parse_number(text)
    except ValueError as exc:
        raise PlannerError(f"{option}: {exc}") from None


def _parse_goal(text: str, runs: list[RunDef], args: argparse.Namespace) -> tuple[str, str, float]:
    left, sep, target = text.rpartition("=")
    path, colon, metric = left.rpartition(":")
    if not sep or not colon or not path.strip() or not metric.strip():
        raise PlannerError(
            f'--goal {text!r}: write input:metric=target, like "support_cost_per_person_year:closing_balance=0"'
        )
    path, metric, target = path.strip(), metric.strip(), target.strip()
    try:
        return path, metric, parse_number(target)
    except ValueError:
        pass
    from planner.analysis.sensitivity import evaluate_with

    years = evaluate_with(runs, args.run, {}, args.result_run).years  # a year target: "2021-22"
    if target in years:
        return path, metric, float(years.index(target))
    raise PlannerError(
        f"--goal {text!r}: the target {target!r} is not a number (4200, 1.5m, 3.5%) or a year "
        f"of the run ({years[0]} to {years[-1]})"
    )
