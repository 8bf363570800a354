"""Checks on an .xlsx file before any XML parser or openpyxl sees it.

An .xlsx is a zip of XML parts, so a hostile or damaged one can be: not a zip at all, truncated,
an encrypted (OLE compound) file, a macro workbook, a zip bomb (a huge declared or actual size,
a huge compression ratio, a huge number of entries), or XML with entity definitions (a
"billion laughs" bomb). `check_xlsx` refuses all of these with a FileFormatError that says
what is wrong and what to do, in bounded memory and time: the zip directory's size is read
from its end record before Python's zipfile parses it, and every part is inflated here in small
chunks, so no part can grow beyond the size it declares. Links to other workbooks are allowed
but ignored (a warning says so): the values are read as Excel last saved them.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple

from planner.errors import FileFormatError

MAX_FILE_BYTES = 20_000_000  # an input workbook is a few hundred kilobytes
MAX_PARTS = 1_000
MAX_DIRECTORY_BYTES = 1_000_000  # the zip's central directory
MAX_PART_BYTES = 25_000_000  # one part, uncompressed
MAX_TOTAL_BYTES = 100_000_000  # all parts, uncompressed
MAX_RATIO = 200  # uncompressed / compressed, for parts over RATIO_FLOOR
RATIO_FLOOR = 1_000_000
CHUNK = 64 * 1024
REQUIRED = ("[Content_Types].xml", "xl/workbook.xml")
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam")
_EOCD = b"PK\x05\x06"
_DECLARATIONS = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_MACRO = (
    "contains macros ({part}); the planner never runs macros and does not read macro-enabled workbooks. "
    "Save it as an Excel Workbook (.xlsx) and import that"
)


def require_defusedxml() -> None:
    """openpyxl parses with defusedxml only when it is installed: refuse to import without it."""
    import openpyxl

    if not getattr(openpyxl, "DEFUSEDXML", False):
        raise FileFormatError(
            "Excel import is switched off: the defusedxml package, which protects the XML "
            "parser against hostile workbooks, is not installed; reinstall the planner"
        )


class Checked(NamedTuple):
    data: bytes  # the file as read once: what was checked is what is parsed
    warnings: list[str]  # links to other workbooks, ignored
    formulas: bool  # whether any worksheet holds a formula (then import looks for ones never calculated)


def check_xlsx(path: str | Path) -> list[str]:
    """Refuse a file that is not a plain, safe .xlsx; return warnings (ignored external links)."""
    return read_checked(path).warnings


def read_checked(path: str | Path) -> Checked:
    """The file's bytes once checked, the warnings, and whether its worksheets hold formulas."""
    path = Path(path)
    name = path.name
    _size(path, name)
    try:
        with open(path, "rb") as file:  # at most one byte over the limit, even if the file grew since
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise FileFormatError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    _size_of(len(data), name)
    handle = io.BytesIO(data)
    _check_start(data[:8], path, name)
    _check_directory(handle, len(data), name)
    try:
        archive = zipfile.ZipFile(handle)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
        struct.error,
        KeyError,
        IndexError,
    ):
        raise FileFormatError(
            f"{name}: is truncated or damaged (its zip directory cannot be read); save it again from Excel as .xlsx"
        ) from None
    with archive:
        infos = archive.infolist()
        _check_entries(infos, name)
        formulas = [_scan(handle, info, name) for info in infos]
    return Checked(data, _external_links(infos, name), any(formulas))


def _size(path: Path, name: str) -> None:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise FileFormatError(f"{path}: no such file") from None
    except OSError as exc:
        raise FileFormatError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if not path.is_file():
        raise FileFormatError(f"{path}: is not a file")
    _size_of(size, name)


def _size_of(size: int, name: str) -> None:
    if size == 0:
        raise FileFormatError(f"{name}: is empty (0 bytes); save the workbook again from Excel")
    if size > MAX_FILE_BYTES:
        raise FileFormatError(
            f"{name}: is {size / 1e6:,.1f} MB; an input workbook may be at most {MAX_FILE_BYTES / 1e6:,.0f} MB"
        )


def _check_start(head: bytes, path: Path, name: str) -> None:
    if head.startswith(OLE_MAGIC):
        raise FileFormatError(
            f"{name}: is encrypted (password-protected) or an old Excel 97-2003 file, not an "
            f".xlsx workbook; remove the password or save it as an Excel Workbook (.xlsx)"
        )
    if not head.startswith(b"PK"):
        raise FileFormatError(f"{name}: is not an Excel workbook (.xlsx): its contents are not a zip archive")
    if path.suffix.lower() in MACRO_SUFFIXES:
        raise FileFormatError(
            f"{name}: is a macro-enabled workbook ({path.suffix}); the planner never runs macros "
            f"and does not read them. Save it as an Excel Workbook (.xlsx) and import that"
        )


def _check_directory(handle: BinaryIO, size: int, name: str) -> None:
    """Read the zip's end record ourselves: zipfile would parse a directory of any size."""
    handle.seek(max(0, size - 65_557))
    tail = handle.read()
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        raise FileFormatError(
            f"{name}: is truncated or damaged (the end of its zip directory is missing); save it "
            f"again from Excel as .xlsx"
        )
    entries, directory = (
        struct.unpack("<H", tail[at + 10 : at + 12])[0],
        struct.unpack("<L", tail[at + 12 : at + 16])[0],
    )
    if entries > MAX_PARTS or directory > MAX_DIRECTORY_BYTES:
        raise FileFormatError(
            f"{name}: holds {'more than 65,535' if entries == 0xFFFF else f'{entries:,}'} parts "
            f"({directory:,} bytes of zip directory); an Excel workbook has at most {MAX_PARTS:,}"
        )


def _check_entries(infos: list, name: str) -> None:
    if len(infos) > MAX_PARTS:
        raise FileFormatError(f"{name}: holds {len(infos):,} parts; an Excel workbook has at most {MAX_PARTS:,}")
    seen: set[str] = set()
    total = 0
    for info in infos:
        part = info.filename
        if part.casefold() in seen or "\\" in part or "\x00" in part or part.startswith("/") or ".." in part.split("/"):
            raise FileFormatError(
                f"{name}: has a part named {part[:80]!r} twice or out of place; it was not written by Excel"
            )
        seen.add(part.casefold())
        if info.flag_bits & 0x1:
            raise FileFormatError(f"{name}: part {part} is encrypted; remove the password and save it again")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise FileFormatError(
                f"{name}: part {part} uses a compression Excel never writes; save it again from Excel"
            )
        if part.casefold().rsplit("/", 1)[-1].startswith("vbaproject"):
            raise FileFormatError(f"{name}: " + _MACRO.format(part=part))
        _check_size(info, name)
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise FileFormatError(
            f"{name}: its parts add up to {total / 1e6:,.0f} MB uncompressed; an input workbook "
            f"may hold at most {MAX_TOTAL_BYTES / 1e6:,.0f} MB (is it a zip bomb?)"
        )
    missing = [p for p in REQUIRED if p.casefold() not in seen]
    if missing:
        raise FileFormatError(
            f"{name}: is not a complete Excel workbook: it has no {' and no '.join(missing)}; save "
            f"it again from Excel as .xlsx"
        )


def _check_size(info: zipfile.ZipInfo, name: str) -> None:
    if info.file_size > MAX_PART_BYTES:
        raise FileFormatError(
            f"{name}: part {info.filename} declares {info.file_size / 1e6:,.0f} MB uncompressed; "
            f"a part may be at most {MAX_PART_BYTES / 1e6:,.0f} MB (is it a zip bomb?)"
        )
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise FileFormatError(
            f"{name}: part {info.filename} expands {info.file_size / max(info.compress_size, 1):,.0f}"
            f" times when unpacked; at most {MAX_RATIO} is allowed (is it a zip bomb?)"
        )


def _external_links(infos: list, name: str) -> list[str]:
    links = [
        i.filename
        for i in infos
        if i.filename.casefold().startswith("xl/externallinks/") and not i.filename.casefold().endswith(".rels")
    ]
    if not links:
        return []
    return [
        f"{name}: links to other workbooks ({', '.join(links)}); the links were ignored and cells read as "
        f"Excel last saved them"
    ]


def _scan(handle: BinaryIO, info: zipfile.ZipInfo, name: str) -> bool:
    """Inflate one part in chunks: check its true size, its checksum, and that its XML declares no entities.

    Returns whether it is a worksheet holding a formula (an <f> element, with or without a prefix).
    """
    part = info.filename
    size, crc, carry, formula = 0, 0, b"", False
    sheet = part.casefold().startswith("xl/worksheets/")
    try:
        for data in _inflate(handle, info, name):
            if not data:
                continue
            if size == 0:
                _check_encoding(data, part, name)
            size += len(data)
            if size > info.file_size:
                raise FileFormatError(
                    f"{name}: part {part} holds more than the {info.file_size:,} bytes it declares (is it a zip bomb?)"
                )
            crc = zlib.crc32(data, crc)
            _check_xml(carry + data, part, name)
            formula = formula or (sheet and _FORMULA.search(carry + data) is not None)
            carry = data[-16:]  # a declaration split between two chunks is still found
    except (zlib.error, EOFError):
        raise FileFormatError(f"{name}: part {part} is damaged or truncated; save it again from Excel") from None
    if size != info.file_size or crc != info.CRC:
        raise FileFormatError(
            f"{name}: part {part} is damaged (its size or checksum does not match); save it again from Excel"
        )
    return formula


def _inflate(handle: BinaryIO, info: zipfile.ZipInfo, name: str) -> Iterator[bytes]:
    """The part's bytes in chunks of at most CHUNK, read from its local header on (never all at once)."""
    handle.seek(info.header_offset)
    header = handle.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise FileFormatError(f"{name}: part {info.filename} is damaged (its header is missing); save it again")
    handle.seek(info.header_offset + 30 + sum(struct.unpack("<HH", header[26:30])))
    inflate = zlib.decompressobj(-zlib.MAX_WBITS) if info.compress_type == zipfile.ZIP_DEFLATED else None
    left = info.compress_size
    while left > 0:
        raw = handle.read(min(CHUNK, left))
        if not raw:
            raise EOFError
        left -= len(raw)
        if inflate is None:
            yield raw
            continue
        yield inflate.decompress(raw, CHUNK)
        while inflate.unconsumed_tail:
            yield inflate.decompress(inflate.unconsumed_tail, CHUNK)
    if inflate is not None:
        yield inflate.flush()


def _check_encoding(data: bytes, part: str, name: str) -> None:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:4] in (b"\x00<\x00?", b"<\x00?\x00"):
        raise FileFormatError(f"{name}: part {part} is not UTF-8 XML; Excel writes UTF-8: save it again from Excel")


def _check_xml(data: bytes, part: str, name: str) -> None:
    if _DECLARATIONS.search(data):
        raise FileFormatError(
            f"{name}: part {part} declares XML entities or a DOCTYPE, which Excel never writes "
            f"and which can make a reader expand it without limit; the file was refused"
        )
    if part == "[Content_Types].xml" and b"macroEnabled" in data:
        raise FileFormatError(f"{name}: " + _MACRO.format(part="a macro-enabled workbook part"))
