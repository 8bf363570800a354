"""Probability distributions for Monte Carlo inputs, written as a finance officer would.

    triangular(min, mode, max)   the three-point estimate: lowest, most likely, highest
    normal(mean, sd)
    uniform(min, max)
    lognormal(mean, sd)          mean and sd OF THE VALUE itself (not of its logarithm): the
                                 underlying normal has sigma² = ln(1 + (sd / mean)²) and
                                 mu = ln(mean) - sigma² / 2, so the draws average `mean` with
                                 spread `sd` and are always positive (mean must be above 0)

Every draw is clipped to the input's declared bounds (Field.low / Field.high), and a
whole-number input is rounded, so a trial never holds a value the model would refuse; clipping
piles the tail's weight on the bound (a normal(0.95, 0.1) collection rate has about 31% of its
draws at exactly 100%). A distribution of zero width (min = max, sd = 0) gives its one value in
every trial. Parameters may be written 4200, 4.2k, 1.5m, 2bn, £4200 or 3.5% (= 0.035).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from models.core.declare import Field
from planner.errors import PlannerError

KINDS = {
    "triangular": ("min", "mode", "max"),
    "normal": ("mean", "sd"),
    "uniform": ("min", "max"),
    "lognormal": ("mean", "sd"),
}
_CALL = re.compile(r"^\s*([a-z]+)\s*\((.*)\)\s*$")
_NUMBER = re.compile(r"^(-?)£?(-?[0-9_]*\.?[0-9]+(?:e[-+]?[0-9]+)?)\s*(%|k|m|bn)?$", re.IGNORECASE)
_SCALE = {None: 1.0, "%": 0.01, "k": 1e3, "m": 1e6, "bn": 1e9}


@dataclass(frozen=True)
class Distribution:
    kind: str
    params: tuple[float, ...]

    def __post_init__(self) -> None:
        problem = _problem(self.kind, self.params)
        if problem:
            raise PlannerError(f"{self}: {problem}")

    def __str__(self) -> str:
        return f"{self.kind}({', '.join(f'{p:g}' for p in self.params)})"

    @property
    def width(self) -> float:
        """Zero when every draw is the same value."""
        p = self.params
        return p[-1] - p[0] if self.kind in ("triangular", "uniform") else p[1]

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """n independent draws (before any clipping to an input's bounds)."""
        p = self.params
        if self.kind == "normal":
            return p[0] + p[1] * rng.standard_normal(n)
        if self.kind == "lognormal":
            sigma2 = math.log1p((p[1] / p[0]) ** 2)
            return np.exp(math.log(p[0]) - sigma2 / 2.0 + math.sqrt(sigma2) * rng.standard_normal(n))
        u = rng.random(n)
        if self.kind == "uniform":
            return p[0] + (p[1] - p[0]) * u
        return triangular_quantile(u, *p)


def triangular_quantile(u: np.ndarray, low: float, mode: float, high: float) -> np.ndarray:
    """The triangular distribution's inverse CDF (zero width allowed).

    >>> triangular_quantile(np.array([0.0, 0.5, 1.0]), 0.0, 1.0, 2.0).tolist()
    [0.0, 1.0, 2.0]
    """
    span = high - low
    if span == 0:
        return np.full(np.shape(u), float(low))
    split = (mode - low) / span
    rising = low + np.sqrt(u * span * (mode - low))
    falling = high - np.sqrt((1.0 - u) * span * (high - mode))
    return np.where(u < split, rising, falling)


def _problem(kind: str, p: tuple[float, ...]) -> str:
    if kind not in KINDS:
        return f"{kind!r} is not a distribution; use " + ", ".join(f"{k}({', '.join(a)})" for k, a in KINDS.items())
    if len(p) != len(KINDS[kind]):
        return f"{kind} takes {len(KINDS[kind])} numbers: {kind}({', '.join(KINDS[kind])})"
    if not all(math.isfinite(x) for x in p):
        return "every parameter must be a finite number"
    if kind == "triangular" and not p[0] <= p[1] <= p[2]:
        return "enter min <= mode <= max"
    if kind == "uniform" and not p[0] <= p[1]:
        return "enter min <= max"
    if kind in ("normal", "lognormal") and p[1] < 0:
        return "the standard deviation cannot be negative"
    if kind == "lognormal" and p[0] <= 0:
        return "a lognormal's mean must be above 0 (its draws are always positive)"
    return ""


def parse_number(text: str) -> float:
    """A number as a finance officer writes it.

    >>> [parse_number(t) for t in ("4200", "£4.2k", "1.5m", "3.5%", "-2bn")]
    [4200.0, 4200.0, 1500000.0, 0.035, -2000000000.0]
    """
    match = _NUMBER.match(text.strip())
    if not match:
        raise ValueError(f"{text.strip()!r} is not a number (write 4200, 4.2k, 1.5m, 2bn, £4200 or 3.5%)")
    sign = -1.0 if match.group(1) else 1.0
    return sign * float(match.group(2).replace("_", "")) * _SCALE[(match.group(3) or "").lower() or None]


def parse_distribution(text: str) -> Distribution:
    """'triangular(3000, 4200, 6000)' -> Distribution; PlannerError saying what is allowed.

    >>> str(parse_distribution("normal(3%, 0.5%)"))
    'normal(0.03, 0.005)'
    """
    match = _CALL.match(text)
    if not match:
        raise PlannerError(
            f"{text!r} is not a distribution; write e.g. triangular(3000, 4200, 6000), "
            "normal(0.03, 0.005), uniform(0.9, 1) or lognormal(4200, 600)"
        )
    try:
        params = tuple(parse_number(t) for t in match.group(2).split(",")) if match.group(2).strip() else ()
    except ValueError as exc:
        raise PlannerError(f"{text!r}: {exc}") from None
    return Distribution(match.group(1).lower(), params)


def draws_for(field: Field, dist: Distribution, rng: np.random.Generator, n: int) -> np.ndarray:
    """n draws for an input: clipped to its declared bounds, rounded if it is a whole number."""
    return fit_to(field, dist.sample(rng, n))


def fit_to(field: Field, values: ArrayLike) -> np.ndarray:
    """Values made acceptable to an input: rounded for a whole number, then clipped to its bounds."""
    values = np.round(np.asarray(values)) if field.integer else np.asarray(values, dtype=float)
    lo = -np.inf if field.low is None else field.low
    hi = np.inf if field.high is None else field.high
    return np.clip(values, lo, hi)
