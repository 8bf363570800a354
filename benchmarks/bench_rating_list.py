"""The rating list: reading a full-scale VOA list entries file (two million entries, made by
tools/make_rating_list.py in a temporary folder) for the seven WMCA councils, in a child process
that reports its own time and peak memory; and the BRS in list mode with 60,000 hereditaments.

Picked up by `python -m benchmarks` like every bench_*.py module.
"""

from __future__ import annotations

import atexit
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from benchmarks.timing import median_seconds, row

ROOT = Path(__file__).resolve().parent.parent
ENTRIES = 2_000_000
WMCA = "4605,4610,4615,4620,4625,4630,4635"
HEREDITAMENTS = 60_000
TRIALS = 10_000


def _inputs(threshold) -> dict:
    from models.brs import SPEC
    from models.brs.rating_list import encode

    rng = np.random.default_rng(11)
    rv = np.round(np.exp(rng.normal(9.5, 1.3, HEREDITAMENTS))).astype(np.int64) * 100
    auth = rng.integers(0, 7, HEREDITAMENTS)
    codes = WMCA.split(",")
    raw = SPEC.defaults()
    raw.update(bands=[], threshold=threshold, rating_list=encode(rv, auth, codes, auth * 0, ["CS"]))
    return raw


def cases() -> list:
    from models.brs import SPEC
    from planner.analysis.montecarlo import monte_carlo
    from planner.project.scenario_file import RunDef

    one = _inputs(50_000.0)
    many = _inputs(np.random.default_rng(2).uniform(20_000, 120_000, TRIALS))
    runs = [RunDef("brs", "brs", one)]
    vary = {"threshold": "uniform(20000, 120000)"}
    return [
        (f"brs list mode: one run, {HEREDITAMENTS:,} hereditaments", lambda: SPEC.run(one), 0.002),
        (f"brs list mode: {TRIALS:,} trials varying the threshold, one call", lambda: SPEC.run(many), 0.1),
        (
            f"brs list mode: Monte Carlo of {TRIALS:,} thresholds, every percentile",
            lambda: monte_carlo(runs, "brs", vary, TRIALS, seed=1),
            0.1,
        ),
    ]


CHILD = """
import json, sys, time
from planner.rating_list import read_rating_list
start = time.perf_counter()
value = read_rating_list(sys.argv[1], sys.argv[2].split(","))
took = time.perf_counter() - start
print(json.dumps({"seconds": took, "peak": peak_mb(), "kept": value["hereditaments"]}))
"""


def rows() -> list[dict]:
    from tests.excel.peak import PEAK_MB

    folder = Path(tempfile.mkdtemp(prefix="bench-rating-list-"))
    atexit.register(shutil.rmtree, folder, True)
    subprocess.run(
        [sys.executable, "tools/make_rating_list.py", str(folder), "--entries", str(ENTRIES)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    path = next(folder.glob("*.zip"))
    done = subprocess.run(
        [sys.executable, "-c", PEAK_MB + CHILD, str(path), WMCA],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    kept = f"{figures['kept']:,} kept"
    return [
        row(f"rating list: read {ENTRIES:,} entries for 7 authorities ({kept})", figures["seconds"], 15.0),
        row("rating list: peak memory of that read", None, None, note="< 500 MB", value=f"{figures['peak']:,.0f} MB"),
    ]


if __name__ == "__main__":  # this module alone: python -m benchmarks.bench_rating_list
    from benchmarks.__main__ import show

    print(show([row(n, median_seconds(fn), t) for n, fn, t in cases()] + rows()))
