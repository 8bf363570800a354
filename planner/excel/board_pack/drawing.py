"""Placing a chart on a sheet with alternative text a screen reader reads.

openpyxl writes a chart's drawing frame with an id and a name only (SpreadsheetDrawing._chart_frame)
and offers no way to set the frame's title and description, the `<xdr:cNvPr title= descr=>` that
Excel shows as Alt Text and a screen reader reads. An anchor of the classes below carries the text
and puts it on the frame when openpyxl hands the frame over while it writes the drawing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, OneCellAnchor, TwoCellAnchor
from openpyxl.drawing.xdr import XDRPositiveSize2D
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.utils.units import cm_to_EMU

if TYPE_CHECKING:
    from openpyxl.chart._chart import ChartBase
    from openpyxl.worksheet.worksheet import Worksheet


class _Alt:
    """Puts (title, description) on the frame openpyxl gives the anchor."""

    alt: tuple[str, str] = ("", "")

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "graphicFrame" and value is not None:
            props = value.nvGraphicFramePr.cNvPr
            props.title, props.descr = self.alt
        super().__setattr__(name, value)


# openpyxl's serialiser reads a class's own element and attribute lists: a subclass names its parent's
class DescribedOneCell(_Alt, OneCellAnchor):
    __attrs__, __elements__, __nested__ = OneCellAnchor.__attrs__, OneCellAnchor.__elements__, OneCellAnchor.__nested__
    tagname = OneCellAnchor.tagname


class DescribedTwoCell(_Alt, TwoCellAnchor):
    __attrs__, __elements__, __nested__ = TwoCellAnchor.__attrs__, TwoCellAnchor.__elements__, TwoCellAnchor.__nested__
    tagname = TwoCellAnchor.tagname


def place_at(ws: Worksheet, chart: ChartBase, cell: str, title: str, description: str) -> None:
    """The chart with its top left corner at `cell`, its own size (chart.width, chart.height in cm)."""
    row, col = coordinate_to_tuple(cell)
    anchor = DescribedOneCell()
    anchor._from = AnchorMarker(col=col - 1, row=row - 1)
    anchor.ext = XDRPositiveSize2D(cm_to_EMU(chart.width), cm_to_EMU(chart.height))
    _put(ws, chart, anchor, title, description)


def place_between(
    ws: Worksheet, chart: ChartBase, top_left: tuple[int, int], bottom_right: tuple[int, int], title: str, text: str
) -> None:
    """The chart over the cells from (row, col) `top_left` to the corner before `bottom_right`
    (1-based): it takes the cells' size, so it never overlaps a neighbour whatever the columns' widths."""
    anchor = DescribedTwoCell(editAs="oneCell")
    gap = cm_to_EMU(0.15)  # charts side by side are kept apart
    anchor._from = AnchorMarker(col=top_left[1] - 1, row=top_left[0] - 1, colOff=gap if top_left[1] > 1 else 0)
    anchor.to = AnchorMarker(col=bottom_right[1] - 1, row=bottom_right[0] - 1)
    _put(ws, chart, anchor, title, text)


def _put(ws: Worksheet, chart: ChartBase, anchor: _Alt, title: str, description: str) -> None:
    anchor.alt = (title[:255], description)
    chart.anchor = anchor  # type: ignore[assignment]  # openpyxl takes an anchor object or a cell name
    ws.add_chart(chart)


def alt_text(title: str, kind: str, series: list[str], years: list[str], unit: str, note: str = "") -> str:
    """What a chart shows, in words.

    >>> alt_text("Caseload", "Bar and line", ["People supported", "People housed"], ["2018-19", "2022-23"], "people")
    'Caseload. Bar and line chart of People supported; People housed by financial year, 2018-19 to 2022-23, in people.'
    """
    span = f"{years[0]} to {years[-1]}" if len(years) > 1 else (years[0] if years else "")
    text = f"{title}. {kind} chart of {'; '.join(series)}"
    text += f" by financial year, {span}" if span else ""
    text += f", in {unit}." if unit else "."
    return f"{text} {note}".strip()
