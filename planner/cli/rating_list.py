"""`planner rating-list LIST.zip|LIST.csv --authorities 4605,4610,… [--out FILE.ffg --run NAME] [--json]`.

Reads the VOA's list entries file (planner.rating_list) for the billing authorities named and
prints a summary: entries read and kept, hereditaments and RV by authority, the bands the list
falls into, and where it came from. With --out the list becomes the rating list of a BRS run
of that project (a new project with one BRS run if the file does not exist yet); the project
is written only after the whole list has been read and checked.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from planner.errors import PlannerError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("rating-list", help="read the VOA's rating list for a BRS: exact liable RV")
    p.add_argument("list", help="the VOA list entries zip (…-listentries-…-baseline-csv.zip) or its CSV")
    p.add_argument("--authorities", required=True, help="billing authority codes, e.g. 4605,4610,4615")
    p.add_argument("--as-at", metavar="YYYY-MM-DD", help="keep entries current at this date (default: today)")
    p.add_argument("--out", metavar="FILE.ffg", help="put the list into this project's BRS run")
    p.add_argument("--run", metavar="NAME", help="the BRS run to put it in (default: the project's only BRS run)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(handler=rating_list_command)


def rating_list_command(args: argparse.Namespace) -> int:
    from planner.rating_list import read_rating_list

    as_at = _date(args.as_at)
    target = _target(args.out) if args.out else None
    value = read_rating_list(args.list, args.authorities.split(","), as_at)
    summary = summarise(value)
    if target is not None:
        summary["written"] = _write(target, args.run, value)
    if args.json:
        print(json.dumps(summary, indent=1))
    else:
        print(summary_text(summary))
    return 0


def summarise(value: dict) -> dict:
    from models.brs.rating_list import EDGES, derived_bands, parse

    rl = parse(value)
    by = []
    for a, code in enumerate(rl.authorities):
        rv, cum = rl.by_authority[a]
        by.append({"code": code, "name": rl.names.get(code, ""), "hereditaments": int(rv.size), "rv": cum[-1] / 100})
    return {
        "provenance": rl.provenance,
        "hereditaments": int(rl.rv.size),
        "rv": rl.total,
        "authorities": by,
        "bands": derived_bands(rl, EDGES),
    }


def summary_text(s: dict) -> str:
    from planner.rating_list import describe

    out = [describe(s["provenance"]), "", f"{'Billing authority':<30}{'Hereditaments':>15}{'RV (£)':>20}"]
    out += [
        f"{(a['name'] + ' ' if a['name'] else '') + a['code']:<30}{a['hereditaments']:>15,}{a['rv']:>20,.0f}"
        for a in s["authorities"]
    ]
    out += [
        f"{'All':<30}{s['hereditaments']:>15,}{s['rv']:>20,.0f}",
        "",
        f"{'RV band (£)':<30}{'Hereditaments':>15}{'RV (£)':>20}",
    ]
    for b in s["bands"]:
        span = f"{b['lower']:,.0f} to {b['upper']:,.0f}" if b["upper"] is not None else f"over {b['lower']:,.0f}"
        out.append(f"{span:<30}{b['hereditaments']:>15,}{b['rateable_value']:>20,.0f}")
    if s.get("written"):
        out += ["", s["written"]]
    return "\n".join(out)


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise PlannerError(f"--as-at: {text!r} is not a date; enter it as YYYY-MM-DD, e.g. 2023-04-01") from None


def _target(out: str) -> Path:
    target = Path(out)
    if target.suffix.lower() != ".ffg":
        raise PlannerError(f"{target}: --out names a project file, whose name ends in .ffg")
    return target


def _write(target: Path, run: str | None, value: dict) -> str:
    from models.brs import SPEC
    from planner.project.document import new_project
    from planner.project.project_file import load_project, save_project
    from planner.project.scenario_file import RunDef
    from planner.rating_list.apply import use_rating_list

    if target.exists():
        project = load_project(target)
        brs = [r.name for r in project.runs if r.model == "brs"]
        if run is None and len(brs) != 1:
            raise PlannerError(
                f"{target}: name the BRS run with --run; its BRS runs are: {', '.join(repr(b) for b in brs) or 'none'}"
            )
        run = run or brs[0]
    else:
        run = run or "Business Rate Supplement"
        project = new_project("Business Rate Supplement", [RunDef(run, "brs", SPEC.defaults())])
    save_project(use_rating_list(project, run, value), target)
    return f"wrote {target}: run {run!r} reads the rating list ({value['hereditaments']:,} hereditaments)"
