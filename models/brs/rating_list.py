"""The rating list itself, hereditament by hereditament: the BRS's exact base (list mode).

The Business Rate Supplements Act 2009 s. 12(1) charges a hereditament on a day when its RV
"exceeds" the prescribed amount, so a hereditament whose RV equals the threshold pays nothing.
With every RV in the levying area known, the liable count and RV above any threshold are
exact: the RVs are held sorted with their running sums, and `np.searchsorted` finds, for every
trial at once, the first RV above the threshold (side="right" leaves an equal RV out).

The `rating_list` input is compact JSON (a project file keeps it, not the VOA's 500 MB file):

    {"format": "brs-rating-list/1", "hereditaments": N, "rv_pence": total in pence,
     "authorities": ["4605", ...], "names": {"4605": "Birmingham", ...},
     "descriptions": ["CS", "CO", ...],
     "rv": base64(zlib(int64 differences of the RVs in pence, sorted ascending)),
     "authority": base64(zlib(uint8 index into authorities, one per hereditament)),
     "description": base64(zlib(uint16 index into descriptions, one per hereditament)),
     "provenance": {...}}

Sorted RVs differ little from one to the next, so their differences compress to about two
bytes a hereditament; pence keep any RV exact. The count and total are read back and must
match, so a damaged list is refused rather than used. Names of firms and addresses are never
part of it. `provenance` (file, list year, epoch, billing authorities, entries read and kept,
SHA-256, date read) is kept as given; `planner.rating_list` fills it.

A revaluation multiplies every RV by its factor f: a hereditament pays when rv f > T, which
is read as rv > T / f on the list as read (for f = 1 the cut is T itself, exactly).
"""

from __future__ import annotations

import base64
import functools
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

FORMAT = "brs-rating-list/1"
EDGES = (0.0, 12_000.0, 25_000.0, 50_000.0, 100_000.0, 250_000.0, 1_000_000.0)  # the default bands' lower bounds


@dataclass(frozen=True)
class RatingList:
    """The list as the model uses it: RVs in £ sorted ascending, running sums, per authority."""

    rv: np.ndarray  # (N,) £, ascending
    cum_pence: np.ndarray  # (N + 1,) int64: cum_pence[k] = the k smallest RVs, in pence
    authority: np.ndarray  # (N,) index into authorities
    description: np.ndarray  # (N,) index into descriptions
    authorities: tuple[str, ...]
    descriptions: tuple[str, ...]
    names: dict = field(default_factory=dict)
    provenance: dict = field(default_factory=dict)
    by_authority: tuple[
        tuple[np.ndarray, np.ndarray], ...
    ] = ()  # one (rv ascending (N_a,), cum_pence (N_a + 1,)) per authority
    # (N + 1, A) int64: each authority's part of cum_pence (by default an empty list's, no authorities)
    cum_by_authority: np.ndarray = field(default_factory=lambda: np.zeros((1, 0), np.int64))

    @property
    def total(self) -> float:
        return float(self.cum_pence[-1]) / 100.0

    def label(self, code: str) -> str:
        """How a results line names a billing authority: 'Birmingham (4605)', or the code."""
        name = self.names.get(code)
        return f"{name} ({code})" if name else code


def _pack(a: np.ndarray) -> str:
    return base64.b64encode(zlib.compress(np.ascontiguousarray(a).tobytes(), 6)).decode("ascii")


def _unpack(text: object, dtype: npt.DTypeLike, what: str) -> np.ndarray:
    if not isinstance(text, str):
        raise ValueError(f"its {what} must be text (base64); read the rating list again")
    try:
        return np.frombuffer(zlib.decompress(base64.b64decode(text, validate=True)), dtype=dtype)
    except (ValueError, zlib.error):
        raise ValueError(f"its {what} cannot be decoded (the list is damaged); read the rating list again") from None


def encode(
    rv_pence: npt.ArrayLike,
    authority: npt.ArrayLike,
    authorities: Iterable[object],
    description: npt.ArrayLike,
    descriptions: Iterable[object],
    names: Mapping[str, object] | None = None,
    provenance: Mapping[str, Any] | None = None,
) -> dict:
    """The JSON value of the `rating_list` input from per-hereditament arrays in any order.

    >>> value = encode([5_000_000, 1_200_000], [1, 0], ["4605", "4610"], [0, 0], ["CS"])
    >>> value["hereditaments"], value["rv_pence"]
    (2, 6200000)
    >>> rl = parse(value)
    >>> rl.rv.tolist(), [rl.authorities[i] for i in rl.authority]
    ([12000.0, 50000.0], ['4605', '4610'])
    """
    rv = np.asarray(rv_pence, dtype=np.int64)
    auth = np.asarray(authority, dtype=np.uint8)
    desc = np.asarray(description, dtype=np.uint16)
    order = np.lexsort((desc, auth, rv))  # by RV, ties in a fixed order: the same list gives the same file
    rv, auth, desc = rv[order], auth[order], desc[order]
    return {
        "format": FORMAT,
        "hereditaments": int(rv.size),
        "rv_pence": int(rv.sum()),
        "authorities": [str(a) for a in authorities],
        "names": {str(k): str(v) for k, v in (names or {}).items()},
        "descriptions": [str(d) for d in descriptions],
        "rv": _pack(np.diff(rv, prepend=np.int64(0))),
        "authority": _pack(auth),
        "description": _pack(desc),
        "provenance": dict(provenance or {}),
    }


def parse(value: object) -> RatingList:
    """The model's RatingList from the JSON value; ValueError says what is wrong."""
    if not isinstance(value, dict) or value.get("format") != FORMAT:
        raise ValueError(f"enter a rating list read by `planner rating-list` (an object with format {FORMAT!r})")
    n, total = value.get("hereditaments"), value.get("rv_pence")
    names, provenance = value.get("names") or {}, value.get("provenance") or {}
    if isinstance(n, bool) or not isinstance(n, int) or n < 0 or isinstance(total, bool) or not isinstance(total, int):
        raise ValueError("its hereditaments and rv_pence must be whole numbers")
    authorities, descriptions = _codes(value, "authorities"), _codes(value, "descriptions")
    if not isinstance(names, dict) or not isinstance(provenance, dict):
        raise ValueError("its names and provenance must be objects")
    for what in ("rv", "authority", "description"):
        if not isinstance(value.get(what), str):
            raise ValueError(f"its {what} must be text (base64); read the rating list again")
    # the same list arrives again on every run of a Monte Carlo or a tornado: decode it once
    # (the strings are the same objects each time, so their hashes are cached)
    rl = _decoded(
        value["rv"], value["authority"], value["description"], n, total, tuple(authorities), tuple(descriptions)
    )
    return RatingList(
        rl.rv,
        rl.cum_pence,
        rl.authority,
        rl.description,
        rl.authorities,
        rl.descriptions,
        {str(k): str(v) for k, v in names.items()},
        dict(provenance),
        rl.by_authority,
        rl.cum_by_authority,
    )


def _codes(value: dict, what: str) -> list[str]:
    codes = value.get(what)
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        raise ValueError(f"its {what} must be a list of codes as text")
    return codes


@functools.lru_cache(maxsize=8)
def _decoded(
    rv_text: str, auth_text: str, desc_text: str, n: int, total: int, authorities: tuple, descriptions: tuple
) -> RatingList:
    rv = np.cumsum(_unpack(rv_text, "<i8", "RVs"))
    auth = _unpack(auth_text, np.uint8, "billing authorities")
    desc = _unpack(desc_text, "<u2", "description codes")
    if not rv.size == auth.size == desc.size == n or int(rv.sum()) != total:
        raise ValueError(f"it should hold {n} hereditaments totalling {total} pence but does not (it is damaged)")
    if n and (rv[0] < 0 or np.any(np.diff(rv) < 0)):
        raise ValueError("its RVs must be at least 0 and in ascending order")
    if n and (auth.max() >= len(authorities) or desc.max() >= max(len(descriptions), 1)):
        raise ValueError("an authority or description index points past its list of codes")
    by_authority = tuple(_sorted_sums(rv[auth == a]) for a in range(len(authorities)))
    rv_pounds, cum = _sorted_sums(rv)
    # one searchsorted on the whole list then serves every authority: row k holds each one's part
    # of the k smallest RVs
    spread = np.zeros((n, len(authorities)), np.int64)
    spread[np.arange(n), auth.astype(np.intp)] = rv
    cum_by = np.vstack([np.zeros((1, len(authorities)), np.int64), np.cumsum(spread, axis=0)])
    for a in (rv_pounds, cum, auth, desc, cum_by, *[x for pair in by_authority for x in pair]):
        a.flags.writeable = False
    return RatingList(rv_pounds, cum, auth, desc, authorities, descriptions, {}, {}, by_authority, cum_by)


def _sorted_sums(rv_pence: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """RVs in £ and their running sums in pence, with a 0 in front."""
    return rv_pence / 100.0, np.concatenate(([0], np.cumsum(rv_pence, dtype=np.int64)))


def liable(rl: RatingList, threshold: npt.ArrayLike, factor: npt.ArrayLike = 1.0) -> dict[str, np.ndarray]:
    """Liable count, liable RV and the RV at or below the threshold (n,), revalued by `factor`,
    and the liable RV of each billing authority (n, A), for every trial at once.

    >>> rl = parse(encode([1_000_000, 5_000_000, 5_000_000, 9_000_000], [0, 0, 1, 1], ["A", "B"], [0] * 4, ["CS"]))
    >>> out = liable(rl, np.array([50_000.0, 49_999.0]))
    >>> out["count"].tolist(), out["rv"].tolist(), out["by_authority"].tolist()
    ([1.0, 3.0], [90000.0, 190000.0], [[0.0, 90000.0], [50000.0, 140000.0]])
    """
    t = np.atleast_1d(np.asarray(threshold, dtype=float))
    f = np.broadcast_to(np.asarray(factor, dtype=float), t.shape)
    cut = t / f
    k = np.searchsorted(rl.rv, cut, side="right")  # the first RV that exceeds the cut
    total = rl.cum_pence[-1]
    by = (rl.cum_by_authority[-1] - rl.cum_by_authority[k]) / 100.0  # (n, A)
    return {
        "count": (rl.rv.size - k).astype(float),
        "rv": (total - rl.cum_pence[k]) / 100.0 * f,
        "below": rl.cum_pence[k] / 100.0 * f,
        "total": np.full(t.size, total / 100.0) * f,
        "by_authority": by * f[:, None],
    }


def derived_bands(rl: RatingList, edges: npt.ArrayLike) -> list[dict]:
    """The list counted into bands (lower exclusive, upper inclusive; the last open; the first also
    takes any RV at or below its lower bound, so every hereditament is counted once): the
    distribution a reader of the board pack sees, and bands a user without the file could enter.

    >>> rl = parse(encode([0, 1_000_000, 5_000_000, 9_000_000], [0] * 4, ["A"], [0] * 4, ["CS"]))
    >>> [(b["lower"], b["upper"], b["hereditaments"], b["rateable_value"]) for b in derived_bands(rl, [0, 50_000])]
    [(0.0, 50000.0, 3, 60000.0), (50000.0, None, 1, 90000.0)]
    """
    edges = np.unique(np.asarray(edges, dtype=float))
    k = np.searchsorted(rl.rv, edges, side="right")
    k[0] = 0
    ends = np.append(k[1:], rl.rv.size)
    return [
        {
            "lower": float(lo),
            "upper": None if i == edges.size - 1 else float(edges[i + 1]),
            "hereditaments": int(b - a),
            "rateable_value": float(rl.cum_pence[b] - rl.cum_pence[a]) / 100.0,
        }
        for i, (lo, a, b) in enumerate(zip(edges, k, ends))
    ]
