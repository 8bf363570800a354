"""The corpus of malformed and hostile workbooks, generated (never committed), and how to build a case.

A case is `Case(id, base, make)`: `make(Xlsx, Index)` returns (bytes, expected message fragment).
The file is always saved as "inputs.xlsx", so messages start with that name.
"""

from __future__ import annotations

import functools

from tests.excel.corpus_cells import (
    assumption_cases,
    error_value_cases,
    formula_cases,
    header_cases,
    key_cases,
    project_sheet_cases,
    range_cases,
    scalar_type_cases,
    sheet_cases,
    table_structure_cases,
    table_type_cases,
)
from tests.excel.corpus_zip import LAUGHS, _doctype, entity_cases, zip_cases
from tests.excel.workbooks import EXAMPLE, FILE, ROOT, Case, Formula, Xlsx, index, template

__all__ = [
    "EXAMPLE",
    "FILE",
    "LAUGHS",
    "ROOT",
    "Case",
    "Formula",
    "Xlsx",
    "_doctype",
    "build",
    "hostile_cases",
    "index",
    "template",
    "workbook_cases",
]


def hostile_cases() -> list[Case]:
    return zip_cases() + entity_cases()


def workbook_cases() -> list[Case]:
    return (
        scalar_type_cases()
        + table_type_cases()
        + error_value_cases()
        + formula_cases()
        + key_cases()
        + range_cases()
        + sheet_cases()
        + table_structure_cases()
        + project_sheet_cases()
        + assumption_cases()
        + header_cases()
    )


@functools.cache
def _parsed(base: str) -> Xlsx:
    return Xlsx(template(base))


def build(case: Case) -> tuple[bytes, str]:
    return case.make(_parsed(case.base), index(case.base))
