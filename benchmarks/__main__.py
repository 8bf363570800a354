"""Run every benchmark module (`benchmarks/bench_*.py`) and print one table.

A module offers `cases() -> [(name, fn, target_seconds | None)]` to be timed here, and/or
`rows() -> [dict]` of figures it measured itself (ratios, memory).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import benchmarks
from benchmarks.timing import median_seconds, row


def collect() -> list[dict]:
    out = []
    for info in sorted(pkgutil.iter_modules(benchmarks.__path__), key=lambda i: i.name):
        if not info.name.startswith("bench_"):
            continue
        module = importlib.import_module(f"benchmarks.{info.name}")
        for name, fn, target in getattr(module, "cases", lambda: [])():
            out.append(row(name, median_seconds(fn), target))
        out.extend(getattr(module, "rows", lambda: [])())
    return out


def show(rows: list[dict]) -> str:
    width = max(len(r["name"]) for r in rows) + 2
    lines = [f"{'benchmark':<{width}}{'measured':>14}{'target':>12}  status", "-" * (width + 36)]
    for r in rows:
        if r["value"] is not None:
            measured, target = r["value"], r["note"]
            status = ""
        else:
            measured = f"{r['seconds'] * 1000:,.2f} ms"
            target = f"< {r['target'] * 1000:,.0f} ms" if r["target"] else ""
            status = ("ok" if r["seconds"] < r["target"] else "SLOW") if r["target"] else ""
        lines.append(f"{r['name']:<{width}}{measured:>14}{target:>12}  {status}")
    return "\n".join(lines)


if __name__ == "__main__":
    table = collect()
    print(show(table))
    sys.exit(0)
