"""Put a rating list read from the VOA's file into a project's BRS run, in one checked edit (and
take it out again, leaving the bands it counts to).

The list replaces the bands and the totals (a run reads its list one way), and its provenance
goes to the assumptions log entry of `rating_list`: source (the file, list year and epoch,
authorities, entries read and kept, SHA-256), date (the day it was read) and a note. The
project is unchanged unless every scenario still runs with the list.
"""

from __future__ import annotations

from dataclasses import replace

from planner.errors import PlannerError
from planner.project.document import Project, problems, set_assumption, utc_now
from planner.project.scenarios import BASELINE
from planner.rating_list.provenance import describe

LIST_MODE: dict[str, object] = {"bands": [], "liable_rv": None, "liable_hereditaments": None}


def use_rating_list(project: Project, run: str, value: dict) -> Project:
    """A copy of the project whose run `run` (a BRS) reads `value` as its rating list."""
    target = project.run(run)
    if target.model != "brs":
        brs = [r.name for r in project.runs if r.model == "brs"]
        raise PlannerError(
            f"run {run!r} is a {target.model} run; a rating list belongs to a Business Rate Supplement run"
            + (f": {', '.join(repr(b) for b in brs)}" if brs else " (this project has none)")
        )
    inputs = {**target.inputs, **LIST_MODE, "rating_list": value}
    runs = tuple(replace(r, inputs=inputs) if r.name == run else r for r in project.runs)
    out = replace(project, runs=runs, metadata=replace(project.metadata, modified=utc_now()))
    found = problems(out, [BASELINE] + project.scenario_names, [run])
    if found:
        raise PlannerError(["the rating list was read but not used: " + p for p in found])
    prov = value.get("provenance", {})
    return set_assumption(
        out,
        run,
        "rating_list",
        source=describe(prov),
        date=prov.get("read_on", ""),
        note="Exact liable RV from the list, hereditament by hereditament; firms' names and addresses are not kept.",
    )


def drop_rating_list(project: Project, run: str) -> Project:
    """A copy of the project whose run reads bands again: the list counted into the default
    bands' edges, so a user starts from its distribution; the assumptions log says so."""
    from models.brs.rating_list import EDGES, derived_bands, parse

    value = project.run(run).inputs.get("rating_list")
    if value is None:
        raise PlannerError(f"run {run!r} reads no rating list: its bands or totals are already in use")
    rows = [{**b, "turnout": None, "yes_share": None} for b in derived_bands(parse(value), EDGES)]
    inputs = {**project.run(run).inputs, "rating_list": None, "bands": rows}
    runs = tuple(replace(r, inputs=inputs) if r.name == run else r for r in project.runs)
    out = replace(project, runs=runs, metadata=replace(project.metadata, modified=utc_now()))
    found = problems(out, [BASELINE] + project.scenario_names, [run])
    if found:
        raise PlannerError(["the bands counted from the rating list cannot be used: " + p for p in found])
    prov = value.get("provenance", {})
    return set_assumption(
        out, run, "bands", source="Counted from the rating list: " + describe(prov), date=prov.get("read_on", "")
    )
