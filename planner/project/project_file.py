"""The project file (.ffg): JSON, schema version 2, saved atomically. See docs/file-format.md.

Output is deterministic — fixed key order for the file's own objects, sorted keys inside
inputs and the assumptions log, two-space indents — so saving a loaded file gives the same
bytes, and a project under version control diffs line by line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from planner import __version__
from planner.errors import FileFormatError, PlannerError
from planner.project.atomic import write_atomic
from planner.project.document import Assumption, Metadata, Project, check_date, complete_log
from planner.project.migrations import SCHEMA_VERSION, migrate
from planner.project.scenario_file import RunDef, read_json
from planner.project.scenarios import BASELINE, Change, Scenario, canonical_path, spec_of
from planner.registry import model_keys

SUFFIX = ".ffg"
TOP_KEYS = (
    "schema_version",
    "application_version",
    "created",
    "modified",
    "title",
    "description",
    "author",
    "organisation",
    "baseline",
    "scenarios",
    "assumptions",
)
RUN_KEYS = ("name", "model", "description", "inputs")
SCENARIO_KEYS = ("name", "description", "based_on", "changes")
CHANGE_KEYS = ("run", "path", "value")
ASSUMPTION_KEYS = ("source", "owner", "date", "note")


# ---- writing -------------------------------------------------------------------------------


def project_to_dict(project: Project) -> dict:
    meta = project.metadata
    return {
        "schema_version": SCHEMA_VERSION,
        "application_version": __version__,
        "created": meta.created,
        "modified": meta.modified,
        "title": project.title,
        "description": project.description,
        "author": meta.author,
        "organisation": meta.organisation,
        "baseline": [
            {"name": r.name, "model": r.model, "description": r.description, "inputs": _sorted(r.inputs)}
            for r in project.runs
        ],
        "scenarios": [
            {
                "name": s.name,
                "description": s.description,
                "based_on": s.based_on,
                "changes": [{"run": c.run, "path": c.path, "value": _sorted(c.value)} for c in s.changes],
            }
            for s in project.scenarios
        ],
        "assumptions": {
            run: {path: {k: getattr(a, k) for k in ASSUMPTION_KEYS} for path, a in sorted(log.items())}
            for run, log in sorted(project.assumptions.items())
        },
    }


def dumps_project(project: Project) -> str:
    text = json.dumps(project_to_dict(project), indent=2, ensure_ascii=False, allow_nan=False)
    return text + "\n"


def _sorted(value: Any) -> Any:
    """Sorted keys inside inputs, where order carries no meaning (rows of a table keep theirs)."""
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, (list, tuple)):
        return [_sorted(v) for v in value]
    return value


def save_project(project: Project, path: str | os.PathLike) -> None:
    """Write the file atomically: a crash leaves either the old file or the new one, never a mix."""
    try:
        text = dumps_project(project)
    except ValueError as exc:  # NaN or infinity slipped into an input
        raise PlannerError(f"{path}: the project cannot be saved: {exc}") from None
    write_atomic(Path(path), text.encode("utf-8"))


# ---- reading -------------------------------------------------------------------------------


def load_project(path: str | os.PathLike) -> Project:
    """A project from a .ffg file, or from a scenario file (schema 1), migrated to the current schema.

    A file that is not JSON at all is called damaged, at the line where reading stopped: cut short
    (a copy or download that stopped part-way) when that is at its end, else changed by something
    other than the planner; FileFormatError either way."""
    project = parse_project(migrate(_read(Path(path)), str(path)), str(path))
    if not project.metadata.created:  # a migrated scenario file records no times: take the file's own
        stamp = dt.datetime.fromtimestamp(os.stat(path).st_mtime, dt.UTC).replace(microsecond=0)
        text = stamp.isoformat().replace("+00:00", "Z")
        project = replace(
            project, metadata=replace(project.metadata, created=text, modified=project.metadata.modified or text)
        )
    return project


def _read(path: Path) -> object:
    try:
        return read_json(path)
    except FileFormatError:
        pass  # read again below to say how the file is damaged; a missing or unreadable file re-raises
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return read_json(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileFormatError(damaged_message(path, text, exc)) from None


def damaged_message(path: Path, text: str, exc: json.JSONDecodeError) -> str:
    """ "…: the file is damaged at line 44: it may have been cut short"."""
    if not text.strip():
        return f"{path}: the file is empty: it may have been cut short before anything was written"
    why = (
        "it may have been cut short"
        if exc.pos >= len(text.rstrip())
        else f"something other than the planner may have changed it ({exc.msg.lower()}, column {exc.colno})"
    )
    return f"{path}: the file is damaged at line {exc.lineno}: {why}"


def parse_project(data: object, where: str) -> Project:
    """Check a schema-2 file's shape; every problem is listed with its key path."""
    problems: list[str] = []
    at = _Reporter(where, problems)
    top = at.obj(data, "", TOP_KEYS, required=("schema_version", "title", "baseline"))
    runs = _runs(top["baseline"], at) if "baseline" in top else []
    # with the baseline in doubt, checking what refers to its runs would only repeat the problem
    models = {r.name: r.model for r in runs} if not problems else None
    scenarios = _scenarios(top.get("scenarios", []), models, at)
    log = _assumptions(top.get("assumptions", {}), models, at) if models is not None else {}
    texts = {k: at.text(top, k, k) for k in ("title", "description", "author", "organisation", "application_version")}
    for key in ("created", "modified"):
        texts[key] = at.text(top, key, key)
        if texts[key] and not _utc_time(texts[key]):
            at.add(key, f"{texts[key]!r} is not a UTC time; write it as ISO 8601, e.g. 2024-05-01T09:30:00Z")
    if problems:
        raise FileFormatError(problems)
    meta = Metadata(
        texts["created"], texts["modified"], texts["application_version"], texts["author"], texts["organisation"]
    )
    return Project(texts["title"], tuple(runs), tuple(scenarios), texts["description"], complete_log(runs, log), meta)


class _Reporter:
    """Collects problems, each prefixed by the file and the key path ("scenarios[2].changes[1].path")."""

    def __init__(self, where: str, problems: list[str]) -> None:
        self.where, self.problems = where, problems

    def add(self, key_path: str, message: str) -> None:
        self.problems.append(f"{self.where}: {key_path}: {message}" if key_path else f"{self.where}: {message}")

    def obj(self, value: object, key_path: str, allowed: tuple, required: tuple = ()) -> dict:
        if not isinstance(value, dict):
            self.add(key_path, f"must be an object with keys {', '.join(allowed)}, not {_kind(value)}")
            return {}
        for key in value:
            if key not in allowed:
                self.add(_join(key_path, key), f"unknown key; allowed keys are {', '.join(allowed)}")
        for key in required:
            if key not in value:
                self.add(_join(key_path, key), "missing; this key is required")
        return value

    def text(self, obj: dict, key: str, key_path: str, default: str = "") -> str:
        value = obj.get(key, default)
        if not isinstance(value, str):
            self.add(key_path, f"must be text, not {_kind(value)}")
            return default
        return value

    def items(self, value: object, key_path: str, what: str) -> list:
        if not isinstance(value, list):
            self.add(key_path, f"must be a list of {what}, not {_kind(value)}")
            return []
        return value


def _runs(value: object, at: _Reporter) -> list[RunDef]:
    runs = []
    for i, raw in enumerate(at.items(value, "baseline", "model runs"), start=1):
        key = f"baseline[{i}]"
        raw = at.obj(raw, key, RUN_KEYS, required=("name", "model"))
        name, model = at.text(raw, "name", f"{key}.name"), raw.get("model")
        if raw and not name.strip():
            at.add(f"{key}.name", "must be a non-empty text")
        if raw and model not in model_keys():
            at.add(f"{key}.model", f"{model!r} is not a model; models are: {', '.join(model_keys())}")
        elif raw:
            try:
                spec_of(str(model))  # one of model_keys(), so already a text
            except PlannerError as exc:
                at.add(f"{key}.model", exc.problems[0])
        inputs = raw.get("inputs", {})
        if not isinstance(inputs, dict):
            at.add(f"{key}.inputs", f"must be an object of named inputs, not {_kind(inputs)}")
        if raw and name.strip():
            runs.append(
                RunDef(
                    name,
                    str(model),
                    dict(inputs) if isinstance(inputs, dict) else {},
                    at.text(raw, "description", f"{key}.description"),
                )
            )
    if isinstance(value, list) and not value:
        at.add("baseline", "must hold at least one model run")
    names = [r.name for r in runs]
    for name in sorted({n for n in names if names.count(n) > 1}):
        at.add("baseline", f"run name {name!r} is used more than once; names must be unique")
    return [r for r in runs if r.model in model_keys()]


def _scenarios(value: object, models: dict | None, at: _Reporter) -> list[Scenario]:
    out: list[Scenario] = []
    for i, raw in enumerate(at.items(value, "scenarios", "scenarios"), start=1):
        key = f"scenarios[{i}]"
        raw = at.obj(raw, key, SCENARIO_KEYS, required=("name",))
        if not raw:
            continue
        name = at.text(raw, "name", f"{key}.name")
        if not name.strip() or name.casefold() == BASELINE.casefold():
            at.add(f"{key}.name", f"{name!r} cannot name a scenario; use a non-empty name other than {BASELINE!r}")
        elif name in [s.name for s in out]:
            at.add(f"{key}.name", f"{name!r} names another scenario too; names must be unique")
        based_on = raw.get("based_on")
        if based_on is not None and not isinstance(based_on, str):
            at.add(f"{key}.based_on", f"must be a scenario's name or null for the baseline, not {_kind(based_on)}")
            based_on = None
        changes = tuple(
            _change(c, f"{key}.changes[{j}]", models, at)
            for j, c in enumerate(at.items(raw.get("changes", []), f"{key}.changes", "changes"), start=1)
        )
        out.append(
            Scenario(name, at.text(raw, "description", f"{key}.description"), based_on, tuple(c for c in changes if c))
        )
    names = [s.name for s in out]
    if len(set(names)) == len(names):  # with a name used twice, chains are ambiguous: that is reported already
        _chains(out, at)
    return out


def _chains(scenarios: list[Scenario], at: _Reporter) -> None:
    """Every based_on names another scenario, and no chain loops (each loop reported once)."""
    by_name = {s.name: s for s in scenarios}
    reported: set[str] = set()
    for i, s in enumerate(scenarios, start=1):
        if s.based_on is not None and s.based_on not in by_name:
            at.add(
                f"scenarios[{i}].based_on",
                f"{s.based_on!r} is not a scenario of this file; scenarios are: "
                f"{', '.join(repr(n) for n in by_name)} (null builds on the baseline)",
            )
            continue
        walked, current = [], s.based_on
        while current in by_name and current != s.name and current not in walked:
            walked.append(current)
            current = by_name[current].based_on
        if current == s.name and s.name not in reported:
            loop = [s.name] + walked + [s.name]
            at.add(
                f"scenarios[{i}].based_on",
                f"the chain of based_on forms a loop ({' → '.join(loop)}); one of "
                f"them must build on another scenario or on the baseline (null)",
            )
            reported.update(loop)


def _change(raw: object, key: str, models: dict | None, at: _Reporter) -> Change | None:
    raw = at.obj(raw, key, CHANGE_KEYS, required=CHANGE_KEYS)
    if not raw or not all(k in raw for k in CHANGE_KEYS):
        return None
    run, path = raw["run"], raw["path"]
    if models is None:
        return Change(run, path, raw["value"])
    if run not in models:
        at.add(f"{key}.run", f"{run!r} is not a run of the baseline; runs are: {', '.join(repr(r) for r in models)}")
        return None
    try:
        return Change(run, canonical_path(spec_of(models[run]), path), raw["value"])
    except PlannerError as exc:
        at.add(f"{key}.path", exc.problems[0])
        return None


def _assumptions(value: object, models: dict, at: _Reporter) -> dict:
    if not isinstance(value, dict):
        at.add("assumptions", f"must be an object of runs, each an object of inputs, not {_kind(value)}")
        return {}
    log: dict = {}
    for run, entries in value.items():
        key = f"assumptions[{run}]"
        if run not in models:
            at.add(key, f"{run!r} is not a run of the baseline; runs are: {', '.join(repr(r) for r in models)}")
            continue
        if not isinstance(entries, dict):
            at.add(key, f"must be an object of inputs, not {_kind(entries)}")
            continue
        log[run] = {}
        for path, raw in entries.items():
            try:
                path = canonical_path(spec_of(models[run]), path)
            except PlannerError as exc:
                at.add(f"{key}[{path}]", exc.problems[0])
                continue
            raw = at.obj(raw, f"{key}[{path}]", ASSUMPTION_KEYS)
            values = {k: at.text(raw, k, f"{key}[{path}].{k}") for k in ASSUMPTION_KEYS}
            if values["date"]:
                try:
                    check_date(values["date"], f"{key}[{path}].date")
                except PlannerError as exc:
                    at.problems += [f"{at.where}: {p}" for p in exc.problems]
            log[run][path] = Assumption(**values)
    return log


def _utc_time(text: str) -> bool:
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return moment.utcoffset() == dt.timedelta(0)


def _join(key_path: str, key: str) -> str:
    return f"{key_path}.{key}" if key_path else str(key)


def _kind(value: object) -> str:
    names = {
        dict: "an object",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "null",
    }
    return (
        f"{names.get(type(value), type(value).__name__)} ({json.dumps(value)[:40]})"
        if not isinstance(value, (dict, list))
        else names[type(value)]
    )
