"""UK financial years (April to March), labelled "2018-19"."""

from __future__ import annotations

import re
from functools import lru_cache

_FY = re.compile(r"^(\d{4})-(\d{2})$")


def fy_label(start: int) -> str:
    """The label of the financial year that starts in April of `start`.

    >>> fy_label(2018)
    '2018-19'
    >>> fy_label(1999)
    '1999-00'
    """
    return f"{start}-{(start + 1) % 100:02d}"


def fy_start(label: str | int) -> int:
    """The calendar year a financial-year label starts in; ints pass through.

    >>> fy_start("2020-21")
    2020
    """
    if isinstance(label, (int,)) and not isinstance(label, bool):
        return int(label)
    match = _FY.match(str(label).strip())
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise ValueError(f"{label!r} is not a financial year like '2018-19'")
    return int(match.group(1))


def year_labels(start_year: int, horizon: int) -> list[str]:
    """Labels of `horizon` financial years from `start_year`.

    >>> year_labels(2018, 3)
    ['2018-19', '2019-20', '2020-21']
    """
    return list(_labels(int(start_year), int(horizon)))


@lru_cache(maxsize=64)
def _labels(start_year: int, horizon: int) -> tuple[str, ...]:
    # every run labels its years two or three times, and a horizon's labels never change
    return tuple(fy_label(start_year + t) for t in range(horizon))


def year_index(label: str | int, start_year: int) -> int:
    """Year index t of a financial year (may fall outside the horizon)."""
    return fy_start(label) - start_year
