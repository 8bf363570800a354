"""Read the VOA's list entries file, streamed, keeping the chosen billing authorities' current entries.

The zip is never unpacked: its member is read in blocks straight from `zipfile.open`, and each
block of whole lines is parsed with numpy (the '*' and newline positions give every field's
start and end, so only four fields are ever looked at: billing authority, description code,
rateable value and current-to date). Names of firms and addresses are never read into Python.

An entry is kept when its billing authority is one of those asked for, it has a rateable value
(S10: empty "for proxy deletion records"), and its current-to date is empty or after the date
the list is taken at (`as_at`, by default the day it is read). Any line of the wrong shape, an
RV that is not a number or a date that is not DD-MON-YYYY stops the read with the line's number.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import numpy as np

from planner.errors import FileFormatError
from planner.rating_list import layout
from planner.rating_list.parse import Block, parse_block

BLOCK = 16 << 20  # bytes read at a time: ~16 MB, about 65,000 entries


class Cancelled(Exception):
    """The user cancelled the read; nothing was changed."""


@dataclass
class Entries:
    """The kept entries, one element each, and what the read saw."""

    rv_pence: np.ndarray
    authority: np.ndarray  # index into authorities
    description: np.ndarray  # index into descriptions
    authorities: tuple[str, ...]
    descriptions: tuple[str, ...]
    member: str  # the file read: the zip's member, or the file itself
    entries_read: int = 0
    entries_kept: int = 0
    not_current: int = 0
    without_rv: int = 0
    codes_in_file: tuple[str, ...] = ()
    as_at: str = ""
    counts: dict = field(default_factory=dict)  # entries kept per authority


def read_entries(
    path: str | Path,
    authorities: list[str],
    as_at: dt.date | None = None,
    progress: Callable[..., None] | None = None,
    cancel: threading.Event | None = None,
) -> Entries:
    """The chosen billing authorities' current entries from a list entries zip or CSV.

    `progress(done, total)` is called in bytes of the file as unpacked; `cancel` is a
    threading.Event: once set, the read stops with Cancelled.
    """
    path = Path(path)
    wanted = _codes(authorities, path.name)
    as_at = as_at or dt.date.today()
    stamp = as_at.year * 10_000 + as_at.month * 100 + as_at.day
    with _OpenMember(path) as (stream, member, total):
        blocks = _Blocks(stream)
        acc = _Accumulator(wanted)
        line = 1
        for n, chunk in enumerate(blocks):
            if cancel is not None and cancel.is_set():
                raise Cancelled(f"stopped reading {path.name}: nothing was changed")
            if n == 0:
                _sniff(chunk, path.name, member)
            try:
                acc.add(parse_block(chunk, wanted, stamp, line))
            except ValueError as exc:
                raise FileFormatError(f"{path.name}: {exc}") from None
            line += chunk.count(b"\n")
            if progress is not None:
                progress(min(blocks.done, total), total)
    return acc.result(path.name, member, as_at)


def _codes(authorities: Iterable[object], name: str) -> tuple[str, ...]:
    codes = tuple(dict.fromkeys(str(a).strip() for a in authorities if str(a).strip()))
    bad = [c for c in codes if not re.fullmatch(r"\d{1,4}", c)]
    if not codes or bad:
        raise FileFormatError(
            f"{name}: billing authorities {', '.join(bad) or '(none)'}: enter one or more 4-digit billing "
            "authority codes, e.g. 4605,4610 (the VOA's codes: Birmingham is 4605)"
        )
    return tuple(c.zfill(4) for c in codes)


class _Accumulator:
    """Kept entries across blocks, and the codes and counts seen."""

    def __init__(self, wanted: tuple[str, ...]) -> None:
        self.wanted = wanted
        self.parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.descriptions: dict[str, int] = {}
        self.seen: set[str] = set()
        self.read = self.not_current = self.without_rv = 0

    def add(self, block: Block) -> None:
        self.read += block.lines
        self.not_current += block.not_current
        self.without_rv += block.without_rv
        self.seen.update(block.codes_seen)
        desc = np.array([self.descriptions.setdefault(d, len(self.descriptions)) for d in block.descriptions], int)
        self.parts.append(
            (block.rv_pence, block.authority, desc[block.description] if desc.size else block.description)
        )

    def result(self, name: str, member: str, as_at: dt.date) -> Entries:
        missing = [c for c in self.wanted if c not in self.seen]
        if missing:
            shown = ", ".join(
                f"{c} ({layout.AUTHORITY_NAMES[c]})" if c in layout.AUTHORITY_NAMES else c for c in missing
            )
            raise FileFormatError(
                f"{name}: billing authority {shown} is not in the file; the codes in it are: "
                + ", ".join(sorted(self.seen))
            )
        join = [np.concatenate([p[k] for p in self.parts]) if self.parts else np.zeros(0, int) for k in range(3)]
        rv, auth, desc = join
        counts = dict(zip(self.wanted, np.bincount(auth.astype(int), minlength=len(self.wanted)).tolist()))
        return Entries(
            rv.astype(np.int64),
            auth.astype(np.uint8),
            desc.astype(np.uint16),
            self.wanted,
            tuple(self.descriptions),
            member,
            self.read,
            int(rv.size),
            self.not_current,
            self.without_rv,
            tuple(sorted(self.seen)),
            as_at.isoformat(),
            counts,
        )


class _Blocks:
    """Blocks of whole lines from a binary stream; `done` counts the bytes read so far."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream, self.done = stream, 0

    def __iter__(self) -> Iterator[bytes]:
        rest = b""
        while True:
            data = self.stream.read(BLOCK)
            if not data:
                break
            self.done += len(data)
            buf = rest + data
            cut = buf.rfind(b"\n")
            if cut < 0:
                rest = buf
                continue
            rest = buf[cut + 1 :]
            yield buf[: cut + 1]
        if rest.strip():
            yield rest + b"\n"


class _OpenMember:
    """The list entries file inside a zip (or the file itself): (binary stream, name, size)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        self.stream: IO[bytes] | None = None

    def __enter__(self) -> tuple[IO[bytes], str, int]:
        if not self.path.is_file():
            raise FileFormatError(f"{self.path}: there is no such file; choose the VOA's list entries zip or CSV")
        if zipfile.is_zipfile(self.path):
            self.zip = zipfile.ZipFile(self.path)
            info = _member(self.zip, self.path.name)
            self.stream = stream = self.zip.open(info)
            return stream, info.filename, info.file_size
        _refuse_by_name(self.path.name, self.path.name)
        self.stream = stream = open(self.path, "rb")
        return stream, self.path.name, self.path.stat().st_size

    def __exit__(self, *exc: object) -> None:
        for f in (self.stream, self.zip):
            if f is not None:
                f.close()


def _refuse_by_name(name: str, where: str) -> None:
    low = name.lower()
    if "summaryvaluations" in low or "smv" in re.split(r"[^a-z]+", low):
        raise FileFormatError(
            f"{where}: {name} is the VOA's summary valuations file (how each RV was worked out), not the "
            "list entries; read the list entries file (uk-englandwales-ndr-YYYY-listentries-…-baseline-csv.zip)"
        )
    if "historic" in low:
        raise FileFormatError(
            f"{where}: {name} is the VOA's historic file (entries superseded or removed from the list), not "
            "the list entries; read the …-baseline-csv.csv beside it in the zip"
        )


def _member(zf: zipfile.ZipFile, name: str) -> zipfile.ZipInfo:
    files = [i for i in zf.infolist() if not i.is_dir()]
    for i in files:
        low = i.filename.lower()
        if "summaryvaluations" in low:
            _refuse_by_name(i.filename, name)
    current = [i for i in files if "historic" not in i.filename.lower()]
    if not current and files:
        _refuse_by_name(files[0].filename, name)
    entries = [i for i in current if "listentries" in i.filename.lower()] or current
    if len(entries) != 1:
        found = ", ".join(i.filename for i in files) or "nothing"
        raise FileFormatError(
            f"{name}: expected one list entries file in the zip (…-listentries-…-baseline-csv.csv, with at "
            f"most the historic file beside it); it holds {found}"
        )
    return entries[0]


def _sniff(chunk: bytes, name: str, member: str) -> None:
    """Name a file that is something else by its first line, before its fields are read."""
    first = chunk.split(b"\n", 1)[0].rstrip(b"\r")
    shown = first[:60].decode("latin-1")
    fields = first.count(b"*")
    if re.match(rb"0[1-7]\*", first) and fields not in (layout.COUNT - 1, layout.COUNT):  # a list line has 28
        raise FileFormatError(
            f"{name}: {member} line 1 starts with record type {shown[:2]!r}: it is the VOA's summary "
            "valuations file, not the list entries; read the …-listentries-… file"
        )
    if b"*" not in first:
        what = "a comma-separated file" if b"," in first else "not '*'-separated"
        raise FileFormatError(
            f"{name}: {member} line 1 ({shown!r}) is {what}: it is not the VOA's list entries file, whose "
            f"lines hold {layout.COUNT} fields each ended by '*'"
        )
