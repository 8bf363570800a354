"""The .ffg project file: migrations, strict reading, deterministic atomic saves, recovery files."""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner import __version__
from planner.errors import FileFormatError, PlannerError
from planner.project import appdata
from planner.project.document import add_scenario, set_assumption, set_change
from planner.project.migrations import SCHEMA_VERSION, migrate, steps, v1_to_v2
from planner.project.project_file import dumps_project, load_project, parse_project, save_project, write_atomic
from planner.registry import get_spec
from tests.planner.test_project import operations

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "project"
HF = get_spec("housing_first")


def v2_data() -> dict:
    return json.loads((FIXTURES / "v2.ffg").read_text(encoding="utf-8"))


# ---- migrations -----------------------------------------------------------------------------


def test_steps_are_registered_for_every_version_in_order():
    assert [v for v, _ in steps()] == list(range(1, SCHEMA_VERSION))
    assert steps()[0][1] is v1_to_v2


def test_a_v1_scenario_file_becomes_a_project_with_its_runs_as_the_baseline():
    project = load_project(FIXTURES / "v1.json")
    assert [r.name for r in project.runs] == ["Pilot"] and project.scenarios == ()
    assert project.runs[0].inputs["councils"][1] == {
        "name": "Walsall",
        "units_per_year": 20,
        "hf_support": 450000,
        "other_support": 150000,
    }
    log = project.assumptions["Pilot"]
    assert log["award"].source == "Award letter, 1 April 2018"
    assert log["councils[Dudley].units_per_year"].source == "Dudley's delivery plan"
    assert log["retention_rate"].source == HF.field("retention_rate").source  # a default carries its declaration's
    assert project.metadata.created.endswith("Z") and project.metadata.created == project.metadata.modified
    assert project.evaluate()["Pilot"].trial(0).summary["total_cost"] == pytest.approx(486_000)


def test_v1_to_v2_step_by_itself():
    data = json.loads((FIXTURES / "v1.json").read_text(encoding="utf-8"))
    out = v1_to_v2(copy.deepcopy(data), "v1.json")
    assert out["schema_version"] == 2 and out["scenarios"] == []
    assert out["baseline"][0]["inputs"] == data["runs"][0]["inputs"]
    assert migrate(copy.deepcopy(data), "v1.json") == out
    bad = copy.deepcopy(data)
    bad["runs"][0]["sources"]["colour"] = "blue"
    with pytest.raises(
        FileFormatError,
        match=r"v1.json: runs\[1\].sources.colour: model housing_first has no "
        r"input 'colour'",
    ):
        v1_to_v2(bad, "v1.json")


def test_the_v2_fixture_loads():
    project = load_project(FIXTURES / "v2.ffg")
    assert project.metadata.author == "A. Finance Officer"
    assert project.metadata.modified == "2024-05-02T16:05:00Z"
    assert project.scenario("Dearer support, Dudley slower").based_on == "Dearer support"
    assert project.assumptions["Pilot"]["councils[Dudley].units_per_year"].owner == "Dudley MBC"


def test_a_newer_file_is_refused_with_what_to_do():
    with pytest.raises(FileFormatError) as err:
        load_project(FIXTURES / "newer-schema.ffg")
    assert err.value.problems == [
        f"{FIXTURES / 'newer-schema.ffg'}: this file was saved by a newer planner "
        f"(schema 3); version {__version__} of the planner reads schema up to 2 — update "
        f"the planner"
    ]


# ---- strict reading: every message names its key path -----------------------------------------


@pytest.mark.parametrize(
    "name, message",
    [
        ("bad-unknown-key.ffg", "scenarios[2].changes[1].colour: unknown key; allowed keys are run, path, value"),
        ("bad-wrong-type.ffg", "scenarios[2].changes[1].path: an input path must be text"),
    ],
)
def test_bad_fixture_files(name, message):
    with pytest.raises(FileFormatError) as err:
        load_project(FIXTURES / name)
    assert err.value.problems == [f"{FIXTURES / name}: {message}" + err.value.problems[0].split(message, 1)[1]]


def _broken(edit) -> list[str]:
    data = v2_data()
    edit(data)
    with pytest.raises(FileFormatError) as err:
        parse_project(data, "p.ffg")
    return err.value.problems


@pytest.mark.parametrize(
    "edit, expected",
    [
        (lambda d: d.update(colour="red"), "p.ffg: colour: unknown key"),
        (lambda d: d.pop("baseline"), "p.ffg: baseline: missing; this key is required"),
        (lambda d: d.update(title=5), "p.ffg: title: must be text, not a number (5)"),
        (lambda d: d.update(created="yesterday"), "p.ffg: created: 'yesterday' is not a UTC time"),
        (lambda d: d.update(created="2024-05-01T09:30:00+01:00"), "p.ffg: created: '2024-05-01T09:30:00+01:00' is not"),
        (lambda d: d["baseline"][0].update(model="magic"), "p.ffg: baseline[1].model: 'magic' is not a model"),
        (lambda d: d["baseline"][0].update(inputs=[]), "p.ffg: baseline[1].inputs: must be an object of named inputs"),
        (lambda d: d["baseline"].append(d["baseline"][0]), "p.ffg: baseline: run name 'Pilot' is used more than once"),
        (lambda d: d.update(scenarios={}), "p.ffg: scenarios: must be a list of scenarios, not an object"),
        (lambda d: d["scenarios"][1].update(based_on="Nope"), "p.ffg: scenarios[2].based_on: 'Nope' is not a scenario"),
        (
            lambda d: d["scenarios"][0].update(based_on="Dearer support, Dudley slower"),
            "p.ffg: scenarios[1].based_on: the chain of based_on forms a loop (Dearer support → Dearer support, Dudley "
            "slower → Dearer support)",
        ),
        (lambda d: d["scenarios"][1].update(name="Dearer support"), "p.ffg: scenarios[2].name: 'Dearer support' names"),
        (lambda d: d["scenarios"][1].update(name="Baseline"), "p.ffg: scenarios[2].name: 'Baseline' cannot name"),
        (
            lambda d: d["scenarios"][1]["changes"][0].update(run="Other"),
            "p.ffg: scenarios[2].changes[1].run: 'Other' is not a run of the baseline",
        ),
        (
            lambda d: d["scenarios"][1]["changes"][1].update(path="intake[1]"),
            "p.ffg: scenarios[2].changes[2].path: 'intake[1]' is not an input path",
        ),
        (lambda d: d["scenarios"][1]["changes"][1].pop("value"), "p.ffg: scenarios[2].changes[2].value: missing"),
        (
            lambda d: d["assumptions"]["Pilot"]["award"].update(date="1 April"),
            "p.ffg: assumptions[Pilot][award].date: '1 April' is not a date",
        ),
        (
            lambda d: d["assumptions"]["Pilot"]["award"].update(owner=None),
            "p.ffg: assumptions[Pilot][award].owner: must be text, not null",
        ),
        (
            lambda d: d["assumptions"]["Pilot"].update(colour={}),
            "p.ffg: assumptions[Pilot][colour]: model housing_first has no input 'colour'",
        ),
        (
            lambda d: d["assumptions"].update(Other={}),
            "p.ffg: assumptions[Other]: 'Other' is not a run of the baseline",
        ),
    ],
)
def test_unknown_keys_and_wrong_types_name_the_key_path(edit, expected):
    problems = _broken(edit)
    assert len(problems) == 1 and problems[0].startswith(expected), problems


def test_every_problem_is_listed():
    def edit(d):
        d["title"] = []
        d["scenarios"][0]["changes"][0]["path"] = "nothing"
        d["assumptions"]["Pilot"]["award"]["note"] = 1

    assert [p.split(":")[1].strip() for p in _broken(edit)] == [
        "scenarios[1].changes[1].path",
        "assumptions[Pilot][award].note",
        "title",
    ]


# ---- deterministic, atomic saves ----------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(operations(), st.text(max_size=20), st.sampled_from(["", "2018-09-06"]))
def test_save_load_save_is_byte_identical(tmp_path_factory, project, note, date):
    project = set_assumption(project, "A", "councils[Dudley].units_per_year", note=note, date=date)
    folder = tmp_path_factory.mktemp("round")
    save_project(project, folder / "a.ffg")
    loaded = load_project(folder / "a.ffg")
    save_project(loaded, folder / "b.ffg")
    assert (folder / "a.ffg").read_bytes() == (folder / "b.ffg").read_bytes()
    assert loaded == replace(project, metadata=replace(project.metadata, application_version=__version__))


def test_output_is_sorted_where_order_carries_no_meaning():
    text = dumps_project(load_project(FIXTURES / "v2.ffg"))
    data = json.loads(text)
    assert list(data) == [
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
    ]
    inputs = data["baseline"][0]["inputs"]
    assert list(inputs) == sorted(inputs) and list(inputs["councils"][0]) == sorted(inputs["councils"][0])
    assert [r["name"] for r in inputs["councils"]] == ["Dudley", "Walsall"]  # rows keep their order
    assert list(data["scenarios"][1]["changes"][0]) == ["run", "path", "value"]
    assert text.endswith("}\n") and '\n  "baseline": [\n    {\n' in text and "£1m" in text


def test_a_failed_save_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    project = load_project(FIXTURES / "v2.ffg")
    target = tmp_path / "p.ffg"
    save_project(project, target)
    before = target.read_bytes()

    def broken(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(PlannerError, match="p.ffg: cannot be saved \\(No space left on device\\)"):
        save_project(set_change(project, "Dearer support", "Pilot", "award", 2_000_000), target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.ffg"]


def _crash_writer():
    path = FIXTURES / "crash_writer.py"
    spec = importlib.util.spec_from_file_location("crash_writer", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return path, module


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the kill test forks its writers (POSIX)")
def test_killed_while_saving_the_file_is_the_old_or_the_new_project(tmp_path):
    """SIGKILL a process saving A, B, A, B, ... at 120 random moments: the file is always A or B, whole."""
    path, writer = _crash_writer()
    expected = {dumps_project(writer.project(v)).encode("utf-8") for v in (0, 1)}
    target = tmp_path / "big.ffg"
    started = time.perf_counter()
    save_project(writer.project(0), tmp_path / "timing.ffg")
    cycle = 3 * (time.perf_counter() - started)  # kill anywhere in a save of B, one of A, and between
    rng = random.Random(20240501)
    server = subprocess.Popen(
        [sys.executable, str(path), str(target)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    seen = set()
    try:
        for kill in range(120):
            server.stdin.write("go\n")
            server.stdin.flush()
            pid = int(server.stdout.readline())
            time.sleep(rng.uniform(0.0, cycle))
            os.kill(pid, signal.SIGKILL)
            assert server.stdout.readline() == "reaped\n"
            data = target.read_bytes()
            assert data in expected, f"after kill {kill} the file is neither the old nor the new project"
            seen.add(data)
            if kill % 10 == 9 and len(seen) < 2:  # saves slower than measured (a busy machine): wait longer
                cycle *= 2
    finally:
        server.stdin.close()
        server.wait(timeout=10)
    assert seen == expected, "every kill landed in the same save"  # so the kills did hit the whole cycle
    assert load_project(target).title in {"Crash test project 0", "Crash test project 1"}


def test_write_atomic_replaces_whole(tmp_path):
    target = tmp_path / "x.ffg"
    write_atomic(target, b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and [p.name for p in tmp_path.iterdir()] == ["x.ffg"]


# ---- the application-data folder and recovery files ------------------------------------------------


def test_data_folder_by_platform(tmp_path):
    home = Path.home()
    assert appdata.data_folder({"FFG_PLANNER_DATA": "/data/ffg"}, "linux") == Path("/data/ffg")
    assert (
        appdata.data_folder({"APPDATA": r"C:\Users\a\AppData\Roaming"}, "win32")
        == Path(r"C:\Users\a\AppData\Roaming") / "FundingForGrowthPlanner"
    )
    assert appdata.data_folder({}, "linux") == home / ".local" / "share" / "funding-for-growth-planner"
    assert appdata.data_folder({"XDG_DATA_HOME": "/xdg"}, "linux") == Path("/xdg/funding-for-growth-planner")
    assert appdata.data_folder({}, "darwin") == home / ".local" / "share" / "funding-for-growth-planner"


def test_recovery_defaults_to_the_data_folder_kept_off_the_real_one_by_conftest(tmp_path):
    snapshot = appdata.write_recovery(load_project(FIXTURES / "v2.ffg"), None)
    assert snapshot.parent == Path(os.environ["FFG_PLANNER_DATA"]) / "recovery"
    assert appdata.find_recovery(None) == snapshot  # a project never saved: the snapshot is all there is
    appdata.discard_recovery(None)
    assert appdata.find_recovery(None) is None


def test_a_snapshot_newer_than_the_file_is_found_until_the_file_is_saved(tmp_path):
    project = load_project(FIXTURES / "v2.ffg")
    original, folder = tmp_path / "work" / "plan.ffg", tmp_path / "recovery"
    original.parent.mkdir()
    save_project(project, original)
    assert appdata.find_recovery(original, folder) is None
    edited = add_scenario(project, "Unsaved")
    snapshot = appdata.write_recovery(edited, original, folder)
    assert appdata.find_recovery(original, folder) == snapshot
    assert load_project(snapshot).scenario_names[-1] == "Unsaved"
    assert appdata.recovery_path(tmp_path / "other" / "plan.ffg", folder) != snapshot  # same name, other folder
    time.sleep(0.01)
    save_project(edited, original)
    os.utime(original, ns=(time.time_ns(), time.time_ns()))  # a later save, whatever the clock's grain
    assert appdata.find_recovery(original, folder) is None
    appdata.discard_recovery(original, folder)
    assert not snapshot.exists() and list(folder.iterdir()) == []


# ---- damaged files and permissions ----------------------------------------------------------


def test_a_file_cut_short_is_called_damaged_at_its_line(tmp_path):
    whole = (FIXTURES / "v2.ffg").read_text(encoding="utf-8")
    lines = whole.splitlines(keepends=True)
    cut = tmp_path / "cut.ffg"
    cut.write_text("".join(lines[:44]), encoding="utf-8")
    with pytest.raises(FileFormatError) as got:
        load_project(cut)
    assert got.value.problems == [f"{cut}: the file is damaged at line 45: it may have been cut short"]
    edited = tmp_path / "edited.ffg"
    edited.write_text("".join(lines[:9] + ["@@\n"] + lines[9:]), encoding="utf-8")
    with pytest.raises(FileFormatError, match="damaged at line 10: something other than the planner may have changed"):
        load_project(edited)
    empty = tmp_path / "empty.ffg"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(FileFormatError, match="the file is empty"):
        load_project(empty)


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
def test_saved_files_get_the_umask_mode_or_keep_the_old_files(tmp_path):
    from planner.project import atomic

    new = tmp_path / "new.ffg"
    write_atomic(new, b"{}")
    assert new.stat().st_mode & 0o777 == 0o666 & ~atomic._UMASK  # not mkstemp's 0600
    os.chmod(new, 0o640)
    write_atomic(new, b"{ }")
    assert new.stat().st_mode & 0o777 == 0o640 and new.read_bytes() == b"{ }"
