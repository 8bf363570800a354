"""Cell values read straight from a workbook's XML, for when openpyxl cannot open it.

openpyxl builds every style object of a workbook before it gives a single value, so a stylesheet
it does not understand (a fill with no pattern, a font size that is not a number, a style index
past the end of a list), or a part the workbook names but does not hold, stops it. The import
needs the values only: this reads each sheet's cells, the shared strings they refer to and, from
the stylesheet, only which styles are dates (so a date is still read as a date; if even that
cannot be read, dates read as the numbers Excel keeps them as, and `styles_read` is False).

The parts were checked by planner.excel.guard; they are parsed with defusedxml, as openpyxl's are.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from xml.etree.ElementTree import Element

from planner.errors import FileFormatError

_SAVE = "open it in Excel and save it again"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attribute(element: Element, name: str) -> str | None:
    """An attribute by its local name (r:id and id alike)."""
    return next((v for k, v in element.attrib.items() if _local(k) == name), None)


def _text(element: Element) -> str:
    """A string item's text: its own <t>, or its runs' <t>s; never the phonetic guide (<rPh>)."""
    return "".join(
        t.text or ""
        for child in element
        if _local(child.tag) in ("t", "r")
        for t in child.iter()
        if _local(t.tag) == "t"
    )


class Values:
    """The workbook's worksheets by name, each read as (values, formulas), rows of tuples from row 1."""

    def __init__(self, data: bytes, name: str, max_rows: int, max_cols: int) -> None:
        self.name, self.max_rows, self.max_cols = name, max_rows, max_cols
        self.archive = zipfile.ZipFile(io.BytesIO(data))
        self.parts = {n.casefold(): n for n in self.archive.namelist()}
        book = self._xml("xl/workbook.xml", "the list of its sheets")
        targets = self._relationships("xl/workbook.xml")
        self.sheets: dict[str, str] = {}
        for sheet in (e for e in book.iter() if _local(e.tag) == "sheet"):
            rel_type, part = targets.get(_attribute(sheet, "id"), ("", ""))
            if rel_type.endswith("/worksheet") and part.casefold() in self.parts:  # as openpyxl: no part, no sheet
                self.sheets[sheet.get("name", "")] = self.parts[part.casefold()]
        self.sheetnames = list(self.sheets)
        pr = next((e for e in book.iter() if _local(e.tag) == "workbookPr"), None)
        self.mac = pr is not None and pr.get("date1904", "").lower() in ("1", "true")
        strings = [part for kind, part in targets.values() if kind.endswith("/sharedStrings")]
        self.strings = self._strings(strings[0]) if strings and strings[0].casefold() in self.parts else None
        self.dates, self.durations, self.styles_read = self._date_styles(
            [part for kind, part in targets.values() if kind.endswith("/styles")]
        )

    def _xml(self, part: str, what: str) -> Element:
        from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped]  # defusedxml ships no stubs

        if part.casefold() not in self.parts:
            raise FileFormatError(
                f"{self.name}: cannot be read as an Excel workbook: it has no {part} ({what}); {_SAVE}"
            )
        return fromstring(self.archive.read(self.parts[part.casefold()]), forbid_dtd=True)

    def _relationships(self, part: str) -> dict[str | None, tuple[str, str]]:
        """{id: (type, part)} of a part's relationships, targets resolved against the part's folder."""
        folder, base = posixpath.split(part)
        rels = self._xml(f"{folder}/_rels/{base}.rels", "which says where its sheets are")
        out: dict[str | None, tuple[str, str]] = {}
        for rel in (e for e in rels.iter() if _local(e.tag) == "Relationship"):
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            out[rel.get("Id")] = (rel.get("Type", ""), posixpath.normpath(path))
        return out

    def _strings(self, part: str) -> list[str]:
        root = self._xml(part, "the text its cells share")
        return [_text(si) for si in root if _local(si.tag) == "si"]

    def _date_styles(self, parts: list[str]) -> tuple[set, set, bool]:
        """The style indexes that show a date (and a duration); best effort, as any style may be odd."""
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

        try:
            root = self._xml(parts[0], "its formatting")
            codes = {int(e.get("numFmtId", "")): e.get("formatCode") for e in root.iter() if _local(e.tag) == "numFmt"}
            xfs = next(e for e in root if _local(e.tag) == "cellXfs")
            formats = [codes.get(n, BUILTIN_FORMATS.get(n)) for n in (int(xf.get("numFmtId", 0)) for xf in xfs)]
        except Exception:  # no stylesheet, or one past reading: dates read as their serial numbers
            return set(), set(), False
        dates = {i for i, f in enumerate(formats) if is_date_format(f)}
        return dates, {i for i, f in enumerate(formats) if is_timedelta_format(f)}, True

    def read(self, sheet: str) -> tuple[list[tuple], list[tuple]]:
        """The sheet's saved values and, where a cell holds a formula, its formula ('=...'), by row."""
        from defusedxml.ElementTree import iterparse
        from openpyxl.utils.cell import coordinate_to_tuple

        values: dict[int, dict[int, object]] = {}
        formulas: dict[int, dict[int, object]] = {}
        row = column = 0
        with self.archive.open(self.sheets[sheet]) as source:
            for event, element in iterparse(source, ("start", "end"), forbid_dtd=True):
                tag = _local(element.tag)
                if event == "start":
                    if tag == "row":  # a row without its number follows the one before
                        row, column = int(element.get("r") or row + 1), 0
                    continue
                if tag == "row":
                    element.clear()
                elif tag == "c":
                    ref = element.get("r")
                    row, column = coordinate_to_tuple(ref) if ref else (row, column + 1)
                    if row > self.max_rows:
                        break
                    if column <= self.max_cols:
                        values.setdefault(row, {})[column], formulas.setdefault(row, {})[column] = self._cell(element)
                    element.clear()
        return _rows(values), _rows(formulas)

    def _cell(self, cell: Element) -> tuple[object, object]:
        """(the value Excel saved, the formula or else that value), as openpyxl reads them."""
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

        kind, style = cell.get("t", "n"), int(cell.get("s", 0) or 0)
        children = {_local(c.tag): c for c in cell}
        raw = children["v"].text if "v" in children else None
        value: object = None
        if kind == "inlineStr":
            value = _text(children["is"]) if "is" in children else None
        elif raw is None or raw == "":
            value = None
        elif kind == "n":
            value = float(raw) if any(c in raw for c in ".eE") else int(raw)
            if style in self.dates:
                epoch = CALENDAR_MAC_1904 if self.mac else CALENDAR_WINDOWS_1900
                try:
                    value = from_excel(value, epoch, timedelta=style in self.durations)
                except (OverflowError, ValueError):
                    value = "#VALUE!"
        elif kind == "s":
            value = self._shared(int(raw))
        elif kind == "b":
            value = bool(int(raw))
        elif kind == "d":
            value = from_ISO8601(raw)
        else:  # "str" (a formula's text) and "e" (an error such as #REF!)
            value = raw
        formula = children.get("f")
        return value, value if formula is None else "=" + (formula.text or "")

    def _shared(self, index: int) -> str:
        if self.strings is None or not 0 <= index < len(self.strings):
            raise FileFormatError(
                f"{self.name}: cannot be read as an Excel workbook: its cells refer to text (shared strings) "
                f"the file does not hold; {_SAVE}"
            )
        return self.strings[index]

    def close(self) -> None:
        self.archive.close()


def _rows(cells: dict[int, dict[int, object]]) -> list[tuple]:
    if not cells:
        return []
    width = max(max(row) for row in cells.values())
    return [tuple(cells.get(r, {}).get(c) for c in range(1, width + 1)) for r in range(1, max(cells) + 1)]
