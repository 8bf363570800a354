"""A corpus of malformed and hostile workbooks, generated here, each refused with its message.

Every case is built from a template (tests/excel/corpus.py): wrong types in each input of each
model, Excel error values, formulas Excel never calculated, missing, duplicated and unknown
keys, values out of range, renamed and missing sheets, and files that are not what they claim
to be (not a zip, truncated, missing parts, encrypted, macros, entity bombs, zip bombs). The
time each refusal takes is measured in benchmarks/bench_excel_import.py (house rule: no timed
assertions in tests); memory is checked here, in a child process.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from planner.errors import FileFormatError, PlannerError
from planner.excel.workbook_import import WorkbookWarning, import_workbook
from tests.excel.corpus import FILE, ROOT, Xlsx, build, hostile_cases, template, workbook_cases
from tests.excel.peak import PEAK_MB

CASES = hostile_cases() + workbook_cases()
MEMORY_SAMPLE = (
    "too-big",
    "many-entries",
    "huge-directory",
    "bomb-ratio",
    "bomb-part-size",
    "bomb-total-size",
    "bomb-declared-huge",
    "bomb-declared-small",
    "bomb-lying-stream",
    "entity-laughs-xl/workbook.xml",
    "entity-split",
    "truncated-0.5",
    "ole-encrypted",
    "vba-part",
    "type-hra-weekly_rent",
)


def test_the_corpus_is_large_and_every_case_is_distinct():
    assert len(CASES) >= 200
    assert len({c.id for c in CASES}) == len(CASES)


HOSTILE = {c.id for c in hostile_cases()}
OPENPYXL_NOTICES = {"missing-sheet-part", "missing-rels"}  # well-formed zips whose parts do not fit together


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_refused_with_its_message(case, save, open_project, monkeypatch):
    import openpyxl

    data, expected = build(case)
    path = save(data)
    if case.id in HOSTILE - OPENPYXL_NOTICES:  # refused by the guard, before openpyxl opens the file
        monkeypatch.setattr(openpyxl, "load_workbook", _never)
    with pytest.raises(PlannerError) as refused:
        import_workbook(path)
    assert any(expected in p for p in refused.value.problems), "\n".join(refused.value.problems)
    assert all(p.startswith(FILE) for p in refused.value.problems)


def _never(*args, **kwargs):
    raise AssertionError("openpyxl opened a hostile file")


def test_external_links_are_ignored_with_a_warning(save):
    x = Xlsx(template("brs"))
    link = b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    path = save(x.build({"xl/externalLinks/externalLink1.xml": link}))
    with pytest.warns(
        WorkbookWarning,
        match=r"links to other workbooks \(xl/externalLinks/externalLink1.xml\); the "
        r"links were ignored",
    ):
        project = import_workbook(path)
    assert [r.model for r in project.runs] == ["brs"]


def test_import_refuses_without_defusedxml(save, monkeypatch):
    import openpyxl

    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(FileFormatError, match="the defusedxml package"):
        import_workbook(save(template("brs")))


def test_peak_memory_of_the_worst_files_stays_under_300_mb(tmp_path):
    """In a child process, so the figure is the import's own: the files are written here first."""
    chosen = [c for c in CASES if c.id in MEMORY_SAMPLE]
    assert len(chosen) == len(MEMORY_SAMPLE)
    files = []
    for i, case in enumerate(chosen):
        data, expected = build(case)
        folder = tmp_path / str(i)
        folder.mkdir()
        (folder / FILE).write_bytes(data)
        files.append((str(folder / FILE), expected))
    child = subprocess.run(
        [sys.executable, "-c", _CHILD, json.dumps(files)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert child.returncode == 0, child.stderr
    report = json.loads(child.stdout)
    assert report["refused"] == [True] * len(files), report
    assert report["peak_mb"] < 300, report


_CHILD = (
    PEAK_MB
    + """
import json, sys
from planner.errors import PlannerError
from planner.excel.workbook_import import import_workbook
refused = []
for path, expected in json.loads(sys.argv[1]):
    try:
        import_workbook(path)
        refused.append(False)
    except PlannerError as exc:
        refused.append(any(expected in p for p in exc.problems))
print(json.dumps({"refused": refused, "peak_mb": peak_mb()}))
"""
)


def test_defusedxml_stops_an_entity_bomb_the_guard_let_through(save, monkeypatch):
    """The second layer: with the guard's own DOCTYPE check switched off, openpyxl's defusedxml refuses."""
    import re

    from planner.excel import guard as xlsx_guard
    from tests.excel.corpus import LAUGHS, _doctype

    monkeypatch.setattr(xlsx_guard, "_DECLARATIONS", re.compile(rb"(?!x)x"))
    x = Xlsx(template("brs"))
    path = save(x.build({"xl/workbook.xml": _doctype(x.parts["xl/workbook.xml"], LAUGHS)}))
    with pytest.raises(FileFormatError, match=r"cannot be read as an Excel workbook \(EntitiesForbidden"):
        import_workbook(path)
