"""Rating bands: which part of a rating list pays a Business Rate Supplement, year by year.

The Business Rate Supplements Act 2009 charges only hereditaments whose RV *exceeds* the
threshold, so a band runs from its lower bound (exclusive) to its upper bound (inclusive): a
band whose upper bound equals the threshold pays nothing; one whose lower bound equals it pays
in full. A band that straddles the threshold is split assuming its hereditaments are spread
uniformly by RV (MODELS.md section 1): liable count n (b - T) / (b - a), liable RV
rv (b² - T²) / (b² - a²).

Choices MODELS.md leaves open:
- The rating list is the `bands` table; or the list itself, hereditament by hereditament
  (`rating_list`, read from the VOA's file: models.brs.rating_list, exact with no split); or,
  when both are empty, the `liable_rv` and `liable_hereditaments` totals (already the part
  above the threshold). Giving more than one is an error.
- Gaps between bands are allowed (an extract may start at the threshold); overlaps are errors.
- A revaluation multiplies every hereditament's RV, and so the band bounds and band RV, by its
  `rv_factor` (factors compound); from that year the bands are re-split at the threshold then in
  force (a row's `threshold`, or the last one set). A revaluation in the first year revalues
  the list the levy starts on.
- `rv_growth` scales liable RV after the split (the spec's liable_rv_0 (1 + g) ** t): it moves
  no hereditament across the threshold and leaves the count unchanged.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from models.brs.rating_list import RatingList, liable
from models.core.errors import InputError
from models.core.finance import col
from models.core.validation import Inputs


def band_columns(inputs: Inputs) -> dict[str, np.ndarray]:
    """The bands as (n, rows) arrays; an empty upper bound (the open top band) is +inf."""
    rows, n = inputs.rows("bands"), inputs.n
    if not rows:
        empty = np.zeros((n, 0))
        return {"lower": empty, "upper": empty, "count": empty, "rv": empty}
    top = np.full(n, np.inf)

    def stack(name: str) -> np.ndarray:  # validation has made every numeric cell an (n,) array
        return np.array([top if r[name] is None else r[name] for r in rows], dtype=float).T

    return {
        "lower": stack("lower"),
        "upper": stack("upper"),
        "count": stack("hereditaments"),
        "rv": stack("rateable_value"),
    }


def split(bands: dict, threshold: ArrayLike, factor: ArrayLike = 1.0) -> dict[str, np.ndarray]:
    """Each band's liable count, liable RV and RV at or below the threshold, (n, rows).

    The list is first revalued by `factor` (bounds and RV alike). The liable and the exempt
    parts use separate formulas, so the tie-out check can show that they add back to the band.

    >>> b = {"lower": np.array([[40e3, 60e3]]), "upper": np.array([[60e3, np.inf]]),
    ...      "count": np.array([[100.0, 10.0]]), "rv": np.array([[5e6, 1e6]])}
    >>> s = split(b, 50e3)
    >>> s["count"].tolist(), s["rv"].tolist(), s["below"].tolist()
    ([[50.0, 10.0]], [[2750000.0, 1000000.0]], [[2250000.0, 0.0]])
    """
    f = col(factor)
    a, rv, is_open = bands["lower"] * f, bands["rv"] * f, np.isinf(bands["upper"])
    b = np.where(is_open, a + 1.0, bands["upper"] * f)  # finite stand-in; open bands are wholly liable
    t = np.where(is_open, a, np.clip(col(threshold), a, b))  # validation keeps T <= a for open bands
    span = (b - a) * (b + a)
    return {
        "count": bands["count"] * (b - t) / (b - a),
        "rv": rv * (b - t) * (b + t) / span,
        "below": rv * (t - a) * (t + a) / span,
        "total": rv,
    }


def periods(inputs: Inputs) -> list[tuple[int, np.ndarray, np.ndarray, str]]:
    """The list between revaluations: (first year index, cumulative RV factor (n,), threshold
    (n,), the field that set the threshold), in year order, the first starting at year 0."""
    n = inputs.n
    out = [(0, np.ones(n), np.broadcast_to(inputs.threshold, (n,)), "threshold")]
    rows = sorted(enumerate(inputs.rows("revaluations"), start=1), key=lambda ir: ir[1]["year"])
    for i, row in rows:
        t = row["year"] - inputs.start_year
        _, factor, threshold, _ = out[-1]
        factor = factor * row["rv_factor"]
        where = f"revaluations[{i}].threshold"
        if row["threshold"] is not None:
            threshold = np.broadcast_to(row["threshold"], (n,))
        entry = (t, factor, threshold, where)
        out[-1:] = [entry] if t == 0 else [out[-1], entry]
    return out


def liable_by_year(inputs: Inputs, bands: dict) -> dict[str, Any]:
    """Liable RV before growth, liable count and the threshold in force (n, T); per-band parts of
    the first year's list; the largest tie-out difference (n,) over every revaluation period; with
    a rating list, each billing authority's liable RV before growth (A, n, T)."""
    spans = periods(inputs)
    which = np.searchsorted([p[0] for p in spans], np.arange(inputs.horizon), side="right") - 1
    if inputs.rating_list is not None:
        return _from_list(inputs.rating_list, spans, which, inputs.n)
    if inputs.rows("bands"):
        parts = [split(bands, threshold, factor) for _, factor, threshold, _ in spans]
    else:  # the totals are already the liable part: one pseudo-band, nothing below the threshold
        parts = [
            {
                "count": col(inputs.liable_hereditaments),
                "rv": col(inputs.liable_rv * factor),
                "below": np.zeros((inputs.n, 1)),
                "total": col(inputs.liable_rv * factor),
            }
            for _, factor, _, _ in spans
        ]
    rv = np.stack([p["rv"].sum(axis=1) for p in parts], axis=1)
    count = np.stack([p["count"].sum(axis=1) for p in parts], axis=1)
    gaps = [np.abs(p["rv"].sum(axis=1) + p["below"].sum(axis=1) - p["total"].sum(axis=1)) for p in parts]
    thresholds = np.stack([np.broadcast_to(p[2], (inputs.n,)) for p in spans], axis=1)[:, which]
    return {
        "rv": rv[:, which],
        "count": count[:, which],
        "tie_gap": np.max(gaps, axis=0),
        "first": parts[0],
        "threshold": thresholds,
    }


def _from_list(rl: RatingList, spans: list, which: np.ndarray, n: int) -> dict[str, Any]:
    """The exact liable part of the list in each period; the tie-out takes the worse of liable +
    the rest against the list's total, and the billing authorities' parts against the whole."""
    parts = [liable(rl, threshold, factor) for _, factor, threshold, _ in spans]
    rv = np.stack([p["rv"] for p in parts], axis=1)
    count = np.stack([p["count"] for p in parts], axis=1)
    by = np.stack([p["by_authority"].T for p in parts], axis=2)  # (A, n, P): one contiguous block per authority
    gaps = [
        np.maximum(np.abs(p["rv"] + p["below"] - p["total"]), np.abs(p["by_authority"].sum(axis=1) - p["rv"]))
        for p in parts
    ]
    first = {"count": parts[0]["count"][:, None], "rv": parts[0]["rv"][:, None]}
    return {
        "rv": rv[:, which],
        "count": count[:, which],
        "tie_gap": np.max(gaps, axis=0),
        "first": first,
        "by_authority": by,  # (A, n, P): each billing authority's liable RV in each revaluation period
        "which": which,  # (T,): the period in force in each year
        "threshold": np.stack([np.broadcast_to(p[2], (n,)) for p in spans], axis=1)[:, which],
    }


def average_gap(b: dict) -> np.ndarray:
    """How far the worst band's average RV lies outside its own bounds, £ per hereditament (n,).

    A band with RV but no hereditaments counts its whole RV as the gap.
    """
    if b["rv"].shape[1] == 0:
        return np.zeros(b["rv"].shape[0])
    with np.errstate(divide="ignore", invalid="ignore"):
        avg = b["rv"] / b["count"]
    gap = np.maximum(np.maximum(b["lower"] - avg, avg - b["upper"]), 0.0)
    gap = np.where(b["count"] > 0, gap, np.where(b["rv"] > 0, b["rv"], 0.0))
    return gap.max(axis=1)


def mode_errors(inputs: Inputs) -> list[InputError]:
    """A rating list, bands or totals: exactly one of them."""
    spec, errors = inputs.spec, []
    totals = [(name, getattr(inputs, name)) for name in ("liable_rv", "liable_hereditaments")]
    if inputs.rating_list is not None:
        if inputs.rows("bands"):
            errors.append(
                InputError(
                    "bands",
                    f"{len(inputs.rows('bands'))} rows",
                    "leave the bands table empty while a rating list is read (the list gives every "
                    "hereditament); or remove the rating list to use bands",
                    spec.table("bands").label,
                )
            )
        errors += [
            InputError(name, _first(value), "leave it empty while a rating list is read", spec.field(name).label)
            for name, value in totals
            if value is not None
        ]
        return errors
    if inputs.rows("bands"):
        for name, value in totals:
            if value is not None:
                errors.append(
                    InputError(
                        name,
                        _first(value),
                        "leave it empty while the bands table is filled "
                        "in (the bands give the liable part); or empty the bands table "
                        "to use the totals",
                        spec.field(name).label,
                    )
                )
        return errors
    for name, value in totals:
        if value is None:
            errors.append(
                InputError(
                    name,
                    value,
                    spec.field(name).allowed().replace(", or leave empty for none", "")
                    + " (needed when the bands table is empty)",
                    spec.field(name).label,
                )
            )
    return errors


def band_errors(inputs: Inputs) -> list[InputError]:
    """Each band's lower bound below its upper bound, and no two bands overlapping."""
    b, label = band_columns(inputs), inputs.spec.table("bands").label
    bad = b["lower"] >= b["upper"]
    errors = [
        InputError(
            f"bands[{i + 1}].upper",
            float(b["upper"][bad[:, i].argmax(), i]),
            f"enter an upper bound above the band's lower bound "
            f"(£{b['lower'][bad[:, i].argmax(), i]:,.0f}), or leave it empty for the "
            "open top band",
            label,
        )
        for i in np.flatnonzero(bad.any(axis=0))
    ]
    if errors or b["lower"].shape[1] < 2:
        return errors
    order = np.argsort(b["lower"], axis=1, kind="stable")
    lo, up = (np.take_along_axis(b[k], order, axis=1) for k in ("lower", "upper"))
    clash = up[:, :-1] > lo[:, 1:]
    if clash.any():
        trial, k = np.unravel_index(np.argmax(clash), clash.shape)
        i, j = order[trial, k] + 1, order[trial, k + 1] + 1
        top = "no upper bound" if np.isinf(up[trial, k]) else f"up to £{up[trial, k]:,.0f}"
        errors.append(
            InputError(
                f"bands[{j}].lower",
                float(lo[trial, k + 1]),
                f"enter bands that do not overlap: band {i} starts at £{lo[trial, k]:,.0f} and runs {top}",
                label,
            )
        )
    return errors


def revaluation_errors(inputs: Inputs) -> list[InputError]:
    """Revaluation years inside the horizon and unique; a new threshold only with bands."""
    label, errors, seen = inputs.spec.table("revaluations").label, [], set()
    first, last = inputs.start_year, inputs.start_year + inputs.horizon - 1
    for i, row in enumerate(inputs.rows("revaluations"), start=1):
        if not first <= row["year"] <= last:
            errors.append(
                InputError(
                    f"revaluations[{i}].year",
                    row["year"],
                    f"enter a year from {first} to {last} (inside the horizon)",
                    label,
                )
            )
        elif row["year"] in seen:
            errors.append(InputError(f"revaluations[{i}].year", row["year"], "enter each revaluation year once", label))
        seen.add(row["year"])
        if row["threshold"] is not None and not inputs.rows("bands") and inputs.rating_list is None:
            errors.append(
                InputError(
                    f"revaluations[{i}].threshold",
                    _first(row["threshold"]),
                    "leave it empty when the rating list is entered as totals, and put "
                    "the threshold's effect in rv_factor; or enter the list as bands or read the rating list",
                    label,
                )
            )
    return errors


def threshold_errors(inputs: Inputs) -> list[InputError]:
    """A threshold inside the open top band cannot be split, since that band has no upper bound.

    Tested for the starting threshold and for the one in force after each revaluation (a factor
    below 1 can bring the top band down past an unchanged threshold); the value shown is the
    threshold in force.
    """
    b = band_columns(inputs)
    is_open = np.isinf(b["upper"][0]) if b["upper"].shape[1] else np.zeros(0, bool)
    if not is_open.any():
        return []
    lower = b["lower"][:, int(np.argmax(is_open))]
    errors: list[InputError] = []
    for _, factor, threshold, where in periods(inputs):
        start = lower * factor
        bad = threshold > start
        if bad.any() and where not in [e.field for e in errors]:
            k = int(bad.argmax())
            errors.append(
                InputError(
                    where,
                    float(threshold[k]),
                    f"enter a band boundary: the open top band starts at £{start[k]:,.0f} "
                    "and has no upper bound to split at, so enter a threshold of at most "
                    f"£{start[k]:,.0f}, or give that band an upper bound and add a band "
                    "above it",
                    _label(inputs, where),
                )
            )
    return errors


def _label(inputs: Inputs, where: str) -> str:
    if where == "threshold":
        return inputs.spec.field("threshold").label
    return inputs.spec.table("revaluations").label


def _first(value: ArrayLike) -> float:
    """The value of the first trial, as a message shows it."""
    return float(np.ravel(value)[0])
