"""Hostile files, refused by planner.excel.guard before openpyxl opens them: not a zip, truncated,
encrypted, macros, entity bombs, zip bombs, odd archives."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable

from tests.excel.workbooks import FILE, Case, Xlsx, template, zip_parts


def _replace_part(x: Xlsx, part: str, edit: Callable[[bytes], bytes]) -> bytes:
    return x.build({part: edit(x.parts[part])})


def _doctype(body: bytes, declaration: bytes) -> bytes:
    head, sep, rest = body.partition(b"?>")
    return head + sep + declaration + rest if sep else declaration + body


def _utf16(body: bytes, codec: str) -> bytes:
    """A UTF-8 part written again in UTF-16 or UTF-32, its declaration saying so; "utf-16-be" has no mark."""
    text = body.decode().replace('encoding="UTF-8"', f'encoding="{codec.upper()}"')
    return text.encode(codec)


LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)
XXE = b'<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
ENTITY_REFUSED = "declares XML entities or a DOCTYPE"


def entity_cases() -> list[Case]:
    out = []
    parts = (
        "[Content_Types].xml",
        "xl/workbook.xml",
        "xl/styles.xml",
        "xl/_rels/workbook.xml.rels",
        "_rels/.rels",
        "docProps/core.xml",
        "xl/worksheets/sheet2.xml",
        "xl/worksheets/sheet3.xml",
        "xl/theme/theme1.xml",
    )
    for part in parts:
        for name, decl in (("laughs", LAUGHS), ("xxe", XXE)):
            out.append(
                Case(
                    f"entity-{name}-{part}",
                    "brs",
                    lambda x, ix, part=part, decl=decl: (
                        _replace_part(x, part, lambda b: _doctype(b, decl)),
                        f"{FILE}: part {part} {ENTITY_REFUSED}",
                    ),
                )
            )
    out.append(
        Case(
            "entity-lowercase",
            "brs",
            lambda x, ix: (_replace_part(x, "xl/workbook.xml", lambda b: _doctype(b, b"<!doctype w>")), ENTITY_REFUSED),
        )
    )
    # a declaration straddling two 64 KB chunks of the inflated part is still found
    out.append(
        Case(
            "entity-split",
            "brs",
            lambda x, ix: (
                _replace_part(
                    x,
                    "xl/styles.xml",
                    lambda b: b.replace(
                        b"<styleSheet",
                        b"<!--"
                        + b" " * (65536 - 4 - len(b[: b.index(b"<styleSheet")]) - 3)
                        + b"-->"
                        + b"<!ENTITY x 'y'>"
                        + b"<styleSheet",
                        1,
                    ),
                ),
                ENTITY_REFUSED,
            ),
        )
    )
    # XML in UTF-16 (which Excel writes for Power Query) is read, and checked as text: a declaration is still found
    for part, codec in (("xl/workbook.xml", "utf-16"), ("xl/styles.xml", "utf-16-be"), ("docProps/app.xml", "utf-32")):
        out.append(
            Case(
                f"entity-{codec}-{part}",
                "brs",
                lambda x, ix, part=part, codec=codec: (
                    _replace_part(x, part, lambda b: _utf16(_doctype(b, LAUGHS), codec)),
                    f"{FILE}: part {part} {ENTITY_REFUSED}",
                ),
            )
        )
    return out


def _zip_with(parts: dict, **info) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            zi = zipfile.ZipInfo(name)
            zi.compress_type = info.get("compress_type", zipfile.ZIP_DEFLATED)
            z.writestr(zi, data)
    return out.getvalue()


def _patch_sizes(data: bytes, part: str, file_size: int) -> bytes:
    """Lie about one part's uncompressed size, in its local header and in the central directory."""
    name = part.encode()
    out = bytearray(data)
    at = 0
    while True:
        at = out.find(b"PK\x03\x04", at)
        if at < 0:
            break
        n, _m = struct.unpack("<HH", out[at + 26 : at + 30])
        if out[at + 30 : at + 30 + n] == name:
            out[at + 22 : at + 26] = struct.pack("<L", file_size)
        at += 4
    at = 0
    while True:
        at = out.find(b"PK\x01\x02", at)
        if at < 0:
            break
        n = struct.unpack("<H", out[at + 28 : at + 30])[0]
        if out[at + 46 : at + 46 + n] == name:
            out[at + 24 : at + 28] = struct.pack("<L", file_size)
        at += 4
    return bytes(out)


def _declared_total(x: Xlsx, parts: int, each: int) -> bytes:
    """Many small parts, each declaring `each` bytes: below every per-part limit, too much together."""
    data = x.build({f"xl/media/z{i}.bin": b"z" for i in range(parts)})
    for i in range(parts):
        data = _patch_sizes(data, f"xl/media/z{i}.bin", each)
    return data


def _patch_crc(data: bytes, part: str) -> bytes:
    """A wrong checksum for one part, in both its headers: its bytes no longer match it."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        crc = struct.pack("<L", z.getinfo(part).CRC)
    return data.replace(crc, struct.pack("<L", z.getinfo(part).CRC ^ 0xFFFF))


def _flag(data: bytes, bit: int) -> bytes:
    out = bytearray(data)
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = out.find(sig)
        out[at + off] |= bit
    return bytes(out)


def _corrupt(data: bytes, part: str) -> bytes:
    """Flip bytes inside one part's compressed data: the checksum no longer matches."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo(part)
    out = bytearray(data)
    n, m = struct.unpack("<HH", out[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + n + m
    for i in range(start + info.compress_size // 2, start + info.compress_size // 2 + 4):
        out[i] ^= 0x55
    return bytes(out)


def zip_cases() -> list[Case]:
    truncated = "is truncated or damaged"
    out = [
        Case("empty-file", "brs", lambda x, ix: (b"", f"{FILE}: is empty (0 bytes)")),
        Case("text-file", "brs", lambda x, ix: (b"key,value\nthreshold,50000\n", "its contents are not a zip archive")),
        Case("pdf-file", "brs", lambda x, ix: (b"%PDF-1.4\n" + b"0" * 500, "its contents are not a zip archive")),
        Case(
            "html-file", "brs", lambda x, ix: (b"<html><body>table</body></html>", "its contents are not a zip archive")
        ),
        Case("random-bytes", "brs", lambda x, ix: (bytes(range(256)) * 40, "its contents are not a zip archive")),
        Case(
            "ole-encrypted",
            "brs",
            lambda x, ix: (
                b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000,
                "is encrypted (password-protected) or an old Excel 97-2003 file",
            ),
        ),
        Case("ole-short", "brs", lambda x, ix: (b"\xd0\xcf\x11\xe0", "is encrypted (password-protected)")),
        Case("empty-zip", "brs", lambda x, ix: (zip_parts({}), "it has no [Content_Types].xml and no xl/workbook.xml")),
        Case(
            "too-big",
            "brs",
            lambda x, ix: (template("brs") + bytes(21_000_000), "is 21.0 MB; an input workbook may be at most 20 MB"),
        ),
    ]
    for fraction in (0.02, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99):
        out.append(
            Case(
                f"truncated-{fraction}",
                "brs",
                lambda x, ix, f=fraction: (template("brs")[: int(len(template("brs")) * f)], truncated),
            )
        )
    for cut in (1, 10, 21, 22, 30):
        out.append(Case(f"truncated-end-{cut}", "brs", lambda x, ix, c=cut: (template("brs")[:-c], truncated)))
    for part in ("[Content_Types].xml", "xl/workbook.xml"):
        out.append(Case(f"missing-{part}", "brs", lambda x, ix, p=part: (x.build(dropped=(p,)), f"it has no {p}")))
    out += [
        Case(
            "missing-sheet-part",
            "brs",
            lambda x, ix: (
                x.build(dropped=(x.sheets["Business Rate Supplement"],)),
                "sheet 'Business Rate Supplement': is missing",
            ),
        ),
        Case(
            "missing-rels",
            "brs",
            lambda x, ix: (x.build(dropped=("xl/_rels/workbook.xml.rels",)), "cannot be read as an Excel workbook"),
        ),
        Case(
            "vba-part",
            "brs",
            lambda x, ix: (
                x.build({"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}),
                "contains macros (xl/vbaProject.bin)",
            ),
        ),
        Case(
            "vba-part-root",
            "brs",
            lambda x, ix: (x.build({"VBAPROJECT.BIN": b"x"}), "contains macros (VBAPROJECT.BIN)"),
        ),
        Case(
            "vba-macro-content-type",
            "brs",
            lambda x, ix: (
                _replace_part(
                    x, "[Content_Types].xml", lambda b: b.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml")
                ),
                "contains macros",
            ),
        ),
        Case(
            "duplicate-part",
            "brs",
            lambda x, ix: (
                x.build({"XL/WORKBOOK.XML": x.parts["xl/workbook.xml"]}),
                "has a part named 'XL/WORKBOOK.XML' twice or out of place",
            ),
        ),
        Case("traversal-part", "brs", lambda x, ix: (x.build({"../../evil.xml": b"<x/>"}), "twice or out of place")),
        Case("absolute-part", "brs", lambda x, ix: (x.build({"/etc/evil.xml": b"<x/>"}), "twice or out of place")),
        Case(
            "encrypted-entry", "brs", lambda x, ix: (_flag(template("brs"), 0x1), "is encrypted; remove the password")
        ),
        Case(
            "bzip2-part",
            "brs",
            lambda x, ix: (
                _zip_with(x.parts, compress_type=zipfile.ZIP_BZIP2),
                "uses a compression Excel never writes",
            ),
        ),
        Case("bad-data", "brs", lambda x, ix: (_corrupt(template("brs"), "xl/styles.xml"), "part xl/styles.xml ")),
        Case(
            "bad-checksum",
            "brs",
            lambda x, ix: (
                _patch_crc(template("brs"), "xl/styles.xml"),
                "the file is damaged: part xl/styles.xml failed its checksum; it may have been cut short or "
                "corrupted in copying; use a saved copy",
            ),
        ),
        Case(
            "many-entries", "brs", lambda x, ix: (x.build({f"xl/media/e{i}.bin": b"" for i in range(1_200)}), "parts (")
        ),
        Case(
            "huge-directory",
            "brs",
            lambda x, ix: (
                x.build({f"xl/media/{'n' * 4000}{i}.bin": b"" for i in range(300)}),
                "bytes of zip directory); an Excel workbook has at most",
            ),
        ),
        Case(
            "bomb-ratio",
            "brs",
            lambda x, ix: (
                x.build({"xl/media/zeros.bin": bytes(20_000_000)}),
                "times when unpacked; at most 200 is allowed",
            ),
        ),
        Case(
            "bomb-part-size",
            "brs",
            lambda x, ix: (
                x.build({"xl/media/zeros.bin": bytes(30_000_000)}),
                "declares 30 MB uncompressed; a part may be at most 25 MB",
            ),
        ),
        Case(
            "bomb-total-size",
            "brs",
            lambda x, ix: (_declared_total(x, 120, 900_000), "its parts add up to 108 MB uncompressed"),
        ),
        Case(
            "bomb-declared-huge",
            "brs",
            lambda x, ix: (
                _patch_sizes(template("brs"), "xl/styles.xml", 0xFFFFFFF0),
                "part xl/styles.xml declares 4,295 MB uncompressed",
            ),
        ),
        Case(
            "bomb-declared-small",
            "brs",
            lambda x, ix: (
                _patch_sizes(template("brs"), "xl/styles.xml", 100),
                "part xl/styles.xml holds more than the 100 bytes it declares",
            ),
        ),
        Case(
            "bomb-lying-stream",
            "brs",
            lambda x, ix: (
                _patch_sizes(x.build({"xl/media/zeros.bin": bytes(5_000_000)}), "xl/media/zeros.bin", 1000),
                "holds more than the 1,000 bytes it declares",
            ),
        ),
    ]
    return out
