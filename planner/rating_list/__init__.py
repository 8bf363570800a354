"""The VOA's compiled rating list (England and Wales), read into a BRS run's `rating_list`.

    reader      stream the list entries file from its zip, keep the chosen billing authorities'
                current entries (RV, authority, description code; never names or addresses)
    parse       one block of lines, parsed with numpy
    provenance  where the list came from (file, list year and epoch, SHA-256, date read), and
                the compact `rating_list` value (models.brs.rating_list) built from the entries
    layout      the file's 28 fields and the billing authority codes named in the app

`read_rating_list` is the one call the command line and the app make.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path

from planner.rating_list.provenance import describe, rating_list_value, sha256
from planner.rating_list.reader import Cancelled, Entries, read_entries

__all__ = ["Cancelled", "Entries", "describe", "read_rating_list"]


def read_rating_list(
    path: str | Path,
    authorities: list[str],
    as_at: dt.date | None = None,
    progress: Callable[..., None] | None = None,
    cancel: threading.Event | None = None,
) -> dict:
    """The `rating_list` input value read from a list entries zip or CSV (FileFormatError if bad)."""
    entries = read_entries(path, authorities, as_at, progress, cancel)
    return rating_list_value(path, entries, sha256(path))
