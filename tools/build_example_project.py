"""Build examples/funding-for-growth-programme.ffg from the bundled scenario files.

    .venv/bin/python tools/build_example_project.py [--output PATH]

The baseline is every run of examples/funding-for-growth-programme.json, then the first run
of each other example whose model the baseline does not have yet (the Housing First award; an
HRA business plan when one is bundled). The further runs of an example are what-ifs, which
this project holds as scenarios instead. The scenarios are added through the project
API, so each is checked by its model, and a scenario whose model has no run is left out.

Running it again without a change in the examples leaves the file byte for byte as it was
(the times in it are kept), so the output can be committed and regenerated freely.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.core.timeline import fy_label, fy_start  # noqa: E402  (the path above makes the project importable)
from planner.errors import PlannerError  # noqa: E402
from planner.project.document import Project, add_scenario, new_project, utc_now  # noqa: E402
from planner.project.project_file import dumps_project, load_project, save_project  # noqa: E402
from planner.project.scenario_file import load_scenario_file  # noqa: E402
from planner.project.scenarios import value_at  # noqa: E402
from planner.registry import get_spec  # noqa: E402

EXAMPLES = ROOT / "examples"
PROGRAMME = EXAMPLES / "funding-for-growth-programme.json"
OUTPUT = EXAMPLES / "funding-for-growth-programme.ffg"
TITLE = "Funding for Growth: the West Midlands and Worcestershire"
DESCRIPTION = (
    "The bundled examples as one project: each run as its source documents give it, and named "
    "what-ifs as scenarios of changes. Built by tools/build_example_project.py."
)


def baseline() -> Project:
    """Every run of the programme file, then the first run of each other example whose model is not there yet."""
    runs, sources = [], {}
    files = [PROGRAMME] if PROGRAMME.exists() else []
    for path in files + sorted(p for p in EXAMPLES.glob("*.json") if p != PROGRAMME):
        scenario_file = load_scenario_file(path)
        models = {r.model for r in runs}
        chosen = (
            scenario_file.runs if path == PROGRAMME else [r for r in scenario_file.runs[:1] if r.model not in models]
        )
        for run in chosen:
            runs.append(run)
            sources[run.name] = run.sources
    return new_project(TITLE, runs, DESCRIPTION, sources, now="")


def first_run(project: Project, model: str):
    return next((r for r in project.runs if r.model == model), None)


def years_from(run, first: int, count: int) -> list[str]:
    """Financial-year labels ("2019-20") from the run's year `first` (0 = its first year)."""
    start = fy_start(run.inputs.get("start_year", get_spec(run.model).field("start_year").default))
    return [fy_label(start + first + i) for i in range(count)]


def capped_rent_path(run) -> list[dict]:
    """The run's own rent path, with rises of 1% a year in the five years of the cap."""
    capped = years_from(run, 7, 5)
    kept = [row for row in value_at(run, "rent_path") if fy_label(fy_start(row["year"])) not in capped]
    rows = kept + [{"year": y, "rate": 0.01} for y in capped]
    return sorted(rows, key=lambda row: fy_start(row["year"]))


def scenarios(project: Project) -> Project:
    """The named what-ifs, each on the first run of its model."""
    hf, brs, hra, lv = (first_run(project, m) for m in ("housing_first", "brs", "hra", "land_value"))
    if hf is not None:
        slower = [{"year": y, "share": share} for y, share in zip(years_from(hf, 0, 4), (0.25, 1.0, 1.0, 0.75))]
        project = add_scenario(
            project,
            "Slower intake",
            "Councils house people more slowly than the bid assumed: "
            "the same 675 people, the last 169 in a fourth year. Illustrative phasing.",
            changes=[(hf.name, "intake", slower)],
        )
        project = add_scenario(
            project,
            "Slower intake, weaker sustainment",
            "Slower intake, and 70% of tenancies sustained a year instead of 80%. Illustrative.",
            based_on="Slower intake",
            changes=[(hf.name, "retention_rate", 0.7)],
        )
    if brs is not None:
        project = add_scenario(
            project,
            "Threshold £70,000",
            "Only hereditaments over £70,000 RV pay, the Crossrail BRS threshold from April 2017.",
            changes=[(brs.name, "threshold", 70000)],
        )
    if hra is not None:
        project = add_scenario(
            project,
            "Rent cap returns",
            "Government caps social rent rises again: 1% a year "
            "for five years from the plan's eighth year, instead of CPI + 1% (as the 2023-24 "
            "ceiling held rents below the formula). The rest of the rent path is kept. "
            "Illustrative.",
            changes=[(hra.name, "rent_path", capped_rent_path(hra))],
        )
    if lv is not None and value_at(lv, "sites"):
        project = add_scenario(
            project,
            "No site value uplift",
            "Land value capture from rates and the tariff alone: no site is sold or developed with uplift captured.",
            changes=[(lv.name, "sites", [])],
        )
    return project


def build(output: Path = OUTPUT) -> str:
    """Write the project; return "unchanged" or "written"."""
    project = scenarios(baseline())
    if output.exists():
        old = load_project(output)
        kept = replace(
            project, metadata=replace(project.metadata, created=old.metadata.created, modified=old.metadata.modified)
        )
        if dumps_project(kept) == output.read_text(encoding="utf-8"):
            return "unchanged"
        project = replace(project, metadata=replace(project.metadata, created=old.metadata.created))
    now = utc_now()
    meta = project.metadata
    save_project(replace(project, metadata=replace(meta, created=meta.created or now, modified=now)), output)
    return "written"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"default: {OUTPUT.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    try:
        print(f"{args.output}: {build(args.output)}")
    except PlannerError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
