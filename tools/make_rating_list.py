"""Make VOA-format rating lists for tests and benchmarks (never commit what it writes).

The VOA's list entries file cannot be shipped (its licence restricts it to NDR purposes), so
tests and benchmarks read lists made here in the exact format (docs/file-format.md, "The VOA
rating list"): '*'-separated, no header row, 28 fields and a trailing '*', zero-padded billing
authority codes, dates like 01-APR-2023, empty fields, a zip named as the VOA names it with the
historic file beside the list entries.

    python tools/make_rating_list.py OUT_DIR [--entries 2000000] [--seed 1] [--year 2023] [--epoch 0019]

writes OUT_DIR/uk-englandwales-ndr-2023-listentries-compiled-epoch-0019-baseline-csv.zip.
Hereditaments are spread over the seven WMCA councils (about 5% of the entries) and other
England codes; RVs are log-normal around £10,000, rounded as the VOA rounds (to £5, £25, £50); lines are
about 240 bytes, as the real file's are (about 511 MB for about 2.1 million entries: voa.md S3, S6).
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from pathlib import Path

import numpy as np

WMCA = ("4605", "4610", "4615", "4620", "4625", "4630", "4635")
OTHERS = ("0114", "0121", "1805", "1840", "4205", "4310", "4420", "4720", "5030", "5990", "6815")
CODES = ("CS", "CO", "IF3", "CW", "CW3", "CH1", "CP1", "CL", "MT1", "CR", "IF", "CA", "EL")
TEXTS = ("SHOP AND PREMISES", "OFFICES AND PREMISES", "WORKSHOP AND PREMISES", "WAREHOUSE AND PREMISES")


def line(
    n: int,
    authority: str,
    rv: str,
    code: str = "CS",
    current_to: str = "",
    firm: str = "",
    street: str = "HIGH STREET",
) -> str:
    """One list entries line: 28 fields and the trailing '*'. Firm and street let a test check
    that neither reaches the project."""
    fields = [
        str(n),
        authority,
        "",  # NDR community code: often empty
        f"{n:08d}",
        code,
        TEXTS[n % len(TEXTS)],
        str(10_000_000 + n),
        f"UNIT {n % 40 + 1}, {n % 300 + 1}, {street}, WESTERN INDUSTRIAL ESTATE, BIRMINGHAM, WEST MIDLANDS",
        firm,
        str(n % 300 + 1),
        street,
        "TOWN",
        "",  # postal district: often empty
        "WEST MIDLANDS",
        "B1 1AA",
        "01-APR-2023",
        "",
        rv,
        "",
        str(20_000_000 + n),
        "01-APR-2023",
        "249S",
        f"UNIT {n % 40 + 1}",
        "WESTERN INDUSTRIAL ESTATE",
        "",
        str(n),
        "01-APR-2023",
        current_to,
    ]
    return "*".join(fields) + "*"


def write_zip(path: Path, lines: list[str] | bytes, historic: list[str] = (), year: int = 2023) -> Path:
    """A zip as the VOA publishes it: the list entries and the historic file beside it."""
    stem = path.name.removesuffix(".zip")
    body = lines if isinstance(lines, bytes) else ("\r\n".join(lines) + "\r\n").encode("latin-1")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr(f"{stem}.csv", body)
        zf.writestr(f"{stem.replace('baseline-csv', 'baseline-historic-csv')}.csv", "\r\n".join(historic) + "\r\n")
    return path


def name(year: int = 2023, epoch: str = "0019") -> str:
    return f"uk-englandwales-ndr-{year}-listentries-compiled-epoch-{epoch}-baseline-csv.zip"


def synthetic(entries: int, seed: int = 1) -> bytes:
    """`entries` lines in the list's format, built with numpy a block at a time."""
    rng = np.random.default_rng(seed)
    out = io.BytesIO()
    step = 200_000
    for start in range(0, entries, step):
        n = min(step, entries - start)
        out.write(_block(rng, start + 1, n))
    return out.getvalue()


def _block(rng, first: int, n: int) -> bytes:
    wmca = rng.random(n) < 0.05
    authority = np.where(wmca, rng.choice(WMCA, n), rng.choice(OTHERS, n))
    rv = np.exp(rng.normal(9.2, 1.3, n))
    rv = np.where(
        rv < 1_000, np.round(rv / 5) * 5, np.where(rv < 10_000, np.round(rv / 25) * 25, np.round(rv / 50) * 50)
    )
    rv_text = np.where(rng.random(n) < 0.001, "", rv.astype(np.int64).astype(str))  # a few without an RV
    to = np.where(rng.random(n) < 0.03, "31-MAR-2024", "")  # a few no longer current
    code = rng.choice(CODES, n)
    rows = [
        line(first + i, authority[i], rv_text[i], code[i], to[i], "A FIRM LTD" if i % 7 == 0 else "") for i in range(n)
    ]
    return ("\r\n".join(rows) + "\r\n").encode("latin-1")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path)
    p.add_argument("--entries", type=int, default=2_000_000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--year", type=int, default=2023)
    p.add_argument("--epoch", default="0019")
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    historic = [line(i, "4605", "1000", current_to="31-MAR-2023") for i in range(1, 101)]
    path = write_zip(args.out / name(args.year, args.epoch), synthetic(args.entries, args.seed), historic)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
