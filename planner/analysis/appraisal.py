"""The appraisal of a run as a view needs it: real and cash PVs, NPSV, BCR, the additionality waterfall.

Reads a model's summary (`Result.summary`) only; it computes nothing the model did not. The
waterfall is the Additionality Guide's chain in PV terms (models.land_value.appraisal): gross
uplift, then each step as a fall or rise, ending at the net additional uplift.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.core.result import Result

STEPS = (
    ("pv_lvu_gross", "Gross land value uplift"),
    ("lvu_deadweight", "Deadweight (reference case)"),
    ("lvu_leakage", "Leakage"),
    ("lvu_displacement", "Displacement"),
    ("lvu_substitution", "Substitution"),
    ("lvu_multiplier", "Multiplier"),
)
HEADLINES = ("npsv", "bcr", "pv_public_costs", "pv_transfers")


@dataclass(frozen=True)
class Bar:
    """One bar of a waterfall: from `start` to `end` (a total bar starts at nil)."""

    label: str
    start: float
    end: float
    total: bool = False


def has_appraisal(result: Result | None) -> bool:
    return result is not None and all(key in result.summary for key, _ in STEPS)


def waterfall(result: Result) -> list[Bar]:
    """Gross, each additionality step, then the net: each step starts where the last ended.

    The net bar is the model's own `additional_value`, so the view shows the model's figure and
    the steps visibly reach it.
    """
    s = result.summary
    gross = s["pv_lvu_gross"] or 0.0
    bars, level = [Bar(STEPS[0][1], 0.0, gross, True)], gross
    for key, label in STEPS[1:]:
        step = s[key] or 0.0
        bars.append(Bar(label, level, level + step))
        level += step
    bars.append(Bar("Net additional uplift", 0.0, s["additional_value"] or 0.0, True))
    return bars


def headlines(result: Result) -> list[tuple[str, float | None]]:
    """(metric key, value) of the appraisal's headline figures the run reports."""
    return [(key, result.summary[key]) for key in HEADLINES if key in result.summary]
