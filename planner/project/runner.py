"""Run a set of named model runs, resolving the programme's links to other runs' lines."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from models.core.errors import InputErrors
from models.core.result import Outcome
from models.core.timeline import fy_start
from planner.errors import PlannerError
from planner.project.scenario_file import RunDef
from planner.registry import get_spec


def evaluate(runs: list[RunDef], previous: Mapping[str, tuple[RunDef, Outcome]] | None = None) -> dict[str, Outcome]:
    """Every run's Outcome by name, linked runs first; all problems reported together.

    `previous` ({name: (the RunDef, its Outcome)} from an earlier call): a run defined exactly as
    before, whose linked runs were all kept too, keeps its Outcome, so an edit recomputes only
    the run it changes and the runs linked to it (the window after each edit)."""
    by_name = {r.name: r for r in runs}
    done: dict[str, Outcome] = {}
    kept: set[str] = set()
    problems: list[str] = []
    for run in _ordered(runs, by_name, problems):
        before = (previous or {}).get(run.name)
        if before is not None and before[0] == run and all(link.get("run") in kept for link in links_of(run)):
            done[run.name] = before[1]
            kept.add(run.name)
            continue
        context = _link_context(run, done, problems)
        if context is None:
            continue
        try:
            done[run.name] = get_spec(run.model).run(run.inputs, context)
        except InputErrors as exc:
            problems += [f"run {run.name!r}: {e}" for e in exc.errors]
    if problems:
        raise PlannerError(problems)
    return {r.name: done[r.name] for r in runs}


def links_of(run: RunDef) -> list[dict]:
    links = run.inputs.get("links", []) if run.model == "programme" else []
    return [link for link in links if isinstance(link, dict)] if isinstance(links, list) else []


def _ordered(runs: list[RunDef], by_name: dict, problems: list[str]) -> list[RunDef]:
    """Runs in an order where every linked run comes before the runs that use it."""
    order: list[RunDef] = []
    state: dict[str, str] = {}

    def visit(run: RunDef, path: list[str]) -> None:
        if state.get(run.name) == "done":
            return
        if state.get(run.name) == "visiting":
            problems.append(f"run {run.name!r}: its links form a loop ({' → '.join(path + [run.name])})")
            return
        state[run.name] = "visiting"
        for i, link in enumerate(links_of(run), start=1):
            target = by_name.get(link.get("run"))
            if target is None:
                problems.append(
                    f"run {run.name!r}: links[{i}].run: {link.get('run')!r} is not a run in this file; "
                    f"runs are: {', '.join(by_name)}"
                )
            else:
                visit(target, path + [run.name])
        state[run.name] = "done"
        order.append(run)

    for run in runs:
        visit(run, [])
    return order


def _link_context(run: RunDef, done: Mapping[Any, Outcome], problems: list[str]) -> dict | None:
    links = links_of(run)
    if run.model != "programme":
        return {}
    start = run.inputs.get("start_year", get_spec("programme").field("start_year").default)
    horizon = run.inputs.get("horizon", get_spec("programme").field("horizon").default)
    profiles, ring_fenced = {}, []
    for i, link in enumerate(links, start=1):
        source = done.get(link.get("run"))
        if source is None:
            return None
        line = link.get("line")
        if line not in source.lines:
            problems.append(
                f"run {run.name!r}: links[{i}].line: {line!r} is not a line of run {link.get('run')!r}; "
                f"lines are: {', '.join(source.lines)}"
            )
            continue
        profiles[str(link.get("name"))] = align(source, line, fy_start(start), int(horizon))
        if source.spec.key == "brs":  # a BRS's yield is ring-fenced to its project (BRSA 2009 s. 3)
            ring_fenced.append(str(link.get("name")))
    return {"profiles": profiles, "ring_fenced": tuple(ring_fenced)}


def align(source: Outcome, line: str, start_year: int, horizon: int) -> np.ndarray:
    """A line of another run placed on this run's years (zero where it has no value)."""
    values = source.lines[line]
    out = np.zeros((values.shape[0], horizon))
    places = [(fy_start(label) - start_year, j) for j, label in enumerate(source.years)]
    inside = [(t, j) for t, j in places if 0 <= t < horizon]  # each year once: one copy of the columns
    if inside:
        out[:, [t for t, _ in inside]] = values[:, [j for _, j in inside]]
    return out
