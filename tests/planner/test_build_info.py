"""What ships: the versions listed by `planner --version --verbose` and Help > About, against the lock."""

from __future__ import annotations

from importlib import metadata

import openpyxl
import pytest

from planner import __version__, build_info
from planner.cli.main import main
from tests.conftest import ROOT
from tests.packaging_helpers import bundle_test

LOCK = ROOT / "packaging" / "requirements-bundle.txt"


def test_what_the_app_lists_is_exactly_what_the_lock_pins():
    assert {bundle_test.normalised(n) for n in build_info.SHIPPED} == set(bundle_test.lock_pins(LOCK))


def test_every_pin_carries_its_hashes():
    text = LOCK.read_text(encoding="utf-8")
    blocks = [b for b in text.split("\n") if "==" in b and not b.startswith("#")]
    assert blocks and all(b.rstrip().endswith("\\") for b in blocks)  # each pin is followed by --hash lines
    assert text.count("--hash=sha256:") >= 2 * len(blocks)


def test_versions_are_read_from_the_installed_packages():
    listed = dict(build_info.shipped_versions())
    assert listed["openpyxl"] == metadata.version("openpyxl") == openpyxl.__version__
    assert list(listed) == list(build_info.SHIPPED)


def test_a_package_not_installed_is_said_plainly(monkeypatch):
    monkeypatch.setattr(build_info, "SHIPPED", ("numpy", "no-such-distribution-here"))
    assert build_info.shipped_versions() == [
        ("numpy", metadata.version("numpy")),
        ("no-such-distribution-here", build_info.MISSING),
    ]


def test_verbose_version_reads_back_as_the_installed_versions():
    text = build_info.verbose_version()
    assert text.startswith(f"planner {__version__} (from source)\nPython 3.")
    expected = {bundle_test.normalised(n): v for n, v in build_info.shipped_versions()}
    assert bundle_test.listed_versions(text) == expected
    assert text.endswith("Excel import protection (openpyxl.DEFUSEDXML): on")


def test_verbose_version_says_when_excel_import_is_unprotected(monkeypatch):
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    assert build_info.verbose_version().endswith("(openpyxl.DEFUSEDXML): OFF: Excel import is refused")


@pytest.mark.parametrize("argv", [["--version", "--verbose"], ["--verbose", "--version"]])
def test_the_cli_prints_it(argv, capsys):
    assert main(argv) == 0
    assert capsys.readouterr().out == build_info.verbose_version() + "\n"


def test_plain_version_is_unchanged(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out == f"planner {__version__}\n"
