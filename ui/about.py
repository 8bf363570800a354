"""Help > About: the version, what the planner is for, and the licences of what it is built on."""

from __future__ import annotations

from PySide6 import __version__ as pyside_version
from PySide6.QtWidgets import QMessageBox, QWidget

from planner import __version__
from planner.build_info import excel_import_protected, shipped_versions

LICENCES = (
    ("PySide6 (Qt for Python)", "LGPL v3", "https://www.qt.io/qt-for-python"),
    ("pyqtgraph", "MIT", "https://www.pyqtgraph.org"),
    ("NumPy", "BSD", "https://numpy.org"),
    ("numpy-financial", "BSD", "https://numpy.org/numpy-financial/"),
    ("pandas", "BSD", "https://pandas.pydata.org"),
    ("openpyxl", "MIT", "https://openpyxl.readthedocs.io"),
    ("defusedxml", "PSF", "https://github.com/tiran/defusedxml"),
)


def about_text() -> str:
    rows = "".join(f"<tr><td>{name}&nbsp;&nbsp;</td><td>{licence}</td></tr>" for name, licence, _url in LICENCES)
    return (
        f"<h3>Funding for Growth Planner {__version__}</h3>"
        "<p>Scenario planning for local-government Funding for Growth: Business Rate Supplements, "
        "land value capture, Housing First grant profiles, the Housing Revenue Account under a "
        "borrowing cap, and whole programmes against an investment plan.</p>"
        "<p>Everything is calculated on this computer; nothing is sent anywhere.</p>"
        f"<p><b>Built with</b> (Qt for Python {pyside_version}):</p><table>{rows}</table>"
        "<p>PySide6 is used under the GNU Lesser General Public License v3; you may replace it "
        "with another build of the same version.</p>"
        f"<p><b>Versions in this copy</b> (as pinned in packaging/requirements-bundle.txt):<br>{versions_text()}</p>"
    )


def versions_text() -> str:
    """Each shipped package's version as installed here, and whether Excel import is protected."""
    shown = ", ".join(f"{name} {version}" for name, version in shipped_versions())
    guard = "on" if excel_import_protected() else "off (Excel import is refused)"
    return f"{shown}. Protection of Excel import (defusedxml): {guard}."


def show_about(parent: QWidget) -> None:
    QMessageBox.about(parent, "About the Funding for Growth Planner", about_text())
