"""The `planner run` report: readable text, or the documented JSON shape."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from models.core.result import SEVERITY_LABELS, Result, worst_failure
from planner import formatting as fmt
from planner.registry import get_spec

if TYPE_CHECKING:
    from models.core.declare import ModelSpec


def run_json(name: str, result: Result) -> dict:
    """One run in the JSON shape of docs/file-format.md (`planner run --json`)."""
    annual = result.annual
    return {
        "name": name,
        "model": result.model,
        "summary": {k: _plain(v) for k, v in result.summary.items()},
        "checks": [c.as_dict() for c in result.checks],
        "annual": {
            "index": [str(i) for i in annual.index],
            "columns": [str(c) for c in annual.columns],
            "data": [[_plain(v) for v in row] for row in annual.to_numpy().tolist()],
        },
    }


def _plain(v: Any) -> Any:
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if hasattr(v, "item"):
        return v.item()
    return v


def run_text(name: str, result: Result, width: int = 14) -> str:
    spec = get_spec(result.model)
    out = [f"{name}  ({spec.label})", "=" * (len(name) + len(spec.label) + 4), "", "Summary"]
    for key, value in result.summary.items():
        m = spec.metric_info(key)
        out.append(f"  {m.label:<52} {fmt.metric(value, m.kind):>18}")
    out += ["", "Annual table"] + _annual_text(spec, result, width)
    failed = [c for c in result.checks if not c.ok]
    worst = worst_failure(result.checks)
    tail = "" if worst is None else f"; the most serious failure: {SEVERITY_LABELS[worst].lower()}"
    out += ["", f"Checks: {len(result.checks) - len(failed)} of {len(result.checks)} pass{tail}"]
    for c in result.checks:
        status = "ok" if c.ok else f"FAIL: {c.severity_label}"
        years = f" (years: {', '.join(c.years_failed)})" if c.years_failed and len(c.years_failed) > 1 else ""
        out.append(f"  [{status}] {c.name}: {c.message}{years}")
    return "\n".join(out)


def _annual_text(spec: ModelSpec, result: Result, width: int) -> list[str]:
    annual = result.annual
    labels = {k: spec.line_info(k) for k in annual.columns}
    first = max(len(li.label) for li in labels.values()) + 2
    rows = [" " * first + "".join(f"{y:>{width}}" for y in annual.index) + f"{'Total':>{width}}"]
    for key in annual.columns:
        line = labels[key]
        values = annual[key].to_numpy()
        total = fmt.cell(float(values.sum()), line.unit) if line.total else ""
        rows.append(
            f"  {line.label:<{first - 2}}"
            + "".join(f"{fmt.cell(float(v), line.unit):>{width}}" for v in values)
            + f"{total:>{width}}"
        )
    return rows
