"""A chart as plain data: its title, unit, years, series (bars, lines and reference levels) and
dated markers. The app draws these with pyqtgraph (ui/charts.py); the board pack writes them as
native Excel charts (planner/excel/board_pack/charts.py), so both show the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from models.core.result import Result
from planner.project.paths import get_value
from planner.registry import get_spec

BLUE, ORANGE, GREEN, RED, PURPLE, SKY, YELLOW, GREY = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#7F7F7F",
)
PALETTE = (BLUE, ORANGE, GREEN, PURPLE, SKY, RED, YELLOW, "#8C564B", "#17BECF", GREY)
TOP_SOURCES = 7  # a programme's sources beyond these are drawn together as "Other sources"


@dataclass
class Series:
    name: str
    values: np.ndarray
    kind: str = "line"  # "bar", "line" or "level" (a limit drawn across every year, dashed)
    colour: str = BLUE
    stacked: bool = False  # bars stacked on the chart's other stacked bars
    negative_colour: str | None = None  # bars below zero in another colour
    key: str | None = None  # the annual line drawn, where the series is one (the pack refers to its cells)
    dash: str = "solid"  # "solid", "dash" or "dot": lines stay apart when printed in black and white


@dataclass
class ChartDef:
    title: str
    unit: str  # "£" for money; otherwise the unit shown on the axis ("people", "×")
    years: list[str]
    series: list[Series]
    events: list[tuple[int, str]] = field(default_factory=list)  # (year index, label): a dated marker
    note: str = ""


def line(result: Result, key: str, name: str, kind: str = "line", colour: str = BLUE, **options: Any) -> Series:
    """A series that draws one of the result's annual lines."""
    return Series(name, column(result, key), kind, colour, key=key, **options)


def level(name: str, value: float, n: int, colour: str = RED) -> Series:
    """A limit drawn across every year as a dashed line."""
    return Series(name, np.full(n, float(value)), "level", colour, dash="dash")


def column(result: Result, key: str) -> np.ndarray:
    annual = result.annual
    return annual[key].to_numpy(dtype=float) if key in annual.columns else np.zeros(len(annual.index))


def years_of(result: Result) -> list[str]:
    return [str(y) for y in result.annual.index]


def event_at(result: Result, metric: str, label: str) -> list[tuple[int, str]]:
    year = result.summary.get(metric)
    years = years_of(result)
    return [(years.index(year), label)] if year in years else []


def input_value(result: Result, inputs: dict, name: str) -> Any:
    return get_value(get_spec(result.model), inputs, name)


def short_money(value: float) -> str:
    """Money for an axis or a marker: "£1.44m", "£350k", "£2.1bn", negatives in brackets.

    >>> short_money(1440000), short_money(-2_100_000_000), short_money(350000), short_money(85)
    ('£1.44m', '(£2.1bn)', '£350k', '£85')
    """
    size = abs(value)
    for divisor, suffix, places in ((1e9, "bn", 2), (1e6, "m", 2), (1e3, "k", 0)):
        if size >= divisor:
            text = f"£{size / divisor:,.{places}f}"
            text = (text.rstrip("0").rstrip(".") if places else text) + suffix
            break
    else:
        text = f"£{size:,.0f}"
    return f"({text})" if value < 0 else text
