"""Inputs with every money amount times k, for the "k × money in = k × money out" properties."""

from __future__ import annotations


def money_scaled(spec, raw: dict, k: float) -> dict:
    """Every money input (unit starting with £) of `raw` times k: fields and table cells alike,
    empty ones left empty; tables not in `raw` stay out."""
    out = dict(raw)
    for f in spec.fields:
        if f.money and f.numeric and out.get(f.name) is not None:
            out[f.name] = out[f.name] * k
    for t in spec.tables:
        if t.name in raw:
            money = {c.name for c in t.columns if c.money and c.numeric}
            out[t.name] = [
                {c: (v * k if c in money and v is not None else v) for c, v in row.items()} for row in raw[t.name]
            ]
    return out
