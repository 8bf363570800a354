"""The pieces of `make bundle-test` that can be checked without a bundle (the test itself needs one)."""

from __future__ import annotations

import zipfile

import pytest

from planner.errors import FileFormatError
from planner.excel.template import write_template
from planner.excel.workbook_import import import_workbook
from tests.packaging_helpers import bundle_test


def test_lock_pins_reads_names_and_versions_only(tmp_path):
    lock = tmp_path / "lock.txt"
    lock.write_text(
        "# comment==1\nNumPy==2.4.6 \\\n    --hash=sha256:ab\n    # via pandas\n"
        "python_dateutil==4.0.0 ; python_version >= '3'\nPySide6-Essentials==6.11.3 \\\n",
        encoding="utf-8",
    )
    assert bundle_test.lock_pins(lock) == {"numpy": "2.4.6", "python-dateutil": "4.0.0", "pyside6-essentials": "6.11.3"}


def test_listed_versions_reads_only_the_package_lines():
    text = "planner 0.1.0 (packaged build)\nPython 3.11.7 on Linux\n  numpy 2.4.6\n  PySide6-Essentials 6.11.3\nExcel"
    assert bundle_test.listed_versions(text) == {"numpy": "2.4.6", "pyside6-essentials": "6.11.3"}


def test_the_hostile_workbook_is_refused_from_source(tmp_path):
    """What the bundle test feeds the packaged build: a billion-laughs entity in a worksheet part."""
    template = tmp_path / "t.xlsx"
    write_template(template, None, ["brs"])
    hostile = tmp_path / "hostile.xlsx"
    hostile.write_bytes(bundle_test.with_laughs(template.read_bytes(), "xl/worksheets/sheet2.xml"))
    with zipfile.ZipFile(hostile) as z:
        assert bundle_test.LAUGHS in z.read("xl/worksheets/sheet2.xml")
        assert z.namelist() == zipfile.ZipFile(template).namelist()
    with pytest.raises(FileFormatError) as refused:
        import_workbook(hostile)
    assert any(f"part xl/worksheets/sheet2.xml {bundle_test.ENTITY_REFUSED}" in p for p in refused.value.problems)


def test_left_out_matches_what_the_spec_drops():
    for path in (
        "/_internal/PySide6/Qt/translations/qt_de.qm",
        "/_internal/libwayland-client.so.0",
        "/_internal/pandas/tests/x.py",
    ):
        assert bundle_test.LEFT_OUT.search(path)
    assert not bundle_test.LEFT_OUT.search("/_internal/PySide6/Qt/plugins/platforms/libqxcb.so")
