"""Workbooks made by the tests: templates generated from the declarations, and an editor that
patches their XML (fast enough to make a few hundred variants in a test run).

    template(base)   'project' (the example project), 'defaults' (every model) or a model key
    Xlsx(data)       .cells(sheet, {"C9": value}), .rename(sheet, new), .drop(sheet), .build(parts)
    index(base)      where the template put each sheet, input row and column
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Callable
from html import escape, unescape
from pathlib import Path
from typing import NamedTuple

from planner.excel.template import META, build_template, template_project
from planner.project.project_file import load_project

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "funding-for-growth-programme.ffg"
FILE = "inputs.xlsx"


class Formula(NamedTuple):
    text: str
    cached: object = None


class Error(NamedTuple):
    code: str


@functools.cache
def template(base: str) -> bytes:
    """'project' (the example project), 'defaults' (every model) or a model key (that model alone)."""
    project = load_project(EXAMPLE) if base == "project" else template_project(None if base == "defaults" else [base])
    out = io.BytesIO()
    build_template(project).save(out)
    return out.getvalue()


def zip_parts(parts: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method, compresslevel=1) as z:  # fast: hundreds of these are built
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


class Xlsx:
    """A workbook's parts, and copies of it with cells, sheets or parts changed."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            self.parts = {i.filename: z.read(i) for i in z.infolist()}
        rels = self.parts["xl/_rels/workbook.xml.rels"].decode()
        targets = {}
        for rel in re.findall(r"<Relationship [^>]*/>", rels):
            targets[re.search(r'Id="([^"]+)"', rel)[1]] = re.search(r'Target="([^"]+)"', rel)[1].lstrip("/")
        book = self.parts["xl/workbook.xml"].decode()
        self.sheets = {
            unescape(n): targets[i] for n, i in re.findall(r'<sheet name="([^"]*)"[^>]*r:id="([^"]+)"', book)
        }

    def build(self, changed: dict | None = None, dropped=()) -> bytes:
        parts = {k: v for k, v in self.parts.items() if k not in dropped}
        parts.update(changed or {})
        return zip_parts(parts)

    def cells(self, sheet: str, values: dict) -> bytes:
        """A copy with these cells ("C9": value) set; value None empties a cell."""
        part = self.sheets[sheet]
        xml = self.parts[part].decode()
        for ref, value in values.items():
            xml = set_cell(xml, ref, cell_xml(ref, value))
        return self.build({part: xml.encode()})

    def workbook_xml(self, edit: Callable[[str], str]) -> bytes:
        return self.build({"xl/workbook.xml": edit(self.parts["xl/workbook.xml"].decode()).encode()})

    def rename(self, sheet: str, new: str) -> bytes:
        return self.workbook_xml(
            lambda x: x.replace(f'<sheet name="{escape(sheet, False)}"', f'<sheet name="{escape(new, False)}"')
        )

    def drop(self, sheet: str) -> bytes:
        return self.workbook_xml(lambda x: re.sub(rf'<sheet name="{re.escape(escape(sheet, False))}"[^>]*/>', "", x))


def cell_xml(ref: str, value) -> str:
    if value is None:
        return f'<c r="{ref}"/>'
    if isinstance(value, Formula):
        cached = "" if value.cached is None else f"<v>{value.cached}</v>"
        return f'<c r="{ref}"><f>{escape(value.text, False)}</f>{cached}</c>'
    if isinstance(value, Error):
        return f'<c r="{ref}" t="e"><v>{escape(value.code, False)}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value), False)}</t></is></c>'


def _column_number(ref: str) -> int:
    n = 0
    for ch in re.match(r"[A-Z]+", ref)[0]:
        n = n * 26 + ord(ch) - 64
    return n


def set_cell(xml: str, ref: str, new: str) -> str:
    """Replace a cell element, or add it to its row (adding the row) in order."""
    found = re.search(rf'<c r="{ref}"(?:[^>]*?/>|[^>]*?>.*?</c>)', xml, re.S)
    if found:
        return xml[: found.start()] + new + xml[found.end() :]
    row = int(re.search(r"\d+", ref)[0])
    match = re.search(rf'<row r="{row}"[^>]*?(/>|>(.*?)</row>)', xml, re.S)
    if match is None:
        later = [m for m in re.finditer(r'<row r="(\d+)"', xml) if int(m[1]) > row]
        at = later[0].start() if later else xml.index("</sheetData>") if "</sheetData>" in xml else None
        if at is None:
            return xml.replace("<sheetData />", f'<sheetData><row r="{row}">{new}</row></sheetData>')
        return xml[:at] + f'<row r="{row}">{new}</row>' + xml[at:]
    if match[1] == "/>":
        return xml[: match.start()] + f'<row r="{row}">{new}</row>' + xml[match.end() :]
    body_start = match.start(2)
    for cell in re.finditer(r'<c r="([A-Z]+)\d+"', match[2]):
        if _column_number(cell[1]) > _column_number(ref):
            return xml[: body_start + cell.start()] + new + xml[body_start + cell.start() :]
    return xml[: match.end(2)] + new + xml[match.end(2) :]


class Index:
    """Where the template put things: each sheet's layout entry, input rows and columns."""

    def __init__(self, data: bytes) -> None:
        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(data))
        meta = [[c.value for c in row] for row in wb[META].iter_rows(min_row=5)]
        self.layout = [dict(zip(("sheet", "kind", "run", "model", "table", "scenario"), r)) for r in meta if r[0]]
        self.rows, self.cols = {}, {}
        for e in self.layout:
            ws = wb[e["sheet"]]
            if e["kind"] == "run":
                self.rows[e["sheet"]] = {
                    ws.cell(r, 1).value: r for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value
                }
                self.cols[e["sheet"]] = {ws.cell(4, c).value: c for c in range(1, ws.max_column + 1)}
            elif e["kind"] == "table":
                self.cols[e["sheet"]] = {ws.cell(3, c).value: c for c in range(1, ws.max_column + 1)}
                self.rows[e["sheet"]] = {"first": 5, "count": ws.max_row - 4}
        self.sheetnames = wb.sheetnames

    def sheet(self, kind: str, run: str | None = None, table: str | None = None, scenario: str = "Baseline") -> str:
        for e in self.layout:
            if (
                e["kind"] == kind
                and (run is None or e["run"] == run)
                and (table is None or e["table"] == table)
                and (e["scenario"] or "Baseline") == scenario
            ):
                return e["sheet"]
        raise KeyError((kind, run, table, scenario))

    def ref(self, sheet: str, key: str, column="value") -> str:
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(self.cols[sheet][column])}{self.rows[sheet][key]}"


@functools.cache
def index(base: str) -> Index:
    return Index(template(base))


class Case(NamedTuple):
    id: str
    base: str
    make: Callable  # (Xlsx, Index) -> (bytes, expected fragment)


def at(sheet: str, ref: str | None = None, what: str | None = None) -> str:
    return f"{FILE}, sheet '{sheet}'" + (f", cell {ref}" if ref else "") + (f" ({what})" if what else "")
