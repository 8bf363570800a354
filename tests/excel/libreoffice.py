"""LibreOffice headless for the Excel tests: recalculate a workbook, or print it to PDF.

Each call starts soffice with a fresh user profile of its own (so it never touches a real one,
and two test workers never share one) whose registrymodifications.xcu tells Calc to
recalculate every formula when it loads an OOXML file (OOXMLRecalcMode 0 = always): openpyxl
writes formulas without cached values, and a stale cache must never pass for a result.
Convert many files in one call: soffice takes seconds to start.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
TIMEOUT = 300


def soffice() -> str:
    """The soffice command, or skip: LibreOffice is a system package (libreoffice-calc-nogui)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
    return found


def write_profile(folder: Path) -> Path:
    """A LibreOffice user profile that recalculates every formula on load."""
    user = folder / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(RECALC_ALWAYS, encoding="utf-8")
    return folder


def convert(files: list[Path], to: str, outdir: Path, profile: Path) -> list[Path]:
    """Convert every file with one soffice run ("xlsx" recalculates; "pdf" prints); returns the outputs."""
    if not files:
        raise ValueError("no files to convert: soffice would wait for a document forever")
    outdir.mkdir(parents=True, exist_ok=True)
    command = [
        soffice(),
        f"-env:UserInstallation={write_profile(profile).resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        to,
        "--outdir",
        str(outdir),
    ] + [str(f) for f in files]
    env = dict(os.environ, HOME=str(profile), SAL_USE_VCLPLUGIN="svp")
    done = _run(command, env)
    outputs = [outdir / (Path(f).stem + "." + to.split(":")[0]) for f in files]
    missing = [p for p in outputs if not p.exists()]
    if done.returncode != 0 or missing:
        raise RuntimeError(f"soffice failed ({done.returncode}); missing {missing}\n{done.stdout}\n{done.stderr}")
    return outputs


def _run(command: list[str], env: dict) -> subprocess.CompletedProcess:
    """soffice in a process group of its own, so a timeout ends soffice.bin too, not just its launcher."""
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True
    )
    try:
        out, err = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def shared(tmp_path_factory, name: str, jobs: dict) -> Path:
    """Run each job (`jobs`: name → fn(folder)) once per test session, even across xdist workers,
    sharing the jobs between the workers that ask; returns the folder holding a subfolder per job.

    pytest-xdist runs a module's tests on both workers, and each would build a module fixture
    of its own: for LibreOffice runs of half a minute that doubles the time. The workers'
    temporary folders share a parent: a worker claims a job by creating its claim file (which
    only one can), runs it, and marks it done; then it waits for the jobs the other took.
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    folder = root / name
    folder.mkdir(exist_ok=True)
    for job, run in jobs.items():
        try:
            os.close(os.open(folder / f"{job}.claim", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            continue  # another worker has it
        try:
            (folder / job).mkdir()
            run(folder / job)
        except BaseException as exc:
            (folder / f"{job}.failed").write_text(f"{type(exc).__name__}: {exc}"[:2000], encoding="utf-8")
            raise
        (folder / f"{job}.done").touch()
    deadline = time.monotonic() + TIMEOUT * 2
    while not all((folder / f"{job}.done").exists() for job in jobs):
        failed = [p.read_text(encoding="utf-8") for p in folder.glob("*.failed")]
        if failed or time.monotonic() > deadline:
            raise RuntimeError(f"a shared job failed or never finished: {failed or 'timed out'}")
        time.sleep(0.2)
    return folder


def recalculate(files: list[Path], tmp: Path) -> list[Path]:
    """Each workbook opened, recalculated and saved again by LibreOffice (in tmp/recalculated)."""
    return convert(files, "xlsx", tmp / "recalculated", tmp / "profile-xlsx")


def to_pdf(files: list[Path], tmp: Path) -> list[Path]:
    return convert(files, "pdf", tmp / "pdf", tmp / "profile-pdf")
