"""`planner explain FILE --from A --to B --metric M [--run NAME] [--json]`: the movement of one
metric between two scenarios, attributed to each input that differs (planner.analysis.bridge)."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from planner import formatting

if TYPE_CHECKING:
    from planner.analysis.bridge import Bridge


def register_explain_command(subparsers: argparse._SubParsersAction) -> None:
    cmd = subparsers.add_parser(
        "explain", help="bridge: what moved a metric between two scenarios, change by change (with a Shapley split)"
    )
    cmd.add_argument("file", help="a project file (.ffg)")
    cmd.add_argument(
        "--from", dest="start", default="Baseline", metavar="A", help="from this scenario (default: Baseline)"
    )
    cmd.add_argument("--to", dest="end", required=True, metavar="B", help="to this scenario")
    cmd.add_argument("--metric", required=True, metavar="M", help="a summary metric, e.g. peak_cumulative_gap")
    cmd.add_argument("--run", metavar="NAME", help="the run whose metric (needed when several runs have it)")
    cmd.add_argument("--json", action="store_true", help="print the bridge as JSON")
    cmd.set_defaults(handler=_explain)


def _explain(args: argparse.Namespace) -> int:
    from planner.analysis.bridge import explain
    from planner.project.project_file import load_project

    bridge = explain(load_project(args.file), args.start, args.end, args.metric, args.run)
    if args.json:
        print(json.dumps({"file": str(args.file), **bridge.as_json()}, indent=1))
    else:
        print(bridge_text(bridge))
    return 0


def bridge_text(bridge: Bridge) -> str:
    def fig(value: Any) -> str:
        return "–" if value is None else formatting.metric(value, bridge.kind if bridge.kind != "year" else "count")

    lines = [
        f"{bridge.metric_label} ({bridge.run}): {bridge.start_scenario} to {bridge.end_scenario}",
        "",
        f"{'':44}{'one at a time':>16}{'alone':>16}{'Shapley':>16}{'interaction':>16}",
        f"{bridge.start_scenario:44}{fig(bridge.start):>16}",
    ]
    for s in bridge.steps:
        label = bridge.label(s)
        lines.append(f"{label[:43]:44}{fig(s.step):>16}{fig(s.alone):>16}{fig(s.shapley):>16}{fig(s.interaction):>16}")
    lines.append(f"{bridge.end_scenario:44}{fig(bridge.end):>16}")
    lines += [
        "",
        "One at a time: each change applied on top of those above it, in the scenario's order.",
        "Shapley: each change's step averaged over every order the changes could be made in;",
        "interaction: its Shapley share less what it moves alone. Both columns sum to the movement.",
    ]
    if not bridge.has_shapley:
        lines.append("Too many changes to take every combination: the Shapley split is not shown.")
    for d in bridge.left_out:
        lines.append(f"Not affecting this metric: {d.label} ({d.run}).")
    return "\n".join(lines)
