"""What this copy of the planner runs on: the version of every package that ships with it.

The versions are read from the installed packages' metadata at run time (the bundle carries it:
build.spec copies it in), so what is shown is what runs, not what a build file once said. SHIPPED
is the set pinned, with hashes, in packaging/requirements-bundle.txt (a test keeps the two equal);
Help > About and `planner --version --verbose` list them, so IT can check an install against the lock.
"""

from __future__ import annotations

import platform
import sys
from importlib import metadata

from planner import __version__

# The distributions in the bundle: what pyproject.toml asks for, then what those bring in.
SHIPPED = (
    "numpy",
    "numpy-financial",
    "pandas",
    "openpyxl",
    "defusedxml",
    "PySide6-Essentials",
    "shiboken6",
    "pyqtgraph",
    "python-dateutil",
    "tzdata",
    "et-xmlfile",
    "colorama",
)
MISSING = "not installed"


def shipped_versions() -> list[tuple[str, str]]:
    """(distribution, version) for each of SHIPPED, the version as installed or MISSING."""
    found = []
    for name in SHIPPED:
        try:
            found.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            found.append((name, MISSING))
    return found


def excel_import_protected() -> bool:
    """Whether openpyxl parses workbooks through defusedxml (imports are refused otherwise)."""
    import openpyxl

    return bool(getattr(openpyxl, "DEFUSEDXML", False))


def verbose_version(program: str = "planner") -> str:
    """The version, how this copy runs (a packaged build or the source), and what it runs on."""
    how = "packaged build" if getattr(sys, "frozen", False) else "from source"
    lines = [
        f"{program} {__version__} ({how})",
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}",
    ]
    lines += [f"  {name} {version}" for name, version in shipped_versions()]
    guarded = "on" if excel_import_protected() else "OFF: Excel import is refused"
    lines.append(f"Excel import protection (openpyxl.DEFUSEDXML): {guarded}")
    return "\n".join(lines)
