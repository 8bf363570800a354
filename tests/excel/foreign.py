"""Workbooks as users have them, generated here (never committed): a template that has been through
Power Query and an add-in, files of other spreadsheet formats, stylesheets openpyxl cannot parse,
text kept as shared strings (as Excel keeps it), and what Excel adds to a sheet.

    power_query(x)           customXml/ in UTF-16 and a binary add-in part, as Excel writes them
    strict(x), ods(), xlsb() Strict Open XML, OpenDocument and Excel Binary packages
    compound({stream: data}) an OLE compound file: .xls ("Workbook"), encrypted ("EncryptedPackage")
    shared_strings(x)        the template with its text moved into xl/sharedStrings.xml
"""

from __future__ import annotations

import math
import re
import struct
from html import escape, unescape

from tests.excel.workbooks import Xlsx, zip_parts

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"


def add_before_end(xml: bytes, tag: str, element: str) -> bytes:
    """An element added as the last child of the root element `tag`."""
    return xml.replace(f"</{tag}>".encode(), element.encode() + f"</{tag}>".encode())


def power_query(x: Xlsx, item: bytes | None = None) -> bytes:
    """The template with what a Power Query and an add-in leave behind: the query's data in a UTF-16
    customXml part (as Excel writes it), its properties, and an add-in's binary custom property of a
    sheet (which happens to hold bytes like an entity declaration: no parser ever reads it)."""
    mashup = '<?xml version="1.0" encoding="utf-16"?><DataMashup xmlns="http://schemas.microsoft.com/DataMashup">'
    mashup += "AAAAAEUDAABQSwMEFAACAAgAWlV9VwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</DataMashup>"
    sheet = x.sheets["Project"]
    folder, base = sheet.rsplit("/", 1)
    types = add_before_end(
        x.parts["[Content_Types].xml"],
        "Types",
        '<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'customProperty" /><Override PartName="/customXml/itemProps1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.customXmlProperties+xml" />',
    )
    return x.build(
        {
            "[Content_Types].xml": types,
            "xl/_rels/workbook.xml.rels": add_before_end(
                x.parts["xl/_rels/workbook.xml.rels"],
                "Relationships",
                f'<Relationship Id="rId90" Type="{RELATIONSHIPS}/customXml" Target="../customXml/item1.xml" />',
            ),
            "customXml/item1.xml": item if item is not None else codecs_utf16(mashup),
            "customXml/itemProps1.xml": (
                '<?xml version="1.0" encoding="UTF-8" standalone="no"?><ds:datastoreItem ds:itemID='
                f'"{{5E2D6CB0-5A4D-4C6B-9C1B-5B0E9E5B8B11}}" xmlns:ds="{CUSTOM_XML}"><ds:schemaRefs/>'
                "</ds:datastoreItem>"
            ).encode(),
            "customXml/_rels/item1.xml.rels": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.'
                f'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{RELATIONSHIPS}/'
                'customXmlProps" Target="itemProps1.xml"/></Relationships>'
            ).encode(),
            "xl/customProperty1.bin": b"\x02\x00\x00\x00" + "AddinState=1".encode("utf-16-le") + b"\x00<!ENTITY\xff",
            f"{folder}/_rels/{base}.rels": (
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/customProperty" Target="../customProperty1.bin"/>'
                "</Relationships>"
            ).encode(),
            sheet: add_before_end(
                x.parts[sheet],
                "worksheet",
                f'<customProperties><customPr xmlns:r="{RELATIONSHIPS}" name="AddinData" r:id="rId1"/>'
                "</customProperties>",
            ),
        }
    )


def codecs_utf16(text: str) -> bytes:
    """UTF-16 with its byte order mark, little-endian: how Excel writes customXml/item1.xml."""
    return b"\xff\xfe" + text.encode("utf-16-le")


def data_validation_extension(x: Xlsx, sheet: str) -> bytes:
    """A drop-down list whose source is on another sheet, which Excel keeps in an x14 extension (openpyxl
    warns that it drops it)."""
    ext = (
        '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="http://schemas.microsoft.com/'
        'office/spreadsheetml/2009/9/main"><x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.'
        'com/office/excel/2006/main"><x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>'
        "'Read me'!$A$1:$A$3</xm:f></x14:formula1><xm:sqref>C5</xm:sqref></x14:dataValidation>"
        "</x14:dataValidations></ext></extLst>"
    )
    return x.build({x.sheets[sheet]: add_before_end(x.parts[x.sheets[sheet]], "worksheet", ext)})


def strict(x: Xlsx) -> bytes:
    """The template as a Strict Open XML Spreadsheet: the same parts, in the Strict namespaces."""
    swaps = {
        MAIN.encode(): b"http://purl.oclc.org/ooxml/spreadsheetml/main",
        RELATIONSHIPS.encode(): b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    }
    parts = {}
    for name, data in x.parts.items():
        for old, new in swaps.items():
            data = data.replace(old, new)
        parts[name] = data
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b"<workbook ", b'<workbook conformance="strict" ', 1)
    return zip_parts(parts)


def ods() -> bytes:
    """An OpenDocument spreadsheet: 'mimetype' first, then its manifest and content."""
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    return zip_parts(
        {
            "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
            "META-INF/manifest.xml": (
                b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                b'opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:'
                b'full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                b"</manifest:manifest>"
            ),
            "content.xml": (
                f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="{office}" '
                'office:version="1.3"><office:body><office:spreadsheet/></office:body></office:document-content>'
            ).encode(),
        }
    )


def xlsb() -> bytes:
    """An Excel Binary Workbook: the package of an .xlsx around binary parts."""
    main = "application/vnd.ms-excel.sheet.binary.macroEnabled.main"
    return zip_parts(
        {
            "[Content_Types].xml": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.'
                'org/package/2006/content-types"><Default Extension="bin" ContentType="application/vnd.ms-excel.'
                'sheet.binary.macroEnabled.main"/><Default Extension="rels" ContentType="application/vnd.'
                'openxmlformats-package.relationships+xml"/>'
                f'<Override PartName="/xl/workbook.bin" ContentType="{main}"/></Types>'
            ).encode(),
            "_rels/.rels": (
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
                f'Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.bin"/></Relationships>'
            ).encode(),
            "xl/workbook.bin": b"\x83\x01\x00\x80\x01\x00" + bytes(64),
            "xl/worksheets/sheet1.bin": b"\x81\x01\x00\x93\x01\x17" + bytes(64),
        }
    )


def compound(streams: dict[str, bytes]) -> bytes:
    """An OLE compound file (version 3: 512-byte sectors) holding these streams (at most three), each
    padded to 4,096 bytes so that none lives in the mini stream: sector 0 the allocation table,
    sector 1 the directory (the root, then the streams as a chain of right siblings), then the data."""
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    fat, body, entries = [fat_sector, end], b"", []
    for i, (name, content) in enumerate(streams.items()):
        content = content.ljust(max(4096, math.ceil(len(content) / 512) * 512), b"\0")
        start, count = len(fat), len(content) // 512
        fat += [start + i + 1 for i in range(count - 1)] + [end]
        body += content
        entries.append(_entry(name, 2, start, len(content), right=i + 2 if i + 1 < len(streams) else free))
    root = _entry("Root Entry", 5, end, 0, child=1 if streams else free)
    directory = b"".join([root, *entries]).ljust(512, b"\0")
    table = struct.pack("<128I", *(fat + [free] * (128 - len(fat))))
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        bytes(16),
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        bytes(6),
        0,
        1,
        1,
        0,
        4096,
        end,
        0,
        end,
        0,
    ) + struct.pack("<109I", 0, *([free] * 108))
    return header + table + directory + body


def _entry(name: str, kind: int, start: int, size: int, right: int = 0xFFFFFFFF, child: int = 0xFFFFFFFF) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return struct.pack(
        "<64sHBBIII16sIQQIQ", encoded, len(encoded), kind, 1, 0xFFFFFFFF, right, child, bytes(16), 0, 0, 0, start, size
    )


def shared_strings(x: Xlsx) -> bytes:
    """The workbook with every inline string moved to xl/sharedStrings.xml, as Excel saves text."""
    table: dict[str, int] = {}

    def share(m: re.Match) -> str:
        index = table.setdefault(unescape(re.sub(r"<[^>]+>", "", m[3])), len(table))
        return f'<c r="{m[1]}"{m[2]} t="s"><v>{index}</v></c>'

    changed = {}
    for part in x.sheets.values():
        xml = x.parts[part].decode()
        changed[part] = re.sub(r'<c r="([A-Z]+\d+)"([^>]*?) t="inlineStr"><is>(.*?)</is></c>', share, xml).encode()
    items = "".join(f'<si><t xml:space="preserve">{escape(t, False)}</t></si>' for t in table)
    changed["xl/sharedStrings.xml"] = (
        f'<sst xmlns="{MAIN}" count="{len(table)}" uniqueCount="{len(table)}">{items}</sst>'
    ).encode()
    changed["[Content_Types].xml"] = add_before_end(
        x.parts["[Content_Types].xml"],
        "Types",
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sharedStrings+xml" />',
    )
    changed["xl/_rels/workbook.xml.rels"] = add_before_end(
        x.parts["xl/_rels/workbook.xml.rels"],
        "Relationships",
        f'<Relationship Id="rId91" Type="{RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml" />',
    )
    return x.build(changed)
