"""The board pack: the bundled example project (every model; the Baseline and five scenarios)
built and saved, against its target; and what building it costs beside saving it (openpyxl's
XML writer takes most of the time)."""

from __future__ import annotations

import io
import time
from pathlib import Path

from benchmarks.timing import row
from planner.excel.board_pack.export import build_board_pack
from planner.project.project_file import load_project

PROJECT = Path(__file__).resolve().parent.parent / "examples" / "funding-for-growth-programme.ffg"
TARGET = 3.0


def cases() -> list[tuple[str, object, float | None]]:
    project = load_project(PROJECT)
    scenarios = len(project.scenarios)

    def export() -> None:
        buffer = io.BytesIO()
        build_board_pack(project).workbook.save(buffer)

    return [
        (
            f"board pack: {scenarios} scenarios and the Baseline, {len(project.runs)} models, built and saved",
            export,
            TARGET,
        )
    ]


def rows() -> list[dict]:
    """Where the time goes (one measured build, one save), and the cells written."""
    project = load_project(PROJECT)
    build_board_pack(project)  # warm imports
    start = time.perf_counter()
    pack = build_board_pack(project)
    built = time.perf_counter() - start
    start = time.perf_counter()
    pack.workbook.save(io.BytesIO())
    saved = time.perf_counter() - start
    cells = sum(len(ws._cells) for ws in pack.workbook.worksheets)
    return [
        row("board pack: building the workbook (of the above)", built, None),
        row("board pack: openpyxl saving it (of the above)", saved, None),
        row("board pack: cells written", None, None, "", f"{cells:,} ({len(pack.expected):,} formulas)"),
    ]
