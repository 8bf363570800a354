"""Write each model's input, line and metric tables into docs/models/<key>.md from the declarations.

The tables sit between `<!-- generated:begin -->` and `<!-- generated:end -->`; the prose around
them is written by hand. `python -m planner.docgen` refreshes them; a test fails when stale.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path

from models.core.declare import Field, ModelSpec
from planner.registry import get_spec, model_keys

BEGIN, END = "<!-- generated:begin -->", "<!-- generated:end -->"
DOCS = Path(__file__).resolve().parent.parent / "docs" / "models"


def _bounds(f: Field) -> str:
    if not f.numeric:
        return ", ".join(f.choices) if f.choices else ""
    lo = f.show(f.low) if f.low is not None else ""
    hi = f.show(f.high) if f.high is not None else ""
    return f"{lo} to {hi}" if (lo or hi) else ""


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _usual(f: Field) -> str:
    """The usual range (a value outside it is marked for a second look) and where it comes from."""
    if f.plausible is None:
        return ""
    low, high = f.plausible
    return f"{f.show(low)} to {f.show(high)}: {f.plausible_source}"


def _field_rows(fields: Iterable[Field]) -> list[str]:
    rows = [
        "| name | label | unit | default | allowed | usual range | help | source |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for f in fields:
        default = "none" if f.default is None else (f.show(f.default) if f.numeric else f.default)
        source = f.source + (f" (rule `{f.rule}`, see [the rulebook](../rules.md))" if f.rule else "")
        cells = (f"`{f.name}`", f.label, f.unit, default, _bounds(f), _usual(f), f.help, source)
        rows.append("| " + " | ".join(_cell(x) for x in cells) + " |")
    return rows


def tables_markdown(spec: ModelSpec) -> str:
    out = ["### Inputs", ""] + _field_rows(spec.fields)
    for t in spec.tables:
        out += [
            "",
            f"### Table `{t.name}`: {t.label}",
            "",
            _cell(t.help + (f" Source: {t.source}" if t.source else "")),
            "",
        ]
        out += _field_rows(t.columns)
    if spec.data:
        out += [
            "",
            "### Data inputs (read from a file, not typed in)",
            "",
            "| name | label | help | source |",
            "|---|---|---|---|",
        ]
        out += [f"| `{d.name}` | {_cell(d.label)} | {_cell(d.help)} | {_cell(d.source)} |" for d in spec.data]
    out += ["", "### Annual lines", "", "| name | label | unit | summed over years |", "|---|---|---|---|"]
    out += [f"| `{li.name}` | {_cell(li.label)} | {li.unit} | {'yes' if li.total else 'no'} |" for li in spec.lines]
    out += [
        f"| `{li.name}:<row>` | {_cell(li.label)} — per row | {li.unit} | {'yes' if li.total else 'no'} |"
        for li in spec.dynamic_lines
    ]
    out += ["", "### Summary metrics", "", "| name | label | kind |", "|---|---|---|"]
    out += [f"| `{m.name}` | {_cell(m.label)} | {m.kind} |" for m in spec.metrics]
    out += [f"| `{m.name}:<row>` | {_cell(m.label)} — per row | {m.kind} |" for m in spec.dynamic_metrics]
    if spec.checks:
        out += ["", "### Checks", "", "| check | what it tests |", "|---|---|"]
        out += [f"| {_cell(name)} | {_cell(what)} |" for name, what in spec.checks]
    if spec.rule_ids():
        out += ["", "### Rules it applies (see [the rulebook](../rules.md))", ""]
        out += [f"- `{rule_id}`" for rule_id in spec.rule_ids()]
    return "\n".join(out)


def refreshed(text: str, spec: ModelSpec) -> str:
    block = f"{BEGIN}\n{tables_markdown(spec)}\n{END}"
    if BEGIN in text:
        return re.sub(re.escape(BEGIN) + r".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    return text.rstrip() + "\n\n## Reference (generated from the declarations)\n\n" + block + "\n"


def main() -> int:
    DOCS.mkdir(parents=True, exist_ok=True)
    for key in model_keys():
        path = DOCS / f"{key}.md"
        text = path.read_text(encoding="utf-8") if path.exists() else f"# {get_spec(key).label}\n"
        path.write_text(refreshed(text, get_spec(key)), encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
