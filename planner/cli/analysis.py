"""`planner sensitivity`, `planner montecarlo` and `planner solve` (registered by planner.cli.main).

    planner sensitivity FILE --run NAME --metric M [--pct 10] [--range] [--input PATH ...] [--json]
    planner montecarlo FILE --run NAME --vary "path=triangular(a,b,c)" ... [--trials N] [--seed S]
                       [--correlate "p1,p2=0.5" ...] [--lines a,b | --lines none] [--json]
    planner solve FILE --run NAME (--goal "path:metric=target" | --max-homes | --cap-needed
                  | --brs-multiplier | --brs-threshold) [--low X] [--high X] [--json]

FILE is a scenario file (.json) or a project (.ffg, with `--scenario NAME`); `--result-run`
reads the results of another run (a programme linked to the varied run). A Monte Carlo may vary
the inputs of the runs a programme takes lines from as well: "Run name::path=dist". The --json shapes
are in docs/analysis.md. A problem ends with exit code 2 and one "error: ..." line per problem
(planner.cli.main prints them).
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from planner.analysis.distributions import parse_number
from planner.errors import PlannerError

if TYPE_CHECKING:
    from planner.analysis.montecarlo import MetricStats, MonteCarloResult
    from planner.analysis.sensitivity import Tornado

from planner.cli.common import common_options, input_shower, load_runs, print_result, show_metric
from planner.cli.solve import register_solve_command

PCT_NAMES = ("p5", "p10", "p50", "p90", "p95")


def register_analysis_commands(subparsers: argparse._SubParsersAction) -> None:
    sens = subparsers.add_parser("sensitivity", help="tornado: the swing of one metric as each input goes low and high")
    common_options(sens)
    sens.add_argument("--metric", required=True, help="the summary metric to rank the inputs by")
    sens.add_argument("--pct", type=float, default=10.0, help="percent each way (default 10)")
    sens.add_argument(
        "--range", action="store_true", help="use each input's declared range (±pct where it has none or a huge one)"
    )
    sens.add_argument("--input", action="append", metavar="PATH", help="only these inputs (repeat); default all")
    sens.set_defaults(handler=_sensitivity)
    mc = subparsers.add_parser("montecarlo", help="Monte Carlo: percentiles of every metric and line, check risks")
    common_options(mc)
    mc.add_argument(
        "--vary",
        action="append",
        required=True,
        metavar="PATH=DIST",
        help='an input and its distribution, e.g. "weekly_rent=triangular(80,85,92)", or an input '
        'of a run the programme takes lines from, "Run name::path=DIST" (repeat)',
    )
    mc.add_argument("--trials", type=int, default=10_000, help="number of trials (default 10,000)")
    mc.add_argument("--seed", type=int, default=None, help="seed for reproducible draws")
    mc.add_argument("--correlate", action="append", metavar="P1,P2=R", help='rank correlation, e.g. "a,b=0.5"')
    mc.add_argument("--lines", help="annual lines to report, comma-separated, or 'none' (default: all)")
    mc.set_defaults(handler=_montecarlo)
    register_solve_command(subparsers)


def _sensitivity(args: argparse.Namespace) -> int:
    from planner.analysis.sensitivity import tornado

    _, runs = load_runs(args.file, args.scenario)
    result = tornado(
        runs, args.run, args.metric, args.input, args.pct / 100.0, "range" if args.range else "percent", args.result_run
    )
    payload = {
        "run": result.run,
        "metric": result.metric,
        "metric_label": result.metric_label,
        "kind": result.kind,
        "base": result.base,
        "mode": result.mode,
        "pct": result.pct,
        "rows": [vars(r) for r in result.rows],
        "skipped": [{"path": p, "reason": why} for p, why in result.skipped],
        "years": result.years,
    }
    return print_result(args, payload, _tornado_text(result, input_shower(runs, args.run)))


def _tornado_text(t: Tornado, show_input: Callable[[str, Any], str]) -> str:
    how = (
        f"each input ±{t.pct * 100:g}% of its base value"
        if t.mode == "percent"
        else f"each input across its declared range (±{t.pct * 100:g}% where it has none)"
    )
    out = [
        f"Tornado: {t.metric_label} ({t.metric}), run {t.run!r}",
        f"Base: {show_metric(t.base, t.kind, t.years)}; {how}, clipped to its bounds",
        "",
    ]
    widest = max((r.swing for r in t.rows if not math.isnan(r.swing)), default=0.0) or 1.0
    width = max([len(r.label) for r in t.rows] + [5])
    out.append(
        f"{'':>3}  {'Input':<{width}}  {'Low':>14} {'→ metric':>16}  {'High':>14} {'→ metric':>16}  {'Swing':>16}"
    )
    for i, r in enumerate(t.rows, start=1):
        bar = "█" * round(20 * r.swing / widest) if not math.isnan(r.swing) else ""
        low = f"{show_input(r.path, r.low_input):>14} {show_metric(r.metric_low, t.kind, t.years):>16}"
        high = f"{show_input(r.path, r.high_input):>14} {show_metric(r.metric_high, t.kind, t.years):>16}"
        swing = show_metric(r.swing, "count" if t.kind == "year" else t.kind)  # a year's swing is in years
        out.append(f"{i:>3}  {r.label:<{width}}  {low}  {high}  {swing:>16}  {bar}")
    out += [f"  skipped {p}: {why}" for p, why in t.skipped]
    return "\n".join(out)


def _parse_pairs(texts: list[str] | None, names: list[str]) -> dict | None:
    """--correlate "a,b=0.5" as {(a, b): 0.5}; `names` (the inputs varied) tell which comma
    separates the two when a run's name holds one ("WMCA BRS: 2p over £50,000 RV::multiplier")."""
    if not texts:
        return None
    pairs, problems = {}, []
    for text in texts:
        both, _, value = text.rpartition("=")
        try:
            pair = _split_pair(both, names)
            if pair is None:
                raise ValueError('write two input paths and a correlation, like "weekly_rent,cost_inflation=0.5"')
            pairs[pair] = parse_number(value)
        except ValueError as exc:
            problems.append(f"--correlate {text!r}: {exc}")
    if problems:
        raise PlannerError(problems)
    return pairs


def _split_pair(text: str, names: list[str]) -> tuple[str, str] | None:
    """The two inputs of "a,b": at the comma that leaves two inputs varied, else at the only comma.

    >>> _split_pair("x,y", ["x", "y"]), _split_pair("A, 1::p,q", ["A, 1::p", "q"]), _split_pair("x", [])
    (('x', 'y'), ('A, 1::p', 'q'), None)
    """
    parts = text.split(",")
    splits = [(",".join(parts[:i]).strip(), ",".join(parts[i:]).strip()) for i in range(1, len(parts))]
    known = [s for s in splits if s[0] in names and s[1] in names]
    if known:
        return known[0]
    return splits[0] if len(splits) == 1 and all(splits[0]) else None


def _parse_vary(texts: list[str]) -> dict:
    vary, problems = {}, []
    for text in texts:
        path, sep, dist = text.partition("=")
        if not sep or not path.strip() or not dist.strip():
            problems.append(
                f'--vary {text!r}: write an input path and a distribution, like "weekly_rent=triangular(80,85,92)"'
            )
        elif path.strip() in vary:
            problems.append(f"--vary {text!r}: {path.strip()} is given more than once")
        else:
            vary[path.strip()] = dist.strip()
    if problems:
        raise PlannerError(problems)
    return vary


def _montecarlo(args: argparse.Namespace) -> int:
    from planner.analysis.montecarlo import monte_carlo

    _, runs = load_runs(args.file, args.scenario)
    lines = (
        None
        if args.lines is None
        else []
        if args.lines.strip() == "none"
        else [k.strip() for k in args.lines.split(",") if k.strip()]
    )
    vary = _parse_vary(args.vary)
    result = monte_carlo(
        runs,
        args.run,
        vary,
        args.trials,
        args.seed,
        _parse_pairs(args.correlate, list(vary)),
        result_run=args.result_run,
        lines=lines,
    )
    return print_result(args, _mc_json(result), _mc_text(result))


def _metric_json(m: MetricStats, years: list[str]) -> dict:
    """A metric's percentiles; a year metric's as year labels (null: never), with no mean."""
    values = list(m.percentiles.values())
    if m.kind == "year":
        return {
            "label": m.label,
            "kind": m.kind,
            **{n: _year(v, years) for n, v in zip(PCT_NAMES, values)},
            "mean": None,
            "never": m.never,
        }
    return {"label": m.label, "kind": m.kind, **dict(zip(PCT_NAMES, values)), "mean": m.mean, "never": None}


def _mc_json(r: MonteCarloResult) -> dict:
    return {
        "run": r.run,
        "model": r.model,
        "trials": r.trials,
        "seed": r.seed,
        "inputs": r.inputs,
        "input_labels": r.labels,
        "target_correlation": r.target_correlation,
        "achieved_correlation": r.achieved_correlation,
        "years": r.years,
        "percentiles": [5, 10, 50, 90, 95],
        "metrics": {k: _metric_json(m, r.years) for k, m in r.metrics.items()},
        "lines": {
            k: {"label": s.label, "unit": s.unit, **dict(zip(PCT_NAMES, s.percentiles)), "mean": s.mean}
            for k, s in r.lines.items()
        },
        "checks": [
            {"name": c.name, "p_fail": c.p_fail, "median_year": c.median_year, "message": c.message} for c in r.checks
        ],
    }


def _year(index: float, years: list[str]) -> str | None:
    return None if math.isnan(index) else years[int(index)]


def _mc_text(r: MonteCarloResult) -> str:
    from planner.analysis.montecarlo import share_text

    seed = f" (seed {r.seed})" if r.seed is not None else ""
    out = [
        f"Monte Carlo: {r.trials:,} trials of run {r.run!r}{seed}",
        "Inputs: " + "; ".join(f"{r.labels.get(p, p)} ~ {d}" for p, d in r.inputs.items()),
    ]
    if r.target_correlation is not None:
        achieved = r.achieved_correlation
        assert achieved is not None  # worked out whenever a correlation is asked for
        names = [r.labels.get(p, p) for p in r.inputs]
        out.append(
            "Rank correlation (asked → achieved): "
            + "; ".join(
                f"{names[i]} with {names[j]} {r.target_correlation[i, j]:g} → {achieved[i, j]:.2f}"
                for i in range(len(names))
                for j in range(i + 1, len(names))
                if r.target_correlation[i, j]
            )
        )
    out.append("")
    width = max(len(m.label) for m in r.metrics.values())
    out.append(f"  {'Summary metric':<{width}}" + "".join(f"{h.upper():>16}" for h in PCT_NAMES) + f"{'MEAN':>16}")
    for m in r.metrics.values():
        cells = [show_metric(v, m.kind, r.years) for v in m.percentiles.values()]
        never = f"never in {share_text(m.never)}" if m.never else "–"
        mean = never if m.kind == "year" else show_metric(m.mean, m.kind)
        out.append(f"  {m.label:<{width}}" + "".join(f"{c:>16}" for c in cells) + f"{mean:>16}")
    out += ["", "Checks"] + [f"  {c.message}" for c in r.checks]
    return "\n".join(out)
