"""`make bundle-test`: the built bundle, not the source, put through real work, offline.

    python packaging/bundle_test.py dist/FundingForGrowthPlanner

1. The console `planner` runs every example in examples/ with --json; each result equals the
   source tree's (run with this Python, `python -m planner`).
2. The windowed app starts offscreen, opens the bundled programme example, exports its board pack
   through its own Export action (--export-and-quit) and quits by itself; the pack has the sheets
   the source's `planner export` writes.
3. Both programs report openpyxl.DEFUSEDXML on and list the versions pinned in
   packaging/requirements-bundle.txt (--version --verbose).
4. A workbook with a billion-laughs entity in a sheet part is refused with the source's message.
5. Nothing the app leaves out is there (Qt translations, Wayland, test suites).
Every bundle command runs with no network (`unshare -n` where the kernel allows it). The sizes
(unpacked, tar.gz) and start times are printed and written to dist/bundle-report.json.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "packaging" / "requirements-bundle.txt"
APP, CONSOLE = "FundingForGrowthPlanner", "planner"
TIMEOUT = 300  # seconds for one command: a hang fails the test instead of stalling it
PROTECTED = "Excel import protection (openpyxl.DEFUSEDXML): on"
ENTITY_REFUSED = "declares XML entities or a DOCTYPE"
LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)
LEFT_OUT = re.compile(r"(/translations/|wayland|/tests?/|/pytest|/hypothesis/|/tkinter/)", re.IGNORECASE)


def exe(bundle: Path, name: str) -> Path:
    return bundle / (name + ".exe" if os.name == "nt" else name)


def offline_prefix() -> list[str]:
    """A command prefix that runs a program with no network at all, or [] where none is allowed."""
    for prefix in (["unshare", "-n"], ["unshare", "-rn"]):
        if shutil.which("unshare") and subprocess.run(prefix + ["true"], capture_output=True).returncode == 0:
            return prefix
    return []


def lock_pins(path: Path = LOCK) -> dict[str, str]:
    """{normalised distribution name: version} from a pip-compile lock file."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        found = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", line)
        if found:
            pins[normalised(found.group(1))] = found.group(2)
    return pins


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def listed_versions(text: str) -> dict[str, str]:
    """{normalised name: version} from the package lines of `--version --verbose`."""
    return {normalised(m.group(1)): m.group(2) for m in re.finditer(r"^  (\S+) (\S+)$", text, re.MULTILINE)}


def with_laughs(xlsx: bytes, part: str) -> bytes:
    """The workbook with a billion-laughs DOCTYPE put into one of its parts, after the XML declaration."""
    import io

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == part:
                head, sep, rest = data.partition(b"?>")
                data = head + sep + LAUGHS + rest if sep else LAUGHS + data
            target.writestr(item, data)
    return out.getvalue()


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def tar_gz_size(folder: Path) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "bundle.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(folder, arcname=folder.name)
        return archive.stat().st_size


class Check:
    """Runs the bundle's programs in a clean home with no network, and collects what failed."""

    def __init__(self, bundle: Path, work: Path) -> None:
        self.bundle, self.work = bundle, work
        self.prefix = offline_prefix()
        self.failures: list[str] = []
        self.env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "HOME": str(work / "home"),
            "FFG_PLANNER_DATA": str(work / "appdata"),
            "XDG_CONFIG_HOME": str(work / "config"),
            "XDG_DATA_HOME": str(work / "data"),
        }

    def expect(self, ok: bool, message: str) -> bool:
        print(("ok    " if ok else "FAIL  ") + message)
        if not ok:
            self.failures.append(message)
        return ok

    def bundled(self, name: str, *args: str) -> tuple[subprocess.CompletedProcess, float]:
        started = time.perf_counter()
        done = subprocess.run(
            self.prefix + [str(exe(self.bundle, name)), *args],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            env=self.env,
            cwd=self.work,
        )
        return done, time.perf_counter() - started

    def source(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "planner", *args], capture_output=True, text=True, timeout=TIMEOUT, cwd=ROOT
        )


def check_examples(c: Check) -> dict[str, float]:
    times = {}
    for example in sorted((ROOT / "examples").iterdir()):
        if example.suffix not in (".json", ".ffg"):
            continue
        frozen, seconds = c.bundled(CONSOLE, "run", str(example), "--json")
        times[example.name] = round(seconds, 2)
        source = c.source("run", str(example), "--json")
        same = frozen.returncode == source.returncode == 0 and json.loads(frozen.stdout) == json.loads(source.stdout)
        if not c.expect(same, f"planner run {example.name} --json equals the source's ({seconds:.1f} s)"):
            print(frozen.stderr[-2000:])
    return times


def check_app_export(c: Check) -> float:
    pack = c.work / "pack.xlsx"
    done, seconds = c.bundled(APP, "--export-and-quit", str(pack))
    written = done.returncode == 0 and pack.exists()
    if not c.expect(written, f"the app exported the example's board pack and quit by itself ({seconds:.1f} s)"):
        print(done.stderr[-2000:])
        return seconds
    reference = c.work / "source-pack.xlsx"
    c.source("export", str(ROOT / "examples" / "funding-for-growth-programme.ffg"), str(reference))
    import openpyxl

    sheets = openpyxl.load_workbook(pack, read_only=True).sheetnames
    expected = openpyxl.load_workbook(reference, read_only=True).sheetnames
    c.expect(sheets == expected, f"the pack has the source's {len(expected)} sheets")
    return seconds


def check_versions(c: Check) -> float:
    pins = lock_pins()
    console_start = 0.0
    for name in (CONSOLE, APP):
        done, seconds = c.bundled(name, "--version", "--verbose")
        if name == CONSOLE:
            console_start = seconds
        c.expect(
            PROTECTED in done.stdout and "packaged build" in done.stdout,
            f"{name} --version --verbose: a packaged build with Excel import protection on",
        )
        listed = listed_versions(done.stdout)
        c.expect(listed == pins, f"{name} lists the versions pinned in {LOCK.name}: {listed}")
    return console_start


def check_hostile_import(c: Check) -> None:
    template = c.work / "template.xlsx"
    c.bundled(CONSOLE, "template", str(template), "--model", "brs")
    hostile = c.work / "hostile.xlsx"
    hostile.write_bytes(with_laughs(template.read_bytes(), "xl/worksheets/sheet2.xml"))
    frozen, _ = c.bundled(CONSOLE, "import", str(hostile), str(c.work / "out.ffg"))
    source = c.source("import", str(hostile), str(c.work / "source-out.ffg"))
    c.expect(
        frozen.returncode == 2 and ENTITY_REFUSED in frozen.stderr and frozen.stderr == source.stderr,
        f"a billion-laughs sheet part is refused as from source: {frozen.stderr.strip()}",
    )
    c.expect(not (c.work / "out.ffg").exists(), "and nothing was written")


def check_left_out(c: Check) -> None:
    found = [str(p.relative_to(c.bundle)) for p in c.bundle.rglob("*") if LEFT_OUT.search("/" + p.as_posix())]
    c.expect(not found, f"no Qt translations, Wayland or test suites in the bundle {found[:5]}")


def main(argv: list[str]) -> int:
    bundle = Path(argv[1] if len(argv) > 1 else "dist/FundingForGrowthPlanner").resolve()
    with tempfile.TemporaryDirectory() as tmp:
        c = Check(bundle, Path(tmp))
        print(f"bundle {bundle}; network: {'none (' + ' '.join(c.prefix) + ')' if c.prefix else 'NOT cut off'}")
        report = {"offline": bool(c.prefix), "first_start_s": {}}
        report["first_start_s"]["planner --version"] = round(check_versions(c), 2)
        report["first_start_s"]["app export-and-quit"] = round(check_app_export(c), 2)
        report["planner_run_s"] = check_examples(c)
        check_hostile_import(c)
        check_left_out(c)
        _, warm = c.bundled(APP, "--export-and-quit", str(c.work / "again.xlsx"))
        report["warm_start_s"] = {"app export-and-quit": round(warm, 2)}
    report["unpacked_mb"] = round(folder_size(bundle) / 1e6, 1)
    report["tar_gz_mb"] = round(tar_gz_size(bundle) / 1e6, 1)
    report["failures"] = c.failures
    (bundle.parent / "bundle-report.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(json.dumps(report, indent=1))
    print(f"{'FAILED' if c.failures else 'passed'}: {len(c.failures)} problem(s)")
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
