"""Rank correlation between Monte Carlo inputs, by the Iman–Conover method.

Iman & Conover (1982), "A distribution-free approach to inducing rank correlation among input
variables": each input is drawn independently from its own distribution, then the draws are
re-ordered (never changed) so that their ranks follow a matrix of scores with the target
correlation. Every input keeps exactly the draws, and so the distribution, it was given; only
which draws fall in the same trial changes. The scores are van der Waerden normal scores
Φ⁻¹(i / (n + 1)), so the Pearson correlation of the scores, and closely the Spearman rank
correlation of the inputs, matches the target.

A target matrix must be symmetric, have 1 on its diagonal, hold values from -1 to 1 and be
positive semi-definite (correlations that can hold together: a with b at 0.9, a with c at 0.9
and b with c at -0.9 cannot). Each failure is a PlannerError naming the inputs concerned.
"""

from __future__ import annotations

import itertools
import statistics

import numpy as np

from planner.errors import PlannerError

TOLERANCE = 1e-9


def matrix_from_pairs(names: list[str], pairs: dict[tuple[str, str], float]) -> np.ndarray:
    """A correlation matrix over `names`, identity except for the given pairs (either order)."""
    index = {name: i for i, name in enumerate(names)}
    matrix = np.eye(len(names))
    problems = []
    for (a, b), value in pairs.items():
        missing = [x for x in (a, b) if x not in index]
        if missing:
            problems.append(
                f"correlation {a},{b}: {', '.join(missing)} is not one of the inputs varied "
                f"({', '.join(names)}); give it a distribution with --vary first"
            )
        elif a == b:
            problems.append(f"correlation {a},{b}: an input's correlation with itself is always 1")
        else:
            matrix[index[a], index[b]] = matrix[index[b], index[a]] = float(value)
    if problems:
        raise PlannerError(problems)
    return matrix


def check_matrix(matrix: np.ndarray, names: list[str]) -> np.ndarray:
    """The matrix as floats if it is a correlation matrix; else PlannerError naming the pair."""
    m = np.asarray(matrix, dtype=float)
    k = len(names)
    if m.shape != (k, k):
        raise PlannerError(
            f"the correlation matrix is {m.shape}; it needs one row and column per input "
            f"varied ({k}: {', '.join(names)})"
        )
    problems = [
        f"the correlation of {names[i]} with itself is {m[i, i]:g}; it must be 1"
        for i in range(k)
        if abs(m[i, i] - 1.0) > TOLERANCE
    ]
    for i, j in itertools.combinations(range(k), 2):
        if abs(m[i, j] - m[j, i]) > TOLERANCE:
            problems.append(
                f"the correlation of {names[i]} with {names[j]} is {m[i, j]:g} but of "
                f"{names[j]} with {names[i]} is {m[j, i]:g}; the matrix must be symmetric"
            )
        elif not -1.0 <= m[i, j] <= 1.0 or not np.isfinite(m[i, j]):
            problems.append(f"the correlation of {names[i]} with {names[j]} is {m[i, j]:g}; enter a value from -1 to 1")
    if problems:
        raise PlannerError(problems)
    if np.linalg.eigvalsh(m).min() < -TOLERANCE:
        raise PlannerError(_not_psd(m, names))
    return m


def _not_psd(m: np.ndarray, names: list[str]) -> str:
    """Name the smallest set of inputs whose correlations cannot hold together."""
    k = len(names)
    for size in range(3, min(k, 5) + 1):
        for group in itertools.combinations(range(k), size):
            sub = m[np.ix_(group, group)]
            if np.linalg.eigvalsh(sub).min() < -TOLERANCE:
                pairs = ", ".join(
                    f"{names[i]} with {names[j]} {m[i, j]:g}" for i, j in itertools.combinations(group, 2)
                )
                return (
                    f"the correlations of {', '.join(names[i] for i in group)} cannot all hold together "
                    f"({pairs}): the matrix is not positive semi-definite; loosen one of these pairs"
                )
    return (
        "the correlations cannot all hold together: the matrix is not positive semi-definite; "
        "loosen the strongest pairs"
    )


def normal_scores(n: int) -> np.ndarray:
    """Van der Waerden scores Φ⁻¹(i / (n + 1)), i = 1 … n.

    >>> normal_scores(3).round(4).tolist()
    [-0.6745, 0.0, 0.6745]
    """
    inverse = statistics.NormalDist().inv_cdf
    return np.array([inverse(i / (n + 1)) for i in range(1, n + 1)])


def _factor(m: np.ndarray) -> np.ndarray:
    """A lower factor L with L Lᵀ = m; by eigenvalues when m is only semi-definite (a ±1 pair)."""
    try:
        return np.linalg.cholesky(m)
    except np.linalg.LinAlgError:
        values, vectors = np.linalg.eigh(m)
        return vectors * np.sqrt(np.clip(values, 0.0, None))


def iman_conover(samples: np.ndarray, matrix: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Re-order each column of `samples` (n, k) so their rank correlation is close to `matrix`."""
    n, k = samples.shape
    if k < 2 or np.allclose(matrix, np.eye(k)):
        return samples
    if n <= k + 1:
        raise PlannerError(f"correlating {k} inputs needs more than {k + 1} trials; ask for more trials")
    scores = normal_scores(n)
    m = np.column_stack([rng.permutation(scores) for _ in range(k)])
    # Remove the chance correlation of the shuffled scores, then impose the target's.
    m = m @ np.linalg.inv(np.linalg.cholesky(np.corrcoef(m, rowvar=False))).T @ _factor(matrix).T
    return np.take_along_axis(np.sort(samples, axis=0), ranks(m), axis=0)


def rank_correlation(samples: np.ndarray) -> np.ndarray:
    """Spearman rank correlation of the columns (k, k); ties broken by order (draws are distinct).

    >>> rank_correlation(np.array([[1.0, 10.0], [2.0, 30.0], [3.0, 20.0]])).round(2).tolist()
    [[1.0, 0.5], [0.5, 1.0]]
    """
    if samples.shape[1] < 2:
        return np.ones((samples.shape[1], samples.shape[1]))
    return np.corrcoef(ranks(samples).astype(float), rowvar=False)


def ranks(columns: np.ndarray) -> np.ndarray:
    """The rank (0 … n-1) of each value within its column, ties in order of appearance.

    >>> ranks(np.array([[3.0], [1.0], [2.0]])).ravel().tolist()
    [2, 0, 1]
    """
    order = np.argsort(columns, axis=0, kind="stable")
    out = np.empty_like(order)
    np.put_along_axis(out, order, np.arange(columns.shape[0])[:, None], axis=0)
    return out
