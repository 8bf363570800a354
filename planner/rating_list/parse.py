"""One block of whole lines of the list entries file, parsed with numpy.

The positions of every '*' and newline are found at once; a line holding 28 fields has 28
separators ('*' after each field, the last one followed by the newline), or 29 when the line
ends with '*' (as the VOA's lines do: the empty 29th field, voa.md S13, S14). Field j of a line
runs from just after its separator j - 1 to its separator j, so a field is read by gathering a
fixed window of bytes from its start, without splitting the line into Python strings.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.rating_list import layout

STAR, NEWLINE, CR = 42, 10, 13
WIDTH = {"authority": 4, "description": 8, "rv": 16, "date": 11}
_MONTH_KEYS = np.array([(m[0] << 16) | (m[1] << 8) | m[2] for m in (s.encode() for s in layout.MONTHS)])


@dataclass
class Block:
    rv_pence: np.ndarray  # kept entries only
    authority: np.ndarray  # index into the wanted codes
    description: np.ndarray  # index into `descriptions`
    descriptions: list[str]
    lines: int  # entries in the block
    not_current: int
    without_rv: int
    codes_seen: set[str]


def parse_block(chunk: bytes, wanted: tuple[str, ...], as_at: int, first_line: int = 1) -> Block:
    """Parse whole lines; ValueError names the line (from `first_line`) and what was expected."""
    a = np.frombuffer(chunk, np.uint8)
    sep = np.flatnonzero((a == STAR) | (a == NEWLINE))
    ends = np.flatnonzero(a[sep] == NEWLINE)  # index in sep of each line's newline
    per_line = np.diff(ends, prepend=-1)  # separators of each line, its newline included
    line_no = first_line + np.arange(ends.size)
    line_start = np.concatenate(([0], sep[ends[:-1]] + 1))
    blank = (per_line == 1) & (sep[ends] - line_start <= 1)  # an empty line (or a lone '\r') is skipped
    bad = ~blank & (per_line != layout.COUNT) & (per_line != layout.COUNT + 1)
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(
            f"line {line_no[i]}: found {per_line[i]} '*'-separated fields; a list entries line has "
            f"{layout.COUNT} fields, each ended by '*'"
        )
    keep = ~blank
    ends, per_line, line_no, line_start = ends[keep], per_line[keep], line_no[keep], line_start[keep]
    first_sep = ends - per_line + 1  # index in sep of each line's first separator
    trailing = per_line == layout.COUNT + 1
    if trailing.any():
        last = _field(a, sep, first_sep, line_start, layout.COUNT)[1]
        extra = trailing & (last > 0)
        if extra.any():
            i = int(np.argmax(extra))
            raise ValueError(f"line {line_no[i]}: text after field {layout.COUNT}, the last; expected nothing")
    codes = _text(a, sep, first_sep, line_start, layout.AUTHORITY, "authority", line_no, "billing authority code")
    seen = {c.decode("latin-1") for c in np.unique(codes)}
    want = np.isin(codes, np.array([w.encode() for w in wanted]))
    current = _current(a, sep, first_sep, line_start, line_no, as_at)
    rv, has_rv = _rv(a, sep, first_sep, line_start, line_no)
    kept = want & current & has_rv
    desc = _text(a, sep, first_sep[kept], line_start[kept], layout.DESCRIPTION, "description", line_no[kept], "code")
    descriptions, desc_index = np.unique(desc, return_inverse=True)
    lookup = {w.encode(): i for i, w in enumerate(wanted)}
    auth = np.array([lookup[c] for c in codes[kept]], dtype=np.uint8) if kept.any() else np.zeros(0, np.uint8)
    return Block(
        rv[kept],
        auth,
        desc_index.reshape(-1).astype(np.uint16),
        [d.decode("latin-1") for d in descriptions],
        int(ends.size),
        int((want & ~current).sum()),
        int((want & current & ~has_rv).sum()),
        seen,
    )


def _field(
    a: np.ndarray, sep: np.ndarray, first_sep: np.ndarray, line_start: np.ndarray, j: int
) -> tuple[np.ndarray, np.ndarray]:
    """Start and length of field j (0-based) of each line; a '\r' before the newline is dropped."""
    begin = line_start if j == 0 else sep[first_sep + j - 1] + 1
    end = sep[first_sep + j]
    end = end - ((a[end] == NEWLINE) & (end > begin) & (a[np.maximum(end - 1, 0)] == CR))
    return begin, end - begin


def _window(a: np.ndarray, begin: np.ndarray, length: np.ndarray, width: int) -> np.ndarray:
    idx = np.minimum(begin[:, None] + np.arange(width), a.size - 1)
    w = a[idx]
    w[np.arange(width) >= length[:, None]] = 0
    return w


def _text(
    a: np.ndarray,
    sep: np.ndarray,
    first_sep: np.ndarray,
    line_start: np.ndarray,
    j: int,
    kind: str,
    line_no: np.ndarray,
    what: str,
) -> np.ndarray:
    begin, length = _field(a, sep, first_sep, line_start, j)
    width = WIDTH[kind]
    if (length > width).any():
        i = int(np.argmax(length > width))
        shown = bytes(a[begin[i] : begin[i] + length[i]]).decode("latin-1")
        raise ValueError(f"line {line_no[i]}: field {j + 1} ({what}) is {shown!r}; expected at most {width} characters")
    return np.ascontiguousarray(_window(a, begin, length, width)).view(f"S{width}").reshape(-1)


def _rv(
    a: np.ndarray, sep: np.ndarray, first_sep: np.ndarray, line_start: np.ndarray, line_no: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Rateable values in pence, and whether each line has one (an empty field has none)."""
    begin, length = _field(a, sep, first_sep, line_start, layout.RATEABLE_VALUE)
    width = WIDTH["rv"]
    w = _window(a, begin, np.minimum(length, width), width).astype(np.int64)
    inside = np.arange(width) < length[:, None]
    digit = (w >= 48) & (w <= 57)
    plain = (length <= 12) & np.all(digit | ~inside, axis=1)  # whole pounds: the common case, vectorised
    value = np.zeros(length.size, np.int64)
    for k in range(12):
        take = plain & (k < length)
        value[take] = value[take] * 10 + (w[take, k] - 48)
    value *= 100
    for i in np.flatnonzero(~plain & (length > 0)):  # a decimal point or a sign: rare, read one by one
        text = bytes(a[begin[i] : begin[i] + length[i]]).decode("latin-1").strip()
        try:
            pounds = float(text)
        except ValueError:
            pounds = float("nan")
        if not np.isfinite(pounds) or pounds < 0:
            raise ValueError(
                f"line {line_no[i]}: field {layout.RATEABLE_VALUE + 1} (rateable value) is {text!r}; "
                "expected a number of pounds of at least 0, or empty"
            )
        value[i] = round(pounds * 100)
    return value, length > 0


def _current(
    a: np.ndarray, sep: np.ndarray, first_sep: np.ndarray, line_start: np.ndarray, line_no: np.ndarray, as_at: int
) -> np.ndarray:
    """True where the current-to date is empty or after `as_at` (yyyymmdd)."""
    begin, length = _field(a, sep, first_sep, line_start, layout.CURRENT_TO)
    dated = length > 0
    w = _window(a, begin[dated], length[dated], WIDTH["date"]).astype(np.int64)
    w = np.where((w >= 97) & (w <= 122), w - 32, w)  # 01-Apr-2023 reads as 01-APR-2023
    digits = w[:, [0, 1, 7, 8, 9, 10]] - 48
    key = (w[:, 3] << 16) | (w[:, 4] << 8) | w[:, 5]
    month = np.searchsorted(np.sort(_MONTH_KEYS), key)
    order = np.argsort(_MONTH_KEYS)
    ok = (length[dated] == 11) & (w[:, 2] == 45) & (w[:, 6] == 45) & np.all((digits >= 0) & (digits <= 9), axis=1)
    ok &= np.isin(key, _MONTH_KEYS)
    if not ok.all():
        i = int(np.flatnonzero(dated)[np.argmax(~ok)])
        shown = bytes(a[begin[i] : begin[i] + length[i]]).decode("latin-1")
        raise ValueError(
            f"line {line_no[i]}: field {layout.CURRENT_TO + 1} (current to date) is {shown!r}; expected a date "
            "like 01-APR-2023, or empty"
        )
    month_no = order[np.minimum(month, 11)] + 1
    day = digits[:, 0] * 10 + digits[:, 1]
    year = digits[:, 2] * 1000 + digits[:, 3] * 100 + digits[:, 4] * 10 + digits[:, 5]
    out = np.ones(length.size, bool)
    out[dated] = year * 10_000 + month_no * 100 + day > as_at
    return out
