"""Excel in: importing the template of the example project (all five runs, five scenarios), writing it,
and how long the slowest refusal of the hostile corpus takes, with the peak memory of the worst files."""

from __future__ import annotations

import atexit
import io
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.timing import row

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "funding-for-growth-programme.ffg"


def cases() -> list:
    from planner.excel.template import build_template
    from planner.excel.workbook_import import import_workbook
    from planner.project.project_file import load_project

    project = load_project(EXAMPLE)
    path = Path(tempfile.mkdtemp(prefix="bench-excel-")) / "inputs.xlsx"
    atexit.register(shutil.rmtree, path.parent, True)
    build_template(project).save(path)
    return [
        ("excel: import the example template (5 runs, 5 scenarios)", lambda: import_workbook(path), 1.0),
        ("excel: write the example template", lambda: build_template(project).save(io.BytesIO()), None),
    ]


def rows() -> list[dict]:
    from planner.errors import PlannerError
    from planner.excel.workbook_import import import_workbook
    from tests.excel.corpus import FILE, build, hostile_cases, workbook_cases

    sample = hostile_cases() + workbook_cases()[::5]
    folder = Path(tempfile.mkdtemp(prefix="bench-hostile-"))
    atexit.register(shutil.rmtree, folder, True)
    slowest, worst = 0.0, ""
    for i, case in enumerate(sample):
        path = folder / str(i) / FILE
        path.parent.mkdir()
        path.write_bytes(build(case)[0])
        start = time.perf_counter()
        try:
            import_workbook(path)
        except PlannerError:
            pass
        took = time.perf_counter() - start
        if took > slowest:
            slowest, worst = took, case.id
    return [
        row(f"excel: slowest refusal of {len(sample)} hostile files ({worst})", slowest, 5.0),
        row(
            "excel: peak memory refusing the worst files",
            None,
            None,
            note="< 300 MB",
            value=f"{_peak_mb(folder, sample):,.0f} MB",
        ),
    ]


def _peak_mb(folder: Path, sample: list) -> float:
    """In a child process, so the figure is the import's own."""
    chosen = [
        str(folder / str(i) / "inputs.xlsx")
        for i, c in enumerate(sample)
        if c.id.startswith(("bomb", "too-big", "many-entries", "huge-directory", "entity"))
    ]
    from tests.excel.peak import PEAK_MB

    code = PEAK_MB + (
        "import json, sys\nfrom planner.excel.workbook_import import import_workbook\n"
        "for p in json.loads(sys.argv[1]):\n    try:\n        import_workbook(p)\n"
        "    except Exception:\n        pass\nprint(peak_mb())"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(chosen)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    return float(done.stdout.strip() or "nan")
