"""Where a derived rating list came from, and the list built from the entries kept.

The provenance travels inside the `rating_list` input (so it is saved with the project, and the
board pack shows it) and is written to the assumptions log: the file's name, the list year and
epoch read from that name, the billing authorities, entries read and kept, the file's SHA-256,
the date it was read and the date the list is taken at.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from models.brs.rating_list import encode
from planner.rating_list import layout
from planner.rating_list.reader import Entries

NAME = re.compile(r"ndr-(?P<year>\d{4})-(?:draft-)?listentries-(?:compiled-)?epoch-(?P<epoch>\d+)", re.I)


def sha256(path: str | Path, block: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(block):
            digest.update(chunk)
    return digest.hexdigest()


def list_year_and_epoch(name: str) -> tuple[int | None, str | None]:
    """(2023, "0019") from uk-englandwales-ndr-2023-listentries-compiled-epoch-0019-baseline-csv.zip.

    >>> list_year_and_epoch("uk-englandwales-ndr-2023-listentries-compiled-epoch-0019-baseline-csv.zip")
    (2023, '0019')
    >>> list_year_and_epoch("extract.csv")
    (None, None)
    """
    match = NAME.search(name)
    return (int(match["year"]), match["epoch"]) if match else (None, None)


def provenance(path: str | Path, entries: Entries, digest: str, read_on: dt.date | None = None) -> dict:
    path = Path(path)
    year, epoch = list_year_and_epoch(path.name)
    return {
        "file": path.name,
        "member": entries.member,
        "list_year": year,
        "epoch": epoch,
        "authorities": list(entries.authorities),
        "entries_read": entries.entries_read,
        "entries_kept": entries.entries_kept,
        "not_current": entries.not_current,
        "without_rv": entries.without_rv,
        "kept_by_authority": dict(entries.counts),
        "sha256": digest,
        "read_on": (read_on or dt.date.today()).isoformat(),
        "as_at": entries.as_at,
    }


def rating_list_value(path: str | Path, entries: Entries, digest: str, read_on: dt.date | None = None) -> dict:
    """The `rating_list` input of a BRS run: the kept entries, compact, with their provenance."""
    names = {c: layout.AUTHORITY_NAMES[c] for c in entries.authorities if c in layout.AUTHORITY_NAMES}
    return encode(
        entries.rv_pence,
        entries.authority,
        entries.authorities,
        entries.description,
        entries.descriptions,
        names,
        provenance(path, entries, digest, read_on),
    )


def describe(p: dict) -> str:
    """The provenance in one sentence, for the assumptions log and the pack."""
    year = f"{p['list_year']} list" if p.get("list_year") else "list year not in the file name"
    epoch = f"epoch {p['epoch']}" if p.get("epoch") else "epoch not in the file name"
    return (
        f"VOA compiled rating list, list entries: {p['file']} ({year}, {epoch}); billing authorities "
        f"{', '.join(p['authorities'])}; {p['entries_read']:,} entries read, {p['entries_kept']:,} kept "
        f"(current at {p['as_at']}); SHA-256 {p['sha256']}; read {p['read_on']}"
    )
