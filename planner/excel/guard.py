"""Checks on an .xlsx file before any XML parser or openpyxl sees it.

An .xlsx is a zip of XML parts, so a hostile or damaged one can be: not a zip at all, truncated,
an encrypted (OLE compound) file, a macro workbook, a zip bomb (a huge declared or actual size,
a huge compression ratio, a huge number of entries), or XML with entity definitions (a
"billion laughs" bomb), in any encoding XML may be written in. A spreadsheet of another format
(.xls, .xlsb, .ods, Strict Open XML) is named as what it is (planner.excel.formats). `check_xlsx`
refuses all of these with a FileFormatError that says what is wrong and what to do, in bounded
memory and time: the zip directory's size is read from its end record before Python's zipfile
parses it, and every part is inflated here in small chunks, so no part can grow beyond the size
it declares. XML parts are checked as text (planner.excel.xml_parts); binary parts (images,
add-ins' data) only for their size and checksum. Links to other workbooks are allowed but
ignored (a warning says so): the values are read as Excel last saved them.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Literal, NamedTuple

from planner.errors import FileFormatError
from planner.excel.formats import ole_refusal, package_refusal, strict_refusal
from planner.excel.xml_parts import ContentTypes, Utf8, looks_like_xml

MAX_FILE_BYTES = 20_000_000  # an input workbook is a few hundred kilobytes
MAX_PARTS = 1_000
MAX_DIRECTORY_BYTES = 1_000_000  # the zip's central directory
MAX_PART_BYTES = 25_000_000  # one part, uncompressed
MAX_TOTAL_BYTES = 100_000_000  # all parts, uncompressed
MAX_RATIO = 200  # uncompressed / compressed, for parts over RATIO_FLOOR
RATIO_FLOOR = 1_000_000
CHUNK = 64 * 1024
CONTENT_TYPES = "[Content_Types].xml"
REQUIRED = (CONTENT_TYPES, "xl/workbook.xml")
HEAD = 4096  # the start of each XML part kept, for telling a Strict Open XML workbook
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam")
_EOCD = b"PK\x05\x06"
_DECLARATIONS = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)  # searched in the part as UTF-8
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
COPY = "use a saved copy, or open it in Excel (which may repair it) and save it again"
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
    _check_start(data, path, name)
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
        raise FileFormatError(f"{name}: is truncated or damaged (its zip directory cannot be read); {COPY}") from None
    with archive:
        infos = archive.infolist()
        _check_entries(infos, name, handle)
        formulas, workbook = _scan_parts(handle, infos, name)
    strict = strict_refusal(workbook, name)
    if strict:
        raise FileFormatError(strict)
    return Checked(data, _external_links(infos, name), formulas)


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


def _check_start(data: bytes, path: Path, name: str) -> None:
    if data.startswith(OLE_MAGIC):
        raise FileFormatError(ole_refusal(data, name))
    if not data.startswith(b"PK"):
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
        raise FileFormatError(f"{name}: is truncated or damaged (the end of its zip directory is missing); {COPY}")
    entries, directory = (
        struct.unpack("<H", tail[at + 10 : at + 12])[0],
        struct.unpack("<L", tail[at + 12 : at + 16])[0],
    )
    if entries > MAX_PARTS or directory > MAX_DIRECTORY_BYTES:
        raise FileFormatError(
            f"{name}: holds {'more than 65,535' if entries == 0xFFFF else f'{entries:,}'} parts "
            f"({directory:,} bytes of zip directory); an Excel workbook has at most {MAX_PARTS:,}"
        )


def _check_entries(infos: list[zipfile.ZipInfo], name: str, handle: BinaryIO) -> None:
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
    mimetype = next((i for i in infos if i.filename == "mimetype"), None)
    parts: dict[str, bytes | None] = {p: None for p in seen}
    other = package_refusal(parts | {"mimetype": _start(handle, mimetype, name)}, name)
    if other:
        raise FileFormatError(other)
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


def _scan_parts(handle: BinaryIO, infos: list[zipfile.ZipInfo], name: str) -> tuple[bool, bytes]:
    """Check every part, [Content_Types].xml first (it says which parts are XML).

    Returns whether any worksheet holds a formula, and the start of xl/workbook.xml as UTF-8.
    """
    first = next(i for i in infos if i.filename.casefold() == CONTENT_TYPES.casefold())
    types = ContentTypes(_scan(handle, first, name, xml=True, keep=True).text)
    formulas, workbook = False, b""
    for info in infos:
        if info is not first:
            scanned = _scan(handle, info, name, xml=types.xml(info.filename))
            formulas = formulas or scanned.formula
            workbook = scanned.text if info.filename.casefold() == "xl/workbook.xml" else workbook
    return formulas, workbook


class _Scanned(NamedTuple):
    formula: bool  # a worksheet holding a formula
    text: bytes  # as UTF-8: all of it when kept, else its first HEAD bytes (nothing for a binary part)


def _scan(handle: BinaryIO, info: zipfile.ZipInfo, name: str, xml: bool, keep: bool = False) -> _Scanned:
    """Inflate one part in chunks: check its true size and its checksum and, if it is XML (declared so
    or starting as XML does), that it declares no entities, in whatever encoding it is written."""
    part = info.filename
    size, crc, carry, formula = 0, 0, b"", False
    text: list[bytes] = []
    utf8: Utf8 | Literal[False] | None = None  # None until the first bytes say whether it is XML
    sheet = part.casefold().startswith("xl/worksheets/")
    try:
        for data in _inflate(handle, info, name):
            if not data:
                continue
            size += len(data)
            if size > info.file_size:
                raise FileFormatError(
                    f"{name}: the file is damaged: part {part} holds more than the {info.file_size:,} bytes it "
                    f"declares; it may have been corrupted in copying (or made to fill memory): use a saved copy"
                )
            crc = zlib.crc32(data, crc)
            if utf8 is None:  # the first bytes tell XML, and its encoding
                utf8 = Utf8(data) if xml or looks_like_xml(data) else False
            if utf8:
                chunk = utf8(data)
                _check_xml(carry + chunk, part, name)
                formula = formula or (sheet and _FORMULA.search(carry + chunk) is not None)
                carry = chunk[-16:]  # a declaration split between two chunks is still found
                if keep or sum(map(len, text)) < HEAD:
                    text.append(chunk)
    except (zlib.error, EOFError):
        raise FileFormatError(_damaged(name, part, "cannot be unpacked")) from None
    if size != info.file_size:
        raise FileFormatError(_damaged(name, part, f"holds {size:,} bytes, not the {info.file_size:,} it declares"))
    if crc != info.CRC:
        raise FileFormatError(_damaged(name, part, "failed its checksum"))
    joined = b"".join(text)
    return _Scanned(formula, joined if keep else joined[:HEAD])


def _damaged(name: str, part: str, what: str) -> str:
    return (
        f"{name}: the file is damaged: part {part} {what}; it may have been cut short or corrupted in copying; " + COPY
    )


def _start(handle: BinaryIO, info: zipfile.ZipInfo | None, name: str) -> bytes | None:
    """The first bytes of a small part (an OpenDocument file's 'mimetype'), or None if there is none."""
    if info is None or info.file_size > 200:
        return None
    return next((chunk for chunk in _inflate(handle, info, name) if chunk), b"")[:200]


def _inflate(handle: BinaryIO, info: zipfile.ZipInfo, name: str) -> Iterator[bytes]:
    """The part's bytes in chunks of at most CHUNK, read from its local header on (never all at once)."""
    handle.seek(info.header_offset)
    header = handle.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise FileFormatError(_damaged(name, info.filename, "has lost its header"))
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


def _check_xml(data: bytes, part: str, name: str) -> None:
    if _DECLARATIONS.search(data):
        raise FileFormatError(
            f"{name}: part {part} declares XML entities or a DOCTYPE, which Excel never writes "
            f"and which can make a reader expand it without limit; the file was refused"
        )
    if part == CONTENT_TYPES and b"macroEnabled" in data:
        raise FileFormatError(f"{name}: " + _MACRO.format(part="a macro-enabled workbook part"))
