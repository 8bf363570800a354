"""Fixtures for the Excel tests: the example project (kept open, to show imports never touch it)
and a writer that saves generated workbook bytes as "inputs.xlsx"."""

from __future__ import annotations

import pytest

from planner.project.project_file import dumps_project, load_project
from tests.excel.corpus import EXAMPLE, FILE


@pytest.fixture(scope="session")
def example():
    return load_project(EXAMPLE)


@pytest.fixture
def open_project(example):
    """The project a user has open while importing; each test checks it is unchanged afterwards."""
    before = dumps_project(example)
    yield example
    assert dumps_project(example) == before


@pytest.fixture
def save(tmp_path):
    def write(data: bytes, name: str = FILE):
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return write
